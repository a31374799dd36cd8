"""Python 2 sources: converted in memory, findings reported at the original positions.

TensorFlow 1 era code, where this smell is most common, is often Python 2 (``print "x"``,
``except E, e``, backticks, ``<>``, ``0777``, ``10L``, ``ur''``). A file that does not parse
as Python 3 is run through the syntax fixers of ``fissix`` (a maintained lib2to3 fork); if
the result parses, it is analysed, and every position is mapped back: lines by aligning the
two texts, columns by aligning the characters of each changed line. The converted text is
never written: findings in such a file carry no fix.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Optional

# Only the fixers for syntax Python 3 rejects: the converted text stays close to the source.
_FIXERS = ("print", "except", "repr", "ne", "numliterals", "exec", "raise", "unicode",
           "tuple_params", "execfile", "throw")
_NEWLINE = re.compile(r"\r\n|\r|\n")
# Syntax only Python 2 has: without one of these, a syntax error is just that.
_PYTHON2 = re.compile(
    r"^[ \t]*(?:print[ \t]+[^\s(=,)]|print[ \t]*$|exec[ \t]+[\"'\w]|raise[ \t]+[\w.]+[ \t]*,"
    r"|def[ \t]+\w+[ \t]*\([^)]*\()|\blambda[ \t]*\("  # tuple parameters
    r"|except[ \t]+[\w.() ,]+,[ \t]*\w+[ \t]*:|`|<>|\b0\d+\b|\b\d+[lL]\b|\b[uU][rR]['\"]",
    re.MULTILINE)
_LARGEST = 256 * 1024  # fissix's matcher is superlinear: larger files are errors, fast


@dataclass(frozen=True)
class Conversion:
    text: str  # the Python 3 text
    lines: tuple[str, ...]  # the original lines
    converted: tuple[str, ...]
    line_map: dict[int, int]  # converted line -> original line (1-based)

    def position(self, line: int, column: int) -> tuple[int, int]:
        """A (line, 1-based column) of the converted text at the original text."""
        original = self.line_map.get(line, line)
        before = self.converted[line - 1] if 0 < line <= len(self.converted) else ""
        after = self.lines[original - 1] if 0 < original <= len(self.lines) else ""
        if before == after:
            return original, column
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        index = column - 1
        for start, target, size in matcher.get_matching_blocks():
            if start <= index < start + size:
                return original, target + index - start + 1
            if start > index:
                return original, target + 1
        return original, len(after) + 1


def convert(text: str) -> Optional[Conversion]:
    """The Python 3 spelling of a Python 2 text, or None when it is not one: no Python 2
    syntax in sight, too large for fissix's pure-Python parser, or unreadable to it."""
    if len(text) > _LARGEST or not _PYTHON2.search(text):
        return None
    try:
        from fissix.refactor import RefactoringTool
    except ImportError:
        return None
    tool = RefactoringTool([f"fissix.fixes.fix_{name}" for name in _FIXERS])
    source = text if text.endswith(("\n", "\r")) else text + "\n"
    try:
        converted = str(tool.refactor_string(source, "<python 2>"))
    except Exception:  # fissix raises its own parse errors and more: not Python 2 either
        return None
    if converted == source:
        return None
    lines = tuple(_NEWLINE.split(text))
    new_lines = tuple(_NEWLINE.split(converted))
    return Conversion(converted, lines, new_lines, _align(new_lines, lines))


def _align(converted: tuple[str, ...], original: tuple[str, ...]) -> dict[int, int]:
    """Map each converted line to the original line it came from."""
    if len(converted) == len(original):
        return {n: n for n in range(1, len(converted) + 1)}
    mapping = {}
    matcher = difflib.SequenceMatcher(None, converted, original, autojunk=False)
    for _, start, end, target, target_end in matcher.get_opcodes():
        for offset, line in enumerate(range(start, end)):
            mapping[line + 1] = min(target + offset, max(target, target_end - 1)) + 1
    return mapping
