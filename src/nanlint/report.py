"""Reporters: what a run prints. Text like ruff's, JSON for tools, SARIF for code scanning."""

from __future__ import annotations

import json
import os
from typing import TextIO

from . import __version__
from .results import FileError, Finding, Report

_COLOURS = {"bold": "1", "red": "31", "yellow": "33", "cyan": "36", "blue": "34",
            "dim": "2"}


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return hasattr(stream, "isatty") and stream.isatty() and not os.environ.get("NO_COLOR")


class _Paint:
    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, text: str, *styles: str) -> str:
        if not self.on or not styles:
            return text
        codes = ";".join(_COLOURS[s] for s in styles)
        return f"\033[{codes}m{text}\033[0m"


def printable(path: str) -> str:
    """A path as text that can be written anywhere: a file name that is not valid UTF-8
    (kept by Python as surrogate escapes) shows U+FFFD where its bad bytes are."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _uri(path: str) -> str:
    return printable(path).replace(os.sep, "/")


def location(finding: Finding) -> str:
    cell = f"cell {finding.cell}:" if finding.cell is not None else ""
    return f"{printable(finding.path)}:{cell}{finding.line}:{finding.column}"


def render_text(report: Report, stream: TextIO, sources: dict, fixable_hint: bool = True,
                show_source: bool = True) -> None:
    """``path:line:col: CODE message``, the source line with carets, then a summary."""
    paint = _Paint(use_colour(stream))
    for finding in sorted(report.findings, key=_order):
        code = paint(finding.code, "bold", "red" if finding.confidence == "high" else "yellow")
        stream.write(f"{paint(location(finding), 'bold')}: {code} {finding.message}")
        stream.write(f" [{finding.confidence}]\n")
        line = sources.get((finding.path, finding.cell, finding.line))
        if show_source and line is not None:
            _snippet(stream, paint, finding, line)
    for error in report.errors:
        cell = f":cell {error.cell}" if error.cell is not None else ""
        where = printable(error.path) + cell + (f":{error.line}" if error.line else "")
        stream.write(f"{paint(where, 'bold')}: {paint('error', 'bold', 'red')}: "
                     f"{error.message}\n")
    stream.write(summary(report, fixable_hint) + "\n")


def _snippet(stream: TextIO, paint: _Paint, finding: Finding, line: str) -> None:
    number = str(finding.line)
    gutter = " " * len(number)
    width = (finding.end_column - finding.column) if finding.end_line == finding.line else \
        max(1, len(line) - finding.column + 1)
    stream.write(f"{gutter} {paint('|', 'blue')}\n")
    stream.write(f"{paint(number, 'blue')} {paint('|', 'blue')} {line}\n")
    carets = " " * (finding.column - 1) + "^" * max(1, width)
    stream.write(f"{gutter} {paint('|', 'blue')} {paint(carets, 'red')}\n")
    if finding.fix is not None:
        stream.write(f"{gutter} = {paint('fix', 'cyan')} ({finding.fix.applicability}): "
                     f"{finding.fix.description}\n")
    stream.write("\n")


def summary(report: Report, fixable_hint: bool = True) -> str:
    n = len(report.findings)
    files = report.files
    if not n and not report.errors:
        return f"All checks passed ({files} file{'s' * (files != 1)} checked)."
    parts = [f"Found {n} finding{'s' * (n != 1)} in {files} file{'s' * (files != 1)}"]
    if report.errors:
        parts.append(f"{len(report.errors)} error{'s' * (len(report.errors) != 1)}")
    text = ", ".join(parts) + "."
    safe = sum(1 for f in report.findings if f.fix and f.fix.applicability == "safe")
    unsafe = sum(1 for f in report.findings if f.fix and f.fix.applicability == "unsafe")
    if fixable_hint and safe:
        text += f"\n[*] {safe} fixable with `--fix`."
    if fixable_hint and unsafe:
        text += f"\n{unsafe} more fixable with `--fix --unsafe-fixes`."
    return text


def _order(finding: Finding) -> tuple:
    return (finding.path, finding.cell if finding.cell is not None else -1, finding.line,
            finding.column, finding.code)


def finding_json(finding: Finding) -> dict:
    data = {
        "code": finding.code, "name": finding.name, "path": printable(finding.path),
        "line": finding.line, "column": finding.column,
        "end_line": finding.end_line, "end_column": finding.end_column,
        "message": finding.message, "confidence": finding.confidence,
        "severity": finding.severity, "fix": None,
    }
    if finding.cell is not None:
        data["cell"] = finding.cell
    if finding.fix is not None:
        data["fix"] = {
            "applicability": finding.fix.applicability,
            "description": finding.fix.description,
            "edits": [_edit_json(e) for e in finding.fix.edits],
        }
    return data


def _edit_json(edit) -> dict:
    data = {"line": edit.line, "column": edit.column, "end_line": edit.end_line,
            "end_column": edit.end_column, "content": edit.content}
    if edit.cell is not None:
        data["cell"] = edit.cell
    return data


def error_json(error: FileError) -> dict:
    data: dict = {"path": printable(error.path), "message": error.message}
    if error.line is not None:
        data["line"] = error.line
    if error.cell is not None:
        data["cell"] = error.cell
    return data


def render_json(report: Report, stream: TextIO) -> None:
    document = {
        "version": __version__,
        "findings": [finding_json(f) for f in sorted(report.findings, key=_order)],
        "errors": [error_json(e) for e in report.errors],
        "summary": {"files": report.files, "findings": len(report.findings),
                    "errors": len(report.errors)},
    }
    stream.write(_one_finding_a_line(document))


def _one_finding_a_line(document: dict) -> str:
    """The document with each finding and error on a line of its own: as easy to read and
    to grep as an indented document, and written by the C encoder (indenting is pure
    Python, a fifth of a warm run with many findings)."""
    parts = ["{\n"]
    for number, (key, value) in enumerate(document.items()):
        parts.append(f"  {json.dumps(key)}: ")
        if isinstance(value, list) and value:
            items = ",\n    ".join(json.dumps(item, ensure_ascii=False) for item in value)
            parts.append(f"[\n    {items}\n  ]")
        else:
            parts.append(json.dumps(value, ensure_ascii=False))
        parts.append(",\n" if number < len(document) - 1 else "\n")
    parts.append("}\n")
    return "".join(parts)


def render_sarif(report: Report, stream: TextIO) -> None:
    """SARIF 2.1.0, for GitHub code scanning and other SARIF viewers."""
    from .rules import ALL_RULES

    rules = [{
        "id": rule.code, "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": rule.documentation()},
        "helpUri": f"https://pypi.org/project/nanlint/#{rule.code.lower()}",
        "defaultConfiguration": {"enabled": rule.default},
    } for rule in ALL_RULES]
    index = {rule.code: i for i, rule in enumerate(ALL_RULES)}
    results = []
    for finding in sorted(report.findings, key=_order):
        region = {"startLine": finding.line, "startColumn": finding.column,
                  "endLine": finding.end_line, "endColumn": finding.end_column}
        result = {
            "ruleId": finding.code, "ruleIndex": index[finding.code],
            "level": finding.severity, "message": {"text": finding.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(finding.path)},
                "region": region}}],
            "properties": {"confidence": finding.confidence},
        }
        if finding.cell is not None:
            result["properties"]["cell"] = finding.cell
        results.append(result)
    notifications = [{
        "level": "error", "message": {"text": error.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(error.path)}}}],
    } for error in report.errors]
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "nanlint", "version": __version__,
                                "informationUri": "https://pypi.org/project/nanlint/",
                                "rules": rules}},
            "results": results,
            "invocations": [{"executionSuccessful": True,
                             "toolExecutionNotifications": notifications}],
        }],
    }
    stream.write(json.dumps(document, indent=2, ensure_ascii=False))  # one write, not 40,000
    stream.write("\n")


def source_lines(report: Report, units: dict) -> dict:
    """(path, cell, line) -> source line, for the text reporter's snippets."""
    lines = {}
    for finding in report.findings:
        unit = units.get(finding.path)
        if unit is not None:
            lines[(finding.path, finding.cell, finding.line)] = unit.line_text(
                finding.unit_line).rstrip("\r\n")
    return lines

