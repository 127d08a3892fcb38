"""Programs run unchanged by PyTorch and by retrograd (the `torch` argument is either).

Each case returns a dict of plain values (nested lists of numbers, strings). The golden
data in tests/golden/nn_cases.json is these dicts as PyTorch computed them
(tools/gen_golden_nn.py); tests/test_nn_golden.py compares retrograd's against it, and
against PyTorch itself when it is installed. This module holds no tests.
"""
import math

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _val(t):
    return t.detach().tolist()


def _node(t):
    return type(t.grad_fn).__name__ if t.grad_fn is not None else None


def _run(torch, fn, *shapes, seed=0, int_inputs=()):
    """fn(*inputs) on seeded random float32 inputs: the output, its node, each input's
    gradient of <out, w> for a random w."""
    torch.manual_seed(seed)
    xs = [torch.randn(*s, requires_grad=True) for s in shapes]
    out = fn(*xs)
    w = torch.randn(out.shape)
    (out * w).sum().backward()
    return {"out": _val(out), "node": _node(out), "grads": [_val(x.grad) for x in xs]}


# --- activations ----------------------------------------------------------------------------
@case
def activations(torch):
    F = torch.nn.functional
    fns = {
        "relu": F.relu, "gelu": F.gelu, "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
        "silu": F.silu, "softplus": F.softplus, "softplus_beta": lambda x: F.softplus(x, 2, 1),
        "leaky_relu": lambda x: F.leaky_relu(x, 0.2), "elu": F.elu,
        "hardtanh": F.hardtanh, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
        "softmax": lambda x: F.softmax(x, dim=1), "softmax0": lambda x: F.softmax(x, 0),
        "log_softmax": lambda x: F.log_softmax(x, dim=-1), "relu6": F.relu6,
    }
    return {name: _run(torch, fn, (3, 4)) for name, fn in fns.items()}


@case
def activation_modules(torch):
    nn = torch.nn
    mods = [nn.ReLU(), nn.Sigmoid(), nn.Tanh(), nn.GELU(), nn.GELU("tanh"), nn.SiLU(),
            nn.LeakyReLU(0.1), nn.ELU(), nn.Softplus(), nn.Hardtanh(), nn.Softmax(dim=1),
            nn.LogSoftmax(dim=1), nn.Identity(), nn.Flatten()]
    return {repr(m): _run(torch, m, (2, 3)) for m in mods}


# --- losses ---------------------------------------------------------------------------------
@case
def regression_losses(torch):
    F = torch.nn.functional
    out = {}
    for red in ("mean", "sum", "none"):
        out["mse_" + red] = _run(torch, lambda a, b: F.mse_loss(a, b, reduction=red),
                                 (4, 3), (4, 3))
        out["l1_" + red] = _run(torch, lambda a, b: F.l1_loss(a, b, reduction=red),
                                (4, 3), (4, 3))
        out["huber_" + red] = _run(torch, lambda a, b: F.huber_loss(a, b, reduction=red,
                                                                    delta=0.7), (4, 3), (4, 3))
        out["smooth_l1_" + red] = _run(torch, lambda a, b: F.smooth_l1_loss(
            a, b, reduction=red, beta=0.5), (4, 3), (4, 3))
    out["kl_div"] = _run(torch, lambda a, b: F.kl_div(F.log_softmax(a, 1), F.softmax(b, 1),
                                                      reduction="batchmean"), (4, 3), (4, 3))
    out["kl_div_log_target"] = _run(torch, lambda a, b: F.kl_div(a, b, reduction="sum",
                                                                 log_target=True), (4, 3), (4, 3))
    out["normalize"] = _run(torch, lambda a: F.normalize(a, dim=1), (4, 3))
    out["mse_broadcast"] = _run(torch, F.mse_loss, (3, 1), (3,))
    out["mse_module"] = _run(torch, torch.nn.MSELoss(), (5,), (5,))
    out["huber_module"] = _run(torch, torch.nn.HuberLoss(), (5,), (5,))
    out["l1_module"] = _run(torch, torch.nn.L1Loss(reduction="sum"), (5,), (5,))
    return out


