"""Python 2 files are analysed through an in-memory conversion, at their own positions."""

from __future__ import annotations

from nanlint import check_source
from nanlint.config import Config
from nanlint.fixes import fix_text
from nanlint.legacy import convert

PY2 = (
    "import tensorflow as tf\n"
    "print 'starting', `tf.__version__`\n"
    "try:\n"
    "    import cPickle\n"
    "except ImportError, e:\n"
    "    pass\n"
    "if 1 <> 2: mode = 0777 + 10L\n"
    "s = ur'raw'\n"
    "y = tf.nn.softmax(logits)\n"
    "print 'loss', -tf.reduce_sum(labels * tf.log(y)), tf.log(p)\n"
)


def test_python2_file_is_analysed_at_the_original_positions():
    findings = check_source(PY2, "old.py")
    assert [(f.line, f.column, f.end_column, f.code) for f in findings] == [
        (10, 39, 48, "NAN003"), (10, 51, 60, "NAN001")]
    line = PY2.splitlines()[9]
    assert line[38:47] == "tf.log(y)" and line[50:59] == "tf.log(p)"


def test_python2_findings_carry_no_fix_and_the_file_is_never_rewritten():
    assert all(f.fix is None for f in check_source(PY2, "old.py"))
    text, applied, remaining, errors = fix_text("old.py", PY2, Config(), unsafe=True)
    assert (text, applied, len(remaining), errors) == (PY2, 0, 2, [])


def test_a_file_no_grammar_accepts_is_still_an_error():
    from nanlint.api import analyse_text

    result = analyse_text("bad.py", "import torch\ndef f(:\n    return torch.log(p)\n",
                          Config())
    assert result.findings == []
    assert [(e.line, e.message.startswith("syntax error")) for e in result.errors] == [
        (2, True)]


def test_conversion_keeps_lines_and_maps_columns():
    conversion = convert("y = 0777 + z\nprint y\n")
    assert conversion is not None
    assert conversion.text == "y = 0o777 + z\nprint(y)\n"
    assert conversion.position(1, 13) == (1, 12)  # `z` moved right by one: mapped back
    assert conversion.position(2, 7) == (2, 7)
    assert convert("x = 1\n") is None  # nothing to convert
