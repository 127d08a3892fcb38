"""Programs for the recurrent, attention and transformer layers (and the other layers that
came with them: transposed convolution, adaptive pooling, channel dropout, EmbeddingBag,
parameter containers, Adadelta, DataParallel), run unchanged by PyTorch and by retrograd.

Each case returns plain values: parameters right after construction (same seed, same
stream), outputs, final states, gradients of every input and parameter, node names, printed
modules. tests/golden/nn_recurrent.json is what PyTorch returned and raised
(tools/gen_golden_recurrent.py); tests/test_nn_recurrent.py compares. This module holds no
tests.
"""
from test_nn_cases import _node, _val

CASES = {}
ERRORS = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _flat(out):
    """The tensors of a layer's result, in order: output, then states (nested tuples)."""
    if isinstance(out, (tuple, list)):
        return [t for part in out for t in _flat(part)]
    if hasattr(out, "batch_sizes"):          # a PackedSequence: its data and batch sizes
        return [out.data, out.batch_sizes]
    return [] if out is None else [out]


def _layer(torch, build, shapes, call=None, train=False, seed=0,
           nodes=True, record_params=True):
    """Build under a seed, run on seeded inputs, backward <outputs, w> for random w."""
    torch.manual_seed(seed)
    m = build(torch)
    m.train(train)
    params = {name: _val(p) for name, p in m.named_parameters()}
    xs = [torch.randn(*s, requires_grad=True) for s in shapes]
    out = m(*xs) if call is None else call(torch, xs)
    tensors = [t for t in _flat(out) if t.dtype.is_floating_point]
    loss = sum((t * torch.randn(t.shape)).sum() for t in tensors if t.requires_grad)
    loss.backward()
    return {"repr": repr(m), "params": params if record_params else None,
            "out": [_val(t) for t in _flat(out)],
            "nodes": [_node(t) for t in tensors] if nodes else None,
            "input_grads": [_val(x.grad) if x.grad is not None else None for x in xs],
            "param_grads": {n: _val(p.grad) for n, p in m.named_parameters()
                            if p.grad is not None}}


# --- RNN, LSTM, GRU -------------------------------------------------------------------------
RNN_CONFIGS = {
    "rnn": ("RNN", (3, 4), {}, (5, 2, 3)),
    "rnn_relu_2layer_bidir": ("RNN", (3, 4), dict(num_layers=2, nonlinearity="relu",
                                                  bidirectional=True), (5, 2, 3)),
    "rnn_no_bias_batch_first": ("RNN", (3, 4), dict(bias=False, batch_first=True), (2, 5, 3)),
    "rnn_unbatched": ("RNN", (3, 4), {}, (5, 3)),
    "lstm": ("LSTM", (3, 4), {}, (5, 2, 3)),
    "lstm_2layer_bidir_batch_first": ("LSTM", (3, 4), dict(num_layers=2, bidirectional=True,
                                                           batch_first=True), (2, 5, 3)),
    "lstm_proj": ("LSTM", (3, 5), dict(proj_size=2, num_layers=2), (4, 2, 3)),
    "lstm_proj_bidir_unbatched": ("LSTM", (3, 5), dict(proj_size=3, bidirectional=True),
                                  (4, 3)),
    "gru": ("GRU", (3, 4), {}, (5, 2, 3)),
    "gru_3layer_no_bias": ("GRU", (3, 4), dict(num_layers=3, bias=False), (5, 2, 3)),
    "gru_bidir_unbatched_batch_first": ("GRU", (3, 4), dict(bidirectional=True,
                                                            batch_first=True), (5, 3)),
}


def _rnn_build(kind, args, kwargs):
    return lambda torch: getattr(torch.nn, kind)(*args, **kwargs)


# PyTorch runs a one-layer one-way batched LSTM through oneDNN, whose output node is
# MkldnnRnnLayerBackward0 (retrograd's is StackBackward0): its node names are not compared
ONEDNN = {"lstm"}


@case
def recurrent_layers(torch):
    return {name: _layer(torch, _rnn_build(kind, args, kw), [shape], nodes=name not in ONEDNN)
            for name, (kind, args, kw, shape) in RNN_CONFIGS.items()}


@case
def recurrent_dropout_training(torch):
    """Dropout between layers in training mode draws PyTorch's stream."""
    out = {}
    for kind in ("RNN", "LSTM", "GRU"):
        build = _rnn_build(kind, (3, 4), dict(num_layers=3, dropout=0.4, bidirectional=True))
        out[kind] = _layer(torch, build, [(5, 2, 3)], train=True)
    return out


def _with_state(kind, batched=True):
    """Call a layer with explicit initial states that require grad."""
    def call(torch, xs):
        m = call.module
        layers = m.num_layers * (2 if m.bidirectional else 1)
        shape = (layers, 2) if batched else (layers,)
        h = torch.randn(*shape, m.proj_size or m.hidden_size, requires_grad=True)
        call.states = [h]
        if kind == "LSTM":
            c = torch.randn(*shape, m.hidden_size, requires_grad=True)
            call.states.append(c)
            return m(xs[0], (h, c))
        return m(xs[0], h)
    return call


@case
def recurrent_initial_states(torch):
    out = {}
    for kind, kw, shape in (("RNN", dict(num_layers=2), (4, 2, 3)),
                            ("LSTM", dict(bidirectional=True, proj_size=2), (4, 2, 3)),
                            ("GRU", dict(batch_first=True), (2, 4, 3)),
                            ("LSTM", {}, (4, 3)), ("GRU", {}, (4, 3))):
        torch.manual_seed(1)
        m = getattr(torch.nn, kind)(3, 4, **kw)
        x = torch.randn(*shape, requires_grad=True)
        call = _with_state(kind, batched=len(shape) == 3)
        call.module = m
        result = call(torch, [x])
        tensors = _flat(result)
        sum((t * torch.randn(t.shape)).sum() for t in tensors).backward()
        out[f"{kind}_{len(out)}"] = {
            "out": [_val(t) for t in tensors], "nodes": [_node(t) for t in tensors],
            "x_grad": _val(x.grad), "state_grads": [_val(s.grad) for s in call.states],
            "param_grads": [_val(p.grad) for p in m.parameters()]}
    return out


