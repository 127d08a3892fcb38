"""Record what PyTorch prints for each cell of the seed notebook (tests/golden/seed_notebook.py)
into tests/golden/seed_notebook.expected. Needs `pip install torch==2.13.0`."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "tests", "golden")

out = subprocess.run([sys.executable, os.path.join(GOLDEN, "seed_notebook.py")], check=True,
                     capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED="0")).stdout
with open(os.path.join(GOLDEN, "seed_notebook.expected"), "w", encoding="utf-8") as f:
    f.write(out)
print(f"wrote {out.count('retrograd-cell')} cells")
