"""Hostile inputs (issue 6): every strange file is reported in ``errors`` with a clear reason,
the run goes on and the other files are still checked, nothing escapes as an exception,
nothing hangs, and ``--fix`` never touches what it could not analyse.

Also legacy Python 2 files (analysed through an in-memory conversion, findings at their
original lines and columns) and the per-file time budget (``--timeout``).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from nanlint.api import analyse_bytes, analyse_file, analyse_text, check_paths
from nanlint.cli import main
from nanlint.config import Config
from nanlint.results import FileResult

FLAGGED = b"import torch\ndef f(p):\n    return torch.log(p)\n"  # NAN001 at 3:12
CONFIG = Config()


# ----------------------------------------------------------------------------- helpers


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty repository root (no .gitignore of a parent applies) that is the cwd."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@contextmanager
def deadline(seconds: int):
    """Fail instead of hanging: SIGALRM raises in the main thread after ``seconds``."""

    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: it hangs")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def analyse(name: str, data: bytes) -> FileResult:
    """Analyse bytes; an exception escaping is itself the failure."""
    with deadline(60):
        return analyse_bytes(name, data, CONFIG)


def assert_clear_error(result: FileResult, *words: str) -> str:
    """Exactly the file's own error(s), not internal, each with a non-empty reason that
    contains one of ``words`` (case-insensitive) when given."""
    assert result.errors, f"no error reported; findings: {result.findings}"
    for error in result.errors:
        assert not error.internal, error.message
        reason = error.message.rsplit(":", 1)[-1].strip() if error.message.endswith(
            ": ") else error.message
        assert reason and not error.message.rstrip().endswith(":"), \
            f"an error without a reason: {error.message!r}"
        assert "internal error" not in error.message, error.message
    if words:
        text = " ".join(e.message.lower() for e in result.errors)
        assert any(w.lower() in text for w in words), \
            f"none of {words} in {[e.message for e in result.errors]}"
    return result.errors[0].message


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    with deadline(120):
        code = main(["check", "--format", "json", *argv])
    out, err = capsys.readouterr()
    assert code in (0, 1), f"exit {code} (2 is a crash or a usage error): {err}"
    return code, json.loads(out)


def errors_by_path(document: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in document["errors"]:
        found.setdefault(Path(error["path"]).name, []).append(error["message"])
    return found


def finding_files(document: dict) -> set[str]:
    return {Path(f["path"]).name for f in document["findings"]}


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and mtime of every regular file under ``root`` (symlinks not followed)."""
    state = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            try:
                state[str(path)] = (path.read_bytes(), path.stat().st_mtime_ns)
            except OSError:
                state[str(path)] = (b"<unreadable>", path.stat().st_mtime_ns)
    return state


# ----------------------------------------------------------- file contents, one by one

NOT_PYTHON = {
    # name: (bytes, words one of which the reason must contain)
    "syntax-error": (b"import torch\ndef f(:\n    return torch.log(p)\n", ("syntax",)),
    "syntax-error-unclosed": (b"import torch\nx = torch.log((p\n", ("syntax", "never closed")),
    "syntax-error-indent": (b"import torch\n  x = torch.log(p)\n", ("syntax", "indent")),
    "unknown-coding-cookie": (b"# -*- coding: klingon -*-\nimport torch\ntorch.log(p)\n",
                              ("encoding", "klingon")),
    "misspelled-coding-cookie": (b"# coding: uft-8\nimport torch\ntorch.log(p)\n",
                                 ("encoding", "uft-8")),
    "bytes-not-in-cookie-encoding": (b"# coding: ascii\nimport torch\nx = '\xe9'\n"
                                     b"torch.log(p)\n", ("decode", "ascii", "encoding")),
    "invalid-utf8": (b"import torch\nx = '\xff\xfe'\ntorch.log(p)\n",
                     ("decode", "utf-8", "encoding")),
    "truncated-utf8": (b"import torch\ntorch.log(p)  # caf\xc3", ("decode", "utf-8", "encoding")),
    "surrogate-in-utf8": (b"import torch\nx = '\xed\xa0\x80'\ntorch.log(p)\n",
                          ("decode", "utf-8", "encoding")),
    "bom-and-other-cookie": (b"\xef\xbb\xbf# coding: latin-1\nimport torch\ntorch.log(p)\n",
                             ("encoding",)),
    "utf16-cookie-on-utf8": (b"# coding: utf-16\nimport torch\ntorch.log(p)\n",
                             ("decode", "utf-16", "encoding")),
    "null-byte": (b"import torch\ntorch.log(p)\x00\n", ("null", "binary", "not a text")),
    "null-byte-in-comment": (b"import torch\n# \x00\ntorch.log(p)\n",
                             ("null", "binary", "not a text")),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)),
            ("null", "binary", "not a text", "encoding", "decode")),
    "elf": (b"\x7fELF\x02\x01\x01\x00" + bytes(64), ("null", "binary", "not a text")),
    "gzip": (b"\x1f\x8b\x08\x00" + bytes(range(200)),
             ("null", "binary", "not a text", "encoding", "decode")),
    "pyc": (b"\xa7\r\r\n\x00\x00\x00\x00" + bytes(range(100)),
            ("null", "binary", "not a text", "encoding", "decode")),
    "random-bytes": (random.Random(6).randbytes(4096),
                     ("null", "binary", "not a text", "encoding", "decode")),
    "form-feed-and-control": (b"import torch\n\x0b\x01torch.log(p)\n", ("syntax",)),
    "lone-line-separator": ("import torch\n\u2028torch.log(p)\n".encode(),
                            ("syntax", "U+2028", "character")),
}