@case
def classification_losses(torch):
    F = torch.nn.functional
    nn = torch.nn
    target = torch.tensor([1, 0, 3, 2, 3])
    ignored = torch.tensor([1, -100, 3, 2, -100])
    weight = torch.tensor([0.5, 1.0, 2.0, 1.5])
    probs = torch.tensor([[0.1, 0.2, 0.3, 0.4]] * 5)
    out = {
        "ce": _run(torch, lambda x: F.cross_entropy(x, target), (5, 4)),
        "ce_sum": _run(torch, lambda x: F.cross_entropy(x, target, reduction="sum"), (5, 4)),
        "ce_none": _run(torch, lambda x: F.cross_entropy(x, target, reduction="none"), (5, 4)),
        "ce_weight": _run(torch, lambda x: F.cross_entropy(x, target, weight=weight), (5, 4)),
        "ce_ignore": _run(torch, lambda x: F.cross_entropy(x, ignored), (5, 4)),
        "ce_smooth": _run(torch, lambda x: F.cross_entropy(x, target, label_smoothing=0.1),
                          (5, 4)),
        "ce_smooth_weight_ignore": _run(torch, lambda x: F.cross_entropy(
            x, ignored, weight=weight, label_smoothing=0.2), (5, 4)),
        "ce_smooth_none": _run(torch, lambda x: F.cross_entropy(
            x, target, reduction="none", label_smoothing=0.3), (5, 4)),
        "ce_probs": _run(torch, lambda x: F.cross_entropy(x, probs), (5, 4)),
        "ce_probs_weight_smooth": _run(torch, lambda x, t: F.cross_entropy(
            x, F.softmax(t, 1), weight=weight, label_smoothing=0.2, reduction="sum"),
            (5, 4), (5, 4)),
        "ce_probs_none": _run(torch, lambda x: F.cross_entropy(x, probs, reduction="none"),
                              (5, 4)),
        "ce_3d": _run(torch, lambda x: F.cross_entropy(x, torch.tensor([[0, 2], [1, 1]])),
                      (2, 3, 2)),
        "ce_1d": _run(torch, lambda x: F.cross_entropy(x, torch.tensor(2)), (4,)),
        "nll": _run(torch, lambda x: F.nll_loss(x, target), (5, 4)),
        "nll_weight_sum": _run(torch, lambda x: F.nll_loss(x, ignored, weight=weight,
                                                           reduction="sum"), (5, 4)),
        "ce_module": _run(torch, lambda x: nn.CrossEntropyLoss()(x, target), (5, 4)),
        "nll_module": _run(torch, lambda x: nn.NLLLoss(weight=weight)(x, target), (5, 4)),
    }
    p = torch.tensor([[0.0, 1.0, 0.3], [1.0, 0.5, 0.0]])
    out["bce"] = _run(torch, lambda x: F.binary_cross_entropy(torch.sigmoid(x), p), (2, 3))
    out["bce_weight_sum"] = _run(torch, lambda x: F.binary_cross_entropy(
        torch.sigmoid(x), p, weight=torch.tensor([1.0, 2.0, 0.5]), reduction="sum"), (2, 3))
    out["bce_target_grad"] = _run(torch, lambda x, t: F.binary_cross_entropy(
        torch.sigmoid(x), torch.sigmoid(t)), (2, 3), (2, 3))
    out["bce_logits"] = _run(torch, lambda x: F.binary_cross_entropy_with_logits(x, p), (2, 3))
    out["bce_logits_pos"] = _run(torch, lambda x, t: F.binary_cross_entropy_with_logits(
        x * 10, torch.sigmoid(t), pos_weight=torch.tensor([1.0, 3.0, 0.5]),
        weight=torch.tensor([2.0, 1.0, 1.0])), (2, 3), (2, 3))
    out["bce_module"] = _run(torch, lambda x: nn.BCELoss()(torch.sigmoid(x), p), (2, 3))
    out["bce_logits_module"] = _run(torch, lambda x: nn.BCEWithLogitsLoss(reduction="none")(
        x, p), (2, 3))
    return out


# --- layers ---------------------------------------------------------------------------------
@case
def linear(torch):
    F = torch.nn.functional
    return {
        "2d": _run(torch, F.linear, (4, 3), (2, 3), (2,)),
        "3d": _run(torch, F.linear, (2, 4, 3), (2, 3), (2,)),
        "1d": _run(torch, F.linear, (3,), (2, 3), (2,)),
        "no_bias": _run(torch, F.linear, (4, 3), (2, 3)),
    }


