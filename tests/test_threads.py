"""Autograd from several threads at once: each thread's modes are its own, concurrent
backward passes give the right gradients, and threads sharing a leaf lose no update.

What PyTorch keeps per thread (grad mode, inference mode, saved-tensor hooks) is per thread
here; what it keeps per process (anomaly mode, the forward-AD level) is per process. The
tests that say so run against PyTorch too when it is installed.
"""
import sys
import threading

import numpy as np
import pytest

import retrograd

try:
    import torch as real_torch
except ImportError:   # the live comparisons need PyTorch
    real_torch = None

LIBS = [retrograd] + ([real_torch] if real_torch is not None else [])
lib_ids = [lib.__name__ for lib in LIBS]


@pytest.fixture(autouse=True)
def _switch_often():
    """Let threads interleave every few bytecodes, so races show up within a few runs."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def run_threads(target, n, *args):
    """Run target(i, *args) in n threads started together; re-raise the first failure."""
    errors = []
    barrier = threading.Barrier(n)

    def body(i):
        try:
            barrier.wait()
            target(i, *args)
        except BaseException as e:   # noqa: BLE001 - reported below, in the main thread
            errors.append(e)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def in_thread(fn):
    """fn() in a new thread; its result."""
    out = {}

    def body():
        out["value"] = fn()
    t = threading.Thread(target=body)
    t.start()
    t.join()
    return out["value"]


# --- each thread's own modes --------------------------------------------------------------
@pytest.mark.parametrize("torch", LIBS, ids=lib_ids)
def test_a_new_thread_starts_with_grad_on_and_no_inference(torch):
    probe = lambda: (torch.is_grad_enabled(), torch.is_inference_mode_enabled())  # noqa: E731
    with torch.no_grad():
        assert in_thread(probe) == (True, False)
    with torch.inference_mode():
        assert in_thread(probe) == (True, False)
    torch.set_grad_enabled(False)
    try:
        assert in_thread(probe) == (True, False)
        assert not torch.is_grad_enabled()
    finally:
        torch.set_grad_enabled(True)


@pytest.mark.parametrize("torch", LIBS, ids=lib_ids)
def test_saved_tensor_hooks_are_the_threads_own(torch):
    packed = []

    def pack(t):
        packed.append(threading.get_ident())
        return t

    def other():
        a = torch.ones(2, requires_grad=True)
        (a * a).sum()
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        in_thread(other)
        assert packed == []
        a = torch.ones(2, requires_grad=True)
        (a * a).sum()
    assert packed and set(packed) == {threading.get_ident()}


@pytest.mark.parametrize("torch", LIBS, ids=lib_ids)
def test_anomaly_mode_and_the_forward_ad_level_are_the_processes(torch):
    with torch.autograd.set_detect_anomaly(True, check_nan=False):
        assert in_thread(torch.is_anomaly_enabled)
    assert not in_thread(torch.is_anomaly_enabled)
    fwAD = torch.autograd.forward_ad
    with fwAD.dual_level():
        x = fwAD.make_dual(torch.ones(2), torch.full((2,), 3.0))
        tangent = in_thread(lambda: fwAD.unpack_dual(x * 2).tangent)
        assert tangent.tolist() == [6.0, 6.0]

        def nested():
            try:
                with fwAD.dual_level():
                    return "opened"
            except RuntimeError as e:
                return str(e)
        assert in_thread(nested) == "Nested forward mode AD is not supported at the moment"


def test_no_grad_in_one_thread_leaves_the_other_recording():
    """One thread toggles no_grad in a loop while another records and backwards."""
    torch = retrograd
    stop = threading.Event()
    failures = []

    def toggler():
        while not stop.is_set():
            with torch.no_grad():
                torch.ones(2) * 2

    def recorder():
        for _ in range(500):
            x = torch.tensor([1.0, 2.0], requires_grad=True)
            y = (x * x).sum()
            if y.grad_fn is None or not y.requires_grad:
                failures.append("no graph recorded")
                continue
            y.backward()
            if x.grad.tolist() != [2.0, 4.0]:
                failures.append(x.grad.tolist())
    t = threading.Thread(target=toggler)
    t.start()
    try:
        recorder()
    finally:
        stop.set()
        t.join()
    assert failures == []


# --- concurrent backward passes ---------------------------------------------------------
@pytest.mark.parametrize("n_threads", [2, 4])
def test_threads_each_running_forward_and_backward_get_their_own_gradients(n_threads):
    torch = retrograd
    results = {}

    def work(i):
        wrong = 0
        for k in range(1000 // n_threads * 2):
            x = torch.tensor([float(i + 1), float(k % 7)], requires_grad=True)
            y = (x.sin() * x + x.exp() / (1 + x * x)).sum()
            y.backward()
            v = np.array([i + 1, k % 7], dtype=np.float32)
            expect = np.sin(v) + v * np.cos(v) + np.exp(v) * (1 + v * v - 2 * v) / (1 + v * v) ** 2
            if not np.allclose(x.grad.numpy(), expect, rtol=1e-5, atol=1e-5):
                wrong += 1
            (g,) = torch.autograd.grad((x * x * (i + 1)).sum(), x)
            if not np.array_equal(g.numpy(), 2 * (i + 1) * v):
                wrong += 1
        results[i] = wrong
    run_threads(work, n_threads)
    assert results == {i: 0 for i in range(n_threads)}


def test_second_order_gradients_from_several_threads():
    torch = retrograd

    def work(i):
        for _ in range(100):
            x = torch.tensor([0.5 + i, -1.0], dtype=torch.float64, requires_grad=True)
            (g,) = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
            (h,) = torch.autograd.grad(g.sum(), x)
            assert h.tolist() == [6 * (0.5 + i), -6.0]
    run_threads(work, 4)


@pytest.mark.parametrize("n_threads", [2, 4])
def test_threads_accumulating_into_one_leaf_lose_no_update(n_threads):
    torch = retrograd
    w = torch.zeros(3, requires_grad=True)
    rounds = 300

    def work(i):
        for _ in range(rounds):
            (w * (i + 1)).sum().backward()
    run_threads(work, n_threads)
    total = sum(i + 1 for i in range(n_threads)) * rounds
    assert w.grad.tolist() == [float(total)] * 3


def test_two_threads_training_their_own_models_match_training_them_one_after_the_other():
    torch = retrograd
    nn = torch.nn

    def train(seed, steps=60):
        gen = torch.Generator().manual_seed(seed)
        X = torch.randn(32, 4, generator=gen)
        Y = X @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]]) + 0.1
        model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(torch.randn(p.shape, generator=gen) * 0.3)
        opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        losses = []
        for _ in range(steps):
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(X), Y)
            loss.backward()
            opt.step()
            with torch.no_grad():      # evaluation between steps, as training loops do
                model(X)
            losses.append(loss.item())
        return losses

    expected = {seed: train(seed) for seed in (1, 2, 3, 4)}
    got = {}

    def work(i):
        got[i + 1] = train(i + 1)
    run_threads(work, 4)
    assert got == expected


def test_generator_draws_from_several_threads_are_the_stream_split_between_them():
    """Threads sharing the default generator each get whole draws from its one stream."""
    torch = retrograd
    torch.manual_seed(0)
    whole = torch.rand(4000).tolist()
    torch.manual_seed(0)
    pieces = []

    def work(i):
        for _ in range(100):
            pieces.append(tuple(torch.rand(10).tolist()))
    run_threads(work, 4)
    assert sorted(pieces) == sorted(tuple(whole[k:k + 10]) for k in range(0, 4000, 10))


def test_a_backward_in_one_thread_does_not_turn_off_recording_in_another():
    """The engine runs a plain backward with grad mode off: that is its thread's mode."""
    torch = retrograd
    errors = []

    def backwarder(i):
        for _ in range(300):
            x = torch.ones(50, requires_grad=True)
            y = x
            for _ in range(20):
                y = y * 1.0001
            y.sum().backward()

    def forwarder(i):
        for _ in range(3000):
            x = torch.ones(2, requires_grad=True)
            if not (x * 2).requires_grad:
                errors.append("lost recording")
    t = threading.Thread(target=backwarder, args=(0,))
    t.start()
    forwarder(1)
    t.join()
    assert errors == []
