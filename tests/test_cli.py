"""Behaviour of the command line: exit codes, output formats, selection, suppression,
configuration, ``nanlint rule``, standard input and the installed console script."""

from __future__ import annotations

import inspect
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import nanlint
from nanlint.cli import main

FLAGGED = "import torch\ndef f(p):\n    return torch.log(p)\n"  # NAN001 at 3:12
MASKED = "import torch\ndef f(p):\n    return torch.log(p.clamp(min=1e-8))\n"
# One file, one site per rule of interest:
#   line 3 NAN003 (log of softmax, high), line 4 NAN001 (parameter, medium),
#   line 5 NAN103 (masked log of softmax, off by default), line 6 NAN010 (medium).
MIXED = """\
import torch
def f(z, x):
    a = torch.log(torch.softmax(z, -1))
    b = torch.log(x)
    c = torch.log(torch.softmax(z, -1).clamp(min=1e-8))
    d = torch.sqrt(x)
    return a, b, c, d
"""
ALL_CODES = ["NAN001", "NAN002", "NAN003", "NAN010", "NAN020", "NAN030", "NAN040", "NAN103"]
FINDING_KEYS = {"code", "name", "path", "line", "column", "end_line", "end_column",
                "message", "confidence", "severity", "fix"}
ANSI = re.compile(r"\x1b\[")
SARIF_SCHEMA = Path("/work/shared/schemas/sarif-schema-2.1.0.json")


def notebook(*sources: str, markdown_first: bool = False) -> str:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# notes\n"]}] \
        if markdown_first else []
    cells += [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
               "source": source.splitlines(keepends=True)} for source in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty folder that is the working directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    code, out, _ = run(capsys, "check", "--format", "json", *argv)
    return code, json.loads(out)


def sites(document: dict) -> set[tuple[str, int]]:
    return {(f["code"], f["line"]) for f in document["findings"]}


