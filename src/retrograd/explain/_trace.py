"""`explain.trace()`: record what autograd did, and tell it as a story.

While a trace is active, the op table and the engine call it (one `is not None` check each
when no trace is active, so tracing costs nothing when unused):

- every op that runs (`forward`): which op, on which tensors, what came out;
- every time Python reads a one-element tensor as a bool (`bool_read`): this is how an
  `if` or `while` on tensors shows up. Python's control flow itself is invisible, so the
  report shows the comparisons it read and their results, and says so;
- every backward pass (`backward_begin`, `backward_step`, `backward_end`): each node with
  the gradients in and out, accumulation into leaves, hooks that ran.

Tensors are named after the variables of the code that uses them (`b = a * 2`), found in
the caller's frame when a tensor is first used; `params=` names others. The recorder keeps
summaries and weak references only, so tracing a training step keeps no tensors alive.

Gradients that flowed are also kept per node, weakly (`flows`, `seeds`), so that
`explain.graph()` drawn after a traced backward can label its edges with them.
"""
import functools
import os
import re
import sys
import weakref

from ..autograd import _thread_state
from . import _format
from .._printing import _grad_fn_name as _node_name
from ._lang import count, texts

# node -> (gradient in per output, out per input), each a (full, short) summary or None
flows = weakref.WeakKeyDictionary()
seeds = weakref.WeakKeyDictionary()   # root node -> {output_nr: starting gradient summaries}

