"""Which files ``nanlint check`` finds: walking folders, skipped folders, .gitignore, explicit
paths, and paths that could hang or crash a naive walk (FIFOs, symlink loops)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
from pathlib import Path

import pytest

from nanlint.cli import main

FLAGGED = "import torch\ndef f(p):\n    return torch.log(p)\n"  # NAN001 at 3:12


def notebook(*sources: str) -> str:
    cells = [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": source.splitlines(keepends=True)} for source in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def project(tmp_path, monkeypatch):
    """The working directory, marked as a repository root so that no .gitignore above the
    test's folder is read."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str = FLAGGED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(capsys, *argv: str) -> tuple[int, dict]:
    code = main(["check", "--format", "json", *argv])
    out, err = capsys.readouterr()
    assert code in (0, 1), f"exit {code}: {err}"
    return code, json.loads(out)


def flagged_paths(document: dict) -> set[str]:
    return {f["path"] for f in document["findings"]}


@contextlib.contextmanager
def deadline(seconds: float):
    """Fail instead of hanging forever (a blocking open of a FIFO, an endless walk)."""

    def expire(signum, frame):
        raise TimeoutError(f"did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------- what is found


def test_walk_finds_py_and_ipynb_not_stubs_or_others(project, capsys):
    write(project / "a.py")
    write(project / "pkg" / "deep" / "b.py")
    write(project / "pkg" / "n.ipynb", notebook("import torch\n", FLAGGED))
    write(project / "pkg" / "stub.pyi")
    write(project / "pkg" / "notes.txt")
    write(project / "pkg" / "script")  # no suffix
    write(project / "pkg" / "old.py.bak")
    code, document = check(capsys, ".")
    assert code == 1
    assert flagged_paths(document) == {"a.py", "pkg/deep/b.py", "pkg/n.ipynb"}
    assert document["summary"]["files"] == 3
    assert document["errors"] == []


def test_default_path_is_the_working_directory(project, capsys):
    write(project / "a.py")
    write(project / "sub" / "b.py")
    code, document = check(capsys)
    assert code == 1
    assert flagged_paths(document) == {"a.py", "sub/b.py"}


def test_walk_of_a_named_folder_reports_paths_under_it(project, capsys):
    write(project / "pkg" / "a.py")
    _, document = check(capsys, "pkg")
    assert flagged_paths(document) == {"pkg/a.py"}
    _, document = check(capsys, str(project / "pkg"))
    assert flagged_paths(document) == {str(project / "pkg" / "a.py")}


@pytest.mark.parametrize("folder", [
    ".git/objects", ".venv/lib", "venv", "build", "dist", "__pycache__",
    "lib/python3.11/site-packages/torchlike", "node_modules/pkg", "a/b/build",
    ".ipynb_checkpoints",
])
def test_skipped_folders(project, capsys, folder):
    write(project / "kept.py")
    write(project / folder / "hidden.py")
    code, document = check(capsys, ".")
    assert code == 1
    assert flagged_paths(document) == {"kept.py"}
    assert document["summary"]["files"] == 1


def test_any_folder_with_pyvenv_cfg_is_skipped(project, capsys):
    write(project / "kept.py")
    write(project / "myenv" / "pyvenv.cfg", "home = /usr/bin\n")
    write(project / "myenv" / "lib" / "x.py")
    write(project / "notenv" / "y.py")  # same shape, no pyvenv.cfg: walked
    _, document = check(capsys, ".")
    assert flagged_paths(document) == {"kept.py", "notenv/y.py"}


def test_folders_named_like_skipped_ones_are_walked(project, capsys):
    for folder in ("builder", "distance", "venvs_docs", "src/git"):
        write(project / folder / "m.py")
    _, document = check(capsys, ".")
    assert flagged_paths(document) == {"builder/m.py", "distance/m.py", "venvs_docs/m.py",
                                       "src/git/m.py"}


def test_explicit_file_in_a_skipped_folder_is_checked(project, capsys):
    write(project / "build" / "gen.py")
    code, document = check(capsys, "build/gen.py")
    assert code == 1
    assert flagged_paths(document) == {"build/gen.py"}


# --------------------------------------------------------------------- .gitignore


def test_gitignore_is_honoured(project, capsys):
    (project / ".gitignore").write_text("generated/\n*_gen.py\n!keep_gen.py\n/top_only.py\n")
    write(project / "a.py")
    write(project / "generated" / "g.py")
    write(project / "model_gen.py")
    write(project / "keep_gen.py")
    write(project / "top_only.py")
    write(project / "sub" / "top_only.py")  # the pattern is anchored at the root
    write(project / "sub" / "layer_gen.py")
    _, document = check(capsys, ".")
    assert flagged_paths(document) == {"a.py", "keep_gen.py", "sub/top_only.py"}


def test_an_ignored_folder_named_explicitly_is_checked_with_its_own_ignores(project, capsys):
    (project / ".gitignore").write_text("vendor/\n")
    write(project / "vendor" / "lib" / "a.py")
    write(project / "vendor" / "lib" / "skip_me.py")
    (project / "vendor" / ".gitignore").write_text("skip_me.py\n")
    write(project / "b.py")
    _, walked = check(capsys, ".")
    assert flagged_paths(walked) == {"b.py"}
    _, named = check(capsys, "vendor")
    assert flagged_paths(named) == {"vendor/lib/a.py"}


def test_an_excluded_folder_named_explicitly_is_checked(project, capsys):
    (project / "pyproject.toml").write_text('[tool.nanlint]\nexclude = ["third_party"]\n')
    write(project / "third_party" / "a.py")
    _, walked = check(capsys, ".")
    assert flagged_paths(walked) == set()
    _, named = check(capsys, "third_party")
    assert flagged_paths(named) == {"third_party/a.py"}


def test_nested_gitignore_applies_below_its_folder_only(project, capsys):
    (project / "sub").mkdir()
    (project / "sub" / ".gitignore").write_text("local.py\n")
    write(project / "local.py")
    write(project / "sub" / "local.py")
    write(project / "sub" / "deeper" / "local.py")
    write(project / "sub" / "kept.py")
    write(project / "other" / "local.py")
    _, document = check(capsys, ".")
    assert flagged_paths(document) == {"local.py", "sub/kept.py", "other/local.py"}


def test_nested_gitignore_negation_reincludes(project, capsys):
    # git check-ignore agrees: sub/keep_gen.py is not ignored
    (project / ".gitignore").write_text("*_gen.py\n")
    (project / "sub").mkdir()
    (project / "sub" / ".gitignore").write_text("!keep_gen.py\n")
    write(project / "sub" / "keep_gen.py")
    write(project / "sub" / "other_gen.py")
    _, document = check(capsys, ".")
    assert flagged_paths(document) == {"sub/keep_gen.py"}


def test_repository_gitignore_applies_when_checking_a_subfolder(project, capsys):
    (project / ".gitignore").write_text("generated/\n")
    write(project / "pkg" / "generated" / "g.py")
    write(project / "pkg" / "m.py")
    _, document = check(capsys, "pkg")
    assert flagged_paths(document) == {"pkg/m.py"}


def test_gitignore_between_repository_root_and_walked_folder(project, capsys):
    (project / "a").mkdir()
    (project / "a" / ".gitignore").write_text("scratch_*.py\n")
    write(project / "a" / "b" / "scratch_1.py")
    write(project / "a" / "b" / "m.py")
    _, document = check(capsys, "a/b")
    assert flagged_paths(document) == {"a/b/m.py"}


def test_no_respect_gitignore(project, capsys):
    (project / ".gitignore").write_text("generated/\n*_gen.py\n")
    (project / "sub").mkdir()
    (project / "sub" / ".gitignore").write_text("local.py\n")
    write(project / "a.py")
    write(project / "generated" / "g.py")
    write(project / "x_gen.py")
    write(project / "sub" / "local.py")
    _, document = check(capsys, "--no-respect-gitignore", ".")
    assert flagged_paths(document) == {"a.py", "generated/g.py", "x_gen.py", "sub/local.py"}


def test_explicit_file_is_checked_even_if_gitignored(project, capsys):
    (project / ".gitignore").write_text("generated/\n*_gen.py\n")
    write(project / "generated" / "g.py")
    write(project / "x_gen.py")
    code, document = check(capsys, "generated/g.py", "x_gen.py")
    assert code == 1
    assert flagged_paths(document) == {"generated/g.py", "x_gen.py"}


def test_exclude_option(project, capsys):
    write(project / "a.py")
    write(project / "gen" / "g.py")
    write(project / "b_test.py")
    _, document = check(capsys, "--exclude", "gen/", "--exclude", "*_test.py", ".")
    assert flagged_paths(document) == {"a.py"}


# --------------------------------------------------------------------- bad paths


def test_nonexistent_path_is_an_error_and_the_run_goes_on(project, capsys):
    write(project / "a.py")
    code, document = check(capsys, "missing.py", "a.py", "no/such/dir")
    assert code == 1
    assert flagged_paths(document) == {"a.py"}
    assert sorted(e["path"] for e in document["errors"]) == ["missing.py", "no/such/dir"]
    assert all(e["message"] for e in document["errors"])
    assert document["summary"] == {"files": 1, "findings": 1, "errors": 2}


def test_nonexistent_path_alone_exits_1(project, capsys):
    code, document = check(capsys, "missing.py")
    assert code == 1
    assert [e["path"] for e in document["errors"]] == ["missing.py"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_named_explicitly_does_not_hang(project, capsys):
    os.mkfifo(project / "x.py")
    write(project / "a.py")
    with deadline(10):
        code, document = check(capsys, "x.py", "a.py")
    assert code == 1
    assert flagged_paths(document) == {"a.py"}
    assert [e["path"] for e in document["errors"]] == ["x.py"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_in_a_walked_folder_does_not_hang(project, capsys):
    (project / "pkg").mkdir()
    os.mkfifo(project / "pkg" / "x.py")
    write(project / "pkg" / "a.py")
    with deadline(10):
        code, document = check(capsys, ".")
    assert code == 1
    assert flagged_paths(document) == {"pkg/a.py"}
    # skipped or reported, never read
    assert {e["path"] for e in document["errors"]} <= {"pkg/x.py"}


def test_directory_named_like_a_python_file(project, capsys):
    write(project / "x.py" / "inner.py")
    write(project / "empty.py" / "README")
    code, document = check(capsys, ".")
    assert code == 1
    assert flagged_paths(document) == {"x.py/inner.py"}
    assert document["errors"] == []
    code, document = check(capsys, "empty.py")
    assert code == 0
    assert document["errors"] == [] and document["findings"] == []


def test_symlinked_folder_loop_does_not_hang(project, capsys):
    write(project / "pkg" / "a.py")
    write(project / "pkg" / "sub" / "b.py")
    os.symlink("..", project / "pkg" / "sub" / "up")
    os.symlink(project / "pkg", project / "pkg" / "sub" / "again")
    with deadline(10):
        code, document = check(capsys, ".")
    assert code == 1
    assert flagged_paths(document) == {"pkg/a.py", "pkg/sub/b.py"}
    assert document["summary"]["files"] == 2


def test_symlinked_file_loop_does_not_crash(project, capsys):
    write(project / "a.py")
    os.symlink("loop.py", project / "loop.py")
    with deadline(10):
        code, document = check(capsys, ".")
    assert code == 1
    assert flagged_paths(document) == {"a.py"}
    assert {e["path"] for e in document["errors"]} <= {"loop.py"}


def test_symlinked_file_loop_named_explicitly_is_an_error(project, capsys):
    write(project / "a.py")
    os.symlink("loop.py", project / "loop.py")
    with deadline(10):
        code, document = check(capsys, "loop.py", "a.py")
    assert code == 1
    assert flagged_paths(document) == {"a.py"}
    assert [e["path"] for e in document["errors"]] == ["loop.py"]


def test_dangling_symlink_does_not_stop_the_run(project, capsys):
    write(project / "a.py")
    os.symlink("nowhere.py", project / "dangling.py")
    code, document = check(capsys, ".")
    assert code == 1
    assert flagged_paths(document) == {"a.py"}
    assert {e["path"] for e in document["errors"]} <= {"dangling.py"}


def test_paths_with_spaces_and_non_ascii_names(project, capsys):
    write(project / "my project" / "train model.py")
    write(project / "modèles" / "réseau_ß.py")
    write(project / "データ" / "学習.ipynb", notebook("import torch\n", FLAGGED))
    code, document = check(capsys, ".")
    assert code == 1
    assert {(f["path"], f["line"], f["column"]) for f in document["findings"]} == {
        ("my project/train model.py", 3, 12),
        ("modèles/réseau_ß.py", 3, 12),
        ("データ/学習.ipynb", 3, 12),
    }
    code, document = check(capsys, "my project/train model.py")
    assert flagged_paths(document) == {"my project/train model.py"}


def test_text_output_with_non_ascii_path(project, capsys):
    write(project / "modèles" / "réseau.py")
    assert main(["check", "modèles"]) == 1
    assert capsys.readouterr().out.startswith("modèles/réseau.py:3:12: NAN001 ")


def test_a_file_named_twice_is_checked_once(project, capsys):
    write(project / "pkg" / "a.py")
    _, document = check(capsys, "pkg", "pkg/a.py", "./pkg/a.py")
    assert len(document["findings"]) == 1
    assert document["summary"]["files"] == 1
