"""The flow pass: abstract interpretation of one file, scope by scope.

Each scope (a module's top level, a notebook's cells in order, a function, a class body) is
run once over the abstract domain of :mod:`nanlint.domain`: assignments bind values, ``if``
branches are joined, loops are iterated to a fixpoint, and every call or operator that has a
restricted input domain is recorded as a :class:`Site` with the abstract value of its input.
Rules then decide which sites are findings. The pass never executes the analysed code.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Sequence

from . import apitable as api
from .apitable import Framework
from .domain import (
    EPSILON,
    INF,
    NONNEGATIVE,
    NONPOSITIVE,
    POSITIVE,
    PROBABILITY,
    ROUNDED_UNIT,
    UNBOUNDED,
    UNIT,
    UNKNOWN,
    Origin,
    Range,
    Value,
)
from .prefilter import TriggerLines

State = dict  # name (or dotted attribute path) -> Value; None where unreachable
Operand = tuple  # (Value, ast.expr)

_EPS_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_MAX_LOOP_PASSES = 3
_NESTED_LOOP_PASSES = 1
_BUILTINS: Mapping[str, str] = {
    "max": api.MAXIMUM, "min": api.MINIMUM, "abs": api.ABS, "pow": api.POW,
    # A Python number is a hyperparameter, not a value that moves during training.
    "float": api.CONSTRUCT, "int": api.CONSTRUCT, "len": api.NUMEL, "range": api.ARANGE,
}
_SCALAR_TYPES = frozenset({"float", "int", "bool"})
_SCALAR_CONTAINERS = frozenset({"list", "List", "tuple", "Tuple", "Sequence", "Iterable",
                                "set", "Set", "Union"})
_ARRAY_TYPES = frozenset({"Tensor", "ndarray", "Array", "ArrayLike"})
# A parameter's entry in a docstring: Google `p (int): ...` or `p: a positive integer`,
# NumPy `p : int`, Sphinx `:type p: int`; group 1 is the name, then the type or description.
_DOCUMENTED_PARAMETER = re.compile(
    r"^[ \t]*(?::type[ \t]+)?\**(\w+)[ \t]*(?:\(([^)\n]*)\))?[ \t]*:[ \t]*([^\n]*)", re.M)
# Sphinx `:param float gamma: ...`: the type, then the name.
_SPHINX_PARAMETER = re.compile(r"^[ \t]*:param[ \t]+([^:\n]+?)[ \t]+(\w+)[ \t]*:", re.M)
_SCALAR, _ARRAY = "scalar", "array"
_SENTENCE_END = re.compile(r"\.(?:\s|$)")
_SCALAR_WORDS = re.compile(r"\b(?:int|integer|float|bool|boolean)\b", re.I)
_ARRAY_WORDS = re.compile(r"array|tensor|list|sequence|matrix|vector|batch", re.I)
_SCALAR_MODULES = frozenset({"math", "cmath", "random", "statistics", "fractions", "decimal"})
_CONSTANT_ATTRIBUTES: Mapping[str, float] = {"pi": math.pi, "e": math.e, "inf": INF}
_SHAPE_ATTRIBUTES = frozenset({"shape", "dtype", "ndim", "device", "size"})
_ARRAY_ATTRIBUTES = frozenset({"shape", "ndim", "T", "dtype", "device"})
_SHAPE_METHODS = frozenset({"size", "dim", "ndimension", "nelement", "get_shape"})
_ARITHMETIC_KINDS: Mapping[str, type] = {
    api.ADD: ast.Add, api.SUBTRACT: ast.Sub, api.MULTIPLY: ast.Mult,
}
_INVERSE_TRIG_RESULT: Mapping[str, Range] = {
    api.ACOS: Range(0.0, math.pi), api.ASIN: Range(-math.pi / 2, math.pi / 2),
}


@lru_cache(maxsize=4096)
def is_epsilon_name(name: str) -> bool:
    """``eps``, ``EPS``, ``self.variance_epsilon``, ``layerNormEps``; not ``steps``."""
    return any(word.lower() in ("eps", "epsilon")
               for part in name.split("_") for word in _EPS_WORD.findall(part))


def dotted(node: ast.AST) -> Optional[str]:
    """``a.b.c`` for a chain of attributes on a name, else None."""
    if isinstance(node, ast.Name):  # most paths are one name: no list to join
        return node.id
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


# State keys of facts about calls: the names the call reads, then the call's dump.
_FACT = "#"
_ZERO = ast.Constant(0)


def _fact_key(call: ast.expr) -> str:
    names = sorted({n.id for n in ast.walk(call) if isinstance(n, ast.Name)})
    return f"{_FACT}{','.join(names)}|{ast.dump(call)}"


def _fact_names(key: str) -> list[str]:
    return key[len(_FACT):].partition("|")[0].split(",")


def _converted(node: ast.expr) -> ast.expr:
    """``x`` of ``x.item()``, ``float(x)`` or ``int(x)``: conversions keep the value."""
    while isinstance(node, ast.Call) and not node.keywords:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "item" and not node.args:
            node = func.value
        elif isinstance(func, ast.Name) and func.id in ("float", "int") and \
                len(node.args) == 1:
            node = node.args[0]
        else:
            break
    return node


def same_expr(a: Optional[ast.AST], b: Optional[ast.AST]) -> bool:
    """Structural equality of two expressions (``x * x``, ``x / x.sum()``)."""
    if a is None or b is None or type(a) is not type(b):
        return False
    if isinstance(a, ast.Name):
        return a.id == b.id
    return ast.dump(a) == ast.dump(b)


def computes(tree: ast.AST, node: ast.AST) -> bool:
    """Whether ``tree`` computes ``node``'s expression again (a mask's test of the op)."""
    return any(same_expr(child, node) for child in ast.walk(tree))


@dataclass
class Site:
    """An operation with a restricted input domain, and what its input can be."""

    kind: str  # an apitable guarded kind, or DIVIDE for a division
    node: ast.expr  # the flagged expression (the call, or the whole binary operation)
    operand: Value  # the guarded input (the denominator for a division)
    operand_node: Optional[ast.expr]
    framework: Optional[Framework]  # None: a tensor method or operator of unknown library
    form: str  # "function", "method" or "operator"
    callee: Optional[ast.expr]  # the called expression (`tf.log`, `p.log`), None for operators
    qualified: Optional[str]  # the callee's qualified name (`tensorflow.compat.v1.log`)
    differentiable: bool
    guard: Optional[ast.expr] = None  # a where/nan_to_num/mask applied to the result instead
    # The input where the guard keeps the result (None: the guard fixes every value).
    kept_operand: Optional[Value] = None
    # The double where: what a variable the input reads was replaced with, under the same
    # condition, where the enclosing where discards the result.
    replacement: Optional[Value] = None


@dataclass
class _Job:
    """A function body waiting to be analysed, with the scopes it closes over."""

    node: ast.AST  # FunctionDef, AsyncFunctionDef or Lambda
    closure: tuple  # enclosing function states, innermost first
    owner: _Class  # the enclosing class


@dataclass(frozen=True)
class _Class:
    """What a class's methods know of it: its methods (for ``self.helper()``) and the
    attributes that hold settings (``self.gamma = gamma`` in ``__init__``)."""

    methods: Mapping[str, ast.AST] = field(default_factory=dict)
    settings: Mapping[str, Value] = field(default_factory=dict)


_NO_CLASS = _Class()


@dataclass(frozen=True)
class _Guard:
    """A mask applied to results: where(c, ...), nan_to_num(...), masked_fill, r[mask]."""

    node: ast.expr
    # The names its condition is about; None when it masks every result (nan_to_num, a
    # finiteness test, a boolean index).
    about: Optional[frozenset] = None
    # The condition under which the masked result is kept, and its truth there: the
    # operation's input seen under it tells whether the forward value is fine.
    test: Optional[ast.expr] = None
    truth: bool = True


_NAN_IGNORING = frozenset({"nanmin", "nanmax", "nanmean", "nansum", "nanmedian", "nanstd",
                           "nanvar", "nanprod", "nanquantile"})
_FINITENESS_TESTS = frozenset({"isfinite", "isnan", "isinf", "isposinf", "isneginf",
                               "is_finite", "is_nan", "is_inf"})


@dataclass
class _Loop:
    breaks: list = field(default_factory=list)
    continues: list = field(default_factory=list)


class Analysis:
    """Runs the flow pass over one unit: a file, or a notebook's code cells in order.

    The trees of a notebook's cells carry line numbers counted across the whole notebook,
    so that one scope spans them and positions stay unique.
    """

    def __init__(self, trees: Sequence[ast.Module], lines: Sequence[str] = ()) -> None:
        self.trees = trees
        self.lines = lines
        self.sites: dict[int, Site] = {}
        self.globals: State = {}
        # (keyed by the function's node and whether its arguments are all settings)
        self.summaries: dict[tuple[int, bool], Value] = {}
        self.summarising: set[tuple[int, bool]] = set()
        self.jobs: list[_Job] = []
        self.jobs_by_node: dict[int, _Job] = {}
        self._fallback_aliases: Optional[dict[str, str]] = None
        self._triggers: Optional[TriggerLines] = None
        self._aliases: list[str] = []
        self.used_fallbacks: dict[str, str] = {}
        self.too_deep: set[int] = set()  # lines of statements too deeply nested to analyse
        # The paths that have had an attribute bound (`self` and `self.config` once
        # `self.config.eps` is): rebinding any other name has no attributes to forget.
        self.attribute_owners: set[str] = set()
        # The callee names of calls a branch test has bounded (`sum` for `if x.sum() == 0:
        # return`): only calls of these are looked up among the facts, so the expression
        # keys are built for a few calls, not for every call of the file.
        self.fact_callees: set[Optional[str]] = set()
        # what each class's methods know of it, worked out once however often it is defined
        self.classes: dict[int, _Class] = {}

    def fallback_alias(self, name: str) -> Optional[str]:
        """The module a conventional alias (np, tf, K, ...) means in a file that uses it
        without binding it anywhere. Computed on first need: most files never ask."""
        if name not in api.CONVENTIONAL_ALIASES:
            return None
        if self._fallback_aliases is None:
            self._fallback_aliases = _fallback_aliases(self.trees)
        module = self._fallback_aliases.get(name)
        if module is not None:
            self.used_fallbacks[name] = module
        return module

    def run(self) -> list[Site]:
        module = Interpreter(self, closure=(), record=True, scope="module")
        for tree in self.trees:
            # A cell that raised still leaves what it bound before: carry the last state on.
            module.block(tree.body, dict(self.globals))
        while self.jobs:
            job = self.jobs.pop(0)
            if self.may_have_sites(job):
                Interpreter(self, job.closure, record=True, owner=job.owner).function(job.node)
        return sorted(self.sites.values(), key=lambda s: (s.node.lineno, s.node.col_offset))

    def may_have_sites(self, job: _Job) -> bool:
        """Whether a function's text names any guarded operation: most functions do not,
        and need no recording pass (a helper's summary is still computed when called)."""
        if not self.lines:
            return True
        if self._triggers is None:
            self._triggers = TriggerLines(self.lines)
            self._aliases = _guarded_aliases((self.globals,))
        aliases = self._aliases + _guarded_aliases(job.closure) if job.closure else \
            self._aliases
        return self._triggers.within(job.node.lineno, job.node.end_lineno, aliases)

    def note_key(self, key: str) -> None:
        """Record the owners of a key about to be bound (``a`` and ``a.b`` of ``a.b.c``)."""
        while "." in key:
            key = key.rpartition(".")[0]
            self.attribute_owners.add(key)

    def bindings(self) -> dict[str, str]:
        """Module-level names bound to modules or functions (and the conventional aliases the
        file uses without importing): local name -> qualified."""
        bound = {name: value.ref for name, value in self.globals.items()
                 if value.ref and "." not in name}
        return {**self.used_fallbacks, **bound}

    def summary(self, job: _Job, settings: bool = False) -> Value:
        """The return value of a helper defined in this file, its parameters unknown (or,
        for a call passing settings only, settings)."""
        key = (id(job.node), settings)
        if key in self.summaries:
            return self.summaries[key]
        if key in self.summarising:
            return UNKNOWN
        self.summarising.add(key)
        interpreter = Interpreter(self, job.closure, record=False, owner=job.owner)
        result = interpreter.function(job.node, settings)
        self.summarising.discard(key)
        self.summaries[key] = result
        return result


_SITE_KINDS = frozenset({*api.GUARDED, api.POW, api.DIVIDE})
PICKED = " elements"  # the probability kind of values gathered from a softmax or sigmoid
# A Python value, never an array: a literal, a hyperparameter, a shape. Values are
# immutable: one serves them all.
_CONSTANT = Value(constant=True)
# What an unknown function returns: unknown like UNKNOWN, but not Python data the file wrote
# (`torch.tensor(model.predict(x))` holds data; `torch.tensor(d_model)` a setting).
_CALL_RESULT = Value()
_COUNTER = Value(range=NONNEGATIVE, constant=True)
_MINUS_ONE = Range.point(-1.0)
_MAXIMUM_INDICATOR = "maximum indicator"
_NONZERO_ROWS = "rows with a nonzero element"
_ZERO_DEFAULT = "a setting 0 by default"
_DOT_PRODUCT = "dot product"
# reductions that are 0 for a constant input, whatever they are divided by
_ZERO_FOR_CONSTANT = frozenset({api.STD, api.VAR})
_SUM_OF_THE_REST = "sum minus some of its terms"
_NONZERO_TESTS = frozenset({api.SUM, api.NORM, api.COUNT_NONZERO})
_INVERTIBLE = frozenset({api.CHOLESKY, api.INVERSE, api.IDENTITY})
_NO_ZERO_LINE = "no zero row or column"
_RIDGE = "ridge"  # eps * I: added to a matrix, it leaves no zero row or column
_SOME_NONZERO = "a nonzero element"  # m where m.any() holds: its whole sum is positive
_SOME_POSITIVE = "an element above 0"  # x where (x > 0).any() holds: its maximum is > 0
_SOME_NEGATIVE = "an element below 0"  # and its minimum < 0 where (x < 0).any() holds
_WITNESSES = (_SOME_NONZERO, _SOME_POSITIVE, _SOME_NEGATIVE)
# Values drawn from a continuous distribution, and their scalings and shifts by settings:
# exactly 0 along a whole axis only with probability 0, which nanlint does not count.
_DRAWS = frozenset({api.DRAW, api.RANDOM, api.UNIFORM})
_OF_A_DRAW = "reduction of a random draw"
# (what has an element, of which kind, in every slice along which axis or None: the whole)
_Witness = tuple[ast.expr, str, Optional[str]]
_SHIFTED_TO_ZERO = "minus its minimum"
_MEANS = frozenset({"mean", "nanmean", "reduce_mean"})
_OF_SETTINGS = "array of settings"  # torch.tril(ones), einsum of tables: signs unknown
_SPREAD = "spread"  # max(x) - min(x)
_DEVIATION = "deviation from the mean"  # x - x.mean(): all 0 for a constant x
# Matrices with a nonzero element in every row and every column: their norms along any axis,
# and the sums of their squares, are positive.
_NONZERO_LINES = _INVERTIBLE | {_NO_ZERO_LINE}
_UNKNOWN_AXIS = "<unknown>"  # not source text, so never equal to an axis that is
_RANDOM_BOUNDS = frozenset({"minval", "maxval", "low", "high"})


@lru_cache(maxsize=4096)
def _number(number: float) -> Value:
    """A numeric literal. Values are immutable: one per number serves every occurrence."""
    return Value(range=Range.point(number), constant=True)


@lru_cache(maxsize=4096)
def _reference(qualified: str) -> Value:
    """A module or function by qualified name (``torch.nn.functional``), one per name: each
    step of an attribute chain on a module would build one."""
    return Value(ref=qualified, constant=True)


def _guarded_aliases(states: Iterable[State]) -> list[str]:
    """Names bound to a guarded function: ``L`` in ``from torch import log as L``."""
    aliases = []
    for state in states:
        for name, value in state.items():
            found = api.lookup(value.ref) if value.ref else None
            if found is not None and found[1] in _SITE_KINDS:
                aliases.append(name)
    return aliases


def _fallback_aliases(trees: Sequence[ast.Module]) -> dict[str, str]:
    """Conventional aliases (np, tf, K, ...) that the file uses without binding anywhere.
    A star import of another package may define a one-letter alias (`K`, `F`) its own way,
    but one that re-exports ``torch`` or ``np`` (``from fastai.basics import *``) keeps
    their meaning."""
    bound: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
                if not api.is_framework_module(node.module or ""):
                    bound.update(alias for alias in api.CONVENTIONAL_ALIASES if len(alias) == 1)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                bound.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(node.name)
            elif isinstance(node, ast.arg):
                bound.add(node.arg)
    return {k: v for k, v in api.CONVENTIONAL_ALIASES.items() if k not in bound}


class Interpreter:
    """Evaluates statements and expressions of one scope over the abstract domain."""

    def __init__(self, analysis: Analysis, closure: tuple, record: bool,
                 owner: _Class = _NO_CLASS, scope: str = "function") -> None:
        self.analysis = analysis
        self.closure = closure
        self.record = record
        self.owner = owner
        self.scope = scope  # "module", "class" or "function"
        self.state: State = {}
        self.returns: list[Value] = []
        self.loops: list[_Loop] = []
        self.guards: list[_Guard] = []
        self.body: Optional[ast.AST] = None  # the function being run

    # ----------------------------------------------------------------- scopes

    def function(self, node: ast.AST, settings: bool = False) -> Value:
        """Run a function (or lambda) body with unknown parameters (or, when ``settings``,
        with settings for all but ``self``); return its result."""
        # A constructor's arguments configure the model (sizes, strides, scales): they are
        # hyperparameters, not values that move during training, unless annotated as
        # arrays (`Rotation(quats: torch.Tensor)` holds data).
        configured = _configured_parameters(node) if getattr(node, "name", None) == \
            "__init__" else frozenset()
        self.body = node
        state: State = {name: _CONSTANT if name in configured or
                        (settings and name not in ("self", "cls")) else value
                        for name, value in _parameters(node).items()}
        if isinstance(node, ast.Lambda):
            self.state = state
            return self.eval(node.body)
        end = self.block(node.body, state)
        results = self.returns + ([UNKNOWN] if end is not None and self.returns else [])
        if not results:
            return UNKNOWN
        value = results[0]
        for other in results[1:]:
            value = value.join(other)
        return value.changed(site=None)

    def block(self, body: Iterable[ast.stmt], state: Optional[State]) -> Optional[State]:
        for stmt in body:
            if state is None:
                return None
            self.state = state
            state = self.statement(stmt)
            if self.scope == "module" and state is not None:
                # Helpers called from the top level see the globals bound so far.
                self.analysis.globals = state
        return state

    # ------------------------------------------------------------- statements

    def statement(self, stmt: ast.stmt) -> Optional[State]:
        handler = _STATEMENT_HANDLERS.get(type(stmt))
        try:
            if handler is None:
                for child in ast.iter_child_nodes(stmt):
                    if isinstance(child, ast.expr):
                        self.eval(child)
                return self.state
            return handler(self, stmt)
        except RecursionError:
            # One expression nested past Python's recursion limit: skip its statement,
            # say so, and go on with the rest of the file.
            self.analysis.too_deep.add(stmt.lineno)
            return self.state

    def stmt_Expr(self, stmt: ast.Expr) -> State:
        self.eval(stmt.value)
        return self.state

    def stmt_Assign(self, stmt: ast.Assign) -> State:
        value = self.eval(stmt.value)
        for target in stmt.targets:
            self.assign(target, value, stmt.value)
        return self.state

    def stmt_AnnAssign(self, stmt: ast.AnnAssign) -> State:
        if stmt.value is not None:
            value = self.eval(stmt.value)
            if not value.visible and value.framework is None and \
                    _scalar_annotation(stmt.annotation):
                # `ratios: list[float] = ensure_tuple(r)`: the annotation says what an
                # unknown value is, as a parameter's does: Python numbers, settings
                value = value.changed(constant=True)
            self.assign(stmt.target, value, stmt.value)
        return self.state

    def stmt_AugAssign(self, stmt: ast.AugAssign) -> State:
        current = self.eval(stmt.target)  # x[i] += v reads elements of x
        before = self.state
        if isinstance(stmt.target, ast.Subscript):
            # `x[x > 0] /= x.max()` only runs where something is selected
            self.state = self.witnessed(before, _selected(stmt.target.slice),
                                        stmt.target.slice)
        value = self.arithmetic(stmt.op, current, self.eval(stmt.value), stmt,
                                stmt.target, stmt.value)
        self.state = before
        self.assign(stmt.target, value, None)
        return self.state

    def stmt_Return(self, stmt: ast.Return) -> None:
        self.returns.append(self.eval(stmt.value) if stmt.value is not None else UNKNOWN)
        return None

    def stmt_Assert(self, stmt: ast.Assert) -> State:
        self.eval(stmt.test)
        self.state = self.refine(self.state, stmt.test, True, facts=True)
        return self.state

    def stmt_Raise(self, stmt: ast.Raise) -> None:
        if stmt.exc is not None:
            self.eval(stmt.exc)
        return None

    def stmt_Break(self, stmt: ast.Break) -> None:
        if self.loops:
            self.loops[-1].breaks.append(self.state)
        return None

    def stmt_Continue(self, stmt: ast.Continue) -> None:
        if self.loops:
            self.loops[-1].continues.append(self.state)
        return None

    def stmt_Delete(self, stmt: ast.Delete) -> State:
        for target in stmt.targets:
            key = dotted(target)
            if key is not None:
                self.state = _without(self.state, key)
        return self.state

    def stmt_Import(self, stmt: ast.Import) -> State:
        state = dict(self.state)
        for alias in stmt.names:
            if alias.asname:
                state[alias.asname] = Value(ref=alias.name, constant=True)
            else:
                root = alias.name.split(".")[0]
                state[root] = Value(ref=root, constant=True)
        self.state = state
        return state

    def stmt_ImportFrom(self, stmt: ast.ImportFrom) -> State:
        if stmt.level or not stmt.module:
            return self.stmt_relative_import(stmt)
        state = dict(self.state)
        for alias in stmt.names:
            if alias.name == "*":
                stars = state.get("*", Value(ref=""))
                state["*"] = Value(ref=f"{stars.ref} {stmt.module}".strip())
            else:
                state[alias.asname or alias.name] = Value(ref=f"{stmt.module}.{alias.name}",
                                                          constant=True)
        self.state = state
        return state

    def stmt_relative_import(self, stmt: ast.ImportFrom) -> State:
        state = dict(self.state)
        for alias in stmt.names:
            if alias.name != "*":
                state[alias.asname or alias.name] = UNKNOWN
        self.state = state
        return state

    def stmt_FunctionDef(self, stmt: ast.AST) -> State:
        for expr in [*stmt.decorator_list, *stmt.args.defaults,
                     *[d for d in stmt.args.kw_defaults if d is not None]]:
            self.eval(expr)
        self.define(stmt)
        self.state = {**self.state, stmt.name: Value(helper=stmt)}
        return self.state

    stmt_AsyncFunctionDef = stmt_FunctionDef

    def stmt_ClassDef(self, stmt: ast.ClassDef) -> State:
        for expr in [*stmt.bases, *stmt.decorator_list, *(k.value for k in stmt.keywords)]:
            self.eval(expr)
        owner = self.analysis.classes.get(id(stmt))
        if owner is None:
            methods = {s.name: s for s in stmt.body
                       if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
            owner = self.analysis.classes[id(stmt)] = _Class(
                methods, _setting_attributes(stmt, methods))
        body = Interpreter(self.analysis, self.enclosing(), self.record, owner, scope="class")
        body.block(stmt.body, {})
        self.state = {**self.state, stmt.name: UNKNOWN}
        return self.state

    def stmt_If(self, stmt: ast.If) -> Optional[State]:
        self.eval(stmt.test)
        before = self.state
        taken = self.block(stmt.body, self.refine(before, stmt.test, True, facts=True))
        skipped = self.block(stmt.orelse, self.refine(before, stmt.test, False, facts=True))
        return _join(taken, skipped)

    def stmt_For(self, stmt: ast.AST) -> Optional[State]:
        sequence = self.eval(stmt.iter)

        def enter(state: State) -> State:
            self.state = state
            self.bind_element(stmt.target, sequence, stmt.iter)
            return self.state

        return self.loop(stmt.body, stmt.orelse, self.state, enter)

    stmt_AsyncFor = stmt_For

    def stmt_While(self, stmt: ast.While) -> Optional[State]:
        def enter(state: State) -> State:
            self.state = state
            self.eval(stmt.test)
            return self.refine(state, stmt.test, True)

        # `while True:` is left only by a break: the entry state does not flow past it.
        forever = isinstance(stmt.test, ast.Constant) and bool(stmt.test.value)
        return self.loop(stmt.body, stmt.orelse, self.state, enter, exits_at_test=not forever)

    def stmt_With(self, stmt: ast.AST) -> Optional[State]:
        for item in stmt.items:
            value = self.eval(item.context_expr)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, value.changed(site=None), None)
        return self.block(stmt.body, self.state)

    stmt_AsyncWith = stmt_With

    def stmt_Try(self, stmt: ast.AST) -> Optional[State]:
        before = self.state
        body_end = self.block(stmt.body, before)
        # A handler can start anywhere in the body: from what held before or after it.
        handler_start = _join(before, body_end)
        ends = [self.block(stmt.orelse, body_end)]
        for handler in stmt.handlers:
            state = dict(handler_start) if handler_start is not None else {}
            if handler.type is not None:
                self.state = state
                self.eval(handler.type)
            if handler.name:
                state[handler.name] = UNKNOWN
            ends.append(self.block(handler.body, state))
        end = None
        for state in ends:
            end = _join(end, state)
        if stmt.finalbody:
            return self.block(stmt.finalbody, end if end is not None else handler_start)
        return end

    stmt_TryStar = stmt_Try

    def stmt_Match(self, stmt: ast.AST) -> Optional[State]:
        self.eval(stmt.subject)
        before = self.state
        end = None
        for case in stmt.cases:
            state = dict(before)
            for node in ast.walk(case.pattern):
                name = getattr(node, "name", None)
                if isinstance(name, str):
                    state[name] = UNKNOWN
            self.state = state
            if case.guard is not None:
                self.eval(case.guard)
            end = _join(end, self.block(case.body, state))
        last = stmt.cases[-1] if stmt.cases else None
        exhaustive = last is not None and last.guard is None and \
            type(last.pattern).__name__ == "MatchAs" and last.pattern.pattern is None
        return end if exhaustive else _join(end, before)

    # ------------------------------------------------------------------ flow

    def loop(self, body: list, orelse: list, state: State,
             enter: Callable[[State], State], exits_at_test: bool = True) -> Optional[State]:
        passes = _MAX_LOOP_PASSES if len(self.loops) < 2 else _NESTED_LOOP_PASSES
        entry = state
        for attempt in range(passes + 1):
            self.loops.append(_Loop())
            end = self.block(body, enter(entry))
            frame = self.loops.pop()
            for cont in frame.continues:
                end = _join(end, cont)
            following = _join(entry, end)
            if following == entry:
                break
            entry = _widen(entry, following) if attempt else following
        exit_state = entry if exits_at_test else None
        for brk in frame.breaks:
            exit_state = _join(exit_state, brk)
        return self.block(orelse, exit_state) if orelse else exit_state

    def refine(self, state: State, test: ast.expr, truth: bool, facts: bool = False) -> State:
        """The state on the branch where ``test`` is ``truth``: ``if x > 0:`` bounds ``x``;
        past ``if torch.any(p <= 0) or ...: raise``, p is positive.

        With ``facts`` (a test whose every branch is refined, so that a join sees the fact on
        each side), a compared call is bounded too, as an expression fact and in the names
        bound to it: past ``if mask.sum() == 0: return``, ``mask.sum()`` and ``n =
        mask.sum()`` are not 0."""
        self.state = state
        witnesses = _nonempty(test, truth)
        for target, op, bound, holds in self.constraints(test, truth):
            target = _converted(target)
            for operand, bounded in self.elements_bounded(target, op, bound, holds):
                self.analysis.note_key(dotted(operand))
                state = {**state, dotted(operand): bounded}
                self.state = state
            key = dotted(target)
            if key is None and not (facts and _fact_name(target) is not None):
                continue
            current = self.eval_quiet(target)
            limit = self.eval_quiet(bound).range
            narrowed = narrow(current.range, op, limit, holds)
            witnesses += _counted(current, narrowed)
            if key is None:
                state = self.bound_call(state, target, current.changed(range=narrowed),
                                        (op, limit, holds))
            elif narrowed is not current.range or state.get(key) is not current:
                # (else, as for `if x is None:`, nothing is learnt and the state not copied)
                self.analysis.note_key(key)
                state = {**state, key: current.changed(range=narrowed)}
                reduction = current.reduction
                if facts and reduction is not None and current.origin == reduction and \
                        _fact_name(reduction.node) is not None:
                    # `n = mask.sum(1)` tested: `mask.sum(1)` computed again is bounded too
                    state = self.bound_call(state, reduction.node, state[key],
                                            (op, limit, holds))
            self.state = state
        return self.witnessed(state, witnesses, test)

    def elements_bounded(self, target: ast.expr, op: ast.cmpop, bound: ast.expr, holds: bool
                         ) -> Iterator[tuple[ast.expr, Value]]:
        """The array a comparison of ``abs(x)`` or of ``x.min()`` bounds elementwise, with
        its value so bounded: past ``if x.abs() < eps: return`` x is not 0, past ``if
        c.min() < 1: raise`` every element of c is at least 1."""
        # (the bound is only evaluated for these two forms: most comparisons are neither)
        operand = _absolute_of(target)
        if operand is not None and dotted(operand) is not None:
            held = self.eval_quiet(operand)
            rng = _magnitude_bounded(held.range, op, self.eval_quiet(bound).range, holds)
        else:
            extreme = _whole_extreme(target)
            if extreme is None:
                return
            operand, lowest = extreme
            held = self.eval_quiet(operand)
            side = narrow(Range(), op, self.eval_quiet(bound).range, holds)
            rng = held.range.meet_lo(side.lo, side.lo_open) if lowest else \
                held.range.meet_hi(side.hi, side.hi_open)
        if rng != held.range:
            yield operand, held.changed(range=rng)

    def witnessed(self, state: State, witnesses: list[_Witness],
                  test: ast.expr) -> State:
        """``state`` knowing that each witnessed name has an element of the kind named: a
        nonzero one, one above 0, one below 0."""
        pending = list(witnesses)
        for operand, kind, along in pending:
            key = dotted(_converted(operand))
            if key is not None:
                current = self.eval_quiet(operand)
                # the evidence is the test, or a named comparison's own definition, which
                # `x[mask]` reads (`mask = x > 0`): and x has an element above 0
                evidence = test
                if kind == _SOME_NONZERO and current.boolean and current.origin is not None \
                        and _condition(current.origin.node):
                    evidence = current.origin.node
                    pending += _selected(evidence, along)
                # a parameter named like a mask, tested with any(), is taken as boolean
                named_mask = kind == _SOME_NONZERO and current.range.unbounded and \
                    _names_mask(operand)
                self.analysis.note_key(key)
                state = {**state, key: current.changed(
                    origin=Origin(kind, evidence, operand=operand, along=along),
                    range=PROBABILITY if named_mask else current.range)}
                self.state = state
        return state

    def bound_call(self, state: State, call: ast.expr, value: Value,
                   comparison: tuple[ast.cmpop, Range, bool]) -> State:
        """``state`` knowing that ``call`` (a call or a difference) has ``value``: as a fact
        of the expression, and for each name bound to the same reduction (``n = x.sum()``
        for ``x.sum() > 0``, ``spread = hi - lo`` for ``hi != lo``)."""
        self.analysis.fact_callees.add(_fact_name(call))
        state = {**state, self.fact_key(call): value}
        for key, held in state.items():
            if held.reduction is not None and same_expr(held.reduction.node, call):
                state[key] = held.changed(range=narrow(held.range, *comparison))
        return state

    def fact_key(self, node: ast.expr) -> str:
        """The key a fact about ``node`` is filed under, the same for a library function
        and the method it equals: ``torch.sum(w)`` is filed as ``w.sum()``."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.args and dotted(node.func.value) is not None and \
                self.eval_quiet(node.func.value).ref is not None:
            node = ast.Call(func=ast.Attribute(value=node.args[0], attr=node.func.attr,
                                               ctx=ast.Load()),
                            args=node.args[1:], keywords=node.keywords)
        return _fact_key(node)

    def constraints(self, test: ast.expr, truth: bool, depth: int = 0) -> list[tuple]:
        """The comparisons that hold where ``test`` is ``truth``, as (compared expression,
        operator, bound, whether it holds): through ``not``/``~``, ``and``/``&`` (when
        true), ``or``/``|`` (when false), ``all``/``any``, and a named condition computed
        from a comparison (``ok = x > 0``)."""
        if depth > 8:
            return []
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, (ast.Not, ast.Invert)):
            return self.constraints(test.operand, not truth, depth + 1)
        parts: list = []
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) == truth:
            parts = test.values
        elif isinstance(test, ast.BinOp) and isinstance(test.op, ast.BitAnd) == truth and \
                isinstance(test.op, (ast.BitAnd, ast.BitOr)):
            parts = [test.left, test.right]
        elif isinstance(test, ast.Call) and len(test.args) == 2 and not test.keywords and \
                _callee_name(test) == ("logical_and" if truth else "logical_or"):
            parts = test.args
        if parts:
            return [c for part in parts for c in self.constraints(part, truth, depth + 1)]
        quantified = _quantified(test)
        if quantified is not None:
            # all(x > 0) true, or any(x <= 0) false: the comparison holds everywhere.
            universal, comparison = quantified
            return self.constraints(comparison, truth, depth + 1) if universal == truth else []
        comparison = _comparison(test)
        if comparison is not None:
            # `(w := x.std()) > tol` compares w
            left, op, right = (side.target if isinstance(side, ast.NamedExpr) else side
                               for side in comparison)
            mirrored = _MIRRORED.get(type(op))
            if mirrored is None:
                return [(left, op, right, truth)]
            # `0 < x` bounds x as `x > 0` does: keep both readings.
            readings = [(left, op, right, truth), (right, mirrored(), left, truth)]
            if not isinstance(left, ast.Constant) and not isinstance(right, ast.Constant):
                # a == b is a - b == 0: past `if lo == hi: return`, hi - lo is not 0.
                readings += [(ast.BinOp(a, ast.Sub(), b), o, _ZERO, holds)
                             for a, o, b, holds in readings]
            return readings
        if isinstance(test, (ast.Name, ast.Attribute)):
            value = self.eval_quiet(test)
            if value.boolean and value.origin is not None and value.origin.node is not test:
                return self.constraints(value.origin.node, truth, depth + 1)
        return []

    def refined(self, value: Value, node: Optional[ast.expr], test: ast.expr, truth: bool
                ) -> Value:
        """A value seen where ``test`` is ``truth``: ``where(x > 0, x, 1)`` keeps x above 0,
        ``where(x.abs() < 1, x, 0)`` inside (-1, 1)."""
        rng = value.range
        for target, op, bound, holds in self.constraints(test, truth):
            limit = self.eval_quiet(bound).range
            if same_expr(_reshaped_from(target), _reshaped_from(node)):
                rng = narrow(rng, op, limit, holds)
            elif same_expr(_absolute_of(target), node):
                rng = _magnitude_bounded(rng, op, limit, holds)
        return value.changed(range=rng) if rng != value.range else value

    def define(self, node: ast.AST) -> None:
        # A summary run meets the same definitions again: the first registration stands.
        if id(node) not in self.analysis.jobs_by_node:
            job = _Job(node, self.enclosing(), self.owner)
            self.analysis.jobs.append(job)
            self.analysis.jobs_by_node[id(node)] = job

    def enclosing(self) -> tuple:
        """The states a function defined here closes over: not the module's (those are the
        globals, seen as they are when the function runs) nor a class body's."""
        return (self.state, *self.closure) if self.scope == "function" else self.closure

    # ------------------------------------------------------------ assignment

    def assign(self, target: ast.expr, value: Value, source: Optional[ast.expr]) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            elements = source.elts if isinstance(source, (ast.Tuple, ast.List)) else None
            # Unpacking a constant (`b, n = x.shape`) gives constants.
            part = _CONSTANT if value.constant else UNKNOWN
            for i, element in enumerate(target.elts):
                if elements is not None and len(elements) == len(target.elts):
                    self.assign(element, self.eval_quiet(elements[i]), elements[i])
                elif _values_and_indices(value):  # `values, indices = torch.topk(p, k)`
                    self.assign(element, value if i == 0 else _CONSTANT, None)
                elif value.elements is not None and len(value.elements) == len(target.elts):
                    self.assign(element, value.elements[i], None)
                else:
                    self.assign(element, part, None)
            return
        if isinstance(target, ast.Starred):
            self.assign(target.value, UNKNOWN, None)
            return
        key = dotted(target)
        if key is None:
            if isinstance(target, ast.Subscript):
                self.eval(target.value)
                index = self.eval(target.slice)
                if isinstance(target.value, ast.Subscript):
                    # x[i][j] = v: some elements of the row x[i] become v
                    stored = self.eval_quiet(target.value).join(value)
                    self.assign(target.value, stored.changed(
                        site=None, constant=stored.constant and index.constant), None)
                else:
                    self.store_elements(target, index, value)
            return
        if key in self.analysis.attribute_owners:  # what was known of its attributes is stale
            state = {k: v for k, v in self.state.items() if not k.startswith(key + ".")}
        else:
            state = dict(self.state)
        if self.analysis.fact_callees:  # facts about calls on the old value are stale
            root = key.partition(".")[0]
            state = {k: v for k, v in state.items()
                     if not (k.startswith(_FACT) and root in _fact_names(k))}
        self.analysis.note_key(key)
        if not value.visible and value.site is None and api.is_setting_name(key.rpartition(".")[2]):
            value = _CONSTANT  # `action_dim = np.prod(shape)`: a size, named so
        state[key] = value  # keeps `site`: where(c, y, 0) may mask a log computed into y
        self.state = state

    def store_elements(self, target: ast.Subscript, index: Value, value: Value) -> None:
        """``x[i] = v``: some of x's elements become v. ``x[x < eps] = eps`` masks x (the
        elements left are those the test leaves out), and after ``r = arange(n); r[0] = 1``
        no element is below 1."""
        key = dotted(target.value)
        current = self.lookup(key) if key is not None else None
        if current is None or current.ref is not None or current.helper is not None or \
                (isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str)):
            return  # state["step"] = 0 sets an entry of a dict, not elements of an array
        if index.boolean:
            current = self.refined(current, target.value, target.slice, False)
        elif _first_of_arange(current, target.slice):
            current = current.changed(range=Range(1.0, INF))
        if value.origin is None and value.range.can_be(0.0):  # the evidence: x[i] = 0
            value = value.changed(origin=_origin("stored element", target))
        # (elements chosen by a data index make the array data too: `m[idx] = True`)
        stored = current.join(value)
        self.assign(target.value, stored.changed(site=None,
                                                 constant=stored.constant and index.constant),
                    None)

    def eval_quiet(self, node: ast.expr) -> Value:
        """Re-evaluate an already evaluated expression without recording its sites twice."""
        record, self.record = self.record, False
        try:
            return self.eval(node)
        finally:
            self.record = record

    # ------------------------------------------------------------ expressions

    def eval(self, node: ast.expr) -> Value:
        handler = _EXPRESSION_HANDLERS.get(type(node))
        if handler is None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.eval(child)
            return UNKNOWN
        value = handler(self, node)
        if self.analysis.fact_callees and isinstance(node, (ast.Call, ast.BinOp)) and \
                _fact_name(node) in self.analysis.fact_callees:
            # (a closure's too: a cond branch is a lambda defined where its test holds)
            fact = self.lookup(self.fact_key(node))
            return value if fact is None else fact
        return value

    def eval_Constant(self, node: ast.Constant) -> Value:
        if isinstance(node.value, (int, float)):
            try:
                return _number(float(node.value))
            except OverflowError:  # an int literal past float's range: 10 ** 400 as a float
                return _number(INF if node.value > 0 else -INF)
        return _CONSTANT

    def eval_Name(self, node: ast.Name) -> Value:
        value = self.lookup(node.id)
        if value is None:
            value = self.unbound(node.id)
        # The cached name test comes before `visible`, which most names fail.
        if value.ref is None and value.helper is None and is_epsilon_name(node.id) \
                and not value.visible:
            return _epsilon(node)
        return value

    def lookup(self, key: str) -> Optional[Value]:
        # The innermost scope answers most lookups: no tuple of the scopes is built for it.
        if key in self.state:
            return self.state[key]
        for state in self.closure:
            if key in state:
                return state[key]
        return self.analysis.globals.get(key)

    def unbound(self, name: str) -> Value:
        for module in self.star_modules():
            if api.lookup(f"{module}.{name}"):
                return Value(ref=f"{module}.{name}", constant=True)
        if name in _BUILTINS:
            return _reference(f"builtins.{name}")
        alias = self.analysis.fallback_alias(name)
        return Value(ref=alias, constant=True) if alias else UNKNOWN

    def star_modules(self) -> list[str]:
        stars = self.lookup("*")
        return stars.ref.split() if stars is not None and stars.ref else []

    def eval_Attribute(self, node: ast.Attribute) -> Value:
        return self.attribute(node)[0]

    def attribute(self, node: ast.Attribute) -> tuple[Value, Optional[Value]]:
        """The attribute's value, and the value of the object it was read from."""
        key = dotted(node)
        if key is not None:
            known = self.lookup(key)
            if known is not None:
                return known, None
        base = self.eval(node.value)
        return self.member(base, node), base

    def member(self, base: Value, node: ast.Attribute) -> Value:
        if base.ref is not None:
            if node.attr in _CONSTANT_ATTRIBUTES and (base.ref.partition(".")[0] in _SCALAR_MODULES
                                                      or api.is_framework_module(base.ref)):
                # math.pi, np.pi, jnp.inf
                return Value(range=Range.point(_CONSTANT_ATTRIBUTES[node.attr]), constant=True)
            return _reference(f"{base.ref}.{node.attr}")
        if base.finfo and node.attr in api.FINFO_EPSILONS:
            return _epsilon(node)
        if _values_and_indices(base) and node.attr in ("values", "indices"):
            return base if node.attr == "values" else _CONSTANT
        owned = isinstance(node.value, ast.Name) and node.value.id == "self"
        if owned and node.attr in self.owner.methods:
            return Value(helper=self.owner.methods[node.attr])
        if is_epsilon_name(node.attr):
            return _epsilon(node)
        if owned and node.attr in self.owner.settings:
            # `self.gamma = gamma` in __init__, with `gamma=1.03`; a dataclass field
            return self.owner.settings[node.attr]
        if node.attr in _SHAPE_ATTRIBUTES or base.constant:
            return _CONSTANT
        owner = node.value.id if isinstance(node.value, ast.Name) else \
            getattr(node.value, "attr", None)
        if owner in api.CONFIGURATION_NAMES or api.is_setting_name(node.attr):
            return _CONSTANT  # config.hidden_size, self.n_particles: a hyperparameter
        return UNKNOWN

    def eval_BinOp(self, node: ast.BinOp) -> Value:
        left = self.eval(node.left)
        right = self.eval(node.right)
        return self.arithmetic(node.op, left, right, node, node.left, node.right)

    def eval_UnaryOp(self, node: ast.UnaryOp) -> Value:
        operand = self.eval(node.operand)
        if isinstance(node.op, ast.USub):
            # (-x.sum() is 0 where x.sum() is: a risky denominator still)
            return Value(range=-operand.range, origin=_origin("negation", node),
                         constant=operand.constant, framework=operand.framework,
                         reduction=operand.reduction)
        if isinstance(node.op, ast.UAdd):
            return operand
        return Value(range=PROBABILITY, boolean=True, constant=operand.constant,
                     origin=_origin("comparison", node) if operand.boolean else None,
                     framework=operand.framework)

    def eval_Compare(self, node: ast.Compare) -> Value:
        values = [self.eval(node.left), *(self.eval(c) for c in node.comparators)]
        return Value(range=PROBABILITY, boolean=True, constant=all(v.constant for v in values),
                     origin=_maximum_indicator(node, values) or _origin("comparison", node),
                     framework=next((v.framework for v in values if v.framework), None))

    def eval_BoolOp(self, node: ast.BoolOp) -> Value:
        values = [self.eval(v) for v in node.values]
        joined = values[0]
        for value in values[1:]:
            joined = joined.join(value)
        return joined

    def eval_IfExp(self, node: ast.IfExp) -> Value:
        self.eval(node.test)
        before = self.state
        self.state = self.refine(before, node.test, True, facts=True)
        body = self.eval(node.body)
        self.state = self.refine(before, node.test, False, facts=True)
        orelse = self.eval(node.orelse)
        self.state = before
        return body.join(orelse)

    def eval_NamedExpr(self, node: ast.NamedExpr) -> Value:
        value = self.eval(node.value)
        self.assign(node.target, value, node.value)
        return value

    def eval_Subscript(self, node: ast.Subscript) -> Value:
        base = self.eval(node.value)
        index = self.eval(node.slice)
        position = _literal(node.slice)
        if base.elements is not None and position is not None and \
                -len(base.elements) <= position < len(base.elements) and position == int(position):
            return base.elements[int(position)]  # np.unique(y, return_counts=True)[1]
        selection = index.boolean or _names_mask(node.slice)
        if selection and base.site is not None and isinstance(node.ctx, ast.Load):
            # (`x[mask] -= 1` changes some elements; it discards none)
            self.guard(base.site, _Guard(node))
        result = base.changed(ref=None, helper=None, site=None, finfo=False)
        test = self.selecting_test(node.slice)
        if selection:
            reduction = self.nonzero_rows_test(node, test)
            result = result.changed(origin=Origin(_NONZERO_ROWS, node, operand=reduction)
                                    if reduction is not None else _origin("selection", node))
        if selection or test is not node.slice:
            # x[x > 0], or x[:, m] with m = x > eps: the selected values satisfy the test
            result = self.refined(result, node.value, test, True)
        return result

    def selecting_test(self, index: ast.expr) -> ast.expr:
        """The comparison a mask index selects by: the index itself (``x[x > 0]``), or the
        one a mask name holds, alone or beside whole slices (``m = x > eps``, ``x[:, m]``)."""
        if isinstance(index, ast.Tuple):
            masks = [element for element in index.elts if not _whole_slice(element)]
            if len(masks) != 1:
                return index
            index = masks[0]
        if isinstance(index, ast.Name):
            origin = self.eval_quiet(index).origin
            # (a mask tested with any() is filed under what the test witnessed)
            if origin is not None and origin.kind in ("comparison", *_WITNESSES) and \
                    isinstance(origin.node, ast.Compare):
                return origin.node
        return index

    def nonzero_rows_test(self, node: ast.Subscript, test: ast.expr) -> Optional[ast.Call]:
        """``x[x.sum(1) != 0]``, ``x[norm(x, axis=1) > 0]``, ``x[count_nonzero(x, 1) > 1]``:
        the reduction call, when the selection keeps only the rows of x with a nonzero
        element."""
        # (what selecting by the test witnesses: a nonzero, or a positive, left side)
        witnesses = _selected(test) if isinstance(test, ast.Compare) else []
        if len(witnesses) != 1 or witnesses[0][1] == _SOME_NEGATIVE:
            return None
        origin = self.eval_quiet(witnesses[0][0]).origin
        if origin is not None and origin.kind in _NONZERO_TESTS and \
                isinstance(origin.node, ast.Call) and same_expr(origin.operand, node.value):
            return origin.node
        return None

    def eval_List(self, node: ast.AST) -> Value:
        """A literal sequence: the values of its elements (np.array([1, 2]) is positive)."""
        values = [self.eval(element) for element in node.elts]
        if not values or any(isinstance(e, ast.Starred) for e in node.elts):
            return UNKNOWN
        joined = values[0]
        for value in values[1:]:
            joined = joined.join(value)
        return Value(range=joined.range, constant=joined.constant)

    eval_Tuple = eval_Set = eval_List

    def eval_Slice(self, node: ast.Slice) -> Value:
        """``a:b:c``: which elements, fixed by its bounds (``0::2`` by a setting's grid)."""
        bounds = [self.eval(part) for part in (node.lower, node.upper, node.step)
                  if part is not None]
        return _CONSTANT if all(bound.constant for bound in bounds) else UNKNOWN

    def eval_Lambda(self, node: ast.Lambda) -> Value:
        for default in [*node.args.defaults, *(d for d in node.args.kw_defaults if d)]:
            self.eval(default)
        self.define(node)
        return Value(helper=node)

    def eval_comprehension(self, node: ast.AST, results: Sequence[ast.expr]) -> Value:
        before = self.state
        self.state = dict(before)
        for generator in node.generators:
            self.bind_element(generator.target, self.eval(generator.iter), generator.iter)
            for condition in generator.ifs:
                self.eval(condition)
                self.state = self.refine(self.state, condition, True)
        values = [self.eval(result) for result in results]
        self.state = before
        # A list of values stands for any of its elements, as a literal list does.
        return _element(values[0]) if len(values) == 1 else UNKNOWN

    def mapped(self, function: ast.Lambda, iterated: ast.expr) -> Value:
        """``map(lambda x: x.max(), xs)``: what the lambda gives for any element of xs, as
        the comprehension ``(x.max() for x in xs)`` would."""
        self.eval(function)  # (the lambda is still a scope of its own, analysed as one)
        sequence = self.eval(iterated)
        parameters = _signature(function.args)
        if len(parameters) != 1:
            return UNKNOWN
        before = self.state
        self.state = dict(before)
        self.bind_element(ast.Name(id=parameters[0].arg, ctx=ast.Store()), sequence, iterated)
        value = self.eval_quiet(function.body)
        self.state = before
        return _element(value)

    def bind_element(self, target: ast.expr, sequence: Value, iterated: ast.expr) -> None:
        """``for x in xs``: x is any element of xs, whose range and evidence it keeps; in
        ``for i, x in enumerate(xs)`` i is a counter (a constant index), and in
        ``for a, b in zip(xs, ys)`` a is an element of xs and b one of ys."""
        self.assign(target, self.item(iterated, sequence), None)

    def item(self, iterated: ast.expr, sequence: Optional[Value] = None) -> Value:
        """Any item of ``iterated`` (whose value is ``sequence`` when already known): the
        items of ``enumerate`` and ``zip`` are tuples of the items they pair."""
        if isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Name) and \
                iterated.func.id in ("enumerate", "zip") and iterated.args and \
                not any(isinstance(arg, ast.Starred) for arg in iterated.args) and \
                self.lookup(iterated.func.id) is None:
            if iterated.func.id == "enumerate":
                return Value(elements=(_COUNTER, self.item(iterated.args[0])))
            return Value(elements=tuple(self.item(arg) for arg in iterated.args))
        return _element(self.eval_quiet(iterated) if sequence is None else sequence)

    def eval_ListComp(self, node: ast.AST) -> Value:
        return self.eval_comprehension(node, [node.elt])

    eval_SetComp = eval_GeneratorExp = eval_ListComp

    def eval_DictComp(self, node: ast.DictComp) -> Value:
        return self.eval_comprehension(node, [node.key, node.value])

    # ------------------------------------------------------------------ calls

    def eval_Call(self, node: ast.Call) -> Value:
        func = node.func
        comparison = _comparison(node)
        if comparison is not None and not (isinstance(func, ast.Name) and
                                           self.eval_quiet(func).helper is not None):
            # x.gt(0), torch.eq(x, m): a comparison, as `x > 0` is (not a helper of the file)
            left, op, right = comparison
            return self.eval_Compare(ast.copy_location(
                ast.Compare(left=left, ops=[op], comparators=[right]), node))
        if isinstance(func, ast.Name) and func.id == "map" and len(node.args) == 2 and \
                isinstance(node.args[0], ast.Lambda) and self.lookup("map") is None:
            return self.mapped(node.args[0], node.args[1])
        module = _imported_by_name(node)
        if module is not None:  # K = _safe_import("keras.backend"), importlib.import_module
            return _reference(module)
        receiver: Optional[Operand] = None
        if isinstance(func, ast.Attribute):
            callee, base = self.attribute(func)
            if callee.ref is None and callee.helper is None:
                receiver = (base if base is not None else UNKNOWN, func.value)
        else:
            callee = self.eval(func)
        framework, kind, form = self.resolve(callee, func, node, receiver)
        positional, keywords = self.arguments(node, kind, framework, form, receiver)
        if kind in (api.MAX, api.MIN) and _elementwise_extreme(positional, keywords, form):
            kind = api.MAXIMUM if kind == api.MAX else api.MINIMUM
        if callee.helper is not None:
            passed = [value for value, _ in (*positional, *keywords.values())]
            return self.call_helper(callee.helper, node, settings=bool(passed) and all(
                value.constant for value in passed))
        if callee.ref in ("builtins.max", "builtins.min") and len(node.args) == 1:
            element = _element(positional[0][0]) if positional else UNKNOWN
            if element.reduction is None and element.framework is None:
                return _CONSTANT  # max(lengths), min(strides): Python numbers
            if callee.ref == "builtins.max":
                # max(t.max() for t in scores), max(hsides): 0 like a max reduction
                return _reduce(api.MAX, element, node.args[0], node, None)
            return UNKNOWN
        if kind is None:
            if callee.ref and callee.ref.split(".")[0] in _SCALAR_MODULES:
                return _CONSTANT
            if isinstance(func, ast.Attribute) and func.attr in _SHAPE_METHODS:
                return _CONSTANT  # x.size(-1), x.dim(): a shape
            if isinstance(func, ast.Attribute) and func.attr in api.CONVERSION_METHODS and \
                    positional:
                return positional[0][0].changed(site=None)
            if (_callee_name(node) or "").lower().endswith("cholesky"):
                # `safe_cholesky(A)`, `psd_safe_cholesky(A)`: wrappers that add jitter and
                # retry, still returning a factor whose diagonal is positive (unlike
                # `cholesky_solve` or `cholesky_inverse`).
                return Value(origin=_origin(api.CHOLESKY, node))
            if _of_settings(callee, node, receiver, positional, keywords):
                # (an array, perhaps a mask with zeros, not a hyperparameter scale)
                library = api.lookup_namespace(callee.ref) if callee.ref else None
                return Value(constant=True, origin=_origin(_OF_SETTINGS, node),
                             framework=library[0].name if library else
                             receiver[0].framework if receiver else None)
            return _CALL_RESULT
        if receiver is not None:
            # (x.where(c, y) is where(c, x, y), torch's and pandas' method)
            positional = [*positional[:1], receiver, *positional[1:]] if kind == api.WHERE \
                else [receiver, *positional]
        roles = _bind(kind, positional, keywords)
        if form == "method" and func.attr.endswith("_"):
            return self.in_place(kind, roles, node, framework, func.value)
        if form == "function" and (callee.ref or "").endswith("_") and node.args:
            # torch.nn.init.normal_(w): in place on its first argument
            return self.in_place(kind, roles, node, framework, node.args[0])
        result = self.apply(kind, framework, roles, keywords, node, form, callee.ref)
        if callee.ref in ("builtins.float", "builtins.int"):
            # float(x.max()) is a Python number, as x.max().item() is: it leaves the graph
            return result.changed(reduction=None)
        return result

    def resolve(self, callee: Value, func: ast.expr, node: ast.Call,
                receiver: Optional[Operand]) -> tuple[Optional[Framework], Optional[str], str]:
        if callee.ref is not None:
            if callee.ref.startswith("builtins."):
                return None, _BUILTINS.get(callee.ref[len("builtins."):]), "operator"
            found = api.lookup(callee.ref)
            return (found[0], found[1], "function") if found else (None, None, "function")
        if receiver is not None:
            name = func.attr
            method = api.METHODS.get(name) or (api.METHODS.get(name[:-1])
                                               if name.endswith("_") else None)
            if method is not None and len(node.args) <= method[1]:
                return None, method[0], "method"
        return None, None, "function"

    def arguments(self, node: ast.Call, kind: Optional[str], framework: Optional[Framework],
                  form: str = "function", receiver: Optional[Operand] = None
                  ) -> tuple[list[Operand], dict[str, Operand]]:
        # The branches of a differentiable where(...) / nan_to_num(...) are masked *after*
        # the operation: sites evaluated inside them get that guard.
        # (a NaN-ignoring reduction, `nanmean(x / n)`, discards the NaN results too)
        guarded = (kind in (api.WHERE, api.NAN_TO_NUM) or
                   (_callee_name(node) or "") in _NAN_IGNORING) and (
            framework is None or framework.differentiable)
        guards = {True: _Guard(node), False: _Guard(node)} if guarded else {}
        positional: list[Operand] = []
        keywords: dict[str, Operand] = {}
        if kind == api.BRANCH and len(node.args) >= 3 and \
                not any(isinstance(arg, ast.Starred) for arg in node.args):
            return self.branches(node), keywords
        for i, arg in enumerate(node.args):
            if isinstance(arg, ast.Starred):  # (the elements of settings are settings)
                positional.append((_CONSTANT if self.eval(arg.value).constant else UNKNOWN,
                                   arg))
                continue
            if guarded and kind == api.WHERE and i == 0:
                value = self.eval(arg)
                about = self.condition_names(arg, value)
                guards = {truth: _Guard(node, about, arg, truth) for truth in (True, False)}
                if receiver is not None and receiver[0].site is not None:
                    # (v / n).where(n > 0, v): the receiver is kept where the test holds
                    self.guard(receiver[0].site, guards[True], inside=True)
                positional.append((value, arg))
                continue
            # where(c, kept where c, kept where not c); x.where(c, kept where not c)
            kept_where_true = i != 2 and not (form == "method" and kind == api.WHERE)
            positional.append((self.eval_guarded(arg, guards[kept_where_true]) if guarded
                               else self.eval(arg), arg))
        for keyword in node.keywords:
            if guarded and keyword.arg not in ("condition", None):
                value = self.eval_guarded(
                    keyword.value, guards[keyword.arg not in api.ROLE_KEYWORDS["y"]])
            else:
                value = self.eval(keyword.value)
            if keyword.arg is not None:
                keywords[keyword.arg] = (value, keyword.value)
        return positional, keywords

    def branches(self, node: ast.Call) -> list[Operand]:
        """``cond(pred, true_fn, false_fn, *operands)``: each function is defined (a lambda
        closes over the state) where ``pred`` is true, or false. (The condition numbers
        ``linalg.cond(A)`` share the name but take no functions.)"""
        test, *rest = node.args
        before = self.state
        positional = [(self.eval(test), test)]
        for i, arg in enumerate(rest):
            if i < 2:
                self.state = self.refine(before, test, i == 0, facts=True)
            positional.append((self.eval(arg), arg))
            self.state = before
        # A result computed before and read by one function only, and nowhere else, is
        # discarded where pred says otherwise: masked after the fact (`f = m / n`, then
        # `cond(n <= m, lambda: x, lambda: f * x)`).
        functions = [arg for arg in rest[:2] if isinstance(arg, ast.Lambda)]
        if len(functions) == 2 and self.body is not None:
            about = self.condition_names(test, positional[0][0])
            everywhere = _reads(self.body)
            for truth, function in zip((True, False), functions):
                for name, places in _reads(function.body).items():
                    value = before.get(name)
                    if value is not None and value.site is not None and \
                            len(everywhere[name]) == len(places):
                        self.guard(value.site, _Guard(node, about, test, truth))
        return positional

    def eval_guarded(self, arg: ast.expr, guard: _Guard) -> Value:
        self.guards.append(guard)
        try:
            value = self.eval(arg)
        finally:
            self.guards.pop()
        if value.site is not None:
            self.guard(value.site, guard)
        return value

    def guard(self, site: Site, guard: _Guard, inside: bool = False) -> None:
        """Mark a site as masked after the fact, if the mask is about its operand. Its input
        is also seen where the result is kept, for an operation written ``inside`` the mask
        or, through a variable, one whose input reads every name the condition is about and
        still evaluates as it did (the condition refines those names only, not the
        variables computed from them)."""
        if inside and guard.test is not None and site.replacement is None:
            site.replacement = self.replacement(site.operand_node, guard)
        if site.guard is None and self.concerns(guard, site):
            # Masks are only tracked in differentiable frameworks: an operator or method
            # inside one works on that framework's tensors.
            site.differentiable = site.differentiable or site.framework is None
            if not site.differentiable:
                return
            site.guard = guard.node
            # (a test of the op itself, `where(isfinite(log(x)), log(x), 0)`, fixes its
            # forward value wherever the input is)
            if guard.test is not None and site.operand_node is not None and \
                    not computes(guard.test, site.node) and \
                    (inside or self.reads_as_before(site, guard)) and \
                    not self.opaque_threshold(guard.test, site.operand_node):
                site.kept_operand = self.operand_where_kept(site.operand_node, guard)

    def reads_as_before(self, site: Site, guard: _Guard) -> bool:
        """Whether a site's input, computed before a mask, reads what the mask's condition
        is about directly, with the values it read then (`s = x.sum(); q = y / s` is
        refined by `where(x == 0, q, ...)` through `s`, which the test does not touch)."""
        return guard.about is not None and guard.about <= self.names_in(site.operand_node) and \
            self.eval_quiet(site.operand_node) == site.operand

    def replacement(self, operand: Optional[ast.expr], guard: _Guard) -> Optional[Value]:
        """``x = where(c, ones_like(x), x)`` ... ``where(c, y, sqrt(f(x)))``: what x holds
        where the outer where discards the result (the JAX FAQ's double where)."""
        for name in self.names_in(operand):
            value = self.lookup(name)
            if value is not None and value.selection is not None and \
                    same_expr(value.selection[0], guard.test):
                return value.selection[2 if guard.truth else 1]
        return None

    def opaque_threshold(self, test: ast.expr, operand: ast.expr) -> bool:
        """Whether a mask's test compares the operation's input with a bound nanlint cannot
        see: a setting (``norm > tol``), or any bound on a variable the input is computed
        from (``where(x > -c, log(-expm1(x)), log1p(-exp(x)))``, a piecewise formula). The
        author's threshold is taken to keep the input inside the domain, so the mask is
        one applied after the fact. Two inputs compared (``where(a >= b, log(a), ...)``)
        pick a formula; they do not bound either."""
        if isinstance(test, ast.Name):  # `is_small = x > -c` ... where(is_small, ...)
            value = self.lookup(test.id)
            if value is not None and value.boolean and value.origin is not None:
                test = value.origin.node
        comparison = _comparison(test)
        if comparison is None:
            return False
        about = self.names_in(operand)
        bounds = [side for side in (comparison[0], comparison[2])
                  if not self.names_in(side) & about]
        if len(bounds) != 1:
            return False
        compared = comparison[2] if bounds[0] is comparison[0] else comparison[0]
        guards, self.guards = self.guards, []  # the sides are read outside the mask
        try:
            bound = self.eval_quiet(bounds[0])
            # (a threshold passed in for a norm, `vnorm > max_speed`, is the author's too)
            passed_in = isinstance(bounds[0], (ast.Name, ast.Attribute)) and \
                self.eval_quiet(compared).reduction is not None
        finally:
            self.guards = guards
        return bound.range.unbounded and (bound.constant or not same_expr(compared, operand)
                                           or passed_in)

    def operand_where_kept(self, operand: ast.expr, guard: _Guard) -> Value:
        """The operation's input re-evaluated where the mask keeps the result."""
        state, guards = self.state, self.guards
        self.guards = []
        try:
            self.state = self.refine(state, guard.test, guard.truth, facts=True)
            return self.eval_quiet(operand)
        finally:
            self.state, self.guards = state, guards

    def concerns(self, guard: _Guard, site: Site) -> bool:
        if guard.about is None or self.names_in(site.operand_node) & guard.about:
            return True
        return guard.test is not None and self.tests_result(site, guard.test, guard.truth)

    def tests_result(self, site: Site, test: ast.expr, truth: bool) -> bool:
        """Whether a mask's test bounds the site's result, held in a variable, by a setting
        where the mask keeps it: `f = 1 - c / n`, then `where(f >= 0, f, 0)` (NaN fails every
        comparison, and -inf this one), or `s = sqrt(v)`, then `where(s <= 0, 1, s)` (its
        infinite gradient at 0 is the one selected away)."""
        for target, op, bound, holds in self.constraints(test, truth):
            name = dotted(_reshaped_from(target))
            value = self.lookup(name) if name is not None else None
            if value is None or value.site is not site:
                continue
            limit = self.eval_quiet(bound)
            kept = narrow(value.range, op, limit.range, holds)
            if limit.constant and (kept.positive if site.kind == api.SQRT else
                                   not kept.unbounded):
                return True
        return False

    def names_in(self, node: Optional[ast.AST]) -> frozenset:
        """The variables an expression reads, as whole paths (``self.lr``, not ``self``),
        leaving out the modules it calls through."""
        names: set[str] = set()
        pending = [node] if node is not None else []
        while pending:
            child = pending.pop()
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
                # a method call reads its receiver: `x.exp()` is about x, not `x.exp`
                pending.extend((child.func.value, *child.args,
                                *(keyword.value for keyword in child.keywords)))
                continue
            path = dotted(child) if isinstance(child, (ast.Name, ast.Attribute)) else None
            if path in ("self", "cls"):
                continue
            if path is None:
                pending.extend(ast.iter_child_nodes(child))
                continue
            root = self.lookup(path.split(".")[0])
            if root is None or root.ref is None:
                names.add(path)
        return frozenset(names)

    def condition_names(self, node: ast.expr, value: Value) -> Optional[frozenset]:
        """What a mask's condition is about: its variables and those of the comparisons
        they were computed from (``valid = x > 0`` ... ``~valid``); None for a finiteness
        test, which is about every result."""
        sources = [node] + ([value.origin.node] if value.boolean and value.origin else [])
        names: set[str] = set()
        for _ in range(4):  # follow named conditions a few definitions back
            if not sources:
                break
            for source in sources:
                if any(isinstance(child, ast.Call) and _callee_name(child) in _FINITENESS_TESTS
                       for child in ast.walk(source)):
                    return None
            found = frozenset().union(*(self.names_in(source) for source in sources))
            sources = [value.origin.node for name in found - names
                       if (value := self.lookup(name)) is not None and value.boolean
                       and value.origin is not None]
            names |= found
        return frozenset(names)

    def call_helper(self, helper: ast.AST, node: ast.Call, settings: bool = False) -> Value:
        """What a helper defined in this file returns; called with settings only, what it
        returns for settings (a table built from them is a setting too)."""
        job = self.analysis.jobs_by_node.get(id(helper))
        if job is None:
            return UNKNOWN
        result = self.analysis.summary(job, settings)
        # The evidence names the call it came back through: `probs` is `helper(...)`,
        # which returns `sigmoid(...)`; a reduction of a parameter is one of the argument.
        return result.changed(**{
            field: replace(origin, via=node, operand=_argument_for(helper, node, origin.operand))
            for field in ("origin", "probability", "reduction")
            if (origin := getattr(result, field)) is not None})

    def in_place(self, kind: str, roles: dict, node: ast.Call,
                 framework: Optional[Framework], receiver: ast.expr) -> Value:
        """``p.clamp_(min=eps)`` changes ``p``: bind the result back to the receiver."""
        if kind in _ARITHMETIC_KINDS:
            x, y = roles["x"], roles.get("y", (UNKNOWN, None))
            result = self.arithmetic(_ARITHMETIC_KINDS[kind](), x[0], y[0], node, x[1], y[1])
        else:
            result = self.apply(kind, framework, roles, {}, node, "method")
        if dotted(receiver) is not None:
            self.assign(receiver, result, None)
        return result

    def apply(self, kind: str, framework: Optional[Framework], roles: dict,
              keywords: dict, node: ast.Call, form: str, qualified: Optional[str] = None
              ) -> Value:
        x, x_node = roles.get("x", (UNKNOWN, None))
        name = framework.name if framework else x.framework
        if kind in api.GUARDED:
            if "where" in keywords:  # np.log(x, where=x > 0, out=...) guards its input
                x = x.changed(range=x.range.meet_lo(0.0, True))
            site = self.site(kind, node, x, x_node, framework, form, qualified=qualified)
            if kind == api.SQRT:
                return _root(x, name).changed(site=site)
            result = POSITIVE if kind == api.RSQRT else _logarithm_sign(kind, x.range) \
                if kind in (api.LOG, api.LOG1P) else _INVERSE_TRIG_RESULT.get(kind, Range())
            return Value(range=result, framework=name, site=site, constant=x.constant)
        if kind == api.POW:
            exponent = roles.get("exponent", (UNKNOWN, None))
            return self.arithmetic(ast.Pow(), x, exponent[0], node, x_node, exponent[1],
                                   framework=framework, form=form)
        if kind == api.LEGACY_CONSTRUCT:
            if not isinstance(x_node, (ast.List, ast.Tuple)):
                return Value(framework=name)  # torch.Tensor(n): n uninitialised values
            kind = api.CONSTRUCT
        if kind == api.RANDOM and keywords.keys() & _RANDOM_BOUNDS:
            # uniform(key, minval=tiny, maxval=1.): [minval, maxval), as far as they are known
            low = next((keywords[k][0].range for k in ("minval", "low") if k in keywords),
                       Range.point(0.0))
            high = next((keywords[k][0].range for k in ("maxval", "high") if k in keywords),
                        Range.point(1.0))
            return Value(range=Range(low.lo, high.hi, low.lo_open, True),
                         origin=_origin(kind, node), framework=name)
        if kind == api.WHERE and "cond" in roles:
            cond = roles["cond"][1]
            roles = {**roles, **{role: (self.refined(*roles[role], cond, truth), roles[role][1])
                                 for role, truth in (("x", True), ("y", False))
                                 if role in roles}}
            if "x" in roles and "y" in roles:
                selected = _produce(kind, x, x_node, roles, node, name)
                return selected.changed(selection=(cond, roles["x"][0], roles["y"][0]))
        if kind == api.MASKED_FILL and "cond" in roles and x_node is not None:
            # x.masked_fill(x > b, b): the values kept are those where the test is false
            x = self.refined(x, x_node, roles["cond"][1], False)
            roles = {**roles, "x": (x, x_node)}
        if kind == api.MASKED_FILL and x.site is not None:
            # log(x).masked_fill(mask, 0): masked after the fact
            cond = roles.get("cond", (UNKNOWN, None))
            about = self.condition_names(cond[1], cond[0]) if cond[1] is not None else None
            self.guard(x.site, _Guard(node, about, cond[1], False))
        if kind in (api.DIVIDE, *_ARITHMETIC_KINDS):
            y, y_node = roles.get("y", (UNKNOWN, None))
            op = ast.Div() if kind == api.DIVIDE else _ARITHMETIC_KINDS[kind]()
            return self.arithmetic(op, x, y, node, x_node, y_node, framework=framework,
                                   form=form)
        if kind == api.UNIQUE:
            # (values, [index], [inverse], [counts]): each count is of a value that occurs
            returned = [flag for flag in ("return_index", "return_inverse", "return_counts")
                        if flag in keywords and _literal_true(keywords[flag][1])]
            if "return_counts" in returned:
                counts = Value(range=Range(1.0, INF), origin=_origin("count", node),
                               framework=name)
                return Value(framework=name, elements=(
                    x.changed(site=None), *(UNKNOWN for _ in returned[:-1]), counts))
            return x.changed(site=None, ref=None, helper=None)
        if kind == api.DOT and isinstance(node, ast.Call):
            # a product of tables built from settings (einsum over all its operands)
            constant = all(value.constant for value, _ in roles.values()) and not any(
                isinstance(arg, ast.Starred) or not self.eval_quiet(arg).constant
                for arg in node.args[2:])
            factors = _summed_product(node, [operand for _, operand in roles.values()])
            if factors is not None:
                return _dot_product([self.eval_quiet(f) for f in factors], factors, node,
                                    name, constant)
            return _produce(kind, x, x_node, roles, node, name).changed(constant=constant)
        return _produce(kind, x, x_node, roles, node, name)

    def site(self, kind: str, node: ast.expr, operand: Value, operand_node: Optional[ast.expr],
             framework: Optional[Framework], form: str,
             qualified: Optional[str] = None) -> Site:
        differentiable = framework.differentiable if framework else (
            form == "method" or _framework_differentiable(operand.framework))
        callee = node.func if isinstance(node, ast.Call) else None
        site = Site(kind, node, operand, operand_node, framework, form, callee, qualified,
                    differentiable)
        for guard in reversed(self.guards):
            self.guard(site, guard, inside=True)
        if self.record:
            self.analysis.sites[id(node)] = site
        return site

    # -------------------------------------------------------------- arithmetic

    def arithmetic(self, op: ast.operator, left: Value, right: Value, node: ast.AST,
                   left_node: Optional[ast.expr], right_node: Optional[ast.expr],
                   framework: Optional[Framework] = None, form: str = "operator") -> Value:
        result = self.combined(op, left, right, node, left_node, right_node, framework, form)
        draw = _draw_kept(op, left, right)
        if draw is not None:
            result = result.changed(origin=draw, reduction=None)
        for value, other in ((left, right), (right, left)):
            if result.site is None and value.site is not None and other.constant:
                # `f = 1 - c / n`: a mask applied to f later is applied to the quotient
                result = result.changed(site=value.site)
        return result

    def combined(self, op: ast.operator, left: Value, right: Value, node: ast.AST,
                 left_node: Optional[ast.expr], right_node: Optional[ast.expr],
                 framework: Optional[Framework], form: str) -> Value:
        name = framework.name if framework else (left.framework or right.framework)
        constant = left.constant and right.constant
        visible = left.visible or right.visible
        if isinstance(op, ast.Add):
            return _add(left, right, node, name, constant)
        if isinstance(op, ast.Sub):
            if _sum_minus_a_term(left, right, right_node):
                rest = _origin(_SUM_OF_THE_REST, node)
                return Value(range=NONNEGATIVE, origin=rest, reduction=rest,
                             constant=constant, framework=name)
            if _sum_minus_its_part(left, right_node):
                # x.sum(1) - x.diagonal(): the off-diagonal mass, a sum of the rest
                rest = _origin(_SUM_OF_THE_REST, node)
                return Value(range=left.range - right.range, origin=rest, reduction=rest,
                             constant=constant, framework=name)
            shifted = _minus_minimum(left, left_node, right, node)
            if shifted is not None:
                return shifted.changed(constant=constant, framework=name)
            if _mean_of(right_node, left_node):
                deviation = Origin(_DEVIATION, node, operand=left_node)
                return Value(range=left.range - right.range, origin=deviation,
                             reduction=deviation, constant=constant, framework=name)
            probability = None
            if right.probability is not None and right.probability.kind == "sigmoid" \
                    and left.range == Range.point(1.0):
                probability = _origin("1 - sigmoid", node)
            # 1 - (w ** 2).sum() is 0 where the reduction reaches 1 (one-hot weights), and
            # mask.sum() - 1 where one element is selected.
            reduction = None
            if left.constant and left.range.positive and right.range.nonnegative:
                reduction = right.reduction
            elif right.constant and right.range.positive:
                reduction = left.reduction
            return Value(range=left.range - right.range, origin=_origin("subtraction", node),
                         probability=probability, reduction=reduction, constant=constant,
                         framework=name)
        if isinstance(op, ast.Mult):
            for factor, other in ((left, right), (right, left)):
                if factor.range == _MINUS_ONE and not other.constant:  # -1. * p is -p
                    return Value(range=-other.range, origin=_origin("negation", node),
                                 framework=name)
            if same_expr(left_node, right_node):
                return Value(range=left.range.square(),
                             origin=_witness_kept(left, api.SQUARE) or _origin("square", node),
                             constant=constant, framework=name)
            product = _scaled_by_setting(left, right) or _scaled_by_setting(right, left) or \
                left.range * right.range
            for factor, other in ((left, right), (right, left)):
                if factor.range.positive and other.origin is not None and \
                        other.origin.kind == api.IDENTITY:  # eps * I, a ridge
                    return Value(range=product, origin=_origin(_RIDGE, node),
                                 constant=constant, framework=name)
                if other.reduction is not None and _positive_setting(factor):
                    # 2.0 * edge_weight.max() is 0 where the maximum is
                    return Value(range=product, origin=other.origin, reduction=other.reduction,
                                 constant=constant, framework=name)
            unit = left.unit_vector and right.unit_vector
            # A reweighted probability keeps its evidence: it can still underflow to 0.
            weighted = left.probability or right.probability
            # x.norm() * y.norm() is 0 where either norm is
            zero = next((factor.reduction for factor in (left, right)
                         if factor.reduction is not None and factor.range.can_be(0.0)), None)
            return Value(range=product, origin=_origin("unit product", node) if unit else (
                _origin("product", node) if weighted or zero is not None or
                (visible and not product.unbounded) else None),
                reduction=zero, constant=constant, framework=name)
        if isinstance(op, ast.Div):
            return self.divide(left, right, node, left_node, right_node, framework, form, name)
        if isinstance(op, ast.Pow):
            return self.power(left, right, node, left_node, framework, form, name)
        logical = (ast.BitAnd, ast.BitOr, ast.Mult)  # (a > 0) * (a < 1) is a logical and
        if (isinstance(op, logical) and left.boolean and right.boolean) or \
                (isinstance(op, (ast.BitAnd, ast.BitOr)) and (left.boolean or right.boolean)):
            return Value(range=PROBABILITY, boolean=True,
                         origin=_origin("comparison", _conjoined(node, op, left, left_node,
                                                                 right, right_node)),
                         constant=constant, framework=name)
        if isinstance(op, ast.MatMult):
            return _produce(api.DOT, left, left_node, {"y": (right, right_node)}, node, name)
        return Value(constant=constant, framework=name)

    def divide(self, left: Value, right: Value, node: ast.AST, left_node: Optional[ast.expr],
               right_node: Optional[ast.expr], framework: Optional[Framework], form: str,
               name: Optional[str]) -> Value:
        # (the quotient carries its site: a mask applied to it later is after the fact)
        site = self.site(api.DIVIDE, node, right, right_node, framework, form)
        reduced = right.reduction
        normalises = reduced is not None and same_expr(reduced.operand, left_node)
        constant = left.constant and right.constant
        if normalises and reduced.kind == api.NORM:
            return Value(range=ROUNDED_UNIT, origin=_origin("normalization", node),
                         unit_vector=True, framework=name, site=site, constant=constant)
        if normalises and reduced.kind == api.SUM and left.range.nonnegative:
            return Value(range=PROBABILITY, origin=_origin("normalization", node),
                         framework=name, site=site, constant=constant)
        quotient = _scaled_by_setting(left, right) or left.range * right.range.reciprocal()
        if left.reduction is not None and (_positive_setting(right) or
                                           left.reduction.kind in _ZERO_FOR_CONSTANT):
            # x.sum() / n, x.std() / x.mean(): 0 where the numerator is
            return Value(range=quotient, origin=left.origin, reduction=left.reduction,
                         constant=constant, framework=name, site=site)
        return Value(range=quotient,
                     origin=_origin("normalization" if normalises else "quotient", node)
                     if normalises or not quotient.unbounded else None,
                     constant=constant, framework=name, site=site)

    def power(self, base: Value, exponent: Value, node: ast.AST, base_node: Optional[ast.expr],
              framework: Optional[Framework], form: str, name: Optional[str]) -> Value:
        e = exponent.range
        if e.lo != e.hi:
            positive_base = base.range.positive or (base.constant and base.range.lo > 0)
            return Value(range=POSITIVE if positive_base else Range(),
                         constant=base.constant and exponent.constant, framework=name)
        if e.lo in (0.5, -0.5):
            self.site(api.SQRT if e.lo > 0 else api.RSQRT, node, base, base_node,
                      framework, form)
            return _root(base, name) if e.lo > 0 else \
                Value(range=POSITIVE, framework=name, constant=base.constant)
        # A positive power is 0 where its base is: the square of a reduction that can be 0
        # is a risky denominator too.
        integral = e.lo == int(e.lo) and e.lo > 0
        if integral and int(e.lo) % 2 == 0:
            return Value(range=base.range.square() if e.lo == 2 else NONNEGATIVE,
                         origin=base.origin if base.reduction is not None else
                         _witness_kept(base, api.SQUARE) or _origin("square", node),
                         reduction=base.reduction,
                         constant=base.constant, framework=name)
        if integral and base.reduction is not None:
            return Value(range=base.range if base.range.nonnegative else Range(),
                         origin=base.origin, reduction=base.reduction, constant=base.constant,
                         framework=name)
        if base.range.positive:
            return Value(range=POSITIVE, constant=base.constant, framework=name)
        return Value(constant=base.constant, framework=name)