@case
def recurrent_module_api(torch):
    m = torch.nn.LSTM(2, 3, num_layers=2, bidirectional=True, proj_size=1)
    g = torch.nn.GRU(2, 3)
    return {"names": m._flat_weights_names,
            "all_weights": [[tuple(p.shape) for p in layer] for layer in m.all_weights],
            "state_dict": [(k, tuple(v.shape)) for k, v in m.state_dict().items()],
            "reprs": [repr(torch.nn.RNN(2, 3, 2, nonlinearity="relu", dropout=0.5)),
                      repr(torch.nn.LSTM(2, 3, bias=False, batch_first=True)), repr(g),
                      repr(torch.nn.GRU(2, 3, num_layers=2, dropout=0.25,
                                        bidirectional=True))],
            "attrs": [g.input_size, g.hidden_size, g.num_layers, g.bias, g.batch_first,
                      g.dropout, g.bidirectional, g.mode, m.proj_size],
            "double": str(torch.nn.GRU(2, 3).double()(torch.ones(1, 1, 2,
                                                                 dtype=torch.float64))[0].dtype)}


# --- cells ----------------------------------------------------------------------------------
@case
def recurrent_cells(torch):
    F = {"RNNCell": [dict(), dict(nonlinearity="relu", bias=False)],
         "LSTMCell": [dict(), dict(bias=False)], "GRUCell": [dict(), dict(bias=False)]}
    out = {}
    for kind, options in F.items():
        for kw in options:
            for shape in ((2, 3), (3,)):
                name = f"{kind}_{sorted(kw.items())}_{len(shape)}d"
                out[name] = _layer(torch, lambda t: getattr(t.nn, kind)(3, 4, **kw), [shape])
    return out


@case
def recurrent_cells_with_state(torch):
    torch.manual_seed(2)
    out = {}
    for kind in ("RNNCell", "LSTMCell", "GRUCell"):
        cell = getattr(torch.nn, kind)(3, 4)
        x = torch.randn(6, 2, 3, requires_grad=True)
        h = torch.randn(2, 4, requires_grad=True)
        c = torch.randn(2, 4, requires_grad=True)
        state = (h, c) if kind == "LSTMCell" else h
        outs = []
        for t in range(6):      # the cell unrolled by hand, as tutorials do
            state = cell(x[t], state)
            outs.append(state[0] if kind == "LSTMCell" else state)
        total = torch.stack(outs).sum() + (state[1].sum() if kind == "LSTMCell" else 0)
        total.backward()
        out[kind] = {"last": _val(outs[-1]), "x_grad": _val(x.grad), "h_grad": _val(h.grad),
                     "c_grad": _val(c.grad) if kind == "LSTMCell" else None,
                     "node": _node(outs[-1])}
    return out


# --- nn.utils.rnn ---------------------------------------------------------------------------
@case
def rnn_utils(torch):
    rnn = torch.nn.utils.rnn
    torch.manual_seed(3)
    a, b, c = (torch.randn(n, 2, requires_grad=True) for n in (3, 1, 4))
    padded = rnn.pad_sequence([a, b, c])
    padded_bf = rnn.pad_sequence([a, b, c], batch_first=True, padding_value=-1.0)
    padded_left = rnn.pad_sequence([a, b, c], batch_first=True, padding_side="left")
    packed = rnn.pack_padded_sequence(padded, torch.tensor([3, 1, 4]), enforce_sorted=False)
    packed_list = rnn.pack_padded_sequence(padded_bf[[2, 0, 1]], [4, 3, 1], batch_first=True)
    seq = rnn.pack_sequence([c, a, b])
    seq_unsorted = rnn.pack_sequence([a, b, c], enforce_sorted=False)
    unpacked, lengths = rnn.pad_packed_sequence(packed)
    unpacked_bf, lengths_bf = rnn.pad_packed_sequence(packed, batch_first=True,
                                                      padding_value=9.0, total_length=6)
    (unpacked.sum() * 2 + (unpacked_bf * unpacked_bf).sum() + packed_list.data.sum()).backward()
    return {"padded": [_val(padded), _node(padded), _val(padded_bf), _val(padded_left)],
            "packed": [_val(packed.data), _val(packed.batch_sizes), _val(packed.sorted_indices),
                       _val(packed.unsorted_indices), _node(packed.data)],
            "packed_list": [_val(packed_list.data), _val(packed_list.batch_sizes),
                            packed_list.sorted_indices, packed_list.unsorted_indices],
            "seq": [_val(seq.data), _val(seq.batch_sizes), _val(seq_unsorted.data),
                    _val(seq_unsorted.sorted_indices)],
            "unpacked": [_val(unpacked), _val(lengths), str(lengths.dtype), _node(unpacked),
                         _val(unpacked_bf), _val(lengths_bf), _node(unpacked_bf)],
            "grads": [_val(a.grad), _val(b.grad), _val(c.grad)],
            "repr": repr(seq), "fields": list(seq._fields), "is_tuple": isinstance(seq, tuple),
            "double": str(seq.double().data.dtype),
            "unpad": [_val(t) for t in rnn.unpad_sequence(padded, torch.tensor([3, 1, 4]))],
            "unpack": [_val(t) for t in rnn.unpack_sequence(seq_unsorted)]}


