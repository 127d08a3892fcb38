"""retrograd.explain: the graph view (text, SVG, DOT, Mermaid) and the trace report, on the
seed notebook's f(a) and on graphs PyTorch built node for node (tests/golden)."""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import retrograd as torch
from retrograd import explain
from retrograd.autograd import _thread_state, engine
from retrograd.ops import _op

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "golden"))
import explain_programs  # noqa: E402
from gradcheck_util import check_grad  # noqa: E402

with open(os.path.join(HERE, "golden", "explain_golden.json"), encoding="utf-8") as _f:
    GOLDEN = json.load(_f)

SVG = "{http://www.w3.org/2000/svg}"

SEED_REPORT = """\
Forward: 38 ops ran, 13 conditions read by Python
     1  b = a * 2          0.673381
        11 times, steps 3-34:
          norm(b) < 1000   True  ← read by Python as a condition
          b = b * 2        1.34676, 2.69352, 5.38705, …, 1379.08
    36  norm(b) < 1000     False  ← read by Python as a condition
    38  sum(b) > 0         True  ← read by Python as a condition
Python's `if` and `while` are invisible to autograd; what it can see is the comparisons \
above, read as True/False.
d was made by step 34: b = b * 2
The last condition (step 38: sum(b) > 0 → True) came after that: whichever branch ran next \
added no op to d's graph (like `c = b`).

Backward from d = 1379.08 (starting gradient 1)
  MulBackward0 ×12    gradient 1 → 2 → 4 → … → 4096
  AccumulateGrad → a  a.grad = 4096
  Chain rule: a.grad = 1 × 2^12 = 4096
    1     starting gradient of d
    2^12  MulBackward0, 12 times: each multiplies the gradient by 2"""

SEED_REPORT_ZH = """\
正向传播：运行了 38 个运算，Python 读取了 13 个条件
     1  b = a * 2          0.673381
        重复 11 次，第 3-34 步：
          norm(b) < 1000   True  ← Python 把它当作条件读取
          b = b * 2        1.34676, 2.69352, 5.38705, …, 1379.08
    36  norm(b) < 1000     False  ← Python 把它当作条件读取
    38  sum(b) > 0         True  ← Python 把它当作条件读取
Python 的 `if` 和 `while` 对自动微分不可见；它能看到的是上面这些比较，以及它们被读成的 True/False。
d 由第 34 步得到：b = b * 2
最后一个条件（第 38 步：sum(b) > 0 → True）在那之后：之后执行的分支没有给 d 的计算图添加任何运算\
（例如 `c = b`）。

反向传播，从 d = 1379.08 (初始梯度 1)
  MulBackward0 ×12    梯度 1 → 2 → 4 → … → 4096
  AccumulateGrad → a  a.grad = 4096
  链式法则：a.grad = 1 × 2^12 = 4096
    1     d 的初始梯度
    2^12  MulBackward0，12 次：每次把梯度乘以 2"""

SEED_GRAPH = """\
Graph of d: 13 nodes, 2 boxes after folding chains
∇ = the gradient that flowed along the edge in the last traced backward
d  [] float32  = 1379.08
└─ MulBackward0 ×12  [] float32  saved values freed   ∇ 1
   └─ a  [] float32  grad 4096   ∇ 4096"""


def f(a):
    """The seed notebook's function (cell 10)."""
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


@pytest.fixture
def seed():
    torch.manual_seed(42)
    a = torch.randn(size=(), requires_grad=True)
    with explain.trace() as t:
        d = f(a)
        d.backward()
    return t, a, d


# --- the seed example, traced and drawn ---------------------------------------------------
def test_seed_trace_report_tells_the_loop_the_branch_and_the_chain_rule(seed):
    t, a, d = seed
    assert str(t) == SEED_REPORT
    assert a.grad.item() == 4096.0


