"""The public API documents itself: docstrings (from the docs table, retrograd/_docs.py)
cover at least 95% of public names, their examples run as doctests printing what PyTorch
printed, help() shows an op's own documentation and signature, and public functions carry
the attributes tools read (`__name__`, `__qualname__`, `__module__`, a real signature)."""
import doctest
import functools
import importlib
import importlib.util
import inspect
import os
import pydoc
import types

import pytest

import retrograd
from retrograd import _docs
from retrograd._docs_generated import GRADIENTS, OUTPUTS

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MODULES = ["retrograd", "retrograd.nn", "retrograd.nn.functional", "retrograd.nn.init",
           "retrograd.nn.utils", "retrograd.nn.utils.rnn", "retrograd.nn.parameter",
           "retrograd.nn.parallel", "retrograd.optim", "retrograd.optim.lr_scheduler",
           "retrograd.autograd", "retrograd.autograd.functional", "retrograd.autograd.forward_ad",
           "retrograd.autograd.function", "retrograd.autograd.graph", "retrograd.func",
           "retrograd.functional", "retrograd.linalg", "retrograd.utils.data",
           "retrograd.utils.checkpoint", "retrograd.explain", "retrograd.random",
           "retrograd.serialization", "retrograd.cuda", "retrograd.accelerator",
           "retrograd.backends.cuda", "retrograd.backends.cudnn", "retrograd.backends.mps",
           "retrograd.distributions", "retrograd.distributions.constraints",
           "retrograd.distributions.utils", "retrograd.vision", "retrograd.vision.transforms",
           "retrograd.vision.transforms.functional", "retrograd.vision.datasets",
           "retrograd.vision.io"]


def _has_doc(obj):
    doc = vars(obj).get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    return bool(doc and doc.strip())


def public_objects():
    """(qualified name, object) for every public module, function and class of the API
    (not what a module imports from elsewhere: `OrderedDict`), and every public Tensor
    method and property."""
    seen = []
    for name in MODULES:
        module = importlib.import_module(name)
        seen.append((name, module))
        names = getattr(module, "__all__", None) or [n for n in vars(module)
                                                     if not n.startswith("_")]
        for n in names:
            obj = getattr(module, n)
            own = getattr(obj, "__module__", None) or ""
            if (isinstance(obj, type) or inspect.isroutine(obj)) and \
                    own.split(".")[0] in ("retrograd", "torch"):
                seen.append((f"{name}.{n}", obj))
    for n in dir(retrograd.Tensor):
        raw = inspect.getattr_static(retrograd.Tensor, n)
        if not n.startswith("_") and (isinstance(raw, property) or callable(raw)):
            seen.append((f"Tensor.{n}", raw))
    return seen


def test_docstring_coverage_is_at_least_95_percent():
    objects = public_objects()
    missing = [name for name, obj in objects if not _has_doc(obj)]
    coverage = 1 - len(missing) / len(objects)
    assert coverage >= 0.95, (f"{coverage:.1%} of {len(objects)}", missing)


def _examples():
    return sorted(k for k in {**_docs.FUNCTIONS, **_docs.MEMBERS} if k in OUTPUTS)


@pytest.mark.parametrize("key", _examples())
def test_example_prints_what_pytorch_printed(key):
    text = _docs.docstring(key)
    test = doctest.DocTestParser().get_doctest(text, {"torch": retrograd}, key, None, 0)
    assert test.examples
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    try:
        result = runner.run(test, out=lambda s: print(s, end=""))
    finally:
        retrograd.set_printoptions(profile="default")
        retrograd.set_default_dtype(retrograd.float32)
    assert result.failed == 0


def test_every_example_was_recorded():
    with_code = {k for k, (_, code) in {**_docs.FUNCTIONS, **_docs.MEMBERS}.items() if code}
    assert with_code - set(OUTPUTS) <= {"get_printoptions"}   # torch has no such function


def test_gradients_are_current():
    spec = importlib.util.spec_from_file_location(
        "gen_docs", os.path.join(ROOT, "tools", "gen_docs.py"))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.gradients() == GRADIENTS, "run tools/gen_docs.py"


def test_every_documented_name_exists():
    for key in _docs.FUNCTIONS:
        assert hasattr(retrograd, key), key
    for key in _docs.MEMBERS:
        owner, _, name = key.rpartition(".")
        assert hasattr(getattr(retrograd, owner) if owner else retrograd, name), key


def test_every_module_member_named_exists_and_is_documented_by_its_entry():
    """Each entry names a real object whose source has no docstring of its own."""
    for key, text in _docs.MODULE_MEMBERS.items():
        owner, _, name = key.rpartition(".")
        obj = getattr(importlib.import_module(f"retrograd.{owner}"), name)
        assert obj.__doc__ == text + "\n", key


def test_help_shows_the_ops_own_documentation():
    text = pydoc.render_doc(retrograd.exp, renderer=pydoc.plaintext)
    assert "exp(input, /)" in text and "e to the power of each element" in text
    assert "ExpBackward0" in text and ">>> torch.exp(" in text
    assert "class Op" not in text


def test_public_functions_look_like_functions():
    bad = []
    for name in dir(retrograd):
        obj = getattr(retrograd, name)
        if name.startswith("_") or isinstance(obj, (type, types.ModuleType)) or \
                not callable(obj):
            continue
        sig = str(inspect.signature(obj))
        if not (getattr(obj, "__name__", None) and getattr(obj, "__qualname__", None)
                and getattr(obj, "__module__", "").startswith("retrograd")
                and obj.__doc__ and "**attrs" not in sig):
            bad.append(name)
    assert not bad


def test_decorators_can_wrap_an_op():
    wrapped = functools.wraps(retrograd.exp)(lambda *args: retrograd.exp(*args))
    assert (wrapped.__name__, wrapped.__module__) == ("exp", "retrograd")
    assert wrapped.__doc__ == retrograd.exp.__doc__


def test_tensor_methods_named_after_ops_have_their_names():
    assert retrograd.Tensor.exp.__name__ == "exp"
    assert retrograd.Tensor.exp.__qualname__ == "Tensor.exp"
    assert str(inspect.signature(retrograd.Tensor.add_)).startswith("(input, other, /")
    assert "In-place form of `exp`" in retrograd.Tensor.exp_.__doc__
