"""Rule documentation generated from the rules' docstrings, so the docs never drift.

``python -m nanlint.docs`` rewrites docs/rules.md and the rule table in README.md; the test
suite fails when either is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .rules import ALL_RULES

TABLE_START = "<!-- rules:start -->"
TABLE_END = "<!-- rules:end -->"


def rule_table() -> str:
    rows = ["| code | name | what it finds | default |", "|---|---|---|---|"]
    for rule in sorted(ALL_RULES, key=lambda r: r.code):
        summary = rule.summary().replace("|", "\\|")
        anchor = f"docs/rules.md#{rule.code.lower()}-{rule.name}"
        rows.append(f"| [{rule.code}]({anchor}) | `{rule.name}` | {summary} | "
                    f"{'on' if rule.default else 'off (opt-in)'} |")
    return "\n".join(rows)


def rules_markdown() -> str:
    parts = ["# nanlint rules", "",
             "Generated from the rules' docstrings by `python -m nanlint.docs`; "
             "`nanlint rule CODE` prints the same text.", ""]
    for rule in sorted(ALL_RULES, key=lambda r: r.code):
        default = "On by default." if rule.default else \
            "Off by default: enable with `--extend-select " + rule.code + "`."
        body = rule.documentation().split("\n\n", 1)
        parts += [f"## {rule.code} {rule.name}", "", rule.summary(), "", default, ""]
        if len(body) > 1:
            parts += [body[1].strip(), ""]
    return "\n".join(parts)


def readme_with_table(readme: str) -> str:
    pattern = re.compile(re.escape(TABLE_START) + ".*?" + re.escape(TABLE_END), re.DOTALL)
    return pattern.sub(f"{TABLE_START}\n{rule_table()}\n{TABLE_END}", readme)


def main(root: Path = Path(".")) -> int:
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "rules.md").write_text(rules_markdown(), encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(readme_with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
