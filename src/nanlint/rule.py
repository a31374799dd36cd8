"""What a rule is, what it reports, and the vocabulary rules share.

A rule is a class with a code, a name, a docstring that is its documentation, and
``VALID`` / ``INVALID`` examples that the test suite runs. Its :meth:`Rule.check` looks at one
:class:`~nanlint.engine.Site` (the engine has already worked out what the operand can be)
and returns a :class:`Verdict` or ``None``.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass, field
from typing import ClassVar, Mapping, Optional, Sequence

from . import apitable as api
from .apitable import Framework
from .domain import INF, Range, Value
from .engine import PICKED, Site, dotted, same_expr
from .results import HIGH, MEDIUM, SAFE, Edit, Fix
from .source import Unit


@dataclass(frozen=True)
class Verdict:
    """What a rule says of a site; the API layer adds the positions."""

    message: str
    confidence: str
    fix: Optional[Fix] = None


@dataclass(frozen=True)
class Example:
    """Code a rule must flag once, and the exact text its fix produces (None: no fix)."""

    code: str
    fixed: Optional[str] = None
    unsafe: bool = False  # the fix is applied only with --unsafe-fixes


@dataclass
class Context:
    """What a rule may know of the file besides the site: for messages and fixes."""

    unit: Unit
    bindings: Mapping[str, str]  # module-level name -> qualified module or function
    epsilon: str = "1e-10"
    low_precision: bool = False  # the file visibly trains in float16/bfloat16
    import_after: int = 0  # the unit line after which a fix inserts a missing import
    frameworks: frozenset = field(init=False)  # the array frameworks the file imports

    def __post_init__(self) -> None:
        self.frameworks = frozenset(
            found[0].name for found in map(api.lookup_namespace, self.bindings.values())
            if found is not None)

    def text(self, node: ast.AST) -> str:
        """The node's source text exactly as written."""
        lines = [self.unit.line_text(n) for n in range(node.lineno, node.end_lineno + 1)]
        if len(lines) == 1:
            return _slice(lines[0], node.col_offset, node.end_col_offset)
        lines[0] = _slice(lines[0], node.col_offset, None)
        lines[-1] = _slice(lines[-1], 0, node.end_col_offset)
        return "\n".join(lines)

    def where(self, line: int) -> str:
        return self.unit.where(line)

    def spell(self, qualified: str) -> Optional[str]:
        """The shortest way this file names ``qualified`` through its imports, if any."""
        best = None
        for local, ref in self.bindings.items():
            if qualified == ref or qualified.startswith(ref + "."):
                text = local + qualified[len(ref):]
                if best is None or len(text) < len(best):
                    best = text
        return best

    def qualify(self, node: ast.AST) -> Optional[str]:
        """``F.softmax`` -> ``torch.nn.functional.softmax`` through the file's imports."""
        chain = dotted(node)
        if chain is None:
            return None
        root, _, rest = chain.partition(".")
        ref = self.bindings.get(root)
        return None if ref is None else f"{ref}.{rest}" if rest else ref

    def import_edit(self, statement: str) -> Edit:
        """Insert an import at the end of the import block (in a notebook, in its cell)."""
        if self.import_after == 0:
            return Edit(1, 1, 1, 1, statement + "\n")
        end = len(self.unit.line_text(self.import_after)) + 1
        return Edit(self.import_after, end, self.import_after, end, "\n" + statement)


def _slice(line: str, start: int, end: Optional[int]) -> str:
    """Slice by the UTF-8 byte offsets that ``ast`` reports."""
    data = line.encode("utf-8")
    return data[start:end].decode("utf-8", errors="replace")


