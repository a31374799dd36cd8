"""The spec's annotated cases (../shared/spec), when they are beside this checkout."""

import subprocess
import sys
from pathlib import Path

import pytest

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec"


@pytest.mark.skipif(not (SPEC / "conformance.py").exists(), reason="no shared/spec here")
def test_spec_conformance_cases_all_hold():
    nanlint = f"{sys.executable} -m nanlint"
    proc = subprocess.run([sys.executable, str(SPEC / "conformance.py"), "--nanlint", nanlint],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ", 0 failed" in proc.stdout