@pytest.mark.parametrize("kind", sorted(NOT_PYTHON))
def test_hostile_content_is_an_error_with_a_reason(kind):
    data, words = NOT_PYTHON[kind]
    result = analyse("hostile.py", data)
    assert_clear_error(result, *words)
    assert result.findings == []


def test_syntax_error_reports_its_line():
    result = analyse("bad.py", b"import torch\n\nx = torch.log(p\ny = 1 +\n")
    assert_clear_error(result, "syntax")
    assert result.errors[0].line in (3, 4)


def test_syntax_error_in_a_file_without_a_guarded_operation_is_reported():
    result = analyse("bad.py", b"def f(:\n    return 1\n")
    assert_clear_error(result, "syntax")


def test_syntax_error_in_an_unrelated_function_is_reported():
    text = b"import torch\n\ndef f(p):\n    return torch.log(p)\n\ndef g(:\n    return 1\n"
    result = analyse("bad.py", text)
    assert_clear_error(result, "syntax")


def test_latin1_cookie_is_read_not_an_error():
    result = analyse("ok.py", b"# coding: latin-1\nimport torch\nx = '\xe9'\ntorch.log(p)\n")
    assert result.errors == []
    assert [(f.code, f.line) for f in result.findings] == [("NAN001", 4)]


def test_empty_and_whitespace_files_are_fine():
    for data in (b"", b"\n", b"\r\n\r\n", b"   ", b"\xef\xbb\xbf", b"# only a comment"):
        result = analyse("empty.py", data)
        assert result.errors == [] and result.findings == [], data


def test_integer_literals_past_the_float_range_are_infinite_not_a_crash():
    huge = "1" + "0" * 400
    result = analyse("huge.py", (f"import torch\ndef f(p):\n    a = torch.log(p + {huge})\n"
                                 f"    return torch.log(p - {huge}), a\n").encode())
    assert result.errors == []
    assert [(f.line, f.code) for f in result.findings] == [(4, "NAN001")]


# --------------------------------------------------------------------- deep nesting

DEPTHS = (100, 1000, 10_000)
NESTINGS = {
    "parentheses": lambda d: "x = " + "(" * d + "torch.log(p)" + ")" * d,
    "lists": lambda d: "x = " + "[" * d + "torch.log(p)" + "]" * d,
    "calls": lambda d: "x = " + "torch.log(" * d + "p" + ")" * d,
    "unary-minus": lambda d: "x = torch.log(" + "-" * d + "p)",
    "not": lambda d: "x = torch.log(" + "not " * d + "p)",
    "binary-chain": lambda d: "x = " + "p + " * d + "torch.log(p)",
    "power-chain": lambda d: "x = " + "p ** " * d + "torch.log(p)",
    "attribute-chain": lambda d: "x = torch.log(p" + ".a" * d + ")",
    "subscript-chain": lambda d: "x = torch.log(p" + "[0]" * d + ")",
    "call-chain": lambda d: "x = torch.log(p" + "()" * d + ")",
    "comparison-chain": lambda d: "x = torch.log(p)" + " < p" * d,
    "lambdas": lambda d: "x = " + "lambda: " * d + "torch.log(p)",
    "ternaries": lambda d: "x = " + "p if p else " * d + "torch.log(p)",
    "string-concat": lambda d: "x = torch.log(p)\ny = " + " + ".join(["'a'"] * d),
    "indented-ifs": lambda d: "\n".join(" " * i + "if p:" for i in range(d)) + "\n"
                              + " " * d + "x = torch.log(p)",
    "dict-nesting": lambda d: "x = " + "{1: " * d + "torch.log(p)" + "}" * d,
}


