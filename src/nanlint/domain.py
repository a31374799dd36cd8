"""The abstract domain: what can a value reach?

A :class:`Range` is an interval whose ends are either *reachable* (closed: softmax can
underflow to exactly 0) or *kept away from* (open: ``exp(x) > 0`` and ``x + eps >= eps``
in the model the spec sets). A :class:`Value` is a range plus what the rules need to
explain and classify a finding: where the value came from, whether it is a probability from
softmax/sigmoid, a reduction that can be 0, a unit vector, a hyperparameter.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, fields, replace
from typing import Any, Callable, Optional

INF = math.inf


def _mul(a: float, b: float) -> float:
    # 0 * inf is 0 here: a factor that is exactly 0 keeps the product 0.
    return 0.0 if a == 0 or b == 0 else a * b


@dataclass(frozen=True)
class Range:
    lo: float = -INF
    hi: float = INF
    lo_open: bool = False  # True: the value stays away from lo
    hi_open: bool = False
    nonzero: bool = False  # 0 is excluded even if it lies between lo and hi: where(x != 0, ..)

    @staticmethod
    def point(c: float) -> Range:
        return Range(c, c)

    @property
    def unbounded(self) -> bool:
        return self.lo == -INF and self.hi == INF

    def above(self, point: float) -> bool:
        """Every value is > point, kept away from it."""
        return self.lo > point or (self.lo == point and self.lo_open)

    def below(self, point: float) -> bool:
        return self.hi < point or (self.hi == point and self.hi_open)

    def can_be(self, point: float) -> bool:
        if point == 0 and self.nonzero:
            return False
        return not (self.above(point) or self.below(point))

    @property
    def positive(self) -> bool:
        return self.above(0.0)

    @property
    def nonnegative(self) -> bool:
        return self.lo >= 0

    def join(self, other: Range) -> Range:
        lo, lo_open = min((self.lo, self.lo_open), (other.lo, other.lo_open))
        hi, hi_closed = max((self.hi, not self.hi_open), (other.hi, not other.hi_open))
        return Range(lo, hi, lo_open, not hi_closed,
                     not self.can_be(0.0) and not other.can_be(0.0))

    def meet_lo(self, lo: float, lo_open: bool) -> Range:
        """Raise the lower end to ``lo`` (a clip, a maximum, a guard)."""
        # Tighter is a higher end, or the same end kept away from.
        if (lo, lo_open) > (self.lo, self.lo_open):
            return replace(self, lo=lo, lo_open=lo_open)
        return self

    def excluding_zero(self) -> Range:
        """The range under a guard ``x != 0``."""
        if self.lo == 0:
            return replace(self, lo_open=True)
        if self.hi == 0:
            return replace(self, hi_open=True)
        return replace(self, nonzero=True)

    def meet_hi(self, hi: float, hi_open: bool) -> Range:
        if (hi, not hi_open) < (self.hi, not self.hi_open):
            return replace(self, hi=hi, hi_open=hi_open)
        return self

    def widen(self, newer: Range) -> Range:
        """Join for loops: an end that keeps moving goes to infinity."""
        joined = self.join(newer)
        lo = joined.lo if joined.lo == self.lo else -INF
        hi = joined.hi if joined.hi == self.hi else INF
        return Range(lo, hi, joined.lo_open and lo != -INF, joined.hi_open and hi != INF)

    def __neg__(self) -> Range:
        return Range(-self.hi, -self.lo, self.hi_open, self.lo_open, self.nonzero)

    def __add__(self, other: Range) -> Range:
        return Range(self.lo + other.lo if -INF not in (self.lo, other.lo) else -INF,
                     self.hi + other.hi if INF not in (self.hi, other.hi) else INF,
                     self.lo_open or other.lo_open, self.hi_open or other.hi_open)

    def __sub__(self, other: Range) -> Range:
        return self + (-other)

    def __mul__(self, other: Range) -> Range:
        if self.unbounded or other.unbounded:
            return Range()
        corners = [(_mul(a, b), ao or bo)
                   for a, ao in ((self.lo, self.lo_open), (self.hi, self.hi_open))
                   for b, bo in ((other.lo, other.lo_open), (other.hi, other.hi_open))]
        lo = min(c for c, _ in corners)
        hi = max(c for c, _ in corners)
        return Range(lo, hi, all(o for c, o in corners if c == lo),
                     all(o for c, o in corners if c == hi))

    def scaled(self) -> Range:
        """x * c for an unseen c > 0: the sign of x, and whether it can be 0, are kept."""
        return Range(-INF if self.lo < 0 else 0.0, INF if self.hi > 0 else 0.0,
                     self.lo > 0 or (self.lo == 0 and self.lo_open),
                     self.hi < 0 or (self.hi == 0 and self.hi_open),
                     not self.can_be(0.0))

    def reciprocal(self) -> Range:
        """1 / x. Where x can be 0 the result is unbounded but never 0 itself."""
        if self.lo >= 0 >= self.hi:
            return Range()  # 1 / 0, or a contradictory (empty) range
        if self.lo < 0 < self.hi or (self.lo < 0 and self.hi == 0 and not self.hi_open):
            return Range(nonzero=True)
        if self.lo < 0:
            return -((-self).reciprocal())
        lo = 0.0 if self.hi == INF else 1 / self.hi
        hi = INF if self.lo == 0 else 1 / self.lo
        return Range(lo, hi, self.hi_open or self.hi == INF, self.lo_open and self.lo != 0)

    def square(self) -> Range:
        if self.positive:
            return self * self
        if self.below(0.0):
            return (-self) * (-self)
        top = max(abs(self.lo), abs(self.hi))
        return Range(0.0, top * top if top != INF else INF)

    def monotone(self, function: Callable[[float], float], floor: float) -> Range:
        """The image under an increasing function with infimum ``floor`` that it never
        reaches (exp > 0, expm1 > -1), however far the float result underflows."""

        def image(value: float) -> float:
            try:
                return function(value)
            except OverflowError:
                return INF

        lo = max(image(self.lo), floor) if self.lo != -INF else floor
        hi = image(self.hi) if self.hi != INF else INF
        return Range(lo, hi, self.lo_open or lo == floor, self.hi_open)

    def sqrt(self) -> Range:
        lo = math.sqrt(self.lo) if self.lo > 0 else 0.0
        hi = math.sqrt(self.hi) if self.hi >= 0 else 0.0
        return Range(lo, hi, self.lo_open and self.lo >= 0, self.hi_open)


UNBOUNDED = Range()
NONNEGATIVE = Range(0.0, INF)
POSITIVE = Range(0.0, INF, lo_open=True)
PROBABILITY = Range(0.0, 1.0)
UNIT = Range(-1.0, 1.0)
# A cosine computed in floating point: 1.0000001 after rounding is common.
ROUNDED_UNIT = Range(-1.0 - 1e-6, 1.0 + 1e-6)
NONPOSITIVE = Range(-INF, 0.0)
# An epsilon whose value is not visible: positive and small, so `1 - eps` stays positive.
EPSILON = Range(0.0, 1.0, lo_open=True, hi_open=True)


def render(node: ast.AST, limit: int = 48) -> str:
    """A short source rendering for messages: a call keeps its callee, its args become ``...``."""
    if isinstance(node, ast.Call):
        return f"{render(node.func, limit)}(...)"
    text = ast.unparse(node)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class Origin:
    """Where a value visibly comes from: the evidence a finding quotes.

    Rendering is lazy: most origins are never shown, and ``ast.unparse`` is not cheap.
    """

    kind: str  # e.g. "softmax", "sum", "subtraction", "probability name"
    node: ast.AST  # the producing expression
    operand: Optional[ast.AST] = None  # what a reduction reduces, to recognise x / x.sum()
    via: Optional[ast.AST] = None  # the helper call the value came back from
    # A witnessed element (engine's _SOME_*) is in every slice along this axis, as source
    # text (`(-1, -2)`); None for one in the whole value.
    along: Optional[str] = None

    @property
    def line(self) -> int:
        return getattr(self.via or self.node, "lineno", 0)

    @property
    def text(self) -> str:
        text = render(self.node)
        return f"{render(self.via)}, which returns {text}" if self.via is not None else text

    def describe_in(self, where: Callable[[int], str]) -> str:
        """``"`tf.nn.softmax(...)` from line 58"`` (``where`` names lines, cells)."""
        return f"`{self.text}` from {where(self.line)}"


@dataclass(frozen=True)
class Value:
    range: Range = UNBOUNDED
    origin: Optional[Origin] = None
    # A softmax/sigmoid output (or 1 - sigmoid), kept through masks and reshapes.
    probability: Optional[Origin] = None
    # A reduction that can be 0 (sum of an unknown, norm, std, count): a risky denominator.
    reduction: Optional[Origin] = None
    # The mask that made this value safe, for NAN103 and messages.
    mask: Optional[Origin] = None
    unit_vector: bool = False  # x / norm(x): dot products of two reach +-1
    constant: bool = False  # built from literals and hyperparameters only
    boolean: bool = False  # a comparison or mask
    framework: Optional[str] = None  # the array library that produced it, when known
    ref: Optional[str] = None  # a module or function by qualified name (imports)
    helper: Optional[ast.AST] = None  # a function defined in the analysed file
    finfo: bool = False  # np.finfo(...) / torch.finfo(...)
    site: Optional[Any] = None  # the engine Site whose result this is (for NAN040)
    elements: Optional[tuple[Value, ...]] = None  # a tuple's values, when known
    # where(c, a, b): (c, a, b), so that a later where on the same c knows what it replaced
    selection: Optional[tuple[Any, Value, Value]] = None

    @property
    def visible(self) -> bool:
        """The value's origin can be seen in the analysed scope."""
        return self.origin is not None or not self.range.unbounded

    def join(self, other: Value) -> Value:
        if self is other or self == other:  # identity first: comparing 13 fields is not free
            return self
        return Value(
            range=self.range.join(other.range),
            origin=_pick(self.origin, other.origin, self.range, other.range),
            probability=_keep_probability(self, other),
            reduction=self.reduction or other.reduction,
            mask=self.mask if self.mask == other.mask else None,
            unit_vector=self.unit_vector and other.unit_vector,
            constant=self.constant and other.constant,
            boolean=self.boolean and other.boolean,
            framework=self.framework if self.framework == other.framework else None,
            ref=self.ref if self.ref == other.ref else None,
            helper=self.helper if self.helper is other.helper else None,
            elements=self.elements if self.elements == other.elements else None,
            selection=self.selection if self.selection == other.selection else None,
        )

    def widen(self, newer: Value) -> Value:
        joined = self.join(newer)
        return joined.changed(range=self.range.widen(newer.range))

    def changed(self, **changes: Any) -> Value:
        """A copy with some fields changed, as ``dataclasses.replace`` makes it but ~4x
        faster: that one passes every field through the frozen ``__init__`` (one
        ``object.__setattr__`` each), and the flow pass copies values on every refinement,
        subscript and call result."""
        if not changes.keys() <= _VALUE_FIELDS:
            raise TypeError(f"Value has no field {', '.join(changes.keys() - _VALUE_FIELDS)}")
        copy = object.__new__(Value)
        copy.__dict__.update(self.__dict__, **changes)
        return copy


def _pick(a: Optional[Origin], b: Optional[Origin], ra: Range, rb: Range) -> Optional[Origin]:
    """The evidence to keep at a join: the side that can reach the boundary."""
    if a == b or b is None:
        return a
    if a is None:
        return b
    return b if ra.positive and not rb.positive else a


def _keep_probability(a: Value, b: Value) -> Optional[Origin]:
    """A softmax on one path and a value with no evidence at all on the other (a parameter,
    an unknown call) is reported as the softmax: the only path nanlint can see decides the
    rule. A value transformed on the other path (reweighted, summed) is not a probability."""
    if a.probability == b.probability:
        return a.probability
    if b.probability is None and not b.visible:
        return a.probability
    if a.probability is None and not a.visible:
        return b.probability
    return None


UNKNOWN = Value()
_VALUE_FIELDS = frozenset(f.name for f in fields(Value))