@case
def conv_and_pool(torch):
    F = torch.nn.functional
    return {
        "conv2d": _run(torch, F.conv2d, (2, 3, 6, 5), (4, 3, 3, 2), (4,)),
        "conv2d_stride_pad": _run(torch, lambda x, w: F.conv2d(x, w, stride=2, padding=1),
                                  (1, 2, 5, 5), (3, 2, 3, 3)),
        "conv2d_dilation_groups": _run(torch, lambda x, w, b: F.conv2d(
            x, w, b, padding=(2, 1), dilation=2, groups=2), (2, 4, 6, 6), (6, 2, 2, 3), (6,)),
        "conv2d_same": _run(torch, lambda x, w: F.conv2d(x, w, padding="same"),
                            (1, 1, 4, 4), (2, 1, 3, 3)),
        "conv2d_unbatched": _run(torch, F.conv2d, (2, 4, 4), (3, 2, 2, 2)),
        "conv1d": _run(torch, lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1),
                       (2, 3, 7), (4, 3, 3), (4,)),
        "max_pool": _run(torch, lambda x: F.max_pool2d(x, 2), (2, 2, 4, 6)),
        "max_pool_stride_pad": _run(torch, lambda x: F.max_pool2d(x, 3, 2, 1), (1, 2, 5, 5)),
        "avg_pool": _run(torch, lambda x: F.avg_pool2d(x, 2), (2, 2, 4, 6)),
        "avg_pool_pad": _run(torch, lambda x: F.avg_pool2d(x, 3, 2, 1), (1, 2, 5, 5)),
        "avg_pool_no_pad_count": _run(torch, lambda x: F.avg_pool2d(
            x, 3, 2, 1, count_include_pad=False), (1, 2, 5, 5)),
        "max_pool_ceil": _run(torch, lambda x: F.max_pool2d(x, 3, 2, ceil_mode=True),
                              (1, 2, 6, 7)),
        "max_pool_ceil_pad": _run(torch, lambda x: F.max_pool2d(x, 2, 2, 1, ceil_mode=True),
                                  (1, 1, 5, 4)),
        "avg_pool_ceil": _run(torch, lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True),
                              (1, 2, 6, 7)),
        "avg_pool_ceil_no_pad_count": _run(torch, lambda x: F.avg_pool2d(
            x, 2, 3, 1, ceil_mode=True, count_include_pad=False), (1, 1, 7, 5)),
        "avg_pool_divisor": _run(torch, lambda x: F.avg_pool2d(x, 2, divisor_override=3),
                                 (1, 1, 4, 4)),
        "adaptive_avg": _run(torch, lambda x: F.adaptive_avg_pool2d(x, (1, 1)), (2, 3, 4, 4)),
        "adaptive_avg_uneven": _run(torch, lambda x: F.adaptive_avg_pool2d(x, (3, 2)),
                                    (2, 2, 5, 7)),
        "adaptive_avg_none": _run(torch, lambda x: F.adaptive_avg_pool2d(x, (None, 3)),
                                  (2, 4, 6)),
        "adaptive_module": _run(torch, torch.nn.AdaptiveAvgPool2d(2), (1, 3, 4, 4)),
        "unfold": _run(torch, lambda x: F.unfold(x, 2, padding=1, stride=2), (1, 2, 3, 4)),
        "fold": _run(torch, lambda x: F.fold(x, (3, 3), 2), (1, 8, 4)),
        "pad": _run(torch, lambda x: F.pad(x, (1, 2, 0, 1), value=0.5), (2, 3)),
        "pad_reflect_1d": _run(torch, lambda x: F.pad(x, (2, 1), mode="reflect"), (2, 4)),
        "pad_reflect_2d": _run(torch, lambda x: F.pad(x, (1, 2, 2, 0), mode="reflect"),
                               (1, 2, 3, 4)),
        "pad_replicate_2d": _run(torch, lambda x: F.pad(x, (3, 1, 1, 2), mode="replicate"),
                                 (2, 3, 4)),
        "pad_replicate_3d": _run(torch, lambda x: F.pad(x, (1, 0, 0, 1, 1, 1),
                                                        mode="replicate"), (1, 1, 2, 2, 3)),
        "pad_circular": _run(torch, lambda x: F.pad(x, (2, 3, 1, 1), mode="circular"),
                             (1, 2, 3, 3)),
    }


@case
def normalization(torch):
    F = torch.nn.functional
    out = {
        "layer_norm": _run(torch, lambda x, w, b: F.layer_norm(x, (4,), w, b), (3, 4), (4,),
                           (4,)),
        "layer_norm_2d": _run(torch, lambda x: F.layer_norm(x, (2, 3)), (4, 2, 3)),
    }
    for train in (True, False):
        torch.manual_seed(1)
        rm, rv = torch.randn(3) * 0.1, torch.rand(3) + 0.5
        res = _run(torch, lambda x, w, b: F.batch_norm(x, rm, rv, w, b, training=train,
                                                       momentum=0.2), (4, 3, 2, 2), (3,), (3,))
        res["running"] = [_val(rm), _val(rv)]
        out[f"batch_norm_train_{train}"] = res
    torch.manual_seed(0)
    bn = torch.nn.BatchNorm1d(3)
    x = torch.randn(6, 3) * 2 + 1
    ys = [_val(bn(x))]
    bn(x * 3)
    bn.eval()
    ys.append(_val(bn(x)))
    out["bn_module"] = {"ys": ys, "state": [_val(v) for v in bn.state_dict().values()]}
    return out


@case
def dropout_and_embedding(torch):
    F = torch.nn.functional
    out = {
        "dropout": _run(torch, lambda x: F.dropout(x, 0.3), (4, 5)),
        "dropout_module": _run(torch, torch.nn.Dropout(0.5), (3, 7)),
        "dropout_eval": _run(torch, lambda x: F.dropout(x, 0.5, training=False), (2, 3)),
    }
    torch.manual_seed(0)
    after = [_val(F.dropout(torch.ones(20), 0.25)), _val(torch.rand(3))]
    out["stream"] = after
    idx = torch.tensor([[0, 2, 1], [2, 2, 4]])
    out["embedding"] = _run(torch, lambda w: F.embedding(idx, w), (5, 3))
    out["embedding_pad"] = _run(torch, lambda w: F.embedding(idx, w, padding_idx=2), (5, 3))
    torch.manual_seed(3)
    emb = torch.nn.Embedding(6, 2, padding_idx=1)
    out["embedding_module"] = {"weight": _val(emb.weight), "out": _val(emb(idx))}
    out["one_hot"] = F.one_hot(torch.tensor([0, 3, 1])).tolist()
    out["one_hot_n"] = F.one_hot(torch.tensor([[0], [2]]), 4).tolist()
    return out