def _nesting_params():
    # (the parser's MemoryError() at 10,000 used to give `cannot parse: `, no reason)
    for shape in sorted(NESTINGS):
        for depth in DEPTHS:
            yield pytest.param(shape, depth, id=f"{shape}-{depth}")


@pytest.mark.parametrize(("shape", "depth"), list(_nesting_params()))
def test_deep_nesting_never_escapes(shape, depth):
    text = "import torch\n" + NESTINGS[shape](depth) + "\n"
    try:
        with deadline(60):
            result = analyse_text("deep.py", text, CONFIG)
    except RecursionError:  # pragma: no cover - the failure this test is about
        pytest.fail("RecursionError escaped")
    for error in result.errors:
        assert not error.internal, error.message
    if result.errors:
        assert_clear_error(result)
    else:
        assert result.findings, "neither a finding nor an error"
    if depth == 100 and shape not in ("indented-ifs",):
        # shallow enough for Python's own parser: analysed, not given up on
        assert result.findings and not result.errors, [e.message for e in result.errors]


def test_a_long_expression_does_not_hide_the_other_findings():
    text = "import torch\nx = torch.log(p)\ny = " + " + ".join(["'a'"] * 1000) + "\n"
    result = analyse("long.py", text.encode())
    assert [(f.code, f.line) for f in result.findings] == [("NAN001", 2)]


@pytest.mark.parametrize("text", [
    "import torch\n" + "y = torch.log(p) + 1\n" * 20_000 + "def f(:\n",
    "import torch\nx = torch.log(p)\ny = " + " + ".join(["'a'"] * 10_000) + "\n",
], ids=["syntax-error-at-the-end", "ten-thousand-terms"])
def test_a_python3_syntax_error_is_reported_quickly(text):
    started = time.monotonic()
    with deadline(3):  # cut it short (the product may swallow the TimeoutError)
        result = analyse_bytes("broken.py", text.encode(), CONFIG)
    assert time.monotonic() - started < 2.9
    assert result.errors


def test_deep_unary_chain_error_has_a_reason():
    result = analyse("deep.py", ("import torch\nx = torch.log(" + "-" * 10_000 + "p)\n").encode())
    assert_clear_error(result, "deep", "nest", "recursion", "memory", "complex")


def test_deep_nesting_in_a_notebook_cell_and_fix_does_not_escape():
    from nanlint.fixes import fix_text

    source = "import torch\nx = " + "torch.log(" * 10_000 + "p" + ")" * 10_000 + "\n"
    for text in (source, "import torch\nx = " + "p + " * 10_000 + "torch.log(p)\n"):
        with deadline(60):
            fixed, _, _, errors = fix_text("deep.py", text, CONFIG, unsafe=True)
        assert fixed == text
        assert not any(e.internal for e in errors)


# -------------------------------------------------------------------------- big files


def test_fifty_megabyte_file_does_not_stall_the_run(project, capsys):
    """50 MB of (mostly comment) source: analysed or refused with a reason, quickly, and the
    other files are still checked."""
    block = b"# " + b"x" * 1021 + b"\n"
    big = project / "big.py"
    with open(big, "wb") as out:
        out.write(b"import torch\ntorch.log(p)\n")
        out.write(block * (50 * 1024))
    assert big.stat().st_size >= 50 * 1024 * 1024
    (project / "small.py").write_bytes(FLAGGED)
    started = time.monotonic()
    _, document = run_json(capsys, ".")
    assert time.monotonic() - started < 60
    assert "small.py" in finding_files(document)
    errors = errors_by_path(document)
    if "big.py" in errors:
        assert any("large" in m or "size" in m or "MB" in m for m in errors["big.py"])
    else:
        assert "big.py" in finding_files(document)


def test_fifty_megabyte_binary_file_with_fix(project, capsys):
    (project / "blob.py").write_bytes(random.Random(1).randbytes(50 * 1024 * 1024))
    (project / "small.py").write_bytes(FLAGGED)
    before = snapshot(project)
    started = time.monotonic()
    run_json(capsys, "--fix", ".")
    _, document = run_json(capsys, ".")
    assert time.monotonic() - started < 60
    assert "blob.py" in errors_by_path(document)
    assert "small.py" not in finding_files(document)  # fixed by the --fix run
    after = snapshot(project)
    assert after[str(project / "blob.py")] == before[str(project / "blob.py")]


