"""Reading sources as Python does (coding cookies, BOM, line endings), files that cannot be
parsed, notebooks cell by cell, character columns, and the Python API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nanlint
from nanlint.cli import main
from nanlint.source import SourceError

FLAGGED = "import torch\ndef f(p):\n    return torch.log(p)\n"  # NAN001 at 3:12
MASKED = "import torch\ndef f(p):\n    return torch.log(p.clamp(min=1e-8))\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys, *argv: str) -> tuple[int, dict]:
    code = main(["check", "--format", "json", *argv])
    out, err = capsys.readouterr()
    assert code in (0, 1), f"exit {code}: {err}"
    return code, json.loads(out)


def positions(document: dict) -> list[tuple]:
    return sorted((f["path"], f.get("cell"), f["code"], f["line"], f["column"],
                   f["end_line"], f["end_column"]) for f in document["findings"])


def code_cell(source, **extra) -> dict:
    lines = source.splitlines(keepends=True) if isinstance(source, str) else source
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": lines, **extra}


def markdown_cell(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}


def notebook(*cells: dict) -> str:
    return json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4,
                       "nbformat_minor": 5}, indent=1)


# --------------------------------------------------------------------- encodings


def test_pep263_latin1_cookie_gives_character_columns(project, capsys):
    (project / "latin.py").write_bytes(
        b"# -*- coding: latin-1 -*-\n"
        b"import torch\n"
        b"def f(p):\n"
        b"    s = \"\xe9\xe8\"; return torch.log(p)  # caf\xe9\n")
    code, document = check(capsys, "latin.py")
    assert code == 1
    assert document["errors"] == []
    # `    s = "éè"; return ` is 21 characters: the call starts at column 22
    assert positions(document) == [("latin.py", None, "NAN001", 4, 22, 4, 34)]


def test_latin1_text_snippet_is_decoded(project, capsys):
    (project / "latin.py").write_bytes(
        b"# coding: latin-1\nimport torch\ndef f(p):\n    s = \"\xe9\"; return torch.log(p)\n")
    assert main(["check", "latin.py"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("latin.py:4:21: NAN001 ")
    assert '4 |     s = "é"; return torch.log(p)' in out
    assert "  | " + " " * 20 + "^" * len("torch.log(p)") in out


def test_utf8_bom(project, capsys):
    (project / "bom.py").write_bytes(b"\xef\xbb\xbf" + FLAGGED.encode())
    (project / "bom1.py").write_bytes(
        b"\xef\xbb\xbfimport torch; f = lambda p: torch.log(p)\n")
    code, document = check(capsys, "bom.py", "bom1.py")
    assert code == 1
    assert document["errors"] == []
    # the BOM is not a character of the first line
    assert positions(document) == [("bom.py", None, "NAN001", 3, 12, 3, 24),
                                   ("bom1.py", None, "NAN001", 1, 29, 1, 41)]


def test_crlf_line_endings(project, capsys):
    (project / "crlf.py").write_bytes(
        b"import torch\r\n\r\ndef f(p):\r\n    x = 1\r\n    return torch.log(p)\r\n")
    code, document = check(capsys, "crlf.py")
    assert code == 1
    assert positions(document) == [("crlf.py", None, "NAN001", 5, 12, 5, 24)]
    assert main(["check", "crlf.py"]) == 1
    out = capsys.readouterr().out
    assert "\r" not in out
    assert "5 |     return torch.log(p)" in out.splitlines()


def test_old_mac_cr_line_endings(project, capsys):
    (project / "cr.py").write_bytes(b"import torch\rdef f(p):\r\r    return torch.log(p)\r")
    _, document = check(capsys, "cr.py")
    assert positions(document) == [("cr.py", None, "NAN001", 4, 12, 4, 24)]


@pytest.mark.parametrize(("column_text", "column"), [
    ('s = "ééé"; ', 23),  # 2-byte UTF-8 characters
    ('s = "😀"; ', 21),  # a 4-byte UTF-8 character, one code point
    ('s = "日本語"; ', 23),  # 3-byte UTF-8 characters
])
def test_columns_count_characters_not_bytes(project, capsys, column_text, column):
    text = f"import torch\ndef f(p):\n    {column_text}return torch.log(p)\n"
    (project / "u.py").write_text(text, encoding="utf-8")
    _, document = check(capsys, "u.py")
    assert 4 + len(column_text) + len("return ") + 1 == column  # characters before + 1
    assert positions(document) == [("u.py", None, "NAN001", 3, column, 3, column + 12)]
    # and the API agrees
    [finding] = nanlint.check_source(text)
    assert (finding.line, finding.column, finding.end_column) == (3, column, column + 12)


# --------------------------------------------------------------------- unparseable files


BAD_FILES = {
    "syntax.py": (b"import torch\ndef f(:\n    return torch.log(p)\n", "syntax", 2),
    # Python 2 is converted and analysed (test_legacy.py); this is neither 2 nor 3.
    "neither.py": (b"import torch\nprint \"hello\"\ndef f(:\n", "syntax", 2),
    "nul.py": (b"import torch\x00\ndef f(p):\n    return torch.log(p)\n", "null", None),
    "badutf8.py": (b"import torch\n# \xff\xfe\ndef f(p):\n    return torch.log(p)\n",
                   "decode", None),
    "badcookie.py": (b"# -*- coding: no-such-codec -*-\nimport torch\n", "encoding", None),
    "latin_no_cookie.py": (b"import torch\ns = '\xe9'\n", "decode", None),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unparseable_file_is_an_error_and_the_run_goes_on(project, capsys, name):
    data, reason, line = BAD_FILES[name]
    (project / name).write_bytes(data)
    (project / "good.py").write_text(FLAGGED)
    code, document = check(capsys, ".")
    assert code == 1
    assert positions(document) == [("good.py", None, "NAN001", 3, 12, 3, 24)]
    [error] = document["errors"]
    assert error["path"] == name
    assert reason in error["message"].lower()
    assert error.get("line") == line
    assert document["summary"] == {"files": 2, "findings": 1, "errors": 1}


def test_unparseable_files_alone_exit_1(project, capsys):
    for name, (data, _, _) in BAD_FILES.items():
        (project / name).write_bytes(data)
    code, document = check(capsys, ".")
    assert code == 1
    assert document["findings"] == []
    assert sorted(e["path"] for e in document["errors"]) == sorted(BAD_FILES)


def test_empty_and_comment_only_files_are_clean(project, capsys):
    (project / "empty.py").write_bytes(b"")
    (project / "comment.py").write_bytes(b"# nothing here\n")
    code, document = check(capsys, ".")
    assert code == 0
    assert document["summary"] == {"files": 2, "findings": 0, "errors": 0}


# --------------------------------------------------------------------- notebooks


def test_notebook_cells_are_units_and_markdown_does_not_count(project, capsys):
    (project / "n.ipynb").write_text(notebook(
        markdown_cell("# Title\n"),
        code_cell("import torch\n"),
        markdown_cell("Some *text*\nover two lines\n"),
        {"cell_type": "raw", "metadata": {}, "source": ["torch.log(p)\n"]},
        code_cell("x = 1\n"),
        code_cell("y = 2\n\ndef f(p):\n    return torch.log(p)\n"),
    ))
    code, document = check(capsys, "n.ipynb")
    assert code == 1
    assert positions(document) == [("n.ipynb", 2, "NAN001", 4, 12, 4, 24)]


def test_notebook_text_output_shows_cell_and_its_line(project, capsys):
    (project / "n.ipynb").write_text(notebook(code_cell("import torch\n"),
                                              code_cell(FLAGGED)))
    assert main(["check", "n.ipynb"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("n.ipynb:cell 1:3:12: NAN001 ")
    assert "3 |     return torch.log(p)" in lines


def test_notebook_one_finding_per_cell(project, capsys):
    (project / "n.ipynb").write_text(notebook(
        code_cell("import torch\ndef f(p):\n    return torch.log(p)\n"),
        code_cell("def g(p):\n    return torch.log(p)\n"),
        code_cell("def h(q):\n    return torch.log(q.clamp(min=1e-8))\n"),
        code_cell("\n\n\ndef k(p):\n  return torch.log(p)\n"),
    ))
    _, document = check(capsys, "n.ipynb")
    assert positions(document) == [
        ("n.ipynb", 0, "NAN001", 3, 12, 3, 24),
        ("n.ipynb", 1, "NAN001", 2, 12, 2, 24),
        ("n.ipynb", 3, "NAN001", 5, 10, 5, 22),
    ]


def test_ipython_magics_are_blanked_without_shifting_lines(project, capsys):
    (project / "n.ipynb").write_text(notebook(
        code_cell("%matplotlib inline\n!pip install torch\nimport torch as T\n"),
        code_cell("%%bash\necho $((1 + 2))\nif [ -f x ]; then torch.log(p); fi\n"),
        code_cell("files = !ls -la\n%time y = 1\n%load_ext autoreload\n"
                  "def f(p):\n    return T.log(p)\n"),
        code_cell("%%time\ndef g(p):\n    return T.log(p)\n"),
        code_cell("T.log?\ndef h(p):\n    !echo hi\n    return T.log(p)\n"),
    ))
    code, document = check(capsys, "n.ipynb")
    assert code == 1
    assert document["errors"] == []
    assert positions(document) == [
        ("n.ipynb", 2, "NAN001", 5, 12, 5, 20),
        ("n.ipynb", 3, "NAN001", 3, 12, 3, 20),
        ("n.ipynb", 4, "NAN001", 4, 12, 4, 20),
    ]


def test_percent_operator_on_a_continuation_line_is_not_a_magic(project, capsys):
    (project / "n.ipynb").write_text(notebook(code_cell(
        'import torch\nmsg = ("%d items"\n       % 3)\ndef f(p):\n    return torch.log(p)\n')))
    code, document = check(capsys, "n.ipynb")
    assert document["errors"] == []
    assert positions(document) == [("n.ipynb", 0, "NAN001", 5, 12, 5, 24)]
    assert code == 1


def test_cell_magics_with_python_bodies_are_analysed(project, capsys):
    (project / "n.ipynb").write_text(notebook(
        code_cell("import torch\n"),
        code_cell("%%capture out\ndef f(p):\n    return torch.log(p)\n"),
        code_cell("%%writefile helper.py\ndef g(p):\n    return torch.log(p)\n"),
    ))
    code, document = check(capsys, "n.ipynb")
    assert code == 1
    assert document["errors"] == []
    # %%capture runs its body as Python; %%writefile only writes a file
    assert positions(document) == [("n.ipynb", 1, "NAN001", 3, 12, 3, 24)]


def test_notebook_is_one_scope_in_execution_order(project, capsys):
    later = code_cell("def f(p):\n    return T.log(p)\n")
    (project / "together.ipynb").write_text(notebook(code_cell("import torch as T\n"), later))
    (project / "alone.ipynb").write_text(notebook(later))  # `T` is not known: not flagged
    _, document = check(capsys, ".")
    assert positions(document) == [("together.ipynb", 1, "NAN001", 2, 12, 2, 20)]


def test_mask_defined_in_an_earlier_cell_is_known(project, capsys):
    (project / "n.ipynb").write_text(notebook(
        code_cell("import torch\ndef safe_log(x):\n    return torch.log(x + 1e-8)\n"),
        code_cell("def f(p):\n    return safe_log(p)\n"),
    ))
    code, document = check(capsys, "n.ipynb")
    assert code == 0
    assert document["findings"] == [] and document["errors"] == []


def test_notebook_cell_source_as_a_single_string(project, capsys):
    (project / "n.ipynb").write_text(notebook(
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "import torch\ndef f(p):\n    return torch.log(p)"}))
    _, document = check(capsys, "n.ipynb")
    assert positions(document) == [("n.ipynb", 0, "NAN001", 3, 12, 3, 24)]


def test_notebook_syntax_error_in_one_cell_keeps_the_others(project, capsys):
    (project / "n.ipynb").write_text(notebook(
        code_cell("import torch\n"),
        code_cell("x = 1\ndef broken(:\n"),
        code_cell(FLAGGED),
    ))
    code, document = check(capsys, "n.ipynb")
    assert code == 1
    assert positions(document) == [("n.ipynb", 2, "NAN001", 3, 12, 3, 24)]
    [error] = document["errors"]
    assert (error["path"], error["cell"], error["line"]) == ("n.ipynb", 1, 2)
    assert "syntax" in error["message"]


def test_invalid_json_notebook_is_an_error(project, capsys):
    (project / "bad.ipynb").write_text('{"cells": [')
    (project / "list.ipynb").write_text("[1, 2]")
    (project / "good.py").write_text(FLAGGED)
    code, document = check(capsys, ".")
    assert code == 1
    assert positions(document) == [("good.py", None, "NAN001", 3, 12, 3, 24)]
    assert sorted(e["path"] for e in document["errors"]) == ["bad.ipynb", "list.ipynb"]
    assert all("notebook" in e["message"] for e in document["errors"])


def test_nbformat_3_worksheets_and_input(project, capsys):
    (project / "old.ipynb").write_text(json.dumps({
        "nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "old"},
        "worksheets": [{"cells": [
            {"cell_type": "heading", "level": 1, "source": ["Old"]},
            {"cell_type": "code", "language": "python", "outputs": [],
             "input": ["import torch\n"]},
            {"cell_type": "markdown", "source": ["text"]},
            {"cell_type": "code", "language": "python", "outputs": [],
             "input": ["x = 1\n", "def f(p):\n", "    return torch.log(p)\n"]},
        ]}],
    }))
    code, document = check(capsys, "old.ipynb")
    assert code == 1
    assert positions(document) == [("old.ipynb", 1, "NAN001", 3, 12, 3, 24)]


def test_notebook_with_bom_and_non_ascii(project, capsys):
    text = notebook(code_cell("import torch\n"),
                    code_cell('def f(p):\n    s = "été"; return torch.log(p)\n'))
    (project / "n.ipynb").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    _, document = check(capsys, "n.ipynb")
    assert positions(document) == [("n.ipynb", 1, "NAN001", 2, 23, 2, 35)]


def test_notebook_fix_edits_are_in_the_findings_coordinates(project, capsys):
    (project / "n.ipynb").write_text(notebook(code_cell("import torch\n\n\n"),
                                              code_cell(FLAGGED)))
    _, document = check(capsys, "n.ipynb")
    [finding] = document["findings"]
    assert (finding["cell"], finding["line"]) == (1, 3)
    assert finding["fix"] is not None
    assert {e["line"] for e in finding["fix"]["edits"]} == {3}


# --------------------------------------------------------------------- the Python API


def test_check_source():
    findings = nanlint.check_source(FLAGGED)
    assert [(f.code, f.line, f.column, f.end_line, f.end_column, f.cell, f.path)
            for f in findings] == [("NAN001", 3, 12, 3, 24, None, "<string>")]
    assert isinstance(findings[0], nanlint.Finding)
    assert nanlint.check_source(MASKED) == []
    assert nanlint.check_source(FLAGGED, path="model.py")[0].path == "model.py"


def test_check_source_with_a_config():
    text = "import torch\ndef f(z, x):\n    a = torch.log(torch.softmax(z, -1))\n" \
           "    return a, torch.log(x)\n"
    codes = [(f.code, f.line) for f in nanlint.check_source(text)]
    assert codes == [("NAN003", 3), ("NAN001", 4)]
    only = nanlint.check_source(text, config=nanlint.Config(select=("NAN003",)))
    assert [(f.code, f.line) for f in only] == [("NAN003", 3)]
    high = nanlint.check_source(text, config=nanlint.Config(min_confidence="high"))
    assert [(f.code, f.line, f.confidence) for f in high] == [("NAN003", 3, "high")]


def test_check_source_notebook():
    text = notebook(code_cell("import torch\n"), code_cell(FLAGGED))
    findings = nanlint.check_source(text, path="n.ipynb")
    assert [(f.code, f.cell, f.line, f.column) for f in findings] == [("NAN001", 1, 3, 12)]
    same = nanlint.check_source(text, notebook=True)
    assert [(f.cell, f.line) for f in same] == [(1, 3)]


def test_check_source_raises_on_unparseable_text():
    with pytest.raises(SourceError) as raised:
        nanlint.check_source("import torch\ndef f(:\n")
    assert raised.value.line == 2
    with pytest.raises(SourceError):
        nanlint.check_source("{not json", path="n.ipynb")


def test_check_paths(project):
    (project / "a.py").write_text(FLAGGED)
    (project / "pkg").mkdir()
    (project / "pkg" / "ok.py").write_text(MASKED)
    (project / "pkg" / "broken.py").write_text("def f(:\n")
    (project / "pkg" / "n.ipynb").write_text(notebook(code_cell("import torch\n"),
                                                      code_cell(FLAGGED)))
    report = nanlint.check_paths([project / "a.py", "pkg", Path("missing.py")])
    assert report.files == 4
    assert sorted((Path(f.path).name, f.code, f.cell, f.line, f.column)
                  for f in report.findings) == [("a.py", "NAN001", None, 3, 12),
                                                ("n.ipynb", "NAN001", 1, 3, 12)]
    assert sorted(Path(e.path).name for e in report.errors) == ["broken.py", "missing.py"]
