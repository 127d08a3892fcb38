"""A learner's script (tests/typing/learner.py: an nn.Module subclass, a training loop,
x.grad, .shape[0], .numpy(), no_grad) type-checks with no error in pyright's default mode
and in mypy, reading retrograd's stubs and py.typed. CI installs both checkers (the `test`
extra); a machine where a checker cannot run skips its test."""
import json
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SRC = os.path.abspath(os.path.join(ROOT, "src"))
SCRIPT = os.path.abspath(os.path.join(ROOT, "tests", "typing", "learner.py"))


def _runs(command):
    try:
        return subprocess.run(command + ["--version"], capture_output=True,
                              timeout=300).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def test_learner_script_runs():
    out = subprocess.run([sys.executable, SCRIPT], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": SRC})
    assert out.returncode == 0, out.stderr


def test_pyright_finds_no_error(tmp_path):
    pyright = shutil.which("pyright")
    if pyright is None or not _runs([pyright]):
        pytest.skip("pyright cannot run here")
    shutil.copy(SCRIPT, tmp_path / "learner.py")
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(
        {"include": ["learner.py"], "extraPaths": [SRC]}))
    out = subprocess.run([pyright, "--outputjson"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=600)
    report = json.loads(out.stdout)
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert not errors, errors
    assert report["summary"]["filesAnalyzed"] == 1


def test_mypy_finds_no_error(tmp_path):
    command = [sys.executable, "-m", "mypy"]
    if not _runs(command):
        pytest.skip("mypy cannot run here")
    out = subprocess.run(command + ["--follow-imports=silent", "--no-incremental",
                                    "--cache-dir", str(tmp_path), SCRIPT],
                         capture_output=True, text=True, timeout=600,
                         env={**os.environ, "MYPYPATH": SRC})
    assert out.returncode == 0 and "Success" in out.stdout, out.stdout + out.stderr