def test_fifty_megabyte_single_line(project, capsys):
    (project / "line.py").write_bytes(b"import torch\nx = '" + b"a" * (50 * 1024 * 1024)
                                      + b"'\ntorch.log(p)\n")
    started = time.monotonic()
    _, document = run_json(capsys, "--no-cache", ".")
    assert time.monotonic() - started < 60
    if "line.py" not in errors_by_path(document):
        assert [(f["code"], f["line"]) for f in document["findings"]] == [("NAN001", 3)]


# ------------------------------------------------------------------------- notebooks


def nb(cells, **top) -> bytes:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
                       **top}).encode()


def code(source) -> dict:
    return {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": source}


LOG_CELL = ["import torch\n", "y = torch.log(p)\n"]

BAD_NOTEBOOKS = {
    "invalid-json": (b'{"cells": [', ("json",)),
    "truncated-json": (nb([code(LOG_CELL)])[:-7], ("json",)),
    "empty-file": (b"", ("json",)),
    "not-an-object": (b"[1, 2, 3]", ("object", "notebook")),
    "a-string": (b'"cells"', ("object", "notebook")),
    "utf16": (nb([code(LOG_CELL)]).decode().encode("utf-16"), ("decode", "utf", "json")),
    "invalid-utf8": (b'{"cells": [], "x": "\xff"}', ("decode", "utf-8", "json")),
    "python-source": (FLAGGED, ("json",)),
}


@pytest.mark.parametrize("kind", sorted(BAD_NOTEBOOKS))
def test_broken_notebook_is_an_error(kind):
    data, words = BAD_NOTEBOOKS[kind]
    assert_clear_error(analyse("broken.ipynb", data), *words)


WEIRD_NOTEBOOKS = {
    # shapes valid JSON can take: never an exception; the code cells that are code analysed
    "cells-null": nb(None),
    "cells-a-string": nb("abc"),
    "cells-an-object": nb({"a": code(LOG_CELL)}),
    "cell-a-number": nb([1, code(LOG_CELL)]),
    "source-missing": nb([{"cell_type": "code"}, code(LOG_CELL)]),
    "source-null": nb([code(None), code(LOG_CELL)]),
    "source-a-number": nb([code(3), code(LOG_CELL)]),
    "source-list-of-numbers": nb([code([1, 2]), code(LOG_CELL)]),
    "source-list-with-null": nb([code(["x = 1\n", None]), code(LOG_CELL)]),
    "source-an-object": nb([code({"a": 1}), code(LOG_CELL)]),
    "cell-type-missing": nb([{"source": "x"}, code(LOG_CELL)]),
    "cell-type-a-list": nb([{"cell_type": ["code"], "source": "x"}, code(LOG_CELL)]),
    "worksheets-a-string": json.dumps({"nbformat": 3, "worksheets": "abc"}).encode(),
    "worksheets-of-numbers": json.dumps({"nbformat": 3, "worksheets": [1, 2]}).encode(),
    "worksheet-cells-null": json.dumps({"nbformat": 3, "worksheets": [{"cells": None}]}).encode(),
    "deeply-nested-json": b'{"cells": [], "metadata": ' + b"[" * 100_000 + b"]" * 100_000
                          + b"}",
    "unclosed-deep-json": b"[" * 100_000,
    "null-byte-in-source": nb([code(["import torch\n", "x = 1\x00\n"]), code(LOG_CELL)]),
    "lone-surrogate-in-source": b'{"cells": [{"cell_type": "code", "source": "\\ud800"}, '
                                + json.dumps(code(LOG_CELL)).encode() + b"]}",
    "huge-cell-count": nb([code(["x = 1\n"])] * 20_000 + [code(LOG_CELL)]),
}
# Weird notebooks whose *good* code cell must still be analysed (the notebook is usable).
GOOD_CELL_ANALYSED = {"source-missing", "source-null", "source-a-number",
                      "source-list-of-numbers", "source-list-with-null", "source-an-object",
                      "cell-type-missing", "cell-type-a-list", "null-byte-in-source",
                      "lone-surrogate-in-source", "huge-cell-count", "cell-a-number"}
@pytest.mark.parametrize("kind", sorted(WEIRD_NOTEBOOKS))
def test_weird_notebook_never_escapes(kind):
    result = analyse("weird.ipynb", WEIRD_NOTEBOOKS[kind])
    assert not any(e.internal for e in result.errors), [e.message for e in result.errors]
    if result.errors:
        assert_clear_error(result)
    if kind in GOOD_CELL_ANALYSED:
        assert [(f.code, f.line) for f in result.findings] == [("NAN001", 2)], \
            [e.message for e in result.errors]


def test_nbformat3_is_analysed():
    data = json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [
        {"cells": [{"cell_type": "markdown", "source": ["# hi"]},
                   {"cell_type": "code", "language": "python", "input": LOG_CELL,
                    "outputs": []}]}]}).encode()
    result = analyse("old.ipynb", data)
    assert result.errors == []
    assert [(f.code, f.cell, f.line) for f in result.findings] == [("NAN001", 0, 2)]


