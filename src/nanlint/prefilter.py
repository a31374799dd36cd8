"""Not analysing what cannot matter.

Most files of an ML package hold no guarded operation at all, and most functions of the
others hold none either. A cheap textual test comes before the flow pass: a file (or a
function) whose text names no guarded operation (no ``log``, ``sqrt``, ``acos``, ..., no
power operator, no division next to a reduction) cannot hold a finding. It is still parsed,
so that a file that does not parse is always reported, but not analysed.

The test is a sound over-approximation: every site the engine can find is spelled with one
of these words, or through a name imported under one of them (``aliases``). A test compares
the findings with and without it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, repeat
from operator import add
from typing import Iterable, Iterator, Sequence

_GUARDED_WORDS = ("log", "rsqrt", "sqrt", "arccos", "acos", "arcsin", "asin", "arctanh",
                  "atanh", "pow")
_WORD_TAIL = re.compile(r"(?:2|10|1p|er)?_?(?!\w)")  # log10, log1p, power, sqrt_
_OPERAND_END = re.compile(r"[\w)\]'\"]")
# A "/" not followed by another; the one before is checked apart: a pattern that starts with
# a lookbehind is tried at every character, one that starts with "/" is searched for.
_SLASH = re.compile(r"/(?!/)")
_REDUCTION = re.compile(r"sum|norm|std|var|mean|count_nonzero|numel|max|size|len|dot|inner")


def _guarded_positions(text: str) -> Iterator[int]:
    """Where the text names a guarded operation, or raises to a power (``x ** 0.5``, not
    ``f(**kwargs)``). One ``str.find`` scan per word, with the word checks done here: a
    regex alternation is several times slower over a large file, one with word boundaries
    more so. (No word is a prefix of another, so a position names at most one.)"""
    for word in _GUARDED_WORDS:
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            if not (start and (text[start - 1].isalnum() or text[start - 1] == "_")) and \
                    _WORD_TAIL.match(text, end):
                yield start
            start = text.find(word, end)
    start = text.find("**")
    while start != -1:
        before = start - 1
        while before >= 0 and text[before] in " \t":
            before -= 1
        if before >= 0 and _OPERAND_END.match(text, before):
            yield start
        start = text.find("**", start + 2)


def _division_positions(text: str) -> Iterator[int]:
    """Where the text may divide: a ``/`` not next to another (``//`` is a floor division, no
    site) or a ``div`` (divide, truediv, div_...). A division is only reported with a
    reduction for denominator."""
    for match in _SLASH.finditer(text):
        start = match.start()
        if not start or text[start - 1] != "/":
            yield start
    start = text.find("div")
    while start != -1:
        yield start
        start = text.find("div", start + 3)


class TriggerLines:
    """Which lines of a file name a guarded operation, so that each function is tested by
    a lookup instead of a search over its text."""

    def __init__(self, lines: Sequence[str]) -> None:
        text = "\n".join(lines)
        # Where each line starts in the text: line n holds the positions from starts[n - 1].
        # (Summed in C: each line's length plus its newline.)
        starts = list(accumulate(map(add, map(len, lines), repeat(1)), initial=0))

        def numbers(positions: Iterable[int]) -> list[int]:
            return sorted({bisect_right(starts, position) for position in positions})

        self.guarded = numbers(_guarded_positions(text))
        self.division = numbers(_division_positions(text))
        # A reduction anywhere in the file can reach a division through a helper.
        self.reduction = bool(_REDUCTION.search(text))
        self.lines = lines

    def within(self, first: int, last: int, aliases: Iterable[str] = ()) -> bool:
        """Whether lines first..last (1-based, inclusive) can hold a site."""
        if _any_between(self.guarded, first, last):
            return True
        if self.reduction and _any_between(self.division, first, last):
            return True
        text = "\n".join(self.lines[first - 1:last]) if aliases else ""
        return any(re.search(rf"\b{re.escape(alias)}\b", text) for alias in aliases)


def _any_between(numbers: list[int], first: int, last: int) -> bool:
    index = bisect_left(numbers, first)
    return index < len(numbers) and numbers[index] <= last


def may_have_sites(text: str, aliases: Iterable[str] = ()) -> bool:
    """Whether the text can hold a site any rule reports. ``aliases`` are names the file
    binds to guarded functions (``L`` in ``from torch import log as L``)."""
    if next(_guarded_positions(text), None) is not None or (
            next(_division_positions(text), None) is not None and _REDUCTION.search(text)):
        return True
    return any(re.search(rf"\b{re.escape(alias)}\b", text) for alias in aliases)