# --- modules --------------------------------------------------------------------------------
def _net(torch):
    nn = torch.nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 4, kernel_size=3, padding=1)
            self.bn = nn.BatchNorm2d(4)
            self.pool = nn.MaxPool2d(2)
            self.blocks = nn.ModuleList([nn.Linear(16, 16) for _ in range(2)])
            self.head = nn.Sequential(nn.Flatten(), nn.Linear(64, 10), nn.ReLU(),
                                      nn.Dropout(0.1), nn.Linear(10, 3))
            self.heads = nn.ModuleDict({"aux": nn.Linear(3, 1)})
            self.register_buffer("scale", torch.ones(1))

        def forward(self, x):
            x = self.pool(torch.relu(self.bn(self.conv(x))))
            return self.head(x)

    return Net()


@case
def module_structure(torch):
    torch.manual_seed(0)
    net = _net(torch)
    nn = torch.nn
    reprs = [nn.Linear(3, 2), nn.Linear(3, 2, bias=False), nn.Conv1d(2, 3, 3),
             nn.Conv2d(1, 6, kernel_size=5, padding=2),
             nn.Conv2d(2, 4, 3, stride=2, bias=False, groups=2, dilation=2),
             nn.MaxPool2d(3, stride=2, padding=1), nn.AvgPool2d(kernel_size=2, stride=2),
             nn.Embedding(10, 3), nn.Embedding(10, 3, padding_idx=0), nn.LayerNorm(5),
             nn.LayerNorm([2, 3], elementwise_affine=False), nn.BatchNorm1d(4),
             nn.Dropout(0.2), nn.Softmax(), nn.MSELoss(), nn.CrossEntropyLoss(),
             nn.AdaptiveAvgPool2d((1, 1)), nn.Unflatten(1, (2, 2)), nn.ReLU(inplace=True)]
    sd = net.state_dict()
    return {
        "repr": repr(net),
        "reprs": [repr(m) for m in reprs],
        "state_dict": [[k, list(v.shape)] for k, v in sd.items()],
        "named_parameters": [[k, list(p.shape)] for k, p in net.named_parameters()],
        "named_buffers": [k for k, _ in net.named_buffers()],
        "named_modules": [k for k, _ in net.named_modules()],
        "children": [type(m).__name__ for m in net.children()],
        "n_params": sum(p.numel() for p in net.parameters()),
        "conv_weight": _val(net.conv.weight[0, 0]),
        "head_bias": _val(net.head[1].bias),
        "param_repr": repr(net.heads["aux"].bias),
    }


@case
def module_forward(torch):
    torch.manual_seed(0)
    net = _net(torch)
    x = torch.randn(2, 1, 8, 8)
    y = net(x)
    y.sum().backward()
    net.eval()
    y_eval = net(x)
    return {"y": _val(y), "y_eval": _val(y_eval), "node": _node(y),
            "conv_grad": _val(net.conv.weight.grad[:2, 0]),
            "bn_running": _val(net.bn.running_mean),
            "grads_none": [k for k, p in net.named_parameters() if p.grad is None]}


@case
def init_functions(torch):
    init = torch.nn.init
    out = {}
    torch.manual_seed(0)
    w = torch.empty(3, 5)
    out["uniform"] = _val(init.uniform_(w, -0.5, 2.0))
    out["normal"] = _val(init.normal_(torch.empty(4, 5), 1.0, 0.01))
    out["normal_big"] = _val(init.normal_(torch.empty(20), 0.0, 2.0))
    out["xavier_uniform"] = _val(init.xavier_uniform_(torch.empty(3, 4)))
    out["xavier_normal"] = _val(init.xavier_normal_(torch.empty(3, 6), gain=2.0))
    out["kaiming_uniform"] = _val(init.kaiming_uniform_(torch.empty(2, 3, 2, 2)))
    out["kaiming_normal"] = _val(init.kaiming_normal_(torch.empty(4, 5), mode="fan_out",
                                                      nonlinearity="relu"))
    out["constant"] = _val(init.constant_(torch.empty(2, 2), 0.3))
    out["gains"] = [init.calculate_gain(n) for n in ("relu", "tanh", "sigmoid", "linear")] + \
        [init.calculate_gain("leaky_relu", 0.2)]
    out["after"] = _val(torch.rand(3))
    torch.manual_seed(7)
    lin = torch.nn.Linear(5, 3)
    out["linear"] = [_val(lin.weight), _val(lin.bias)]
    return out


@case
def hooks_and_state(torch):
    torch.manual_seed(0)
    nn = torch.nn
    net = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    seen = []
    h1 = net[0].register_forward_hook(lambda m, args, out: seen.append(list(out.shape)))
    net[2].register_forward_pre_hook(lambda m, args: (args[0] * 2,))
    net[1].register_forward_hook(lambda m, args, out: out + 1)
    x = torch.randn(5, 3)
    y1 = net(x)
    h1.remove()
    y2 = net(x)
    torch.manual_seed(1)
    other = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    result = other.load_state_dict(net.state_dict())
    net.apply(lambda m: nn.init.zeros_(m.bias) if isinstance(m, nn.Linear) else None)
    net.requires_grad_(False)
    return {"seen": seen, "y1": _val(y1), "y2": _val(y2), "load": repr(result),
            "copied": _val(other[0].weight), "zero_bias": _val(net[2].bias),
            "requires_grad": [p.requires_grad for p in net.parameters()],
            "float64": str(other.double()[0].weight.dtype)}