def _draw_kept(op: ast.operator, left: Value, right: Value) -> Optional[Origin]:
    """A random draw shifted by a setting, or scaled or divided by a value that is never 0
    (``randn(n) * std + mean``), is still a continuous draw."""
    for value, other in ((left, right), (right, left)):
        if value.origin is None or value.origin.kind not in _DRAWS or other.boolean:
            continue
        # (a factor never 0 need not be a setting: `rsqrt(v) * normal(key, shape)`)
        nonzero = not other.range.can_be(0.0) or _unseen_setting(other)
        if (isinstance(op, (ast.Add, ast.Sub)) and other.constant) or \
                (isinstance(op, ast.Mult) and nonzero) or \
                (isinstance(op, ast.Div) and nonzero and value is left):
            return value.origin
    return None


def _scaled_by_setting(x: Value, factor: Value) -> Optional[Range]:
    """x times or over a hyperparameter whose value is not seen (a temperature, a batch
    size, a world size), which is taken as positive: x keeps its sign and its zeros."""
    if _unseen_setting(factor) and not x.constant:
        return x.range.scaled()
    return None


def _positive_setting(x: Value) -> bool:
    """A constant factor that keeps a reduction's zeros: a positive literal, or a
    hyperparameter whose value is not seen."""
    return x.constant and (x.range.positive or _unseen_setting(x))


