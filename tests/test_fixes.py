"""`--fix`, `--diff`, `--unsafe-fixes`: what is written, and what never is."""

from __future__ import annotations

import ast
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

from nanlint import fixes
from nanlint.cli import main
from nanlint.config import Config

ROOT = Path(__file__).resolve().parents[1]
CATALOG_LINE = ("cross_entropy = tf.reduce_mean(-tf.reduce_sum("
                "y_ * tf.log(tf.clip_by_value(y_conv, 1e-10, 1.0)), reduction_indices=[1]))")
FLAGGED = "import torch\n\n\ndef f(p):\n    return torch.log(p)\n"
FIXED = "import torch\n\n\ndef f(p):\n    return torch.log(torch.clamp(p, min=1e-10))\n"
CLEAN = "import torch\n\n\ndef f(p):\n    return torch.log(p + 1e-6)\n"


def run(*args: str) -> int:
    return main(["check", *args])


def test_catalog_example_gets_exactly_the_catalog_fix(tmp_path, capsys):
    target = tmp_path / "mnist.py"
    shutil.copy(ROOT / "examples" / "mnist_tf1.py", target)
    assert run("--fix", str(target)) == 0
    lines = target.read_text().splitlines()
    assert CATALOG_LINE in lines
    assert "Fixed 1 finding (0 remaining)" in capsys.readouterr().err
    before = target.read_bytes()
    assert run("--fix", str(target)) == 0
    assert target.read_bytes() == before
    assert run("--select", "NAN001,NAN003", str(target)) == 0


def test_fix_reports_remaining_findings_and_exit_code(tmp_path, capsys):
    target = tmp_path / "m.py"
    # the helper call cannot be fixed mechanically: it stays reported
    target.write_text("import torch\ndef f(x):\n    return torch.nan_to_num(torch.log(x))\n")
    assert run("--fix", str(target)) == 1
    err = capsys.readouterr().err
    assert "Fixed 0 findings (1 remaining)" in err


def test_untouched_files_keep_their_bytes_and_mtime(tmp_path):
    clean, flagged = tmp_path / "clean.py", tmp_path / "flagged.py"
    clean.write_text(CLEAN)
    flagged.write_text(FLAGGED)
    os.utime(clean, (1_000_000, 1_000_000))
    inode = clean.stat().st_ino
    assert run("--fix", str(tmp_path)) == 0
    assert clean.stat().st_mtime == 1_000_000 and clean.stat().st_ino == inode
    assert flagged.read_text() == FIXED


def test_permissions_crlf_bom_and_encoding_are_kept(tmp_path):
    crlf = tmp_path / "crlf.py"
    crlf.write_bytes(FLAGGED.replace("\n", "\r\n").encode())
    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbf" + FLAGGED.encode())
    latin = tmp_path / "latin.py"
    latin.write_bytes(b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + FLAGGED.encode())
    os.chmod(crlf, 0o640)
    assert run("--fix", str(tmp_path)) == 0
    assert crlf.read_bytes() == FIXED.replace("\n", "\r\n").encode()
    assert stat.S_IMODE(crlf.stat().st_mode) == 0o640
    assert bom.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode()
    assert latin.read_bytes() == b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + FIXED.encode()


def test_no_temporary_files_are_left(tmp_path):
    (tmp_path / "a.py").write_text(FLAGGED)
    run("--fix", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py"]


def test_a_fix_that_would_not_parse_is_not_written(tmp_path, monkeypatch, capsys):
    target = tmp_path / "a.py"
    target.write_text(FLAGGED)
    monkeypatch.setattr(fixes, "apply_edits", lambda text, edits: (text + "def (:\n", 1))
    assert run("--fix", str(target)) == 1
    assert target.read_text() == FLAGGED
    assert "fix not applied: the result would not parse" in capsys.readouterr().out


def test_missing_import_is_added_once_in_the_import_block(tmp_path):
    target = tmp_path / "a.py"
    target.write_text('"""Doc."""\nfrom torch import log, sigmoid\n\n\ndef f(z, y):\n'
                      "    return log(sigmoid(z)) + log(sigmoid(y))\n")
    assert run("--fix", str(target)) == 0
    assert target.read_text() == (
        '"""Doc."""\nfrom torch import log, sigmoid\nimport torch.nn.functional as F\n\n\n'
        "def f(z, y):\n    return F.logsigmoid(z) + F.logsigmoid(y)\n")


def test_unsafe_fixes_only_when_asked(tmp_path):
    target = tmp_path / "a.py"
    source = "import numpy as np\ndef f(x):\n    s = x.sum()\n    return x / s\n"
    target.write_text(source)
    assert run("--fix", str(target)) == 1
    assert target.read_text() == source
    assert run("--fix", "--unsafe-fixes", str(target)) == 0
    assert target.read_text() == source.replace("x / s", "x / np.maximum(s, 1e-10)")


def test_fix_epsilon_is_configurable(tmp_path):
    target = tmp_path / "a.py"
    target.write_text(FLAGGED)
    assert run("--fix", "--fix-epsilon", "1e-7", str(target)) == 0
    assert "torch.clamp(p, min=1e-7)" in target.read_text()


def test_diff_writes_nothing_and_applies_like_fix(tmp_path, capsys):
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ROOT / "examples" / "mnist_tf1.py", work / "mnist.py")
    (work / "other.py").write_text(FLAGGED)
    (work / "clean.py").write_text(CLEAN)
    original = {p.name: p.read_bytes() for p in work.iterdir()}
    os.chdir(work)
    assert run("--diff", ".") == 1
    captured = capsys.readouterr()
    assert {p.name: p.read_bytes() for p in work.iterdir()} == original
    assert "Would fix 2 findings in 2 files." in captured.err
    patched = tmp_path / "patched"
    shutil.copytree(work, patched)
    subprocess.run(["patch", "-p0", "--quiet"], input=captured.out, text=True, cwd=patched,
                   check=True)
    assert run("--fix", ".") == 0
    assert {p.name: p.read_bytes() for p in patched.iterdir()} == \
        {p.name: p.read_bytes() for p in work.iterdir()}
    assert run("--diff", ".") == 0


