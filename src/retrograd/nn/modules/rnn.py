"""Recurrent layers: RNN, LSTM, GRU and their one-step cells.

Every layer is composed from differentiable ops (linear, sigmoid, tanh, chunk, stack, cat),
so gradients, double backward and PyTorch's node names (`StackBackward0` for the output,
`CatBackward0` when bidirectional or packed) come from the op table. Parameters are named,
shaped, registered and initialised as in PyTorch: per layer and direction `weight_ih_l{k}`,
`weight_hh_l{k}`, `bias_ih_l{k}`, `bias_hh_l{k}` (and `weight_hr_l{k}` for LSTM
projections), `_reverse` for the backward direction, each drawn uniform in
+-1/sqrt(hidden_size) in registration order.
"""
import math
import numbers
import warnings

from ... import _factories, ops
from ..._tensor import Tensor
from .. import functional as F, init
from ..parameter import Parameter
from ..utils.rnn import PackedSequence
from .module import Module

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


# --- one time step of each kind, on a precomputed input projection gi ---------------------
def _rnn_step(activation):
    def step(gi, state, w_hh, b_hh, w_hr):
        h = activation(gi + F.linear(state[0], w_hh, b_hh))
        return h, (h,)
    return step


def _lstm_step(gi, state, w_hh, b_hh, w_hr):
    h, c = state
    i, f, g, o = (gi + F.linear(h, w_hh, b_hh)).chunk(4, 1)
    c = ops.sigmoid(f) * c + ops.sigmoid(i) * ops.tanh(g)
    h = ops.sigmoid(o) * ops.tanh(c)
    if w_hr is not None:
        h = F.linear(h, w_hr)
    return h, (h, c)


def _gru_step(gi, state, w_hh, b_hh, w_hr):
    h = state[0]
    i_r, i_z, i_n = gi.chunk(3, 1)
    h_r, h_z, h_n = F.linear(h, w_hh, b_hh).chunk(3, 1)
    r = ops.sigmoid(i_r + h_r)
    z = ops.sigmoid(i_z + h_z)
    n = ops.tanh(i_n + r * h_n)
    h = (h - n) * z + n
    return h, (h,)


_STEPS = {"RNN_TANH": _rnn_step(ops.tanh), "RNN_RELU": _rnn_step(ops.relu),
          "LSTM": _lstm_step, "GRU": _gru_step}


def _run_direction(step, gi, batch_sizes, state, weights, reverse):
    """One layer, one direction, over time steps t with batch sizes batch_sizes[t] (all equal
    for a padded batch, non-increasing for a packed one). `gi` holds every step's input
    projection, one tensor per step. Returns the per-step outputs in time order and the final
    state (full batch)."""
    w_hh, b_hh, w_hr = weights
    outputs = [None] * len(gi)
    if not reverse:
        done = []     # rows whose sequences have ended, in the order they ended (last rows)
        for t, b in enumerate(batch_sizes):
            if b < state[0].shape[0]:
                done.append(tuple(s[b:] for s in state))
                state = tuple(s[:b] for s in state)
            outputs[t], state = step(gi[t], state, w_hh, b_hh, w_hr)
        if done:
            done.append(state)
            state = tuple(ops.cat(parts[::-1], 0) for parts in zip(*done))
        return outputs, state
    initial = state          # reverse: sequences join as their last step comes up
    if batch_sizes[-1] < initial[0].shape[0]:
        state = tuple(s[:batch_sizes[-1]] for s in initial)
    for t in range(len(gi) - 1, -1, -1):
        b = batch_sizes[t]
        if b > state[0].shape[0]:
            state = tuple(ops.cat([s, s0[s.shape[0]:b]], 0) for s, s0 in zip(state, initial))
        outputs[t], state = step(gi[t], state, w_hh, b_hh, w_hr)
    return outputs, state