def _unseen_setting(x: Value) -> bool:
    """A hyperparameter whose value is not seen, taken as positive; not an array built
    from settings, which can hold zeros."""
    return x.constant and x.range.unbounded and \
        (x.origin is None or x.origin.kind != _OF_SETTINGS)


def _logarithm_sign(kind: str, x: Range) -> Range:
    """The sign of log(x) (any base) or log1p(x), from where x is against 1 (0 for log1p):
    `1 / log2(arange(2, n))` is positive, and so is `-log(u)` of a draw u from [0, 1)."""
    one = 1.0 if kind == api.LOG else 0.0
    if x.lo >= one:
        return Range(0.0, INF, lo_open=x.lo > one or x.lo_open)
    if x.hi <= one:
        return Range(-INF, 0.0, hi_open=x.hi < one or x.hi_open)
    return Range()


def _root(x: Value, framework: Optional[str]) -> Value:
    """The square root of x: 0 where x is, so the root of a reduction that can be 0 (a sum
    of squares, a hand-written norm) is a risky denominator too."""
    return Value(range=x.range.sqrt(), framework=framework, constant=x.constant,
                 origin=x.origin if x.reduction is not None else None,
                 reduction=x.reduction)


def _handlers(prefix: str, base: type) -> dict[type, Callable[..., Any]]:
    """The Interpreter's methods named ``prefix`` + an ast class (``stmt_If``) by that
    class: one dictionary lookup per node, not a method name built and looked up."""
    handlers = {}
    for name, method in vars(Interpreter).items():
        node_class = getattr(ast, name[len(prefix):], None) if name.startswith(prefix) else None
        if isinstance(node_class, type) and issubclass(node_class, base):
            handlers[node_class] = method
    return handlers


