"""torch.func: function transforms (grad, vjp, jvp, jacrev, jacfwd, hessian, vmap,
functional_call) on top of retrograd's autograd.

How they work here:

- `grad`/`vjp`/`jacrev` differentiate with respect to fresh aliases of the inputs and always
  build the graph of the gradient (`create_graph=True`), so transforms compose:
  `grad(grad(f))`, `jacrev(jacrev(f))`. A result is cut from the graph when the input it was
  taken with respect to did not itself require grad (PyTorch returns plain tensors then).
- `jvp`/`jacfwd`/`linearize` use forward-mode AD (`autograd.forward_ad`); inside an open dual
  level (a jvp of a jvp) they fall back to the double-backward trick.
- `vmap` runs the function once per batch element and stacks the results: same values as
  PyTorch's batching rules, not the same speed. `.item()` and Python control flow on tensors
  raise inside vmap (for every tensor, batched or not: the loop cannot tell them apart).
  `randomness="error"` notices a draw from the default generator by its changed state.
"""
import functools

from . import _tensor, random
from .autograd import forward_ad, grad_mode

__all__ = ["grad", "grad_and_value", "vjp", "jvp", "linearize", "jacrev", "jacfwd", "hessian",
           "vmap", "functional_call", "stack_module_state", "functionalize"]

Tensor = _tensor.Tensor


# --- pytrees: tensors nested in tuples, lists and dicts -----------------------------------
def _flatten(tree):
    """(leaves, spec): the leaves in order and what rebuilds the structure from them."""
    if isinstance(tree, (tuple, list)):
        leaves, specs = [], []
        for item in tree:
            sub, spec = _flatten(item)
            leaves += sub
            specs.append((len(sub), spec))
        return leaves, (type(tree), specs)
    if isinstance(tree, dict):
        leaves, specs = [], []
        for key, item in tree.items():
            sub, spec = _flatten(item)
            leaves += sub
            specs.append((key, len(sub), spec))
        return leaves, (dict, specs)
    return [tree], None


def _unflatten(leaves, spec):
    if spec is None:
        return leaves[0]
    kind, specs = spec
    if kind is dict:
        out, pos = {}, 0
        for key, n, sub in specs:
            out[key] = _unflatten(leaves[pos:pos + n], sub)
            pos += n
        return out
    items, pos = [], 0
    for n, sub in specs:
        items.append(_unflatten(leaves[pos:pos + n], sub))
        pos += n
    return tuple(items) if kind is tuple else kind(items) if kind is list else kind(*items)


class _Star:
    def __repr__(self):
        return "*"


def _spec_repr(spec, indent=0):
    """A structure as PyTorch's TreeSpec prints it (`TreeSpec(tuple, None, [*,\n  *])`)."""
    if spec is None:
        return "*"
    kind, specs = spec
    if kind is dict:
        context, children = [k for k, _, _ in specs], [sub for _, _, sub in specs]
    else:
        context, children = None, [sub for _, sub in specs]
    indent += 2
    inner = ("," + "\n" + " " * indent).join(_spec_repr(c, indent) for c in children)
    return f"TreeSpec({kind.__name__}, {context}, [{inner}])"


def _spec_pprint(spec, n_leaves):
    """A structure as PyTorch's treespec_pprint shows it: `(*, *)`, `{'a': *}`."""
    return repr(_unflatten([_Star()] * n_leaves, spec))


# --- helpers ------------------------------------------------------------------------------
def _wrap(x):
    """A differentiable stand-in for `x`: an alias when x is already in a graph (outer
    transforms then see through it), else a new leaf. A tangent carries over."""
    if not isinstance(x, Tensor):
        return x
    if x.requires_grad:
        return x.view_as(x)
    leaf = x.detach().requires_grad_()
    tangent = getattr(x, "_tangent", None)
    if tangent is not None and forward_ad.enabled():
        forward_ad.set_tangent(leaf, tangent)
    return leaf