# where retrograd's own frames come from, as given on sys.path and as an absolute path
_PACKAGE = (os.path.dirname(os.path.dirname(__file__)),
            os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# operators as Python spells them, by the Tensor method that implements them
_BINARY = {"add": "+", "sub": "-", "mul": "*", "truediv": "/", "floordiv": "//", "mod": "%",
           "pow": "**", "matmul": "@", "lt": "<", "le": "<=", "gt": ">", "ge": ">=",
           "eq": "==", "ne": "!=", "and": "&", "or": "|", "xor": "^"}
_UNARY = {"__neg__": "-", "__invert__": "~", "__abs__": "abs"}
FOLD_MIN = 3        # shortest repetition folded into "N times:"
_TEMP = re.compile(r"\bt\d+\b")   # names given to unnamed results: t4 is step 4's
_MAX_INLINE = 3     # deepest expression written inline, `norm(b) < 1000`


class _OpEvent:
    __slots__ = ("step", "name", "form", "args", "plain", "out", "value", "backward")

    def __init__(self, step, spelled, plain, out, value, backward):
        self.step = step          # 1, 2, ... among the ops of the trace
        # as the code spelled it: name ("norm", "*", "add_"), form ("binary", "unary",
        # "index", "inplace", "setitem" or "call") and arguments (("t", key) for a tensor,
        # ("v", text) for anything else); `plain`: the same as the op itself
        self.name, self.form, self.args = spelled
        self.plain = plain
        self.out = out            # key of the result
        self.value = value        # summary of the result
        self.backward = backward  # ran inside a backward pass (hooks, create_graph)

    def unspell(self):
        """Show the op as itself: it was one of several ops of a single call."""
        self.name, self.form, self.args = self.plain


class _BoolEvent:
    __slots__ = ("key", "value")

    def __init__(self, key, value):
        self.key, self.value = key, value


class _Step:
    """One node run by a backward pass."""
    __slots__ = ("nid", "name", "leaf", "ins", "outs", "in_f", "out_f", "targets", "hooks",
                 "grad")

    def __init__(self, nid, name, leaf, ins, outs, in_f, out_f, targets, hooks, grad):
        self.nid, self.name, self.leaf = nid, name, leaf
        self.ins, self.outs, self.in_f, self.out_f = ins, outs, in_f, out_f
        self.targets, self.hooks, self.grad = targets, hooks, grad


class _Backward:
    __slots__ = ("roots", "outputs", "create_graph", "steps", "grad_ops", "path_steps",
                 "root_nids", "root_steps")

    def __init__(self, roots, outputs, create_graph, path_steps, root_nids, root_steps):
        self.roots = roots              # [(name, value summary, seed summary, seed float)]
        self.outputs = outputs          # weak references to the tensors backward started from
        self.create_graph = create_graph
        self.steps = []
        self.grad_ops = 0
        self.path_steps = path_steps    # forward steps whose node the outputs depend on
        self.root_nids = root_nids      # node id -> index in roots
        self.root_steps = root_steps    # forward step that made each root


def _name_in(t, frame):
    """The name of a variable bound to `t` in `frame`, if any."""
    if frame is not None:
        for scope in (frame.f_locals, frame.f_globals):
            for name, v in list(scope.items()):
                if v is t and not name.startswith("_"):
                    return name
    return None


def _scalar(g):
    data = getattr(g, "_data", g)
    if data is None or getattr(data, "size", 0) != 1:
        return None
    return float(data.reshape(()).item()) if hasattr(data, "reshape") else float(data)


def _entry_and_user_frames():
    """The outermost retrograd frame (the public function the user called) and the user's."""
    frame = sys._getframe(2)
    entry = None
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        entry = frame
        frame = frame.f_back
    return entry, frame


def _spelling(op, args, entry, inplace):
    """(name, form, arguments) of an op as the user's code spelled it: `a * 2` when it came
    from `Tensor.__mul__` (the entry frame: the first retrograd function the code called),
    `norm(b)` from `b.norm()`, the op's own name (`exp`) when called directly."""
    name, form = _format.op_name(op.name), "call"
    code = entry.f_code.co_name if entry is not None else ""
    local = entry.f_locals if code.startswith("__") else {}
    if code in _UNARY:
        name, form = _UNARY[code], "unary"
    elif code == "__getitem__":
        name, form, args = "[]", "index", (local.get("self"), local.get("index"))
    elif code == "__setitem__":
        name, form = "[]=", "setitem"
        args = (local.get("self"), local.get("index"), local.get("value"))
    elif code.startswith("__") and code.endswith("__"):
        base = code[2:-2]
        if base not in _BINARY and base[:1] in ("r", "i"):
            base = base[1:]   # __rsub__, __iadd__: the reflected and in-place forms
        if base in _BINARY:
            other = local.get(entry.f_code.co_varnames[1])
            if code.startswith("__i"):
                name, form = _BINARY[base] + "=", "inplace"
            else:
                name, form = _BINARY[base], "binary"
            args = (other, local.get("self")) if code.startswith("__r") else \
                (local.get("self"), other)
    elif code not in ("", "__call__", "fn") and not code.startswith("<"):
        name = code           # not: an op-table call, the in-place wrappers `fn`, lambdas
    if form == "call" and inplace and not name.endswith("_"):
        name += "_"
    return name, form, args


def _hook_count(node):
    n = 0
    for attr in ("_pre_hooks", "_post_hooks", "_post_acc_hooks"):
        n += len(getattr(node, attr, None) or ())
    for hooks in (getattr(node, "_tensor_hooks", None) or {}).values():
        n += len(hooks)
    var = getattr(node, "variable", None)
    n += len(getattr(var, "_hooks", None) or ())
    return n


def _never_raises(hook):
    """The hooks run inside the user's computation: a failure to record must not stop it.
    It is kept, and the report says so."""
    @functools.wraps(hook)
    def guarded(self, *args, **kwargs):
        try:
            hook(self, *args, **kwargs)
        except Exception as e:   # any recording error: kept, and reported
            self.failures.append(f"{hook.__name__}: {type(e).__name__}: {e}")
    return guarded


class Trace:
    """What happened inside `with explain.trace() as t:`; `print(t)` tells it."""

    def __init__(self, lang="en", params=None):
        texts(lang)   # fail early on an unknown language
        self.lang = lang
        self.events = []      # _OpEvent and _BoolEvent, in order
        self.backwards = []   # _Backward, in order
        self.failures = []    # what could not be recorded, and why
        self._keys = {}       # id(tensor) -> (weak reference, key)
        self._names = {}      # key -> variable name
        self._outside = {}    # key -> summary, for tensors made before the trace
        self._made = {}       # key -> step of the op that made it
        self._nodes = {}      # id(node) -> (weak reference, step)
        self._steps = 0
        self._count = 0       # keys given out so far
        self._last_entry = None   # entry frame of the last op: the ops of one call share it
        self._call = []           # the events of that call
        # backward passes running now, innermost last (a hook or a checkpoint may start one
        # inside another), each with the frame that started it (to name leaves)
        self._running = []
        self._previous = None
        for name, t in (params or {}).items():
            self._names[self._key(t)] = name

    # --- the context manager: this thread's op table and engine report to it ----------
    def __enter__(self):
        st = _thread_state.current()
        self._previous, st.tracer = st.tracer, self
        _thread_state.count_users("tracing_users", 1)
        return self

    def __exit__(self, *exc):
        _thread_state.current().tracer = self._previous
        _thread_state.count_users("tracing_users", -1)
        self._last_entry = None
        self._running = []
        self._call = []
        return False

    # --- naming tensors -----------------------------------------------------------------
    def _key(self, t):
        entry = self._keys.get(id(t))
        if entry is not None and entry[0]() is t:
            return entry[1]
        self._count += 1
        key = self._count
        self._keys[id(t)] = (weakref.ref(t), key)
        return key

    def _name(self, t, key, frame):
        """Find a variable bound to `t` in the user's frame, the first time `t` is used."""
        if key not in self._names:
            name = _name_in(t, frame)
            if name is not None:
                self._names[key] = name

    def _arg(self, a, frame, key=False):
        """How an argument is shown: a tensor by its key, anything else as text (`key`: an
        indexing key, written as inside brackets)."""
        from .._tensor import Tensor
        if isinstance(a, Tensor):
            k = self._key(a)
            self._name(a, k, frame)
            if k not in self._made and k not in self._outside:
                self._outside[k] = _format.value(a)
            return ("t", k)
        return ("v", _format.index(a) if key else _format.literal(a))

    # --- hooks called by the op table and the engine --------------------------------------
    @_never_raises
    def forward(self, op, args, attrs, out, inplace=False):
        entry, frame = _entry_and_user_frames()
        plain = _spelling(op, args, None, inplace)
        plain = plain[:2] + ([self._arg(a, frame) for a in args],)
        # the ops of one call (a composite function like F.linear) share its frame; a live
        # frame is never reused, so holding the last one tells one call from the next
        same_call = entry is not None and entry is self._last_entry
        self._last_entry = entry
        if same_call:
            spelled = plain
            for e in self._call:
                e.unspell()
        else:
            spelled = _spelling(op, args, entry, inplace)
            if spelled[2] is not args:   # spelled from the entry frame: `b[0] = 5`, `2 * a`
                index = spelled[1] in ("index", "setitem")
                spelled = spelled[:2] + ([self._arg(a, frame, index and i == 1)
                                          for i, a in enumerate(spelled[2])],)
            else:
                spelled = spelled[:2] + (plain[2],)
            self._call = []
        self._steps += 1
        key = self._key(out)
        self._made[key] = self._steps
        node = out._grad_fn
        if node is not None:
            try:
                self._nodes[id(node)] = (weakref.ref(node), self._steps)
            except TypeError:   # a node class without weak references: left unmatched
                pass
        in_backward = bool(self._running)
        if in_backward:
            self._running[-1][0].grad_ops += 1
        event = _OpEvent(self._steps, spelled, plain, key, _format.value(out), in_backward)
        self._call.append(event)
        self.events.append(event)

    @_never_raises
    def bool_read(self, t, value):
        _, frame = _entry_and_user_frames()
        key = self._key(t)
        self._name(t, key, frame)
        self.events.append(_BoolEvent(key, value))

    @_never_raises
    def backward_begin(self, outputs, edges, grads, create_graph):
        _, frame = _entry_and_user_frames()
        roots, root_nids, root_steps = [], {}, []
        for i, (t, (node, nr), g) in enumerate(zip(outputs, edges, grads)):
            key = self._key(t)
            self._name(t, key, frame)
            name = _name_in(t, frame) or self._label(key)
            roots.append((name, _format.value(t), _format.value(g), _scalar(g)))
            root_nids.setdefault(id(node), i)
            root_steps.append(self._step_of(node))
            try:
                seeds.setdefault(node, {})[nr] = _format.gradient(g)
            except TypeError:
                pass
        path = set()
        stack, seen = [e[0] for e in edges], set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            step = self._step_of(node)
            if step is not None:
                path.add(step)
            stack.extend(c for c, _ in getattr(node, "next_functions", ()) if c is not None)
        record = _Backward(roots, [weakref.ref(t) for t in outputs], create_graph, path,
                           root_nids, root_steps)
        self._running.append((record, frame))
        self.backwards.append(record)

    @_never_raises
    def backward_step(self, node, grads_in, grads_out):
        leaf = None
        grad = None
        var = getattr(node, "variable", None)
        if var is not None:
            key = self._key(var)
            leaf = _name_in(var, self._running[-1][1]) or self._label(key)
            grad = _format.value(var._grad)
        targets = tuple(id(c) if c is not None else None
                        for c, _ in getattr(node, "next_functions", ()))
        grads_out = list(grads_out or ())
        ins = [None if g is None else _format.gradient(g) for g in grads_in]
        outs = [None if g is None else _format.gradient(g) for g in grads_out]
        try:
            flows[node] = (ins, outs)
        except TypeError:
            pass
        self._running[-1][0].steps.append(_Step(
            id(node), _node_name(node), leaf, [g and g[0] for g in ins], [g and g[0] for g in outs],
            [_scalar(g) for g in grads_in], [_scalar(g) for g in grads_out], targets,
            _hook_count(node), grad))

    @_never_raises
    def backward_end(self):
        self._running.pop()

    def _step_of(self, node):
        entry = self._nodes.get(id(node))
        return entry[1] if entry is not None and entry[0]() is node else None

    def _label(self, key):
        if key in self._names:
            return self._names[key]
        if key in self._made:
            return f"t{self._made[key]}"
        return f"⟨{self._outside.get(key, '?')}⟩"

    # --- the report ---------------------------------------------------------------------
    def report(self, lang=None, fold=True):
        """The story of the trace, as text (`lang`: "en" or "zh")."""
        T = texts(lang or self.lang)
        lines = []
        forward = [e for e in self.events if not (isinstance(e, _OpEvent) and e.backward)]
        if not forward and not self.backwards and not self.failures:
            return T["empty"]
        if forward:
            lines += _Story(self, forward, T).forward(fold)
        for b in self.backwards:
            lines.append("")
            lines += _backward_lines(b, T, fold)
        if self.failures:
            lines += ["", T["failures"].format(events=count(T, len(self.failures), "event"),
                                               first=self.failures[0])]
        return "\n".join(lines).lstrip("\n")

    def __str__(self):
        return self.report()

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle):
        p.text(self.report())

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Jupyter: the report, then the picture of the last traced backward's graph."""
        report = self.report()
        html = f"<pre>{_format.xml(report)}</pre>"
        try:
            html += self.graph().to_svg()
        except RuntimeError:    # no traced backward whose outputs are still alive
            pass
        return {"text/plain": report, "text/html": html}

    def graph(self, params=None, fold=True):
        """`explain.graph` of the outputs of the last traced backward, with the names the
        trace found."""
        from . import graph
        refs = {key: ref for ref, key in self._keys.values()}
        names = {}
        for key, name in self._names.items():
            t = refs[key]() if key in refs else None
            if t is not None:
                names[name] = t
        names.update(params or {})
        last = self.backwards[-1] if self.backwards else None
        outputs = {}
        for (name, _, _, _), ref in zip(last.roots if last else (), last.outputs if last else ()):
            if ref() is not None:
                outputs[name] = ref()
        if not outputs:
            raise RuntimeError("explain: this trace has no backward pass whose outputs are "
                               "still alive; use explain.graph(outputs) instead")
        names = {n: t for n, t in names.items()
                 if not any(t is o for o in outputs.values())}
        return graph(outputs, params=names, fold=fold, lang=self.lang)