def test_seed_trace_report_and_graph_in_chinese(seed):
    t, a, d = seed
    assert t.report(lang="zh") == SEED_REPORT_ZH
    with explain.trace(lang="zh") as t2:
        torch.ones(1) * 2
    assert str(t2).startswith("正向传播：运行了 1 个运算")
    assert explain.graph({"d": d}, params={"a": a}, lang="zh").text() == """\
d 的计算图：13 个节点，折叠链后 2 个方框
∇ = 最近一次被追踪的反向传播中沿这条边流动的梯度
d  [] float32  = 1379.08
└─ MulBackward0 ×12  [] float32  保存的值已释放   ∇ 1
   └─ a  [] float32  梯度 4096   ∇ 4096"""


def test_seed_graph_as_text_folds_the_doubling_chain(seed):
    t, a, d = seed
    assert str(t.graph()) == SEED_GRAPH
    assert [(b.kind, b.count) for b in t.graph().boxes] == [("output", 1), ("group", 12),
                                                            ("leaf", 1)]
    assert str(explain.graph({"d": d}, params={"a": a})) == SEED_GRAPH


def test_seed_graph_unfolds_on_request(seed):
    _, a, d = seed
    lines = explain.graph(d, params={"a": a}, fold=False).text().splitlines()
    muls = [ln for ln in lines if "MulBackward0" in ln]
    assert len(muls) == 12
    # the gradient doubles on each edge down the chain: 1, 2, 4, ..., 2048, then 4096 into a
    grads = [int(ln.rsplit("∇ ", 1)[1]) for ln in muls]
    assert grads == [2 ** i for i in range(12)]
    assert lines[-1].strip() == "└─ a  [] float32  grad 4096   ∇ 4096"


def test_seed_graph_svg_has_the_boxes_and_edges(seed):
    t, _, _ = seed
    root = ET.fromstring(t.graph().to_svg())
    assert root.tag == SVG + "svg"
    nodes = root.findall(f".//{SVG}g[@class]")
    boxes = {g.get("id"): [x.text for x in g.findall(SVG + "text")]
             for g in nodes if g.get("class").startswith("node")}
    assert boxes == {"node0": ["d", "[] float32", "= 1379.08"],
                     "node1": ["MulBackward0 ×12", "[] float32", "saved values freed"],
                     "node2": ["a", "[] float32", "grad 4096"]}
    edges = {(g.get("data-src"), g.get("data-dst")): g.find(SVG + "text").text
             for g in nodes if g.get("class") == "edge"}
    assert edges == {("1", "0"): "∇ 1", ("2", "1"): "∇ 4096"}
    kinds = {g.get("id"): g.get("class") for g in nodes if g.get("class").startswith("node")}
    assert kinds == {"node0": "node output", "node1": "node group", "node2": "node leaf"}
    # data flows down: the leaf is drawn above the chain, the chain above the output
    ys = {g.get("id"): float(g.find(SVG + "rect").get("y")) for g in nodes
          if g.get("class").startswith("node")}
    assert ys["node2"] < ys["node1"] < ys["node0"]
    # every box and every gradient label lies inside the picture
    w, h = float(root.get("width")), float(root.get("height"))
    for label in root.iter(SVG + "text"):
        if label.get("class") == "grad":
            assert float(label.get("x")) + 7.2 * len(label.text) <= w
    for g in nodes:
        r = g.find(SVG + "rect")
        if r is not None:
            x, y = float(r.get("x")), float(r.get("y"))
            assert 0 <= x and x + float(r.get("width")) <= w
            assert 0 <= y and y + float(r.get("height")) <= h


def test_jupyter_gets_svg_and_text(seed):
    t, _, _ = seed
    g = t.graph()
    bundle = g._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "text/plain"}
    assert bundle["text/plain"] == SEED_GRAPH
    ET.fromstring(bundle["image/svg+xml"])


def test_jupyter_shows_a_trace_as_report_and_picture(seed):
    t, _, _ = seed
    bundle = t._repr_mimebundle_()
    assert bundle["text/plain"] == SEED_REPORT
    html = bundle["text/html"]
    assert html.startswith("<pre>Forward: 38 ops ran") and "</pre><svg " in html
    ET.fromstring(html[html.index("<svg"):])
    with explain.trace() as t2:
        torch.ones(2) * 2
    assert "<svg" not in t2._repr_mimebundle_()["text/html"]


