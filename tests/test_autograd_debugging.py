"""Anomaly mode and the version-counter error: where the failing node's forward op was
called, which op saved the tensor and which in-place op changed it (in anomaly mode with
the user's lines); checkpointing keeps no intermediate values."""
import inspect
import warnings

import pytest

import retrograd as torch

HERE = __file__


def line_of(marker):
    """The line number of the line of this file containing `marker` (after the call)."""
    for number, text in enumerate(inspect.getsource(inspect.getmodule(line_of)).splitlines(), 1):
        if marker in text and "line_of(" not in text:
            return number
    raise AssertionError(marker)


def test_failing_node_shows_its_forward_traceback():
    x = torch.tensor([1., 2.], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with torch.autograd.detect_anomaly():
            y = x.exp()  # forward of the failing node
            y.add_(1)    # the in-place change
            with pytest.raises(RuntimeError) as info:
                y.sum().backward()
    messages = [str(w.message) for w in caught]
    assert messages[0].startswith("Anomaly Detection has been enabled.")
    trace = next(m for m in messages if m.startswith("Error detected in ExpBackward0."))
    assert trace.startswith("Error detected in ExpBackward0. Traceback of forward call that "
                            "caused the error:\n")
    assert f'File "{HERE}", line {line_of("# forward of the failing node")}' in trace
    assert "retrograd/ops" not in trace     # only the user's frames
    text = str(info.value)
    assert "which is output 0 of Exp, is at version 1; expected version 0 instead. Hint: the " \
           "backtrace further above shows the operation" in text
    assert (f"saved by ExpBackward0 as its output at {HERE}:"
            f"{line_of('# forward of the failing node')}") in text
    assert f"modified in place by add_ at {HERE}:{line_of('# the in-place change')}" in text


def test_version_error_outside_anomaly_mode_names_the_ops():
    x = torch.tensor([1., 2.], requires_grad=True)
    y = x * 2
    z = y * y
    y.mul_(3)
    with pytest.raises(RuntimeError) as info:
        z.sum().backward()
    assert "which is output 0 of Mul, is at version 1" in str(info.value)
    assert "saved by MulBackward0 as its input 'y' and modified in place by mul_" in \
        str(info.value)


def test_nan_check_names_the_node_and_output():
    x = torch.tensor([0., 1.], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with torch.autograd.detect_anomaly():
            with pytest.raises(RuntimeError, match=r"^Function 'DivBackward0' returned nan "
                                                   r"values in its 1th output.$"):
                (x / x).sum().backward()
    assert not torch.autograd.anomaly_mode.is_anomaly_enabled()


def test_anomaly_decorator_and_set_detect_anomaly_restore():
    @torch.autograd.detect_anomaly(check_nan=False)
    def inside():
        return (torch.autograd.anomaly_mode.is_anomaly_enabled(),
                torch.autograd.anomaly_mode.is_anomaly_check_nan_enabled())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert inside() == (True, False)
    assert not torch.autograd.anomaly_mode.is_anomaly_enabled()


def test_non_reentrant_checkpoint_keeps_no_saved_tensors():
    from retrograd.autograd.graph import Packed
    x = torch.tensor([0.5, 1.5], requires_grad=True)
    y = torch.utils.checkpoint.checkpoint(lambda t: t.sin().exp().sum(), x, use_reentrant=False)
    node, kept = y.grad_fn, []
    while node is not None and hasattr(node, "_saved"):
        kept += [v.value for v in node._saved.values() if isinstance(v, Packed)]
        node = node.next_functions[0][0]
    assert kept and all(isinstance(v, int) for v in kept)   # positions, not tensors
    y.backward()
    expected = (x.detach().sin().exp() * x.detach().cos())
    assert torch.allclose(x.grad, expected)


def test_saved_tensors_hooks_nest_innermost_wins():
    log = []
    outer = torch.autograd.graph.saved_tensors_hooks(lambda t: log.append("outer") or t,
                                                     lambda t: t)
    inner = torch.autograd.graph.saved_tensors_hooks(lambda t: log.append("inner") or t,
                                                     lambda t: t)
    x = torch.tensor([1., 2.], requires_grad=True)
    with outer:
        with inner:
            x.exp()
        x.sin()
    assert log == ["inner", "outer"]


def test_failure_in_a_higher_order_node_names_the_backward_that_recorded_it():
    class Bad(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 1

        @staticmethod
        def backward(ctx, g):
            raise ValueError("boom")

    class Outer(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * 2

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return Bad.apply(g * x) * 2  # recorded by OuterBackward

    x = torch.tensor([1., 2.], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with torch.autograd.detect_anomaly():
            y = Outer.apply(x)  # forward of the inducing node
            g, = torch.autograd.grad(y.sum(), x, create_graph=True)
            with pytest.raises(ValueError, match="boom"):
                g.sum().backward()
    messages = [str(w.message) for w in caught][1:]
    assert messages[0].startswith("Error detected in BadBackward. Traceback of forward call "
                                  "that caused the error:\n")
    assert f"line {line_of('# recorded by OuterBackward')}" in messages[0]
    assert messages[1].startswith("\n\nPrevious calculation was induced by OuterBackward. "
                                  "Traceback of forward call that induced the previous "
                                  "calculation:\n")
    assert f"line {line_of('# forward of the inducing node')}" in messages[1]


def test_gradcheck_checks_backward_with_undefined_output_gradients():
    class Pair(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            if g1 is None and not bool((g2 != 0).any()):
                return torch.ones(2, dtype=torch.float64)   # wrong: should be zero
            zero = torch.zeros(2, dtype=torch.float64)
            return (zero if g1 is None else g1 * 2) + (zero if g2 is None else g2 * 3)

    x = torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(Pair.apply, (x,), check_undefined_grad=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(torch.autograd.GradcheckError,
                           match="Expected all input grads to be undefined or zero when all "
                                 "output grads are undefined or zero"):
            torch.autograd.gradcheck(Pair.apply, (x,))
    assert any("check_undefined_grad=False" in str(w.message) for w in caught)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert torch.autograd.gradcheck(Pair.apply, (x,), raise_exception=False) is False


def test_inf_and_nan_gradients_raise_no_numpy_warnings():
    x = torch.tensor([0., 1.], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (x / x).sum().backward()
        g, = torch.autograd.grad(x.sqrt().sum(), x, create_graph=True)
        g2, = torch.autograd.grad(g.sum(), x)
        with torch.autograd.forward_ad.dual_level():
            d = torch.autograd.forward_ad.make_dual(torch.tensor([0., 1.]), torch.ones(2))
            t = torch.autograd.forward_ad.unpack_dual(d.sqrt()).tangent
    assert repr(x.grad) == "tensor([nan, 0.])"
    assert g.tolist()[0] == float("inf") and t.tolist()[0] == float("inf")
    assert g2.tolist()[1] == -0.25