def _notebook(cells: list[str]) -> dict:
    return {
        "cells": [{"cell_type": "code", "execution_count": 3, "id": f"cell-{i}",
                   "metadata": {"tags": ["keep"]},
                   "outputs": [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]}],
                   "source": source.splitlines(keepends=True)}
                  for i, source in enumerate(cells)] +
                 [{"cell_type": "markdown", "id": "md", "metadata": {}, "source": ["# torch.log(p)"]}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def test_notebooks_are_fixed_in_their_cells_and_nothing_else_changes(tmp_path):
    target = tmp_path / "nb.ipynb"
    notebook = _notebook(["import torch\n%matplotlib inline", "!pip list\np = torch.rand(3)\n"
                          "q = torch.log(p)"])
    target.write_text(json.dumps(notebook, indent=1))
    assert run("--fix", str(target)) == 0
    fixed = json.loads(target.read_text())
    expected = _notebook(["import torch\n%matplotlib inline", "!pip list\np = torch.rand(3)\n"
                          "q = torch.log(torch.clamp(p, 1e-10, 1.0))"])
    assert fixed == expected
    assert run(str(target)) == 0


def test_notebook_fix_adds_a_needed_import_to_the_first_cell(tmp_path):
    target = tmp_path / "nb.ipynb"
    target.write_text(json.dumps(_notebook(["from torch import log, sigmoid",
                                            "y = log(sigmoid(z))"]), indent=1))
    assert run("--fix", str(target)) == 0
    cells = json.loads(target.read_text())["cells"]
    assert "".join(cells[0]["source"]) == \
        "from torch import log, sigmoid\nimport torch.nn.functional as F"
    assert "".join(cells[1]["source"]) == "y = F.logsigmoid(z)"


def test_fixing_is_idempotent_on_every_example(tmp_path):
    from nanlint.rules import ALL_RULES

    for rule in ALL_RULES:
        for index, example in enumerate(rule.INVALID):
            target = tmp_path / f"{rule.code}_{index}.py"
            target.write_text(example.code)
    config = Config(select=("ALL",))
    for path in sorted(tmp_path.iterdir()):
        once = fixes.fix_file(str(path), config, unsafe=True)
        if once.changed:
            ast.parse(once.fixed)
            path.write_bytes(once.fixed)
        twice = fixes.fix_file(str(path), config, unsafe=True)
        assert not twice.changed, path.name


def test_a_fragment_using_a_conventional_alias_keeps_using_it(tmp_path):
    target = tmp_path / "a.py"
    target.write_text("def f(p):\n    return tf.log(tf.sigmoid(p))\n")
    assert run("--fix", str(target)) == 0
    assert target.read_text() == "def f(p):\n    return tf.math.log_sigmoid(p)\n"


def test_an_import_goes_at_the_top_of_a_file_without_an_import_block(tmp_path):
    target = tmp_path / "a.py"
    target.write_text("def f(p):\n    from tensorflow.math import log, sigmoid\n"
                      "    return log(sigmoid(p))\n")
    assert run("--fix", str(target)) == 0
    assert target.read_text() == ("import tensorflow as tf\ndef f(p):\n"
                                  "    from tensorflow.math import log, sigmoid\n"
                                  "    return tf.math.log_sigmoid(p)\n")


def test_a_notebook_cell_holding_more_than_text_is_never_rewritten(tmp_path):
    target = tmp_path / "nb.ipynb"
    notebook = _notebook(["import torch\n"])
    notebook["cells"][0]["source"] = ["import torch\n", None, "x = torch.log(p)"]
    target.write_text(json.dumps(notebook))
    before = target.read_bytes()
    assert run("--fix", str(target)) == 1
    assert target.read_bytes() == before
