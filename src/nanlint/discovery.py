"""Which files to check: Python files and notebooks under the given paths.

Folders are walked without following symlinks (no loops), skipping version control,
virtual environments, build output and caches, and what ``.gitignore`` files ignore. A file
named explicitly is always checked.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional, Sequence

from .config import Config
from .results import FileError

if TYPE_CHECKING:
    from pathspec import PathSpec

SUFFIXES = (".py", ".ipynb")
SKIPPED_FOLDERS = frozenset({
    ".git", ".hg", ".svn", ".bzr", ".venv", "venv", ".tox", ".nox", "build", "dist",
    "__pycache__", "site-packages", "node_modules", ".mypy_cache", ".ruff_cache",
    ".pytest_cache", ".nanlint_cache", ".ipynb_checkpoints", ".eggs", ".hypothesis",
})


def discover(paths: Sequence[Path], config: Config) -> tuple[list[str], list[FileError]]:
    """The files to check, in a stable order, and the paths that could not be used."""
    files: list[str] = []
    errors: list[FileError] = []
    seen: set[str] = set()
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError as error:
            errors.append(FileError(str(path), f"cannot open: {error.strerror}"))
            continue
        if stat.S_ISDIR(mode):
            found = _Walk(path, config).files()
        elif stat.S_ISREG(mode):
            found = iter([(str(path), os.path.realpath(path))])
        else:  # a FIFO or a device: reading it could block forever
            errors.append(FileError(str(path), "not a regular file"))
            continue
        for name, real in found:
            if real not in seen:
                seen.add(real)
                files.append(name)
    return files, errors


class _Walk:
    """A walk of one folder that never follows a symlinked folder (no loops), with string
    paths and ``os.scandir`` entries: a warm run over thousands of files is mostly this
    walk, and ``pathlib`` or ``realpath`` per entry would cost more than the rest of it.
    Each walked folder's real path is its parent's plus its name, since none is a link."""

    def __init__(self, root: Path, config: Config) -> None:
        self.root = str(root)
        self.real_root = os.path.realpath(root)
        self.ignores = _Ignores(self.real_root, config)
        if self.ignores.ignored(self.real_root, folder=True):
            # Named explicitly, an ignored folder is checked, as an ignored file is: only
            # the ignore files inside it apply.
            self.ignores.keep_within(self.real_root)

    def files(self) -> Iterator[tuple[str, str]]:
        """(path as given under the root, real path) of each file to check."""
        pending = [(self.root, self.real_root)]
        while pending:
            folder, real = pending.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError:
                continue  # unreadable or vanished: nothing in it can be checked
            if any(entry.name == ".gitignore" for entry in entries):  # no failed open each
                self.ignores.enter(real)
            folders = []
            prefix = "" if folder == os.curdir else os.path.join(folder, "")
            for entry in entries:
                name = entry.name
                path = prefix + name
                real_path = real + os.sep + name
                if _is_folder(entry):
                    if name not in SKIPPED_FOLDERS and not name.endswith(".egg-info") \
                            and not os.path.exists(os.path.join(path, "pyvenv.cfg")) \
                            and not self.ignores.ignored(real_path, folder=True):
                        folders.append((path, real_path))
                elif name.endswith(SUFFIXES) and _is_file(entry) \
                        and not self.ignores.ignored(real_path, folder=False):
                    yield path, (os.path.realpath(path) if entry.is_symlink() else real_path)
            pending.extend(reversed(folders))  # depth first, in name order


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_file(entry: os.DirEntry) -> bool:
    """A regular file or a link to one (a FIFO or socket would block or never end), or a
    dangling link, which is reported as unreadable when it is read."""
    try:
        return entry.is_file() or (entry.is_symlink() and not os.path.exists(entry.path))
    except OSError:
        return True


class _Ignores:
    """The configured excludes, and ``.gitignore`` files from the repository root down, where
    the deepest file with a matching rule decides (as git does: ``!keep.py`` in a subfolder
    re-includes what the root ignores). Paths are real paths, as strings."""

    def __init__(self, root: str, config: Config) -> None:
        self.respect = config.respect_gitignore
        self.excludes: list[tuple[str, PathSpec]] = []
        self.gitignores: list[tuple[str, PathSpec]] = []
        self.loaded: set[str] = set()
        if config.exclude:
            base = config.source.parent if config.source is not None else Path.cwd()
            self.excludes.append((_prefix(os.path.realpath(base)),
                                  self._spec(list(config.exclude))))
        if self.respect:
            for folder in reversed(_parents_within_repository(Path(root))):
                self.enter(str(folder))

    @staticmethod
    def _spec(lines: list[str]) -> PathSpec:
        from pathspec import GitIgnoreSpec  # a fifth of a warm run's start-up: only if needed

        return GitIgnoreSpec.from_lines(lines)

    def enter(self, folder: str) -> None:
        """Read the folder's ``.gitignore``, once, before anything in it is matched."""
        if not self.respect or folder in self.loaded:
            return
        self.loaded.add(folder)
        try:
            with open(os.path.join(folder, ".gitignore"), encoding="utf-8",
                      errors="replace") as handle:
                lines = handle.read().splitlines()
        except OSError:
            return
        self.gitignores.append((_prefix(folder), self._spec(lines)))
        self.gitignores.sort(key=lambda entry: entry[0].count(os.sep), reverse=True)

    def keep_within(self, folder: str) -> None:
        inside = _prefix(folder)
        self.excludes = []
        self.gitignores = [(base, spec) for base, spec in self.gitignores
                           if base.startswith(inside)]

    def ignored(self, path: str, folder: bool) -> bool:
        suffix = "/" if folder else ""
        for base, spec in self.excludes:
            if path.startswith(base) and spec.match_file(_posix(path[len(base):]) + suffix):
                return True
        for base, spec in self.gitignores:
            if path.startswith(base):
                decision = spec.check_file(_posix(path[len(base):]) + suffix).include
                if decision is not None:
                    return decision
        return False


def _prefix(folder: str) -> str:
    """The folder with one trailing separator, so that a prefix test means "inside it"."""
    return folder.rstrip(os.sep) + os.sep


def _posix(relative: str) -> str:
    return relative.replace(os.sep, "/") if os.sep != "/" else relative


def _parents_within_repository(folder: Path) -> list[Path]:
    """``folder`` and its parents up to the repository root (the one with ``.git``)."""
    chain: list[Path] = []
    current: Optional[Path] = folder
    while current is not None:
        chain.append(current)
        if (current / ".git").exists():
            return chain
        current = current.parent if current.parent != current else None
    return chain[:1]  # not in a repository: only the folder's own .gitignore