class _Story:
    """Writes the forward part of a report: one line per named result or condition, with
    single-use temporaries written inline (`norm(b) < 1000`) and repetitions folded."""

    def __init__(self, trace, events, T):
        self.trace, self.events, self.T = trace, events, T
        maker, uses = {}, {}
        self.makers = []      # per event: the op event that made each tensor argument
        for e in events:
            keys = [e.key] if isinstance(e, _BoolEvent) else \
                [a[1] for a in e.args if a[0] == "t"]
            made = [maker.get(k) for k in keys]
            for m in made:
                if m is not None:
                    uses[m.step] = uses.get(m.step, 0) + 1
            self.makers.append(made)
            if isinstance(e, _OpEvent):
                maker[e.out] = e
        self.uses = uses      # step -> how many later events read its result
        self.index = {id(e): i for i, e in enumerate(events)}
        self.depth, self.inline = {}, set()
        for i, e in enumerate(events):
            if isinstance(e, _OpEvent):
                d = 1 + max([self.depth[m.step] for m in self.makers[i]
                             if m is not None and m.step in self.inline] or [0])
                self.depth[e.step] = d
                if e.out not in trace._names and uses.get(e.step) == 1 and \
                        e.form not in ("inplace", "setitem") and not e.name.endswith("_") \
                        and d <= _MAX_INLINE:
                    self.inline.add(e.step)

    def expr(self, e, nested=False):
        i = self.index[id(e)]
        parts = []
        makers = iter(self.makers[i])
        operator = e.form in ("binary", "inplace", "unary", "index", "setitem")
        for a in e.args:
            if a[0] == "t":
                m = next(makers)
                parts.append(self.expr(m, operator) if m is not None and m.step in self.inline
                             else self.trace._label(a[1]))
            else:
                parts.append(a[1])
        if e.form in ("binary", "inplace") and len(parts) == 2:
            text = f"{parts[0]} {e.name} {parts[1]}"
            return f"({text})" if nested and e.form == "binary" else text
        if e.form == "unary" and parts:
            return f"{e.name}({parts[0]})" if e.name == "abs" else f"{e.name}{parts[0]}"
        if e.form == "index" and len(parts) == 2:
            return f"{parts[0]}[{parts[1]}]"
        if e.form == "setitem" and len(parts) == 3:
            return f"{parts[0]}[{parts[1]}] = {parts[2]}"
        return f"{e.name}({', '.join(parts)})"

    def line_of(self, i, e):
        """(step, text, value, is_condition) for an event shown on its own line."""
        if isinstance(e, _BoolEvent):
            m = self.makers[i][0]
            text = self.expr(m) if m is not None and m.step in self.inline else \
                self.trace._label(e.key)
            return (m.step if m is not None else None, text, str(e.value), True)
        text = self.expr(e)
        named = e.out in self.trace._names or self.uses.get(e.step, 0) > 1
        if named and e.form not in ("inplace", "setitem") and not e.name.endswith("_"):
            text = f"{self.trace._label(e.out)} = {text}"
        return (e.step, text, e.value, False)

    def forward(self, fold):
        T = self.T
        shown = [self.line_of(i, e) for i, e in enumerate(self.events)
                 if isinstance(e, _BoolEvent) or e.step not in self.inline]
        ops = sum(isinstance(e, _OpEvent) for e in self.events)
        conds = [ln for ln in shown if ln[3]]
        out = [T["forward"].format(ops=count(T, ops, "op"),
                                   conds=count(T, len(conds), "condition"))]
        width = min(max([len(ln[1]) for ln in shown] or [0]) + 4, 48)
        for item in (_fold(shown) if fold else [(1, 1, [ln]) for ln in shown]):
            reps, k, block = item
            if reps == 1:
                out.append(_line(block[0], width, T, 2))
                continue
            first, last = block[0][0], block[-1][0]
            out.append(f"  {'':>4}  " + T["times"].format(n=reps, first=first, last=last))
            for j in range(k):
                values = [block[r * k + j][2] for r in range(reps)]
                out.append(_line((None, block[j][1], _values(values), block[j][3]), width - 2,
                                 T, 4))
        if conds:
            out.append(T["cond_note"])
            out += self.branch_note(conds[-1])
        return out

    def branch_note(self, cond):
        """Which ops of the first traced backward's outputs ran after the last condition."""
        T = self.T
        b = self.trace.backwards[0] if self.trace.backwards else None
        if b is None or cond[0] is None:
            return []
        notes = []
        for (name, _, _, _), step in zip(b.roots, b.root_steps):
            made = next((e for e in self.events if isinstance(e, _OpEvent) and e.step == step),
                        None)
            if made is None:    # made before the trace, or inside a backward pass
                continue
            notes.append(T["made_by"].format(out=name, step=step,
                                             expr=self.line_of(self.index[id(made)], made)[1]))
            after = sorted(s for s in b.path_steps if s > cond[0])
            fill = dict(step=cond[0], expr=cond[1], value=cond[2], out=name)
            if not after:
                notes.append(T["no_op_after"].format(**fill))
            else:
                exprs = [self.expr(e) for e in self.events
                         if isinstance(e, _OpEvent) and e.step in after]
                more = ", …" if len(exprs) > 4 else ""
                notes.append(T["ops_after"].format(ops=", ".join(exprs[:4]) + more, **fill))
        return notes


