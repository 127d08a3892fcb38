"""`import torch` served by retrograd: install_as_torch(), `python -m retrograd`, the
IPython extension and the Jupyter kernel spec. Each check runs in a fresh process, since
the test process itself may have imported PyTorch (and install_as_torch refuses then)."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "src")


def run(*args, stdin=None, cwd=None, env=None):
    env = dict(os.environ, PYTHONPATH=SRC, PYTHONIOENCODING="utf-8", **(env or {}))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          encoding="utf-8", input=stdin, cwd=cwd, env=env, timeout=120)


def ok(*args, **kw):
    res = run(*args, **kw)
    assert res.returncode == 0, res.stderr
    return res.stdout


SUBMODULES = """
import sys
import retrograd
retrograd.install_as_torch()
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim, torch.utils.data, torch.autograd, torch.linalg, torch.func
import torch.autograd.functional, torch.nn.init, torch.optim.lr_scheduler
import torch.cuda, torch.backends.cudnn, torch.backends.mps, torch.accelerator, torch.functional
from torch.utils.data import DataLoader, TensorDataset
from torch import nn as nn2, optim
print(torch is retrograd, nn is retrograd.nn, F is retrograd.nn.functional, nn2 is nn)
print(torch.utils.data is retrograd.utils.data, DataLoader is retrograd.utils.data.DataLoader)
print(sys.modules['torch.nn.functional'] is F, F.__spec__.name, F.__name__)
print(torch.optim.lr_scheduler.StepLR is retrograd.optim.lr_scheduler.StepLR)
"""


def test_every_torch_submodule_is_retrogrades():
    assert ok("-c", SUBMODULES).split("\n")[:4] == [
        "True True True True", "True True",
        "True retrograd.nn.functional retrograd.nn.functional", "True"]


def test_a_subpackage_added_later_is_found_without_a_list():
    # a package appears inside retrograd after the alias is installed: torch.<it> finds it
    src = f"""
import os, sys, retrograd
retrograd.install_as_torch()
extra = os.path.join(os.path.dirname(retrograd.__file__), "_alias_probe_{os.getpid()}")
os.makedirs(extra)
try:
    with open(os.path.join(extra, "__init__.py"), "w") as f:
        f.write("VALUE = 42\\n")
    with open(os.path.join(extra, "deep.py"), "w") as f:
        f.write("NAME = __name__\\n")
    import importlib; importlib.invalidate_caches()
    mod = importlib.import_module("torch._alias_probe_{os.getpid()}.deep")
    print(mod.NAME, sys.modules["torch._alias_probe_{os.getpid()}"].VALUE)
finally:
    import shutil; shutil.rmtree(extra)