def test_dot_and_mermaid(seed):
    t, _, _ = seed
    dot = t.graph().to_dot()
    assert dot.startswith("digraph retrograd {") and dot.endswith("}")
    assert 'n1 [label="MulBackward0 ×12\\n[] float32\\nsaved values freed"' in dot
    assert re.search(r'n2 -> n1 \[label="∇ 4096"', dot)
    assert re.search(r'n1 -> n0 \[label="∇ 1"', dot)
    mermaid = t.graph().to_mermaid()
    assert mermaid.splitlines()[0] == "flowchart TB"
    assert '  n2["a<br/>[] float32<br/>grad 4096"]:::leaf' in mermaid
    assert '  n2 -->|"∇ 4096"| n1' in mermaid


def test_save_by_extension(seed, tmp_path):
    t, _, _ = seed
    g = t.graph()
    for ext, start in ((".svg", "<svg"), (".dot", "digraph"), (".gv", "digraph"),
                       (".mmd", "flowchart"), (".txt", "Graph of d")):
        path = tmp_path / f"graph{ext}"
        g.save(path)
        assert path.read_text(encoding="utf-8").startswith(start)
    with pytest.raises(ValueError, match=r"cannot save a graph as \.png; use one of \.svg"):
        g.save(tmp_path / "graph.png")


def test_readme_and_docs_show_the_current_seed_report_and_picture(seed):
    t, _, _ = seed
    root = os.path.join(HERE, "..")
    for page in ("README.md", os.path.join("docs", "explain.md")):
        with open(os.path.join(root, page), encoding="utf-8") as f:
            text = f.read()
        assert SEED_REPORT in text, page
        assert "seed_graph.svg" in text, page
    with open(os.path.join(root, "docs", "seed_graph.svg"), encoding="utf-8") as f:
        assert f.read() == t.graph().to_svg()


# --- graphs PyTorch built: the same nodes, the same edges, the same gradients -------------
def _structure(graph):
    """(name, [input positions]) per graph node, from the Graph's boxes and edges."""
    outputs = sum(b.kind == "output" for b in graph.boxes)
    inputs = {b.id: [] for b in graph.boxes}
    for e in graph.edges:
        inputs[e.dst].append(e.src - outputs)
    return [[b.title if b.kind == "op" else "AccumulateGrad", inputs[b.id]]
            for b in graph.boxes[outputs:]]


@pytest.mark.parametrize("name", sorted(explain_programs.PROGRAMS))
def test_graph_matches_pytorch_node_for_node(name):
    outputs, leaves = explain_programs.PROGRAMS[name](torch)
    graph = explain.graph(outputs, fold=False)
    assert _structure(graph) == GOLDEN[name]["graph"]
    assert graph.nodes == len(GOLDEN[name]["graph"])


@pytest.mark.parametrize("name", sorted(explain_programs.PROGRAMS))
def test_tracing_changes_no_result(name):
    """The same program traced and not: same values and gradients, and PyTorch's."""
    plain_out, plain_leaves = explain_programs.PROGRAMS[name](torch)
    sum(o.sum() for o in plain_out).backward()
    with explain.trace() as t:
        outs, leaves = explain_programs.PROGRAMS[name](torch)
        sum(o.sum() for o in outs).backward()
    for p, q in zip(plain_out, outs):
        assert np.array_equal(p.detach().numpy(), q.detach().numpy())
    for p, q, want in zip(plain_leaves, leaves, GOLDEN[name]["grads"]):
        assert np.array_equal(p.grad.numpy(), q.grad.numpy())
        np.testing.assert_allclose(q.grad.numpy(), np.array(want, dtype=np.float32),
                                   rtol=1e-5, atol=1e-6)
    assert t.report().count("AccumulateGrad →") >= len(leaves)
    # and the graph drawn after the traced backward labels every edge into a leaf
    graph = explain.graph(outs)
    leaf_ids = {b.id for b in graph.boxes if b.kind == "leaf"}
    assert all(e.grad is not None for e in graph.edges if e.src in leaf_ids)


