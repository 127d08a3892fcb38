"""retrograd's model of PyTorch's argument parser (`_args.reject`) against PyTorch: for
calls of every function in `_signatures.py` with arguments of the wrong type, the wrong
count or an unknown keyword, the same TypeError text."""
import inspect

import pytest

import retrograd
from retrograd import _args
from retrograd._signatures import SIGNATURES

torch = pytest.importorskip("torch")

# arguments of many types, made in both libraries
VALUES = {
    "float": lambda lib: 1.5, "int": lambda lib: 1, "str": lambda lib: "a",
    "none": lambda lib: None, "bool": lambda lib: True, "tuple": lambda lib: (1, 2),
    "ftuple": lambda lib: (1.5,), "list": lambda lib: [0], "tensor": lambda lib: lib.ones(2),
    "dtype": lambda lib: lib.float64,
}
SHAPES = [(), ("float",), ("str",), ("none",), ("int", "float"), ("float", "int"),
          ("tuple",), ("ftuple",), ("int", "str", "int"), ("int", "int", "float"),
          ("tensor",), ("dtype",), ("int",) * 5, ("list", "int")]
KWARGS = [{}, {"dtype": "str"}, {"bogus": "int"}, {"dim": "float"}, {"out": "int"}]


def _calls():
    for key in sorted(SIGNATURES):
        for shape in SHAPES:
            for kw in KWARGS:
                if kw and len(shape) > 1:
                    continue
                yield key, shape, kw


def _run(lib, key, shape, kw):
    args = [VALUES[v](lib) for v in shape]
    kwargs = {k: VALUES[v](lib) for k, v in kw.items()}
    name = key.split(".")[-1]
    try:
        if key.startswith("Tensor."):
            getattr(lib.ones(2, 3), name)(*args, **kwargs)
        else:
            getattr(lib, name)(*args, **kwargs)
    except TypeError as e:
        return str(e)
    except Exception:   # noqa: BLE001 - not the parser's error
        return None
    return None


@pytest.mark.parametrize("key", sorted(SIGNATURES))
def test_parser_messages(key):
    if key.startswith("Tensor.") and inspect.isfunction(getattr(torch.Tensor, key[7:])):
        pytest.skip("PyTorch's Python wrapper reads the arguments first")
    wrong = []
    for k, shape, kw in _calls():
        if k != key:
            continue
        expected = _run(torch, key, shape, kw)
        if expected is None or ("argument" not in expected and "positional" not in expected):
            continue     # the call parsed: what happened next is not the parser's
        args = [VALUES[v](retrograd) for v in shape]
        kwargs = {k2: VALUES[v](retrograd) for k2, v in kw.items()}
        method = key.startswith("Tensor.")
        try:
            _args.reject(key.split(".")[-1], ([retrograd.ones(2, 3)] if method else []) + args,
                         kwargs, method=method)
            got = None
        except TypeError as e:
            got = str(e)
        if got != expected:
            wrong.append(f"{key}{shape}{kw}:\n  torch:     {expected}\n  retrograd: {got}")
    assert not wrong, "\n".join(wrong[:5]) + f"\n({len(wrong)} differ)"
