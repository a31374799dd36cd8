"""Property-based tests (issue 6) over generated ML-style Python code.

The generator writes modules that import torch / tensorflow / numpy / jax.numpy under random
aliases and use them the way training code does: assignments, guarded operations (log, sqrt,
acos, log1p, division by a reduction), masks (clamp, clip, maximum, + eps, where), producers
of dangerous values (softmax, sigmoid, 1 - p, relu, squares), if/else, loops, helper
functions. A program is a template over its names (``{n3}``) and aliases (``{torch}``), so
the same program can be rendered under other names.

Properties: nothing escapes ``analyse_text`` and no error is internal; every finding and
every fix edit lies inside the file; every fix (alone, and all of them) leaves a file that
parses; fixing twice equals fixing once; and metamorphic relations: masking a flagged
NAN001 argument in its framework's own way removes that finding, renaming variables and
import aliases keeps the findings (codes and lines), appending unrelated statements leaves
the earlier findings as they were.
"""

from __future__ import annotations

import ast
import builtins
import collections
import keyword
import os
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nanlint.api import analyse_text
from nanlint.apitable import is_setting_name
from nanlint.config import Config
from nanlint.fixes import apply_edits, fix_text
from nanlint.results import Finding

CONFIG = Config()
ALL = Config(select=("ALL",))
# NANLINT_EXAMPLES=2000 for a longer hunt; the default keeps the whole file under a minute.
# Derandomized so that CI, which keeps no example database, cannot fail by chance; set
# NANLINT_EXPLORE=1 (and raise NANLINT_EXAMPLES) to search new examples locally.
SETTINGS = settings(max_examples=int(os.environ.get("NANLINT_EXAMPLES", "50")), deadline=None,
                    derandomize=not os.environ.get("NANLINT_EXPLORE"),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

FRAMEWORKS = {
    "torch": "import torch as {torch}",
    "tf": "import tensorflow as {tf}",
    "np": "import numpy as {np}",
    "jnp": "import jax.numpy as {jnp}",
}
DEFAULT_ALIASES = {"torch": "torch", "tf": "tf", "np": "np", "jnp": "jnp"}

# Guarded operations: (name, template over the alias `a` and the operand `x`).
GUARDED = {
    "torch": [("log", "{a}.log({x})"), ("log2", "{a}.log2({x})"), ("sqrt", "{a}.sqrt({x})"),
              ("acos", "{a}.acos({x})"), ("log1p", "{a}.log1p(-{x})"),
              ("log_method", "({x}).log()"), ("sqrt_method", "({x}).sqrt()"),
              ("pow", "{x} ** 0.5"), ("div", "{x} / {a}.sum({x})"),
              ("div_norm", "{x} / {x}.norm(dim=-1, keepdim=True)"),
              ("log_softmax", "{a}.log({a}.softmax({x}, -1))"),
              ("late_where", "{a}.where({x} > 0, {a}.log({x}), {a}.zeros_like({x}))"),
              ("late_nan_to_num", "{a}.nan_to_num({a}.log({x}))")],
    "tf": [("log", "{a}.log({x})"), ("log", "{a}.math.log({x})"), ("sqrt", "{a}.sqrt({x})"),
           ("acos", "{a}.math.acos({x})"), ("log1p", "{a}.math.log1p(-{x})"),
           ("div", "{x} / {a}.reduce_sum({x})"), ("log_sigmoid", "{a}.log({a}.sigmoid({x}))"),
           ("late_where", "{a}.where({x} > 0, {a}.math.log({x}), {a}.zeros_like({x}))")],
    "np": [("log", "{a}.log({x})"), ("log10", "{a}.log10({x})"), ("acos", "{a}.arccos({x})"),
           ("div", "{x} / {a}.sum({x})"), ("div_norm", "{x} / {a}.linalg.norm({x})")],
    "jnp": [("log", "{a}.log({x})"), ("sqrt", "{a}.sqrt({x})"), ("acos", "{a}.arccos({x})"),
            ("div", "{x} / {a}.sum({x})"),
            ("late_where", "{a}.where({x} > 0, {a}.log({x}), 0.0)")],
}
MASKS = {
    "torch": ["{a}.clamp({x}, min=1e-6)", "({x}).clamp(min=eps)", "({x}) + 1e-8",
              "{a}.where({x} > 0, {x}, {a}.ones_like({x}))", "({x}).clamp_min(1e-6)"],
    "tf": ["{a}.clip_by_value({x}, 1e-10, 1.0)", "{a}.maximum({x}, 1e-7)", "({x}) + eps"],
    "np": ["{a}.clip({x}, 1e-6, None)", "{a}.maximum({x}, 1e-6)", "({x}) + 1e-6"],
    "jnp": ["{a}.clip({x}, 1e-6)", "{a}.maximum({x}, 1e-6)", "({x}) + eps"],
}
PRODUCERS = {
    "torch": ["{a}.softmax({x}, -1)", "{a}.sigmoid({x})", "{a}.relu({x})", "1 - {x}",
              "{x} * {x}", "{a}.exp({x})", "({x}).abs()", "{x} - {y}", "{a}.rand(3)",
              "{x}[{x} > 0]", "{a}.matmul({x}, {y})", "{x}.mean()"],
    "tf": ["{a}.nn.softmax({x})", "{a}.sigmoid({x})", "{a}.nn.relu({x})", "1 - {x}",
           "{a}.square({x})", "{a}.exp({x})", "{x} - {y}", "{a}.reduce_mean({x})"],
    "np": ["{a}.abs({x})", "1 - {x}", "{x} ** 2", "{a}.exp({x})", "{x} - {y}",
           "{a}.random.rand(3)", "{a}.dot({x}, {y})"],
    "jnp": ["{a}.abs({x})", "1 - {x}", "{x} ** 2", "{a}.exp({x})", "{x} - {y}"],
}
# Name parts that carry meaning (and the names of settings, `n_steps`, `hidden_dim`) for the analysis (epsilons, probabilities, masks): a random
# identifier never contains them, so renaming cannot change what a name says.
MEANINGFUL = ("eps", "prob", "pred", "hat", "out", "log", "sqrt", "soft", "sigm", "mask",
              "clip", "clamp", "norm", "sum", "std", "var", "max", "min", "abs", "exp", "pos",
              "safe", "tiny", "fin", "logit", "tf", "np", "jnp", "torch", "jax", "lib")
RESERVED = set(keyword.kwlist) | set(dir(builtins)) | {"self", "p", "x", "y", "z", "K", "F"}


def neutral(name: str) -> bool:
    return name not in RESERVED and not any(part in name for part in MEANINGFUL) \
        and not keyword.iskeyword(name) and not is_setting_name(name)


IDENTIFIERS = st.from_regex(r"\A[a-z_][a-z0-9_]{0,7}\Z").filter(neutral)
ALIASES = st.from_regex(r"\A[A-Za-z][A-Za-z0-9_]{0,5}\Z").filter(neutral)


@dataclass(frozen=True)
class Program:
    template: str  # Python source with {n0}.. names and {torch}.. aliases
    names: int  # how many {nI} placeholders
    frameworks: tuple[str, ...]

    def render(self, names: list[str], aliases: dict[str, str]) -> str:
        mapping = {f"n{i}": name for i, name in enumerate(names)}
        mapping.update({fw: aliases[fw] for fw in FRAMEWORKS})
        return self.template.format(**mapping)


def distinct(strategy, count):
    return st.lists(strategy, min_size=count, max_size=count, unique=True)


@st.composite
def programs(draw) -> Program:
    frameworks = tuple(draw(st.lists(st.sampled_from(sorted(FRAMEWORKS)), min_size=1,
                                     max_size=3, unique=True)))
    names = 0

    def fresh() -> str:
        nonlocal names
        names += 1
        return f"{{n{names - 1}}}"

    def operand(scope: list[str], depth: int) -> str:
        choice = draw(st.integers(0, 9 if depth < 2 else 3))
        if choice <= 3 or not scope:
            return draw(st.sampled_from(scope)) if scope else "0.5"
        fw = draw(st.sampled_from(frameworks))
        a = "{" + fw + "}"
        x = operand(scope, depth + 1)
        y = operand(scope, depth + 1)
        if choice <= 5:
            expression = draw(st.sampled_from(PRODUCERS[fw])).format(a=a, x=x, y=y)
        elif choice <= 7:
            expression = draw(st.sampled_from(MASKS[fw])).format(a=a, x=x)
        elif choice == 8 and helpers:
            expression = f"{draw(st.sampled_from(helpers))}({x})"
        else:
            expression = draw(st.sampled_from(GUARDED[fw]))[1].format(a=a, x=x)
        return f"({expression})" if depth else expression  # an operand of an operator

    def guarded(scope: list[str]) -> str:
        fw = draw(st.sampled_from(frameworks))
        template = draw(st.sampled_from(GUARDED[fw]))[1]
        return template.format(a="{" + fw + "}", x=operand(scope, 1))

    def statements(scope: list[str], indent: str, depth: int, budget: int) -> list[str]:
        lines: list[str] = []
        for _ in range(draw(st.integers(1, budget))):
            kind = draw(st.integers(0, 9))
            if kind <= 3:
                target = fresh()
                value = guarded(scope) if kind <= 1 else operand(scope, 0)
                lines.append(f"{indent}{target} = {value}")
                scope.append(target)
            elif kind == 4 and scope:
                target = draw(st.sampled_from(scope))
                fw = draw(st.sampled_from(frameworks))
                mask = draw(st.sampled_from(MASKS[fw]))
                lines.append(f"{indent}{target} = " + mask.format(a="{" + fw + "}", x=target))
            elif kind == 5 and depth < 2:
                condition = draw(st.sampled_from(scope)) if scope else "True"
                lines.append(f"{indent}if {condition} is not None:")
                lines += statements(list(scope), indent + "    ", depth + 1, 2)
                if draw(st.booleans()):
                    lines.append(f"{indent}else:")
                    lines += statements(list(scope), indent + "    ", depth + 1, 2)
            elif kind == 6 and depth < 2:
                counter = fresh()
                lines.append(f"{indent}for {counter} in range(3):")
                lines += statements([*scope, counter], indent + "    ", depth + 1, 2)
            elif kind == 7:
                lines.append(f"{indent}print({guarded(scope)})")
            else:
                target = fresh()
                lines.append(f"{indent}{target} = {operand(scope, 0)}")
                scope.append(target)
        return lines

    helpers: list[str] = []
    lines = [FRAMEWORKS[fw] for fw in frameworks]
    lines.append("eps = 1e-6")
    module_scope: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):  # a function, maybe a helper used later
            name = fresh()
            params = [fresh() for _ in range(draw(st.integers(1, 3)))]
            lines.append("")
            lines.append(f"def {name}({', '.join(params)}):")
            body_scope = list(params)
            lines += statements(body_scope, "    ", 1, 4)
            lines.append(f"    return {operand(body_scope, 0)}")
            helpers.append(name)
        else:
            lines += statements(module_scope, "", 1, 3)
    return Program("\n".join(lines) + "\n", names, frameworks)


