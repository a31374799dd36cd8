"""Whole-corpus robustness run (issue 6): nanlint over the CPython standard library and its
test suite (with its deliberately broken files: lib2to3 test data, badsyntax_*.py, bad
coding cookies) and over the unpacked ML wheels of the benchmarks, if present.

    .venv/bin/python bench/robustness.py [--only NAME] [--jobs N] [--keep]

For every corpus the files are copied (``.py`` and ``.ipynb`` only) to a temporary folder;
on the copy it runs ``nanlint check --format json``, then ``--diff`` (must write nothing),
then ``--fix --unsafe-fixes``, and prints:

* files tried, findings, fixable findings;
* errors by kind (messages grouped into classes);
* crashes: exit code 2, a traceback, or an ``internal error`` (must be 0);
* files changed by ``--fix`` that no longer parse (must be 0);
* files touched without a fix: bytes or mtime changed by ``--diff``, or by ``--fix`` in a
  file with no fixable finding, or not as ``--diff`` said (must be 0);
* files Python cannot parse that nanlint reported no error for (silently skipped).

Exits 1 when a "must be 0" figure is not. Standard library and nanlint only; not run in CI.
"""

from __future__ import annotations

import argparse
import ast
import collections
import io
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import tokenize
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUFFIXES = (".py", ".ipynb")
SKIP_DIRS = {"__pycache__", "site-packages", ".git", ".nanlint_cache"}


def corpora() -> list[tuple[str, Path]]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    found = [("stdlib", stdlib)]
    unpacked: list[str] = []
    for cache in ("src", "speed"):  # speed/keras is src/keras-3.x again: once is enough
        folder = HERE / ".cache" / cache
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.iterdir() if p.is_dir()):
            if cache == "speed" and any(n.startswith(path.name + "-") for n in unpacked):
                continue
            unpacked.append(path.name)
            found.append((f"{cache}/{path.name}", path))
    return found


def copy_sources(source: Path, target: Path) -> list[str]:
    """Copy the .py and .ipynb files (regular files only, no symlinks followed); return the
    relative paths."""
    copied = []
    for folder, dirnames, filenames in os.walk(source):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            if not name.endswith(SUFFIXES):
                continue
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(source)
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relative)
            copied.append(relative.as_posix())
    return copied


def snapshot(root: Path, files: list[str]) -> dict[str, tuple[bytes, int]]:
    state = {}
    for relative in files:
        path = root / relative
        state[relative] = (path.read_bytes(), path.stat().st_mtime_ns)
    return state


def python_parses(data: bytes, notebook: bool) -> bool:
    """Whether Python 3 itself parses the file (every code cell of a notebook)."""
    try:
        if notebook:
            document = json.loads(data.decode("utf-8-sig"))
            cells = document.get("cells") or [c for w in document.get("worksheets", [])
                                              for c in w.get("cells", [])]
            from nanlint.source import blank_ipython

            for cell in cells:
                if cell.get("cell_type") == "code":
                    source = cell.get("source", cell.get("input", ""))
                    text = "".join(source) if isinstance(source, list) else source
                    ast.parse(blank_ipython(text))
            return True
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        ast.parse(data.decode(encoding))
        return True
    except Exception:  # any failure: it does not parse
        return False


def run(argv: list[str], cwd: Path) -> tuple[int, str, str, float]:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "nanlint", *argv], cwd=cwd,
                          capture_output=True, timeout=3600)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"), time.monotonic() - started)


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\([^()]*\)")
_NUMBER = re.compile(r"\d+(\.\d+)?")


def error_class(message: str) -> str:
    """A message without its particulars: 'syntax error: invalid character …'."""
    text = _QUOTED.sub("…", message)
    text = _NUMBER.sub("N", text)
    text = re.sub(r"U\+[0-9A-F]+", "U+…", text)
    text = re.sub(r"(cannot decode as|unknown encoding:) \S+", r"\1 …", text)
    return text[:90]


def crash_lines(code: int, stderr: str, document: dict | None) -> list[str]:
    crashes = []
    if code == 2:
        crashes.append(f"exit 2: {stderr.strip().splitlines()[-1:]} ")
    if "Traceback" in stderr:
        crashes.append("traceback on stderr: " + stderr.strip().splitlines()[-1])
    if document is not None:
        crashes += [f"{e['path']}: {e['message']}" for e in document["errors"]
                    if "internal error" in e["message"]]
    return crashes