class RNNBase(Module):
    """What RNN, LSTM and GRU share: parameters, checks, the layer loop, printing."""

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True,
                 batch_first=False, dropout=0.0, bidirectional=False, proj_size=0,
                 device=None, dtype=None):
        super().__init__()
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        if (not isinstance(dropout, numbers.Number) or isinstance(dropout, bool)
                or not 0 <= dropout <= 1):
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so "
                          "non-zero dropout expects num_layers greater than 1, but got "
                          f"dropout={dropout} and num_layers={num_layers}", stacklevel=2)
        for name, value, kind in (("bias", bias, bool), ("batch_first", batch_first, bool),
                                  ("input_size", input_size, int),
                                  ("hidden_size", hidden_size, int)):
            if not isinstance(value, kind):
                raise TypeError(f"{name} should be of type {kind.__name__}, got: "
                                f"{type(value).__name__}")
            if kind is int and value <= 0:
                raise ValueError(f"{name} must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable "
                             "projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if mode not in _GATES:
            raise ValueError("Unrecognized RNN mode: " + mode)
        gate_size = _GATES[mode] * hidden_size
        real_hidden = proj_size if proj_size > 0 else hidden_size
        directions = 2 if bidirectional else 1
        self._flat_weights_names = []
        self._all_weights = []
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else real_hidden * directions
            for direction in range(directions):
                suffix = "_reverse" if direction == 1 else ""
                shapes = [("weight_ih", (gate_size, layer_input)),
                          ("weight_hh", (gate_size, real_hidden))]
                if bias:
                    shapes += [("bias_ih", (gate_size,)), ("bias_hh", (gate_size,))]
                if proj_size > 0:
                    shapes += [("weight_hr", (proj_size, hidden_size))]
                names = []
                for kind, shape in shapes:
                    name = f"{kind}_l{layer}{suffix}"
                    setattr(self, name, Parameter(_factories.empty(shape, dtype=dtype)))
                    names.append(name)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def flatten_parameters(self):
        """A no-op, as in PyTorch on the CPU (it packs weights for cuDNN)."""

    @property
    def _flat_weights(self):
        return [getattr(self, name) for name in self._flat_weights_names]

    @property
    def all_weights(self):
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    # --- checks ---------------------------------------------------------------------------
    def _check_input(self, input, batch_sizes):
        weight_dtype = self._flat_weights[0].dtype
        if input.dtype != weight_dtype:
            raise ValueError(f"RNN input dtype ({input.dtype}) does not match weight dtype "
                             f"({weight_dtype}). Convert input: input.to({weight_dtype}), or "
                             f"convert model: model.to({input.dtype})")
        expected = 2 if batch_sizes is not None else 3
        if input.dim() != expected:
            raise RuntimeError(f"input must have {expected} dimensions, got {input.dim()}")
        if self.input_size != input.shape[-1]:
            raise RuntimeError("input.size(-1) must be equal to input_size. Expected "
                               f"{self.input_size}, got {input.shape[-1]}")

    def _expected_hidden(self, batch, size):
        return (self.num_layers * (2 if self.bidirectional else 1), batch, size)

    @staticmethod
    def _check_hidden(hx, expected, msg="Expected hidden size {}, got {}"):
        if tuple(hx.shape) != expected:
            raise RuntimeError(msg.format(expected, list(hx.shape)))

    def _state_sizes(self):
        """The last dim of each state tensor: (h,) or, for LSTM, (h or proj_size, c)."""
        if self.mode == "LSTM":
            return (self.proj_size or self.hidden_size, self.hidden_size)
        return (self.hidden_size,)

    def _check_state(self, input, state, packed, batch):
        self._check_input(input, packed)
        if self.mode != "LSTM":
            self._check_hidden(state[0], self._expected_hidden(batch, self.hidden_size))
            return
        for i, (s, size) in enumerate(zip(state, self._state_sizes())):
            self._check_hidden(s, self._expected_hidden(batch, size),
                               f"Expected hidden[{i}] size {{}}, got {{}}")

    # --- forward --------------------------------------------------------------------------
    def _zeros_state(self, batch, like):
        return tuple(_factories.zeros(self._expected_hidden(batch, s), dtype=like.dtype)
                     for s in self._state_sizes())

    def _check_hx_dims(self, hx, batched):
        """PyTorch's check that hx has as many dimensions as the input calls for."""
        want = 3 if batched else 2
        kind = "batched 3-D" if batched else "unbatched 2-D"
        if self.mode == "LSTM":
            if hx[0].dim() != want or hx[1].dim() != want:
                raise RuntimeError(f"For {kind} input, hx and cx should also be {want}-D but "
                                   f"got ({hx[0].dim()}-D, {hx[1].dim()}-D) tensors")
        elif hx.dim() != want:
            raise RuntimeError(f"For {kind} input, hx should also be {want}-D but got "
                               f"{hx.dim()}-D tensor")

    def forward(self, input, hx=None):
        lstm = self.mode == "LSTM"
        packed = isinstance(input, PackedSequence)
        if packed:
            data, batch_sizes_t, sorted_indices, unsorted_indices = input
            batch_sizes = batch_sizes_t.tolist()
            batch = batch_sizes[0]
            x = data
            if hx is None:
                state = self._zeros_state(batch, data)
            else:
                state = tuple(hx) if lstm else (hx,)
                if sorted_indices is not None:
                    state = tuple(s.index_select(1, sorted_indices) for s in state)
            self._check_state(x, state, True, batch)
        else:
            name = "RNN" if self.mode.startswith("RNN") else self.mode
            if input.dim() not in (2, 3):
                tail = " tensor" if name == "RNN" else ""
                raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.dim()}D"
                                 f"{tail} instead")
            batched = input.dim() == 3
            x = input if batched else input.unsqueeze(0 if self.batch_first else 1)
            if self.batch_first:
                x = x.transpose(0, 1)
            if hx is not None:
                self._check_hx_dims(hx, batched)
                state = tuple(hx) if lstm else (hx,)
                if not batched:
                    state = tuple(s.unsqueeze(1) for s in state)
            else:
                state = self._zeros_state(x.shape[1], x)
            batch_sizes = [x.shape[1]] * x.shape[0]
            self._check_state(x, state, None, x.shape[1])
            if x.shape[0] == 0:
                raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
        output, finals = self._layers(x, state, batch_sizes, packed)
        if packed:
            if unsorted_indices is not None:
                finals = tuple(f.index_select(1, unsorted_indices) for f in finals)
            out = PackedSequence(output, batch_sizes_t, sorted_indices, unsorted_indices)
            return out, (finals if lstm else finals[0])
        if self.batch_first:    # PyTorch's RNN and GRU kernels transpose in place, LSTM's not
            output = output.transpose(0, 1) if lstm else output.transpose_(0, 1)
        if not batched:
            output = output.squeeze(0 if self.batch_first else 1)
            finals = tuple(f.squeeze(1) for f in finals)
        return output, (finals if lstm else finals[0])

    def _layers(self, x, state, batch_sizes, packed):
        """Every layer and direction in turn. x: (T, B, I) padded or (N, I) packed; state:
        tuple of (layers*directions, B, H). Returns the last layer's output and the final
        states stacked as PyTorch stacks them."""
        step = _STEPS[self.mode]
        directions = 2 if self.bidirectional else 1
        per_state = [s.unbind(0) for s in state]
        finals = [[] for _ in state]
        offsets = [0]
        for b in batch_sizes:
            offsets.append(offsets[-1] + b)
        for layer in range(self.num_layers):
            outs = []
            for direction in range(directions):
                k = layer * directions + direction
                w = self.all_weights[k]
                w_ih, w_hh = w[0], w[1]
                b_ih, b_hh = (w[2], w[3]) if self.bias else (None, None)
                w_hr = w[-1] if self.proj_size > 0 else None
                projected = F.linear(x, w_ih, b_ih)
                gi = ([projected[offsets[t]:offsets[t + 1]] for t in range(len(batch_sizes))]
                      if packed else projected.unbind(0))
                steps, final = _run_direction(step, gi, batch_sizes,
                                              tuple(s[k] for s in per_state),
                                              (w_hh, b_hh, w_hr), direction == 1)
                outs.append(ops.cat(steps, 0) if packed else ops.stack(steps, 0))
                for store, f in zip(finals, final):
                    store.append(f)
            x = outs[0] if directions == 1 else ops.cat(outs, x.dim() - 1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, True)
        return x, tuple(ops.stack(f, 0) for f in finals)