@st.composite
def rendered(draw):
    program = draw(programs())
    names = draw(distinct(IDENTIFIERS, program.names))
    aliases = dict(DEFAULT_ALIASES)
    return program, names, aliases, program.render(names, aliases)


def analyse(text: str, config: Config = CONFIG):
    result = analyse_text("generated.py", text, config)
    assert not any(e.internal for e in result.errors), [e.message for e in result.errors]
    return result


def sites(findings) -> collections.Counter:
    return collections.Counter((f.code, f.line) for f in findings)


def assert_parses(text: str, why: str) -> None:
    try:
        ast.parse(text)
    except SyntaxError as error:  # pragma: no cover - the failure
        pytest.fail(f"{why} does not parse: {error}\n{text}")


# ------------------------------------------------------------------------------ tests


@SETTINGS
@given(rendered())
def test_generated_code_parses_and_nothing_escapes(case):
    _, _, _, text = case
    ast.parse(text)  # the generator writes Python
    for config in (CONFIG, ALL, Config(min_confidence="high")):
        result = analyse(text, config)
        assert result.errors == [], [e.message for e in result.errors]


@SETTINGS
@given(rendered())
def test_findings_and_edits_lie_inside_the_file(case):
    text = case[3]
    lines = text.split("\n")
    for finding in analyse(text, ALL).findings:
        spans = [(finding.line, finding.column, finding.end_line, finding.end_column)]
        if finding.fix is not None:
            spans += [(e.line, e.column, e.end_line, e.end_column) for e in finding.fix.edits]
        for line, column, end_line, end_column in spans:
            assert 1 <= line <= end_line <= len(lines), finding
            assert 1 <= column <= len(lines[line - 1]) + 1, finding
            assert 1 <= end_column <= len(lines[end_line - 1]) + 1, finding
            assert (line, column) <= (end_line, end_column), finding
        # the reported start is the start of an expression that is on that line
        assert lines[finding.line - 1][finding.column - 1:].strip(), finding


