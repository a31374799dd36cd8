"""What a check produces: findings with their fixes, file errors, and a run's report.

Plain data, importing nothing of the analysis, so that a run answered from the cache never
loads the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from .source import Unit

SAFE = "safe"
UNSAFE = "unsafe"
HIGH = "high"
MEDIUM = "medium"


@dataclass(frozen=True)
class Edit:
    """Replace the text from (line, column) to (end_line, end_column), 1-based, end exclusive.

    In a notebook ``cell`` names the code cell and lines count within it, as for findings.
    (Rules make edits in the engine's numbering across cells; the API layer converts them.)
    """

    line: int
    column: int
    end_line: int
    end_column: int
    content: str
    cell: Optional[int] = None


@dataclass(frozen=True)
class Fix:
    applicability: str  # SAFE or UNSAFE
    description: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    path: str
    line: int  # 1-based; within the cell for a notebook
    column: int  # 1-based, in characters
    end_line: int
    end_column: int
    message: str
    confidence: str
    fix: Optional[Fix] = None
    cell: Optional[int] = None  # 0-based among a notebook's code cells
    unit_line: int = field(default=0, compare=False, repr=False)  # line in unit numbering

    @property
    def severity(self) -> str:
        return "error" if self.confidence == HIGH else "warning"


@dataclass(frozen=True)
class FileError:
    path: str
    message: str
    line: Optional[int] = None
    cell: Optional[int] = None
    internal: bool = False  # a bug in nanlint, not in the file: the CLI exits with 2
    transient: bool = False  # not a property of the file (a timeout): never cached


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    unit: Optional[Unit] = None


@dataclass
class Report:
    files: int = 0
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
