"""How fast is nanlint? A benchmark against ruff and the catalog authors' pylint plugin.

    .venv/bin/python bench/speed.py [--repeat N] [--quick] [--no-dslinter] [--scaling]
                                    [--dslinter-repeat N] [--scaling-repeat N]
                                    [--json-out FILE]

Run from the repository root with the project's virtual environment. It is a report, never
part of the test suite or CI, and uses only the standard library.

1. Downloads the pinned wheels (transformers 5.24.0, keras 3.15.1, ``--no-deps``) into
   ``bench/.cache/wheels`` (skipped when there) and unpacks each once to
   ``bench/.cache/speed/<name>/``.
2. Installs a pinned ruff into its own virtual environment under ``bench/.cache``.
3. Installs ``dslinter==2.0.9`` (with its own pins: pylint 2.12, astroid 2.9) into another
   virtual environment made with a Python 3.8 or 3.9 interpreter, when one is found; it runs
   as ``pylint --load-plugins=dslinter`` with only its two missing-mask messages enabled
   (W5513 ``missing-mask-tensorflow``, W5514 ``missing-mask-pytorch``). Skipped with a note
   when there is no such interpreter or the install fails, or with ``--no-dslinter``.
4. Runs, alternating, ``--repeat`` rounds of: ``nanlint check --format json`` cold (the
   cache deleted, ``--no-cache`` when the CLI has it), nanlint warm (when the CLI has a
   cache: one unmeasured priming run, then the measured one), ``ruff check --no-cache
   --select F --exit-zero`` and dslinter (``--dslinter-repeat`` rounds only: one run takes
   minutes). Every tool gets both wheels' folders (dslinter gets the list of their .py files,
   since pylint 2.12 skips folders without ``__init__.py``). ``--quick`` runs dslinter on
   every fourth .py file of keras only, and nanlint cold once more on the same files for the
   ratio.
5. Prints median wall time, files/s, MB/s (bytes of the .py files) and peak memory, the
   ratios measured in this run and the issue's targets, met or not, and the start-up time of
   ``nanlint --version`` (median of 10).
6. ``--scaling``: the corpus copied 1x, 2x, 4x into a temporary folder (each copy gets a
   distinct trailing comment, so no two files are byte-identical), nanlint cold (and ruff,
   for reference) on each size.
7. When the CLI has ``--jobs``: whether ``--jobs 1`` gives the same findings as the default.

Memory: ``tree MB`` is the peak of the summed proportional set size (PSS: a page shared by
forked workers counts once in all, not once per process) of the child and all its
descendants, sampled every 20 ms from /proc, and never less than the next column;
``proc RSS MB`` is the largest resident size of any single process of the tree, exact, from
``wait4``'s ``ru_maxrss``. The 300 MB target is judged on the tree figure. A sample can miss
a peak shorter than 20 ms.

Timing is wall time on whatever else the machine is doing: the load average is printed at
the start and the end; run it on an idle machine.
"""

from __future__ import annotations

import argparse
import compileall
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from wheels import unpacked

import nanlint as nanlint_package

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CACHE = BENCH / ".cache"
SPEED = CACHE / "speed"
CORPUS = (("transformers", "5.24.0"), ("keras", "3.15.1"))
RUFF_PIN = "0.17.6"
RUFF_VENV = CACHE / f"venv-ruff-{RUFF_PIN}"
DSLINTER_PIN = "2.0.9"
DSLINTER_VENV = CACHE / f"venv-dslinter-{DSLINTER_PIN}"
DSLINTER_MESSAGES = "missing-mask-tensorflow,missing-mask-pytorch"  # W5513, W5514
SAMPLE_EVERY = 0.02
PAGE = os.sysconf("SC_PAGE_SIZE")


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- corpus -------------------------------------------------------------------------------

def fetch(package: str, version: str) -> Path:
    """The folder holding the unpacked wheel of package==version (downloaded, unpacked once)."""
    note(f"preparing {package}=={version} ...")
    return unpacked(package, version, SPEED / package)