@case
def recurrent_packed(torch):
    """Layers on a PackedSequence: sequences of lengths 2, 5, 3 (unsorted), padded back."""
    rnn = torch.nn.utils.rnn
    out = {}
    for name, kind, kw in (("rnn", "RNN", {}), ("lstm_bidir", "LSTM", dict(bidirectional=True)),
                           ("gru_2layer_bidir", "GRU", dict(num_layers=2, bidirectional=True)),
                           ("lstm_proj_batch_first", "LSTM", dict(proj_size=2,
                                                                  batch_first=True))):
        def call(torch, xs, kw=kw, kind=kind):
            m = call.m
            bf = kw.get("batch_first", False)
            packed = rnn.pack_padded_sequence(xs[0], [2, 5, 3], batch_first=bf,
                                              enforce_sorted=False)
            result, state = m(packed)
            padded, lengths = rnn.pad_packed_sequence(result, batch_first=bf)
            return padded, state

        def build(torch, kind=kind, kw=kw, call=call):
            call.m = getattr(torch.nn, kind)(3, 4 if "proj_size" not in kw else 5, **kw)
            return call.m
        shape = (3, 5, 3) if kw.get("batch_first") else (5, 3, 3)
        out[name] = _layer(torch, build, [shape], call)
    return out


@case
def recurrent_packed_with_state(torch):
    rnn = torch.nn.utils.rnn
    torch.manual_seed(4)
    m = torch.nn.GRU(2, 3, bidirectional=True)
    x = torch.randn(4, 3, 2, requires_grad=True)
    h0 = torch.randn(2, 3, 3, requires_grad=True)
    packed = rnn.pack_padded_sequence(x, torch.tensor([1, 4, 2]), enforce_sorted=False)
    result, h = m(packed, h0)
    (result.data.sum() + (h * h).sum()).backward()
    return {"data": _val(result.data), "h": _val(h), "h_node": _node(h),
            "data_node": _node(result.data), "x_grad": _val(x.grad), "h0_grad": _val(h0.grad),
            "sorted": _val(result.sorted_indices)}


# --- attention ------------------------------------------------------------------------------
def _mha(torch, kw, shapes, call_kw, train=False):
    def call(torch, xs):
        q = xs[0]
        k = xs[1] if len(xs) > 1 else q
        v = xs[2] if len(xs) > 2 else k
        return call.m(q, k, v, **call_kw(torch))

    def build(torch):
        call.m = torch.nn.MultiheadAttention(**kw)
        return call.m
    return _layer(torch, build, shapes, call, train=train)


MHA_CONFIGS = {
    "self": (dict(), [(3, 2, 4)], lambda t: {}),
    "self_no_weights": (dict(), [(3, 2, 4)], lambda t: {"need_weights": False}),
    "cross_per_head": (dict(), [(3, 2, 4), (5, 2, 4)], lambda t: {"average_attn_weights": False}),
    "batch_first_key_padding": (dict(batch_first=True), [(2, 3, 4), (2, 5, 4), (2, 5, 4)],
                                lambda t: {"key_padding_mask": t.tensor([[False] * 4 + [True],
                                                                         [False] * 5])}),
    "key_padding_no_weights": (dict(batch_first=True), [(2, 3, 4), (2, 5, 4), (2, 5, 4)],
                               lambda t: {"key_padding_mask": t.tensor([[False] * 4 + [True],
                                                                        [False] * 5]),
                                          "need_weights": False}),
    "causal_bool_mask": (dict(), [(3, 2, 4)],
                         lambda t: {"attn_mask": t.triu(t.ones(3, 3, dtype=t.bool), 1),
                                    "need_weights": False, "is_causal": True}),
    "float_mask": (dict(), [(3, 2, 4)],
                   lambda t: {"attn_mask": t.triu(t.full((3, 3), float("-inf")), 1)}),
    "mask_3d": (dict(), [(3, 2, 4)], lambda t: {"attn_mask": t.rand(4, 3, 3) > 0.3}),
    "kdim_vdim_bias_kv_zero_attn": (dict(kdim=3, vdim=5, add_bias_kv=True, add_zero_attn=True),
                                    [(3, 2, 4), (6, 2, 3), (6, 2, 5)], lambda t: {}),
    "unbatched_no_bias": (dict(bias=False), [(3, 4)], lambda t: {}),
    "four_heads": (dict(embed_dim=8, num_heads=4), [(3, 2, 8), (4, 2, 8)], lambda t: {}),
}


@case
def multihead_attention(torch):
    out = {}
    for name, (kw, shapes, call_kw) in MHA_CONFIGS.items():
        kw = dict(dict(embed_dim=4, num_heads=2), **kw)
        out[name] = _mha(torch, kw, shapes, call_kw)
    for name in ("self", "self_no_weights"):    # attention dropout, in training mode
        out[name + "_dropout"] = _mha(torch, dict(embed_dim=4, num_heads=2, dropout=0.3),
                                      [(3, 2, 4)], MHA_CONFIGS[name][2], train=True)
    return out


