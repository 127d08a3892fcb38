"""The words of the trace report and the graph views, in English and in Chinese."""

TEXTS = {
    "en": {
        "forward": "Forward: {ops} ran, {conds} read by Python",
        "op": "op", "ops": "ops", "condition": "condition", "conditions": "conditions",
        "hook": "hook", "hooks": "hooks", "event": "event", "events": "events",
        "times": "{n} times, steps {first}-{last}:",
        "cond": "← read by Python as a condition",
        "cond_note": ("Python's `if` and `while` are invisible to autograd; what it can see is "
                      "the comparisons above, read as True/False."),
        "made_by": "{out} was made by step {step}: {expr}",
        "no_op_after": ("The last condition (step {step}: {expr} → {value}) came after that: "
                        "whichever branch ran next added no op to {out}'s graph (like `c = b`)."),
        "ops_after": ("After the last condition (step {step}: {expr} → {value}) these ops on "
                      "{out}'s path ran, so the branch taken added them: {ops}"),
        "backward": "Backward from {roots}{create}",
        "create": " (create_graph=True: the gradients are recorded too)",
        "start": "starting gradient {g}",
        "gradient": "gradient",
        "accumulated": "{leaf}.grad = {value}",
        "accumulated_add": "{leaf}.grad += {g} → {value}",
        "hooks_ran": "{hooks} ran",
        "grad_ops": "{ops} ran inside the backward pass (in hooks, custom backwards, or "
                    "to record gradients for create_graph=True)",
        "chain": "Chain rule: {leaf}.grad = {product} = {value}",
        "chain_start": "starting gradient of {out}",
        "chain_factor": "{name}, {n} times: each multiplies the gradient by {f}",
        "chain_factor1": "{name}: multiplies the gradient by {f}",
        "sum": "{leaf}.grad adds {n} gradients that met there: {terms} = {value}",
        "nonscalar": "(gradients of tensors, not numbers: {leaf}; see the norms ‖·‖ above)",
        "empty": "Nothing was recorded: no op ran inside the trace.",
        "failures": ("{events} could not be recorded (the computation itself went on); "
                     "the first: {first}"),
        "graph_title": "Graph of {outs}: {nodes} {noun}",
        "node": "node",
        "nodes": "nodes",
        "folded": ", {boxes} boxes after folding chains",
        "grad_legend": "∇ = the gradient that flowed along the edge in the last traced backward",
        "see": "↑ see #{id}",
        "leaf": "leaf",
        "output": "output",
        "saved": "saved",
        "freed": "saved values freed",
        "varies": "(varies)",
        "grad": "grad",
        "value": "value",
        "grad_in": "gradient in",
        "grad_steps": "gradient in, step by step",
        "chain_detail": "{n} × {name} in a chain, each used only by the next",
        "copy": "(drawn again here, next to this use)",
        "svg_legend": "∇ = gradient that flowed back along the edge (last traced backward)",
    },
    "zh": {
        "forward": "正向传播：运行了 {ops}，Python 读取了 {conds}",
        "op": "个运算", "ops": "个运算", "condition": "个条件", "conditions": "个条件",
        "hook": "个钩子", "hooks": "个钩子", "event": "个事件", "events": "个事件",
        "times": "重复 {n} 次，第 {first}-{last} 步：",
        "cond": "← Python 把它当作条件读取",
        "cond_note": ("Python 的 `if` 和 `while` 对自动微分不可见；它能看到的是上面这些比较，"
                      "以及它们被读成的 True/False。"),
        "made_by": "{out} 由第 {step} 步得到：{expr}",
        "no_op_after": ("最后一个条件（第 {step} 步：{expr} → {value}）在那之后：之后执行的分支"
                        "没有给 {out} 的计算图添加任何运算（例如 `c = b`）。"),
        "ops_after": ("最后一个条件（第 {step} 步：{expr} → {value}）之后，{out} 路径上又运行了"
                      "这些运算，它们来自所选的分支：{ops}"),
        "backward": "反向传播，从 {roots}{create}",
        "create": "（create_graph=True：梯度本身也被记录）",
        "start": "初始梯度 {g}",
        "gradient": "梯度",
        "accumulated": "{leaf}.grad = {value}",
        "accumulated_add": "{leaf}.grad += {g} → {value}",
        "hooks_ran": "运行了 {hooks}",
        "grad_ops": "反向传播过程中运行了 {ops}（来自钩子、自定义 backward，或 "
                    "create_graph=True 时记录梯度）",
        "chain": "链式法则：{leaf}.grad = {product} = {value}",
        "chain_start": "{out} 的初始梯度",
        "chain_factor": "{name}，{n} 次：每次把梯度乘以 {f}",
        "chain_factor1": "{name}：把梯度乘以 {f}",
        "sum": "{leaf}.grad 把在此汇合的 {n} 个梯度相加：{terms} = {value}",
        "nonscalar": "（这些梯度是张量而不是数：{leaf}；见上面的范数 ‖·‖）",
        "empty": "没有记录到任何内容：追踪期间没有运行运算。",
        "failures": "有 {events} 未能记录（计算本身照常进行）；第一个：{first}",
        "graph_title": "{outs} 的计算图：{nodes} 个{noun}",
        "node": "节点",
        "nodes": "节点",
        "folded": "，折叠链后 {boxes} 个方框",
        "grad_legend": "∇ = 最近一次被追踪的反向传播中沿这条边流动的梯度",
        "see": "↑ 见 #{id}",
        "leaf": "叶子",
        "output": "输出",
        "saved": "保存了",
        "freed": "保存的值已释放",
        "varies": "（各不相同）",
        "grad": "梯度",
        "value": "值",
        "grad_in": "流入的梯度",
        "grad_steps": "逐步流入的梯度",
        "chain_detail": "{n} 个 {name} 连成一串，每个只被下一个使用",
        "copy": "（在此处再画一次，靠近这次使用）",
        "svg_legend": "∇ = 最近一次被追踪的反向传播中沿这条边流回的梯度",
    },
}


def count(T, n, word):
    """`38 ops`, `1 op`, `38 个运算`: a number with its noun, singular or plural."""
    return f"{n} {T[word if n == 1 else word + 's']}"


def texts(lang):
    if lang not in TEXTS:
        raise ValueError(f"lang must be one of {sorted(TEXTS)}, but got {lang!r}")
    return TEXTS[lang]