def _line(line, width, T, indent):
    step, text, value, cond = line
    number = f"{step:>4}" if step is not None else " " * 4
    if indent > 2:
        number = " " * 4
    mark = "  " + T["cond"] if cond else ""
    return f"{' ' * indent}{number}  {text:<{width}} {value}{mark}".rstrip()


def _values(values):
    """The values of one line of a folded block: once if all equal, else a short list."""
    if all(v == values[0] for v in values):
        return values[0]
    if len(values) > 5:
        values = values[:3] + ["…"] + values[-1:]
    return ", ".join(values)


def _fold(lines, max_block=6):
    """Group lines into (repetitions, block length, lines): the longest run of a block of
    up to `max_block` lines repeated at least FOLD_MIN times, greedily from the start."""
    out, i, n = [], 0, len(lines)
    key = [_TEMP.sub("t#", line[1]) for line in lines]   # t4 and t7 play the same part
    while i < n:
        best = (1, 1)
        for k in range(1, max_block + 1):
            reps = 1
            while i + (reps + 1) * k <= n and all(
                    key[i + reps * k + j] == key[i + j] for j in range(k)):
                reps += 1
            if reps >= FOLD_MIN and reps * k > best[0] * best[1]:
                best = (reps, k)
        reps, k = best
        out.append((reps, k, lines[i:i + reps * k]))
        i += reps * k
    return out


