"""nn.functional derivatives against finite differences, in float64 along random
directions, first and second order (the double backward runs the same formulas on
tensors)."""
import numpy as np
import pytest

import retrograd as torch
import retrograd.nn.functional as F
from gradcheck_util import check_grad

T = torch.tensor([1, 0, 3, 2, 3])
IGNORED = torch.tensor([1, -100, 3, 2, -100])
W4 = torch.tensor([0.5, 1.0, 2.0, 1.5], dtype=torch.float64)


def sig(x):
    return torch.sigmoid(x)


CASES = {
    "softmax": (lambda x: F.softmax(x, 1), [(3, 4)]),
    "log_softmax": (lambda x: F.log_softmax(x, 0), [(3, 4)]),
    "gelu": (F.gelu, [(3, 4)]),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), [(3, 4)]),
    "silu": (F.silu, [(3, 4)]),
    "softplus": (lambda x: F.softplus(x, beta=2.0, threshold=3.0), [(3, 4)]),
    "leaky_relu": (lambda x: F.leaky_relu(x, 0.1), [(3, 4)]),
    "elu": (F.elu, [(3, 4)]),
    "hardtanh": (F.hardtanh, [(3, 4)]),
    "linear": (F.linear, [(4, 3), (2, 3), (2,)]),
    "linear_3d": (F.linear, [(2, 4, 3), (2, 3), (2,)]),
    "mse": (F.mse_loss, [(4, 3), (4, 3)]),
    "mse_none_broadcast": (lambda a, b: F.mse_loss(a, b, reduction="none"), [(4, 3), (4, 3)]),
    "huber": (lambda a, b: F.huber_loss(a, b, delta=0.8), [(4, 3), (4, 3)]),
    "smooth_l1": (lambda a, b: F.smooth_l1_loss(a, b, reduction="sum", beta=0.6),
                  [(4, 3), (4, 3)]),
    "l1": (F.l1_loss, [(4, 3), (4, 3)]),
    "cross_entropy": (lambda x: F.cross_entropy(x, T), [(5, 4)]),
    "cross_entropy_weight_ignore": (lambda x: F.cross_entropy(x, IGNORED, weight=W4),
                                    [(5, 4)]),
    "cross_entropy_smoothing": (lambda x: F.cross_entropy(x, T, label_smoothing=0.2),
                                [(5, 4)]),
    "cross_entropy_none": (lambda x: F.cross_entropy(x, T, reduction="none"), [(5, 4)]),
    "cross_entropy_probs": (lambda x, t: F.cross_entropy(x, F.softmax(t, 1)), [(5, 4), (5, 4)]),
    "nll_3d": (lambda x: F.nll_loss(x, torch.tensor([[0, 2], [1, 1]])), [(2, 3, 2)]),
    "bce": (lambda x, t: F.binary_cross_entropy(sig(x), sig(t)), [(2, 3), (2, 3)]),
    "bce_weight": (lambda x: F.binary_cross_entropy(
        sig(x), torch.tensor([[0.0, 1.0, 0.3]], dtype=torch.float64),
        weight=torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64)), [(1, 3)]),
    "bce_logits": (lambda x, t: F.binary_cross_entropy_with_logits(x, sig(t)),
                   [(2, 3), (2, 3)]),
    "bce_logits_pos_weight": (lambda x, t: F.binary_cross_entropy_with_logits(
        x, sig(t), pos_weight=torch.tensor([1.0, 3.0, 0.5], dtype=torch.float64),
        reduction="sum"), [(2, 3), (2, 3)]),
    "dropout_eval": (lambda x: F.dropout(x, 0.5, training=False), [(2, 3)]),
    "pad": (lambda x: F.pad(x, (1, 2, 0, 1)), [(2, 3)]),
    "pad_reflect": (lambda x: F.pad(x, (2, 1, 1, 1), mode="reflect"), [(1, 3, 4)]),
    "pad_replicate": (lambda x: F.pad(x, (3, 0), mode="replicate"), [(2, 3)]),
    "pad_circular": (lambda x: F.pad(x, (1, 2, 2, 1), mode="circular"), [(1, 1, 3, 3)]),
    "embedding": (lambda w: F.embedding(torch.tensor([[0, 2], [2, 3]]), w, padding_idx=1),
                  [(4, 3)]),
    "layer_norm": (lambda x, w, b: F.layer_norm(x, (4,), w, b), [(3, 4), (4,), (4,)]),
    "layer_norm_2d": (lambda x: F.layer_norm(x, (2, 3)), [(2, 2, 3)]),
    "batch_norm_train": (lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
                         [(4, 3, 2), (3,), (3,)]),
    "batch_norm_eval": (lambda x, w, b: F.batch_norm(
        x, torch.tensor([0.1, -0.2, 0.3], dtype=torch.float64),
        torch.tensor([1.5, 0.5, 2.0], dtype=torch.float64), w, b), [(4, 3), (3,), (3,)]),
    "conv2d": (lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1), [(2, 2, 5, 4),
                                                                          (3, 2, 3, 2), (3,)]),
    "conv2d_groups_dilation": (lambda x, w: F.conv2d(x, w, groups=2, dilation=2),
                               [(1, 4, 5, 5), (2, 2, 2, 2)]),
    "conv1d": (lambda x, w, b: F.conv1d(x, w, b, padding=1), [(2, 2, 5), (3, 2, 3), (3,)]),
    "max_pool": (lambda x: F.max_pool2d(x, 2), [(1, 2, 4, 4)]),
    "max_pool_pad": (lambda x: F.max_pool2d(x, 3, 2, 1), [(1, 1, 5, 5)]),
    "avg_pool": (lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False), [(1, 2, 5, 5)]),
    "adaptive_avg_pool": (lambda x: F.adaptive_avg_pool2d(x, (2, 3)), [(1, 2, 5, 4)]),
    "unfold": (lambda x: F.unfold(x, 2, padding=1), [(1, 2, 3, 3)]),
    "fold": (lambda x: F.fold(x, (3, 3), 2), [(1, 4, 4)]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradients_first_and_second_order(name):
    fn, shapes = CASES[name]
    rng = np.random.default_rng(1)
    arrays = [rng.standard_normal(s) for s in shapes]
    check_grad(fn, *arrays)


def test_node_names_of_double_backward_graph():
    x = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
    y = F.log_softmax(x, 1).sum()
    (g,) = torch.autograd.grad(y, x, create_graph=True)
    assert g.requires_grad and g.grad_fn is not None
