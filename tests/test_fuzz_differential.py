"""Differential fuzzing: random small programs (tests/fuzz_programs.py) run in retrograd and
in PyTorch must agree on everything observable: values (nan where nan is, within a tolerance
set by the dtype), dtypes, shapes, requires_grad, is_leaf, node names, versions, exception
types, and first- and second-order gradients.

- live: Hypothesis draws the programs (derandomized, a fixed budget) when PyTorch is
  importable; the programs that found bugs run first, as explicit examples;
- recorded: tests/golden/fuzz.json (tools/gen_golden_fuzz.py) holds a fixed set of programs
  with PyTorch's record of each, replayed always.
"""
import json
import os

import pytest
from hypothesis import HealthCheck, example, given, settings

import fuzz_programs
import retrograd

try:
    import torch
except ImportError:
    torch = None

PROGRAMS_PER_RUN = 500

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden", "fuzz.json")
with open(GOLDEN) as _f:
    RECORDED = json.load(_f)


def check(program, want):
    got, lines = fuzz_programs.run(retrograd, program)
    difference = fuzz_programs.differences(got, want)
    assert difference is None, difference + "\n\nthe program:\n" + "\n".join(lines)


def with_regressions(test):
    for program in fuzz_programs.REGRESSIONS:
        test = example(program=program)(test)
    return test


@pytest.mark.skipif(torch is None, reason="compares with PyTorch live")
@settings(derandomize=True, max_examples=PROGRAMS_PER_RUN, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@with_regressions
@given(program=fuzz_programs.programs())
def test_a_random_program_does_what_it_does_in_pytorch(program):
    check(program, fuzz_programs.run(torch, program)[0])


@pytest.mark.parametrize("k", range(len(RECORDED)))
def test_a_recorded_program_does_what_it_did_in_pytorch(k):
    check(RECORDED[k]["program"], RECORDED[k]["record"])


@pytest.mark.skipif(torch is None, reason="compares with PyTorch live")
def test_the_recorded_programs_are_pytorchs():
    stale = [k for k, entry in enumerate(RECORDED)
             if fuzz_programs.differences(fuzz_programs.run(torch, entry["program"])[0],
                                          entry["record"])]
    assert not stale, f"rerun tools/gen_golden_fuzz.py: programs {stale} record otherwise"


def test_the_recorded_set_holds_every_regression():
    recorded = {json.dumps(entry["program"]) for entry in RECORDED}   # (nan != nan)
    assert all(json.dumps(program) in recorded for program in fuzz_programs.REGRESSIONS)