def _release(t, private):
    """A result as PyTorch returns it: cut from the graph when that graph leads only to the
    transform's own stand-in leaves (`private`, by id), kept when it reaches a tensor of the
    caller's (an input or a closed-over tensor that requires grad). A tangent stays."""
    if not isinstance(t, Tensor) or not t.requires_grad or _reaches_outside(t, private):
        return t
    out = t.detach()
    tangent = getattr(t, "_tangent", None)
    if tangent is not None and forward_ad.enabled():
        forward_ad.set_tangent(out, tangent.detach())
    return out


def _reaches_outside(t, private):
    if t._grad_fn is None:
        return id(t) not in private
    seen, stack = set(), [t._grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        variable = getattr(node, "variable", None)    # an AccumulateGrad: a leaf
        if variable is not None and id(variable) not in private:
            return True
        stack.extend(fn for fn, _ in node.next_functions)
    return False


def _zeros_like(t):
    from ._factories import zeros_like
    return zeros_like(t)


def _zeros(shape, like):
    from ._factories import zeros
    return zeros(shape, dtype=like.dtype)


def _gradients(outputs, inputs, grad_outputs=None):
    """d outputs / d inputs (recorded, zeros for inputs the outputs do not depend on)."""
    from .autograd import grad as autograd_grad
    outputs = list(outputs)
    grad_outputs = [None] * len(outputs) if grad_outputs is None else list(grad_outputs)
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    diff = [i for i, x in enumerate(inputs) if x.requires_grad]
    result = [None] * len(inputs)
    if pairs and diff:
        grads = autograd_grad([o for o, _ in pairs], [inputs[i] for i in diff],
                              [g for _, g in pairs], retain_graph=True, create_graph=True,
                              allow_unused=True)
        for i, g in zip(diff, grads):
            result[i] = g
    return [_zeros_like(x) if g is None else g for x, g in zip(inputs, result)]


def _argnums_tuple(argnums, nargs, name):
    if not isinstance(argnums, (int, tuple)):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    nums = (argnums,) if isinstance(argnums, int) else argnums
    if not nums:
        raise RuntimeError("argnums must be non-empty")
    for n in nums:
        if not isinstance(n, int):
            raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(n)}")
        if not -nargs <= n < nargs:
            raise RuntimeError(f"Got argnum={n}, but only {nargs} positional inputs")
    return tuple(n % nargs for n in nums)


def _diff_args(args, argnums, name):
    """Replace the args selected by argnums with differentiable stand-ins."""
    nums = _argnums_tuple(argnums, len(args), name)
    leaves, spec = _flatten(tuple(args[n] for n in nums))
    for leaf in leaves:
        if not isinstance(leaf, Tensor):
            raise ValueError(f"Thing passed to transform API must be Tensor, got {type(leaf)}")
    wrapped = [_wrap(leaf) for leaf in leaves]
    private = {id(w) for w in wrapped if w._grad_fn is None}
    new_args = list(args)
    for n, value in zip(nums, _unflatten(wrapped, spec)):
        new_args[n] = value
    return new_args, wrapped, spec, private


def _pack_argnums(values, spec, argnums):
    """Results per wrapped leaf, nested like the differentiated args (one or a tuple)."""
    nested = _unflatten(list(values), spec)
    return nested[0] if isinstance(argnums, int) else nested