_STATEMENT_HANDLERS = _handlers("stmt_", ast.stmt)
_EXPRESSION_HANDLERS = _handlers("eval_", ast.expr)


# ---------------------------------------------------------------- producers


def _produce(kind: str, x: Value, x_node: Optional[ast.expr], roles: dict, node: ast.AST,
             framework: Optional[str]) -> Value:
    """The value a range-producing, masking or reducing call returns."""
    fw = framework
    if kind in _LINEAR_ALGEBRA:
        return _linear_algebra(kind, x, roles, node, fw)
    if kind in (api.CLIP, api.CLIP_MIN, api.CLIP_MAX, api.MAXIMUM, api.MINIMUM):
        return _clip(kind, x, roles, node, fw)
    if kind == api.WHERE:  # where() branches come refined by the interpreter
        joined = roles.get("x", (UNKNOWN,))[0].join(roles.get("y", (UNKNOWN,))[0])
        return joined.changed(site=None, framework=fw or joined.framework)
    if kind == api.SOFTMAX or kind == api.SIGMOID:
        origin = _origin(kind, node)
        return Value(range=PROBABILITY, origin=origin, probability=origin, framework=fw)
    if kind in (api.EXP, api.EXPM1):
        floor = 0.0 if kind == api.EXP else -1.0
        rng = x.range.monotone(math.exp if kind == api.EXP else math.expm1, floor)
        return Value(range=rng, origin=_origin(kind, node), framework=fw, constant=x.constant)
    if kind == api.SOFTPLUS:
        return Value(range=POSITIVE, origin=_origin(kind, node), framework=fw,
                     constant=x.constant)
    if kind == api.ARANGE:
        start, stop = roles.get("lo"), roles.get("hi")
        lo = start[0].range.lo if start is not None and stop is not None else 0.0
        return Value(range=Range(lo, INF), origin=_origin(kind, node), constant=True,
                     framework=fw)
    if kind == api.UNIFORM:
        lo, hi = roles.get("lo"), roles.get("hi")
        return Value(range=Range(lo[0].range.lo if lo else 0.0, hi[0].range.hi if hi else 1.0),
                     origin=_origin(kind, node), framework=fw or x.framework)
    if kind == api.MASKED_FILL:  # keeps `site`: a second masked_fill may be the mask
        y = roles.get("y", (UNKNOWN, None))[0]
        return x.join(y).changed(framework=fw or x.framework, site=x.site)
    if kind in (api.ABS, api.RELU, api.SQUARE):
        bounded = x.range.square() if kind == api.SQUARE else (
            x.range if x.range.nonnegative else NONNEGATIVE)
        nonzero = not x.range.can_be(0.0)  # |x| and x ** 2 of a nonzero x are positive
        lines = kind != api.RELU and x.origin is not None and x.origin.kind in _NONZERO_LINES
        return Value(range=POSITIVE if nonzero and kind != api.RELU else bounded,
                     origin=_witness_kept(x, kind) or
                     _origin(_NO_ZERO_LINE if lines else kind, node), framework=fw,
                     constant=x.constant,
                     # |s|, relu(s) and s ** 2 are 0 where a reduction s is
                     reduction=None if nonzero else x.reduction)
    if kind == api.QUADRATURE:  # Gauss quadrature nodes and weights: fixed numbers
        weights = Value(range=POSITIVE, origin=_origin(kind, node), constant=True, framework=fw)
        return Value(constant=True, framework=fw, elements=(_CONSTANT, weights))
    if kind in (api.TANH, api.BOUNDED_UNIT, api.COSINE_SIMILARITY):
        rng = ROUNDED_UNIT if kind == api.COSINE_SIMILARITY else UNIT
        return Value(range=rng, origin=_origin(kind, node), framework=fw, constant=x.constant)
    if kind == api.NORMALIZE:
        return Value(range=ROUNDED_UNIT, origin=_origin("normalization", node),
                     unit_vector=True,
                     framework=fw)
    if kind == api.PREDICATE:  # logical_and(a < e, b < e): a condition about a and b
        return Value(range=PROBABILITY, boolean=True, constant=x.constant, framework=fw,
                     origin=_origin("comparison", node))
    if kind == api.QUANTIFIER:
        return Value(range=PROBABILITY, boolean=True, origin=_origin("comparison", node),
                     constant=x.constant, framework=fw)
    if kind == api.LOG_PROBABILITY:
        return Value(range=NONPOSITIVE, origin=_origin(kind, node), framework=fw)
    if kind in (api.SUM, api.NORM, api.STD, api.VAR, api.COUNT_NONZERO, api.MAX, api.MIN,
                api.NUMEL):
        return _reduce(kind, x, x_node, node, fw)
    if kind == api.MEAN and x.range.nonnegative and x.range.can_be(0.0):
        return _reduce(kind, x, x_node, node, fw)
    if kind == api.MEAN:
        return Value(range=x.range, origin=_origin(kind, node) if x.visible else None,
                     framework=fw or x.framework, constant=x.constant)
    if kind == api.SCATTER:
        # A one-hot row (`zeros.scatter_(1, labels[:, None], 1)`, `m.scatter_(1, top1, True)`):
        # the index addresses every slice along dim, so a positive src leaves a positive
        # element in each.
        y = roles.get("y", (UNKNOWN, None))[0]
        dim = roles.get("dim", (UNKNOWN, None))[1]
        index = roles.get("index", (UNKNOWN, None))[0]
        origin = Origin(_SOME_POSITIVE, node, operand=x_node,
                        along=ast.unparse(dim)) if y.range.positive and dim is not None else None
        return Value(range=x.range.join(y.range), origin=origin, framework=fw or x.framework,
                     boolean=x.boolean, constant=x.constant and y.constant and index.constant)
    if kind == api.SCATTER_ADD:
        # x plus the sums of src's groups, of which some can be empty: 0 even for a
        # positive src
        y, y_node = roles.get("y", (UNKNOWN, None))
        origin = Origin(api.SUM, node, operand=y_node)
        sums = NONNEGATIVE if y.range.nonnegative else UNBOUNDED
        # (where each element lands depends on the index: a data index moves the sums)
        index = roles.get("index", (UNKNOWN, None))[0]
        return Value(range=x.range + sums, origin=origin, reduction=origin,
                     framework=fw or y.framework,
                     constant=x.constant and y.constant and index.constant)
    if kind == api.PRODUCT:
        rng = POSITIVE if x.range.positive else (
            NONNEGATIVE if x.range.nonnegative else UNBOUNDED)
        return Value(range=rng, framework=fw or x.framework, constant=x.constant)
    if kind == api.DOT:
        y = roles.get("y", (UNKNOWN, None))[0]
        if x.unit_vector and y.unit_vector:
            return Value(range=ROUNDED_UNIT,
                         origin=_origin("dot product of unit vectors", node),
                         framework=fw)
        return Value(framework=fw)
    if kind in (api.CONSTRUCT, api.FULL):
        # torch.tensor(self.head_dim): built from Python data, a hyperparameter; but
        # float(x.sum()) is a number from data
        python_data = x.framework is None and x.reduction is None and x is not _CALL_RESULT
        return x.changed(constant=x.constant or python_data, site=None,
                       framework=fw, ref=None, helper=None)
    if kind == api.CONVERT:
        return x.changed(site=None, framework=fw or x.framework, ref=None, helper=None)
    if kind == api.RANDOM:
        return Value(range=Range(0.0, 1.0, hi_open=True), origin=_origin(kind, node),
                     framework=fw)
    if kind == api.DRAW:
        return Value(origin=_origin(kind, node), framework=fw or x.framework)
    if kind in (api.ONES, api.ZEROS):
        return Value(range=Range.point(1.0 if kind == api.ONES else 0.0), constant=True,
                     framework=fw)
    if kind == api.TOPK:
        # The largest values of x: with its range and softmax origin, and their sum is at
        # least the largest softmax output, 1/n or more. Marked only when x is visible:
        # otherwise they stay as unknown as x.
        return x.changed(origin=_origin(kind, node) if x.visible else x.origin, site=None,
                         ref=None, helper=None, framework=fw or x.framework)
    if kind == api.PICK:
        # Some elements of x, with its range and evidence; a sum of picked softmax outputs
        # can be 0 (a softmax's whole sum is 1).
        picked = x.probability and replace(x.probability, kind=x.probability.kind + PICKED)
        return x.changed(probability=picked, site=None, ref=None, helper=None,
                         framework=fw or x.framework)
    if kind == api.PASSTHROUGH:  # (the same values: a mask on them is one on the site's)
        return x.changed(ref=None, helper=None)
    if kind == api.FINFO:
        return Value(finfo=True, constant=True)
    if kind == api.EPSILON:
        return Value(range=EPSILON, origin=_origin("epsilon", node), constant=True)
    return Value(framework=fw)  # STABLE, SAFE_DIVIDE, NAN_TO_NUM: finite, range unknown