@pytest.mark.parametrize("fn, shapes", [
    (lambda a: f(a * 40), [()]),                                          # loop and branch
    (lambda x, w: ((x @ w).tanh() ** 2).sum() + (w * w).mean(), [(3, 4), (4, 2)]),
    (lambda x: torch.where(x > 0, x.exp(), -x).cumsum(0).norm(), [(5,)]),
], ids=["seed", "shared_leaf", "where_cumsum"])
def test_gradients_stay_right_under_a_trace(fn, shapes):
    """First and second derivatives, in float64 against finite differences in random
    directions, computed while a trace records every op and backward step."""
    rng = np.random.default_rng(1)
    arrays = [rng.standard_normal(s) + 0.5 for s in shapes]
    with explain.trace() as t:
        check_grad(fn, *arrays, order=2)
    assert any(b.create_graph for b in t.backwards)    # the double backward was traced
    assert str(t).count("Backward from") == len(t.backwards) >= 3


def test_every_node_class_of_the_op_table_is_drawn():
    """Each op's node class, as it would sit in a graph: named as PyTorch names it in
    every view."""
    import importlib
    import pkgutil
    from retrograd import ops
    seen = set()
    classes = []
    for info in pkgutil.iter_modules(ops.__path__):
        module = importlib.import_module(f"retrograd.ops.{info.name}")
        for v in vars(module).values():
            if isinstance(v, _op.Op) and v.node_class is not None and v.node_class not in seen:
                seen.add(v.node_class)
                classes.append(v.node_class)
    assert len(classes) > 50
    leaf = torch.ones(2, 3, requires_grad=True)
    for cls in classes:
        node = cls(((leaf._accumulator(), 0), (None, 0)), (((2, 3), np.dtype("float32")),))
        node._saved, node._versions = {"x": leaf}, ()
        out = torch.ones(2, 3)
        out._grad_fn, out._requires_grad = node, True
        g = explain.graph(out, params={"w": leaf})
        name = cls.__name__
        assert f"└─ {name}  [2, 3] float32  saved x[2, 3]" in g.text()
        assert f">{name}</text>" in g.to_svg()
        assert f'label="{name}\\n' in g.to_dot()
        assert f'["{name}<br/>' in g.to_mermaid()


def test_any_node_with_name_and_next_functions_is_drawn():
    """Duck typing: a node of another kind says less (no shape), but is drawn."""
    class Foreign:
        def __init__(self, *inputs):
            self.next_functions = tuple((n, 0) for n in inputs)

        def name(self):
            return "ForeignBackward"

    w = torch.ones(2, requires_grad=True)
    top = Foreign(Foreign(w._accumulator()), None)
    out = torch.ones(2)
    out._grad_fn, out._requires_grad = top, True
    g = explain.graph(out, params={"w": w})
    assert g.text() == """\
Graph of output: 3 nodes
output  [2] float32  = [1, 1]
└─ ForeignBackward
   └─ ForeignBackward
      └─ w  [2] float32"""
    assert g.to_svg().count(">ForeignBackward</text>") == 2


# --- the trace: what it records -----------------------------------------------------------
def test_trace_reports_hooks_and_gradients_meeting_at_a_leaf():
    a = torch.tensor(0.5, requires_grad=True)
    a.register_hook(lambda g: g * 1)
    with explain.trace() as t:
        c = (a * 3).exp() + a
        c.backward()
    report = str(t)
    assert "     3  c = exp(a * 3) + a     4.98169" in report
    assert "  AccumulateGrad → a  a.grad = 14.4451   (1 hook ran)" in report
    assert "  a.grad adds 2 gradients that met there: 1 + 13.4451 = 14.4451" in report
    assert "1 op ran inside the backward pass" in report   # the hook's g * 1


def test_trace_spells_ops_as_the_code_wrote_them():
    F = torch.nn.functional
    x = torch.tensor([[0.5, -1.0], [2.0, 3.0]], requires_grad=True)
    w = torch.ones(3, 2)
    with explain.trace() as t:
        a = 1 - x                      # reflected operators keep their order
        b = 2 ** a
        c = -b[..., 0]                 # unary minus, indexing keys as written
        d = F.linear(x, w)             # a call made of several ops shows its parts
        abs(c).sum() + d.mean()        # used by nothing: shown without a name
    assert str(t) == """\
Forward: 10 ops ran, 0 conditions read by Python
     1  a = 1 - x                 [2, 2] ‖·‖=3.04138
     2  b = 2 ** a                [2, 2] ‖·‖=4.27931
     4  c = -b[..., 0]            [-1.41421, -0.5]
     6  d = mm(x, t(w))           [2, 3] ‖·‖=8.70345
    10  sum(abs(c)) + mean(d)     4.16421"""


