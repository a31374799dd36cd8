"""Running the analysis over many files: a cache, a process pool, and the collector.

Each file's result is a pure function of its bytes, its kind (.py or notebook), the
configuration and the nanlint version. The cache, like ruff's, keeps one index per version
and configuration (and per state of the analysis code, which an editable install changes
without a new version), mapping each file's path to its size, modification time and result: a
warm run reads one index and the files' metadata, not the files. It is JSON, written in one
atomic replace, so concurrent runs never corrupt it (the last one wins), and a corrupt index
is ignored and rebuilt (a pickle from a checked-out repository could run code, JSON cannot).
Files are analysed in a pool of processes when there are enough of them to pay for it, and
results come back in the order of the input.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import signal
import threading
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence, TypeVar

from . import __version__
from .config import Config
from .files import write_atomic
from .results import Edit, FileError, FileResult, Finding, Fix

T = TypeVar("T")
CACHE_FOLDER = ".nanlint_cache"
POOL_THRESHOLD = 48  # fewer files than this run in process: a pool costs ~0.1 s to start
_CHUNK = 16
_COLLECT_EVERY = 256  # files between two full collections while the collector is off


_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def code_stamp(package: str) -> str:
    """The name, size and modification time of each module of the package and its rules:
    an engine edited in a development install must not be answered from the old results.
    A few dozen stat calls, well under a millisecond."""
    stamps = []
    for folder in (package, os.path.join(package, "rules")):
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                status = entry.stat()
                stamps.append((entry.name, status.st_size, status.st_mtime_ns))
    return repr(stamps)


class Cache:
    """``.nanlint_cache/<version>/<configuration>.json``: path -> (size, mtime, result)."""

    def __init__(self, root: Path, config: Config) -> None:
        key = config.cache_key() + code_stamp(_PACKAGE)
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        self.file = root / CACHE_FOLDER / __version__ / f"{digest}.json"
        self.entries: dict[str, dict] = {}
        self.changed = False
        self.cwd = os.getcwd()
        try:
            entries = json.loads(self.file.read_text(encoding="utf-8"))
            if isinstance(entries, dict):
                self.entries = entries
        except (OSError, ValueError, RecursionError):
            pass  # no index yet, or a corrupt one: start afresh

    @staticmethod
    def stamp(path: str) -> Optional[list]:
        """What says a file is unchanged: its size, its modification time, and its inode
        and change time, which no copy or `touch -r` keeps when the content changes."""
        try:
            status = os.stat(path)
        except OSError:
            return None
        return [status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns]

    def key(self, path: str) -> str:
        """The file's absolute path (``os.path.abspath`` would ask for the working folder
        once per file)."""
        return os.path.normpath(os.path.join(self.cwd, path))

    def load(self, path: str, stamp: Optional[list]) -> Optional[FileResult]:
        entry = self.entries.get(self.key(path))
        if stamp is None or not isinstance(entry, dict) or entry.get("stamp") != stamp:
            return None
        try:
            return _result_from_json(entry, path)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # a corrupt entry: recompute

    def store(self, path: str, stamp: Optional[list], result: FileResult) -> None:
        if stamp is None or any(e.internal or e.transient for e in result.errors):
            return  # a bug or a timeout is tried again next time, not remembered
        self.entries[self.key(path)] = {"stamp": stamp, **_result_to_json(result)}
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        try:
            _prepare(self.file.parent.parent)
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(str(self.file), json.dumps(self.entries).encode())
        except OSError:
            pass  # a read-only or full disk costs speed, never a result


def _prepare(root: Path) -> None:
    """Mark the cache folder as a cache for backup tools and as ignored for git."""
    if not (root / "CACHEDIR.TAG").exists():
        root.mkdir(parents=True, exist_ok=True)
        (root / ".gitignore").write_text("# Created by nanlint\n*\n", encoding="utf-8")
        (root / "CACHEDIR.TAG").write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This file is a cache directory tag created by nanlint.\n", encoding="utf-8")


def clean(root: Path) -> bool:
    """Remove ``.nanlint_cache`` under ``root``; whether there was one."""
    import shutil

    folder = root / CACHE_FOLDER
    if not folder.is_dir():
        return False
    shutil.rmtree(folder)
    return True


def _result_to_json(result: FileResult) -> dict:
    return {"findings": [asdict(f) for f in result.findings],
            "errors": [asdict(e) for e in result.errors]}


def _result_from_json(entry: dict, path: str) -> FileResult:
    findings = []
    for data in entry["findings"]:
        fix = data.pop("fix")
        if fix is not None:
            fix = Fix(fix["applicability"], fix["description"],
                      tuple(Edit(**edit) for edit in fix["edits"]))
        findings.append(Finding(**{**data, "path": path, "fix": fix}))
    errors = [FileError(**{**data, "path": path}) for data in entry["errors"]]
    return FileResult(path, findings, errors)


class _OverBudget(BaseException):
    """Raised by the alarm; a BaseException, so that no `except Exception` swallows it."""


def within_budget(work: Callable[[], T], budget: float) -> Optional[T]:
    """``work()``, or None when it runs longer than ``budget`` seconds (0: no limit), so
    that one pathological file cannot stall a run. The alarm needs the main thread."""
    timed = budget > 0 and hasattr(signal, "setitimer") and \
        threading.current_thread() is threading.main_thread()
    if not timed:
        return work()

    def expire(signum: int, frame: object) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        return work()
    except _OverBudget:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def over_budget(path: str, budget: float) -> FileError:
    return FileError(path, f"not analysed: it took longer than {budget:g} s (see --timeout)",
                     transient=True)


def _analyse(task: tuple[str, Config, float]) -> FileResult:
    from .api import analyse_file

    path, config, budget = task
    result = within_budget(lambda: analyse_file(path, config), budget)
    return result if result is not None else FileResult(path, errors=[over_budget(path,
                                                                                  budget)])


def _analyse_chunk(tasks: list[tuple[str, Config, float]]) -> list[FileResult]:
    gc.disable()  # the AST is freed by reference counting; collecting it costs 3x the parse
    try:
        return [_without_unit(_analyse(task)) for task in tasks]
    finally:
        gc.enable()


def _without_unit(result: FileResult) -> FileResult:
    result.unit = None  # the source is not shipped back between processes
    return result


def analyse_files(paths: Sequence[str], config: Config, jobs: int = 0,
                  cache: Optional[Cache] = None, budget: float = 0.0) -> Iterator[FileResult]:
    """Results for ``paths``, streamed in their order; ``jobs`` 0 means one process per
    core; ``budget`` is the most seconds one file may take (0: no limit). Only paths and
    results cross between processes, and no file's text is held past its analysis."""
    stamps: dict[int, Optional[list]] = {}
    cached: dict[int, FileResult] = {}
    if cache is not None:
        for index, path in enumerate(paths):
            stamps[index] = cache.stamp(path)
            hit = cache.load(path, stamps[index])
            if hit is not None:
                cached[index] = hit
    tasks = [(path, config, budget) for index, path in enumerate(paths) if index not in cached]
    if tasks:
        import nanlint.api  # noqa: F401  # loaded once here, before workers fork, not in each
    workers = jobs or os.cpu_count() or 1
    computed: Iterator[FileResult]
    pool = None
    try:
        if workers > 1 and len(tasks) >= POOL_THRESHOLD:
            from concurrent.futures import ProcessPoolExecutor

            chunks = [tasks[i:i + _CHUNK] for i in range(0, len(tasks), _CHUNK)]
            # A Ctrl-C while the workers start would leave some that no shutdown reaches,
            # and Python joins them at exit: a hang. Held back, it lands in this `try`.
            with _interrupts_held():
                pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                                           initializer=_ignore_interrupts)
                mapped = pool.map(_analyse_chunk, chunks)
            computed = (r for chunk in mapped for r in chunk)
        else:
            computed = _in_process(tasks)
        results = iter(computed)
        for index, path in enumerate(paths):
            if index in cached:
                yield cached.pop(index)
                continue
            result = next(results)
            if cache is not None:
                cache.store(path, stamps.get(index), result)
            yield result
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if cache is not None:
            cache.save()


def _in_process(tasks: list[tuple[str, Config, float]]) -> Iterator[FileResult]:
    for task in paused_collector(tasks):
        result = _analyse(task)
        yield result if result.findings else _without_unit(result)


def paused_collector(items: Sequence[T]) -> Iterator[T]:
    """Iterate with the cyclic collector off, collecting every few hundred items: parsing
    allocates millions of short-lived AST objects that reference counting frees anyway."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        for number, item in enumerate(items, 1):
            yield item
            if number % _COLLECT_EVERY == 0:
                gc.collect()
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Block SIGINT for the block; one that arrives meanwhile is delivered at its end."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which stops the pool and reports it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context():
    import multiprocessing

    # fork starts a worker in milliseconds and shares the imported modules; elsewhere spawn.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