class RNN(RNNBase):
    """Elman RNN: h_t = tanh (or relu) (x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)."""

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            self.nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            self.nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if self.nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{self.nonlinearity}'. Select from 'tanh' "
                             "or 'relu'.")
        nonlinearity = self.nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", *args, **kwargs)
        self.nonlinearity = nonlinearity


class LSTM(RNNBase):
    """Long short-term memory; gates in PyTorch's order (input, forget, cell, output)."""

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)


class GRU(RNNBase):
    """Gated recurrent unit; gates in PyTorch's order (reset, update, new)."""

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)


# --- cells ----------------------------------------------------------------------------------
class RNNCellBase(Module):
    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(_factories.empty((num_chunks * hidden_size, input_size),
                                                    dtype=dtype))
        self.weight_hh = Parameter(_factories.empty((num_chunks * hidden_size, hidden_size),
                                                    dtype=dtype))
        if bias:
            self.bias_ih = Parameter(_factories.empty(num_chunks * hidden_size, dtype=dtype))
            self.bias_hh = Parameter(_factories.empty(num_chunks * hidden_size, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _prepare(self, input, hx, n_states):
        """PyTorch's checks and unbatched handling; returns (input, states, batched)."""
        name = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D "
                             "instead")
        if n_states == 2 and isinstance(hx, Tensor):    # LSTMCell takes the pair (h, c)
            raise TypeError("lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, "
                            "not Tensor")
        states = None if hx is None else (tuple(hx) if n_states == 2 else (hx,))
        if states is not None:
            for i, s in enumerate(states):
                if s.dim() not in (1, 2):
                    what = f"hx[{i}]" if n_states == 2 else "hidden"
                    raise ValueError(f"{name}: Expected {what} to be 1D or 2D, got {s.dim()}D "
                                     "instead")
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        if states is None:
            zeros = _factories.zeros((input.shape[0], self.hidden_size), dtype=input.dtype)
            states = (zeros,) * n_states
        elif not batched:
            states = tuple(s.unsqueeze(0) for s in states)
        if input.shape[1] != self.weight_ih.shape[1]:
            raise RuntimeError(f"input has inconsistent input_size: got {input.shape[1]} "
                               f"expected {self.weight_ih.shape[1]}")
        for i, s in enumerate(states):
            if s.shape[0] != input.shape[0]:
                raise RuntimeError(f"Input batch size {input.shape[0]} doesn't match hidden{i} "
                                   f"batch size {s.shape[0]}")
            if s.shape[1] != self.hidden_size:
                raise RuntimeError(f"hidden{i} has inconsistent hidden_size: got "
                                   f"{s.shape[1]}, expected {self.hidden_size}")
        return input, states, batched

    def _step(self, step, input, states):
        gi = F.linear(input, self.weight_ih, self.bias_ih)
        return step(gi, states, self.weight_hh, self.bias_hh, None)[1]


class RNNCell(RNNCellBase):
    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None,
                 dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=1, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        input, states, batched = self._prepare(input, hx, 1)
        if self.nonlinearity not in ("tanh", "relu"):
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        step = _STEPS["RNN_TANH" if self.nonlinearity == "tanh" else "RNN_RELU"]
        h, = self._step(step, input, states)
        return h if batched else h.squeeze(0)


class LSTMCell(RNNCellBase):
    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=4, dtype=dtype)

    def forward(self, input, hx=None):
        input, states, batched = self._prepare(input, hx, 2)
        h, c = self._step(_lstm_step, input, states)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=3, dtype=dtype)

    def forward(self, input, hx=None):
        input, states, batched = self._prepare(input, hx, 1)
        h, = self._step(_gru_step, input, states)
        return h if batched else h.squeeze(0)