def test_trace_of_a_create_graph_backward():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    with explain.trace() as t:
        y = (x * x).sum()
        g, = torch.autograd.grad(y, x, create_graph=True)
        z = g.sum()
        z.backward()
    report = str(t)
    assert "Backward from y = 14 (starting gradient 1) (create_graph=True: the gradients are " \
           "recorded too)" in report
    assert "  MulBackward0  gradient [1, 1, 1] → [1, 2, 3], [1, 2, 3]" in report
    assert "Backward from z = 12 (starting gradient 1)\n" in report
    assert "  AccumulateGrad → x  x.grad = [2, 2, 2]" in report
    text = explain.graph(g, params={"x": x}).text()
    assert "AddBackward0" in text and text.count("MulBackward0") == 2


def test_trace_of_in_place_writes_and_a_custom_function():
    class Exp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, i):
            r = i.exp()
            ctx.save_for_backward(r)
            return r

        @staticmethod
        def backward(ctx, g):
            r, = ctx.saved_tensors
            return g * r

    w = torch.ones(3, requires_grad=True)
    with explain.trace() as t:
        v = w * 2
        v[0] = 5
        v += 1
        s = Exp.apply(v).sum()
        s.backward()
    report = str(t)
    for line in ("     2  v[0] = 5", "     3  v += 1", "  CopySlices", "  ExpBackward ",
                 "  AccumulateGrad → w  w.grad = [0, 40.1711, 40.1711]"):
        assert line in report
    text = explain.graph(s, params={"w": w}).text()
    assert "ExpBackward  [3] float32" in text and "CopySlices" in text


def test_trace_of_a_backward_run_inside_a_backward():
    """A reentrant checkpoint recomputes its function and runs a backward of its own while
    the outer backward runs: each pass is reported with its own steps."""
    from retrograd.utils.checkpoint import checkpoint
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with explain.trace() as t:
        y = checkpoint(lambda v: (v.sin() * v).sum(), x, use_reentrant=True)
        y.backward()
    outer, inner = t.backwards
    assert [s.name for s in outer.steps] == ["CheckpointFunctionBackward", "AccumulateGrad"]
    assert [s.name for s in inner.steps] == ["SumBackward0", "MulBackward0", "SinBackward0",
                                             "AccumulateGrad"]
    assert "  AccumulateGrad → x          x.grad = [1.38177, 0.0770037]" in str(t)


def test_no_trace_means_no_call_into_explain():
    """With no trace active the hooks are a test of a module global: forward ops, bool()
    and backward never call into the explain package."""
    import retrograd.explain as package
    where = os.path.dirname(package.__file__)
    calls = []

    def profile(frame, event, arg):
        if event == "call" and frame.f_code.co_filename.startswith(where):
            calls.append(frame.f_code.co_name)

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    sys.setprofile(profile)
    try:
        y = (x * 2).exp().sum()
        bool(y > 0)
        y.backward()
    finally:
        sys.setprofile(None)
    assert calls == []
    assert x.grad is not None


def test_trace_is_off_after_the_block_even_after_an_error():
    state = _thread_state.current()
    assert state.tracer is None
    with pytest.raises(ZeroDivisionError):
        with explain.trace() as t:
            assert state.tracer is t
            1 / 0
    assert state.tracer is None
    with explain.trace() as outer:
        with explain.trace() as inner:
            assert state.tracer is inner
        assert state.tracer is outer
    assert state.tracer is None


