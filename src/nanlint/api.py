"""The Python API: check text or files, get findings.

Each file's analysis is a pure function of its bytes and the configuration, so files can be
analysed in any order, in parallel, and their results cached.

    >>> import nanlint
    >>> [f.code for f in nanlint.check_source("import torch\\ntorch.log(torch.rand(3))\\n")]
    ['NAN001']
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from .config import Config
from .engine import Analysis, Site
from .files import read_regular
from .prefilter import may_have_sites
from .results import FileError, FileResult, Finding, Fix, Report
from .rule import Context, Rule, Verdict, char_column
from .source import (
    SourceError,
    Unit,
    decode,
    notebook_unit,
    parse,
    python_unit,
    split_lines,
)

_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+\d+(?:[\s,]+[A-Za-z]+\d+)*))?",
                   re.IGNORECASE)
_BREAK = re.compile(r"\s*\n\s*")
_BREAK_BEFORE_CLOSING = re.compile(r",?\s*\n\s*(?=[)\]}])")
_LOW_PRECISION = ("float16", "bfloat16", ".half()", "autocast", "mixed_precision", "fp16")


def check_source(text: str, path: str = "<string>", config: Optional[Config] = None,
                 notebook: Optional[bool] = None) -> list[Finding]:
    """The findings in one source text (a notebook's JSON when ``notebook`` or the path ends
    with ``.ipynb``). Raises :class:`SourceError` if nothing of it can be parsed."""
    result = analyse_text(path, text, config or Config(), notebook)
    if result.errors and not result.findings and result.unit is None:
        error = result.errors[0]
        raise SourceError(error.message, error.line, error.cell)
    return result.findings


def check_paths(paths: Sequence[Union[str, Path]], config: Optional[Config] = None) -> Report:
    """Discover the files under ``paths`` (as the CLI does) and check them all."""
    from .discovery import discover

    config = config or Config()
    files, errors = discover([Path(p) for p in paths], config)
    report = Report(files=len(files), errors=list(errors))
    for result in (analyse_file(path, config) for path in files):
        report.findings.extend(result.findings)
        report.errors.extend(result.errors)
    return report


def analyse_file(path: str, config: Config) -> FileResult:
    try:
        data = read_regular(path)
    except OSError as error:
        return FileResult(path, errors=[FileError(path, f"cannot read: {error.strerror}")])
    return analyse_bytes(path, data, config)


def analyse_bytes(path: str, data: bytes, config: Config) -> FileResult:
    if b"\0" in data and not path.endswith(".ipynb"):
        return FileResult(path, errors=[FileError(path, "not a text file: it has null bytes")])
    try:
        text = decode(data)[0] if not path.endswith(".ipynb") else data.decode("utf-8-sig")
    except (SourceError, UnicodeDecodeError) as error:
        return FileResult(path, errors=[FileError(path, str(error))])
    return analyse_text(path, text, config)


def analyse_text(path: str, text: str, config: Config,
                 notebook: Optional[bool] = None) -> FileResult:
    result = FileResult(path)
    try:
        unit = notebook_unit(path, text) if (notebook if notebook is not None
                                             else path.endswith(".ipynb")) else \
            python_unit(path, text)
    except SourceError as error:
        result.errors.append(FileError(path, error.message))
        return result
    trees, errors = parse(unit)
    if errors and not trees and not unit.notebook:
        legacy = _python2(unit, text, config)
        if legacy is not None:
            result.findings = legacy
            return result
    conversions: dict = {}
    if errors and unit.notebook:  # a Python 2 kernel's cells: converted one by one
        unit, conversions = _python2_cells(unit, {e.cell for e in errors})
        if conversions:
            trees, errors = parse(unit)
    result.errors.extend(FileError(path, e.message, e.line, e.cell) for e in errors)
    if not trees or (config.prefilter and not unit.notebook and not may_have_sites(text)):
        return result  # nothing here can be a finding: parsed (for errors), not analysed
    result.unit = unit
    try:
        result.findings, skipped = _findings(unit, trees, text, config)
        if conversions:
            result.findings = [_mapped(f, conversions[f.cell]) if f.cell in conversions else f
                               for f in result.findings]
        result.errors.extend(FileError(path, "statement nested too deeply to analyse: the "
                                             "rest of the file was analysed", line)
                             for line in skipped)
    except RecursionError:
        result.errors.append(FileError(path, "too deeply nested to analyse"))
    except Exception as error:  # one file's bug must not stop the run: report it
        result.errors.append(FileError(path, f"internal error: {error!r}; please report "
                                             f"this with the file", internal=True))
    return result


def _python2(unit: Unit, text: str, config: Config) -> Optional[list[Finding]]:
    """A Python 2 file, analysed in its Python 3 spelling; None if it is not one."""
    from .legacy import convert

    conversion = convert(text)
    if conversion is None:
        return None
    converted = python_unit(unit.path, conversion.text)
    trees, errors = parse(converted)
    if errors or not trees:
        return None
    return [_mapped(f, conversion) for f in _findings(converted, trees, conversion.text,
                                                       config)[0]]


def _python2_cells(unit: Unit, failing: set) -> tuple[Unit, dict]:
    """The notebook with its Python 2 cells in Python 3 spelling, and those conversions by
    cell (a conversion can add lines: the cells after it move down)."""
    from .legacy import convert

    cells, conversions, offset = [], {}, 0
    for cell in unit.cells:
        conversion = convert(cell.text) if cell.index in failing else None
        text = cell.text
        if conversion is not None:
            conversions[cell.index] = conversion
            text = "\n".join(conversion.converted[:len(conversion.converted) - (
                0 if cell.text.endswith(("\n", "\r")) else 1)])
        cells.append(replace(cell, text=text, offset=offset))
        offset += len(split_lines(text))
    return replace(unit, cells=tuple(cells)), conversions


def _mapped(finding: Finding, conversion) -> Finding:
    """A finding of a converted text at the original position. The converted text is never
    written: no fix for Python 2 code."""
    line, column = conversion.position(finding.line, finding.column)
    end_line, end_column = conversion.position(finding.end_line, finding.end_column)
    unit_line = finding.unit_line + line - finding.line
    return replace(finding, line=line, column=column, end_line=end_line,
                   end_column=end_column, unit_line=unit_line, fix=None)


def _findings(unit: Unit, trees: list, text: str, config: Config
              ) -> tuple[list[Finding], list[int]]:
    """The findings, and the lines of statements too deeply nested to analyse."""
    analysis = Analysis(trees, unit.lines if config.prefilter else ())
    sites = analysis.run()
    ctx = Context(unit, analysis.bindings(), epsilon=config.fix_epsilon,
                  low_precision=any(marker in text for marker in _LOW_PRECISION),
                  import_after=_import_line(trees[0]))
    rules = _rules(config.enabled_codes())
    findings = []
    for site in sites:
        finding = judge(site, rules, ctx, config)
        if finding is not None and not _suppressed(finding, unit):
            findings.append(finding)
    return findings, sorted(analysis.too_deep)


def judge(site: Site, rules: Iterable[Rule], ctx: Context, config: Config
          ) -> Optional[Finding]:
    """The finding of the most specific enabled rule that reports this site, if any."""
    for rule in rules:
        verdict = rule.check(site, ctx)
        if verdict is not None:
            if config.min_confidence == "high" and verdict.confidence != "high":
                return None
            return _finding(rule, verdict, site, ctx)
    return None


def _finding(rule: Rule, verdict: Verdict, site: Site, ctx: Context) -> Finding:
    node = site.node
    unit = ctx.unit
    cell, line = unit.locate(node.lineno)
    _, end_line = unit.locate(node.end_lineno)
    return Finding(
        code=rule.code, name=rule.name, path=unit.path, line=line,
        column=char_column(unit.line_text(node.lineno), node.col_offset) + 1,
        end_line=end_line,
        end_column=char_column(unit.line_text(node.end_lineno), node.end_col_offset) + 1,
        message=_one_line(verdict.message), confidence=verdict.confidence,
        fix=_localised(verdict.fix, unit) if unit.notebook and verdict.fix else verdict.fix,
        cell=cell, unit_line=node.lineno,
    )


def _one_line(message: str) -> str:
    """The message on one line, as ``path:line:col: message`` output needs: a quoted call
    written over several lines is joined (``torch.sum(w, dim=-1)``, without the line breaks,
    indentation and trailing comma). Fixes keep the file's own layout."""
    message = _BREAK_BEFORE_CLOSING.sub("", message)
    return _BREAK.sub(lambda m: "" if message[m.start() - 1:m.start()] in ("(", "[", "{")
                      else " ", message)