# --- grad ---------------------------------------------------------------------------------
def grad_and_value(func, argnums=0, has_aux=False):
    """f -> (gradient of f at args, f(args)) for a function returning a scalar tensor."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with grad_mode.enable_grad():
            new_args, wrapped, spec, private = _diff_args(args, argnums, "grad_and_value")
            output = func(*new_args, **kwargs)
            aux = None
            if has_aux:
                if not (isinstance(output, tuple) and len(output) == 2):
                    raise RuntimeError("grad_and_value(f)(*args): output of function f should "
                                       "be a tuple: (output, aux) if has_aux is True")
                output, aux = output
            if not isinstance(output, Tensor):
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a "
                                   f"Tensor, got {type(output)}")
            if output.dim() != 0:
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a "
                                   f"scalar Tensor, got tensor with {output.dim()} dims. Maybe "
                                   "you wanted to use the vjp or jacrev APIs instead?")
            grads = _gradients([output], wrapped)
        grads = _pack_argnums([_release(g, private) for g in grads], spec, argnums)
        value = _release(output, private)
        if has_aux:
            leaves, aux_spec = _flatten(aux)
            return grads, (value, _unflatten([_release(a, private) for a in leaves], aux_spec))
        return grads, value
    return wrapper


def grad(func, argnums=0, has_aux=False):
    """f -> the gradient of f (a scalar function) with respect to the args in argnums."""
    inner = grad_and_value(func, argnums, has_aux)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        grads, value = inner(*args, **kwargs)
        return (grads, value[1]) if has_aux else grads
    return wrapper


# --- vjp ----------------------------------------------------------------------------------
def vjp(func, *primals, has_aux=False):
    """(func(*primals), vjp_fn[, aux]): vjp_fn(cotangents) gives one gradient per primal."""
    with grad_mode.enable_grad():
        new_args, wrapped, spec, private = _diff_args(primals, tuple(range(len(primals))), "vjp")
        output = func(*new_args)
        aux = None
        if has_aux:
            if not (isinstance(output, tuple) and len(output) == 2):
                raise RuntimeError("vjp(f, *primals): output of function f should be a tuple: "
                                   "(output, aux) if has_aux is True")
            output, aux = output
    out_leaves, out_spec = _flatten(output)
    for o in out_leaves:
        if not isinstance(o, Tensor):
            raise RuntimeError("vjp(f, *primals): expected f(*primals) to return only tensors, "
                               f"got unsupported type {type(o)}")

    def vjp_fn(*cotangents):
        cts = cotangents[0] if len(cotangents) == 1 else cotangents
        ct_leaves, ct_spec = _flatten(cts)
        if ct_spec != out_spec:
            raise RuntimeError("Expected pytree structure of cotangents to be the same as "
                               "pytree structure of outputs to the function. cotangents: "
                               f"{_spec_pprint(ct_spec, len(ct_leaves))}, primal output: "
                               f"{_spec_pprint(out_spec, len(out_leaves))}")
        for o, c in zip(out_leaves, ct_leaves):
            if o.shape != c.shape:
                raise RuntimeError(f"Mismatch in shape: grad_output[0] has a shape of "
                                   f"{c.shape} and output[0] has a shape of {o.shape}.")
        with grad_mode.enable_grad():
            grads = _gradients(out_leaves, wrapped, ct_leaves)
        return tuple(_unflatten([_release(g, private) for g in grads], spec))

    result = (_unflatten([_release(o, private) for o in out_leaves], out_spec), vjp_fn)
    if has_aux:
        aux_leaves, aux_spec = _flatten(aux)
        return result + (_unflatten([_release(a, private) for a in aux_leaves], aux_spec),)
    return result


# --- jvp ----------------------------------------------------------------------------------
def _check_tuple(value, what):
    if not isinstance(value, tuple):
        raise RuntimeError(f"jvp(f, primals, tangents): Expected {what} to be a tuple. E.g. it "
                           "should be valid to call f(*primals).")


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """(func(*primals), J tangents): the Jacobian-vector product, by forward-mode AD."""
    _check_tuple(primals, "primals")
    p_leaves, p_spec = _flatten(primals)
    t_leaves, t_spec = _flatten(tangents)
    if t_spec != p_spec:
        raise RuntimeError("jvp(f, primals, tangents): Expected primals and tangents to have "
                           "the same python structure. For example, if primals is a tuple of "
                           "3 tensors, tangents also must be. Got primals with structure "
                           f"{_spec_repr(p_spec)} and tangents with structure "
                           f"{_spec_repr(t_spec)}")
    for p, t in zip(p_leaves, t_leaves):
        if p.shape != t.shape:   # the words of forward_ad.make_dual, as PyTorch reports it
            raise RuntimeError("Trying to set a forward gradient that has a different size "
                               "than that of the original Tensor, this is not supported. "
                               f"Tensor is of size {list(p.shape)} while the given forward "
                               f"gradient is of size {list(t.shape)}.")
    private = set()    # forward mode makes no stand-in leaves
    if forward_ad.enabled():
        out, out_tangents, aux, private = _jvp_by_double_backward(func, p_leaves, p_spec,
                                                                  t_leaves, has_aux)
    else:
        with forward_ad.dual_level():
            duals = [forward_ad.make_dual(p, t) for p, t in zip(p_leaves, t_leaves)]
            out = func(*_unflatten(duals, p_spec))
            aux = None
            if has_aux:
                out, aux = out
            out_leaves, out_spec = _flatten(out)
            unpacked = [forward_ad.unpack_dual(o) for o in out_leaves]
            primal_out = [u.primal for u in unpacked]
            tangent_out = [_zeros_like(u.primal) if u.tangent is None else u.tangent
                           for u in unpacked]
            out = _unflatten(primal_out, out_spec)
            out_tangents = _unflatten(tangent_out, out_spec)
    out = _unflatten([_release(o, private) for o in _flatten(out)[0]], _flatten(out)[1])
    out_tangents = _unflatten([_release(t, private) for t in _flatten(out_tangents)[0]],
                              _flatten(out_tangents)[1])
    if has_aux:
        return out, out_tangents, aux
    return out, out_tangents


def _jvp_by_double_backward(func, p_leaves, p_spec, t_leaves, has_aux):
    """J t = d/du <J^T u, t>: two reverse passes, usable inside an open dual level."""
    with grad_mode.enable_grad():
        wrapped = [_wrap(p) for p in p_leaves]
        out = func(*_unflatten(wrapped, p_spec))
        aux = None
        if has_aux:
            out, aux = out
        out_leaves, out_spec = _flatten(out)
        us = [_zeros_like(o).requires_grad_() for o in out_leaves]
        vjps = _gradients(out_leaves, wrapped, us)
        total = None
        for g, t in zip(vjps, t_leaves):
            term = (g * t).sum()
            total = term if total is None else total + term
        jvps = _gradients([total], us)
    private = {id(t) for t in wrapped + us if t._grad_fn is None}
    return out, _unflatten(jvps, out_spec), aux, private


def linearize(func, *primals):
    """(func(*primals), jvp_fn): jvp_fn(*tangents) is the JVP at `primals` (recomputed per
    call rather than traced once)."""
    output = jvp(func, primals, tuple(_zeros_like(p) for p in primals))[0]

    def jvp_fn(*tangents):
        return jvp(func, primals, tangents)[1]
    return output, jvp_fn


# --- Jacobians ----------------------------------------------------------------------------
def _stack(tensors, shape):
    from .ops import stack
    return stack(tensors).reshape(shape)


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None, _preallocate_and_copy=False):
    """f -> its Jacobian by reverse mode: one backward pass per output element. Each result
    has shape output.shape + input.shape."""
    @functools.wraps(func)
    def wrapper(*args):
        with grad_mode.enable_grad():
            new_args, wrapped, spec, private = _diff_args(args, argnums, "jacrev")
            output = func(*new_args)
            aux = None
            if has_aux:
                output, aux = output
            out_leaves, out_spec = _flatten(output)
            for o in out_leaves:
                if not isinstance(o, Tensor):
                    raise RuntimeError("vjp(f, *primals): expected f(*primals) to return only "
                                       f"tensors, got unsupported type {type(o)}")
            per_output = []
            for o in out_leaves:
                rows = [[] for _ in wrapped]
                flat = o.reshape(-1)
                for j in range(o.numel()):
                    for row, g in zip(rows, _gradients([flat[j]], wrapped)):
                        row.append(g)
                jac = [_release(_stack(row, o.shape + x.shape) if row else
                                _zeros(o.shape + x.shape, x), private)
                       for row, x in zip(rows, wrapped)]
                per_output.append(_pack_argnums(jac, spec, argnums))
        result = _unflatten(per_output, out_spec)
        if has_aux:
            aux_leaves, aux_spec = _flatten(aux)
            return result, _unflatten([_release(a, private) for a in aux_leaves], aux_spec)
        return result
    return wrapper


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """f -> its Jacobian by forward mode: one JVP per input element."""
    @functools.wraps(func)
    def wrapper(*args):
        nums = _argnums_tuple(argnums, len(args), "jacfwd")
        in_leaves, in_spec = _flatten(tuple(args[n] for n in nums))
        columns = []     # per input leaf: list (per element) of output-tangent leaves
        out_value, aux = None, None

        def along(leaf_index, tangent):
            def f(*leaves):
                call = list(args)
                for n, value in zip(nums, _unflatten(list(leaves), in_spec)):
                    call[n] = value
                return func(*call)
            tangents = [tangent if k == leaf_index else _zeros_like(x)
                        for k, x in enumerate(in_leaves)]
            return jvp(f, tuple(in_leaves), tuple(tangents), has_aux=has_aux)

        for k, x in enumerate(in_leaves):
            cols = []
            for j in range(x.numel()):
                basis = _zeros_like(x).reshape(-1)
                basis._write(1, "fill_", index=j)
                result = along(k, basis.reshape(x.shape))
                out_value, tangent = result[0], result[1]
                if has_aux:
                    aux = result[2]
                cols.append(_flatten(tangent)[0])
            columns.append(cols)
        if out_value is None:     # no input element at all: the output's shape still counts
            out_value = func(*args)
        out_leaves, out_spec = _flatten(out_value)
        from .ops import stack
        per_output = []
        for i, o in enumerate(out_leaves):
            jac = []
            for x, cols in zip(in_leaves, columns):
                if cols:
                    jac.append(stack([c[i] for c in cols], -1).reshape(o.shape + x.shape))
                else:
                    jac.append(_zeros(o.shape + x.shape, x))
            per_output.append(_pack_argnums(jac, in_spec, argnums))
        result = _unflatten(per_output, out_spec)
        return (result, aux) if has_aux else result
    return wrapper


def hessian(func, argnums=0):
    """The Hessian of a scalar function: forward mode over reverse mode."""
    return jacfwd(jacrev(func, argnums), argnums)


# --- vmap ---------------------------------------------------------------------------------
VMAP_ITEM = ("vmap: It looks like you're calling .item() on a Tensor. We don't support vmap "
             "over calling .item() on a Tensor, please try to rewrite what you're doing with "
             "other operations. If error is occurring somewhere inside PyTorch internals, "
             "please file a bug report.")
VMAP_CONTROL_FLOW = ("vmap: It looks like you're attempting to use a Tensor in some "
                     "data-dependent control flow. We don't support that yet, please file an "
                     "issue at https://github.com/pytorch/pytorch/issues .")


def _dims_per_leaf(dims, tree, name, in_dims):
    """in_dims broadcast over one argument's leaves (an int/None applies to all of them)."""
    leaves, spec = _flatten(tree)
    if dims is None or isinstance(dims, int):
        return [dims] * len(leaves)
    d_leaves = _flatten(dims)[0]
    if len(d_leaves) != len(leaves):
        raise ValueError(f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): in_dims is not "
                         "compatible with the structure of `inputs`.")
    return d_leaves


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """f -> f mapped over a batch dimension of its inputs (a loop over the batch here)."""
    if randomness not in ("error", "different", "same"):
        raise RuntimeError("Only allowed values for randomness are 'error', 'different', or "
                           f"'same'. Got {randomness}")
    if chunk_size is not None and (not isinstance(chunk_size, int) or chunk_size < 1):
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got "
                         f"{chunk_size})")
    name = getattr(func, "__name__", repr(func))

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not isinstance(in_dims, (int, tuple)):
            raise ValueError(f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): expected "
                             "`in_dims` to be int or a (potentially nested) tuple matching the "
                             f"structure of inputs, got: {type(in_dims)}.")
        if isinstance(in_dims, tuple) and len(in_dims) != len(args):
            raise ValueError(f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): in_dims is not "
                             "compatible with the structure of `inputs`. in_dims has structure "
                             f"{_spec_repr(_flatten(in_dims)[1])} but inputs has structure "
                             f"{_spec_repr(_flatten(args)[1])}.")
        leaves, spec = _flatten(args)
        dims = []
        for k, arg in enumerate(args):
            d = in_dims if isinstance(in_dims, int) else in_dims[k]
            dims += _dims_per_leaf(d, arg, name, in_dims)
        sizes = []
        for leaf, d in zip(leaves, dims):
            if d is None:
                continue
            if not isinstance(leaf, Tensor):
                raise ValueError(f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): Got "
                                 f"in_dim={d} for an input but the input is of type "
                                 f"{type(leaf)}. We cannot vmap over non-Tensor arguments, "
                                 "please use None as the respective in_dim")
            n = leaf.dim()
            if not -n <= d < n:
                raise ValueError(f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): Got "
                                 f"in_dim={d} for some input, but that input is a Tensor of "
                                 f"dimensionality {n} so expected in_dim to satisfy -{n} <= "
                                 f"in_dim < {n}.")
            sizes.append(leaf.shape[d])
        if not sizes:
            raise ValueError(f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): Got all "
                             "in_dims=None. vmap needs at least one Tensor to vmap over")
        if len(set(sizes)) > 1:
            raise ValueError("vmap: Expected all tensors to have the same size in the mapped "
                             f"dimension, got sizes {sizes} for the mapped dimension")
        results = []
        start_state = random.get_rng_state() if randomness == "same" else None
        for b in range(sizes[0]):
            sample = [leaf if d is None else leaf.select(d, b) for leaf, d in zip(leaves, dims)]
            if start_state is not None:   # every element draws the same random numbers
                random.set_rng_state(start_state)
            results.append(_call_in_vmap(func, _unflatten(sample, spec), kwargs, randomness))
        if not results:   # an empty batch: run once on zeros to learn the output structure
            sample = [leaf if d is None else _zeros_like(leaf.select(d, 0) if leaf.shape[d]
                                                         else leaf.sum(d))
                      for leaf, d in zip(leaves, dims)]
            probe = _call_in_vmap(func, _unflatten(sample, spec), kwargs, randomness)
            return _stack_outputs([], probe, out_dims, name)
        return _stack_outputs(results, results[0], out_dims, name)
    return wrapper


