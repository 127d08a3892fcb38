"""retrograd runs the programs of test_nn_cases.py and must give what PyTorch gave: the
golden data always, and PyTorch itself when it is installed."""
import json
import math
import os
import re
import sys
import warnings

import pytest

import retrograd
from test_nn_cases import CASES, ERRORS

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "nn_cases.json")
with open(GOLDEN) as f:
    EXPECTED = json.load(f)["cases"]


def assert_same(got, want, path="", rtol=1e-4, atol=1e-5):
    """Numbers within tolerance, everything else equal, with the path of a difference."""
    if isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), \
            f"{path}: keys {sorted(got) if isinstance(got, dict) else got} != {sorted(want)}"
        for k in want:
            assert_same(got[k], want[k], f"{path}.{k}", rtol, atol)
    elif isinstance(want, (list, tuple)):
        assert isinstance(got, (list, tuple)) and len(got) == len(want), \
            f"{path}: {got} != {want}"
        for i, (g, w) in enumerate(zip(got, want)):
            assert_same(g, w, f"{path}[{i}]", rtol, atol)
    elif isinstance(want, float) and not isinstance(got, bool):
        assert isinstance(got, (int, float)), f"{path}: {got!r} is not a number"
        if math.isnan(want):
            assert math.isnan(got), f"{path}: {got} != nan"
        else:
            assert math.isclose(got, want, rel_tol=rtol, abs_tol=atol), \
                f"{path}: {got} != {want}"
    else:
        if isinstance(want, str):
            want = _printed_by_this_python(want)
        assert got == want, f"{path}: {got!r} != {want!r}"


def _printed_by_this_python(text):
    """The golden text was printed by Python 3.11; from 3.12 on an OrderedDict prints as
    `OrderedDict({'k': v})` instead of `OrderedDict([('k', v)])`."""
    if sys.version_info < (3, 12):
        return text

    def new_style(match):
        items = match.group(1).split("), (")
        return "OrderedDict({" + ", ".join(": ".join(i.split(", ", 1)) for i in items) + "})"
    return re.sub(r"OrderedDict\(\[\((.*?)\)\]\)", new_style, text)


def run(name, torch):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return json.loads(json.dumps(CASES[name](torch)))   # tuples -> lists, as stored


def tolerance(name):
    # training runs compound float32 rounding over many steps: 4 significant digits
    return dict(rtol=2e-4, atol=1e-6) if name.startswith("train_") else {}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_golden(name):
    assert_same(run(name, retrograd), EXPECTED[name], name, **tolerance(name))


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_live_pytorch(name):
    torch = pytest.importorskip("torch")
    assert_same(run(name, retrograd), run(name, torch), name, **tolerance(name))


ERRORS_EXPECTED = json.load(open(GOLDEN))["errors"]


def raised(fn, torch):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fn(torch)
        except Exception as e:   # noqa: BLE001 - comparing whatever is raised
            return [type(e).__name__, str(e)]
    return None


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_matches_golden(name):
    assert raised(ERRORS[name], retrograd) == ERRORS_EXPECTED[name]


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_matches_live_pytorch(name):
    torch = pytest.importorskip("torch")
    assert raised(ERRORS[name], retrograd) == raised(ERRORS[name], torch)