def usage_exit(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    return raised.value.code


# --------------------------------------------------------------------- exit codes


def test_clean_file_exits_0_with_all_checks_passed(project, capsys):
    write(project / "a.py", MASKED)
    code, out, err = run(capsys, "check", "a.py")
    assert code == 0
    assert out == "All checks passed (1 file checked).\n"
    assert err == ""


def test_findings_exit_1(project, capsys):
    write(project / "a.py", FLAGGED)
    code, document = run_json(capsys, "a.py")
    assert code == 1
    assert [(f["code"], f["line"], f["column"]) for f in document["findings"]] == \
        [("NAN001", 3, 12)]


def test_unparseable_file_alone_exits_1(project, capsys):
    write(project / "broken.py", "def f(:\n    pass\n")
    code, document = run_json(capsys, "broken.py")
    assert code == 1
    assert document["findings"] == []
    assert [e["path"] for e in document["errors"]] == ["broken.py"]


def test_exit_zero_with_findings(project, capsys):
    write(project / "a.py", FLAGGED)
    code, out, _ = run(capsys, "check", "--exit-zero", "a.py")
    assert code == 0
    assert out.startswith("a.py:3:12: NAN001 ")


def test_exit_zero_with_errors(project, capsys):
    write(project / "broken.py", "def f(:\n")
    code, document = run_json(capsys, "--exit-zero", "broken.py")
    assert code == 0
    assert len(document["errors"]) == 1


def test_unknown_option_exits_2(project, capsys):
    assert usage_exit(["check", "--no-such-option", "."]) == 2
    assert "--no-such-option" in capsys.readouterr().err


def test_bad_choice_exits_2(project, capsys):
    assert usage_exit(["check", "--min-confidence", "low", "."]) == 2
    assert usage_exit(["check", "--format", "xml", "."]) == 2


def test_no_command_exits_2(project, capsys):
    assert main([]) == 2
    assert "check" in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_unknown_rule_selector_exits_2(project, capsys, option):
    write(project / "a.py", FLAGGED)
    code, out, err = run(capsys, "check", option, "NAN999", "a.py")
    assert code == 2
    assert out == ""
    assert "NAN999" in err


# --------------------------------------------------------------------- json


def test_json_has_one_finding_and_one_error_a_line(project, capsys):
    write(project / "a.py", FLAGGED + "def g(q):\n    return torch.log(q)\n")
    write(project / "broken.py", "x = (\n")
    code, out, _ = run(capsys, "check", "--format", "json", "a.py", "broken.py")
    assert code == 1
    document = json.loads(out)
    lines = out.splitlines()
    assert [json.loads(line.rstrip(",")) for line in lines if '"code": ' in line] == \
        document["findings"]
    assert [json.loads(line.rstrip(",")) for line in lines if '"path": "broken.py"' in line] \
        == document["errors"]
    assert lines[0] == "{" and lines[-1] == "}"


def test_json_document_shape(project, capsys):
    write(project / "a.py", FLAGGED)
    write(project / "clean.py", MASKED)
    write(project / "broken.py", "x = (\n")
    (project / "nul.py").write_bytes(b"import torch\x00\n")
    code, document = run_json(capsys, "a.py", "clean.py", "broken.py", "nul.py")
    assert code == 1
    assert set(document) == {"version", "findings", "errors", "summary"}
    assert document["version"] == nanlint.__version__
    assert document["summary"] == {"files": 4, "findings": 1, "errors": 2}

    [finding] = document["findings"]
    assert set(finding) == FINDING_KEYS  # no `cell` outside notebooks
    assert finding["code"] == "NAN001"
    assert finding["name"] == "log-unmasked"
    assert finding["path"] == "a.py"
    assert (finding["line"], finding["column"]) == (3, 12)
    assert (finding["end_line"], finding["end_column"]) == (3, 24)
    assert isinstance(finding["message"], str) and "torch.log" in finding["message"]
    assert finding["confidence"] in ("high", "medium")
    assert finding["severity"] == ("error" if finding["confidence"] == "high" else "warning")
    fix = finding["fix"]
    assert fix is None or (fix["applicability"] in ("safe", "unsafe")
                           and isinstance(fix["edits"], list))

    errors = {e["path"]: e for e in document["errors"]}
    assert set(errors) == {"broken.py", "nul.py"}
    assert set(errors["broken.py"]) == {"path", "message", "line"}
    assert errors["broken.py"]["line"] == 1
    assert set(errors["nul.py"]) == {"path", "message"}  # `line` only when known
    assert all(e["message"] for e in document["errors"])


def test_json_notebook_findings_carry_cell(project, capsys):
    write(project / "n.ipynb", notebook("import torch\n", FLAGGED, markdown_first=True))
    code, document = run_json(capsys, "n.ipynb")
    assert code == 1
    [finding] = document["findings"]
    assert set(finding) == FINDING_KEYS | {"cell"}
    assert (finding["cell"], finding["line"], finding["column"]) == (1, 3, 12)


def test_json_clean_run(project, capsys):
    write(project / "a.py", MASKED)
    code, document = run_json(capsys, ".")
    assert code == 0
    assert document["findings"] == [] and document["errors"] == []
    assert document["summary"] == {"files": 1, "findings": 0, "errors": 0}


# --------------------------------------------------------------------- sarif


def test_sarif_validates_against_the_schema(project, capsys):
    if not SARIF_SCHEMA.is_file():
        pytest.skip("SARIF schema not available")
    jsonschema = pytest.importorskip("jsonschema")
    write(project / "a.py", FLAGGED)
    write(project / "m.py", MIXED)
    write(project / "broken.py", "def f(:\n")
    write(project / "n.ipynb", notebook("import torch\n", FLAGGED))
    code, out, _ = run(capsys, "check", "--format", "sarif", ".")
    assert code == 1
    document = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = [e.message for e in validator.iter_errors(document)]
    assert problems == []
    results = document["runs"][0]["results"]
    by_file = sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                      r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
                      r["locations"][0]["physicalLocation"]["region"]["startColumn"])
                     for r in results)
    assert ("a.py", "NAN001", 3, 12) in by_file
    assert ("n.ipynb", "NAN001", 3, 12) in by_file
    rule_ids = [r["id"] for r in document["runs"][0]["tool"]["driver"]["rules"]]
    assert sorted(rule_ids) == ALL_CODES
    for result in results:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]


# --------------------------------------------------------------------- text


def test_text_format_line_snippet_and_summary(project, capsys):
    write(project / "a.py", FLAGGED)
    code, out, _ = run(capsys, "check", "a.py")
    assert code == 1
    lines = out.splitlines()
    assert re.match(r"a\.py:3:12: NAN001 \S", lines[0])
    assert lines[1] == "  |"
    assert lines[2] == "3 |     return torch.log(p)"
    # carets start under the `t` of `torch` and span the call `torch.log(p)`
    assert lines[3] == "  | " + " " * 11 + "^" * len("torch.log(p)")
    assert "Found 1 finding in 1 file." in lines
    assert not ANSI.search(out)