VMAP_RANDOM = ("vmap: called random operation while in randomness error mode. Please either use "
               "the 'same' or 'different' randomness flags on vmap or perform the randomness "
               "operation out of vmap")


def _call_in_vmap(func, args, kwargs, randomness):
    """One element's call: no .item()/bool() inside; with randomness="error", drawing from
    the default generator is an error (seen as a change of its state)."""
    before = random.get_rng_state() if randomness == "error" else None
    Tensor._vmap_depth += 1
    try:
        result = func(*args, **kwargs)
    finally:
        Tensor._vmap_depth -= 1
    if before is not None and not _same_state(before, random.get_rng_state()):
        random.set_rng_state(before)
        raise RuntimeError(VMAP_RANDOM)
    return result


def _same_state(a, b):
    return a._data.shape == b._data.shape and bool((a._data == b._data).all())


def _stack_outputs(results, first, out_dims, name):
    from .ops import stack
    first_leaves, spec = _flatten(first)
    per_result = [_flatten(r)[0] for r in results]
    if isinstance(out_dims, int) or out_dims is None:
        dims = [out_dims] * len(first_leaves)
    else:
        dims, dims_spec = _flatten(out_dims)
        if len(dims) != len(first_leaves):
            raise ValueError(f"vmap({name}, ..., out_dims={out_dims})(<inputs>): out_dims is "
                             "not compatible with the structure of `outputs`. out_dims has "
                             f"structure {_spec_repr(dims_spec)} but outputs has structure "
                             f"{_spec_repr(spec)}.")
    stacked = []
    for i, (leaf, d) in enumerate(zip(first_leaves, dims)):
        if d is None:
            stacked.append(leaf)
            continue
        if not isinstance(leaf, Tensor):
            raise ValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got type "
                             f"{type(leaf)}. Did you mean to set out_dims= to None for output?")
        if not per_result:
            shape = list(leaf.shape)
            shape.insert(d % (leaf.dim() + 1), 0)
            stacked.append(_zeros(tuple(shape), leaf))
            continue
        stacked.append(stack([r[i] for r in per_result], d))
    return _unflatten(stacked, spec)