def _backward_lines(b, T, fold):
    roots = ", ".join(f"{name} = {value} ({T['start'].format(g=seed)})"
                      for name, value, seed, _ in b.roots)
    out = [T["backward"].format(roots=roots, create=T["create"] if b.create_graph else "")]
    steps = b.steps
    groups, i = [], 0
    while i < len(steps):    # fold chains: runs of one op, each step feeding the next
        j = i
        while fold and j + 1 < len(steps) and steps[j + 1].name == steps[i].name and \
                steps[i].leaf is None and steps[j + 1].nid in steps[j].targets:
            j += 1
        if j - i + 1 < FOLD_MIN:
            j = i
        groups.append(steps[i:j + 1])
        i = j + 1
    width = max([len(_step_title(g)) for g in groups] or [0]) + 2
    for g in groups:
        out.append(f"  {_step_title(g):<{width}}{_step_text(g, T)}".rstrip())
    if b.grad_ops:
        out.append("  " + T["grad_ops"].format(ops=count(T, b.grad_ops, "op")))
    tensors = []
    for s in steps:
        if s.leaf is not None:
            if s.in_f[0] is None:
                tensors.append(s.leaf)
            else:
                out += _chain_rule(b, s, T)
    if tensors:
        out.append("  " + T["nonscalar"].format(leaf=", ".join(tensors)))
    return out