def test_a_broken_cell_does_not_hide_the_others():
    result = analyse("nb.ipynb", nb([code(["def f(:\n"]), code(LOG_CELL)]))
    assert [(f.code, f.cell, f.line) for f in result.findings] == [("NAN001", 1, 2)]
    assert [(e.cell, e.line) for e in result.errors] == [(0, 1)]


# ----------------------------------------------------------------- the file system


def _fifo_supported():
    return hasattr(os, "mkfifo")


def hostile_tree(root: Path) -> dict[str, tuple[str, ...]]:
    """A folder with every hostile kind of path next to good files. Returns the names that
    must appear in ``errors`` with one of the words."""
    expect: dict[str, tuple[str, ...]] = {}
    (root / "good.py").write_bytes(FLAGGED)
    (root / "with space.py").write_bytes(FLAGGED)
    (root / "nön-åscii ñame 数据.py").write_bytes(FLAGGED)
    (root / "sub dir with spaces").mkdir()
    (root / "sub dir with spaces" / "ünïcode.py").write_bytes(FLAGGED)
    (root / "x.py").mkdir()  # a directory named like a Python file
    (root / "x.py" / "inside.py").write_bytes(FLAGGED)
    (root / "pkg.ipynb").mkdir()
    for name, (data, words) in (("syntax.py", NOT_PYTHON["syntax-error"]),
                                ("cookie.py", NOT_PYTHON["unknown-coding-cookie"]),
                                ("latin.py", NOT_PYTHON["invalid-utf8"]),
                                ("nul.py", NOT_PYTHON["null-byte"]),
                                ("image.py", NOT_PYTHON["png"]),
                                ("broken.ipynb", BAD_NOTEBOOKS["invalid-json"])):
        (root / name).write_bytes(data)
        expect[name] = words
    if _fifo_supported():
        os.mkfifo(root / "fifo.py")
    os.symlink("loop_b.py", root / "loop_a.py")
    os.symlink("loop_a.py", root / "loop_b.py")
    expect["loop_a.py"] = ("symbolic", "loop", "link")
    expect["loop_b.py"] = ("symbolic", "loop", "link")
    os.symlink(root / "missing.py", root / "dangling.py")
    expect["dangling.py"] = ("no such", "not found", "missing", "dangling")
    os.symlink("/dev/zero", root / "zero.py")  # a device named like a Python file
    os.symlink(".", root / "self_loop")  # a directory loop
    (root / "deep").mkdir()
    os.symlink("..", root / "deep" / "up")
    return expect


def test_hostile_tree_is_reported_and_the_rest_checked(project, capsys):
    expect = hostile_tree(project)
    _, document = run_json(capsys, ".")
    errors = errors_by_path(document)
    for name, words in expect.items():
        assert name in errors, f"{name} not reported: {errors}"
        assert any(w in m.lower() for m in errors[name] for w in words), (name, errors[name])
    assert finding_files(document) >= {"good.py", "with space.py", "nön-åscii ñame 数据.py",
                                       "ünïcode.py", "inside.py"}
    # each good file once, even through the symlinked folder loops
    paths = [f["path"] for f in document["findings"]]
    assert len(paths) == len(set(paths)) == 5, paths


def test_hostile_tree_through_the_api(project):
    expect = hostile_tree(project)
    with deadline(60):
        report = check_paths([project])
    reported = {Path(e.path).name for e in report.errors}
    assert set(expect) <= reported
    assert not any(e.internal for e in report.errors)
    assert len({f.path for f in report.findings}) == 5


def test_fix_leaves_hostile_files_untouched(project, capsys):
    expect = hostile_tree(project)
    before = snapshot(project)
    run_json(capsys, "--fix", "--unsafe-fixes", ".")
    after = snapshot(project)
    assert set(after) == set(before)
    assert not list(project.rglob(".nanlint-*.tmp"))
    for path, (data, _) in before.items():
        name = Path(path).name
        if name in expect:
            assert after[path] == before[path], f"{name} was touched"
        elif data == FLAGGED:
            assert after[path][0] != data and b"clamp" in after[path][0], name


def test_diff_on_hostile_tree_writes_nothing(project, capsys):
    hostile_tree(project)
    before = snapshot(project)
    with deadline(60):
        code = main(["check", "--diff", "."])
    out, _ = capsys.readouterr()
    assert code == 1 and "clamp" in out
    assert snapshot(project) == before


