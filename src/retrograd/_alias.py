"""`import torch` served by retrograd, when a program asks for it (as PyMySQL's
`install_as_MySQLdb()` serves `import MySQLdb`).

`install_as_torch()` makes `torch` this package and adds an import finder that maps every
`torch.X.Y` to `retrograd.X.Y` (and `torchvision.X` to `retrograd.vision.X`), so a
subpackage added to retrograd later is found without a list to update, and a name
retrograd lacks fails as PyTorch's own missing module would (`No module named 'torch.X'`).
"""
import importlib
import importlib.machinery
import importlib.util
import sys

# the top-level names served, and the retrograd module that serves each
SERVED = {"torch": "retrograd", "torchvision": "retrograd.vision"}


def _real_name(fullname):
    top, dot, rest = fullname.partition(".")
    return SERVED[top] + dot + rest if top in SERVED else None


class _TorchFinder:
    """Finds `torch.X` as `retrograd.X`: the module object is the same, under both names.
    (An import finder and loader by protocol: importlib.abc would add to import time.)"""

    def __init__(self):
        self._specs = {}   # alias name -> the real module's own spec, restored after import

    def find_spec(self, fullname, path=None, target=None):
        real = _real_name(fullname)
        if real is None:
            return None
        try:
            spec = importlib.util.find_spec(real)
        except (ImportError, ValueError):   # its parent is missing, or it has no spec
            return None
        if spec is None:
            return None
        return importlib.machinery.ModuleSpec(
            fullname, self, is_package=spec.submodule_search_locations is not None)

    def create_module(self, spec):
        module = importlib.import_module(_real_name(spec.name))
        self._specs[spec.name] = module.__spec__
        return module

    def exec_module(self, module):
        # the import system set the alias spec on the shared module; give it back its own
        own = self._specs.pop(module.__spec__.name, None)
        if own is not None:
            module.__spec__ = own


def _foreign(name):
    """The module imported under `name` when it is not retrograd's, else None."""
    module = sys.modules.get(name)
    if module is None or getattr(module, "__name__", "").split(".")[0] == "retrograd":
        return None
    return module


def install_as_torch():
    """Make `import torch` (and `torch.nn`, `torch.nn.functional`, ...) import retrograd.

    Call it before anything imports torch; if PyTorch itself is already imported in this
    process it raises ImportError rather than mixing the two. Calling it twice is harmless."""
    for name in sorted(sys.modules, key=len):   # `torch` itself named first
        if name.partition(".")[0] in SERVED and _foreign(name) is not None:
            where = getattr(sys.modules[name], "__file__", None) or "?"
            raise ImportError(
                f"retrograd.install_as_torch(): '{name}' is already imported from {where}, "
                f"so `import torch` cannot be served by retrograd in this process. Call "
                f"install_as_torch() before anything imports torch, or run the program "
                f"with `python -m retrograd`.")
    if any(isinstance(f, _TorchFinder) for f in sys.meta_path):
        return
    import retrograd
    sys.modules["torch"] = retrograd
    for name, module in list(sys.modules.items()):   # submodules imported already
        alias = "torch" + name[len("retrograd"):]
        if name.startswith("retrograd.") and module is not None:
            sys.modules.setdefault(alias, module)
    sys.meta_path.insert(0, _TorchFinder())


def load_ipython_extension(ipython):
    """`%load_ext retrograd` in IPython or Jupyter: `import torch` runs on retrograd."""
    install_as_torch()