# --- functional_call ----------------------------------------------------------------------
def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *,
                    tie_weights=True, strict=False):
    """Call `module` with its parameters and buffers replaced by the given tensors (by
    dotted name, as in `named_parameters()`), then put the originals back."""
    if isinstance(parameter_and_buffer_dicts, dict):
        values = dict(parameter_and_buffer_dicts)
    else:
        values = {}
        for d in parameter_and_buffer_dicts:
            repeated = set(values) & set(d)
            if repeated:
                raise ValueError(f"{sorted(repeated)} appeared in multiple dictionaries; "
                                 "behavior of functional call is ambiguous")
            values.update(d)
    if strict:
        names = [n for n, _ in module.named_parameters()]
        if hasattr(module, "named_buffers"):
            names += [n for n, _ in module.named_buffers()]
        missing = sorted(n for n in names if n not in values)
        unexpected = sorted(n for n in values if n not in names)
        if missing or unexpected:
            lines = []
            if unexpected:
                lines.append("Unexpected key(s): " + ", ".join(f"'{k}'" for k in unexpected)
                             + ".")
            if missing:
                lines.append("Missing key(s): " + ", ".join(f"'{k}'" for k in missing) + ".")
            raise RuntimeError(f"Error(s) in reparametrizing for {type(module).__name__}:\n\t"
                               + "\n\t".join(lines))
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    originals = []
    try:
        for name, value in values.items():
            owner, attr = _owner(module, name)
            originals.append((owner, attr, _swap(owner, attr, value)))
        return module(*args, **(kwargs or {}))
    finally:
        for owner, attr, old in reversed(originals):
            _swap(owner, attr, old)