def _localised(fix: Fix, unit: Unit) -> Fix:
    """Notebook edits in (cell, line within the cell), like the findings."""
    edits = []
    for edit in fix.edits:
        cell, line = unit.locate(edit.line)
        end_line = edit.end_line - (edit.line - line)
        edits.append(replace(edit, line=line, end_line=end_line, cell=cell))
    return replace(fix, edits=tuple(edits))


def _suppressed(finding: Finding, unit: Unit) -> bool:
    """``# noqa`` or ``# noqa: NAN001, NAN003`` in a comment on the finding's first line."""
    match = _NOQA.search(comment_of(unit.line_text(finding.unit_line)))
    if match is None:
        return False
    codes = match.group("codes")
    return codes is None or finding.code in re.split(r"[\s,]+", codes.upper())


def comment_of(line: str) -> str:
    """The comment at the end of a line, not a ``#`` inside a string literal."""
    quote = None
    index = 0
    while index < len(line):
        char = line[index]
        if quote is None:
            if char == "#":
                return line[index:]
            if char in "'\"":
                quote = line[index:index + 3] if line[index:index + 3] == char * 3 else char
                index += len(quote)
                continue
        elif char == "\\":
            index += 1
        elif line.startswith(quote, index):
            index += len(quote)
            quote = None
            continue
        index += 1
    return ""


def _import_line(tree: ast.Module) -> int:
    """The line after which a missing import goes: after the file's top import block."""
    line = 0
    for index, stmt in enumerate(tree.body):
        docstring = index == 0 and isinstance(stmt, ast.Expr) and \
            isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)
        if isinstance(stmt, (ast.Import, ast.ImportFrom)) or docstring:
            line = stmt.end_lineno
        else:
            break
    return line


def _rules(codes: Sequence[str]) -> list[Rule]:
    from .rules import BY_CODE

    return [BY_CODE[code]() for code in codes]
