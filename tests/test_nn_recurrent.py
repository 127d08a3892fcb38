"""Recurrent, attention and transformer layers (and the layers that came with them) against
PyTorch: the programs of recurrent_cases.py must give what PyTorch gave (golden data always,
PyTorch itself when installed), raise what it raised, and every layer's gradient must agree
with finite differences in float64, to second order."""
import json
import os
import warnings

import numpy as np
import pytest

import retrograd as torch
import retrograd.nn.functional as F
from gradcheck_util import check_grad
from recurrent_cases import CASES, ERRORS
from test_nn_golden import assert_same, raised

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "nn_recurrent.json")
with open(GOLDEN) as f:
    _GOLDEN = json.load(f)
EXPECTED, ERRORS_EXPECTED = _GOLDEN["cases"], _GOLDEN["errors"]

TOLERANCE = dict(rtol=1e-4, atol=2e-5)    # float32, summed in another order than PyTorch


def tolerance(name):
    # training runs compound float32 rounding over many steps: 4 significant digits
    return dict(rtol=2e-4, atol=1e-5) if name.startswith("training") else TOLERANCE


def run(name, module):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return json.loads(json.dumps(CASES[name](module)))


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_golden(name):
    assert_same(run(name, torch), EXPECTED[name], name, **tolerance(name))


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_live_pytorch(name):
    real = pytest.importorskip("torch")
    assert_same(run(name, torch), run(name, real), name, **tolerance(name))


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_matches_golden(name):
    assert raised(ERRORS[name], torch) == ERRORS_EXPECTED[name]


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_matches_live_pytorch(name):
    real = pytest.importorskip("torch")
    assert raised(ERRORS[name], torch) == raised(ERRORS[name], real)


# --- gradients against finite differences, float64 --------------------------------------------
def _with_params(module, fn):
    """fn(params..., inputs...) -> output: the module's parameters as inputs, so that
    check_grad differentiates them too (loaded into a float64 copy of the module)."""
    names = [n for n, _ in module.named_parameters()]

    def call(*tensors):
        params, inputs = tensors[:len(names)], tensors[len(names):]
        for name, p in zip(names, params):
            owner = module.get_submodule(name.rpartition(".")[0])
            owner._parameters[name.rpartition(".")[2]] = p
        return fn(*inputs)
    arrays = [p.detach().numpy().copy() for p in module.parameters()]
    return call, arrays


def _flat_out(result):
    out = []
    for part in result if isinstance(result, tuple) else (result,):
        out.extend(_flat_out(part) if isinstance(part, tuple) else [part])
    return torch.cat([t.reshape(-1) for t in out if t is not None])


LAYERS = {
    "rnn_tanh_bidir_2layer": (lambda: torch.nn.RNN(2, 3, 2, bidirectional=True), [(3, 2, 2)]),
    "rnn_relu": (lambda: torch.nn.RNN(2, 3, nonlinearity="relu"), [(3, 2, 2)]),
    "lstm_bidir": (lambda: torch.nn.LSTM(2, 3, bidirectional=True), [(3, 2, 2)]),
    "lstm_proj_batch_first": (lambda: torch.nn.LSTM(2, 3, proj_size=2, batch_first=True),
                              [(2, 3, 2)]),
    "gru_2layer": (lambda: torch.nn.GRU(2, 3, 2), [(3, 2, 2)]),
    "rnn_cell": (lambda: torch.nn.RNNCell(2, 3), [(2, 2), (2, 3)]),
    "lstm_cell": (lambda: torch.nn.LSTMCell(2, 3), [(2, 2)]),
    "gru_cell": (lambda: torch.nn.GRUCell(2, 3), [(2, 2), (2, 3)]),
    "mha_cross": (lambda: torch.nn.MultiheadAttention(4, 2), [(3, 2, 4), (2, 2, 4)]),
    "mha_kdim_bias_kv": (lambda: torch.nn.MultiheadAttention(4, 2, kdim=3, vdim=2,
                                                             add_bias_kv=True,
                                                             add_zero_attn=True),
                         [(3, 2, 4), (2, 2, 3), (2, 2, 2)]),
    "encoder_layer": (lambda: torch.nn.TransformerEncoderLayer(4, 2, 6, dropout=0.0),
                      [(3, 2, 4)]),
    "decoder_layer_norm_first": (lambda: torch.nn.TransformerDecoderLayer(
        4, 2, 6, dropout=0.0, norm_first=True, activation="gelu"), [(3, 2, 4), (2, 2, 4)]),
    "conv_transpose2d": (lambda: torch.nn.ConvTranspose2d(2, 4, 2, stride=2, padding=1,
                                                          output_padding=1, groups=2),
                         [(1, 2, 3, 3)]),
    "conv_transpose1d": (lambda: torch.nn.ConvTranspose1d(2, 3, 3, stride=2, dilation=2),
                         [(2, 2, 4)]),
    "adaptive_max_pool2d": (lambda: torch.nn.AdaptiveMaxPool2d((2, 3)), [(2, 3, 5, 7)]),
    "adaptive_avg_pool1d": (lambda: torch.nn.AdaptiveAvgPool1d(3), [(2, 2, 7)]),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_gradients_float64(name):
    build, shapes = LAYERS[name]
    torch.manual_seed(0)
    module = build().double()

    def forward(*inputs):
        if name.startswith("mha"):
            q, k = inputs[0], inputs[1]
            return _flat_out(module(q, k, inputs[-1]))
        return _flat_out(module(*inputs))
    call, arrays = _with_params(module, forward)
    rng = np.random.default_rng(1)
    arrays += [rng.standard_normal(s) for s in shapes]
    check_grad(call, *arrays, order=2)


@pytest.mark.parametrize("kw", [{}, {"is_causal": True}, {"scale": 0.7},
                                {"attn_mask": torch.tensor([[True, False], [True, True],
                                                            [False, True]])}],
                         ids=["plain", "causal", "scale", "bool_mask"])
@pytest.mark.parametrize("batch", [(2,), (1, 2)], ids=["composed_3d", "fused_4d"])
def test_scaled_dot_product_attention_gradients_float64(kw, batch):
    rng = np.random.default_rng(2)
    arrays = [rng.standard_normal(batch + s) for s in ((3, 4), (2, 4), (2, 4))]
    check_grad(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, **kw), *arrays)