def _owner(module, name):
    *path, attr = name.split(".")
    for part in path:
        module = getattr(module, part)
    return module, attr


def _swap(owner, attr, value):
    """Put `value` where `owner.attr` lives (its parameter/buffer table if it has one) and
    return what was there."""
    for table_name in ("_parameters", "_buffers"):
        table = getattr(owner, table_name, None)
        if isinstance(table, dict) and attr in table:
            old, table[attr] = table[attr], value
            return old
    old = getattr(owner, attr, None)
    object.__setattr__(owner, attr, value)
    return old


def stack_module_state(models):
    """(params, buffers) of several models of the same structure, each entry stacked along
    a new leading dim: the state `vmap(functional_call)` runs an ensemble from."""
    from .ops import stack
    models = list(models)
    if not models:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    params = {}
    for name, p in models[0].named_parameters():
        stacked = stack([dict(m.named_parameters())[name].detach() for m in models])
        params[name] = stacked.requires_grad_(p.requires_grad)
    buffers = {name: stack([dict(m.named_buffers())[name] for m in models])
               for name, _ in models[0].named_buffers()}
    return params, buffers


def functionalize(func, *, remove="mutations"):
    """Eager retrograd already gives mutating functions their exact semantics under every
    transform here, so the function is returned as it is."""
    if remove not in ("mutations", "mutations_and_views"):
        raise RuntimeError(f"functionalize(f, remove='mutations'): received invalid argument "
                           f"for remove={remove}. Valid options are:\n     remove='mutations': "
                           "all inplace and out= operators will be removed from the program, "
                           "and replaced with their out-of-place equivalents.\n     "
                           "remove='mutations_and_views': In addition to the above, all aliasing "
                           "operators {view} will be replaced with their non-aliasing "
                           "counterparts, {view}_copy.\n")
    return func