def python_files(roots: list[Path]) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*.py") if p.is_file())


def total_bytes(files: list[Path]) -> int:
    return sum(p.stat().st_size for p in files)


# --- tools --------------------------------------------------------------------------------

def make_venv(python: str, folder: Path, requirement: str) -> Optional[Path]:
    """A virtual environment at folder with requirement installed; its bin folder, or None."""
    marker = folder / ".installed"
    if marker.exists() and marker.read_text().strip() == requirement:
        return folder / "bin"
    shutil.rmtree(folder, ignore_errors=True)
    note(f"installing {requirement} into {folder.relative_to(REPO)} ...")
    try:
        subprocess.run([python, "-m", "venv", str(folder)], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", requirement], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or ""
        detail = "\n".join(line for line in detail.splitlines() if "WARNING" not in line)
        note(f"could not install {requirement}: {error}\n{detail[-2000:]}")
        shutil.rmtree(folder, ignore_errors=True)
        return None
    marker.write_text(requirement + "\n")
    return folder / "bin"


def old_python() -> Optional[str]:
    """A Python 3.8 or 3.9 interpreter (dslinter pins pylint 2.12, which needs one)."""
    candidates = [shutil.which(name) for name in ("python3.9", "python3.8")]
    for pattern in ("~/.pyenv/versions/3.9*/bin/python3", "~/.pyenv/versions/3.8*/bin/python3",
                    "/usr/bin/python3.9", "/usr/bin/python3.8"):
        candidates += sorted(glob.glob(os.path.expanduser(pattern)), reverse=True)
    for candidate in candidates:
        if not candidate:
            continue
        try:
            probe = "import sys, venv; print(*sys.version_info[:2])"
            out = subprocess.run([candidate, "-c", probe], capture_output=True, text=True,
                                 timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0 and out.stdout.split() in (["3", "8"], ["3", "9"]):
            return candidate
    return None


def nanlint_command() -> list[str]:
    script = Path(sys.executable).parent / "nanlint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "nanlint"]


def cli_flags(nanlint: list[str]) -> dict[str, bool]:
    text = subprocess.run([*nanlint, "check", "--help"], capture_output=True, text=True).stdout
    has = lambda flag: re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text) is not None  # noqa: E731
    return {"no_cache": has("--no-cache"), "jobs": has("--jobs"),
            "no_respect_gitignore": has("--no-respect-gitignore")}


def cache_dirs(cwd: Path) -> list[Path]:
    """Where a .nanlint_cache can be: the working folder, its parents and the corpus roots."""
    places = [cwd, *cwd.parents, *(p for p in cwd.iterdir() if p.is_dir())]
    return [place / ".nanlint_cache" for place in places]


def clear_cache(cwd: Path) -> None:
    for folder in cache_dirs(cwd):
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def cache_exists(cwd: Path) -> bool:
    return any(folder.is_dir() for folder in cache_dirs(cwd))


# --- measuring ----------------------------------------------------------------------------

def _tree(pid: int) -> list[int]:
    pids, stack = [], [pid]
    while stack:
        current = stack.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
        except OSError:
            pass
    return pids


def _memory(pid: int) -> int:
    """The proportional set size of pid (shared pages split among their users), else RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


class TreeSampler(threading.Thread):
    """Samples the summed PSS of a process and its descendants until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, sum(_memory(pid) for pid in _tree(self.pid)))
            self.done.wait(SAMPLE_EVERY)


@dataclass
class Run:
    wall: float
    tree_rss: int  # bytes
    proc_rss: int  # bytes
    returncode: int
    stdout: bytes
    stderr: bytes