@case
def d2l_builders_guide(torch):
    """D2L chapter 5 (builders' guide), printed as the book prints it."""
    nn = torch.nn
    F = nn.functional
    shown = []
    torch.manual_seed(0)
    net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1))
    shown += [repr(net), repr(net[0].weight), str(list(net.state_dict()))]
    X = torch.rand(size=(2, 4))
    shown += [repr(net(X).shape), repr(net), repr(net[2].state_dict())]
    shown += [repr(net[2].bias.data), repr(net[2].weight.grad is None)]
    shown += [repr([(name, param.shape) for name, param in net.named_parameters()])]

    def init_normal(module):
        if type(module) is nn.Linear:
            nn.init.normal_(module.weight, mean=0, std=0.01)
            nn.init.zeros_(module.bias)

    net.apply(init_normal)
    shown += [repr((net[0].weight.data[0], net[0].bias.data[0]))]

    def my_init(module):
        if type(module) is nn.Linear:
            nn.init.uniform_(module.weight, -10, 10)
            module.weight.data *= module.weight.data.abs() >= 5

    net.apply(my_init)
    net[0].weight.data[:] += 1
    net[0].weight.data[0, 0] = 42
    shown += [repr(net[0].weight[:2])]
    shared = nn.LazyLinear(8)
    net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(),
                        nn.LazyLinear(1))
    net(X)
    net[2].weight.data[0, 0] = 100
    shown += [repr(net[2].weight.data[0] == net[4].weight.data[0])]

    class MyLinear(nn.Module):
        def __init__(self, in_units, units):
            super().__init__()
            self.weight = nn.Parameter(torch.randn(in_units, units))
            self.bias = nn.Parameter(torch.randn(units,))

        def forward(self, X):
            linear = torch.matmul(X, self.weight.data) + self.bias.data
            return F.relu(linear)

    linear = MyLinear(5, 3)
    shown += [repr(linear.weight), repr(linear(torch.rand(2, 5)))]

    class FixedHiddenMLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.rand_weight = torch.rand((20, 20))
            self.linear = nn.LazyLinear(20)

        def forward(self, X):
            X = self.linear(X)
            X = F.relu(X @ self.rand_weight + 1)
            X = self.linear(X)
            while X.abs().sum() > 1:
                X /= 2
            return X.sum()

    shown += [repr(FixedHiddenMLP()(torch.rand(2, 20)))]
    return {"shown": shown}


@case
def lazy_modules(torch):
    nn = torch.nn
    torch.manual_seed(0)
    m = nn.Sequential(nn.LazyConv2d(6, kernel_size=5, padding=2), nn.LazyBatchNorm2d(),
                      nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.LazyLinear(10),
                      nn.LazyBatchNorm1d())
    shown = [repr(m), str(list(m.state_dict())), repr(m[1].running_mean)]
    y = m(torch.randn(2, 3, 8, 8))
    shown += [repr(m), repr(m[1].num_batches_tracked), repr(m[0].bias)]
    c = nn.Sequential(nn.LazyConv1d(3, 2), nn.LazyBatchNorm1d())
    out = c(torch.randn(2, 2, 5))
    shown += [repr(c), repr(out.shape)]
    return {"shown": shown, "y": _val(y), "out": _val(out),
            "types": [type(layer).__name__ for layer in m]}


# --- optimizers -----------------------------------------------------------------------------
def _trajectory(torch, make, steps=6, closure=False):
    torch.manual_seed(0)
    w = torch.nn.Parameter(torch.randn(3, 4))
    b = torch.nn.Parameter(torch.randn(4))
    x = torch.randn(8, 3)
    opt = make([w, b])
    values = []
    for _ in range(steps):
        opt.zero_grad()
        loss = ((x @ w + b).tanh() ** 2).sum()
        loss.backward()
        opt.step()
        values.append(_val(w)[0] + _val(b))
    state = opt.state_dict()
    return {"values": values, "loss": loss.item(),
            "state_keys": {str(k): sorted(v) for k, v in state["state"].items()},
            "groups": [sorted(g) for g in state["param_groups"]]}


@case
def optimizers(torch):
    optim = torch.optim
    makers = {
        "sgd": lambda p: optim.SGD(p, lr=0.1),
        "sgd_momentum": lambda p: optim.SGD(p, lr=0.05, momentum=0.9),
        "sgd_nesterov_wd": lambda p: optim.SGD(p, lr=0.05, momentum=0.8, nesterov=True,
                                               weight_decay=0.01),
        "sgd_dampening": lambda p: optim.SGD(p, lr=0.05, momentum=0.5, dampening=0.3),
        "sgd_maximize": lambda p: optim.SGD(p, lr=0.01, maximize=True),
        "adam": lambda p: optim.Adam(p, lr=0.01),
        "adam_wd_amsgrad": lambda p: optim.Adam(p, lr=0.01, weight_decay=0.1, amsgrad=True),
        "adamw": lambda p: optim.AdamW(p, lr=0.01, betas=(0.8, 0.99)),
        "rmsprop": lambda p: optim.RMSprop(p, lr=0.01),
        "rmsprop_centered_momentum": lambda p: optim.RMSprop(p, lr=0.01, momentum=0.9,
                                                             centered=True, weight_decay=0.1),
        "adagrad": lambda p: optim.Adagrad(p, lr=0.1, lr_decay=0.01, weight_decay=0.05),
        "groups": lambda p: optim.SGD([{"params": [p[0]]}, {"params": [p[1]], "lr": 0.5}],
                                      lr=0.1, momentum=0.5),
    }
    return {name: _trajectory(torch, make) for name, make in makers.items()}