_LINEAR_ALGEBRA = frozenset({api.CHOLESKY, api.DIAGONAL, api.IDENTITY, api.SOLVE, api.INVERSE,
                             api.SET_DIAGONAL})


def _linear_algebra(kind: str, x: Value, roles: dict, node: ast.AST, fw: Optional[str]
                    ) -> Value:
    """Matrices that are invertible (a Cholesky factor, an identity, an inverse), or have no
    zero row or column, and the positive diagonal of a Cholesky factor."""
    if kind == api.DIAGONAL:
        cholesky = x.origin is not None and x.origin.kind == api.CHOLESKY
        return x.changed(range=POSITIVE if cholesky else x.range, site=None, ref=None,
                         helper=None, origin=_origin("cholesky diagonal", node) if cholesky
                         else x.origin)
    if kind == api.IDENTITY:
        return Value(range=Range(0.0, 1.0), origin=_origin(kind, node), constant=True,
                     framework=fw)
    y = roles.get("y", (UNKNOWN, None))[0]
    if kind == api.SOLVE:  # A^-1 B is invertible when A and B are
        invertible = all(v.origin is not None and v.origin.kind in _INVERTIBLE for v in (x, y))
        return Value(origin=_origin(api.INVERSE, node) if invertible else None, framework=fw)
    if kind == api.SET_DIAGONAL:  # a nonzero diagonal leaves no row or column all zero
        joined = x.join(y).changed(site=None, framework=fw or x.framework)
        return joined if y.range.can_be(0.0) else \
            joined.changed(origin=_origin(_NO_ZERO_LINE, node))
    return Value(origin=_origin(kind, node), framework=fw)  # CHOLESKY, INVERSE