@case
def scaled_dot_product_attention(torch):
    F = torch.nn.functional
    out = {}
    options = {"plain": {}, "causal": {"is_causal": True}, "scale": {"scale": 0.3},
               "bool_mask": {"attn_mask": "bool"}, "float_mask": {"attn_mask": "float"},
               "dropout": {"dropout_p": 0.4}, "fully_masked_row": {"attn_mask": "dead"}}
    for shape in ((2, 3, 4), (2, 2, 3, 4)):
        for name, kw in options.items():
            torch.manual_seed(1)
            q = torch.randn(*shape, requires_grad=True)
            k, v = (torch.randn(*shape[:-2], 5, 4, requires_grad=True) for _ in range(2))
            kw = dict(kw)
            if kw.get("attn_mask") == "bool":
                kw["attn_mask"] = torch.rand(3, 5) > 0.4
            elif kw.get("attn_mask") == "float":
                kw["attn_mask"] = torch.randn(3, 5)
            elif kw.get("attn_mask") == "dead":
                kw["attn_mask"] = torch.tensor([[True] * 5, [False] * 5, [True, False] * 2
                                                + [True]])
            o = F.scaled_dot_product_attention(q, k, v, **kw)
            (o * torch.randn(o.shape)).sum().backward()
            out[f"{len(shape)}d_{name}"] = {
                "out": _val(o), "grads": [_val(t.grad) for t in (q, k, v)], "node": _node(o)}
    extra = {   # which kernel PyTorch picks: shared batch dims and head size, no dropout
        "gqa": ((2, 4, 3, 4), (2, 2, 5, 4), (2, 2, 5, 4), {"enable_gqa": True}),
        "causal_not_square": ((2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 4), {"is_causal": True}),
        "value_size": ((2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 6), {}),
        "broadcast_batch": ((2, 2, 3, 4), (1, 2, 5, 4), (1, 2, 5, 4), {}),
        "mask_4d": ((2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 4), {"attn_mask": (2, 2, 3, 5)}),
        "5d": ((1, 2, 2, 3, 4), (1, 2, 2, 5, 4), (1, 2, 2, 5, 4), {}),
    }
    for name, (qs, ks, vs, kw) in extra.items():
        torch.manual_seed(2)
        q, k, v = (torch.randn(*s, requires_grad=True) for s in (qs, ks, vs))
        if "attn_mask" in kw:
            kw = dict(kw, attn_mask=torch.randn(*kw["attn_mask"]))
        o = F.scaled_dot_product_attention(q, k, v, **kw)
        (o * torch.randn(o.shape)).sum().backward()
        out[name] = {"out": _val(o), "grads": [_val(t.grad) for t in (q, k, v)],
                     "node": _node(o)}
    return out


# --- transformer ----------------------------------------------------------------------------
def _square_mask(torch, n):
    return torch.nn.Transformer.generate_square_subsequent_mask(n)


TRANSFORMER_CONFIGS = {
    "encoder_layer": (lambda t: t.nn.TransformerEncoderLayer(4, 2, 6), [(5, 2, 4)], {}),
    "encoder_layer_gelu_norm_first_batch_first": (
        lambda t: t.nn.TransformerEncoderLayer(4, 2, 6, activation="gelu", norm_first=True,
                                               batch_first=True), [(2, 5, 4)],
        {"src_key_padding_mask": lambda t: t.tensor([[False] * 4 + [True], [False] * 5])}),
    "encoder_layer_module_activation_no_bias_causal": (
        lambda t: t.nn.TransformerEncoderLayer(4, 2, 6, activation=t.nn.GELU(), bias=False),
        [(5, 2, 4)], {"src_mask": lambda t: _square_mask(t, 5), "is_causal": lambda t: True}),
    "decoder_layer": (lambda t: t.nn.TransformerDecoderLayer(4, 2, 6), [(4, 2, 4), (5, 2, 4)],
                      {"tgt_mask": lambda t: _square_mask(t, 4)}),
    "decoder_layer_norm_first_batch_first": (
        lambda t: t.nn.TransformerDecoderLayer(4, 2, 6, norm_first=True, batch_first=True),
        [(2, 4, 4), (2, 5, 4)],
        {"memory_key_padding_mask": lambda t: t.tensor([[False] * 4 + [True], [False] * 5])}),
    "encoder": (lambda t: t.nn.TransformerEncoder(t.nn.TransformerEncoderLayer(4, 2, 6), 2,
                                                  t.nn.LayerNorm(4)), [(5, 2, 4)],
                {"mask": lambda t: _square_mask(t, 5)}),
    "decoder": (lambda t: t.nn.TransformerDecoder(t.nn.TransformerDecoderLayer(4, 2, 6), 2),
                [(4, 2, 4), (5, 2, 4)], {}),
    "transformer": (lambda t: t.nn.Transformer(4, 2, 2, 1, 6), [(5, 2, 4), (4, 2, 4)],
                    {"tgt_mask": lambda t: _square_mask(t, 4)}),
    "transformer_unbatched": (lambda t: t.nn.Transformer(4, 2, 1, 1, 6, norm_first=True),
                              [(5, 4), (4, 4)], {}),
}


@case
def transformer_layers(torch):
    out = {}
    for name, (build, shapes, kw) in TRANSFORMER_CONFIGS.items():
        for train in (False, True):
            def call(torch, xs, kw=kw):
                return call.m(*xs, **{k: f(torch) for k, f in kw.items()})

            def make(torch, build=build, call=call):
                call.m = build(torch)
                return call.m
            out[f"{name}_{'train' if train else 'eval'}"] = _layer(torch, make, shapes, call,
                                                                   train=train,
                                                                   record_params=not train)
    out["square_mask"] = _val(_square_mask(torch, 3))
    return out


