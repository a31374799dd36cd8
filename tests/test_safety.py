"""Safety (issue 6): analysed code is never executed and configuration is data only; two
``--fix`` runs at once and a Ctrl-C during ``--fix`` never lose a byte; the cache survives
concurrent runs and corruption.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nanlint.api import check_paths
from nanlint.config import Config, ConfigError, load
from nanlint.fixes import fix_file

NANLINT = [sys.executable, "-m", "nanlint"]


def nanlint(cwd: Path, *argv: str, timeout: float = 120,
            check_exit: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([*NANLINT, *argv], cwd=cwd, capture_output=True, timeout=timeout)
    if check_exit:
        assert proc.returncode in (0, 1), proc.stderr.decode(errors="replace")
        assert b"Traceback" not in proc.stderr, proc.stderr.decode(errors="replace")
    return proc


def findings_of(cwd: Path, *argv: str) -> list[tuple]:
    proc = nanlint(cwd, "check", "--format", "json", *argv)
    document = json.loads(proc.stdout)
    return sorted((f["path"], f.get("cell"), f["code"], f["line"], f["column"], f["message"])
                  for f in document["findings"]), document["errors"]


# ------------------------------------------------------------- never execute the code


def booby_trapped(root: Path, marker: Path) -> None:
    """Files that would create ``marker`` if imported, run, or evaluated."""
    touch = f"open({str(marker)!r}, 'w').write('executed')\n"
    (root / ".git").mkdir(exist_ok=True)
    pkg = root / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(touch + "import torch\nx = torch.log(p)\n")
    (pkg / "model.py").write_text(
        "import torch\n" + touch +
        "from . import helpers\n"
        "def loss(p):\n    return torch.log(p)\n")
    (pkg / "helpers.py").write_text(f"__import__('os').system('touch {marker}')\n"
                                    "import numpy as np\ny = np.log(q)\n")
    (pkg / "__main__.py").write_text(touch)
    (root / "conftest.py").write_text(touch + "import torch\nz = torch.sqrt(w)\n")
    (root / "setup.py").write_text(touch)
    (root / "sitecustomize.py").write_text(touch)
    (root / "usercustomize.py").write_text(touch)
    (root / "trap.pth").write_text(f"import os; os.system('touch {marker}')\n")
    (root / "torch.py").write_text(touch + "def log(x):\n    return x\n")  # shadows torch
    (root / "numpy").mkdir()
    (root / "numpy" / "__init__.py").write_text(touch)
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                     "execution_count": None,
                     "source": ["!touch " + str(marker) + "\n", "%run setup.py\n",
                                touch, "import torch\n", "y = torch.log(p)\n"]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (root / "notebook.ipynb").write_text(json.dumps(nb))
    (root / "pyproject.toml").write_text(
        "[build-system]\nrequires = ['setuptools']\nbuild-backend = 'setuptools.build_meta'\n"
        "[project]\nname = 'trap'\nversion = '0'\n"
        "[tool.nanlint]\nextend-select = ['NAN103']\n"
        f"exclude = [\"__import__('os').system('touch {marker}')\"]\n")


def test_analysed_code_is_never_executed(tmp_path):
    marker = tmp_path / "MARKER"
    root = tmp_path / "project"
    root.mkdir()
    booby_trapped(root, marker)
    before = findings_of(root, ".")[0]
    conftest = (root / "conftest.py").read_bytes()
    assert {Path(p).name for p, *_ in before} >= {"__init__.py", "model.py", "helpers.py",
                                                   "conftest.py", "notebook.ipynb"}
    nanlint(root, "check", "--diff", ".")
    nanlint(root, "check", "--fix", "--unsafe-fixes", ".")
    nanlint(root, "check", "--no-cache", "--format", "sarif", "pkg/model.py")
    nanlint(root, "check", "--stdin-filename", "x.py", "-", check_exit=False)
    proc = subprocess.run([*NANLINT, "check", "-"], cwd=root, capture_output=True,
                          input=conftest, timeout=60)
    assert proc.returncode == 1
    assert not marker.exists(), "analysed code was executed"
    # the fixes were applied to the files: the run did read them
    assert "clamp" in (root / "pkg" / "model.py").read_text()


def test_api_never_executes_analysed_code(tmp_path, monkeypatch):
    marker = tmp_path / "MARKER"
    root = tmp_path / "project"
    root.mkdir()
    booby_trapped(root, marker)
    monkeypatch.chdir(root)
    report = check_paths([root], load(root / "pyproject.toml"))
    assert report.findings
    for path in sorted(root.rglob("*.py")):
        fix_file(str(path), Config(), unsafe=True)
    assert not marker.exists()
    assert "pkg.model" not in sys.modules and "pkg" not in sys.modules


@pytest.mark.parametrize("option, value", [
    ("fix-epsilon", "__import__('os').system('touch {marker}')"),
    ("min-confidence", "__import__('os').system('touch {marker}')"),
    ("select", ["__import__('os').system('touch {marker}')"]),
])
def test_configuration_is_data_only(tmp_path, option, value):
    marker = tmp_path / "MARKER"
    root = tmp_path / "project"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "a.py").write_text("import torch\nx = torch.log(p)\n")
    rendered = json.dumps(value).replace("{marker}", str(marker))
    (root / "pyproject.toml").write_text(f"[tool.nanlint]\n{option} = {rendered}\n")
    proc = nanlint(root, "check", "--fix", ".", check_exit=False)
    assert proc.returncode == 2  # a configuration error, reported
    assert b"Traceback" not in proc.stderr
    assert not marker.exists()
    assert (root / "a.py").read_text() == "import torch\nx = torch.log(p)\n"
    with pytest.raises(ConfigError):
        load(root / "pyproject.toml")


def test_configuration_with_python_code_in_other_tables_is_not_run(tmp_path):
    marker = tmp_path / "MARKER"
    root = tmp_path / "project"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "a.py").write_text("import torch\nx = torch.log(p)\n")
    (root / "pyproject.toml").write_text(
        "[tool.setuptools]\nscript = \"open('" + str(marker) + "', 'w')\"\n"
        "[tool.pytest.ini_options]\naddopts = '-p trap'\n"
        "[tool.nanlint]\nselect = ['NAN001']\n")
    (root / "setup.cfg").write_text(f"[nanlint]\nselect = open('{marker}', 'w')\n")
    (root / "nanlint.toml").write_text("select = ['NAN0']\n")
    nanlint(root, "check", ".")
    assert not marker.exists()


@pytest.mark.parametrize("epsilon", ["nan", "inf", "-nan", "infinity"])
def test_fix_epsilon_must_be_a_finite_positive_number(tmp_path, epsilon):
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.py").write_text("import torch\nx = torch.log(p)\n")
    proc = nanlint(tmp_path, "check", "--fix", f"--fix-epsilon={epsilon}", ".",
                   check_exit=False)
    assert proc.returncode == 2
    assert (tmp_path / "a.py").read_text() == "import torch\nx = torch.log(p)\n"


# -------------------------------------------------------------------- concurrency

FLAGGED_TEMPLATES = [
    # (name, bytes) pairs exercising line endings, BOM, a legacy encoding, notebooks
    ("lf_{i}.py", b"import torch\n\ndef f{i}(p):\n    a = torch.log(p)\n"
                  b"    b = torch.sqrt(p)\n    return a / torch.sum(b)\n"),
    ("crlf_{i}.py", b"import torch\r\n\r\ndef g{i}(q):\r\n    return torch.log(q)\r\n"),
    ("bom_{i}.py", b"\xef\xbb\xbfimport numpy as np\n\ndef h{i}(x):\n"
                   b"    return np.arccos(x / np.linalg.norm(x))\n"),
    ("latin_{i}.py", b"# -*- coding: latin-1 -*-\nimport tensorflow as tf\n"
                     b"# caf\xe9\ndef k{i}(p):\n    return tf.log(p)\n"),
    ("nb_{i}.ipynb", json.dumps({"cells": [{"cell_type": "code", "metadata": {},
                                            "outputs": [], "execution_count": None,
                                            "source": ["import torch\n",
                                                       "y = torch.log(p{i})\n"]}],
                                 "metadata": {}, "nbformat": 4,
                                 "nbformat_minor": 5}, indent=1).encode()),
    ("clean_{i}.py", b"import torch\n\ndef c{i}(p):\n    return torch.log(p + 1e-8)\n"),
]


def make_tree(root: Path, copies: int) -> dict[str, bytes]:
    root.mkdir(parents=True, exist_ok=True)
    (root / ".git").mkdir(exist_ok=True)
    files = {}
    for i in range(copies):
        folder = root / f"part{i % 7}"
        folder.mkdir(exist_ok=True)
        for name, data in FLAGGED_TEMPLATES:
            path = folder / name.format(i=i)
            content = data.replace(b"{i}", str(i).encode())
            path.write_bytes(content)
            files[str(path.relative_to(root))] = content
    return files


def reference_fix(tmp_path: Path, files: dict[str, bytes], *flags: str) -> dict[str, bytes]:
    """What a single, uninterrupted run makes of each file."""
    reference = tmp_path / "reference"
    for relative, data in files.items():
        (reference / relative).parent.mkdir(parents=True, exist_ok=True)
        (reference / relative).write_bytes(data)
    (reference / ".git").mkdir(exist_ok=True)
    nanlint(reference, "check", "--fix", "--no-cache", *flags, ".")
    return {relative: (reference / relative).read_bytes() for relative in files}


def assert_original_or_fixed(root: Path, files: dict[str, bytes],
                             reference: dict[str, bytes], require_fixed: bool) -> int:
    """Every file is byte for byte its original or its reference fix, and parses."""
    import ast

    from nanlint.source import decode

    fixed = 0
    for relative, original in files.items():
        now = (root / relative).read_bytes()
        assert now in (original, reference[relative]), f"{relative} is neither original " \
                                                       f"nor fixed:\n{now!r}"
        if require_fixed:
            assert now == reference[relative], f"{relative} was not fixed"
        fixed += now != original
        if relative.endswith(".py"):
            ast.parse(decode(now)[0])
        else:
            for cell in json.loads(now)["cells"]:
                ast.parse("".join(cell["source"]))
    return fixed


def leftovers(root: Path) -> list[str]:
    return sorted(str(p) for p in root.rglob("*") if p.name.startswith(".nanlint-")
                  or p.name.endswith(".tmp") or p.name.startswith(".tmp-"))


@pytest.mark.parametrize("flags", [(), ("--unsafe-fixes",), ("--jobs", "2")])
def test_two_fix_runs_at_once(tmp_path, flags):
    root = tmp_path / "tree"
    files = make_tree(root, 25)
    reference = reference_fix(tmp_path, files, *(f for f in flags if f != "--jobs" and
                                                 not f.isdigit()))
    assert sum(reference[r] != files[r] for r in files) >= 100
    try:
        extra = [f for f in flags]
        if "--jobs" in extra and "--jobs" not in _cli_options():
            pytest.skip("no --jobs option")
        procs = [subprocess.Popen([*NANLINT, "check", "--fix", *extra, "."], cwd=root,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for _ in range(2)]
        for proc in procs:
            _, err = proc.communicate(timeout=180)
            assert proc.returncode in (0, 1), err.decode(errors="replace")
            assert b"Traceback" not in err
    finally:
        for proc in locals().get("procs", []):
            if proc.poll() is None:
                proc.kill()
    assert_original_or_fixed(root, files, reference, require_fixed=True)
    assert leftovers(root) == []


def _cli_options() -> str:
    return subprocess.run([*NANLINT, "check", "--help"], capture_output=True,
                          timeout=60).stdout.decode()


def test_fix_while_a_check_runs_and_the_cache_stays_consistent(tmp_path):
    """A check and a fix at once, both with the cache: afterwards a cached run and an
    uncached run agree (the cache holds no result of a file's old bytes under its new
    content)."""
    root = tmp_path / "tree"
    make_tree(root, 20)
    procs = [subprocess.Popen([*NANLINT, "check", *argv, "."], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for argv in (["--fix"], [], ["--format", "json"], [])]
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode in (0, 1), err.decode(errors="replace")
    cached = findings_of(root, ".")
    uncached = findings_of(root, "--no-cache", ".") if "--no-cache" in _cli_options() else \
        cached
    assert cached == uncached
    assert leftovers(root) == []


def test_parallel_runs_do_not_corrupt_the_cache(tmp_path):
    root = tmp_path / "tree"
    make_tree(root, 30)
    expected = findings_of(root, "--no-cache", ".") if "--no-cache" in _cli_options() \
        else None
    for _ in range(2):
        procs = [subprocess.Popen([*NANLINT, "check", "--format", "json", "."], cwd=root,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(4)]
        outputs = []
        for proc in procs:
            out, err = proc.communicate(timeout=180)
            assert proc.returncode == 1, err.decode(errors="replace")
            outputs.append(json.loads(out)["summary"])
        assert all(o == outputs[0] for o in outputs)
    later = findings_of(root, ".")
    if expected is not None:
        assert later == expected
    cache = root / ".nanlint_cache"
    if cache.exists():
        for entry in cache.rglob("*"):
            if entry.is_file() and len(entry.name) == 64:
                json.loads(entry.read_text(encoding="utf-8"))  # whole, valid entries only
        assert not [p for p in cache.rglob(".nanlint-*.tmp")], "temporary cache files left"


def cache_files(root: Path) -> list[Path]:
    cache = root / ".nanlint_cache"
    return sorted(p for p in cache.rglob("*.json") if p.is_file()) if cache.exists() else []


GARBAGE = [b"", b"{", b"\x00\xff" * 10, b"[]", b"null", b'"text"', b"{}",
           b'{"findings": 3}', b"[" * 100_000]
BAD_ENTRIES = [None, 3, "x", [], {}, {"findings": None}, {"findings": 3, "errors": []},
               {"findings": [{}], "errors": []}, {"findings": [{"code": "NAN001"}]},
               {"findings": [], "errors": [1]}, {"findings": [], "errors": None},
               {"findings": [{"fix": {"edits": [{"bogus": 1}]}}], "errors": []}]


def checked_with_cache(tmp_path: Path) -> tuple[Path, list, list[Path]]:
    """A small tree checked once: its folder, its findings and the cache files written."""
    root = tmp_path / "tree"
    make_tree(root, 2)
    expected = findings_of(root, ".")
    files = cache_files(root)
    if not files:
        pytest.skip("no cache")
    return root, expected, files


@pytest.mark.parametrize("garbage", range(len(GARBAGE)))
def test_corrupt_cache_file_is_recomputed(tmp_path, garbage):
    root, expected, files = checked_with_cache(tmp_path)
    for file in files:
        file.write_bytes(GARBAGE[garbage])
    assert findings_of(root, ".") == expected
    assert findings_of(root, ".") == expected  # and rewritten whole
    for file in cache_files(root):
        json.loads(file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("bad", range(len(BAD_ENTRIES)))
def test_corrupt_cache_entries_are_recomputed(tmp_path, bad):
    """Entries whose stamp still matches but whose body is damaged."""
    root, expected, files = checked_with_cache(tmp_path)
    for file in files:
        index = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(index, dict):
            pytest.skip("unknown cache layout")
        for key, entry in sorted(index.items()):
            damaged = BAD_ENTRIES[bad]
            if isinstance(entry, dict) and "stamp" in entry and isinstance(damaged, dict):
                damaged = {"stamp": entry["stamp"], **damaged}
            index[key] = damaged
        file.write_text(json.dumps(index), encoding="utf-8")
    assert findings_of(root, ".") == expected


def test_cache_is_not_fooled_by_a_kept_mtime(tmp_path):
    root = tmp_path / "tree"
    root.mkdir()
    (root / ".git").mkdir()
    path = root / "a.py"
    path.write_text("import torch\nx = torch.log(p)\n")
    stat = path.stat()
    assert findings_of(root, ".")[0]
    path.write_text("import torch\nx = torch.exp(p)\n")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert findings_of(root, ".")[0] == []


def test_unwritable_cache_costs_nothing(tmp_path):
    root = tmp_path / "tree"
    make_tree(root, 3)
    (root / ".nanlint_cache").write_text("not a folder")
    expected = findings_of(root, "--no-cache", ".") if "--no-cache" in _cli_options() \
        else None
    got = findings_of(root, ".")
    if expected is not None:
        assert got == expected
    assert (root / ".nanlint_cache").read_text() == "not a folder"


# ------------------------------------------------------------------------ Ctrl-C


def _interrupt_after(root: Path, files: dict[str, bytes], delay: float,
                     whole_group: bool) -> int:
    proc = subprocess.Popen([*NANLINT, "check", "--fix", "."], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        started = time.monotonic()
        # wait for the first written file (or the delay), then press Ctrl-C
        while time.monotonic() - started < delay and proc.poll() is None:
            time.sleep(0.01)
        if proc.poll() is None:
            if whole_group:  # what a terminal does: the whole foreground process group
                os.killpg(proc.pid, signal.SIGINT)
            else:
                os.kill(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # A SIGINT that lands while the interpreter shuts down prints "Exception ignored in
    # <module 'threading'>": Python's, not nanlint's. Any other traceback is a crash.
    assert b"Traceback" not in err or b"Exception ignored in" in err, \
        err.decode(errors="replace")
    return proc.returncode


@pytest.mark.parametrize("whole_group", [True, False], ids=["group", "parent-only"])
def test_ctrl_c_during_fix_loses_nothing(tmp_path, whole_group):
    root = tmp_path / "tree"
    files = make_tree(root, 60)
    reference = reference_fix(tmp_path, files)
    work = tmp_path / "work"
    interrupted_midway = 0
    left: list[str] = []
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6, 2.0):
        if work.exists():
            shutil.rmtree(work)
        shutil.copytree(root, work)
        code = _interrupt_after(work, files, delay, whole_group)
        fixed = assert_original_or_fixed(work, files, reference, require_fixed=False)
        left.extend(leftovers(work))
        if code in (130, -signal.SIGINT):
            interrupted_midway += 0 < fixed < sum(reference[r] != files[r] for r in files)
        else:
            assert code in (0, 1)
    assert left == [], "temporary files left after Ctrl-C"
    if not interrupted_midway:
        pytest.skip("no run was interrupted in the middle of writing (machine too fast "
                    "or too slow)")


def test_ctrl_c_during_parallel_check_prints_no_traceback(tmp_path):
    """Ctrl-C at several moments of a pooled check: exit 130 and no traceback (the workers
    ignore SIGINT and leave it to the main process). A hang after the interrupt was seen
    once, before the workers ignored it; it is reported as an xfail if it ever shows."""
    if "--jobs" not in _cli_options():
        pytest.skip("no --jobs option")
    root = tmp_path / "tree"
    make_tree(root, 60)
    shown: list[str] = []
    hung: list[float] = []
    for delay in (0.3, 0.5, 0.8, 1.2):
        proc = subprocess.Popen([*NANLINT, "check", "--no-cache", "--jobs", "2", "."],
                                cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            hung.append(delay)
            continue
        assert proc.returncode in (0, 1, 130, -signal.SIGINT)
        if b"Traceback" in err and b"Exception ignored in" not in err:
            shown.append(err.decode(errors="replace"))
    assert not shown, "worker tracebacks on Ctrl-C:\n" + shown[0][-600:]
    if hung:
        pytest.xfail(f"hung for 30 s after Ctrl-C at {hung} s")


def test_ctrl_c_during_check_with_cache_then_same_findings(tmp_path):
    root = tmp_path / "tree"
    make_tree(root, 60)
    for delay in (0.3, 0.8, 1.5):
        proc = subprocess.Popen([*NANLINT, "check", "."], cwd=root,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
        proc.communicate(timeout=60)  # tracebacks: test_ctrl_c_during_parallel_check_...
    cache = root / ".nanlint_cache"
    if cache.exists():
        assert not [p for p in cache.rglob(".nanlint-*.tmp")], "temporary cache files left"
    expected = findings_of(root, "--no-cache", ".") if "--no-cache" in _cli_options() \
        else None
    if expected is not None:
        assert findings_of(root, ".") == expected


def test_interrupt_right_after_the_temporary_file_is_created(tmp_path, monkeypatch):
    """A KeyboardInterrupt at the first bytecode after the temporary file is created (where
    a real Ctrl-C used to land about once in ten interrupted runs of the test above and
    leave a .nanlint-*.tmp behind)."""
    from nanlint import files

    target = tmp_path / "a.py"
    target.write_bytes(b"import torch\nx = torch.log(p)\n")
    real = os.open

    def interrupted(path, *args, **kwargs):
        fd = real(path, *args, **kwargs)
        if ".nanlint-" in os.fspath(path):
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    monkeypatch.setattr(os, "open", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(str(target), b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"import torch\nx = torch.log(p)\n"
    assert leftovers(tmp_path) == []


def test_interrupt_during_the_write_leaves_the_original(tmp_path, monkeypatch):
    from nanlint import files

    target = tmp_path / "a.py"
    target.write_bytes(b"import torch\nx = torch.log(p)\n")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(str(target), b"new")
    assert target.read_bytes() == b"import torch\nx = torch.log(p)\n"
    assert leftovers(tmp_path) == []