"""
    assert ok("-c", src).split() == [f"retrograd._alias_probe_{os.getpid()}.deep", "42"]


def test_a_name_retrograd_lacks_fails_as_a_missing_module_does():
    out = ok("-c", textwrap.dedent("""
        import retrograd; retrograd.install_as_torch()
        for name in ("torch.no_such_module", "torch.nn.no_such", "torchvision.models"):
            try:
                __import__(name)
            except ModuleNotFoundError as e:
                print(e)
        import torch
        try:
            import torch.float32
        except ModuleNotFoundError as e:
            print(e)
        """))
    first = "torchvision" if not os.path.isdir(os.path.join(SRC, "retrograd", "vision")) \
        else "torchvision.models"
    assert out.split("\n")[:4] == [
        "No module named 'torch.no_such_module'", "No module named 'torch.nn.no_such'",
        f"No module named '{first}'", "No module named 'torch.float32'"]


def test_refuses_when_pytorch_is_already_imported():
    pytest.importorskip("torch")
    res = run("-c", "import torch, retrograd\nretrograd.install_as_torch()")
    assert res.returncode == 1
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: retrograd.install_as_torch(): 'torch' is already "
                           "imported from ")
    assert "python -m retrograd" in last


def test_refuses_with_a_fake_torch_too_and_installing_twice_is_harmless():
    out = ok("-c", textwrap.dedent("""
        import sys, types, retrograd
        retrograd.install_as_torch(); retrograd.install_as_torch()
        import torch; print(torch is retrograd, sum(type(f).__name__ == '_TorchFinder'
                                                    for f in sys.meta_path))
        del sys.modules['torch']
        sys.modules['torch'] = types.ModuleType('torch')
        try:
            retrograd.install_as_torch()
        except ImportError as e:
            print(type(e).__name__, str(e).split(',')[0])
        """))
    assert out.split("\n")[:2] == [
        "True 1", "ImportError retrograd.install_as_torch(): 'torch' is already imported from ?"]


def test_python_m_retrograd_runs_a_script_with_its_arguments(tmp_path):
    (tmp_path / "helper_mod.py").write_text("WHO = 'next to the script'\n")
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent("""
        import sys
        import torch
        from torch import nn
        import helper_mod
        print(__name__, sys.argv[1:], helper_mod.WHO)
        print(torch.__name__, nn.Linear(2, 1).weight.shape)
        """))
    out = ok("-m", "retrograd", str(script), "--lr", "0.1")
    assert out.split("\n")[:2] == ["__main__ ['--lr', '0.1'] next to the script",
                                   "retrograd torch.Size([1, 2])"]


def test_python_m_retrograd_c_m_and_stdin(tmp_path):
    assert ok("-m", "retrograd", "-c", "import sys, torch; print(torch.ones(2), __name__, "
              "sys.argv)", "x") == "tensor([1., 1.]) __main__ ['-c', 'x']\n"
    (tmp_path / "prog.py").write_text("import sys, torch.nn.functional as F\n"
                                      "print(F.__name__, __name__, sys.argv[1:])\n")
    assert ok("-m", "retrograd", "-m", "prog", "a", cwd=tmp_path) == \
        "retrograd.nn.functional __main__ ['a']\n"
    assert ok("-m", "retrograd", stdin="import torch\nprint(torch.zeros(1))\n") == \
        "tensor([0.])\n"


def test_python_m_retrograd_reports_errors_as_python_does(tmp_path):
    res = run("-m", "retrograd", "-c")
    assert res.returncode == 2 and "Argument expected for the -c option" in res.stderr
    res = run("-m", "retrograd", "-q")
    assert res.returncode == 2 and "Unknown option: -q" in res.stderr
    res = run("-m", "retrograd", "-c", "import torch; torch.ones(2) @ torch.ones(3)")
    assert res.returncode == 1
    assert res.stderr.strip().splitlines()[-1] == (
        "RuntimeError: inconsistent tensor size, expected tensor [2] and src [3] to have the "
        "same number of elements, but got 2 and 3 elements respectively")
    res = run("-m", "retrograd", "-c", "raise SystemExit(3)")
    assert res.returncode == 3


def test_public_classes_print_their_public_names():
    out = ok("-m", "retrograd", "-c", textwrap.dedent("""
        import torch
        from torch import nn
        x = torch.ones(2, requires_grad=True)
        y = x * 1
        y[0] = 2
        print(type(x), type(nn.Parameter(torch.ones(1))), type(torch.float32))
        print(type(torch.device('cpu')), type(x.shape), type(torch.Generator()))
        print(type(x.sum().grad_fn), type(y.grad_fn), type(x.exp().grad_fn.next_functions[0][0]))
        print(type(nn.Linear(1, 1)), type(nn.Linear(1, 1)).__qualname__)
        """))
    assert out.split("\n")[:4] == [
        "<class 'retrograd.Tensor'> <class 'retrograd.nn.Parameter'> <class 'retrograd.dtype'>",
        "<class 'retrograd.device'> <class 'retrograd.Size'> <class 'retrograd.Generator'>",
        "<class 'SumBackward0'> <class 'CopySlices'> <class 'AccumulateGrad'>",
        "<class 'retrograd.nn.modules.linear.Linear'> Linear"]


def test_ipython_extension_serves_import_torch():
    pytest.importorskip("IPython")
    out = ok("-c", textwrap.dedent("""
        from IPython.testing.globalipapp import start_ipython
        ip = start_ipython()
        ip.run_line_magic('load_ext', 'retrograd')
        ip.run_cell('import torch.nn.functional as F\\nimport torch\\nr = torch.__name__, F.relu(torch.tensor([-1., 2.]))')
        print(ip.user_ns['r'])
        """))
    assert out.strip().splitlines()[-1] == "('retrograd', tensor([0., 2.]))"


def test_kernel_install_writes_the_spec_jupyter_reads(tmp_path):
    out = ok("-m", "retrograd.kernel", "install", "--prefix", str(tmp_path))
    where = tmp_path / "share" / "jupyter" / "kernels" / "retrograd"
    assert out == f"Installed kernelspec retrograd (Python 3 (retrograd as torch)) in {where}\n"
    spec = json.loads((where / "kernel.json").read_text())
    assert spec["display_name"] == "Python 3 (retrograd as torch)"
    assert spec["argv"] == [sys.executable, "-m", "retrograd.kernel", "-f", "{connection_file}"]
    assert spec["language"] == "python"
    # the default is the user's Jupyter data directory
    ok("-m", "retrograd.kernel", "install", "--name", "rg-test",
       env={"JUPYTER_DATA_DIR": str(tmp_path / "data")})
    assert json.loads((tmp_path / "data" / "kernels" / "rg-test" / "kernel.json").read_text()) \
        == spec
    ok("-m", "retrograd.kernel", "install", env={"JUPYTER_DATA_DIR": "", "HOME": str(tmp_path),
                                                 "XDG_DATA_HOME": ""})
    assert (tmp_path / ".local/share/jupyter/kernels/retrograd/kernel.json").exists() or \
        sys.platform in ("darwin", "win32")


def test_kernel_itself_installs_the_alias_before_starting_ipykernel():
    res = run("-c", textwrap.dedent("""
        import sys, builtins
        real_import = builtins.__import__
        def no_ipykernel(name, *a, **k):
            if name.startswith('ipykernel'):
                raise ImportError(name)
            return real_import(name, *a, **k)
        builtins.__import__ = no_ipykernel
        from retrograd import kernel
        code = kernel.main(['-f', 'conn.json'])
        import torch
        print(code, torch.__name__)
        """))
    assert res.stdout == "1 retrograd\n"
    assert "the kernel needs ipykernel" in res.stderr