@case
def optimizer_state_roundtrip(torch):
    torch.manual_seed(0)
    w = torch.nn.Parameter(torch.randn(5))
    opt = torch.optim.Adam([w], lr=0.1)
    for _ in range(3):
        opt.zero_grad()
        (w ** 2).sum().backward()
        opt.step()
    saved = opt.state_dict()
    w2 = torch.nn.Parameter(w.detach().clone())
    opt2 = torch.optim.Adam([w2], lr=0.5)
    opt2.load_state_dict(saved)
    for o, p in ((opt, w), (opt2, w2)):
        o.zero_grad()
        (p ** 2).sum().backward()
        o.step()
    return {"w": _val(w), "w2": _val(w2), "lr": opt2.param_groups[0]["lr"],
            "step": _val(opt2.state_dict()["state"][0]["step"]), "repr": repr(opt)}


@case
def schedulers(torch):
    sched = torch.optim.lr_scheduler
    makers = {
        "step": lambda o: sched.StepLR(o, step_size=3, gamma=0.5),
        "cosine": lambda o: sched.CosineAnnealingLR(o, T_max=4, eta_min=0.01),
        "lambda": lambda o: sched.LambdaLR(o, lambda epoch: 0.9 ** epoch),
        "multistep": lambda o: sched.MultiStepLR(o, [2, 5], 0.1),
        "exponential": lambda o: sched.ExponentialLR(o, 0.7),
    }
    out = {}
    for name, make in makers.items():
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=0.1)
        s = make(opt)
        lrs = []
        for _ in range(11):
            opt.step()
            s.step()
            lrs.append(s.get_last_lr()[0])
        out[name] = lrs
    metrics = [1.0, 0.9, 0.95, 0.92, 0.91, 0.905, 0.8, 0.85, 0.86, 0.87, 0.88, 0.89]
    for mode, kwargs in (("min", dict(patience=1, cooldown=1)),
                         ("max", dict(factor=0.5, patience=0, threshold_mode="abs",
                                      threshold=0.01, min_lr=0.02))):
        opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
        s = sched.ReduceLROnPlateau(opt, mode, **kwargs)
        lrs = []
        for m in metrics:
            s.step(m)
            lrs.append(s.get_last_lr()[0])
        out["plateau_" + mode] = lrs
    return out


@case
def clip_grad(torch):
    torch.manual_seed(0)
    a = torch.nn.Parameter(torch.randn(3, 2))
    b = torch.nn.Parameter(torch.randn(4))
    ((a * 3).sum() + (b ** 3).sum()).backward()
    norm = torch.nn.utils.clip_grad_norm_([a, b], max_norm=1.0)
    inf_norm = torch.nn.utils.clip_grad_norm_([a, b], 0.5, norm_type=math.inf)
    torch.nn.utils.clip_grad_value_([a], 0.1)
    return {"norm": norm.item(), "inf_norm": inf_norm.item(), "a": _val(a.grad),
            "b": _val(b.grad)}