@SETTINGS
@given(rendered())
def test_every_fix_alone_and_all_fixes_leave_a_file_that_parses(case):
    text = case[3]
    for finding in analyse(text, ALL).findings:
        if finding.fix is not None:
            alone, count = apply_edits(text, finding.fix.edits)
            assert count == len(finding.fix.edits)
            assert_parses(alone, f"the fix of {finding.code} at {finding.line}:"
                                 f"{finding.column} alone")
    fixed, _, _, errors = fix_text("generated.py", text, ALL, unsafe=True)
    assert not any(e.internal for e in errors)
    assert_parses(fixed, "the fixed file")


@SETTINGS
@given(rendered(), st.booleans())
def test_fixing_twice_equals_fixing_once(case, unsafe):
    text = case[3]
    once, _, remaining, _ = fix_text("generated.py", text, CONFIG, unsafe=unsafe)
    twice, applied, remaining_again, _ = fix_text("generated.py", once, CONFIG, unsafe=unsafe)
    assert twice == once
    assert applied == 0
    assert sites(remaining_again) == sites(remaining)


MASK_WRAPS = {
    "torch": ["{a}.clamp({x}, min=1e-6)", "({x}) + 1e-6", "({x}).clamp(min=1e-6)"],
    "tf": ["{a}.clip_by_value({x}, 1e-6, 1.0)", "{a}.maximum({x}, 1e-6)", "({x}) + 1e-6"],
    "np": ["{a}.maximum({x}, 1e-6)", "{a}.clip({x}, 1e-6, None)", "({x}) + 1e-6"],
    "jnp": ["{a}.maximum({x}, 1e-6)", "({x}) + 1e-6"],
}