def run_measured(command: list[str], cwd: Path, sample: bool = True) -> Run:
    """Runs command with its output in temporary files; wall time and peak memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL)
        sampler = TreeSampler(process.pid)
        if sample:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if sample:
            sampler.done.set()
            sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        proc_rss = usage.ru_maxrss * 1024  # KiB on Linux
        return Run(wall, max(sampler.peak, proc_rss), proc_rss, process.returncode,
                   out.read(), err.read())


@dataclass
class Tool:
    name: str
    files: int
    size: int
    runs: list[Run] = field(default_factory=list)
    failed: str = ""

    def add(self, run: Run) -> None:
        if run.returncode != 0 and not self.failed:
            tail = run.stderr.decode(errors="replace").strip().splitlines()[-5:]
            self.failed = f"exit {run.returncode}: " + " | ".join(tail)
        self.runs.append(run)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and not self.failed

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    def row(self) -> dict:
        if not self.runs:
            return {"tool": self.name, "skipped": self.failed or "not run"}
        median = self.median
        return {"tool": self.name, "runs": len(self.runs), "files": self.files,
                "mb": self.size / 1e6, "median_s": median,
                "min_s": min(r.wall for r in self.runs),
                "files_per_s": self.files / median, "mb_per_s": self.size / 1e6 / median,
                "tree_rss_mb": max(r.tree_rss for r in self.runs) / 1e6,
                "proc_rss_mb": max(r.proc_rss for r in self.runs) / 1e6,
                "failed": self.failed}


def print_table(tools: list[Tool]) -> None:
    header = (f"{'tool':<34} {'runs':>4} {'files':>6} {'MB':>6} {'median s':>9} {'min s':>8} "
              f"{'files/s':>8} {'MB/s':>7} {'tree MB':>11} {'proc RSS MB':>11}")
    print(header)
    print("-" * len(header))
    for tool in tools:
        row = tool.row()
        if "skipped" in row:
            print(f"{tool.name:<34} skipped: {row['skipped']}")
            continue
        print(f"{row['tool']:<34} {row['runs']:>4} {row['files']:>6} {row['mb']:>6.1f} "
              f"{row['median_s']:>9.3f} {row['min_s']:>8.3f} {row['files_per_s']:>8.0f} "
              f"{row['mb_per_s']:>7.2f} {row['tree_rss_mb']:>11.0f} {row['proc_rss_mb']:>11.0f}")
        if row["failed"]:
            print(f"{'':<34} FAILED {row['failed']}")


def json_findings(run: Run) -> Optional[tuple[list, list, dict]]:
    try:
        data = json.loads(run.stdout)
    except ValueError:
        return None
    return data.get("findings", []), data.get("errors", []), data.get("summary", {})


# --- the benchmark ------------------------------------------------------------------------

def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="measured runs per tool (3)")
    parser.add_argument("--dslinter-repeat", type=int, default=1,
                        help="measured dslinter runs (1: one takes minutes)")
    parser.add_argument("--quick", action="store_true",
                        help="dslinter on every fourth .py file of keras only")
    parser.add_argument("--no-dslinter", action="store_true", help="leave dslinter out")
    parser.add_argument("--scaling", action="store_true",
                        help="also time the corpus copied 1x, 2x, 4x")
    parser.add_argument("--scaling-repeat", type=int, default=1,
                        help="runs per size in the scaling run (1)")
    parser.add_argument("--json-out", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    results: dict = {}

    # corpus
    roots = [fetch(name, version) for name, version in CORPUS]
    files = python_files(roots)
    size = total_bytes(files)
    names = [root.name for root in roots]
    print(f"corpus: {', '.join(f'{n}=={v}' for n, v in CORPUS)}: {len(files)} .py files, "
          f"{size / 1e6:.1f} MB; {os.cpu_count()} cores; Python {sys.version.split()[0]}; "
          f"load average {os.getloadavg()[0]:.2f}")

    # nanlint, with its bytecode compiled as an installed package has it: with
    # PYTHONDONTWRITEBYTECODE set, every run would otherwise compile nanlint's modules again.
    compileall.compile_dir(Path(nanlint_package.__file__).parent, quiet=1)
    nanlint = nanlint_command()
    version = subprocess.run([*nanlint, "--version"], capture_output=True, text=True)
    flags = cli_flags(nanlint)
    print(f"{version.stdout.strip()}: --no-cache {'yes' if flags['no_cache'] else 'no'}, "
          f"--jobs {'yes' if flags['jobs'] else 'no'}")
    base = [*nanlint, "check", "--format", "json", "--exit-zero"]
    if flags["no_respect_gitignore"]:
        base.append("--no-respect-gitignore")  # the corpus sits under a gitignored folder
    cold_cmd = [*base, *(["--no-cache"] if flags["no_cache"] else []), *names]
    warm_cmd = [*base, *names]

    # ruff
    ruff_bin = make_venv(sys.executable, RUFF_VENV, f"ruff=={RUFF_PIN}")
    ruff_cmd = None
    if ruff_bin:
        ruff_cmd = [str(ruff_bin / "ruff"), "check", "--no-cache", "--isolated",
                    "--no-respect-gitignore", "--select", "F", "--exit-zero", "--quiet", *names]
        shown = subprocess.run([*ruff_cmd[:-len(names)], "--show-files", *names], cwd=SPEED,
                               capture_output=True, text=True).stdout.split()
        print(f"ruff {RUFF_PIN}: checks {sum(s.endswith('.py') for s in shown)} .py files")
    else:
        note("ruff could not be installed: its rows and ratios are left out")

    # dslinter
    ds_cmd, ds_files = None, files
    if args.quick:
        keras_files = python_files([SPEED / "keras"])
        ds_files = keras_files[::4]
    ds_size = total_bytes(ds_files)
    ds_note = ""
    if args.no_dslinter:
        ds_note = "--no-dslinter"
    else:
        python = old_python()
        if python is None:
            ds_note = "no Python 3.8 or 3.9 interpreter found"
        else:
            ds_bin = make_venv(python, DSLINTER_VENV, f"dslinter=={DSLINTER_PIN}")
            if ds_bin is None:
                ds_note = f"dslinter=={DSLINTER_PIN} could not be installed with {python}"
            else:
                rcfile = CACHE / "empty-pylintrc"
                rcfile.write_text("")
                ds_cmd = [str(ds_bin / "python"), "-m", "pylint", f"--rcfile={rcfile}",
                          "--load-plugins=dslinter", "--disable=all",
                          f"--enable={DSLINTER_MESSAGES}", "--exit-zero", "--score=n",
                          "--persistent=n", "--jobs=1",
                          *(str(p.relative_to(SPEED)) for p in ds_files)]
                quick = " (--quick: every 4th keras file)" if args.quick else ""
                print(f"dslinter {DSLINTER_PIN} (pylint 2.12, {python}): "
                      f"{len(ds_files)} files{quick}")
    if ds_note:
        print(f"dslinter: skipped ({ds_note})")

    label = "both wheels" if not args.quick else "keras/4"
    cold = Tool("nanlint cold", len(files), size)
    warm = Tool("nanlint warm", len(files), size)
    ruff = Tool(f"ruff {RUFF_PIN} --select F", len(files), size)
    dslinter = Tool(f"dslinter ({label})", len(ds_files), ds_size)
    cold_subset = Tool("nanlint cold (keras/4)", len(ds_files), ds_size)
    cold_subset_cmd = [*base, *(["--no-cache"] if flags["no_cache"] else []),
                       *(str(p.relative_to(SPEED)) for p in ds_files)]
    if ds_note:
        dslinter.failed = ds_note
    has_cache = flags["no_cache"]
    if not ruff_cmd:
        ruff.failed = "not installed"

    # one unmeasured pass so every tool reads the files from the page cache
    if ruff_cmd:
        run_measured(ruff_cmd, SPEED, sample=False)
    else:
        run_measured(cold_cmd, SPEED, sample=False)

    last_cold = last_warm = None
    for round_ in range(args.repeat):
        note(f"round {round_ + 1}/{args.repeat} ...")
        clear_cache(SPEED)
        last_cold = run_measured(cold_cmd, SPEED)
        cold.add(last_cold)
        if args.quick and ds_cmd:
            clear_cache(SPEED)
            cold_subset.add(run_measured(cold_subset_cmd, SPEED))
        if has_cache:
            clear_cache(SPEED)
            run_measured(warm_cmd, SPEED, sample=False)  # priming
            if not cache_exists(SPEED):
                has_cache = False
                warm.failed = "no .nanlint_cache appeared after a run without --no-cache"
            else:
                last_warm = run_measured(warm_cmd, SPEED)
                warm.add(last_warm)
        if ruff_cmd:
            ruff.add(run_measured(ruff_cmd, SPEED))
        if ds_cmd and round_ < args.dslinter_repeat:
            note("  dslinter (minutes) ...")
            dslinter.add(run_measured(ds_cmd, SPEED))
    clear_cache(SPEED)
    if not flags["no_cache"]:
        warm.failed = "nanlint check has no --no-cache (no cache yet)"

    # start-up
    startup = []
    for _ in range(10):
        start = time.perf_counter()
        subprocess.run([*nanlint, "--version"], capture_output=True)
        startup.append(time.perf_counter() - start)
    bare = []
    for _ in range(10):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True)
        bare.append(time.perf_counter() - start)
    startup_ms, bare_ms = statistics.median(startup) * 1e3, statistics.median(bare) * 1e3

    print(f"\nload average now {os.getloadavg()[0]:.2f} (1 min)")
    tools = [cold, warm, ruff, dslinter] + ([cold_subset] if args.quick and ds_cmd else [])
    print()
    print_table(tools)
    print(f"\n`nanlint --version` start-up: median {startup_ms:.0f} ms of 10 "
          f"(bare `python -c pass`: {bare_ms:.0f} ms)")

    # what nanlint found, and the checks that the fast paths change nothing
    found = json_findings(last_cold) if last_cold else None
    if found:
        findings, errors, summary = found
        print(f"nanlint cold: {len(findings)} findings, {len(errors)} errors, "
              f"summary files={summary.get('files')}")
        if summary.get("files") not in (None, len(files)):
            print(f"  NOTE: nanlint checked {summary.get('files')} files, "
                  f"the corpus has {len(files)}")
    if dslinter.runs:
        text = dslinter.runs[-1].stdout.decode(errors="replace")
        print(f"dslinter: {text.count('(missing-mask-')} missing-mask messages")
    if last_warm and found:
        again = json_findings(last_warm)
        print(f"warm findings identical to cold: {'yes' if again == found else 'NO'}")
    if flags["jobs"] and found:
        one = json_findings(run_measured([*cold_cmd[:-len(names)], "--jobs", "1", *names],
                                         SPEED, sample=False))
        same = one == found
        print(f"findings with --jobs 1 identical to the default: {'yes' if same else 'NO'}"
              + ("" if same or one is None or sorted(map(json.dumps, one[0])) !=
                 sorted(map(json.dumps, found[0])) else " (same set, different order)"))
        results["jobs1_identical"] = same
    elif not flags["jobs"]:
        print("findings with --jobs 1 vs the default: not checked (no --jobs yet)")

    # ratios and targets
    print("\nratios (this run):")
    ratios, targets = {}, []

    def ratio(name: str, a: Tool, b: Tool) -> Optional[float]:
        if a.ok and b.ok:
            value = a.median / b.median
            ratios[name] = value
            print(f"  {name:<38} {value:8.2f}x")
            return value
        print(f"  {name:<38}      n/a")
        return None

    cr = ratio("nanlint cold / ruff", cold, ruff)
    wr = ratio("nanlint warm / ruff cold", warm, ruff)
    dr = ratio("dslinter / nanlint cold" + (" (keras/4)" if args.quick else ""),
               dslinter, cold_subset if args.quick else cold)
    mark = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    if cr is not None:
        targets.append(("cold <= 1.5x ruff", mark(cr <= 1.5)))
        targets.append(("cold <= 1.0x ruff (stretch)", mark(cr <= 1.0)))
    else:
        targets.append(("cold <= 1.5x ruff", "n/a"))
    targets.append(("warm <= 0.3x ruff cold", mark(wr <= 0.3) if wr is not None else "n/a"))
    targets.append((">= 100x faster than dslinter", mark(dr >= 100) if dr is not None else "n/a"))
    peak = max((r.tree_rss for t in (cold, warm) for r in t.runs), default=0) / 1e6
    targets.append((f"peak memory <= 300 MB (tree: {peak:.0f} MB)", mark(peak <= 300)))
    targets.append((f"--version < 80 ms ({startup_ms:.0f} ms)", mark(startup_ms < 80)))
    print("\ntargets (issue 5):")
    for name, verdict in targets:
        print(f"  {name:<38} {verdict}")

    # scaling
    if args.scaling:
        results["scaling"] = scaling(files, base, flags, ruff_cmd, args.scaling_repeat)

    results.update({"tools": [t.row() for t in tools], "ratios": ratios,
                    "targets": dict(targets), "startup_ms": startup_ms,
                    "bare_python_ms": bare_ms, "flags": flags, "quick": args.quick})
    if args.json_out:
        args.json_out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


def scaling(files: list[Path], base: list[str], flags: dict, ruff_cmd: Optional[list[str]],
            repeat: int) -> list[dict]:
    print("\nscaling (nanlint cold; ruff for reference):")
    print(f"{'copies':>6} {'files':>6} {'MB':>6} {'nanlint s':>10} {'x prev':>7} "
          f"{'tree MB':>11} {'proc RSS MB':>11} {'ruff s':>8}")
    rows, previous = [], None
    with tempfile.TemporaryDirectory(prefix="nanlint-scaling-") as tmp:
        for copies in (1, 2, 4):
            top = Path(tmp) / f"x{copies}"
            for index in range(copies):
                for source in files:
                    target = top / f"c{index}" / source.relative_to(SPEED)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    data = source.read_bytes()
                    if index:
                        data += (b"" if data.endswith(b"\n") or not data else b"\n") + \
                            f"# copy {index}\n".encode()
                    target.write_bytes(data)
            sizes = total_bytes(python_files([top]))
            command = [*base, *(["--no-cache"] if flags["no_cache"] else []), "."]
            runs, ruff_runs = [], []
            for _ in range(repeat):
                clear_cache(top)
                runs.append(run_measured(command, top))
                if ruff_cmd:
                    ruff_runs.append(run_measured(
                        [*ruff_cmd[:-2], "."], top, sample=False).wall)
            median = statistics.median(r.wall for r in runs)
            row = {"copies": copies, "files": len(files) * copies, "mb": sizes / 1e6,
                   "nanlint_s": median, "ratio_prev": median / previous if previous else None,
                   "tree_rss_mb": max(r.tree_rss for r in runs) / 1e6,
                   "proc_rss_mb": max(r.proc_rss for r in runs) / 1e6,
                   "ruff_s": statistics.median(ruff_runs) if ruff_runs else None,
                   "failed": next((r.returncode for r in runs if r.returncode), 0)}
            rows.append(row)
            step = f"{row['ratio_prev']:.2f}" if previous else "-"
            ruff_s = f"{row['ruff_s']:.3f}" if row["ruff_s"] is not None else "-"
            print(f"{copies:>6} {row['files']:>6} {row['mb']:>6.1f} {median:>10.3f} "
                  f"{step:>7} {row['tree_rss_mb']:>11.0f} {row['proc_rss_mb']:>11.0f} "
                  f"{ruff_s:>8}"
                  + (f"  (exit {row['failed']})" if row["failed"] else ""))
            previous = median
            clear_cache(top)
            shutil.rmtree(top, ignore_errors=True)
    print("a doubling should take about 2.0x the time and the same memory")
    return rows


if __name__ == "__main__":
    sys.exit(main())