# --- data -----------------------------------------------------------------------------------
@case
def data_loading(torch):
    data = torch.utils.data
    torch.manual_seed(0)
    X = torch.arange(20.0).reshape(10, 2)
    y = torch.arange(10)
    ds = data.TensorDataset(X, y)
    out = {"len": len(ds), "item": [_val(t) for t in ds[3]]}
    out["shuffled"] = [[_val(bx), _val(by)] for bx, by in data.DataLoader(ds, 4, shuffle=True)]
    out["again"] = [_val(by) for _, by in data.DataLoader(ds, 3, shuffle=True, drop_last=True)]
    out["ordered"] = [_val(by) for _, by in data.DataLoader(ds, batch_size=4)]
    out["after"] = _val(torch.rand(2))
    g = torch.Generator()
    g.manual_seed(5)
    out["with_generator"] = [_val(by) for _, by in data.DataLoader(ds, 5, shuffle=True,
                                                                   generator=g)]

    class Dicts(data.Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return {"x": torch.ones(2) * i, "label": i, "w": i / 2}

    batches = list(data.DataLoader(Dicts(), batch_size=2))
    out["dicts"] = [[_val(b["x"]), _val(b["label"]), _val(b["w"]), str(b["w"].dtype)]
                    for b in batches]
    torch.manual_seed(1)
    parts = data.random_split(range(10), [7, 3])
    out["split"] = [list(p) for p in parts]
    parts = data.random_split(range(10), [0.5, 0.3, 0.2])
    out["split_frac"] = [list(p) for p in parts]
    out["lens"] = [len(data.DataLoader(ds, 3)), len(data.DataLoader(ds, 3, drop_last=True))]
    return out


# --- end-to-end training (small versions of D2L chapters 3-5) -------------------------------
def _synthetic_regression(torch, n=64):
    true_w, true_b = torch.tensor([2.0, -3.4]), 4.2
    X = torch.randn(n, 2)
    y = X @ true_w + true_b + torch.randn(n) * 0.01
    return X, y.reshape(-1, 1)


@case
def train_linear_regression_scratch(torch):
    torch.manual_seed(0)
    X, y = _synthetic_regression(torch)
    w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    losses = []
    for epoch in range(3):
        for i in range(0, len(X), 16):
            Xb, yb = X[i:i + 16], y[i:i + 16]
            loss = ((Xb @ w + b - yb) ** 2 / 2).sum()
            loss.backward()
            with torch.no_grad():
                for p in (w, b):
                    p -= 0.03 * p.grad / 16
                    p.grad.zero_()
        with torch.no_grad():
            losses.append(float(((X @ w + b - y) ** 2 / 2).mean()))
    return {"losses": losses, "w": _val(w), "b": _val(b)}


@case
def train_linear_regression_concise(torch):
    torch.manual_seed(0)
    X, y = _synthetic_regression(torch)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=10,
                                         shuffle=True)
    net = torch.nn.Sequential(torch.nn.Linear(2, 1))
    net[0].weight.data.normal_(0, 0.01)
    net[0].bias.data.fill_(0)
    loss_fn = torch.nn.MSELoss()
    trainer = torch.optim.SGD(net.parameters(), lr=0.03)
    losses = []
    for epoch in range(3):
        for Xb, yb in loader:
            loss = loss_fn(net(Xb), yb)
            trainer.zero_grad()
            loss.backward()
            trainer.step()
        losses.append(loss_fn(net(X), y).item())
    return {"losses": losses, "w": _val(net[0].weight)}


def _synthetic_classes(torch, n=96, d=8, k=4):
    centres = torch.randn(k, d) * 2
    labels = torch.randint(0, k, (n,))
    X = centres[labels] + torch.randn(n, d)
    return X, labels


def _fit(torch, net, X, labels, opt, epochs, batch=16):
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, labels),
                                         batch_size=batch, shuffle=True)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses, accs = [], []
    for epoch in range(epochs):
        net.train()
        total, count = 0.0, 0
        for Xb, yb in loader:
            loss = loss_fn(net(Xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(yb)
            count += len(yb)
        net.eval()
        with torch.no_grad():
            accs.append((net(X).argmax(1) == labels).float().mean().item())
        losses.append(total / count)
    return {"losses": losses, "accs": accs}


@case
def train_softmax_regression(torch):
    torch.manual_seed(0)
    X, labels = _synthetic_classes(torch)
    net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(8, 4))
    net.apply(lambda m: torch.nn.init.normal_(m.weight, std=0.01)
              if type(m) is torch.nn.Linear else None)
    return _fit(torch, net, X, labels, torch.optim.SGD(net.parameters(), lr=0.1), 4)


@case
def train_mlp(torch):
    torch.manual_seed(0)
    X, labels = _synthetic_classes(torch)
    nn = torch.nn
    net = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 4))
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    return _fit(torch, net, X, labels, opt, 4)


@case
def train_mlp_adam_scheduled(torch):
    torch.manual_seed(0)
    X, labels = _synthetic_classes(torch)
    nn = torch.nn
    net = nn.Sequential(nn.Linear(8, 16), nn.GELU(), nn.LayerNorm(16), nn.Linear(16, 4))
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    sched = torch.optim.lr_scheduler.StepLR(opt, 2, 0.5)
    out = {"losses": []}
    for epoch in range(3):
        out["losses"] += _fit(torch, net, X, labels, opt, 1)["losses"]
        sched.step()
    return out


@case
def train_cnn(torch):
    torch.manual_seed(0)
    nn = torch.nn
    n = 32
    labels = torch.randint(0, 2, (n,))
    X = torch.randn(n, 1, 8, 8) * 0.5
    X[labels == 1, :, 2:6, 2:6] += 1.0     # class 1 has a bright square
    net = nn.Sequential(nn.Conv2d(1, 4, kernel_size=3, padding=1), nn.BatchNorm2d(4),
                        nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 6, 3), nn.ReLU(),
                        nn.AvgPool2d(2), nn.Flatten(), nn.Linear(6, 2))
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    return _fit(torch, net, X, labels, opt, 3, batch=8)


# --- bad input: PyTorch's exception type and text -------------------------------------------
def _duplicate_groups(torch):
    p = torch.nn.Parameter(torch.zeros(1))
    return torch.optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)


