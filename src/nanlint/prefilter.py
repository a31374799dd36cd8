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
from typing import Iterable

_GUARDED = re.compile(
    r"\b(?:log|log2|log10|log1p|sqrt|rsqrt|acos|arccos|asin|arcsin|atanh|arctanh|pow|power)_?\b"
    r"|[\w)\]'\"]\s*\*\*")  # a power, `x ** 0.5`; not `f(**kwargs)`
# A division is only reported with a reduction for denominator.
_DIVISION = re.compile(r"/|\bdiv_?\b|divide|truediv|realdiv")
_REDUCTION = re.compile(r"sum|norm|std|var|count_nonzero|numel|max|size|len")


def may_have_sites(text: str, aliases: Iterable[str] = ()) -> bool:
    """Whether the text can hold a site any rule reports. ``aliases`` are names the file
    binds to guarded functions (``L`` in ``from torch import log as L``)."""
    if _GUARDED.search(text) or (_DIVISION.search(text) and _REDUCTION.search(text)):
        return True
    return any(re.search(rf"\b{re.escape(alias)}\b", text) for alias in aliases)