# --- the other layers -----------------------------------------------------------------------
OTHER_CONFIGS = {
    "conv_transpose2d": (lambda t: t.nn.ConvTranspose2d(2, 4, 3), [(2, 2, 5, 4)], {}),
    "conv_transpose2d_stride_pad_groups": (
        lambda t: t.nn.ConvTranspose2d(2, 4, 3, stride=2, padding=1, output_padding=1,
                                       groups=2), [(2, 2, 5, 4)], {}),
    "conv_transpose2d_dilation_unbatched": (
        lambda t: t.nn.ConvTranspose2d(4, 2, (2, 3), stride=(2, 1), dilation=2, bias=False),
        [(4, 3, 3)], {}),
    "conv_transpose2d_output_size": (lambda t: t.nn.ConvTranspose2d(2, 3, 3, stride=2),
                                     [(1, 2, 4, 4)], {"output_size": (10, 10)}),
    "conv_transpose1d": (lambda t: t.nn.ConvTranspose1d(2, 4, 3, stride=3, padding=1,
                                                        output_padding=2, groups=2),
                         [(2, 2, 7)], {}),
    "conv_transpose1d_unbatched": (lambda t: t.nn.ConvTranspose1d(3, 2, 2), [(3, 5)], {}),
    "adaptive_avg_pool1d": (lambda t: t.nn.AdaptiveAvgPool1d(3), [(2, 3, 7)], {}),
    "adaptive_avg_pool1d_to_one": (lambda t: t.nn.AdaptiveAvgPool1d(1), [(3, 7)], {}),
    "adaptive_max_pool2d": (lambda t: t.nn.AdaptiveMaxPool2d((2, 3)), [(2, 3, 5, 7)], {}),
    "adaptive_max_pool2d_indices": (lambda t: t.nn.AdaptiveMaxPool2d((None, 3),
                                                                     return_indices=True),
                                    [(3, 5, 7)], {}),
    "adaptive_max_pool1d_indices": (lambda t: t.nn.AdaptiveMaxPool1d(4, return_indices=True),
                                    [(2, 3, 9)], {}),
    "dropout1d": (lambda t: t.nn.Dropout1d(0.4), [(3, 5, 4)], {}),
    "dropout1d_unbatched": (lambda t: t.nn.Dropout1d(0.4), [(5, 4)], {}),
    "dropout2d": (lambda t: t.nn.Dropout2d(0.3), [(3, 5, 4, 2)], {}),
    "dropout2d_3d": (lambda t: t.nn.Dropout2d(0.3), [(3, 5, 4)], {}),
}


@case
def other_layers(torch):
    out = {}
    for name, (build, shapes, kw) in OTHER_CONFIGS.items():
        def call(torch, xs, kw=kw):
            return call.m(*xs, **kw)

        def make(torch, build=build, call=call):
            call.m = build(torch)
            return call.m
        out[name] = _layer(torch, make, shapes, call, train=True)
    F = torch.nn.functional
    torch.manual_seed(5)
    x = torch.randn(1, 2, 3, 3, requires_grad=True)
    w = torch.randn(2, 3, 2, 2, requires_grad=True)
    y = F.conv_transpose2d(x, w, stride=2)
    y.sum().backward()
    out["functional_conv_transpose2d"] = [_val(y), _val(x.grad), _val(w.grad), _node(y)]
    values, indices = F.adaptive_max_pool2d(torch.tensor([[[1., 5., 5.], [2., 0., 7.]]]), 2,
                                            return_indices=True)
    out["adaptive_max_ties"] = [_val(values), _val(indices)]
    out["dropout_eval"] = _val(torch.nn.Dropout2d().eval()(torch.ones(2, 2, 1, 1)))
    return out


EMBEDDING_BAGS = {
    "mean_2d": (dict(), [[1, 2, 4], [4, 3, 9]], None, None),
    "sum_offsets_empty_bag": (dict(mode="sum"), [1, 2, 4, 5, 4, 3, 2, 9], [0, 4, 4], None),
    "max_padding": (dict(mode="max", padding_idx=2), [1, 2, 4, 5, 4, 3, 2, 9], [0, 3], None),
    "mean_padding_last_offset": (dict(padding_idx=2, include_last_offset=True),
                                 [1, 2, 4, 5, 4, 3, 2, 9], [0, 3, 8], None),
    "sum_per_sample_weights": (dict(mode="sum"), [1, 2, 4, 5], [0, 2], [0.5, 1.0, 2.0, -1.0]),
}


@case
def embedding_bag(torch):
    out = {}
    for name, (kw, idx, offsets, psw) in EMBEDDING_BAGS.items():
        torch.manual_seed(6)
        bag = torch.nn.EmbeddingBag(10, 3, **kw)
        args = {} if offsets is None else {"offsets": torch.tensor(offsets)}
        weights = None
        if psw is not None:
            weights = torch.tensor(psw, requires_grad=True)
            args["per_sample_weights"] = weights
        y = bag(torch.tensor(idx), **args)
        (y * torch.arange(float(y.numel())).reshape(y.shape)).sum().backward()
        out[name] = {"repr": repr(bag), "weight": _val(bag.weight), "out": _val(y),
                     "node": _node(y),
                     "grad": _val(bag.weight.grad),
                     "psw_grad": None if weights is None else _val(weights.grad)}
    return out


@case
def parameter_containers(torch):
    nn = torch.nn
    torch.manual_seed(7)
    plist = nn.ParameterList([nn.Parameter(torch.randn(2, 3)), torch.ones(2).double()])
    plist.append(nn.Parameter(torch.zeros(1)))
    plist[0] = nn.Parameter(torch.full((2, 2), 3.0))
    pdict = nn.ParameterDict({"a": nn.Parameter(torch.ones(2)), "b": torch.zeros(3, 1)})
    pdict["c"] = nn.Parameter(torch.ones(1, 1, 2))

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.ws = nn.ParameterList([nn.Parameter(torch.ones(2)) for _ in range(2)])
            self.bs = nn.ParameterDict({"x": nn.Parameter(torch.zeros(2))})

        def forward(self, v):
            return (v * self.ws[0] * self.ws[1] + self.bs["x"]).sum()

    model = Model()
    model(torch.tensor([1.0, 2.0])).backward()
    return {"plist": repr(plist), "plist_len": len(plist),
            "plist_names": [n for n, _ in plist.named_parameters()],
            "plist_requires_grad": [p.requires_grad for p in plist],
            "plist_slice": repr(plist[1:]),
            "pdict": repr(pdict), "pdict_keys": list(pdict.keys()), "in": "a" in pdict,
            "model": repr(model), "model_keys": list(model.state_dict()),
            "grads": [_val(p.grad) for p in model.parameters()]}


