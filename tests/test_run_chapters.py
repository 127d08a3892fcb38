"""tools/run_chapters.py reads the PyTorch tab's cells out of a book page and a gallery
file, masks only what differs between two runs of one library, and leaves out a cell only
for a reason it names. Checked on small pages written here."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import run_chapters as rc  # noqa: E402

PAGE = '''# A page
```{.python .input}
%load_ext d2lbook.tab
tab.interact_select(['mxnet', 'pytorch'])
```

```{.python .input}
%%tab mxnet
from mxnet import np
```

```{.python .input}
%%tab pytorch
import torch
```

```{.python .input  n=3}
%%tab all
x = 1
```

```{.python .input}
#@tab mxnet, pytorch
y = 2
```

```{.python .input}
%%tab tensorflow, jax
z = 3
```
'''

GALLERY = '''"""
Title
=====
"""
import torch

######################################################################
# Some text
# more text

x = torch.ones(2)
print(x)

# %%
# A block opened the other way
y = x + 1
'''


def test_book_cells_are_the_pytorch_tab_s():
    assert rc.book_cells(PAGE) == ["import torch", "x = 1", "y = 2"]


def test_gallery_cells_split_at_text_blocks():
    assert [c.strip() for c in rc.gallery_cells(GALLERY)] == [
        "import torch", "x = torch.ones(2)\nprint(x)", "y = x + 1"]


def test_masking_keeps_equal_ids_equal_and_names_classes_alike():
    a = rc.masked("id 140234567890123 then 140234567890123, 139999999999999 in 0.52 sec "
                  "<class 'torch.nn.parameter.Parameter'> at 0x7f00deadbeef")
    b = rc.masked("id 139000000000001 then 139000000000001, 140000000000002 in 3.1 sec "
                  "<class 'retrograd.nn.Parameter'> at 0x7f11feedface")
    assert a == b == "id id1 then id1, id2 in <time> <class 'torch.….Parameter'> at 0x…"
    assert rc.masked("tensor([1.5000])") != rc.masked("tensor([1.5001])")


def test_cells_left_out_name_their_reason():
    ran = {"error": None, "text": "", "figures": []}
    assert rc.why_left_out("data = d2l.FashionMNIST()", ran, False) == "downloads a data set"
    assert rc.why_left_out("x = 1", ran, False) is None
    cuda = dict(ran, error="RuntimeError: Cannot access accelerator device when none is "
                           "available.")
    assert rc.why_left_out("x.to(d2l.gpu())", cuda, False) == "needs a GPU"
    assert rc.why_left_out("y = data", dict(ran, error="NameError: name 'data' is not "
                                                       "defined"), True).startswith("fails")


def test_a_difference_is_a_mismatch_and_a_shared_failure_is_left_out():
    cells = ["x", "y", "z = data"]
    out = lambda text, error=None: {"text": text, "error": error, "figures": []}
    torch_out = [out("1\n"), out("2\n"), out("", "NameError: name 'data' is not defined")]
    retro_out = [out("1\n"), out("3\n"), out("", "NameError: name 'data' is not defined")]
    rows = rc.compare(cells, torch_out, retro_out)
    assert rows[0] == {"cell": 0, "match": True}
    assert rows[1]["match"] is False and "'2'" in rows[1]["diff"]
    assert "excluded" in rows[2]


def test_figures_compare_to_a_relative_tolerance():
    fig = lambda ys: [{"lines": [ys], "points": [], "images": []}]
    assert rc.same_figures([fig([1.0, 2.0])], [fig([1.0, 2.0 + 1e-6])])
    assert not rc.same_figures([fig([1.0, 2.0])], [fig([1.0, 2.1])])
    assert not rc.same_figures([fig([1.0])], [])