def call_at(tree: ast.AST, line: int, column: int):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.lineno == line and \
                node.col_offset == column - 1:
            return node
    return None


@SETTINGS
@given(rendered(), st.data())
def test_masking_a_flagged_log_argument_removes_the_finding(case, data):
    program, _, aliases, text = case
    by_alias = {aliases[fw]: fw for fw in program.frameworks}
    tree = ast.parse(text)
    targets = []
    for finding in analyse(text).findings:
        if finding.code != "NAN001":
            continue
        node = call_at(tree, finding.line, finding.column)
        if node is None or not node.args or not isinstance(node.func, ast.Attribute):
            continue  # a method call `(x).log()`: no argument to wrap
        root = node.func.value
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and root.id in by_alias:
            targets.append((finding, node, by_alias[root.id]))
    if not targets:
        return
    finding, node, fw = data.draw(st.sampled_from(targets))
    argument = node.args[0]
    assert argument.lineno == argument.end_lineno  # the generator writes one-line calls
    line = text.split("\n")[argument.lineno - 1]
    source = line[argument.col_offset:argument.end_col_offset]
    mask = data.draw(st.sampled_from(MASK_WRAPS[fw])).format(a=aliases[fw], x=source)
    new_line = line[:argument.col_offset] + mask + line[argument.end_col_offset:]
    lines = text.split("\n")
    lines[argument.lineno - 1] = new_line
    masked = "\n".join(lines)
    after = analyse(masked).findings
    assert not [f for f in after if (f.code, f.line, f.column) ==
                (finding.code, finding.line, finding.column)], \
        f"still flagged after masking with {mask!r}:\n{masked}"