def check_corpus(name: str, source: Path, work: Path, jobs: list[str]) -> dict:
    started = time.monotonic()
    files = copy_sources(source, work)
    common = ["--no-respect-gitignore", "--no-cache", *jobs]
    figures: dict = {"corpus": name, "files": len(files)}

    code, out, err, seconds = run(["check", "--format", "json", "--exit-zero",
                                   "--unsafe-fixes", *common, "."], work)
    figures["check_seconds"] = round(seconds, 1)
    try:
        document = json.loads(out)
    except ValueError:
        document = None
    crashes = crash_lines(code, err, document)
    findings = document["findings"] if document else []
    errors = document["errors"] if document else []
    figures["findings"] = len(findings)
    figures["fixable"] = sum(f.get("fix") is not None for f in findings)
    fixable_files = {os.path.normpath(f["path"]) for f in findings if f.get("fix")}
    figures["errors"] = len(errors)
    figures["error_kinds"] = collections.Counter(error_class(e["message"]) for e in errors)
    reported = {os.path.normpath(e["path"]) for e in errors}

    before = snapshot(work, files)
    parsed_before = {f: python_parses(before[f][0], f.endswith(".ipynb")) for f in files}
    figures["python_cannot_parse"] = sum(not ok for ok in parsed_before.values())
    figures["unparseable_not_reported"] = sorted(
        f for f, ok in parsed_before.items() if not ok and os.path.normpath(f) not in reported)

    # --diff: prints, writes nothing
    code, out, err, seconds = run(["check", "--diff", "--unsafe-fixes", *common, "."], work)
    crashes += crash_lines(code, err, None)
    diff_files = {os.path.normpath(line[4:].split("\t")[0]) for line in out.splitlines()
                  if line.startswith("--- ")}
    after_diff = snapshot(work, files)
    touched = [f for f in files if after_diff[f] != before[f]]
    figures["touched_by_diff"] = touched

    # --fix --unsafe-fixes: writes what --diff showed, and only that
    code, out, err, seconds = run(["check", "--fix", "--unsafe-fixes", "--exit-zero",
                                   "--format", "json", *common, "."], work)
    figures["fix_seconds"] = round(seconds, 1)
    try:
        fixed_document = json.loads(out)
    except ValueError:
        fixed_document = None
    crashes += crash_lines(code, err, fixed_document)
    after = snapshot(work, files)
    changed = {f for f in files if after[f][0] != before[f][0]}
    figures["changed_by_fix"] = len(changed)
    figures["fix_broke_parse"] = sorted(
        f for f in changed if parsed_before[f] and not python_parses(after[f][0],
                                                                      f.endswith(".ipynb")))
    figures["fix_changed_unparseable"] = sorted(f for f in changed if not parsed_before[f])
    touched_without_fix = [f for f in files if after[f] != before[f]
                           and os.path.normpath(f) not in fixable_files]
    touched_without_fix += [f for f in files if after[f][0] == before[f][0]
                            and after[f][1] != before[f][1]]
    figures["touched_without_fix"] = sorted(set(touched_without_fix))
    figures["diff_vs_fix"] = sorted({os.path.normpath(f) for f in changed} ^ diff_files)
    figures["crashes"] = crashes
    figures["seconds"] = round(time.monotonic() - started, 1)
    return figures


def print_figures(figures: dict) -> None:
    print(f"\n== {figures['corpus']}: {figures['files']} files tried "
          f"(check {figures['check_seconds']} s, fix {figures['fix_seconds']} s, "
          f"all {figures['seconds']} s)")
    print(f"   findings {figures['findings']} (fixable {figures['fixable']}), "
          f"changed by --fix {figures['changed_by_fix']}")
    print(f"   errors {figures['errors']}; Python itself cannot parse "
          f"{figures['python_cannot_parse']}")
    for kind, count in figures["error_kinds"].most_common():
        print(f"     {count:5d}  {kind}")
    for key, label in (("crashes", "crashes (must be 0)"),
                       ("fix_broke_parse", "changed by --fix, no longer parse (must be 0)"),
                       ("touched_without_fix", "touched without a fix (must be 0)"),
                       ("touched_by_diff", "touched by --diff (must be 0)"),
                       ("diff_vs_fix", "--diff and --fix disagree on (must be 0)"),
                       ("fix_changed_unparseable", "unparseable files changed by --fix"),
                       ("unparseable_not_reported", "not Python 3, no error (read as Python 2?)")):
        items = figures[key]
        print(f"   {label}: {len(items)}")
        for item in items[:8]:
            print(f"       {item}")
        if len(items) > 8:
            print(f"       ... {len(items) - 8} more")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[],
                        help="only corpora whose name contains this (repeatable)")
    parser.add_argument("--jobs", help="passed to nanlint --jobs")
    parser.add_argument("--keep", action="store_true", help="keep the copies")
    args = parser.parse_args()
    jobs = ["--jobs", args.jobs] if args.jobs else []
    chosen = [(n, p) for n, p in corpora()
              if not args.only or any(o in n for o in args.only)]
    totals = collections.Counter()
    kinds: collections.Counter = collections.Counter()
    bad = 0
    scratch = Path(tempfile.mkdtemp(prefix="nanlint-robustness-"))
    try:
        for number, (name, source) in enumerate(chosen):
            work = scratch / f"{number:02d}"
            work.mkdir()
            figures = check_corpus(name, source, work, jobs)
            print_figures(figures)
            sys.stdout.flush()
            for key in ("files", "findings", "fixable", "errors", "changed_by_fix",
                        "python_cannot_parse"):
                totals[key] += figures[key]
            for key in ("crashes", "fix_broke_parse", "touched_without_fix",
                        "touched_by_diff", "diff_vs_fix", "unparseable_not_reported"):
                totals[key] += len(figures[key])
            kinds.update(figures["error_kinds"])
            bad += sum(len(figures[k]) for k in ("crashes", "fix_broke_parse",
                                                 "touched_without_fix", "touched_by_diff",
                                                 "diff_vs_fix"))
            if not args.keep:
                shutil.rmtree(work)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            print(f"\ncopies kept in {scratch}")
    print(f"\n== TOTAL over {len(chosen)} corpora")
    for key in ("files", "findings", "fixable", "changed_by_fix", "errors",
                "python_cannot_parse", "unparseable_not_reported", "crashes",
                "fix_broke_parse", "touched_without_fix", "touched_by_diff", "diff_vs_fix"):
        print(f"   {key:26s} {totals[key]}")
    print("   errors by kind:")
    for kind, count in kinds.most_common():
        print(f"     {count:5d}  {kind}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
