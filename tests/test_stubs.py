"""The type stubs (src/retrograd/__init__.pyi, _tensor.pyi, written by tools/gen_stubs.py)
declare what runs: every public name of `torch.*` and of Tensor, with the parameters
`inspect.signature` gives at run time."""
import ast
import functools
import importlib.util
import inspect
import os

import pytest

import retrograd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PACKAGE = os.path.join(ROOT, "src", "retrograd")


@functools.lru_cache(maxsize=None)
def _tool():
    spec = importlib.util.spec_from_file_location(
        "gen_stubs", os.path.join(ROOT, "tools", "gen_stubs.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.lru_cache(maxsize=None)
def _declared(path, cls=None):
    """{name: ast node} of what a stub declares (at the top or in class `cls`)."""
    tree = ast.parse(open(os.path.join(PACKAGE, path)).read())
    body = tree.body
    if cls:
        body = next(n for n in body if isinstance(n, ast.ClassDef) and n.name == cls).body
    out = {}
    for node in body:
        if isinstance(node, ast.FunctionDef):
            out.setdefault(node.name, node)
        elif isinstance(node, ast.ClassDef):
            out[node.name] = node
        elif isinstance(node, ast.AnnAssign):
            out[node.target.id] = node
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                out[alias.asname or alias.name] = node
    return out


def _params(node):
    """A stub function's parameters as (name, kind) pairs, `self` left out."""
    a = node.args
    out = [(p.arg, "positional-only") for p in a.posonlyargs]
    out += [(p.arg, "positional") for p in a.args]
    out += [("*" + a.vararg.arg, "var")] if a.vararg else []
    out += [(p.arg, "keyword-only") for p in a.kwonlyargs]
    out += [("**" + a.kwarg.arg, "var")] if a.kwarg else []
    return out[1:] if out and out[0][0] == "self" else out


def _runtime_params(fn, method):
    kinds = {inspect.Parameter.POSITIONAL_ONLY: "positional-only",
             inspect.Parameter.POSITIONAL_OR_KEYWORD: "positional",
             inspect.Parameter.KEYWORD_ONLY: "keyword-only"}
    out = []
    for p in inspect.signature(fn).parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            out.append(("*" + p.name, "var"))
        elif p.kind is p.VAR_KEYWORD:
            out.append(("**" + p.name, "var"))
        else:
            out.append((p.name, kinds[p.kind]))
    return out[1:] if method else out


def test_every_public_name_is_declared_and_nothing_else():
    declared = set(_declared("__init__.pyi")) - {"Any", "_dtype", "_builtins"}
    assert sorted(declared) == sorted(set(_tool().public_names()) | {"__version__"})


def test_every_tensor_member_is_declared():
    declared = {n for n in _declared("_tensor.pyi", "Tensor") if not n.startswith("__")}
    runtime = {name for name, _, _ in _tool().tensor_members()}
    assert declared == runtime


@pytest.mark.parametrize("name", [n for n in _tool().public_names()
                                  if inspect.isroutine(getattr(retrograd, n))])
def test_function_parameters_match(name):
    node = _declared("__init__.pyi")[name]
    assert _params(node) == _runtime_params(getattr(retrograd, name), False)


@pytest.mark.parametrize("name", [n for n, kind, _ in _tool().tensor_members()
                                  if kind == "method"])
def test_method_parameters_match(name):
    node = _declared("_tensor.pyi", "Tensor")[name]
    assert _params(node) == _runtime_params(getattr(retrograd.Tensor, name), True)


def test_stubs_are_current():
    """What tools/gen_stubs.py writes now (return types kept from the files when torch is
    not importable) is what is checked in."""
    for path, text in _tool().stubs().items():
        with open(path) as f:
            assert f.read() == text, "run tools/gen_stubs.py"


def test_py_typed_ships():
    assert os.path.exists(os.path.join(PACKAGE, "py.typed"))