@case
def adadelta(torch):
    out = {}
    for kw in (dict(), dict(lr=0.5, rho=0.8, eps=1e-4, weight_decay=0.1),
               dict(maximize=True)):
        torch.manual_seed(8)
        model = torch.nn.Linear(3, 2)
        opt = torch.optim.Adadelta(model.parameters(), **kw)
        x, y = torch.randn(5, 3), torch.randn(5, 2)
        losses = []
        for _ in range(5):
            opt.zero_grad()
            loss = ((model(x) - y) ** 2).mean()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        state = opt.state_dict()["state"][0]
        out[str(sorted(kw.items()))] = {"losses": losses, "weight": _val(model.weight),
                                        "state_keys": sorted(state),
                                        "acc_delta": _val(state["acc_delta"])}
    out["repr"] = repr(torch.optim.Adadelta([torch.nn.Parameter(torch.ones(2))]))
    return out


@case
def data_parallel(torch):
    torch.manual_seed(9)
    inner = torch.nn.Linear(3, 2)
    model = torch.nn.DataParallel(inner)
    x = torch.randn(4, 3)
    y = model(x)
    y.sum().backward()
    return {"repr": repr(model), "keys": list(model.state_dict()), "out": _val(y),
            "same_module": model.module is inner, "grad": _val(inner.weight.grad),
            "device_ids": model.device_ids,
            "parallel_name": type(torch.nn.parallel.DataParallel(inner)).__name__}


# --- errors ---------------------------------------------------------------------------------
def _x(torch, *shape, **kw):
    return torch.zeros(*shape, **kw)