def test_text_format_reports_errors_and_counts_them(project, capsys):
    write(project / "a.py", FLAGGED)
    write(project / "broken.py", "def f(:\n")
    code, out, _ = run(capsys, "check", ".")
    assert code == 1
    assert re.search(r"^broken\.py:1: error: \S", out, re.MULTILINE)
    assert "Found 1 finding in 2 files, 1 error." in out.splitlines()


def test_concise_format_has_no_snippet(project, capsys):
    write(project / "a.py", FLAGGED)
    code, out, _ = run(capsys, "check", "--format", "concise", "a.py")
    assert code == 1
    assert "^" not in out and " | " not in out
    assert out.splitlines()[0].startswith("a.py:3:12: NAN001 ")


def test_a_finding_is_one_line_when_the_call_spans_several(project, capsys):
    write(project / "a.py", "import torch\ndef f(w):\n    return w / torch.sum(\n"
                            "        w, dim=-1,\n    )\n")
    code, out, _ = run(capsys, "check", "--format", "concise", "a.py")
    assert code == 1
    finding, summary = out.splitlines()[:2]
    assert finding.startswith("a.py:3:12: NAN020 ")
    assert "`torch.sum(w, dim=-1)` is a sum" in finding
    assert "`torch.clamp(torch.sum(w, dim=-1), min=1e-10)`" in finding
    assert summary.startswith("Found 1 finding")


class _FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_on_a_terminal_and_never_with_no_color(project, monkeypatch):
    write(project / "a.py", FLAGGED)
    terminal = _FakeTerminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["check", "a.py"]) == 1
    assert ANSI.search(terminal.getvalue()), "a terminal gets colour"

    monkeypatch.setenv("NO_COLOR", "1")
    terminal = _FakeTerminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["check", "a.py"]) == 1
    assert "NAN001" in terminal.getvalue()
    assert not ANSI.search(terminal.getvalue())


# --------------------------------------------------------------------- rule selection


@pytest.mark.parametrize(("options", "expected"), [
    ([], {("NAN003", 3), ("NAN001", 4), ("NAN010", 6)}),
    (["--select", "NAN001"], {("NAN001", 3), ("NAN001", 4)}),
    (["--select", "log-unmasked"], {("NAN001", 3), ("NAN001", 4)}),
    (["--select", "NAN003,NAN010"], {("NAN003", 3), ("NAN010", 6)}),
    (["--ignore", "NAN001,NAN010"], {("NAN003", 3)}),
    (["--ignore", "NAN0"], set()),
    (["--extend-select", "NAN103"],
     {("NAN003", 3), ("NAN001", 4), ("NAN103", 5), ("NAN010", 6)}),
    (["--select", "ALL"], {("NAN003", 3), ("NAN001", 4), ("NAN103", 5), ("NAN010", 6)}),
    (["--select", "NAN0"], {("NAN003", 3), ("NAN001", 4), ("NAN010", 6)}),
    (["--select", "NAN103"], {("NAN103", 5)}),
    (["--select", "ALL", "--ignore", "NAN103,NAN010"], {("NAN003", 3), ("NAN001", 4)}),
])
def test_select_ignore_extend_select(project, capsys, options, expected):
    write(project / "m.py", MIXED)
    code, document = run_json(capsys, *options, "m.py")
    assert sites(document) == expected
    assert code == (1 if expected else 0)


def test_min_confidence_high(project, capsys):
    write(project / "m.py", MIXED)
    _, everything = run_json(capsys, "m.py")
    assert {f["confidence"] for f in everything["findings"]} == {"high", "medium"}
    code, document = run_json(capsys, "--min-confidence", "high", "m.py")
    assert code == 1
    assert sites(document) == {("NAN003", 3)}
    assert {f["confidence"] for f in document["findings"]} == {"high"}


# --------------------------------------------------------------------- noqa


NOQA = """\
import torch
def f(p):
    a = torch.log(p)  # noqa
    b = torch.log(p)  # noqa: NAN001
    c = torch.log(p)  # noqa: NAN003
    d = torch.log(p)  # NOQA:NAN003, NAN001
    e = torch.log(p)  # noqa: NAN010,NAN003
    g = torch.log(p)
    return a, b, c, d, e, g
"""