def test_trace_sees_only_its_own_thread():
    """A trace records the ops of the thread that opened it; another thread's ops run
    untraced at the same time."""
    import threading
    x = torch.ones(3, requires_grad=True)
    seen = {}

    def other():
        seen["tracer"] = _thread_state.current().tracer
        (x * 5).sum().backward()

    with explain.trace() as t:
        y = (x * 2).sum()
        worker = threading.Thread(target=other)
        worker.start()
        worker.join()
        y.backward()
    assert seen["tracer"] is None
    assert x.grad.tolist() == [7.0, 7.0, 7.0]
    assert len(t.events) == 2        # x * 2 and sum: not the other thread's x * 5 and sum
    assert len(t.backwards) == 1     # and only this thread's backward


def test_trace_keeps_no_tensor_alive():
    import gc
    import weakref

    def step():
        x = torch.ones(1000, requires_grad=True)
        with explain.trace() as t:
            y = (x * 2).sum()
            y.backward()
        return t, weakref.ref(x), weakref.ref(y)

    t, x, y = step()
    gc.collect()
    assert x() is None and y() is None
    assert "y = sum(x * 2)" in str(t)


def test_a_failure_to_record_never_stops_the_computation(monkeypatch):
    from retrograd.explain import _trace

    def broken(value, long=False):
        raise ValueError("cannot summarise")

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with explain.trace() as t:
        monkeypatch.setattr(_trace._format, "value", broken)
        y = (x * 3).sum()
        y.backward()
    monkeypatch.undo()
    assert x.grad.tolist() == [3.0, 3.0]
    assert str(t).endswith("events could not be recorded (the computation itself went on); "
                           "the first: forward: ValueError: cannot summarise")


def test_report_of_an_empty_trace():
    with explain.trace() as t:
        pass
    assert str(t) == "Nothing was recorded: no op ran inside the trace."
    with pytest.raises(RuntimeError, match="no backward pass"):
        t.graph()


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"lang must be one of \['en', 'zh'\], but got 'fr'"):
        explain.trace(lang="fr")
    with pytest.raises(TypeError, match="expects a Tensor, a non-empty list or tuple of "
                                        "Tensors, or a dict of them, but got int"):
        explain.graph(3)
    with pytest.raises(TypeError):
        explain.graph([])


def test_graphs_of_leaves_and_of_tensors_without_grad():
    w = torch.ones(3, requires_grad=True)
    assert explain.graph(w, params={"w": w}).text() == \
        "Graph of w: 1 node\nw  [3] float32  = [1, 1, 1]\n└─ leaf  [3] float32"
    assert explain.graph(torch.ones(2)).text() == \
        "Graph of output: 0 nodes\noutput  [2] float32  = [1, 1]"
    ET.fromstring(explain.graph(torch.ones(2)).to_svg())


def test_layout_keeps_a_chain_of_first_inputs_straight():
    """out = out + p in a loop: the AddBackward0 spine is drawn as one vertical line, the
    p's hang beside it (no staircase)."""
    x = torch.arange(6.0, requires_grad=True)
    out = x.sum()
    for k in range(12):
        out = out + (x * k).exp().mean()
    root = ET.fromstring(explain.graph(out, fold=False).to_svg())
    centres = [float(g.find(SVG + "rect").get("x")) + float(g.find(SVG + "rect").get("width")) / 2
               for g in root.iter(SVG + "g")
               if g.get("class") == "node op" and g.find(SVG + "text").text == "AddBackward0"]
    assert len(centres) == 12 and max(centres) - min(centres) < 1


def test_large_graph_lays_out_every_box_without_overlap():
    a = torch.randn(4, requires_grad=True)
    z = a
    for i in range(150):
        z = (z * 1.5 + a.sin()).tanh() if i % 2 else z + a * 0.5
    g = explain.graph(z.sum(), params={"a": a}, fold=False)
    root = ET.fromstring(g.to_svg())
    rects = [(float(r.get("x")), float(r.get("y")), float(r.get("width")),
              float(r.get("height"))) for r in root.iter(SVG + "rect") if r.get("rx")]
    assert len(rects) >= g.nodes + 1
    rows = {}
    for x, y, w, h in rects:
        rows.setdefault(y, []).append((x, x + w))
    for spans in rows.values():
        spans.sort()
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    # `a` is used all along the chain: far uses get their own copy of the box
    copies = [n for n in root.iter(SVG + "g") if n.get("class") == "node copy"]
    assert copies and all(n.find(SVG + "text").text == "a" for n in copies)