def _clip(kind: str, x: Value, roles: dict, node: ast.AST, fw: Optional[str]) -> Value:
    """clip/clamp/maximum/minimum: raise the lower end, lower the upper end."""
    rng = x.range
    lower = roles.get("lo") if kind != api.MAXIMUM else roles.get("y")
    upper = roles.get("hi") if kind != api.MINIMUM else roles.get("y")
    if kind == api.MAXIMUM and lower is not None:
        other = lower[0].range
        rng = rng.meet_lo(other.lo, other.lo_open)
        rng = Range(rng.lo, max(x.range.hi, other.hi), rng.lo_open)
    elif lower is not None:
        rng = rng.meet_lo(lower[0].range.lo, lower[0].range.lo_open)
    if kind == api.MINIMUM and upper is not None:
        other = upper[0].range
        rng = Range(min(x.range.lo, other.lo), rng.hi, rng.lo_open, rng.hi_open)
        rng = rng.meet_hi(other.hi, other.hi_open)
    elif upper is not None:
        rng = rng.meet_hi(upper[0].range.hi, upper[0].range.hi_open)
    origin = _origin("clip" if kind != api.MAXIMUM else "maximum", node)
    return Value(range=rng, origin=origin, probability=x.probability,
                 mask=origin if lower is not None else x.mask,
                 reduction=_clipped_reduction(kind, x, lower, upper, rng),
                 unit_vector=x.unit_vector, constant=x.constant, framework=fw or x.framework)


def _clipped_reduction(kind: str, x: Value, lower: Optional[Operand], upper: Optional[Operand],
                       result: Range) -> Optional[Origin]:
    """The reduction a clip keeps the zeros of: a sum clipped from above only, or the larger
    of two norms (0 where both are), or clipped at 0. Any other lower bound (``min=eps``,
    ``self.clipnorm``, ``scale ** 2``) is the author's floor, taken as positive."""
    if not result.can_be(0.0):
        return None
    if lower is None:
        return x.reduction
    bound = lower[0]
    if bound.reduction is not None and kind == api.MAXIMUM:
        return x.reduction or bound.reduction
    return x.reduction if bound.range.hi <= 0.0 else None  # clamp(min=0) lifts nothing


def _reduce(kind: str, x: Value, x_node: Optional[ast.expr], node: ast.AST,
            fw: Optional[str]) -> Value:
    """Reductions; those that can be exactly 0 carry ``reduction`` for NAN020."""
    origin = Origin(kind, node, operand=x_node)
    framework = fw or x.framework
    # a reduction along the axis a witnessed element is in every slice of (or of all of it)
    witnessed = x.origin is not None and x.origin.kind in _WITNESSES and \
        _axis(node, x_node) == x.origin.along
    if kind == api.MIN:  # never 0 by itself, but what it is subtracted from can be
        below = witnessed and x.origin.kind == _SOME_NEGATIVE
        return Value(range=Range(-INF, 0.0, hi_open=True) if below else x.range,
                     origin=origin, framework=framework, constant=x.constant)
    if x.origin is not None and x.origin.kind in _DRAWS:
        # A continuous draw is all 0 along an axis with probability 0: its norm, spread and
        # the sum of its magnitudes are positive, its sum and maximum almost surely nonzero.
        positive = kind in (api.NORM, api.STD, api.VAR, api.COUNT_NONZERO) or \
            x.range.nonnegative
        return Value(range=POSITIVE if positive else Range(nonzero=True),
                     origin=Origin(_OF_A_DRAW, node, operand=x_node), framework=framework)
    if kind == api.MAX and witnessed and x.origin.kind == _SOME_POSITIVE:
        return Value(range=POSITIVE, origin=origin, framework=framework)
    if kind == api.SUM and x.origin is not None and x.origin.kind == "unit product":
        return Value(range=ROUNDED_UNIT, origin=_origin("dot product of unit vectors", node),
                     framework=framework)
    if kind == api.NUMEL:
        selected = x.origin is not None and x.origin.kind in ("selection", _NONZERO_ROWS)
        return Value(range=NONNEGATIVE if selected else Range(1.0, INF), origin=origin,
                     reduction=origin if selected else None, constant=not selected,
                     framework=framework)
    if x.origin is not None and x.origin.kind == _MAXIMUM_INDICATOR and \
            kind in (api.SUM, api.COUNT_NONZERO) and \
            _same_axis(node, x_node, x.origin.operand, x.origin.operand.func.value):
        # Every row has its maximum: the count of x == max(x) along that axis is 1 or more.
        return Value(range=Range(1.0, INF), origin=origin, framework=framework)
    if x.origin is not None and x.origin.kind == _NONZERO_ROWS and \
            kind in (api.NORM, api.COUNT_NONZERO) and \
            _same_axis(node, x_node, x.origin.operand, x.origin.node.value):
        # Every row kept has a nonzero element: its norm is positive, its count at least 1.
        return Value(range=POSITIVE, origin=origin, framework=framework)
    if x.origin is not None and x.origin.kind in _NONZERO_LINES and (
            kind in (api.NORM, api.COUNT_NONZERO) or (x.range.nonnegative and kind == api.SUM)):
        # Every row and column has a nonzero element, along whichever axis is reduced.
        return Value(range=POSITIVE, origin=origin, framework=framework)
    if witnessed and x.origin.kind in (_SOME_NONZERO, _SOME_POSITIVE) and (
            kind in (api.NORM, api.COUNT_NONZERO) or x.range.nonnegative):
        # A mask tested with any(), or x past (x > 0).any(): reduced as a whole (or along
        # the axis its count was tested along), it has something selected.
        return Value(range=POSITIVE, origin=origin, framework=framework)
    if x.range.positive and kind not in (api.STD, api.VAR):
        return Value(range=POSITIVE, origin=origin, framework=framework)
    if not x.range.can_be(0.0) and kind in (api.NORM, api.COUNT_NONZERO):
        return Value(range=POSITIVE, origin=origin, framework=framework)  # no element is 0
    if kind == api.SUM and x.probability is not None and x.probability.kind == "softmax":
        # All of a softmax sums to 1; its top k to at least the largest output, 1/n or more.
        return Value(range=POSITIVE, origin=origin, framework=framework)
    if kind == api.MAX and not (x.range.nonnegative and x.range.can_be(0.0)) and \
            not (x.range.unbounded and not x.constant):
        return Value(range=x.range, origin=origin, framework=framework, constant=x.constant)
    # A sum or maximum of values of unknown sign has unknown sign; the others are >= 0.
    rng = x.range if kind in (api.SUM, api.MAX) and not x.range.nonnegative else NONNEGATIVE
    if kind == api.SUM:  # nonzero terms of either sign can cancel
        rng = replace(rng, nonzero=False)
    return Value(range=rng, origin=origin, reduction=origin, framework=framework,
                 constant=x.constant)