def test_noqa_suppression(project, capsys):
    write(project / "q.py", NOQA)
    code, document = run_json(capsys, "q.py")
    assert code == 1
    # bare noqa (3), noqa naming the code (4, 6) suppress; naming other codes does not
    assert sites(document) == {("NAN001", 5), ("NAN001", 7), ("NAN001", 8)}


def test_noqa_on_every_finding_makes_the_run_clean(project, capsys):
    write(project / "q.py", FLAGGED.replace("(p)\n", "(p)  # noqa: NAN001\n"))
    code, out, _ = run(capsys, "check", "q.py")
    assert code == 0
    assert out == "All checks passed (1 file checked).\n"


def test_noqa_in_a_notebook_cell(project, capsys):
    write(project / "n.ipynb", notebook(
        "import torch\n", FLAGGED.replace("(p)\n", "(p)  # noqa: NAN001\n"), FLAGGED))
    _, document = run_json(capsys, "n.ipynb")
    assert [(f["cell"], f["line"]) for f in document["findings"]] == [(2, 3)]


def test_noqa_inside_a_string_is_not_a_comment(project, capsys):
    write(project / "q.py",
          'import torch\ndef f(p):\n    print("# noqa"); return torch.log(p)\n')
    _, document = run_json(capsys, "q.py")
    assert sites(document) == {("NAN001", 3)}


# --------------------------------------------------------------------- nanlint rule


def test_rule_prints_its_docstring(capsys):
    from nanlint.rules import BY_CODE

    doc = inspect.getdoc(BY_CODE["NAN001"])
    assert doc and len(doc) > 200
    code, out, _ = run(capsys, "rule", "NAN001")
    assert code == 0
    assert out.startswith("# NAN001 log-unmasked\n")
    assert doc in out


def test_rule_by_name_and_lowercase_code(capsys):
    code, by_name, _ = run(capsys, "rule", "log-of-probability")
    assert code == 0
    code, by_code, _ = run(capsys, "rule", "nan003")
    assert code == 0
    assert by_name == by_code
    assert by_name.startswith("# NAN003 log-of-probability\n")


def test_rule_all_lists_the_eight_rules(capsys):
    code, out, _ = run(capsys, "rule", "--all")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert listed == ALL_CODES
    [nan103] = [line for line in out.splitlines() if line.startswith("NAN103")]
    assert "off by default" in nan103
    assert sum("off by default" in line for line in out.splitlines()) == 1


def test_rule_all_json(capsys):
    code, out, _ = run(capsys, "rule", "--all", "--format", "json")
    assert code == 0
    rules = json.loads(out)
    assert sorted(r["code"] for r in rules) == ALL_CODES
    assert {r["code"] for r in rules if not r["default"]} == {"NAN103"}


def test_unknown_rule_exits_2(capsys):
    code, out, err = run(capsys, "rule", "NAN999")
    assert code == 2
    assert out == ""
    assert "NAN999" in err


# --------------------------------------------------------------------- version


def test_version(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    assert capsys.readouterr().out == f"nanlint {nanlint.__version__}\n"
    assert nanlint.__version__ == version("nanlint")


# --------------------------------------------------------------------- stdin


def _stdin(text: str) -> io.TextIOWrapper:
    """Standard input as the CLI sees it: bytes underneath (`sys.stdin.buffer`)."""
    return io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")


def test_stdin_dash(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _stdin(FLAGGED))
    code, document = run_json(capsys, "-")
    assert code == 1
    assert [(f["path"], f["code"], f["line"], f["column"]) for f in document["findings"]] \
        == [("-", "NAN001", 3, 12)]
    assert document["summary"] == {"files": 1, "findings": 1, "errors": 0}


def test_stdin_filename_names_the_source(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _stdin(FLAGGED))
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", "pkg/model.py")
    assert code == 1
    assert out.startswith("pkg/model.py:3:12: NAN001 ")
    assert "3 |     return torch.log(p)" in out.splitlines()


def test_stdin_clean(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _stdin(MASKED))
    code, out, _ = run(capsys, "check", "-")
    assert code == 0
    assert out == "All checks passed (1 file checked).\n"


def test_stdin_notebook_by_stdin_filename(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _stdin(notebook("import torch\n", FLAGGED)))
    code, document = run_json(capsys, "-", "--stdin-filename", "n.ipynb")
    assert code == 1
    assert [(f["path"], f["cell"], f["line"], f["column"]) for f in document["findings"]] \
        == [("n.ipynb", 1, 3, 12)]


def test_stdin_syntax_error_is_an_error(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _stdin("def f(:\n"))
    code, document = run_json(capsys, "-", "--stdin-filename", "x.py")
    assert code == 1
    assert [(e["path"], e["line"]) for e in document["errors"]] == [("x.py", 1)]


def _run_module(args: list[str], data: bytes, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("PYTHONIOENCODING", "NO_COLOR")}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "nanlint", *args], input=data,
                          capture_output=True, timeout=60, env=environment)


