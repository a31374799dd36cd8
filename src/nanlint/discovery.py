"""Which files to check: Python files and notebooks under the given paths.

Folders are walked without following symlinks (no loops), skipping version control,
virtual environments, build output and caches, and what ``.gitignore`` files ignore. A file
named explicitly is always checked.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterator, Optional, Sequence

from .api import FileError
from .config import Config

SUFFIXES = (".py", ".ipynb")
SKIPPED_FOLDERS = frozenset({
    ".git", ".hg", ".svn", ".bzr", ".venv", "venv", ".tox", ".nox", "build", "dist",
    "__pycache__", "site-packages", "node_modules", ".mypy_cache", ".ruff_cache",
    ".pytest_cache", ".nanlint_cache", ".ipynb_checkpoints", ".eggs", ".hypothesis",
})


def discover(paths: Sequence[Path], config: Config) -> tuple[list[Path], list[FileError]]:
    """The files to check, in a stable order, and the paths that could not be used."""
    files: list[Path] = []
    errors: list[FileError] = []
    seen: set[Path] = set()
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError as error:
            errors.append(FileError(str(path), f"cannot open: {error.strerror}"))
            continue
        if stat.S_ISDIR(mode):
            found = _walk(path, config)
        elif stat.S_ISREG(mode):
            found = iter([path])
        else:  # a FIFO or a device: reading it could block forever
            errors.append(FileError(str(path), "not a regular file"))
            continue
        for file in found:
            key = _real(file)
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, errors


def _walk(root: Path, config: Config) -> Iterator[Path]:
    ignore = _Ignores(root, config)
    for folder, dirnames, filenames in os.walk(root):
        here = Path(folder)
        ignore.enter(here)
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in SKIPPED_FOLDERS and not d.endswith(".egg-info")
            and not (here / d / "pyvenv.cfg").exists()
            and not ignore.ignored(here / d, folder=True))
        for name in sorted(filenames):
            path = here / name
            if name.endswith(SUFFIXES) and not ignore.ignored(path, folder=False) \
                    and _regular(path):
                yield path


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True  # reported as unreadable when it is read


class _Ignores:
    """The configured excludes, and ``.gitignore`` files from the repository root down, where
    the deepest file with a matching rule decides (as git does: ``!keep.py`` in a subfolder
    re-includes what the root ignores)."""

    def __init__(self, root: Path, config: Config) -> None:
        import pathspec

        self._pathspec = pathspec
        self.respect = config.respect_gitignore
        self.excludes: list[tuple[Path, pathspec.PathSpec]] = []
        self.gitignores: list[tuple[Path, pathspec.PathSpec]] = []
        if config.exclude:
            base = config.source.parent if config.source is not None else Path.cwd()
            self.excludes.append((_real(base), self._spec(list(config.exclude))))
        if self.respect:
            for folder in reversed(_parents_within_repository(_real(root))):
                self._load(folder)

    def _spec(self, lines: list[str]):
        return self._pathspec.GitIgnoreSpec.from_lines(lines)

    def _load(self, folder: Path) -> None:
        try:
            text = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        self.gitignores.append((folder, self._spec(text.splitlines())))
        self.gitignores.sort(key=lambda entry: len(entry[0].parts), reverse=True)

    def enter(self, folder: Path) -> None:
        resolved = _real(folder)
        if self.respect and not any(base == resolved for base, _ in self.gitignores):
            self._load(resolved)

    def ignored(self, path: Path, folder: bool) -> bool:
        resolved = _real(path.parent) / path.name
        for base, spec in self.excludes:
            relative = _relative(resolved, base)
            if relative is not None and spec.match_file(relative + "/" * folder):
                return True
        for base, spec in self.gitignores:
            relative = _relative(resolved, base)
            if relative is not None:
                decision = spec.check_file(relative + "/" * folder).include
                if decision is not None:
                    return decision
        return False


def _relative(path: Path, base: Path) -> Optional[str]:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return None


def _real(path: Path) -> Path:
    """The real path; a symlink loop stays as it is instead of raising."""
    return Path(os.path.realpath(path))


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
