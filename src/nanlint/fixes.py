"""Applying fixes: text edits over the original source, in passes, written atomically.

Nothing is written unless it changed and still parses; a write goes to a temporary file in
the same folder that then replaces the original, with its permissions, encoding, BOM and
line endings kept. Notebooks are fixed inside their code cells and written back as JSON with
every other field as it was.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from .api import analyse_text
from .config import Config
from .files import read_regular
from .results import SAFE, Edit, FileError, Finding
from .source import (
    SourceError,
    blank_ipython,
    cell_text,
    code_cells,
    decode,
    is_plain_text,
    newline_of,
    notebook_unit,
)

MAX_PASSES = 8
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass
class FixResult:
    path: str
    original: bytes
    fixed: bytes  # == original when nothing changed
    encoding: str = "utf-8"
    applied: int = 0
    remaining: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def apply_edits(text: str, edits: Sequence[Edit]) -> tuple[str, int]:
    """Apply the edits that do not overlap an earlier one; return the text and how many."""
    lines = _LINE.findall(text)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        if line > len(lines):
            return len(text)
        return starts[line - 1] + column - 1

    newline = newline_of(text)
    spans = sorted(((offset(e.line, e.column), offset(e.end_line, e.end_column), e.content)
                    for e in edits), key=lambda s: (s[0], s[1]))
    pieces, cursor, applied, seen_inserts = [], 0, 0, set()
    for start, end, content in spans:
        if start < cursor or (start == end and (start, content) in seen_inserts):
            continue
        if start == end:
            seen_inserts.add((start, content))
        content = content.replace("\n", newline)
        pieces += [text[cursor:start], content]
        cursor = end
        applied += 1
    pieces.append(text[cursor:])
    return "".join(pieces), applied


def fix_text(path: str, text: str, config: Config, unsafe: bool = False,
             notebook: bool = False) -> tuple[str, int, list[Finding], list[FileError]]:
    """Fix until nothing changes: (new text, fixes applied, findings left, errors)."""
    applied = 0
    for _ in range(MAX_PASSES):
        result = analyse_text(path, text, config, notebook)
        fixable = [f for f in result.findings if f.fix is not None and
                   (unsafe or f.fix.applicability == SAFE)]
        if not fixable or result.unit is None:
            return text, applied, result.findings, result.errors
        edits, count = _select(fixable)
        new_text = _apply_in_cells(text, edits) if notebook else apply_edits(text, edits)[0]
        if new_text == text:
            return text, applied, result.findings, result.errors
        text, applied = new_text, applied + count
    result = analyse_text(path, text, config, notebook)
    return text, applied, result.findings, result.errors


def _select(findings: Sequence[Finding]) -> tuple[list[Edit], int]:
    """A fix is all of its edits or none: take fixes in order while they overlap nothing
    taken; the rest wait for the next pass."""
    taken: list[Edit] = []
    count = 0
    for finding in findings:
        edits = finding.fix.edits
        if not any(_overlaps(edit, other) for edit in edits for other in taken):
            taken.extend(edits)
            count += 1
    return taken, count


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.cell != b.cell:
        return False
    if a == b and (a.line, a.column) == (a.end_line, a.end_column):
        return False  # the same import inserted twice: applied once
    start_a, end_a = (a.line, a.column), (a.end_line, a.end_column)
    start_b, end_b = (b.line, b.column), (b.end_line, b.end_column)
    return (start_a < end_b and start_b < end_a) or start_a == start_b


def _apply_in_cells(text: str, edits: Sequence[Edit]) -> str:
    """Apply edits to a notebook's code cells, in their original source (magics kept)."""
    notebook = json.loads(text)
    cells = code_cells(notebook)
    rewritten = False
    for index in sorted({edit.cell for edit in edits}):
        cell = cells[index]
        if not is_plain_text(cell):
            continue  # a cell holding anything but text is never rewritten
        rewritten = True
        new_source, _ = apply_edits(cell_text(cell), [e for e in edits if e.cell == index])
        key = "source" if "source" in cell or "input" not in cell else "input"
        cell[key] = new_source.splitlines(keepends=True) if isinstance(cell.get(key), list) \
            else new_source
    return _dump(notebook, text) if rewritten else text


def _dump(notebook: dict, original: str) -> str:
    indent_match = re.search(r"\n( +)\"", original)
    indent = len(indent_match.group(1)) if indent_match else 1
    trailing = "\n" if original.endswith("\n") else ""
    return json.dumps(notebook, indent=indent, ensure_ascii=False) + trailing


def parses(text: str, notebook: bool) -> Optional[str]:
    """None if the text parses (every cell of a notebook), else the reason."""
    try:
        if notebook:
            for cell in notebook_unit("<fixed>", text).cells:
                ast.parse(blank_ipython(cell.text))
        else:
            ast.parse(text)
    except (SyntaxError, ValueError, SourceError) as error:
        return str(error)
    return None


def fix_file(path: str, config: Config, unsafe: bool = False) -> FixResult:
    """The fixed bytes of one file (not written: see :func:`write_atomic`)."""
    try:
        data = read_regular(path)
    except OSError as error:
        return FixResult(path, b"", b"", errors=[FileError(path, f"cannot read: "
                                                                 f"{error.strerror}")])
    notebook = path.endswith(".ipynb")
    try:
        text, encoding = (data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(
            b"\xef\xbb\xbf") else "utf-8") if notebook else decode(data)
    except (SourceError, UnicodeDecodeError) as error:
        return FixResult(path, data, data, errors=[FileError(path, str(error))])
    new_text, applied, remaining, errors = fix_text(path, text, config, unsafe, notebook)
    result = FixResult(path, data, data, encoding, applied, remaining, errors)
    if new_text == text:
        return result
    reason = parses(new_text, notebook)
    if reason is not None:
        result.errors.append(FileError(path, f"fix not applied: the result would not parse "
                                             f"({reason})"))
        result.applied = 0
        return result
    result.fixed = new_text.encode(encoding)
    return result


def unified_diff(result: FixResult) -> str:
    import difflib

    before = result.original.decode(result.encoding, errors="replace")
    after = result.fixed.decode(result.encoding, errors="replace")
    lines = difflib.unified_diff(before.splitlines(keepends=True),
                                 after.splitlines(keepends=True),
                                 fromfile=result.path, tofile=result.path)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)

