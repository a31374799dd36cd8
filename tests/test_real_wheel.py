"""Fixing and checking every file of a real ML package: the pinned keras wheel.

The wheel is downloaded once into bench/.cache by bench/wheels.py, as the benchmarks do;
without the package registry the tests are skipped with the reason.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from nanlint.api import analyse_file
from nanlint.cli import main
from nanlint.config import Config
from nanlint.runner import paused_collector

ROOT = Path(__file__).resolve().parents[1]
PACKAGE, VERSION = "keras", "3.15.1"


@pytest.fixture(scope="module")
def wheel_tree(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from wheels import download

    try:
        wheel = download(PACKAGE, VERSION)
    except (SystemExit, subprocess.CalledProcessError) as error:
        pytest.skip(f"cannot download {PACKAGE}=={VERSION}: {error}")
    tree = tmp_path_factory.mktemp("wheel")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tree)
    return tree


def _snapshot(tree: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(tree.rglob("*.py"))}


def test_fix_over_a_whole_wheel_changes_only_what_it_fixes(wheel_tree, tmp_path, capsys):
    work = tmp_path / "keras"
    shutil.copytree(wheel_tree, work)
    before = _snapshot(work)
    assert len(before) > 800
    os.chdir(tmp_path)
    main(["check", "--fix", "--unsafe-fixes", "--no-cache", "--exit-zero", str(work)])
    after = _snapshot(work)
    changed = [p for p in before if after[p][0] != before[p][0]]
    assert changed, "the wheel has fixable findings"
    for path in before:
        if path in changed:
            ast.parse(after[path][0])  # every fixed file still parses
        else:
            assert after[path][1] == before[path][1], f"{path} touched without a fix"
    capsys.readouterr()
    assert main(["check", "--diff", "--unsafe-fixes", "--no-cache", str(work)]) == 0
    assert capsys.readouterr().out == ""  # a second run changes nothing


def test_fast_path_matches_the_full_analysis_on_the_wheel(wheel_tree):
    fast, full = Config(), Config(prefilter=False)
    for path in paused_collector(sorted(wheel_tree.rglob("*.py"))):
        quick = analyse_file(str(path), fast)
        slow = analyse_file(str(path), full)
        assert [(f.line, f.column, f.code) for f in quick.findings] == \
            [(f.line, f.column, f.code) for f in slow.findings], path
        assert quick.errors == slow.errors, path