def test_stdin_bytes_are_read_as_python_source_with_a_coding_cookie():
    data = (b"# -*- coding: latin-1 -*-\nimport torch\ndef f(p):\n"
            b"    s = \"\xe9\xe9\"; return torch.log(p)\n")
    done = _run_module(["check", "-", "--format", "json"], data)
    document = json.loads(done.stdout)
    assert document["errors"] == []
    assert [(f["line"], f["column"]) for f in document["findings"]] == [(4, 22)]
    assert done.returncode == 1


def test_stdin_utf8_source_under_a_c_locale():
    data = "import torch\ndef f(p):\n    s = \"é\"; return torch.log(p)\n".encode()
    done = _run_module(["check", "-", "--format", "json"], data,
                       LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0")
    document = json.loads(done.stdout)
    assert document["errors"] == []
    assert [(f["line"], f["column"]) for f in document["findings"]] == [(3, 21)]


# --------------------------------------------------------------------- configuration


def test_pyproject_select_exclude_honoured(project, capsys):
    write(project / "pyproject.toml",
          '[tool.nanlint]\nselect = ["NAN003", "NAN010"]\nexclude = ["generated/"]\n')
    write(project / "src" / "m.py", MIXED)
    write(project / "generated" / "g.py", MIXED)
    code, document = run_json(capsys)  # default path: .
    assert code == 1
    assert {(f["path"], f["code"], f["line"]) for f in document["findings"]} == \
        {("src/m.py", "NAN003", 3), ("src/m.py", "NAN010", 6)}
    assert document["summary"]["files"] == 1


def test_pyproject_ignore_and_min_confidence_honoured(project, capsys):
    write(project / "pyproject.toml",
          '[tool.nanlint]\nignore = ["NAN003"]\nmin-confidence = "high"\n')
    write(project / "m.py", MIXED)
    code, document = run_json(capsys, "m.py")
    assert code == 1
    # NAN003 ignored: the softmax log is an (high) NAN001; the medium ones are dropped
    assert sites(document) == {("NAN001", 3)}


def test_command_line_overrides_pyproject(project, capsys):
    write(project / "pyproject.toml", '[tool.nanlint]\nmin-confidence = "high"\n')
    write(project / "m.py", MIXED)
    _, document = run_json(capsys, "--min-confidence", "medium", "m.py")
    assert sites(document) == {("NAN003", 3), ("NAN001", 4), ("NAN010", 6)}


def test_pyproject_respect_gitignore_false(project, capsys):
    (project / ".git").mkdir()
    write(project / ".gitignore", "generated/\n")
    write(project / "generated" / "g.py", FLAGGED)
    _, document = run_json(capsys, ".")
    assert document["findings"] == []
    write(project / "pyproject.toml", "[tool.nanlint]\nrespect-gitignore = false\n")
    _, document = run_json(capsys, ".")
    assert {f["path"] for f in document["findings"]} == {"generated/g.py"}


def test_pyproject_extend_select(project, capsys):
    write(project / "pyproject.toml", '[tool.nanlint]\nextend-select = ["NAN103"]\n')
    write(project / "m.py", MIXED)
    _, document = run_json(capsys, "m.py")
    assert ("NAN103", 5) in sites(document)


def test_pyproject_found_from_a_subfolder(project, capsys, monkeypatch):
    write(project / "pyproject.toml", '[tool.nanlint]\nselect = ["NAN010"]\n')
    write(project / "pkg" / "m.py", MIXED)
    monkeypatch.chdir(project / "pkg")
    _, document = run_json(capsys)
    assert sites(document) == {("NAN010", 6)}
    monkeypatch.chdir(project)
    _, document = run_json(capsys, "pkg/m.py")
    assert sites(document) == {("NAN010", 6)}


def test_pyproject_without_nanlint_table_is_ignored(project, capsys):
    write(project / "pyproject.toml", '[project]\nname = "x"\n[tool.other]\nselekt = 1\n')
    write(project / "a.py", FLAGGED)
    code, document = run_json(capsys, "a.py")
    assert code == 1
    assert sites(document) == {("NAN001", 3)}


def test_explicit_config_file(project, capsys):
    write(project / "conf" / "pyproject.toml", '[tool.nanlint]\nselect = ["NAN010"]\n')
    write(project / "m.py", MIXED)
    _, document = run_json(capsys, "--config", "conf/pyproject.toml", "m.py")
    assert sites(document) == {("NAN010", 6)}


def test_missing_explicit_config_exits_2(project, capsys):
    write(project / "a.py", FLAGGED)
    code, out, err = run(capsys, "check", "--config", "nope.toml", "a.py")
    assert code == 2
    assert out == ""
    assert "nope.toml" in err


@pytest.mark.parametrize(("table", "expected_in_error"), [
    ('selekt = ["NAN001"]\n', "selekt"),
    ('select = "NAN001"\n', "select"),
    ('select = ["NAN999"]\n', "NAN999"),
    ('min-confidence = "low"\n', "min-confidence"),
    ('respect-gitignore = "yes"\n', "respect-gitignore"),
])
def test_bad_pyproject_exits_2_with_a_clear_error(project, capsys, table, expected_in_error):
    write(project / "pyproject.toml", "[tool.nanlint]\n" + table)
    write(project / "a.py", FLAGGED)
    code, out, err = run(capsys, "check", "a.py")
    assert code == 2
    assert out == ""
    assert err.startswith("nanlint: ")
    assert expected_in_error in err
    assert "Traceback" not in err


def test_unknown_pyproject_key_names_the_file(project, capsys):
    write(project / "pyproject.toml", '[tool.nanlint]\nselekt = ["NAN001"]\n')
    write(project / "a.py", FLAGGED)
    code, _, err = run(capsys, "check", "a.py")
    assert code == 2
    assert "pyproject.toml" in err and "unknown option `selekt`" in err


def test_invalid_toml_exits_2(project, capsys):
    write(project / "pyproject.toml", "[tool.nanlint\nselect = 1\n")
    write(project / "a.py", FLAGGED)
    code, _, err = run(capsys, "check", "a.py")
    assert code == 2
    assert "invalid TOML" in err and "Traceback" not in err


def test_pyproject_exclude_is_relative_to_the_config_file(project, capsys):
    write(project / "pyproject.toml", '[tool.nanlint]\nexclude = ["src/legacy/"]\n')
    write(project / "src" / "m.py", FLAGGED)
    write(project / "src" / "legacy" / "old.py", FLAGGED)
    _, whole = run_json(capsys, ".")
    assert {f["path"] for f in whole["findings"]} == {"src/m.py"}
    _, part = run_json(capsys, "src")
    assert {f["path"] for f in part["findings"]} == {"src/m.py"}


# --------------------------------------------------------------------- the installed script


def _console_script() -> str:
    candidate = Path(sys.executable).with_name("nanlint")
    found = str(candidate) if candidate.exists() else shutil.which("nanlint")
    if not found:
        pytest.skip("the nanlint console script is not installed")
    return found


def test_console_script_runs(tmp_path):
    write(tmp_path / "a.py", FLAGGED)
    write(tmp_path / "ok.py", MASKED)
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    done = subprocess.run([_console_script(), "check", "--format", "json", "a.py", "ok.py"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 1, done.stderr
    document = json.loads(done.stdout)
    assert sites(document) == {("NAN001", 3)}
    assert document["summary"] == {"files": 2, "findings": 1, "errors": 0}

    done = subprocess.run([_console_script(), "check", "ok.py"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, env=env)
    assert (done.returncode, done.stdout) == (0, "All checks passed (1 file checked).\n")
    assert not ANSI.search(done.stdout)  # a pipe is not a terminal


def test_python_dash_m_and_usage_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "nanlint", "--version"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, f"nanlint {nanlint.__version__}\n")
    done = subprocess.run([sys.executable, "-m", "nanlint", "check", "--bogus"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--bogus" in done.stderr