ERRORS = {
    "ce_target_out_of_bounds": lambda torch:
        torch.nn.functional.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 5])),
    "nll_batch_mismatch": lambda torch:
        torch.nn.functional.nll_loss(torch.zeros(3, 4), torch.tensor([0, 1])),
    "nll_float_target": lambda torch:
        torch.nn.functional.nll_loss(torch.zeros(2, 4), torch.tensor([0.0, 1.0])),
    "bce_range": lambda torch:
        torch.nn.functional.binary_cross_entropy(torch.tensor([0.5, 1.5]),
                                                 torch.tensor([0.0, 1.0])),
    "bce_size": lambda torch:
        torch.nn.functional.binary_cross_entropy(torch.tensor([0.5, 0.5]),
                                                 torch.tensor([[0.0, 1.0]])),
    "bce_logits_size": lambda torch:
        torch.nn.functional.binary_cross_entropy_with_logits(torch.zeros(2), torch.zeros(3)),
    "dropout_p": lambda torch: torch.nn.Dropout(1.5),
    "embedding_index": lambda torch:
        torch.nn.functional.embedding(torch.tensor([0, 4]), torch.zeros(4, 2)),
    "linear_shapes": lambda torch: torch.nn.Linear(3, 2)(torch.zeros(4, 5)),
    "conv_channels": lambda torch: torch.nn.Conv2d(3, 2, 3)(torch.zeros(1, 2, 5, 5)),
    "conv_dims": lambda torch:
        torch.nn.functional.conv2d(torch.zeros(5, 5), torch.zeros(1, 1, 3, 3)),
    "layer_norm_shape": lambda torch: torch.nn.functional.layer_norm(torch.zeros(2, 3), (4,)),
    "batch_norm_single": lambda torch: torch.nn.BatchNorm1d(3)(torch.zeros(1, 3)),
    "batch_norm_dims": lambda torch: torch.nn.BatchNorm2d(3)(torch.zeros(2, 3)),
    "one_hot_negative": lambda torch: torch.nn.functional.one_hot(torch.tensor([-1, 0])),
    "one_hot_too_big": lambda torch: torch.nn.functional.one_hot(torch.tensor([3]), 2),
    "reduction": lambda torch:
        torch.nn.functional.mse_loss(torch.zeros(2), torch.zeros(2), reduction="avg"),
    "label_smoothing": lambda torch:
        torch.nn.functional.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]),
                                          label_smoothing=1.5),
    "gelu_approximate": lambda torch: torch.nn.functional.gelu(torch.zeros(2), approximate="fast"),
    "pad_odd": lambda torch: torch.nn.functional.pad(torch.zeros(2, 2), (1,)),
    "pad_reflect_too_wide": lambda torch:
        torch.nn.functional.pad(torch.zeros(2, 3, 4), (4, 0), mode="reflect"),
    "pad_circular_twice": lambda torch:
        torch.nn.functional.pad(torch.zeros(2, 3, 4), (5, 0), mode="circular"),
    "pad_mode_dims": lambda torch:
        torch.nn.functional.pad(torch.zeros(2, 3, 4, 5), (1, 1), mode="replicate"),
    "pad_unknown_mode": lambda torch:
        torch.nn.functional.pad(torch.zeros(2, 3), (1, 1), mode="mirror"),
    "no_attribute": lambda torch: torch.nn.Linear(2, 2).foo,
    "assign_tensor_as_parameter": lambda torch:
        setattr(torch.nn.Linear(2, 2), "weight", torch.zeros(2, 2)),
    "missing_forward": lambda torch: torch.nn.Module()(torch.zeros(1)),
    "load_state_dict": lambda torch:
        torch.nn.Linear(2, 3).load_state_dict({"weight": torch.zeros(2, 2),
                                               "extra": torch.zeros(1)}),
    "load_state_dict_nested": lambda torch:
        torch.nn.Sequential(torch.nn.Linear(2, 3)).load_state_dict(
            {"0.weight": torch.zeros(2, 2)}),
    "dotted_parameter_name": lambda torch: torch.nn.Linear(2, 2).register_parameter("a.b", None),
    "module_name_type": lambda torch: torch.nn.Linear(2, 2).add_module(3, torch.nn.ReLU()),
    "buffer_type": lambda torch: torch.nn.Linear(2, 2).register_buffer("x", 3),
    "sequential_index": lambda torch: torch.nn.Sequential(torch.nn.ReLU())[3],
    "empty_params": lambda torch: torch.optim.SGD([], lr=0.1),
    "negative_lr": lambda torch: torch.optim.Adam([torch.nn.Parameter(torch.zeros(1))], lr=-1.0),
    "tensor_params": lambda torch: torch.optim.SGD(torch.zeros(2), lr=0.1),
    "nesterov": lambda torch:
        torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1, nesterov=True),
    "adam_beta": lambda torch:
        torch.optim.Adam([torch.nn.Parameter(torch.zeros(1))], betas=(1.0, 0.9)),
    "duplicate_params": _duplicate_groups,
    "optim_groups_mismatch": lambda torch:
        torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1).load_state_dict(
            {"state": {}, "param_groups": []}),
    "fan_in_1d": lambda torch: torch.nn.init.xavier_uniform_(torch.zeros(3)),
    "gain": lambda torch: torch.nn.init.calculate_gain("swish"),
    "tensor_dataset_sizes": lambda torch:
        torch.utils.data.TensorDataset(torch.zeros(3), torch.zeros(4)),
    "random_split_lengths": lambda torch: torch.utils.data.random_split(range(5), [2, 2]),
    "batch_size": lambda torch: torch.utils.data.DataLoader(range(3), batch_size=0),
    "sampler_shuffle": lambda torch:
        torch.utils.data.DataLoader(range(3), shuffle=True, sampler=[0, 1]),
}
