"""Every rule's own VALID / INVALID examples, collected and run: the docstring examples are
the rule's contract, including the exact text each fix produces."""

from __future__ import annotations

import ast

import pytest

from nanlint.api import analyse_text
from nanlint.config import Config
from nanlint.fixes import apply_edits
from nanlint.results import SAFE, UNSAFE
from nanlint.rules import ALL_RULES


def _cases(kind: str) -> list:
    return [pytest.param(rule, example, id=f"{rule.code}-{kind}-{index}")
            for rule in ALL_RULES
            for index, example in enumerate(rule.VALID if kind == "valid" else rule.INVALID)]


def _findings(rule, code: str):
    result = analyse_text("example.py", code, Config(select=(rule.code,)))
    assert not result.errors, result.errors
    return result.findings


@pytest.mark.parametrize(("rule", "code"), _cases("valid"))
def test_valid_example_is_not_flagged(rule, code):
    assert _findings(rule, code) == []


@pytest.mark.parametrize(("rule", "example"), _cases("invalid"))
def test_invalid_example_is_flagged_once_and_fixed_exactly(rule, example):
    findings = _findings(rule, example.code)
    assert [f.code for f in findings] == [rule.code]
    fix = findings[0].fix
    if example.fixed is None:
        assert fix is None
        return
    assert fix is not None, findings[0].message
    assert fix.applicability == (UNSAFE if example.unsafe else SAFE)
    fixed, applied = apply_edits(example.code, fix.edits)
    assert applied == len(fix.edits)
    assert fixed == example.fixed
    ast.parse(fixed)


@pytest.mark.parametrize(("rule", "example"), _cases("invalid"))
def test_fix_removes_the_finding(rule, example):
    if example.fixed is None:
        pytest.skip("no mechanical fix")
    assert [f for f in _findings(rule, example.fixed) if f.code == rule.code] == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_is_documented_with_examples(rule):
    doc = rule.documentation()
    for section in ("**What it finds.**", "**Why it matters.**", "**Example.**", "**Fix.**"):
        assert section in doc, f"{rule.code} docstring lacks {section}"
    assert rule.VALID and rule.INVALID
    assert rule.code.startswith("NAN") and rule.name == rule.name.lower()
