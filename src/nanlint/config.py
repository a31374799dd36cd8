"""Configuration: ``[tool.nanlint]`` in pyproject.toml, overridden by the command line.

Configuration is data only: it is parsed as TOML and validated, never executed.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

CONFIDENCES = ("medium", "high")


class ConfigError(Exception):
    """A configuration that cannot be used: the CLI reports it and exits with 2."""


@dataclass(frozen=True)
class Config:
    select: Optional[tuple[str, ...]] = None  # None: the rules that are on by default
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # gitignore-style patterns, on top of the built-in ones
    respect_gitignore: bool = True
    fix_epsilon: str = "1e-10"
    min_confidence: str = "medium"
    # Skip the flow pass over files and functions whose text names no guarded operation;
    # False analyses everything (the straightforward path the fast one is tested against).
    prefilter: bool = True
    source: Optional[Path] = field(default=None, compare=False)  # where it was read from

    def enabled_codes(self) -> tuple[str, ...]:
        """The codes of the enabled rules, most specific first."""
        from .rules import ALL_RULES

        def matches(rule: Any, selectors: tuple[str, ...]) -> bool:
            return any(rule.code.startswith(s.upper()) or s == rule.name or s.upper() == "ALL"
                       for s in selectors)

        enabled = []
        for rule in ALL_RULES:
            on = matches(rule, self.select) if self.select is not None else rule.default
            if (on or matches(rule, self.extend_select)) and not matches(rule, self.ignore):
                enabled.append(rule.code)
        return tuple(enabled)

    def validate(self) -> Config:
        selectors = (*(self.select or ()), *self.extend_select, *self.ignore)
        if selectors:
            from .rules import ALL_RULES

            known = {r.code for r in ALL_RULES} | {r.name for r in ALL_RULES}
            for selector in selectors:
                if selector.upper() != "ALL" and not any(
                        k.startswith(selector.upper()) or k == selector for k in known):
                    raise ConfigError(f"unknown rule selector `{selector}` "
                                      f"(see `nanlint rule --all`)")
        if self.min_confidence not in CONFIDENCES:
            raise ConfigError(f"min-confidence must be one of {', '.join(CONFIDENCES)}")
        try:
            epsilon = float(self.fix_epsilon)
            if not (math.isfinite(epsilon) and epsilon > 0):
                raise ValueError
        except ValueError:
            raise ConfigError(f"fix-epsilon must be a positive number, not "
                              f"`{self.fix_epsilon}`") from None
        return self

    def cache_key(self) -> str:
        """What of the configuration changes the findings: part of the cache key. The
        selectors as written (the cache is per version, which fixes what they select), so
        that a run answered from the cache never loads the rules."""
        return repr((self.select, self.extend_select, self.ignore, self.fix_epsilon,
                     self.min_confidence))


_KEYS = {
    "select": "select", "extend-select": "extend_select", "ignore": "ignore",
    "exclude": "exclude", "extend-exclude": "exclude", "respect-gitignore": "respect_gitignore",
    "fix-epsilon": "fix_epsilon", "min-confidence": "min_confidence",
}


def find_pyproject(start: Path) -> Optional[Path]:
    """The nearest pyproject.toml at or above ``start`` that has a [tool.nanlint] table."""
    start = Path(os.path.realpath(start))
    for folder in (start, *start.parents) if start.is_dir() else start.parents:
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "[tool.nanlint" in _read(candidate):
            return candidate
    return None


def load(path: Optional[Path]) -> Config:
    """Read ``[tool.nanlint]`` from a pyproject.toml (or the whole table of a nanlint.toml)."""
    if path is None:
        return Config()
    text = _read(path)
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11 only
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    table = data.get("tool", {}).get("nanlint", {}) if path.name == "pyproject.toml" else data
    return from_table(table, path)


def from_table(table: dict, source: Optional[Path] = None) -> Config:
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KEYS:
            raise ConfigError(f"{source or 'configuration'}: unknown option `{key}` "
                              f"(known: {', '.join(sorted(_KEYS))})")
        attribute = _KEYS[key]
        expected = bool if attribute == "respect_gitignore" else (
            str if attribute in ("fix_epsilon", "min_confidence") else list)
        if attribute == "fix_epsilon" and isinstance(value, (int, float)):
            value = repr(value)
        if not isinstance(value, expected) or (expected is list and not all(
                isinstance(v, str) for v in value)):
            raise ConfigError(f"{source or 'configuration'}: `{key}` must be "
                              f"{'a list of strings' if expected is list else expected.__name__}")
        if expected is list:
            value = tuple(values.get(attribute, ())) + tuple(value)
        values[attribute] = value
    return replace(Config(source=source), **values).validate()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from None