def _maximum_indicator(node: ast.Compare, values: list[Value]) -> Optional[Origin]:
    """``x == x.max(-1, keepdims=True)``: true at least once along the maximum's axis, so
    its count along that axis is at least 1 (a greedy policy's tie-breaking mask). The
    origin's operand is the maximum's call, whose axis a count must match."""
    if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.GtE, ast.LtE)):
        return None
    op = node.ops[0]
    right = node.comparators[0]
    # x >= max(x) and max(x) <= x hold at the maximum; x == max(x) either way round.
    for side, value, holds in ((node.left, values[1], not isinstance(op, ast.LtE)),
                               (right, values[0], not isinstance(op, ast.GtE))):
        call = value.origin.node if value.origin is not None else None
        if holds and isinstance(call, ast.Call) and value.origin.kind == api.MAX and \
                isinstance(call.func, ast.Attribute) and same_expr(value.origin.operand, side) \
                and same_expr(call.func.value, side):
            return Origin(_MAXIMUM_INDICATOR, node, operand=call)
    return None


def _same_axis(reduction: ast.AST, operand: Optional[ast.expr], test: ast.Call,
               tested: ast.expr) -> bool:
    """Whether ``reduction`` of ``operand`` works along the axis that ``test`` (the
    reduction a comparison was made of, ``x.max(-1)``, ``x.sum(1)``) worked along."""
    return _axis(reduction, operand) == _axis(test, tested) != _UNKNOWN_AXIS


def _axis(call: ast.AST, operand: Optional[ast.expr]) -> Optional[str]:
    """The axis a reduction of ``operand`` works along (``x.max(-1)``, ``x.sum(axis=-1)``,
    ``torch.sum(x, dim=1)``) as source text, None for all of it."""
    if not isinstance(call, ast.Call):
        return _UNKNOWN_AXIS
    for keyword in call.keywords:
        if keyword.arg in ("axis", "dim"):
            return ast.unparse(keyword.value)
    if isinstance(call.func, ast.Attribute) and same_expr(call.func.value, operand):
        rest = call.args
    elif call.args and same_expr(call.args[0], operand):
        rest = call.args[1:]
    else:
        return _UNKNOWN_AXIS
    return ast.unparse(rest[0]) if rest else None


def _argument_for(helper: ast.AST, call: ast.Call, operand: Optional[ast.expr]
                  ) -> Optional[ast.expr]:
    """What a helper's reduction was of, seen from the call: the argument, when it was of a
    parameter the helper had not rebound before (``def group_sum(x): ... scatter_add_(0, i,
    x)`` called as ``group_sum(joint)``); otherwise None. A loop could rebind it later."""
    if not isinstance(operand, ast.Name) or any(
            isinstance(node, (ast.For, ast.AsyncFor, ast.While)) for node in ast.walk(helper)):
        return None
    position = (operand.lineno, operand.col_offset)
    for stmt in ast.walk(helper):
        # a binding takes effect where its statement ends: `x = f(x)` reads the old x
        if isinstance(stmt, ast.stmt) and stmt is not helper and \
                (stmt.end_lineno, stmt.end_col_offset) <= position and any(
                    isinstance(target, ast.Name) and target.id == operand.id
                    and isinstance(target.ctx, ast.Store) for target in ast.walk(stmt)):
            return None
    params = [a.arg for a in (*getattr(helper.args, "posonlyargs", []), *helper.args.args)]
    if isinstance(call.func, ast.Attribute) and params[:1] in (["self"], ["cls"]):
        params = params[1:]  # self.helper(x): bound to the instance
    if operand.id in params and params.index(operand.id) < len(call.args):
        argument = call.args[params.index(operand.id)]
        return None if isinstance(argument, ast.Starred) else argument
    return next((k.value for k in call.keywords if k.arg == operand.id), None)


def _first_of_arange(value: Value, index: ast.expr) -> bool:
    """Whether ``index`` is the only element of ``arange(n)`` that is 0."""
    if value.origin is None or value.origin.kind != api.ARANGE:
        return False
    call = value.origin.node
    return isinstance(call, ast.Call) and len(call.args) == 1 and not call.keywords and \
        isinstance(index, ast.Constant) and index.value == 0


def _values_and_indices(value: Value) -> bool:
    """A call that returns (values, indices): ``topk``, and ``max``/``min`` along a dim in
    PyTorch. Its values keep what is known of the call; the indices are integers."""
    return value.origin is not None and value.origin.kind in (api.TOPK, api.MAX, api.MIN)


def _elementwise_extreme(positional: list[Operand], keywords: dict[str, Operand],
                         form: str) -> bool:
    """``torch.max(x, other)`` and ``x.max(other)`` with an array or an epsilon for
    ``other`` (``torch.max(norms, self.eps)``): the elementwise maximum, not a reduction
    along the dimension ``other`` would be."""
    rest = positional if form == "method" else positional[1:]
    other = keywords.get("other") or (rest[0] if rest else None)
    if other is None:
        return False
    name = other[1].id if isinstance(other[1], ast.Name) else \
        other[1].attr if isinstance(other[1], ast.Attribute) else ""
    return other[0].framework is not None or is_epsilon_name(name)


def _of_settings(callee: Value, node: ast.Call, receiver: Optional[Operand],
                 positional: list[Operand], keywords: dict[str, Operand]) -> bool:
    """A function of an array library that the table does not know (``torch.einsum``, or
    ``q.conj()`` of an array built from settings), a method of a setting (``G.irrep(1)`` of
    a group a constructor was given) or a setting called (``irrep(G.identity)``), applied
    to settings only: the same numbers at every step, unless it draws random ones."""
    if receiver is None and not (callee.ref and api.lookup_namespace(callee.ref)) and \
            not (callee.constant and callee.ref is None):
        return False
    if receiver is not None and receiver[0].framework is None and not (
            receiver[0].constant and not _names_self(receiver[1]) and
            not api.reads_data(_callee_name(node) or "")):
        return False  # `self.load(path)`, `loader.next()` read more than their arguments
    if api.draws_random(callee.ref or _callee_name(node) or ""):
        return False
    operands = [value for value, _ in (*positional, *keywords.values())]
    if receiver is not None:
        operands.append(receiver[0])
    return bool(operands) and all(value.constant for value in operands)


def _names_self(node: Optional[ast.expr]) -> bool:
    """``self`` or ``cls``, or an attribute path from one (``self.encoder``)."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def _mean_of(node: Optional[ast.expr], operand: Optional[ast.expr]) -> bool:
    """``x.mean()``, ``torch.mean(x, 0)`` or ``tf.reduce_mean(x)`` of ``operand``, seen
    through the reshapes of it (``y.view_as(p) - y.mean()``)."""
    if not isinstance(node, ast.Call) or _callee_name(node) not in _MEANS or operand is None:
        return False
    operand = _reshaped_from(operand)
    receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
    return same_expr(receiver, operand) or (bool(node.args) and same_expr(node.args[0], operand))


def _summed_product(call: ast.Call, operands: list[Optional[ast.expr]]
                    ) -> Optional[list[ast.expr]]:
    """The factors of a sum of elementwise products: ``dot(a, b)``, ``a.dot(b)``,
    ``vdot``, ``inner``, or an ``einsum`` whose operands share their subscripts and whose
    output drops some (``'ij,ij->i'``, the row-wise dot product). A matrix product
    (``'ij,jk->ik'``, ``a @ b``) is not one: its entries mix rows and columns."""
    name = _callee_name(call)
    if name in ("dot", "vdot", "inner"):
        factors = [operand for operand in operands if operand is not None]
        return factors if len(factors) == 2 else None
    spec = call.args[0] if name == "einsum" and call.args else None
    if not (isinstance(spec, ast.Constant) and isinstance(spec.value, str)) or \
            "->" not in spec.value or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    inputs, output = spec.value.replace(" ", "").split("->", 1)
    subscripts = inputs.split(",")
    if len(subscripts) < 2 or len(set(subscripts)) != 1 or "." in inputs or \
            len(subscripts) != len(call.args) - 1 or not set(output) < set(subscripts[0]):
        return None
    return list(call.args[1:])


def _dot_product(values: list[Value], factors: list[ast.expr], node: ast.AST,
                 framework: Optional[str], constant: bool) -> Value:
    """A sum of products: 0 for orthogonal or zero vectors, positive for positive ones;
    ``x . x`` is a squared norm, never negative."""
    rng = values[0].range
    for value in values[1:]:
        rng = rng * value.range
    if all(same_expr(factor, factors[0]) for factor in factors[1:]) and len(factors) == 2:
        rng = NONNEGATIVE
    if rng.positive:
        return Value(range=POSITIVE, constant=constant, framework=framework)
    origin = _origin(_DOT_PRODUCT, node)
    return Value(range=NONNEGATIVE if rng.nonnegative else UNBOUNDED, origin=origin,
                 reduction=origin, constant=constant, framework=framework)


def _conjoined(node: ast.AST, op: ast.operator, left: Value, left_node: Optional[ast.expr],
               right: Value, right_node: Optional[ast.expr]) -> ast.AST:
    """A condition's definition with the conditions in it spelled out: after ``ok = x > 0``
    and ``ok = ok & m & n``, ``ok`` is ``(x > 0) & m & n``, which the name ``ok`` in ``ok &
    m`` no longer says once ``ok`` is rebound."""
    if not isinstance(node, ast.BinOp) or left_node is None or right_node is None:
        return node
    sides = [value.origin.node if value.boolean and value.origin is not None and
             value.origin.kind == "comparison" and value.origin.node is not side and
             isinstance(value.origin.node, ast.expr) else side
             for value, side in ((left, left_node), (right, right_node))]
    if sides[0] is left_node and sides[1] is right_node:
        return node
    return ast.copy_location(ast.BinOp(left=sides[0], op=op, right=sides[1]), node)


def _reads(node: ast.AST) -> dict[str, list[ast.Name]]:
    """The places each plain name is read in ``node``."""
    found: dict[str, list[ast.Name]] = {}
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
            found.setdefault(child.id, []).append(child)
    return found


def _magnitude_bounded(rng: Range, op: ast.cmpop, limit: Range, holds: bool) -> Range:
    """x's range where ``abs(x) op limit`` is ``holds``: inside (-b, b) below a bound b,
    and not 0 above a positive one."""
    magnitude = narrow(Range(0.0, INF), op, limit, holds)
    if magnitude.hi != INF:
        rng = rng.meet_lo(-magnitude.hi, magnitude.hi_open).meet_hi(magnitude.hi,
                                                                     magnitude.hi_open)
    return rng.excluding_zero() if magnitude.positive else rng


def _imported_by_name(call: ast.Call) -> Optional[str]:
    """The module an import helper called with its name returns: ``import_module("torch")``,
    ``_safe_import("keras.backend")``, when the name is one of the table's frameworks."""
    if len(call.args) != 1 or not isinstance(call.args[0], ast.Constant) or \
            not isinstance(call.args[0].value, str) or \
            "import" not in (_callee_name(call) or "").lower():
        return None
    name = call.args[0].value
    return name if api.lookup_namespace(name) or api.is_framework_module(name) else None


def _literal_true(node: Optional[ast.expr]) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _whole_extreme(node: ast.expr) -> Optional[tuple[ast.expr, bool]]:
    """The array a whole-array ``x.min()``, ``torch.min(x)`` or ``np.amax(x)`` is of (seen
    through ``.data`` and reshapes), and whether it is the minimum; None otherwise."""
    if not isinstance(node, ast.Call) or node.keywords:
        return None
    name = _callee_name(node)
    if name not in ("min", "amin", "max", "amax"):
        return None
    if isinstance(node.func, ast.Attribute) and not node.args:
        operand = node.func.value  # x.min()
    elif len(node.args) == 1 and not isinstance(node.args[0], ast.Starred):
        operand = node.args[0]  # torch.min(x), np.amin(x)
    else:
        return None
    operand = _reshaped_from(operand)
    if isinstance(operand, ast.Attribute) and operand.attr == "data":
        operand = operand.value
    if dotted(operand) is None:
        return None
    return operand, name in ("min", "amin")


def _reshaped_from(node: Optional[ast.expr]) -> Optional[ast.expr]:
    """``x`` of ``x.reshape(-1)``, ``x.flatten()`` or ``x.view_as(p)``: the same values."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            api.METHODS.get(node.func.attr, ("",))[0] == api.PASSTHROUGH:
        node = node.func.value
    return node


def _whole_slice(node: ast.expr) -> bool:
    """``:`` or ``...`` in an index: every element along those axes."""
    return (isinstance(node, ast.Slice) and node.lower is None and node.upper is None
            and node.step is None) or (isinstance(node, ast.Constant) and
                                       node.value is Ellipsis)


def _minus_minimum(left: Value, left_node: Optional[ast.expr], right: Value,
                   node: ast.AST) -> Optional[Value]:
    """``x - x.min()`` is never negative and 0 at the minimum, so its maximum, its sum or
    its norm can be 0; ``x.max() - x.min()``, the range of x, is itself 0 for a constant
    input, like its standard deviation."""
    if right.origin is None or right.origin.kind != api.MIN or left_node is None:
        return None
    minimum = right.origin
    if same_expr(minimum.operand, left_node):
        return Value(range=NONNEGATIVE, origin=_origin(_SHIFTED_TO_ZERO, node))
    maximum = left.origin
    if maximum is not None and maximum.kind == api.MAX and \
            same_expr(maximum.operand, minimum.operand) and \
            _same_axis(maximum.node, maximum.operand, minimum.node, minimum.operand):
        spread = Origin(_SPREAD, node, operand=minimum.operand)
        return Value(range=NONNEGATIVE, origin=spread, reduction=spread)
    return None


def _sum_minus_a_term(total: Value, term: Value, term_node: Optional[ast.expr]) -> bool:
    """``x.sum(d, keepdim=True) - x`` with ``x >= 0``: never negative, even in floating
    point, where adding a non-negative number never makes a sum smaller."""
    return total.origin is not None and total.origin.kind == api.SUM \
        and term.range.nonnegative and same_expr(total.origin.operand, term_node)


def _sum_minus_its_part(total: Value, part: Optional[ast.expr]) -> bool:
    """``x.sum(1) - x.diagonal()`` or ``x.sum() - x[0]``: what is left is a sum of the other
    elements, 0 when they are all 0."""
    reduced = total.reduction
    if reduced is None or reduced.kind != api.SUM or reduced.operand is None:
        return False
    if isinstance(part, ast.Subscript):
        return same_expr(part.value, reduced.operand)
    if isinstance(part, ast.Call) and _callee_name(part) in ("diagonal", "diag", "diag_part"):
        of = part.func.value if isinstance(part.func, ast.Attribute) and not part.args else \
            part.args[0] if part.args else None
        return same_expr(of, reduced.operand)
    return False


def _add(left: Value, right: Value, node: ast.AST, name: Optional[str],
         constant: bool) -> Value:
    for value, other in ((left, right), (right, left)):
        if value.origin is not None and value.origin.kind == _ZERO_DEFAULT:
            return other  # x + delta, with delta 0 unless configured otherwise
    # The spec's epsilon axiom: `x + eps` masks x even when x's lower end is unknown; for
    # a matrix, `A + eps * I` or `A + I` (a ridge) has no zero row or column.
    for value, other in ((left, right), (right, left)):
        if value.origin is not None and value.origin.kind in (_RIDGE, api.IDENTITY):
            return Value(range=left.range + right.range, origin=_origin(_NO_ZERO_LINE, node),
                         constant=constant, framework=name)
        epsilon = value.range.positive and value.constant
        if epsilon and not other.range.positive and other.range.hi >= 0 and not other.boolean:
            origin = _origin("epsilon", node)
            return Value(range=Range(0.0, INF, lo_open=True), origin=origin, mask=origin,
                         probability=other.probability, constant=constant, framework=name)
    rng = left.range + right.range
    masked = rng.positive and not (left.range.positive and right.range.positive)
    origin = _origin("epsilon" if masked else "sum of terms", node)
    # tp + fp, two counts: 0 where both are (no predicted positive)
    counts = left.reduction is not None and right.reduction is not None and \
        left.range.nonnegative and right.range.nonnegative
    return Value(range=rng, origin=origin if not rng.unbounded else None,
                 mask=origin if masked else None,
                 probability=(left.probability or right.probability) if masked else None,
                 reduction=left.reduction if counts else None,
                 constant=constant, framework=name)


# ------------------------------------------------------------------ helpers


def _witness_kept(x: Value, kind: str) -> Optional[Origin]:
    """What a test witnessed in x that |x| or an even power keeps (a nonzero element; any
    witnessed element is one) and relu(x) keeps (an element above 0)."""
    if x.origin is not None and x.origin.kind in _DRAWS and kind != api.RELU:
        return x.origin  # (relu of a draw is all 0 along an axis with probability 2^-n)
    if x.origin is None or x.origin.kind not in _WITNESSES:
        return None
    if kind == api.RELU:
        return x.origin if x.origin.kind == _SOME_POSITIVE else None
    return Origin(_SOME_NONZERO, x.origin.node, operand=x.origin.operand,
                  along=x.origin.along)


def _element(sequence: Value) -> Value:
    if sequence.ref is not None or sequence.helper is not None:
        return UNKNOWN  # iterating a module or a function: nothing known
    return sequence.changed(site=None)


def _origin(kind: str, node: ast.AST) -> Origin:
    return Origin(kind, node)


def _epsilon(node: ast.AST) -> Value:
    return Value(range=EPSILON, origin=_origin("epsilon", node), constant=True)


def _parameters(node: ast.AST, documented: Optional[dict[str, str]] = None
                ) -> dict[str, Value]:
    """What a function's parameters are known to be from its signature and docstring (or
    the ``documented`` types, for a constructor its class's docstring adds to)."""
    args = node.args
    params = _signature(args)
    positional = [*getattr(args, "posonlyargs", []), *args.args]
    defaults = dict(zip(positional[len(positional) - len(args.defaults):], args.defaults))
    defaults.update(zip(args.kwonlyargs, args.kw_defaults))
    documented = documented if documented is not None else _documented_types(node)
    values = {}
    for param in params:
        # an annotation (`K: torch.Tensor`) outweighs the docstring (`K (float)`), and the
        # docstring (`decay: a float Tensor`) a number for a default (`decay=0.99`)
        kind = documented.get(param.arg) if param.annotation is None else None
        values[param.arg] = _CONSTANT if kind == _SCALAR else \
            _parameter(param, defaults.get(param) if kind is None else None)
    return values


