"""The fast path (files and functions naming no guarded operation are not analysed) finds
exactly what the straightforward full analysis finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from nanlint.api import analyse_text
from nanlint.config import Config
from nanlint.prefilter import TriggerLines, may_have_sites
from nanlint.rules import ALL_RULES

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "spec" / "cases"


def _corpus() -> list[tuple[str, str]]:
    sources = [(f"{rule.code}-{i}.py", example if isinstance(example, str) else example.code)
               for rule in ALL_RULES for i, example in enumerate((*rule.VALID, *rule.INVALID))]
    from test_engine import CASES

    sources += [(f"{name}.py", source) for name, (source, _) in CASES.items()]
    for folder in (ROOT / "examples", ROOT / "src" / "nanlint", SPEC):
        if folder.is_dir():
            sources += [(str(p), p.read_text(encoding="utf-8")) for p in sorted(folder.iterdir())
                        if p.suffix in (".py", ".ipynb")]
    return sources


def _findings(path: str, text: str, prefilter: bool) -> list[tuple]:
    config = Config(select=("ALL",), prefilter=prefilter)
    result = analyse_text(path, text, config)
    return [(f.cell, f.line, f.column, f.code, f.message) for f in result.findings]


@pytest.mark.parametrize(("path", "text"), _corpus(), ids=lambda v: Path(v).name[:40]
                         if isinstance(v, str) and len(v) < 200 else "source")
def test_fast_path_finds_what_the_full_analysis_finds(path, text):
    assert _findings(path, text, True) == _findings(path, text, False)


@pytest.mark.parametrize(("text", "expected"), [
    ("x = logger.info('loglik')\n", False),
    ("import math\nlogging.basicConfig()\n", False),
    ("y = torch.log(p)\n", True),
    ("y = p.log_()\n", True),
    ("y = np.log1p(x)\n", True),
    ("y = f(**kwargs)\n", False),
    ("y = x ** 0.5\n", True),
    ("y = (a - b)**2\n", True),
    ("y = a / b\n", False),
    ("y = a / b.sum()\n", True),
    ("from torch import log as L\n", True),
])
def test_trigger_words(text, expected):
    assert may_have_sites(text) is expected


def test_trigger_lines_and_aliases():
    lines = ["import torch", "def f(p):", "    return 1", "def g(p):", "    return L(p)",
             "def h(x):", "    return x / x.sum()"]
    triggers = TriggerLines(lines)
    assert not triggers.within(2, 3)
    assert not triggers.within(4, 5)
    assert triggers.within(4, 5, aliases=["L"])
    assert triggers.within(6, 7)