ERROR_PROGRAMS = {
    "rnn_input_4d": lambda t: t.nn.RNN(3, 4)(_x(t, 1, 2, 3, 3)),
    "lstm_input_1d": lambda t: t.nn.LSTM(3, 4)(_x(t, 3)),
    "gru_input_4d": lambda t: t.nn.GRU(3, 4)(_x(t, 1, 2, 3, 3)),
    "rnn_input_size": lambda t: t.nn.RNN(3, 4)(_x(t, 5, 2, 2)),
    "rnn_dtype": lambda t: t.nn.RNN(3, 4)(_x(t, 5, 2, 3, dtype=t.float64)),
    "rnn_hidden_size": lambda t: t.nn.RNN(3, 4)(_x(t, 5, 2, 3), _x(t, 1, 3, 4)),
    "rnn_hidden_dims_batched": lambda t: t.nn.RNN(3, 4)(_x(t, 5, 2, 3), _x(t, 2, 4)),
    "rnn_hidden_dims_unbatched": lambda t: t.nn.GRU(3, 4)(_x(t, 5, 3), _x(t, 1, 2, 4)),
    "lstm_hidden0": lambda t: t.nn.LSTM(3, 4)(_x(t, 5, 2, 3), (_x(t, 1, 3, 4), _x(t, 1, 2, 4))),
    "lstm_hidden1": lambda t: t.nn.LSTM(3, 4)(_x(t, 5, 2, 3), (_x(t, 1, 2, 4), _x(t, 1, 2, 5))),
    "lstm_hx_dims": lambda t: t.nn.LSTM(3, 4)(_x(t, 5, 2, 3), (_x(t, 2, 4), _x(t, 1, 2, 4))),
    "lstm_hx_dims_unbatched": lambda t: t.nn.LSTM(3, 4)(_x(t, 5, 3), (_x(t, 1, 4),
                                                                      _x(t, 1, 1, 4))),
    "lstm_proj_hidden": lambda t: t.nn.LSTM(3, 4, proj_size=2)(
        _x(t, 5, 2, 3), (_x(t, 1, 2, 4), _x(t, 1, 2, 4))),
    "rnn_empty_sequence": lambda t: t.nn.LSTM(2, 3)(_x(t, 0, 2, 2)),
    "gru_proj": lambda t: t.nn.GRU(3, 4, proj_size=2),
    "lstm_proj_too_big": lambda t: t.nn.LSTM(3, 4, proj_size=4),
    "lstm_proj_negative": lambda t: t.nn.LSTM(3, 4, proj_size=-1),
    "rnn_nonlinearity": lambda t: t.nn.RNN(3, 4, nonlinearity="sigmoid"),
    "rnn_dropout_range": lambda t: t.nn.RNN(3, 4, dropout=1.5),
    "rnn_dropout_bool": lambda t: t.nn.RNN(3, 4, dropout=True),
    "rnn_hidden_zero": lambda t: t.nn.RNN(3, 0),
    "rnn_input_float": lambda t: t.nn.RNN(3.0, 4),
    "rnn_layers_zero": lambda t: t.nn.GRU(3, 4, num_layers=0),
    "rnn_bias_type": lambda t: t.nn.GRU(3, 4, bias=1),
    "packed_input_dims": lambda t: t.nn.GRU(3, 4)(t.nn.utils.rnn.pack_sequence(
        [_x(t, 2, 2, 3)])),
    "cell_input_size": lambda t: t.nn.RNNCell(3, 4)(_x(t, 2, 5)),
    "cell_batch": lambda t: t.nn.RNNCell(3, 4)(_x(t, 2, 3), _x(t, 3, 4)),
    "cell_hidden_size": lambda t: t.nn.GRUCell(3, 4)(_x(t, 2, 3), _x(t, 2, 5)),
    "lstm_cell_c_batch": lambda t: t.nn.LSTMCell(3, 4)(_x(t, 2, 3), (_x(t, 2, 4), _x(t, 3, 4))),
    "cell_input_3d": lambda t: t.nn.LSTMCell(3, 4)(_x(t, 1, 2, 3)),
    "cell_hidden_3d": lambda t: t.nn.RNNCell(3, 4)(_x(t, 2, 3), _x(t, 1, 2, 4)),
    "lstm_cell_hx_3d": lambda t: t.nn.LSTMCell(3, 4)(_x(t, 2, 3), (_x(t, 2, 4), _x(t, 1, 2, 4))),
    "pack_unsorted": lambda t: t.nn.utils.rnn.pack_padded_sequence(_x(t, 3, 2, 1), [2, 3]),
    "pack_zero_length": lambda t: t.nn.utils.rnn.pack_padded_sequence(_x(t, 3, 2, 1), [3, 0]),
    "pack_lengths_count": lambda t: t.nn.utils.rnn.pack_padded_sequence(_x(t, 3, 2, 1), [3]),
    "pad_packed_total_length": lambda t: t.nn.utils.rnn.pad_packed_sequence(
        t.nn.utils.rnn.pack_sequence([_x(t, 3, 1)]), total_length=2),
    "pad_sequence_not_iterable": lambda t: t.nn.utils.rnn.pad_sequence(5),
    "mha_heads": lambda t: t.nn.MultiheadAttention(5, 2),
    "mha_zero": lambda t: t.nn.MultiheadAttention(0, 2),
    "mha_kv_shapes": lambda t: t.nn.MultiheadAttention(4, 1)(_x(t, 3, 1, 4), _x(t, 5, 1, 3),
                                                             _x(t, 5, 1, 4)),
    "mha_mask_2d": lambda t: t.nn.MultiheadAttention(4, 1)(
        _x(t, 3, 1, 4), _x(t, 5, 1, 4), _x(t, 5, 1, 4), attn_mask=t.ones(3, 3, dtype=t.bool)),
    "mha_mask_3d": lambda t: t.nn.MultiheadAttention(4, 2)(
        _x(t, 3, 1, 4), _x(t, 5, 1, 4), _x(t, 5, 1, 4), attn_mask=t.ones(1, 3, 5)),
    "mha_causal_without_mask": lambda t: t.nn.MultiheadAttention(4, 1)(
        _x(t, 3, 1, 4), _x(t, 3, 1, 4), _x(t, 3, 1, 4), is_causal=True),
    "mha_query_1d": lambda t: t.nn.MultiheadAttention(4, 1)(_x(t, 4), _x(t, 4), _x(t, 4)),
    "mha_key_dims": lambda t: t.nn.MultiheadAttention(4, 1)(_x(t, 3, 1, 4), _x(t, 3, 4),
                                                            _x(t, 3, 4)),
    "mha_key_padding_dims": lambda t: t.nn.MultiheadAttention(4, 1)(
        _x(t, 3, 1, 4), _x(t, 3, 1, 4), _x(t, 3, 1, 4), key_padding_mask=t.zeros(3)),
    "mha_key_padding_batch": lambda t: t.nn.MultiheadAttention(4, 1)(
        _x(t, 3, 2, 4), _x(t, 3, 2, 4), _x(t, 3, 2, 4),
        key_padding_mask=t.zeros(3, 3, dtype=t.bool)),
    "mha_embed_dim": lambda t: t.nn.MultiheadAttention(4, 1)(_x(t, 3, 1, 5), _x(t, 3, 1, 5),
                                                             _x(t, 3, 1, 5)),
    "mha_int_mask": lambda t: t.nn.MultiheadAttention(4, 1)(
        _x(t, 3, 1, 4), _x(t, 3, 1, 4), _x(t, 3, 1, 4), attn_mask=t.zeros(3, 3).long()),
    "sdpa_mask_and_causal": lambda t: t.nn.functional.scaled_dot_product_attention(
        _x(t, 1, 2, 4), _x(t, 1, 3, 4), _x(t, 1, 3, 4), attn_mask=t.ones(2, 3, dtype=t.bool),
        is_causal=True),
    "sdpa_head_dims": lambda t: t.nn.functional.scaled_dot_product_attention(
        _x(t, 1, 2, 4), _x(t, 1, 3, 3), _x(t, 1, 3, 4)),
    "transformer_activation": lambda t: t.nn.TransformerEncoderLayer(4, 1, activation="tanh"),
    "transformer_batch": lambda t: t.nn.Transformer(4, 1, 1, 1, 8)(_x(t, 3, 2, 4),
                                                                   _x(t, 3, 3, 4)),
    "transformer_features": lambda t: t.nn.Transformer(4, 1, 1, 1, 8)(_x(t, 3, 2, 4),
                                                                      _x(t, 3, 2, 5)),
    "conv_transpose_channels": lambda t: t.nn.ConvTranspose2d(2, 3, 2)(_x(t, 1, 3, 4, 4)),
    "conv_transpose_dims": lambda t: t.nn.ConvTranspose1d(2, 3, 2)(_x(t, 1, 1, 2, 4)),
    "conv_transpose_output_padding": lambda t: t.nn.functional.conv_transpose2d(
        _x(t, 1, 2, 3, 3), _x(t, 2, 1, 2, 2), output_padding=1),
    "conv_transpose_output_size": lambda t: t.nn.ConvTranspose2d(2, 3, 3, stride=2)(
        _x(t, 1, 2, 4, 4), output_size=(12, 12)),
    "conv_transpose_padding_mode": lambda t: t.nn.ConvTranspose2d(2, 3, 3,
                                                                  padding_mode="reflect"),
    "dropout1d_dims": lambda t: t.nn.functional.dropout1d(_x(t, 2, 3, 4, 5)),
    "dropout2d_p": lambda t: t.nn.Dropout2d(1.5),
    "adaptive_max_dims": lambda t: t.nn.functional.adaptive_max_pool2d(_x(t, 3, 4), 2),
    "adaptive_avg1d_dims": lambda t: t.nn.functional.adaptive_avg_pool1d(_x(t, 1, 2, 3, 4), 2),
    "embedding_bag_mode": lambda t: t.nn.EmbeddingBag(5, 2, mode="median")(t.tensor([[1]])),
    "embedding_bag_offsets_2d": lambda t: t.nn.EmbeddingBag(5, 2)(
        t.tensor([[1, 2]]), t.tensor([0])),
    "embedding_bag_psw_mean": lambda t: t.nn.EmbeddingBag(5, 2)(
        t.tensor([1, 2]), t.tensor([0]), per_sample_weights=t.ones(2)),
    "embedding_bag_no_offsets": lambda t: t.nn.EmbeddingBag(5, 2)(t.tensor([1, 2])),
    "adadelta_rho": lambda t: t.optim.Adadelta([t.nn.Parameter(t.ones(1))], rho=1.5),
    "adadelta_lr": lambda t: t.optim.Adadelta([t.nn.Parameter(t.ones(1))], lr=-1),
    "parameter_list_call": lambda t: t.nn.ParameterList()(1),
    "parameter_list_index": lambda t: t.nn.ParameterList([t.nn.Parameter(t.ones(1))])[3],
}
ERRORS.update(ERROR_PROGRAMS)