@SETTINGS
@given(rendered(), st.data())
def test_renaming_names_and_aliases_keeps_the_findings(case, data):
    program, _, _, text = case
    new_names = data.draw(distinct(IDENTIFIERS, program.names))
    new_aliases = dict(zip(FRAMEWORKS, data.draw(distinct(ALIASES, len(FRAMEWORKS)))))
    assume_no_clash = set(new_names) & set(new_aliases.values())
    if assume_no_clash:
        return
    renamed = program.render(new_names, new_aliases)
    before, after = analyse(text, ALL), analyse(renamed, ALL)
    assert sites(after.findings) == sites(before.findings), f"{text}\n---\n{renamed}"
    # the messages name the variables, the confidence must not depend on their spelling
    assert [f.confidence for f in sorted(after.findings, key=lambda f: (f.line, f.code))] == \
        [f.confidence for f in sorted(before.findings, key=lambda f: (f.line, f.code))]


@SETTINGS
@given(rendered(), st.data())
def test_import_alias_spelling_does_not_matter(case, data):
    """``import torch`` and ``import torch as T`` are the same program."""
    program, names, _, text = case
    alias = data.draw(ALIASES.filter(lambda a: a not in names))
    fw = data.draw(st.sampled_from(program.frameworks))
    aliases = dict(DEFAULT_ALIASES, **{fw: alias})
    before, after = analyse(text), analyse(program.render(names, aliases))
    assert sites(after.findings) == sites(before.findings)


UNRELATED = st.sampled_from([
    "print('done')",
    "if __name__ == '__main__':\n    main_zz = 3",
    "def unrelated_zz(a):\n    return a + 1",
    "class Unrelated_zz:\n    pass",
    "for i_zz in range(3):\n    pass",
    "import os\nhome_zz = os.environ.get('HOME')",
    "import torch as torch_zz\nq_zz = torch_zz.log(torch_zz.rand(3) + 1)",
    "import numpy as np_zz\nr_zz = np_zz.log(w_zz)",
])


@SETTINGS
@given(rendered(), st.lists(UNRELATED, min_size=1, max_size=4))
def test_appending_unrelated_statements_keeps_earlier_findings(case, extra):
    text = case[3]
    longer = text + "\n" + "\n".join(extra) + "\n"
    before = analyse(text, ALL).findings
    after = [f for f in analyse(longer, ALL).findings if f.line <= text.count("\n")]
    # An appended import of a second framework may change how a fix is spelled (a torch
    # function or a tensor method), never what is found or how sure it is.
    assert sorted(map(_identity, after)) == sorted(map(_identity, before))


def _identity(finding: Finding) -> tuple:
    return (finding.code, finding.line, finding.column, finding.end_line, finding.end_column,
            finding.confidence)


@pytest.mark.skipif("prefilter" not in Config.__dataclass_fields__,
                    reason="no prefilter to compare with")
@SETTINGS
@given(rendered())
def test_prefilter_changes_nothing(case):
    text = case[3]
    fast = analyse(text, Config(select=("ALL",)))
    full = analyse(text, Config(select=("ALL",), prefilter=False))
    assert sorted(fast.findings, key=repr) == sorted(full.findings, key=repr)
    assert fast.errors == full.errors


@SETTINGS
@given(rendered(), st.sampled_from(["\r\n", "\r", "\t"]))
def test_line_endings_and_tabs_do_not_move_findings(case, variant):
    """CRLF and CR files give the same findings as LF; indenting with tabs the same lines."""
    text = case[3]
    other = text.replace("    ", "\t") if variant == "\t" else text.replace("\n", variant)
    assert sites(analyse(other).findings) == sites(analyse(text).findings)
    fixed, _, _, _ = fix_text("generated.py", other, CONFIG, unsafe=True)
    if variant != "\t":
        assert "\n" not in fixed.replace(variant, "") if variant == "\r" else \
            "\n" not in fixed.replace("\r\n", "")
    assert_parses(fixed, "the fixed file")