@pytest.mark.skipif(not _fifo_supported(), reason="no FIFOs on this platform")
@pytest.mark.parametrize("argv", [["x.py"], ["."], ["--fix", "x.py"], ["--diff", "."]])
def test_fifo_named_x_py_does_not_hang(project, capsys, argv):
    os.mkfifo(project / "x.py")
    (project / "good.py").write_bytes(FLAGGED)
    with deadline(20):
        code = main(["check", "--format", "json", *argv])
    out, _ = capsys.readouterr()
    assert code in (0, 1)
    if argv[-1] == "x.py" and "--diff" not in argv:
        assert "x.py" in errors_by_path(json.loads(out))


@pytest.mark.skipif(not _fifo_supported(), reason="no FIFOs on this platform")
def test_fifo_through_the_api_does_not_hang(project):
    os.mkfifo(project / "x.py")
    with deadline(20):
        report = check_paths([project / "x.py", project])
    assert [Path(e.path).name for e in report.errors] == ["x.py"]


@pytest.mark.skipif(not _fifo_supported(), reason="no FIFOs on this platform")
def test_fifo_given_to_analyse_file_does_not_hang(project):
    os.mkfifo(project / "x.py")
    with deadline(5):
        result = analyse_file(str(project / "x.py"), CONFIG)
    assert_clear_error(result, "regular")


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_device_named_x_py_does_not_hang(project, capsys, target):
    if not os.path.exists(target):
        pytest.skip(f"no {target}")
    os.symlink(target, project / "x.py")
    with deadline(20):
        _, document = run_json(capsys, "x.py")
        _, walked = run_json(capsys, "--fix", ".")
    assert "x.py" in errors_by_path(document)
    assert walked["findings"] == []


def test_directory_named_x_py_is_not_read_as_a_file(project, capsys):
    (project / "x.py").mkdir()
    (project / "x.py" / "a.py").write_bytes(FLAGGED)
    _, document = run_json(capsys, "x.py")
    assert finding_files(document) == {"a.py"}
    assert document["errors"] == []
    assert_clear_error(analyse_file(str(project / "x.py"), CONFIG), "directory", "regular")


