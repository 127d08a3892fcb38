"""The seed notebook, cell by cell, with retrograd as torch (set in sys.modules, and through
the alias: `python -m retrograd`, its own `import torch` lines unchanged): each cell must
print exactly what PyTorch 2.13 printed (tests/golden/seed_notebook.expected, from the oracle)."""
import os
import re
import subprocess
import sys

import pytest

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
SRC = os.path.join(os.path.dirname(GOLDEN), "..", "src")
MARK = re.compile(r"########## retrograd-cell (\d+) ##########\n")

RUNNER = """
import sys, retrograd
sys.modules['torch'] = retrograd
exec(compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1], 'exec'), {'__name__': '__main__'})
"""


def _cells(text):
    parts = MARK.split(text)
    return {int(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


@pytest.fixture(scope="module", params=["sys.modules", "python -m retrograd"])
def outputs(request):
    env = dict(os.environ, PYTHONPATH=os.path.abspath(SRC), PYTHONIOENCODING="utf-8")
    runner = ["-c", RUNNER] if request.param == "sys.modules" else ["-m", "retrograd"]
    run = subprocess.run([sys.executable, *runner, os.path.join(GOLDEN, "seed_notebook.py")],
                         capture_output=True, text=True, env=env, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    with open(os.path.join(GOLDEN, "seed_notebook.expected"), encoding="utf-8") as f:
        expected = f.read()
    return _cells(expected), _cells(run.stdout)


@pytest.mark.parametrize("cell", range(1, 12))
def test_cell_prints_what_pytorch_prints(outputs, cell):
    expected, actual = outputs
    assert actual[cell] == expected[cell]
