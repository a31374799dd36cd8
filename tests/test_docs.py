"""The generated documentation is in sync with the rules' docstrings."""

from pathlib import Path

from nanlint.docs import readme_with_table, rules_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_docs_rules_md_is_generated_from_the_docstrings():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), \
        "run `python -m nanlint.docs`"


def test_readme_rule_table_is_generated_from_the_docstrings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_with_table(readme) == readme, "run `python -m nanlint.docs`"