def _setting_attributes(cls: ast.ClassDef, methods: Mapping[str, ast.AST]
                        ) -> dict[str, Value]:
    """The attributes that hold a setting in every method: those ``__init__`` stores one
    in (``self.gamma = gamma`` with ``gamma=1.03``, or ``gamma`` documented as a float), and
    the fields the class body gives a number (``delta: float = 0.0``) that no method
    assigns."""
    fields = {}
    for stmt in cls.body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
            else stmt.target if isinstance(stmt, ast.AnnAssign) else None
        number = _literal(stmt.value) if isinstance(target, ast.Name) and \
            stmt.value is not None else None
        if number is not None:
            fields[target.id] = _setting(number, target, target.id)
    init = methods.get("__init__")
    init_stores = _self_stores(init) if init is not None else []
    # (the other methods are only read when there are fields to check: most classes have none)
    stored = {attr for name, method in methods.items() if name != "__init__"
              for attr, _ in _self_stores(method)} | {attr for attr, _ in init_stores} \
        if fields else set()
    found = {name: value for name, value in fields.items() if name not in stored}
    if init is not None:
        parameters = _parameters(init, {**_documented_types(cls), **_documented_types(init)})
        for attr, value in init_stores:
            setting = parameters.get(value.id) if isinstance(value, ast.Name) else None
            if setting is not None and setting.constant:
                found[attr] = setting
    return found


def _self_stores(method: ast.AST) -> list[tuple[str, Optional[ast.expr]]]:
    """The attributes of ``self`` a method assigns, each with the value assigned."""
    return [(target.attr, stmt.value) for stmt in ast.walk(method)
            if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign))
            for target in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
            and target.value.id == "self"]


def _setting(default: Optional[float], node: ast.AST, name: str) -> Value:
    """A hyperparameter with a number for its default: 0 by default is no epsilon
    (``x.sum() + delta`` with ``delta=0.0`` divides by the bare sum unless told otherwise);
    otherwise one named like an epsilon is one (the spec's rule for an unseen value)."""
    if default == 0:
        return Value(constant=True, origin=Origin(_ZERO_DEFAULT, node))
    return _epsilon(node) if is_epsilon_name(name) else _CONSTANT


def _parameter(param: ast.arg, default: Optional[ast.expr]) -> Value:
    if param.annotation is not None and _scalar_annotation(param.annotation) and not (
            isinstance(param.annotation, ast.Subscript) and api.names_data(param.arg)):
        # `jitter: float`, `ratios: list[float]`: Python numbers, hyperparameters
        return _setting(_literal(default) if default is not None else None, param, param.arg)
    number = _literal(default) if default is not None else None
    if number is not None and param.annotation is None:
        # `alpha=0.05`: a setting, with a number for its default (`rate: ArrayLike = 1.0` is
        # an array all the same)
        return _setting(number, param, param.arg)
    if param.arg in api.PROBABILITY_NAMES:
        return Value(origin=Origin("probability name", param))
    if is_epsilon_name(param.arg) and param.annotation is None:
        return _epsilon(param)
    if api.is_setting_name(param.arg):
        return _CONSTANT
    return UNKNOWN


def _documented_types(node: ast.AST) -> dict[str, str]:
    """What a function's docstring says its parameters are: Python numbers (``p: a positive
    integer``, ``n (int): ...``), settings like those annotated ``int``, or arrays
    (``decay: a float-like Tensor``)."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {}  # a lambda
    docstring = ast.get_docstring(node, clean=False)
    if docstring is None:
        return {}
    found = {}
    entries = [*_DOCUMENTED_PARAMETER.findall(docstring),
               *((name, typed, "") for typed, name in _SPHINX_PARAMETER.findall(docstring))]
    for name, typed, described in entries:
        # the type, or the description's first sentence (`torch.Tensor` has a dot too)
        text = typed or _SENTENCE_END.split(described, 1)[0]
        if _ARRAY_WORDS.search(text):
            found[name] = _ARRAY
        elif _SCALAR_WORDS.search(text):
            found[name] = _SCALAR
    return found


def _signature(args: ast.arguments) -> list[ast.arg]:
    return [*args.posonlyargs, *args.args, *args.kwonlyargs,
            *(a for a in (args.vararg, args.kwarg) if a is not None)]


def _configured_parameters(node: ast.AST) -> frozenset:
    """A constructor's parameters that are not annotated as arrays, nor used as one
    (``sk.shape``, ``vertices[1:]``)."""
    used_as_arrays = {
        child.value.id for child in ast.walk(node)
        if isinstance(child, (ast.Attribute, ast.Subscript)) and
        isinstance(child.value, ast.Name) and (
            (isinstance(child, ast.Attribute) and child.attr in _ARRAY_ATTRIBUTES) or
            (isinstance(child, ast.Subscript) and any(
                isinstance(part, ast.Slice) for part in ast.walk(child.slice))))}
    return frozenset(param.arg for param in _signature(node.args)
                     if param.arg not in used_as_arrays and
                     (param.annotation is None or not _array_annotation(param.annotation)))


def _array_annotation(node: ast.expr) -> bool:
    """``torch.Tensor``, ``Optional[np.ndarray]``, ``jax.Array | None``."""
    return any((isinstance(part, ast.Name) and part.id in _ARRAY_TYPES) or
               (isinstance(part, ast.Attribute) and part.attr in _ARRAY_TYPES)
               for part in ast.walk(node))


def _scalar_annotation(node: ast.expr) -> bool:
    """``float``, ``Optional[int]``, ``bool | None``, ``float | int``, or a container of
    those (``list[float | int]``, ``Sequence[int]``, ``tuple[float, ...]``): Python numbers.
    Read from the tree: unparsing every annotated parameter's annotation was a hot spot."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return all(_scalar_annotation(side) or _none(side) for side in (node.left, node.right))\
            and not (_none(node.left) and _none(node.right))
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        if node.value.id == "Optional":
            return _scalar_annotation(node.slice)
        if node.value.id in _SCALAR_CONTAINERS:
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return all(_scalar_annotation(item) or _none(item) or
                       (isinstance(item, ast.Constant) and item.value is Ellipsis)
                       for item in items)
    return isinstance(node, ast.Name) and node.id in _SCALAR_TYPES


def _none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _framework_differentiable(name: Optional[str]) -> bool:
    framework = api.BY_NAME.get(name or "")
    return framework.differentiable if framework else False


def _bind(kind: str, positional: list, keywords: dict) -> dict:
    roles = api.SIGNATURES.get(kind, ("x", "y") if kind in _ARITHMETIC_KINDS else ("x",))
    bound = dict(zip(roles, positional))
    for keyword, operand in keywords.items():
        for role in roles:
            if role not in bound and keyword in api.ROLE_KEYWORDS.get(role, ()):
                bound[role] = operand
                break
    return bound


def _fact_name(node: ast.expr) -> Optional[str]:
    """What facts about ``node`` are filed under: a call's callee name, "-" for a
    difference; None for an expression no fact is kept about."""
    if isinstance(node, ast.Call):
        return _callee_name(node) or "()"
    return "-" if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) else None


def _callee_name(call: ast.Call) -> Optional[str]:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _names_mask(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and "mask" in node.id.lower()


def _quantifier(test: ast.expr, names: tuple[str, ...]) -> Optional[tuple[str, ast.expr]]:
    """A call to one of the quantifiers ``names`` (``torch.all(x)``, ``x.any()``): its name
    and what it quantifies, the first argument or else the receiver."""
    if not isinstance(test, ast.Call) or not isinstance(test.func, (ast.Attribute, ast.Name)):
        return None
    name = _callee_name(test)
    if name not in names:
        return None
    if test.args:
        return name, test.args[0]
    return (name, test.func.value) if isinstance(test.func, ast.Attribute) else None


def _quantified(test: ast.expr) -> Optional[tuple[bool, ast.expr]]:
    """``torch.all(cmp)``, ``(cmp).any()``, ``np.any(cmp)``: (universal, the comparison)."""
    quantifier = _quantifier(test, ("all", "any"))
    if quantifier is None or not isinstance(quantifier[1], ast.Compare):
        return None
    return quantifier[0] == "all", quantifier[1]


def _nonempty(test: ast.expr, truth: bool) -> list[_Witness]:
    """What has an element of some kind where ``test`` is ``truth``: ``m.any()``,
    ``torch.any(x > 0)``, ``tf.reduce_any(m)`` true (alone or in an ``and``), ``not
    m.any()`` false. See :func:`_selected`."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _nonempty(test.operand, not truth)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) and truth:
        return [found for part in test.values for found in _nonempty(part, truth)]
    quantifier = _quantifier(test, ("any", "reduce_any")) if truth else None
    # (over all of it: no axis, positional or by keyword)
    if quantifier is None or test.keywords or len(test.args) > 1:
        return []
    return _selected(quantifier[1])


def _counted(value: Value, narrowed: Range) -> list[_Witness]:
    """What a count, sum or norm bounded above 0 says: what it reduces has a nonzero
    element (past `assert mask.sum() > 0`, as past `assert mask.any()`), in every slice
    along its axis (past `assert (mask.sum(1) > 0).all()`)."""
    reduction = value.reduction
    if reduction is None or reduction.operand is None or not narrowed.positive or \
            reduction.kind not in (api.SUM, api.COUNT_NONZERO, api.NORM):
        return []
    along = _axis(reduction.node, reduction.operand)
    return _selected(reduction.operand, along) if along != _UNKNOWN_AXIS else []


def _literal(node: ast.expr) -> Optional[float]:
    """The value of a number written in the source: ``0``, ``1e-6``, ``-1.0``."""
    negated = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
    if negated:
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return -node.value if negated else float(node.value)
    return None


def _selected(index: ast.expr, along: Optional[str] = None) -> list[_Witness]:
    """What a nonempty selection by ``index`` says (in every slice ``along`` an axis, or
    in the whole): a mask ``m`` (or ``x != 0``) has a nonzero element; ``x > 0`` (or
    ``x >= c`` for a positive c) selects an element of x above 0, ``x < 0`` one below 0."""
    if isinstance(index, ast.BinOp) and isinstance(index.op, ast.BitAnd):
        # an element both select: each of them selects something
        return [*_selected(index.left, along), *_selected(index.right, along)]
    comparison = _comparison(index)
    if comparison is None:
        return [(index, _SOME_NONZERO, along)] if not isinstance(
            index, (ast.Tuple, ast.Slice, ast.Constant)) else []
    left, op, right = comparison
    bound = _literal(right)
    if bound is None:
        return []
    if isinstance(op, ast.NotEq) and bound == 0:
        return [(left, _SOME_NONZERO, along)]
    if (isinstance(op, ast.Gt) and bound >= 0) or (isinstance(op, ast.GtE) and bound > 0):
        return [(left, _SOME_POSITIVE, along)]
    if (isinstance(op, ast.Lt) and bound <= 0) or (isinstance(op, ast.LtE) and bound < 0):
        return [(left, _SOME_NEGATIVE, along)]
    return []


_MIRRORED: Mapping[type, type] = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE,
                                  ast.GtE: ast.LtE, ast.Eq: ast.Eq, ast.NotEq: ast.NotEq}


def _condition(node: ast.AST) -> bool:
    """A comparison, or comparisons joined by ``&`` or ``|``: a mask whose definition says
    what it selects."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
        return _condition(node.left) and _condition(node.right)
    return isinstance(node, ast.Compare)


def _comparison(test: ast.expr) -> Optional[tuple[ast.expr, ast.cmpop, ast.expr]]:
    """``x > c``, ``x != 0``, ``x.gt(c)``, ``torch.gt(x, c)``, ``np.isclose(x, 0)``: the
    compared expression, the operator and the bound."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        return test.left, test.ops[0], test.comparators[0]
    if isinstance(test, ast.Call) and \
            not any(isinstance(arg, ast.Starred) for arg in test.args):
        operator = _COMPARISON_CALLS.get(_callee_name(test) or "")
        if operator is None:
            return None
        if len(test.args) == 2:
            return test.args[0], operator(), test.args[1]
        if len(test.args) == 1 and isinstance(test.func, ast.Attribute):
            return test.func.value, operator(), test.args[0]
    return None


# Comparisons spelled as calls: torch's methods and functions, NumPy's and TF's functions
# (keywords such as `atol=` are tolerances). isclose(x, 0) false keeps x away from 0, as
# x != 0 does.
_COMPARISON_CALLS: Mapping[str, Callable[[], ast.cmpop]] = {
    "gt": ast.Gt, "greater": ast.Gt, "ge": ast.GtE, "greater_equal": ast.GtE,
    "lt": ast.Lt, "less": ast.Lt, "le": ast.LtE, "less_equal": ast.LtE,
    "eq": ast.Eq, "equal": ast.Eq, "isclose": ast.Eq, "ne": ast.NotEq, "not_equal": ast.NotEq,
}


def narrow(rng: Range, op: ast.cmpop, limit: Range, truth: bool) -> Range:
    """What ``x <op> c`` being ``truth`` says of x's range."""
    if isinstance(op, (ast.Eq, ast.NotEq)):
        if isinstance(op, ast.Eq) == truth:
            return limit if limit.lo == limit.hi else rng
        return rng.excluding_zero() if limit == Range.point(0.0) else rng
    if not isinstance(op, (ast.Gt, ast.GtE, ast.Lt, ast.LtE)):
        return rng
    lower = isinstance(op, (ast.Gt, ast.GtE)) == truth
    strict = isinstance(op, (ast.Gt, ast.Lt)) == truth
    # x >= c with c itself kept above 0 (an epsilon) keeps x above 0 too.
    if lower:
        return rng.meet_lo(limit.lo, strict or limit.lo_open)
    return rng.meet_hi(limit.hi, strict or limit.hi_open)


def _absolute_of(node: ast.expr) -> Optional[ast.expr]:
    """``x`` of ``abs(x)``, ``torch.abs(x)`` or ``x.abs()``."""
    if isinstance(node, ast.Call) and _callee_name(node) in ("abs", "absolute"):
        if node.args:
            return node.args[0]
        if isinstance(node.func, ast.Attribute):
            return node.func.value
    return None


def _join(a: Optional[State], b: Optional[State]) -> Optional[State]:
    if a is None:
        return b
    if b is None or a is b:
        return a
    joined = dict(a)
    for key, value in b.items():
        mine = joined.get(key)
        if mine is not value:  # most names are bound to the same value on both branches
            joined[key] = value if mine is None else mine.join(value)
    if len(joined) != len(a) or len(joined) != len(b):
        # a key on one side only: a name may be bound there, but a fact does not hold
        for key in [k for k in joined if k.startswith(_FACT) and (k not in a or k not in b)]:
            del joined[key]
    return joined


def _widen(old: State, new: State) -> State:
    widened = dict(new)
    for key, value in new.items():
        previous = old.get(key)
        if previous is not None and previous is not value and previous != value:
            widened[key] = previous.widen(value)
    return widened


def _without(state: State, key: str) -> State:
    return {k: v for k, v in state.items() if k != key and not k.startswith(key + ".")}