# --- whole training runs, as the recurrent and attention chapters write them -----------------
def _train(torch, model, opt, batches, loss_of, clip=None):
    losses = []
    for batch in batches:
        opt.zero_grad()
        loss = loss_of(model, *batch)
        loss.backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        losses.append(loss.item())
    return losses


@case
def training_runs(torch):
    nn, F = torch.nn, torch.nn.functional
    out = {}

    # a character-level RNN language model: one-hot steps, state carried between batches
    torch.manual_seed(10)
    vocab = 6

    class CharRNN(nn.Module):
        def __init__(self, layer):
            super().__init__()
            self.rnn = layer
            self.linear = nn.Linear(layer.hidden_size, vocab)

        def forward(self, tokens, state):
            x = F.one_hot(tokens.T.long(), vocab).to(torch.float32)
            y, state = self.rnn(x, state)
            return self.linear(y.reshape(-1, y.shape[-1])), state
    data = torch.randint(0, vocab, (12, 4, 6))
    for kind in ("RNN", "GRU", "LSTM"):
        model = CharRNN(getattr(nn, kind)(vocab, 8))
        opt = torch.optim.SGD(model.parameters(), lr=0.5)
        box = {}

        def loss_of(model, x, kind=kind, box=box):
            state = box.get("state")
            if state is not None:
                state = tuple(s.detach() for s in state) if kind == "LSTM" else state.detach()
            logits, box["state"] = model(x[:, :-1], state)
            return F.cross_entropy(logits, x[:, 1:].T.reshape(-1))
        out["char_" + kind] = _train(torch, model, opt, [(d,) for d in data], loss_of, clip=1.0)

    # an encoder-decoder GRU with teacher forcing (seq2seq), Adam
    torch.manual_seed(11)

    class Seq2Seq(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(7, 4)
            self.encoder = nn.GRU(4, 8, num_layers=2, dropout=0.2)
            self.decoder = nn.GRU(4 + 8, 8, num_layers=2, dropout=0.2)
            self.out = nn.Linear(8, 7)

        def forward(self, src, tgt):
            _, state = self.encoder(self.embed(src.T))
            context = state[-1].repeat(tgt.shape[1], 1, 1)
            y, _ = self.decoder(torch.cat((self.embed(tgt.T), context), 2), state)
            return self.out(y).permute(1, 0, 2)
    model = Seq2Seq()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    src, tgt = torch.randint(0, 7, (10, 3, 5)), torch.randint(0, 7, (10, 3, 4))
    out["seq2seq_gru"] = _train(
        torch, model, opt, list(zip(src, tgt)),
        lambda m, s, t: F.cross_entropy(m(s, t[:, :-1]).reshape(-1, 7), t[:, 1:].reshape(-1)),
        clip=1.0)

    # a bidirectional LSTM classifier over packed variable-length sequences
    torch.manual_seed(12)
    rnn = nn.utils.rnn

    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(3, 5, batch_first=True, bidirectional=True)
            self.fc = nn.Linear(10, 2)

        def forward(self, x, lengths):
            _, (h, _) = self.lstm(rnn.pack_padded_sequence(x, lengths, batch_first=True,
                                                           enforce_sorted=False))
            return self.fc(torch.cat((h[0], h[1]), 1))
    model = Classifier()
    opt = torch.optim.Adadelta(model.parameters())
    xs, ys = torch.randn(8, 4, 6, 3), torch.randint(0, 2, (8, 4))
    lengths = [[6, 2, 4, 1], [3, 3, 5, 6]] * 4
    out["packed_lstm"] = _train(torch, model, opt, list(zip(xs, lengths, ys)),
                                lambda m, x, n, y: F.cross_entropy(m(x, n), y))

    # a small transformer encoder language model, causal mask, dropout on
    torch.manual_seed(13)

    class TinyTransformer(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(9, 8)
            layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.1, batch_first=True)
            self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
            self.head = nn.Linear(8, 9)

        def forward(self, tokens):
            mask = nn.Transformer.generate_square_subsequent_mask(tokens.shape[1])
            return self.head(self.encoder(self.embed(tokens), mask=mask, is_causal=True))
    model = TinyTransformer()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    data = torch.randint(0, 9, (8, 3, 6))
    out["transformer"] = _train(
        torch, model, opt, [(d,) for d in data],
        lambda m, x: F.cross_entropy(m(x[:, :-1]).reshape(-1, 9), x[:, 1:].reshape(-1)),
        clip=1.0)
    return out