def test_packed_sequence_gradients_float64():
    rnn = torch.nn.utils.rnn
    torch.manual_seed(0)
    module = torch.nn.LSTM(2, 3, bidirectional=True).double()

    def forward(x):
        packed = rnn.pack_padded_sequence(x, [1, 3, 2], enforce_sorted=False)
        out, (h, c) = module(packed)
        return torch.cat([rnn.pad_packed_sequence(out)[0].reshape(-1), h.reshape(-1),
                          c.reshape(-1)])
    call, arrays = _with_params(module, forward)
    check_grad(call, *arrays, np.random.default_rng(3).standard_normal((3, 3, 2)))


def test_embedding_bag_gradients_float64():
    idx, offsets = torch.tensor([1, 2, 4, 5, 4, 3]), torch.tensor([0, 2, 2])
    psw = np.random.default_rng(4).standard_normal(6)
    for mode in ("mean", "max"):
        check_grad(lambda w: F.embedding_bag(idx, w, offsets, mode=mode, padding_idx=3),
                   np.random.default_rng(5).standard_normal((6, 3)))
    check_grad(lambda w, p: F.embedding_bag(idx, w, offsets, mode="sum",
                                            per_sample_weights=p),
               np.random.default_rng(5).standard_normal((6, 3)), psw)


# --- module behaviour -----------------------------------------------------------------------
def test_rnn_state_dict_round_trip_and_deepcopy():
    import copy
    torch.manual_seed(0)
    a = torch.nn.LSTM(2, 3, num_layers=2, bidirectional=True)
    b = torch.nn.LSTM(2, 3, num_layers=2, bidirectional=True)
    b.load_state_dict(a.state_dict())
    c = copy.deepcopy(a)
    x = torch.randn(4, 1, 2)
    assert torch.equal(a(x)[0], b(x)[0]) and torch.equal(a(x)[0], c(x)[0])
    assert c.weight_ih_l0 is not a.weight_ih_l0


def test_transformer_encoder_layers_start_equal_and_train_apart():
    torch.manual_seed(0)
    enc = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(4, 2, 6), 2,
                                      enable_nested_tensor=False)
    first, second = enc.layers
    assert torch.equal(first.linear1.weight, second.linear1.weight)
    assert first.linear1.weight is not second.linear1.weight


def test_dropout_mask_follows_memory_order():
    """A transposed input gets the mask PyTorch draws into its memory layout."""
    torch.manual_seed(0)
    plain = F.dropout(torch.ones(3, 4), 0.5)
    torch.manual_seed(0)
    transposed = F.dropout(torch.ones(3, 4).t(), 0.5)
    assert torch.equal(transposed, plain.t())


def _recurrent_run(module, kind, options, packed):
    """Seeded layer on seeded data: outputs, final states and every gradient, as arrays."""
    module.manual_seed(0)
    layer = getattr(module.nn, kind)(3, 5, **options)
    layer.train()
    shape = (3, 4, 3) if options["batch_first"] else (4, 3, 3)
    x = module.randn(*shape, requires_grad=True)
    if packed:
        x_in = module.nn.utils.rnn.pack_padded_sequence(
            x, [2, 4, 1], batch_first=options["batch_first"], enforce_sorted=False)
    else:
        x_in = x
    out, state = layer(x_in)
    if packed:
        out = module.nn.utils.rnn.pad_packed_sequence(out, batch_first=options["batch_first"])[0]
    states = state if isinstance(state, tuple) else (state,)
    total = (out * module.randn(out.shape)).sum()
    for s in states:
        total = total + (s * module.randn(s.shape)).sum()
    total.backward()
    arrays = [out, *states, x.grad] + [p.grad for p in layer.parameters()]
    return [a.detach().numpy() for a in arrays]


GRID = [(kind, dict(num_layers=layers, bidirectional=bidir, batch_first=bf, bias=bias,
                    dropout=0.3 if layers > 1 else 0.0), packed)
        for kind in ("RNN", "LSTM", "GRU") for layers in (1, 2) for bidir in (False, True)
        for bf in (False, True) for bias, packed in ((True, False), (False, True))]


@pytest.mark.parametrize("kind,options,packed", GRID,
                         ids=[f"{k}-{'-'.join(f'{n}={v}' for n, v in o.items())}-packed={p}"
                              for k, o, p in GRID])
def test_recurrent_grid_matches_live_pytorch(kind, options, packed):
    """Every combination of layers, directions, batch_first, bias and packing, in training
    mode (dropout between layers), against PyTorch."""
    real = pytest.importorskip("torch")
    ours, theirs = (_recurrent_run(m, kind, options, packed) for m in (torch, real))
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=2e-5)
