"""Write docs/ops.md: which of PyTorch's everyday ops retrograd has, as function and as
Tensor method, with their in-place form, gradient and node names. Run it after changing
the op table; tests/test_ops_table.py fails while the page is out of date.

What PyTorch offers is recorded below (`f` torch.<op>, `m` Tensor.<op>, `i` Tensor.<op>_),
checked against PyTorch itself by the test when it is importable. What retrograd offers is
read from retrograd; gradients and node names come from the op cases (tests/op_cases.py)
and PyTorch's recorded results for them (tests/golden/ops.json).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, os.path.join(ROOT, "tests"))

PYTORCH = [
    ("Creation", [
        ("zeros", "f"), ("ones", "f"), ("full", "f"), ("empty", "f"), ("eye", "f"),
        ("arange", "f"), ("linspace", "f"), ("logspace", "f"), ("rand", "f"), ("randn", "f"),
        ("randint", "f"), ("randperm", "f"), ("normal", "fi"), ("bernoulli", "fmi"),
        ("multinomial", "fm"), ("zeros_like", "f"), ("ones_like", "f"), ("full_like", "f"),
        ("empty_like", "f"), ("rand_like", "f"), ("randn_like", "f"), ("randint_like", "f"),
        ("tensor", "f"), ("as_tensor", "f"), ("from_numpy", "f"), ("clone", "fm"),
        ("uniform_", "m"), ("normal_", "m"), ("random_", "m"), ("exponential_", "m"),
        ("bernoulli_", "m")]),
    ("Pointwise", [
        ("abs", "fmi"), ("neg", "fmi"), ("sign", "fmi"), ("exp", "fmi"), ("exp2", "fmi"),
        ("expm1", "fmi"), ("log", "fmi"), ("log2", "fmi"), ("log10", "fmi"), ("log1p", "fmi"),
        ("sqrt", "fmi"), ("rsqrt", "fmi"), ("square", "fmi"), ("sin", "fmi"), ("cos", "fmi"),
        ("tan", "fmi"), ("asin", "fmi"), ("acos", "fmi"), ("atan", "fmi"), ("atan2", "fmi"),
        ("sinh", "fmi"), ("cosh", "fmi"), ("tanh", "fmi"), ("sigmoid", "fmi"), ("erf", "fmi"),
        ("floor", "fmi"), ("ceil", "fmi"), ("round", "fmi"), ("trunc", "fmi"),
        ("frac", "fmi"), ("clamp", "fmi"), ("clip", "fmi"), ("pow", "fmi"),
        ("reciprocal", "fmi"), ("lerp", "fmi"), ("where", "fm"), ("maximum", "fm"),
        ("minimum", "fm"), ("fmod", "fmi"), ("remainder", "fmi"), ("logical_and", "fmi"),
        ("logical_or", "fmi"), ("logical_not", "fmi"), ("logical_xor", "fmi"),
        ("isnan", "fm"), ("isinf", "fm"), ("isfinite", "fm"), ("nan_to_num", "fmi"),
        ("add", "fmi"), ("sub", "fmi"), ("mul", "fmi"), ("div", "fmi"),
        ("true_divide", "fmi"), ("floor_divide", "fmi"), ("eq", "fmi"), ("ne", "fmi"),
        ("lt", "fmi"), ("le", "fmi"), ("gt", "fmi"), ("ge", "fmi"), ("equal", "fm"),
        ("allclose", "fm"), ("isclose", "fm")]),
    ("Reductions", [
        ("sum", "fm"), ("mean", "fm"), ("prod", "fm"), ("max", "fm"), ("min", "fm"),
        ("amax", "fm"), ("amin", "fm"), ("argmax", "fm"), ("argmin", "fm"), ("std", "fm"),
        ("var", "fm"), ("norm", "fm"), ("linalg.vector_norm", "f"), ("linalg.norm", "f"),
        ("logsumexp", "fm"), ("cumsum", "fmi"), ("cumprod", "fmi"), ("all", "fm"),
        ("any", "fm"), ("count_nonzero", "fm"), ("sort", "fm"), ("argsort", "fm"),
        ("topk", "fm"), ("median", "fm"), ("kthvalue", "fm")]),
    ("Linear algebra", [
        ("dot", "fm"), ("mv", "fm"), ("mm", "fm"), ("bmm", "fm"), ("matmul", "fm"),
        ("outer", "fm"), ("einsum", "f"), ("addmm", "fmi"), ("tensordot", "f"),
        ("trace", "fm"), ("diag", "fm"), ("diagonal", "fm"), ("linalg.inv", "f"),
        ("linalg.det", "f"), ("linalg.solve", "f"), ("linalg.cholesky", "f"),
        ("linalg.solve_triangular", "f")]),
    ("Special functions", [
        ("lgamma", "fmi"), ("digamma", "fmi"), ("polygamma", "fmi"), ("xlogy", "fmi"),
        ("erfinv", "fmi"), ("igamma", "fmi")]),
    ("Shape and indexing", [
        ("reshape", "fm"), ("view", "m"), ("view_as", "m"), ("flatten", "fm"),
        ("unflatten", "fm"), ("squeeze", "fmi"), ("unsqueeze", "fmi"), ("transpose", "fmi"),
        ("permute", "fm"), ("t", "fmi"), ("T", "m"), ("mT", "m"), ("expand", "m"),
        ("expand_as", "m"), ("repeat", "m"), ("repeat_interleave", "fm"), ("cat", "f"),
        ("concat", "f"), ("stack", "f"), ("split", "fm"), ("chunk", "fm"), ("unbind", "fm"),
        ("flip", "fm"), ("roll", "fm"), ("narrow", "fm"), ("movedim", "fm"), ("gather", "fm"),
        ("scatter", "fmi"), ("scatter_add", "fmi"), ("index_select", "fm"),
        ("masked_fill", "fmi"), ("masked_select", "fm"), ("take", "fm"), ("nonzero", "fm"),
        ("tril", "fmi"), ("triu", "fmi"), ("contiguous", "m"), ("__getitem__", "m"),
        ("__setitem__", "m"), ("index_put", "fmi")]),
    ("Conversions", [
        ("to", "m"), ("type", "m"), ("float", "m"), ("double", "m"), ("half", "m"),
        ("long", "m"), ("int", "m"), ("bool", "m"), ("result_type", "f"), ("can_cast", "f"),
        ("promote_types", "f")]),
    ("In-place writes", [
        ("copy_", "m"), ("zero_", "fm"), ("fill_", "fm"), ("masked_fill_", "m"),
        ("index_put_", "fm"), ("scatter_", "m"), ("scatter_add_", "m")]),
]


def _lookup(lib, name):
    """(function, method, in-place method) that library `lib` has for op `name`."""
    if name.startswith("linalg."):
        return hasattr(lib.linalg, name[7:]), False, False
    conversions = ("float", "double", "half", "long", "int", "bool")
    function = hasattr(lib, name) and not name.startswith("__") and name not in conversions
    method = hasattr(lib.Tensor, name)
    in_place = not name.endswith("_") and not name.startswith("__") and \
        hasattr(lib.Tensor, name + "_")
    return function, method, in_place


def _cell(pytorch_has, we_have):
    if not pytorch_has:
        return "—"
    return "yes" if we_have else "**missing**"


def rows():
    """One row per op: name, function, method, in-place, gradient, node names."""
    import retrograd
    import op_cases
    with open(os.path.join(ROOT, "tests", "golden", "ops.json")) as f:
        golden = json.load(f)["cases"]
    grads, nodes = {}, {}
    for case in op_cases.CASES:
        if case.grad:
            grads[case.op] = True
            node = golden[case.name]["node"]
            if node and node not in nodes.setdefault(case.op, []):
                nodes[case.op].append(node)
    for group, ops in PYTORCH:
        out = []
        for name, kinds in ops:
            f, m, i = _lookup(retrograd, name)
            out.append((name, _cell("f" in kinds, f), _cell("m" in kinds, m),
                        _cell("i" in kinds, i), "yes" if grads.get(name) else "—",
                        ", ".join(nodes.get(name, []))))
        yield group, out


def page():
    groups = list(rows())
    every = [r for _, rs in groups for r in rs]
    functions = sum(r[1] == "yes" for r in every)
    methods = sum(r[2] == "yes" for r in every) + sum(r[3] == "yes" for r in every)
    with_grad = sum(r[4] == "yes" for r in every)
    missing = sum("**missing**" in r for r in every)
    lines = ["# The op table", "",
             "Generated by `tools/gen_ops_table.py` from retrograd itself and the op cases "
             "that are checked against PyTorch 2.13 (`tests/op_cases.py`, "
             "`tests/golden/ops.json`); `tests/test_ops_table.py` keeps it true.", "",
             f"{len(every)} ops: {functions} `torch.*` functions and {methods} Tensor methods "
             f"(in-place forms included) that PyTorch has; {with_grad} ops with gradients "
             f"checked against PyTorch and against finite differences to second order; "
             f"{missing} missing.", "",
             "Columns: `torch.op` function, `Tensor.op` method, `Tensor.op_` in-place form "
             "(— where PyTorch has none), gradient (— where there is none to take), and the "
             "node names (`grad_fn`) the cases produce, identical to PyTorch's.", ""]
    for group, rs in groups:
        lines += [f"## {group}", "", "| op | function | method | in-place | gradient | nodes |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| `{n}` | {f} | {m} | {i} | {g} | {nd} |" for n, f, m, i, g, nd in rs]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    with open(os.path.join(ROOT, "docs", "ops.md"), "w") as f:
        f.write(page())
    print("wrote docs/ops.md")
