"""Reading what is analysed: Python files as Python reads them, and notebooks cell by cell.

A :class:`Unit` is the text of one file split into *cells*: one for a ``.py`` file, one per
code cell for a notebook. Each cell is parsed on its own (one broken cell does not hide the
others) and its line numbers are shifted so that every line of the unit has one number.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
import warnings
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import Optional

_NEWLINE = re.compile(r"\r\n|\r|\n")
# IPython syntax that is not Python: magics, shell escapes, help. Blanked, lines kept.
_IPYTHON_LINE = re.compile(r"^\s*([%!]|\w+\s*=\s*[%!]|[\w.]+\?\??\s*$)")
_STRINGS_AND_COMMENT = re.compile(r"'[^'\\]*(?:\\.[^'\\]*)*'|\"[^\"\\]*(?:\\.[^\"\\]*)*\"|#.*")
# Cell magics whose body is still Python.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "python",
                                 "python3", "memit"})


class SourceError(Exception):
    """A file or cell that cannot be analysed, with the line where known."""

    def __init__(self, message: str, line: Optional[int] = None, cell: Optional[int] = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.cell = cell


@dataclass(frozen=True)
class Cell:
    index: Optional[int]  # 0-based among a notebook's code cells; None for a .py file
    text: str  # the cell's source as analysed (IPython lines blanked)
    offset: int  # lines before this cell in the unit's numbering


@dataclass(frozen=True)
class Unit:
    path: str
    cells: tuple[Cell, ...]
    notebook: bool = False

    def locate(self, line: int) -> tuple[Optional[int], int]:
        """Unit line -> (cell index, line within the cell)."""
        for cell in reversed(self.cells):
            if line > cell.offset:
                return cell.index, line - cell.offset
        return None, line

    @cached_property
    def lines(self) -> tuple[str, ...]:
        """Every line of the unit, cells in order: ``lines[n - 1]`` is unit line n."""
        return tuple(chain.from_iterable(split_lines(cell.text) for cell in self.cells))

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def where(self, line: int) -> str:
        """A line as a message names it: ``line 3``, or ``cell 2, line 3`` in a notebook."""
        cell, local = self.locate(line)
        return f"line {local}" if cell is None else f"cell {cell}, line {local}"


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text as Python does it (a BOM, then a PEP 263 coding cookie, else UTF-8):
    the text and the encoding, which writes it back byte for byte."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise SourceError(f"bad encoding declaration: {error}") from None
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as error:
        raise SourceError(f"cannot decode as {encoding}: {error}") from None


def newline_of(text: str) -> str:
    """The file's own line ending, for text a fix inserts."""
    match = _NEWLINE.search(text)
    return match.group() if match else "\n"


def split_lines(text: str) -> list[str]:
    """Lines as ``ast`` counts them, without their endings."""
    # Most files end lines with "\n" alone: str.split is many times faster than the regex.
    return text.split("\n") if "\r" not in text else _NEWLINE.split(text)


def python_unit(path: str, text: str) -> Unit:
    if text.startswith("\ufeff"):
        text = text[1:]
    return Unit(path, (Cell(None, text, 0),))


def notebook_unit(path: str, text: str) -> Unit:
    try:
        notebook = json.loads(text)
    except ValueError as error:
        raise SourceError(f"not a notebook: invalid JSON ({error})") from None
    except RecursionError:
        raise SourceError("not a notebook: JSON nested too deeply") from None
    if not isinstance(notebook, dict):
        raise SourceError("not a notebook: the JSON is not an object")
    cells = []
    offset = 0
    for cell in code_cells(notebook):
        text = blank_ipython(cell_text(cell))
        cells.append(Cell(len(cells), text, offset))
        offset += len(_NEWLINE.split(text))
    return Unit(path, tuple(cells), notebook=True)


def code_cells(notebook: dict) -> list[dict]:
    """The code cells, of nbformat 4 (``cells``) or 3 (``worksheets``), skipping anything
    that is not shaped like a cell."""
    if "cells" in notebook:
        raw = notebook["cells"]
    else:
        worksheets = notebook.get("worksheets")
        raw = [cell for sheet in (worksheets if isinstance(worksheets, list) else [])
               if isinstance(sheet, dict) and isinstance(sheet.get("cells"), list)
               for cell in sheet["cells"]]
    if not isinstance(raw, list):
        raise SourceError("not a notebook: `cells` is not a list")
    return [c for c in raw if isinstance(c, dict) and c.get("cell_type") == "code"]


def cell_text(cell: dict) -> str:
    """A code cell's source (nbformat 4 ``source``, 3 ``input``); anything but text in it
    (a number, a null) is not code and is left out."""
    source = cell.get("source", cell.get("input", ""))
    if isinstance(source, str):
        return source
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return ""


def is_plain_text(cell: dict) -> bool:
    """Whether the cell's source is text only, so that rewriting it loses nothing."""
    source = cell.get("source", cell.get("input", ""))
    return isinstance(source, str) or (
        isinstance(source, list) and all(isinstance(part, str) for part in source))


def blank_ipython(text: str) -> str:
    """Blank IPython-only lines so that a cell parses and its line numbers stay the same.

    Only a line that starts a statement can be a magic: ``% 3`` continuing an expression
    inside brackets or after a backslash is Python's modulo.
    """
    lines = _NEWLINE.split(text)
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split()[0] if first[2:].split() else ""
        if magic not in _PYTHON_CELL_MAGICS:
            return "\n".join("" for _ in lines)
        lines[0] = ""
    depth, continued = 0, False
    for i, line in enumerate(lines):
        if depth == 0 and not continued and _IPYTHON_LINE.match(line):
            lines[i] = ""
            continue
        code = _STRINGS_AND_COMMENT.sub("", line)
        depth = max(0, depth + sum(code.count(c) for c in "([{") -
                    sum(code.count(c) for c in ")]}"))
        continued = code.rstrip().endswith("\\")
    return "\n".join(lines)


def parse(unit: Unit) -> tuple[list[ast.Module], list[SourceError]]:
    """Parse each cell; line numbers shifted into the unit's numbering."""
    trees, errors = [], []
    for cell in unit.cells:
        try:
            with warnings.catch_warnings():  # "invalid escape sequence" is not ours to say
                warnings.simplefilter("ignore")
                tree = ast.parse(cell.text, filename=unit.path)
        except SyntaxError as error:
            reason = error.msg or "invalid syntax"
            errors.append(SourceError(f"syntax error: {reason}", error.lineno, cell.index))
            continue
        except (RecursionError, MemoryError):
            errors.append(SourceError("cannot parse: nested too deeply for the parser", None,
                                      cell.index))
            continue
        except ValueError as error:
            errors.append(SourceError(f"cannot parse: {error}", None, cell.index))
            continue
        if cell.offset:
            ast.increment_lineno(tree, cell.offset)
        trees.append(tree)
    return trees, errors


def load_unit(path: str) -> Optional[Unit]:
    """A file's text split into cells, not parsed: for showing source lines."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        if path.endswith(".ipynb"):
            return notebook_unit(path, data.decode("utf-8-sig"))
        return python_unit(path, decode(data)[0])
    except (OSError, UnicodeDecodeError, SourceError):
        return None