def test_symlink_loops_explicit(project, capsys):
    os.symlink("b.py", project / "a.py")
    os.symlink("a.py", project / "b.py")
    os.symlink(".", project / "dir_loop")
    (project / "good.py").write_bytes(FLAGGED)
    with deadline(20):
        _, document = run_json(capsys, "a.py", "dir_loop", "good.py")
    assert "a.py" in errors_by_path(document)
    assert [Path(f["path"]).name for f in document["findings"]] == ["good.py"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file, chmod 000 or not")
def test_unreadable_file_is_an_error(project, capsys):
    (project / "secret.py").write_bytes(FLAGGED)
    (project / "good.py").write_bytes(FLAGGED)
    os.chmod(project / "secret.py", 0)
    try:
        _, document = run_json(capsys, ".")
        errors = errors_by_path(document)
        assert any("permission" in m.lower() for m in errors["secret.py"])
        assert finding_files(document) == {"good.py"}
        code = main(["check", "--fix", "."])
        capsys.readouterr()
        assert code == 1
        os.chmod(project / "secret.py", 0o600)
        assert (project / "secret.py").read_bytes() == FLAGGED
    finally:
        os.chmod(project / "secret.py", 0o600)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder, chmod 000 or not")
def test_unreadable_folder_does_not_stop_the_walk(project, capsys):
    (project / "closed").mkdir()
    (project / "closed" / "a.py").write_bytes(FLAGGED)
    (project / "good.py").write_bytes(FLAGGED)
    os.chmod(project / "closed", 0)
    try:
        _, document = run_json(capsys, ".")
        assert "good.py" in finding_files(document)
    finally:
        os.chmod(project / "closed", 0o700)


def test_file_deleted_between_discovery_and_reading(project):
    (project / "gone.py").write_bytes(FLAGGED)
    path = str(project / "gone.py")
    os.unlink(path)
    assert_clear_error(analyse_file(path, CONFIG), "no such", "cannot read")


def test_non_ascii_and_space_paths_in_every_output_format(project, capsys):
    name = "dír with space/módulo ñ 数据.py"
    (project / "dír with space").mkdir()
    (project / name).write_bytes(FLAGGED)
    for fmt in ("text", "concise", "json", "sarif"):
        with deadline(20):
            code = main(["check", "--format", fmt, "."])
        out, err = capsys.readouterr()
        assert code == 1, err
        assert "数据" in out or "%E6%95%B0" in out.upper(), fmt
    code = main(["check", "--fix", "."])
    capsys.readouterr()
    assert b"clamp" in (project / name).read_bytes()


def test_undecodable_file_name(project, capsys):
    if sys.platform == "darwin":
        pytest.skip("macOS file systems refuse names that are not UTF-8")
    name = os.fsdecode(b"bad-\xff-name.py")
    try:
        (project / name).write_bytes(FLAGGED)
    except (OSError, UnicodeError):
        pytest.skip("the file system refuses the name")
    for fmt in ("json", "text", "sarif"):
        with deadline(20):
            code = main(["check", "--format", fmt, "."])
        _, err = capsys.readouterr()
        assert code == 1, err


# ------------------------------------------------------------- one run, all hostile


def test_cli_subprocess_survives_everything(tmp_path):
    """The installed entry point, from outside: exit 1 (findings and errors), not 2, no
    traceback, within a deadline."""
    (tmp_path / ".git").mkdir()
    hostile_tree(tmp_path)
    for name, (data, _) in NOT_PYTHON.items():
        (tmp_path / f"np_{name}.py").write_bytes(data)
    for name, (data, _) in BAD_NOTEBOOKS.items():
        (tmp_path / f"nb_{name}.ipynb").write_bytes(data)
    (tmp_path / "deep.py").write_text("import torch\nx = " + "p + " * 10_000 + "torch.log(p)\n")
    proc = subprocess.run([sys.executable, "-m", "nanlint", "check", "--format", "json", "."],
                          cwd=tmp_path, capture_output=True, timeout=120)
    assert proc.returncode == 1, proc.stderr.decode(errors="replace")
    assert b"Traceback" not in proc.stderr
    document = json.loads(proc.stdout)
    reported = {Path(e["path"]).name for e in document["errors"]}
    assert {f"np_{name}.py" for name in NOT_PYTHON} <= reported
    assert {f"nb_{name}.ipynb" for name in BAD_NOTEBOOKS} <= reported


# ------------------------------------------------------------------ legacy Python 2

PY2_FEATURES = {
    "print-statement": 'print "x"',
    "print-chevron": 'print >>sys.stderr, "x"',
    "except-comma": "try:\n    pass\nexcept ValueError, e:\n    pass",
    "backticks": "s = `p`",
    "not-equal": "c = 1 <> 2",
    "octal": "mode = 0777",
    "long": "n = 10L",
    "ur-string": "s = ur'abc'",
    "exec-statement": 'exec "x = 1"',
    "raise-comma": 'if 0:\n    raise ValueError, "bad"',
    "tuple-parameters": "def g((a, b)):\n    return a",
    "dict-has-key": "d = {}\nh = d.has_key(1)",  # Python 3 syntax: the file parses anyway
}
# (`print >> f, "x"` and `d.has_key(1)` are also Python 3 syntax)


def py2_file(feature: str) -> tuple[bytes, int]:
    """A Python 2 file with the feature, then `tf.log(p)` whose line is returned."""
    head = "import sys\nimport tensorflow as tf\n" + PY2_FEATURES[feature] + "\n"
    line = head.count("\n") + 2
    return (head + "\ndef loss(p):\n    return tf.log(p)\n").encode(), line + 1


@pytest.mark.parametrize("feature", sorted(PY2_FEATURES))
def test_python2_file_is_analysed_at_its_original_lines(feature):
    data, line = py2_file(feature)
    result = analyse("legacy.py", data)
    assert result.errors == [], [e.message for e in result.errors]
    assert [(f.code, f.line) for f in result.findings] == [("NAN001", line)]


def test_python2_print_then_log_at_line_5():
    data = b'import tensorflow as tf\nprint "x"\nx = 1\ny = 2\ntf.log(p)\n'
    result = analyse("legacy.py", data)
    assert [(f.code, f.line, f.column) for f in result.findings] == [("NAN001", 5, 1)]
    assert result.errors == []


@pytest.mark.parametrize(("line", "column"), [
    ('print "loss", tf.log(p)', 15),
    ('print "a", `p`, tf.log(p)', 17),
    ("x = 0777 + 10L; y = tf.log(p)", 21),
    ("if 1 <> 2: y = tf.log(p)", 16),
])
def test_python2_columns_follow_the_original_text(line, column):
    # the converted line differs (parentheses, repr(), 0o777, !=): the column must be that
    # of `tf` in the original line
    data = f"import tensorflow as tf\n{line}\n".encode()
    result = analyse("legacy.py", data)
    assert [(f.code, f.line, f.column) for f in result.findings] == [("NAN001", 2, column)]


def py2_all_features() -> tuple[str, int]:
    body = "\n".join(PY2_FEATURES[f] for f in sorted(PY2_FEATURES)) + "\n"
    text = "import sys\nimport tensorflow as tf\n" + body + "y = tf.log(p)\n"
    return text, text.count("\n")


def test_python2_every_feature_at_once():
    text, line = py2_all_features()
    result = analyse("legacy.py", text.encode())
    assert [(f.code, f.line) for f in result.findings] == [("NAN001", line)]
    assert result.errors == []


def test_python2_notebook_cell_is_analysed():
    text, line = py2_all_features()
    result = analyse("legacy.ipynb", nb([code(text.splitlines(keepends=True))]))
    assert [(f.code, f.cell, f.line) for f in result.findings] == [("NAN001", 0, line)]
    assert result.errors == []


def test_python2_fix_never_writes_converted_text(project, capsys):
    """A converted file's findings carry no fix: --fix leaves the Python 2 file byte for
    byte (it is never rewritten as Python 3)."""
    original = b'import tensorflow as tf\nprint "x"\nexcept_ = 0777\ny = tf.log(p)\n'
    (project / "legacy.py").write_bytes(original)
    run_json(capsys, "--fix", "--unsafe-fixes", ".")
    assert (project / "legacy.py").read_bytes() == original
    _, document = run_json(capsys, ".")
    assert [(f["code"], f["line"]) for f in document["findings"]] == [("NAN001", 4)]


def test_neither_python_2_nor_3_is_an_error_with_a_precise_reason():
    data = b'import tensorflow as tf\nprint "x"\ntf.log(p\n'  # never closed
    result = analyse("broken.py", data)
    message = assert_clear_error(result, "syntax", "never closed", "parenthes")
    assert result.errors[0].line is not None, message


def test_python2_does_not_crash_the_run(project, capsys):
    for feature in PY2_FEATURES:
        data, _ = py2_file(feature)
        (project / f"legacy_{feature}.py").write_bytes(data)
    (project / "good.py").write_bytes(FLAGGED)
    _, document = run_json(capsys, ".")
    assert "good.py" in finding_files(document)
    files = {Path(e["path"]).name for e in document["errors"]} | finding_files(document)
    assert {f"legacy_{f}.py" for f in PY2_FEATURES} <= files  # analysed or reported


# ------------------------------------------------------------------- time budget


def pathological(lines: int) -> str:
    """A long chain of dependent assignments: the flow pass is superlinear on it (24,000
    lines take ~3 s, 48,000 lines ~10 s on a 2-core CI machine)."""
    return "import torch\n" + "".join(f"y{i} = torch.log(y{i - 1})\n" for i in range(lines))


def _timeout_option() -> bool:
    proc = subprocess.run([sys.executable, "-m", "nanlint", "check", "--help"],
                          capture_output=True, timeout=60)
    return b"--timeout" in proc.stdout


@pytest.mark.parametrize("argv", [
    ["--no-cache"], ["--no-cache", "--jobs", "2"],
    ["--fix"], ["--diff"]], ids=["check", "check-pool", "fix", "diff"])
def test_pathological_file_is_an_error_not_a_stall(tmp_path, argv):
    if not _timeout_option():
        pytest.xfail("no per-file time budget (--timeout) yet")
    (tmp_path / ".git").mkdir()
    (tmp_path / "slow.py").write_text(pathological(48_000))
    (tmp_path / "good.py").write_bytes(FLAGGED)
    for i in range(60 if "--jobs" in argv else 0):  # enough files for the process pool
        (tmp_path / f"more_{i}.py").write_bytes(FLAGGED)
    try:
        proc = subprocess.run([sys.executable, "-m", "nanlint", "check", "--format", "json",
                               "--timeout", "1", *argv, "."], cwd=tmp_path,
                              capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the run stalled on one file for 30 s despite --timeout 1")
    assert proc.returncode == 1, proc.stderr.decode(errors="replace")
    if "--diff" in argv:
        assert b"good.py" in proc.stdout
        return
    document = json.loads(proc.stdout)
    errors = errors_by_path(document)
    assert "slow.py" in errors and any("time" in m or " s " in m for m in errors["slow.py"])
    if "--fix" in argv:
        assert b"clamp" in (tmp_path / "good.py").read_bytes()
    else:
        assert "good.py" in finding_files(document)


def test_moderate_chain_is_analysed():
    with deadline(60):
        result = analyse_text("chain.py", pathological(500), CONFIG)
    assert len(result.findings) == 500

