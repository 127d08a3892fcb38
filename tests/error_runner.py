"""Run one line of user code against a library and describe what happened, in a form that
can be stored as JSON and compared: the exception's type and message, or the value's repr,
and every warning raised on the way. Used by tools/gen_golden_errors.py (on PyTorch) and
tests/test_error_suite.py (on retrograd and, live, on PyTorch)."""
import ast
import re
import shutil
import sys
import tempfile
import warnings

import numpy as np

# PyTorch appends where in its C++ sources a warning was raised; the place is build-specific
_TRIGGERED = re.compile(r" \(Triggered internally at .*?\)$", re.S)
# ...and to some errors the C++ backtrace of where it was raised, also build-specific
_BACKTRACE = re.compile(r"\nException raised from .*?(?=\"?$)", re.S)
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")   # object addresses, not "1x0x0"
# NumPy 2 asks PyTorch's `__array__` for a `copy=` keyword it lacks: not the user's business
_NUMPY_COPY = "__array__ implementation doesn't accept a copy keyword"


def _clean(text, tmp):
    text = _BACKTRACE.sub("", _TRIGGERED.sub("", str(text)))
    return _ADDRESS.sub("0x?", text).replace(tmp, "<tmp>")


def namespace(lib, tmp):
    """The names a case may use: `torch` is the library under test."""
    return {"torch": lib, "np": np, "nn": lib.nn, "F": lib.nn.functional,
            "optim": lib.optim, "tmp": tmp}


def outcome(lib, code):
    """{'raises': type name, 'message': text} or {'value': repr}, plus 'warnings':
    [[category name, message], ...] in the order they were raised."""
    tree = ast.parse(code)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    if last is not None:
        tree.body.pop()
    tmp = tempfile.mkdtemp()
    env = namespace(lib, tmp)
    result = {}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            # NumPy's floating-point warnings must never reach the user: as errors, any that
            # escapes from an op makes the outcome differ
            warnings.filterwarnings("error", category=RuntimeWarning)
            try:
                exec(compile(tree, "<case>", "exec"), env)
                value = eval(compile(ast.Expression(last.value), "<case>", "eval"), env) \
                    if last is not None else None
                result["value"] = _clean(repr(value), tmp)
            except Exception as e:  # noqa: BLE001 - every exception is an outcome to compare
                result["raises"] = type(e).__name__
                result["message"] = _clean(e, tmp)
        result["warnings"] = [[w.category.__name__, _clean(w.message, tmp)] for w in caught
                              if _NUMPY_COPY not in str(w.message)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def in_this_pythons_words(message):
    """A message recorded on the oracle's Python as this interpreter words the errors it
    raises itself: before 3.10 a call's TypeError names the function without its class,
    before 3.11 `x % 0` says "integer division or modulo by zero"."""
    if sys.version_info < (3, 10):
        message = re.sub(r"^\w+\.(\w+\(\) (takes|missing|got))", r"\1", message)
    if sys.version_info < (3, 11) and message == "integer modulo by zero":
        message = "integer division or modulo by zero"
    return message


def matches(expected, got):
    """Same exception type and message (the library may add lines after PyTorch's text),
    or the same value; the same warnings either way."""
    if ("raises" in expected) != ("raises" in got):
        return False
    if "raises" in expected:
        if expected["raises"] != got["raises"]:
            return False
        # both sides in this Python's words: a library may spell out PyTorch's own text
        e, g = in_this_pythons_words(expected["message"]), in_this_pythons_words(got["message"])
        if not (g == e or g.startswith(e + "\n")):
            return False
    elif expected["value"] != got["value"]:
        return False
    return [list(w) for w in expected["warnings"]] == [list(w) for w in got["warnings"]]