def _step_title(group):
    s = group[0]
    if s.leaf is not None:
        return f"{s.name} → {s.leaf}"
    return f"{s.name} ×{len(group)}" if len(group) > 1 else s.name


def _step_text(group, T):
    s = group[0]
    hooks = sum(x.hooks for x in group)
    note = ""
    if hooks:
        note = "   (" + T["hooks_ran"].format(hooks=count(T, hooks, "hook")) + ")"
    if s.leaf is not None:
        g = s.ins[0]
        key = "accumulated" if g == s.grad else "accumulated_add"
        return T[key].format(leaf=s.leaf, g=g, value=s.grad) + note
    if len(group) > 1:
        chain = [x.ins[0] or "—" for x in group] + [_outs(group[-1])]
        return f"{T['gradient']} " + " → ".join(_short(chain)) + note
    ins = ", ".join(x or "—" for x in s.ins)
    return f"{T['gradient']} {ins} → {_outs(s)}" + note


def _outs(step):
    """The gradients a step sent on, to the inputs that take one."""
    outs = [g or "—" for g, t in zip(step.outs, step.targets) if t is not None]
    return ", ".join(outs) or "—"


def _short(items):
    return items if len(items) <= 6 else items[:3] + ["…"] + items[-1:]


def _chain_rule(b, leaf, T):
    """How the chain rule gave a leaf its gradient, for scalar gradients."""
    into = {}
    for s in b.steps:
        for k, t in enumerate(s.targets):
            if t is not None and k < len(s.outs) and s.outs[k] is not None:
                into.setdefault(t, []).append((s, k))
    contributions = into.get(leaf.nid, [])
    if len(contributions) > 1:
        terms = " + ".join(s.outs[k] for s, k in contributions)
        return ["  " + T["sum"].format(leaf=leaf.leaf, n=len(contributions), terms=terms,
                                       value=leaf.ins[0])]
    factors = []
    current = contributions[0] if contributions else None
    while current is not None:
        s, k = current
        if s.in_f[0] in (None, 0) or s.out_f[k] is None:
            return []
        factors.append((s.name, s.out_f[k] / s.in_f[0]))
        if s.nid in b.root_nids:
            break
        up = into.get(s.nid, [])
        if len(up) != 1:
            return []
        current = up[0]
    if current is None:
        return []
    root = b.roots[b.root_nids[current[0].nid]]
    if root[3] is None:
        return []
    factors.reverse()
    groups = []
    for name, f in factors:
        if groups and groups[-1][0] == name and groups[-1][1] == f:
            groups[-1][2] += 1
        else:
            groups.append([name, f, 1])
    product = " × ".join([_format.number(root[3])] + [
        _format.number(f) + (f"^{n}" if n > 1 else "") for _, f, n in groups])
    lines = ["  " + T["chain"].format(leaf=leaf.leaf, product=product, value=leaf.ins[0])]
    width = max(len(_format.number(f) + (f"^{n}" if n > 1 else "")) for _, f, n in groups)
    width = max(width, len(_format.number(root[3])))
    lines.append(f"    {_format.number(root[3]):<{width}}  " +
                 T["chain_start"].format(out=root[0]))
    for name, f, n in groups:
        power = _format.number(f) + (f"^{n}" if n > 1 else "")
        key = "chain_factor" if n > 1 else "chain_factor1"
        lines.append(f"    {power:<{width}}  " + T[key].format(name=name, n=n,
                                                                 f=_format.number(f)))
    return lines