def char_column(line: str, byte_offset: int) -> int:
    """ast's UTF-8 byte offset -> 0-based character offset."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


class Rule:
    """Base class: subclasses set the class attributes and implement :meth:`check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    default: ClassVar[bool] = True  # on unless the user opts out
    VALID: ClassVar[tuple[str, ...]] = ()
    INVALID: ClassVar[tuple[Example, ...]] = ()

    def check(self, site: Site, ctx: Context) -> Optional[Verdict]:
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        """The docstring's first paragraph, on one line."""
        return " ".join(inspect.getdoc(cls).split("\n\n", 1)[0].split())

    @classmethod
    def documentation(cls) -> str:
        return inspect.getdoc(cls)


# ------------------------------------------------------------ shared vocabulary


def confidence(operand: Value) -> str:
    """``high`` when the operand visibly comes from something that reaches the boundary."""
    return HIGH if operand.visible else MEDIUM


def subject(site: Site, ctx: Context) -> str:
    """How a message names the operand: `` `p` `` or `` `x.sum(-1)` ``."""
    node = site.operand_node
    return f"`{ctx.text(node)}`" if node is not None else "the argument"


# What each kind of origin means for the boundary, for the evidence in messages.
_ORIGIN_MEANS = {
    "softmax": "a softmax output, which underflows to exactly 0",
    "sigmoid": "a sigmoid output, exactly 0 below z = -104 and 1 above z = 17 in float32",
    "1 - sigmoid": "one minus a sigmoid output, exactly 0 once the sigmoid saturates",
    "subtraction": "a difference, exactly 0 when its terms are equal",
    "negation": "a negated value",
    "square": "a square, 0 where its input is 0",
    "abs": "an absolute value, 0 where its input is 0",
    "relu": "a ReLU output, exactly 0 for every negative input",
    "clip": "clipped at a bound that does not exclude the boundary",
    "maximum": "a maximum with a bound that does not exclude the boundary",
    "normalization": "a normalised value, 0 where its input is 0",
    "quotient": "a quotient that can be 0",
    "product": "a product with a factor that can be 0",
    "sum of terms": "a sum of terms that can cancel or all be 0",
    "mean": "a mean of values that can all be 0",
    "sum": "a sum, 0 for an all-zero input",
    "norm": "a norm, 0 for a zero vector",
    "std": "a standard deviation, 0 for a constant input",
    "var": "a variance, 0 for a constant input",
    "count_nonzero": "a count, 0 when nothing is selected",
    "numel": "the size of a masked selection, 0 when nothing is selected",
    "max": "a maximum of values not kept above 0, 0 for an all-zero input",
    "minus its minimum": "a value minus its minimum, 0 at the minimum and everywhere for a "
                         "constant input",
    "spread": "the spread max - min, 0 for a constant input",
    "array of settings": "an array built from settings, whose elements can be 0",
    "deviation from the mean": "a deviation from the mean, 0 everywhere for a constant input",
    "selection": "a masked selection",
    "tanh": "a tanh output, exactly ±1 in float32 for |x| > 9",
    "bounded_unit": "a cosine or sine, ±1 at its extremes",
    "cosine_similarity": "a cosine similarity, ±1 for (anti)parallel vectors and past it "
                         "after rounding",
    "unit product": "a product of unit vectors",
    "dot product": "a dot product, 0 for orthogonal or zero vectors",
    "sum minus some of its terms": "a sum of the other terms, 0 when they are all 0",
    "dot product of unit vectors": "a dot product of unit vectors, ±1 for (anti)parallel "
                                   "ones and past it after rounding",
    "log_probability": "a log-probability, never above 0",
    "epsilon": "offset by an epsilon that does not keep it inside the domain",
    "random": "a uniform sample from [0, 1), which includes 0",
    "draw": "a random draw, which can be 0 or of either sign in any element",
    "reduction of a random draw": "a reduction of a random draw, which can be of either sign",
    "uniform": "filled from a uniform range that includes the boundary",
    "arange": "a range of numbers that starts at the boundary",
    "topk": "the largest values of a tensor that can reach the boundary",
    "identity": "an identity matrix, 0 off its diagonal",
    "stored element": "with elements set to a value that can be 0",
    "inverse": "a matrix inverse, whose elements can be 0 or negative",
    "cholesky": "a Cholesky factor, 0 above (or below) its diagonal",
    "no zero row or column": "a matrix whose rows have a nonzero element, but whose "
                             "elements can be 0",
}


def means(kind: str) -> str:
    if kind.endswith(PICKED):  # "softmax elements": some of the outputs, gathered
        return f"picked from {means(kind[:-len(PICKED)])}"
    return _ORIGIN_MEANS.get(kind, "computed from values that can reach the boundary")


def _interval(rng: Range) -> str:
    """``[0, 1)``: an infinite end, or one kept away from, is open."""
    opening = "(" if rng.lo_open or rng.lo == -INF else "["
    closing = ")" if rng.hi_open or rng.hi == INF else "]"
    return f"{opening}{rng.lo:g}, {rng.hi:g}{closing}"


def evidence(site: Site, ctx: Context, danger: str) -> str:
    """Why the operand can reach the boundary: "`p` is `F.softmax(...)` from line 9, a
    softmax output, which underflows to exactly 0", or that nothing visible bounds it."""
    origin = site.operand.origin
    name = subject(site, ctx)
    if origin is None:
        rng = site.operand.range
        if not rng.unbounded:
            return f"{name} lies in {_interval(rng)}, which does not keep it {danger}"
        if isinstance(site.operand_node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
            return (f"{name} comes from outside this scope (a parameter, an attribute or a "
                    f"call result) and nothing keeps it {danger}")
        return f"nothing visible keeps {name} {danger}"
    if origin.kind == "probability name":
        return f"{name} is named like a probability and nothing keeps it {danger}"
    # (an expression a test bounded is seen as it was tested: the same text, said once)
    if site.operand_node is not None and (origin.node is site.operand_node or
                                          same_expr(origin.node, site.operand_node)):
        return f"{name} is {means(origin.kind)}"
    return f"{name} is {origin.describe_in(ctx.where)}, {means(origin.kind)}"


@dataclass(frozen=True)
class Spelled:
    """Source text in the file's own spelling, and the import it needs if any."""

    text: str
    needs_import: Optional[str] = None
    note: str = ""  # said in the message: why this spelling (a half-precision epsilon)


HALF_PRECISION_NOTE = (" (This file uses float16/bfloat16, where an epsilon of 1e-10 flushes "
                       "to 0 and masks nothing: the mask uses the dtype's smallest normal "
                       "number.)")


def framework_of(site: Site, ctx: Context) -> Optional[Framework]:
    """The site's framework; for a method or operator, the one that produced the operand,
    or the only array framework the file imports."""
    name = site.framework.name if site.framework else site.operand.framework
    if name is None and len(ctx.frameworks) == 1:
        name = next(iter(ctx.frameworks))
    return api.BY_NAME.get(name or "")


def spell(candidates: Sequence[str], ctx: Context) -> Optional[Spelled]:
    """The first of equivalent qualified names this file can write (``F.log_softmax``), or
    the first with the import it needs; None where that import would shadow a name."""
    for qualified in candidates:
        spelled = ctx.spell(qualified)
        if spelled:
            return Spelled(spelled)
    qualified = candidates[0]
    module, _, name = qualified.rpartition(".")
    root, _, rest = module.partition(".")
    alias = api.CONVENTIONAL_NAMES.get(module)
    if alias and alias not in ctx.bindings:
        return Spelled(f"{alias}.{name}", f"import {module} as {alias}")
    root_alias = api.CONVENTIONAL_NAMES.get(root)
    if root_alias and root_alias not in ctx.bindings:  # tf.math.log_sigmoid, import tf
        return Spelled(f"{root_alias}.{rest + '.' if rest else ''}{name}",
                       f"import {root} as {root_alias}")
    if root not in ctx.bindings:
        return Spelled(qualified, f"import {module}")
    return None


def mask_namespace(site: Site, ctx: Context) -> Optional[Spelled]:
    """The file's own name for a namespace that has the framework's clip/maximum."""
    framework = framework_of(site, ctx)
    if framework is None:
        return None
    own = site.qualified.rpartition(".")[0] if site.qualified else None
    if own in framework.mask_namespaces and isinstance(site.callee, ast.Attribute):
        return Spelled(ctx.text(site.callee.value))
    for namespace in framework.mask_namespaces:
        spelled = ctx.spell(namespace)
        if spelled:
            return Spelled(spelled)
    namespace = framework.mask_namespaces[0]
    alias = api.CONVENTIONAL_NAMES.get(namespace)
    if alias and alias not in ctx.bindings:
        return Spelled(alias, f"import {namespace} as {alias}")
    return Spelled(namespace, f"import {namespace.split('.')[0]}")


def epsilon_text(site: Site, ctx: Context, operand: str) -> str:
    """The epsilon of a mask: the framework's own helper when the file can spell it, a
    dtype-aware one when the file trains in half precision, else the configured literal."""
    framework = framework_of(site, ctx)
    if ctx.low_precision and framework is not None and framework.finfo:
        finfo = spell((framework.finfo,), ctx)
        if finfo is not None and finfo.needs_import is None:
            return f"{finfo.text}({wrap(operand)}.dtype).tiny"
    helpers = [ctx.spell(h) for h in (framework.epsilon_helpers if framework else ())]
    spelled = sorted((h for h in helpers if h), key=len)
    return f"{spelled[0]}()" if spelled else ctx.epsilon


def mask(site: Site, ctx: Context, hi: Optional[str] = None, lo: Optional[str] = None
         ) -> Spelled:
    """The operand clipped to ``[lo, hi]`` (or floored at ``lo``) in the file's own framework
    and spelling; ``lo`` defaults to the file's epsilon."""
    operand = ctx.text(site.operand_node) if site.operand_node is not None else "x"
    note = ""
    if lo is None:
        lo = epsilon_text(site, ctx, operand)
        note = HALF_PRECISION_NOTE if ".tiny" in lo else ""
    framework = framework_of(site, ctx)
    namespace = mask_namespace(site, ctx)
    if namespace is None or (site.form == "method" and framework.name == "torch"):
        # A tensor method masks with the tensor's own clamp; clamp_ keeps an in-place update.
        in_place = site.callee is not None and site.callee.attr.endswith("_")
        bounds = f"{lo}, {hi}" if hi is not None else f"min={lo}"
        return Spelled(f"{wrap(operand)}.clamp{'_' if in_place else ''}({bounds})", note=note)
    template = framework.clip_template if hi is not None else framework.floor_template
    return Spelled(template.format(ns=namespace.text, x=operand, lo=lo, hi=hi),
                   namespace.needs_import, note)


def can_leave_domain(site: Site) -> bool:
    """Whether the operand can reach the boundary of the operation's domain. Under a double
    where, the input replaced by a value inside the domain where the result is discarded is
    masked: where the result is kept, the author's condition is trusted."""
    if site.replacement is not None and not _leaves_domain(site, site.replacement):
        return False
    return _leaves_domain(site, site.operand)


def _leaves_domain(site: Site, operand: Value) -> bool:
    rng = operand.range
    if operand.constant and rng.unbounded:
        return False  # a hyperparameter (torch.tensor(d_model)): not a value that moves
    if operand.constant and site.kind in (api.SQRT, api.ACOS, api.ASIN):
        # A constant has no gradient: only the forward domain matters, ends included.
        return rng.lo < (0.0 if site.kind == api.SQRT else -1.0) or \
            (site.kind != api.SQRT and rng.hi > 1.0)
    if site.kind in (api.LOG, api.SQRT, api.RSQRT):
        return not rng.positive
    if site.kind == api.LOG1P:
        return not rng.above(-1.0)
    if site.kind in (api.ACOS, api.ASIN) and not site.differentiable:
        return rng.lo < -1.0 or rng.hi > 1.0  # no gradient: the closed [-1, 1] is the domain
    if site.kind in (api.ACOS, api.ASIN, api.ATANH):
        return not (rng.above(-1.0) and rng.below(1.0))
    if site.kind == api.DIVIDE:
        # a reduction of values built from settings only is the same at every step
        return rng.can_be(0.0) and not operand.constant
    return False


def reaches_boundary(site: Site, operand: Value) -> bool:
    """Whether ``operand`` can be exactly at the edge of the operation's domain (0 for log,
    sqrt and division, -1 for log1p, ±1 for inverse trigonometry)."""
    rng = operand.range
    if site.kind == api.LOG1P:
        return rng.can_be(-1.0)
    if site.kind in (api.ACOS, api.ASIN, api.ATANH):
        return rng.can_be(-1.0) or rng.can_be(1.0)
    return rng.can_be(0.0)


def risky_denominator(site: Site) -> bool:
    """A division by a reduction that can be 0 (NAN020's condition)."""
    return site.kind == api.DIVIDE and site.operand.reduction is not None and \
        can_leave_domain(site)


def operation(site: Site, ctx: Context) -> str:
    """How a message names the operation: `` `tf.log` ``, `` `.sqrt()` ``, `` `** 0.5` ``."""
    if site.callee is None:
        return "`/`" if site.kind == api.DIVIDE else "`** 0.5`"
    if site.form == "method":
        return f"`.{site.callee.attr}()`"
    return f"`{ctx.text(site.callee)}`"


def edit_replacing(node: ast.AST, content: str, ctx: Context) -> Edit:
    """An edit that replaces ``node``'s source text with ``content``."""
    start = ctx.unit.line_text(node.lineno)
    end = ctx.unit.line_text(node.end_lineno)
    return Edit(node.lineno, char_column(start, node.col_offset) + 1,
                node.end_lineno, char_column(end, node.end_col_offset) + 1, content)


def mask_fix(site: Site, ctx: Context, spelled: Spelled, description: str,
             applicability: str = SAFE) -> Optional[Fix]:
    """Replace the operand by its masked spelling (and add the import it needs)."""
    if site.operand_node is None:
        return None
    edits = [edit_replacing(site.operand_node, spelled.text, ctx)]
    if spelled.needs_import:
        edits.append(ctx.import_edit(spelled.needs_import))
    return Fix(applicability, description, tuple(edits))


def wrap(text: str) -> str:
    """Parenthesise an operand for a method call on it unless it is already atomic."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return f"({text})"
    atomic = isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript))
    return text if atomic else f"({text})"
