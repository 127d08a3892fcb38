"""PyTorch's CPU random number generator, reproduced bit for bit in NumPy.

Every function here reproduces what PyTorch 2.13 (official x86-64 Linux wheel, AVX2/AVX-512
kernels) computes on the CPU, value for value and word for word. The rules come from the
project's specification, `pytorch-rng.md`; section numbers (§2.3, §5.4, ...) point into it.

How it is organised:

* The engine (§2) is MT19937. Its words come from NumPy's `MT19937` bit generator, which
  holds the same 624 key words as PyTorch; the few bookkeeping differences (PyTorch's
  `left`/`next` counters, the 64-bit seed, the cached normal) are kept here (§13.1).
* Each distribution turns words into values exactly as PyTorch's kernel does: the same
  words, the same order, the same float32/float64 roundings, fused multiply-adds where the
  AVX2 build fuses them (§4, §5), and glibc's `log`/`sin`/... through Python's `math`
  module where PyTorch calls the C library in double precision (§13.2).
* Small draws cost a few microseconds (the scalar normal path computes in Python floats);
  large draws are vectorised over whole arrays.

Arrays in, arrays out: every distribution returns a new C-contiguous NumPy array filled in
row-major order; filling non-contiguous tensors in memory order (§3) is the caller's job.
"""
import functools
import math
import os
import threading
import warnings
from fractions import Fraction
from functools import lru_cache

import numpy as np

__all__ = ["Generator", "default_generator"]

_DEFAULT_SEED = 67280421310721        # what a fresh torch.Generator() is seeded with (§2.2)
_N = 624                              # MT19937 key words
_F16, _F32, _F64 = np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)
_FLOATS = (_F16, _F32, _F64)
_DIGITS = {_F16: 11, _F32: 24, _F64: 53}                     # mantissa digits (§6.1)
_FLOAT_NAME = {_F16: "c10::Half", _F32: "float", _F64: "double"}
_FLOAT_MAX = {d: float(np.finfo(d).max) for d in _FLOATS}
_SCALAR_NAME = {_F16: "Half", _F32: "Float", _F64: "Double", np.dtype(np.int64): "Long",
                np.dtype(np.int32): "Int", np.dtype(np.int16): "Short", np.dtype(np.int8): "Char",
                np.dtype(np.uint8): "Byte", np.dtype(np.bool_): "Bool"}
_INT_NAME = {np.dtype(np.int8): "signed char", np.dtype(np.int16): "short int",
             np.dtype(np.int32): "int", np.dtype(np.int64): "long int",
             np.dtype(np.uint8): "unsigned char", np.dtype(np.bool_): "bool"}
_RANDOM_MOD = {np.dtype(np.int64): 2**63, _F64: 2**53 + 1, np.dtype(np.int32): 2**31,
               np.dtype(np.int16): 2**15, np.dtype(np.int8): 2**7, np.dtype(np.uint8): 2**8,
               _F32: 2**24 + 1, _F16: 2**11 + 1, np.dtype(np.bool_): 2}   # §6.3
_BIG_RANGE = 2**28            # random_(from, to) draws 64-bit words from this range up (§6.1)
_RANDPERM_BIG = 214748364     # randperm switches to the 64-bit shuffle here (§7)

# ---------------------------------------------------------------------------------------
# get_rng_state() byte layout (§2.6): a little-endian C struct of 5056 bytes.
_STATE = np.dtype([("seed", "<u8"), ("left", "<i4"), ("seeded", "<i4"), ("next", "<u8"),
                   ("key", "<u8", (_N,)), ("normal_x", "<f8"), ("normal_y", "<f8"),
                   ("normal_rho", "<f8"), ("normal_is_valid", "<i4"), ("pad0", "V4"),
                   ("float_normal", "<f4"), ("float_normal_is_valid", "u1"), ("pad1", "V3")])
assert _STATE.itemsize == 5056


@lru_cache(maxsize=64)
def _init_genrand(seed32):
    """The 624 key words of MT19937's `init_genrand(seed32)` (§2.2 step 5).

    NumPy's legacy RandomState seeds integers with exactly this routine.
    """
    key = np.random.RandomState(seed32).get_state()[1].astype(np.uint32)
    key.flags.writeable = False           # shared by the cache: never modified
    return key


def _temper(y):
    """MT19937's output transformation of key words (§2.3), as uint64 like random_raw."""
    y = y ^ (y >> np.uint32(11))
    y = y ^ ((y << np.uint32(7)) & np.uint32(0x9D2C5680))
    y = y ^ ((y << np.uint32(15)) & np.uint32(0xEFC60000))
    return (y ^ (y >> np.uint32(18))).astype(np.uint64)


# ---------------------------------------------------------------------------------------
# Words to uniforms (§1)

_LOW24, _TWO_M24 = np.uint64(0xFFFFFF), np.float32(2.0**-24)


def _u24(words):
    """U24: the low 24 bits of each word, times 2**-24, in float32 (exact)."""
    return (words & _LOW24).astype(np.float32) * _TWO_M24


def _w64(words):
    """W64: consecutive word pairs, the FIRST word of each pair the high half."""
    return (words[0::2] << np.uint64(32)) | words[1::2]


def _u53(words):
    """U53: the low 53 bits of each W64, times 2**-53, in float64 (exact)."""
    return (_w64(words) & np.uint64(2**53 - 1)).astype(np.float64) * 2.0**-53


# ---------------------------------------------------------------------------------------
# Exact fused multiply-add (§13.4, §13.5). Python < 3.13 has no math.fma, NumPy has none.

def _fma64_scalar(a, b, c):
    """fma64 of Python floats: a*b+c rounded once, by exact rational arithmetic.

    Python's int/int division is correctly rounded, so the only special cases are a zero
    result (IEEE sign rules, which plain a*b+c gets right because then a*b is exact) and
    overflow.
    """
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return a * b + c
    (na, da), (nb, db), (nc, dc) = (a.as_integer_ratio(), b.as_integer_ratio(),
                                    c.as_integer_ratio())
    num = na * nb * dc + nc * da * db
    if num == 0:
        return a * b + c
    try:
        return num / (da * db * dc)
    except OverflowError:
        return math.copysign(math.inf, num)


def _two_sum(a, b):
    """Knuth's TwoSum: s = fl(a+b) and the exact error e, a + b = s + e."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _split(a):
    """Veltkamp's split of a double into two halves of 26 bits each."""
    t = 134217729.0 * a                   # 2**27 + 1
    hi = t - (t - a)
    return hi, a - hi


def _fma64(a, b, c):
    """fma64 on arrays: Boldo and Melquiond's emulation through rounding to odd (§13.5).

    Exact unless the error terms under- or overflow; such elements (tiny or huge
    products, zeros, non-finite values) are recomputed with `_fma64_scalar`.
    """
    a, b, c = np.broadcast_arrays(np.asarray(a, np.float64), b, c)
    with np.errstate(all="ignore"):
        p = a * b
        ah, al = _split(a)
        bh, bl = _split(b)
        pe = ((ah * bh - p) + ah * bl + al * bh) + al * bl      # a*b = p + pe exactly
        th, tl = _two_sum(c, p)
        v, ve = _two_sum(tl, pe)
        # round v to odd: when inexact with an even last bit, move one ulp towards the error
        even = (v.view(np.uint64) & np.uint64(1)) == 0
        v = np.where((ve != 0) & even, np.nextafter(v, np.copysign(np.inf, ve)), v)
        out = th + v
        safe = ((np.abs(p) >= 2.0**-960) & (np.abs(p) < 2.0**1000) & (np.abs(a) < 2.0**995)
                & (np.abs(b) < 2.0**995) & (np.abs(c) < 2.0**1000))
    for i in zip(*np.nonzero(~safe)):
        out[i] = _fma64_scalar(float(a[i]), float(b[i]), float(c[i]))
    return out


_LOW29, _HALF29 = np.uint64((1 << 29) - 1), np.uint64(1 << 28)   # bits float32 drops
_TINY = 2.0**-126                             # the smallest normal float32
_TINY64 = float(np.finfo(np.float64).tiny)
_THIRD_F32 = float(np.float32(1.0) / np.float32(3.0))   # ATen writes 1.0f / 3.0f
_C0331_F32 = float(np.float32(0.0331))


def _fma32(a, b, c):
    """fma32: a*b+c rounded once to float32 (§13.4).

    Arguments and result are float64 arrays (or Python floats) that hold float32 values,
    so chains of fmas need no conversions. The product of two float32 values is exact in
    float64, so s = a*b + c in float64 carries one rounding, and rounding s to float32 is a
    second one. The two can only disagree when s lies exactly halfway between two float32
    numbers (its 29 low bits are 1000...0) while the float64 sum was inexact; then the
    exact error of the sum (TwoSum) says which neighbour is right. The halfway test
    assumes a result that is zero or a normal float32, as in the Cephes chains below;
    `_fma32_any` handles arbitrary data.
    """
    s = a * b
    s += c
    low = s.view(np.uint64) & _LOW29
    if (low == _HALF29).any():
        idx = np.nonzero(low == _HALF29)
        a, b, c = (np.broadcast_to(v, s.shape)[idx] for v in (a, b, c))
        _, err = _two_sum(a * b, c)
        s[idx] = np.where(err != 0, np.nextafter(s[idx], np.copysign(np.inf, err)), s[idx])
    return s.astype(np.float32).astype(np.float64)


def _fma32_any(x, b, c):
    """fma32(x, b, c) for a float32 array x and float32 values b, c (Python floats).

    Exact for any data: results in float32's subnormal range, where the halfway test of
    `_fma32` does not apply, are redone with rational arithmetic. Returns float32.
    """
    with np.errstate(over="ignore"):                  # huge values may overflow to inf
        v = _fma32(x.astype(np.float64), b, c).astype(np.float32)
    for i in zip(*np.nonzero(np.abs(v) <= _TINY)):
        exact = Fraction(float(x[i])) * Fraction(b) + Fraction(c)
        # round() ties to even; an exact zero takes IEEE's sign, which x*b + c gets right
        v[i] = round(exact * 2**149) * 2.0**-149 if exact else float(x[i]) * b + c
    return v


def _round32(x):
    """One float32 operation done in float64 and rounded (float64 holds float32 values).

    For +, -, *, / and sqrt of float32 values this equals the float32 operation: float64
    has more than 2*24+2 bits, so the double rounding is harmless (Figueroa's theorem).
    """
    return x.astype(np.float32).astype(np.float64)


# ---------------------------------------------------------------------------------------
# The AVX2 float32 Box-Muller block transform (§5.4): Cephes log and sincos on 8 lanes.
# Constants that enter an fma are Python floats (for float64 arrays), the others float32.

def _f32(h):
    return np.float32(float.fromhex(h))


_P = [float.fromhex(h) for h in ("0x1.204376p-4", "-0x1.d7a370p-4", "0x1.de4a34p-4",
                                 "-0x1.fcba9ep-4", "0x1.23d37ep-3", "-0x1.555ca0p-3",
                                 "0x1.999d58p-3", "-0x1.fffff8p-3", "0x1.555554p-2")]
_Q1, _Q2 = _f32("-0x1.bd0106p-13"), _f32("0x1.630000p-1")
_SQRTHF = _f32("0x1.6a09e6p-1")
_FOPI = _f32("0x1.45f306p+0")
_DP1, _DP2, _DP3 = _f32("0x1.920000p-1"), _f32("0x1.fb4000p-13"), float.fromhex("0x1.4442d2p-25")
_C0, _C1, _C2 = (float.fromhex(h) for h in ("0x1.99eb9cp-16", "-0x1.6c0c34p-10", "0x1.55554ap-5"))
_S0, _S1, _S2 = (float.fromhex(h) for h in ("-0x1.9943f2p-13", "0x1.11073cp-7", "-0x1.555546p-3"))
_TWO_PI_F32 = _f32("0x1.921fb6p+2")
_TWO_PI_F64 = float.fromhex("0x1.921fb54442d18p+2")
_ONE, _HALF, _ZERO = np.float32(1.0), np.float32(0.5), np.float32(0.0)


def _log32(x):
    """LOG32 of §5.4: Cephes' float32 log with GCC's fused multiply-adds, x in (0, 1]."""
    b = x.view(np.uint32)
    e = ((b >> 23).astype(np.int32) - 127).astype(np.float32) + _ONE
    t = ((b & 0x807FFFFF) | 0x3F000000).view(np.float32)
    small = t < _SQRTHF
    e = e - small                         # e - 1 where small
    t = (t - _ONE) + t * small            # (t - 1) + t where small; both exact
    z = t * t
    t64 = t.astype(np.float64)
    y = _fma32(_P[0], t64, _P[1])
    for coef in _P[2:]:
        y = _fma32(y, t64, coef)
    y = _fma32(_round32(y * t64), z.astype(np.float64), (e * _Q1).astype(np.float64))
    y = y.astype(np.float32) - z * _HALF
    t = t + y
    return e * _Q2 + t            # = fma32(e, Q2, t): the product e*Q2 is exact


def _sincos32(x):
    """SINCOS32 of §5.4: Cephes' float32 sine and cosine for x >= 0."""
    j = (x * _FOPI).astype(np.int32)
    j = (j + 1) & ~1
    y = j.astype(np.float32)
    x = x - y * _DP1              # = fma32(y, -DP1, x): y*DP1 is exact (8-bit constant)
    x = x - y * _DP2              # likewise (11-bit constant)
    x = _fma32(y.astype(np.float64), -_DP3, x.astype(np.float64))
    z = _round32(x * x)
    c = _fma32(_C0, z, _C1)
    c = _fma32(c, z, _C2)
    c = _fma32(z, _round32(z * c), -0.5 * z)                  # z * 0.5 is exact
    c = (c + 1.0).astype(np.float32)                          # cosine polynomial
    p = _fma32(_S0, z, _S1)
    p = _fma32(p, z, _S2)
    p = _fma32(x, _round32(z * p), x).astype(np.float32)     # sine polynomial
    swap = (j & 2) != 0
    sn = np.where(swap, c, p) + _ZERO          # the vector select maps -0.0 to +0.0
    cs = np.where(swap, p, c) + _ZERO
    # sign flips by XOR of the sign bit: sine if j & 4, cosine unless (j - 2) & 4
    sn = (sn.view(np.uint32) ^ ((j & 4).astype(np.uint32) << 29)).view(np.float32)
    cs = (cs.view(np.uint32) ^ ((~(j - 2) & 4).astype(np.uint32) << 29)).view(np.float32)
    return sn, cs


def _box_muller_f32(u, m, s):
    """BLOCK_F32 (§5.4) on rows of 16 float32 uniforms: lanes (j, j+8) make a pair."""
    r = np.sqrt(_log32(_ONE - u[:, :8]) * np.float32(-2.0))
    sn, cs = _sincos32(_TWO_PI_F32 * u[:, 8:])
    out = np.empty_like(u)
    out[:, :8], out[:, 8:] = r * cs, r * sn
    if m == 0 and s == 1:
        return out + np.float32(m)             # = fma32(v, 1, m): -0.0 + 0.0 is +0.0
    return _fma32_any(out, s, m)


_CHUNK_ROWS = 4096   # 64K values: each step of the transform's chain stays in the cache


def _by_chunks(transform, u, mean, std):
    """`transform` applied to the rows of `u` a chunk at a time (the transforms are
    row-wise: same values, about twice as fast for large draws)."""
    if len(u) <= _CHUNK_ROWS:
        return transform(u, mean, std)
    first = transform(u[:_CHUNK_ROWS], mean, std)
    out = np.empty(u.shape, first.dtype)
    out[:_CHUNK_ROWS] = first
    for i in range(_CHUNK_ROWS, len(u), _CHUNK_ROWS):
        out[i:i + _CHUNK_ROWS] = transform(u[i:i + _CHUNK_ROWS], mean, std)
    return out


def _box_muller_f64(u, mean, std):
    """BLOCK_F64 (§5.3) on rows of 16 doubles, with glibc's log, cos and sin."""
    lg = np.array(list(map(math.log, (1.0 - u[:, :8]).ravel().tolist()))).reshape(-1, 8)
    r = np.sqrt(lg * -2.0)
    theta = (_TWO_PI_F64 * u[:, 8:]).ravel().tolist()
    out = np.empty_like(u)
    out[:, :8] = r * np.array(list(map(math.cos, theta))).reshape(-1, 8)
    out[:, 8:] = r * np.array(list(map(math.sin, theta))).reshape(-1, 8)
    if mean == 0 and std == 1:
        return out + mean                      # = fma64(v, 1, mean)
    return _fma64(out, std, mean)


# ---------------------------------------------------------------------------------------
# Small helpers

def _to_float(values, dtype):
    """Double -> dtype as PyTorch casts: float16 goes through float32 (c10::Half(float))."""
    if dtype == _F16:
        with np.errstate(over="ignore"):            # beyond float16's range: inf, as in C
            return np.array(values, np.float32).astype(np.float16)
    return np.array(values, dtype)


def _check_float(dtype, what):
    dtype = np.dtype(dtype)
    if dtype not in _FLOATS:
        raise TypeError(f"{what} needs a floating dtype, got {dtype}")
    return dtype


def _g(x):
    """A number the way PyTorch's C++ error messages print it (like printf %g)."""
    return f"{x:g}" if isinstance(x, float) else str(x)


# ---------------------------------------------------------------------------------------

def _locked(method):
    """A generator method that changes the engine's state: threads drawing from one
    generator take turns, so each gets its own run of the stream and none is corrupted."""
    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)
    return locked


class Generator:
    """torch.Generator for the CPU: an MT19937 engine plus the cached Box-Muller value.

    Engine state lives in one of two forms:
    * explicit (`self._key` is an array): PyTorch's own `key`, `left`, `next`, as left by
      seeding or set_state; nothing has been handed to NumPy yet (seeding stays cheap);
    * NumPy (`self._key is None`): the bit generator `self._bg` holds key and position;
      PyTorch's `next = pos` and `left = 625 - pos` (`left = 1, next = 624` at pos 624).
    """
    _type_name = "torch._C.Generator"   # the name PyTorch's messages give its objects

    def __init__(self, device="cpu"):
        self.device = device
        self._lock = threading.RLock()   # one draw at a time, as PyTorch's generator mutex
        self._bg = np.random.MT19937(0)
        self.manual_seed(_DEFAULT_SEED)

    # ---- seeding and state (§2.2, §2.6) -------------------------------------------------

    @_locked
    def manual_seed(self, seed):
        """Seed as torch does (§2.2): int(), range check, negatives as two's complement."""
        seed = int(seed)
        if not -2**63 <= seed < 2**64:
            raise ValueError("Overflow when unpacking long long")
        self._seed = seed % 2**64
        self._key, self._left, self._next = _init_genrand(self._seed & 0xFFFFFFFF), 1, 0
        self._cache = self._cache_f32 = None
        return self

    @_locked
    def seed(self):
        """Reseed from the OS's entropy source; return the new 64-bit seed."""
        seed = int.from_bytes(os.urandom(8), "little")
        self.manual_seed(seed)
        return seed

    def initial_seed(self):
        return self._seed

    def _engine(self):
        """(key, left, next) as PyTorch holds them."""
        if self._key is not None:
            return self._key, self._left, self._next
        st = self._bg.state["state"]
        pos = int(st["pos"])
        return st["key"], (1 if pos == _N else _N + 1 - pos), pos

    @_locked
    def get_state(self):
        """The 5056 bytes of torch.get_rng_state() (§2.6)."""
        key, left, nxt = self._engine()
        st = np.zeros((), _STATE)
        st["seed"], st["left"], st["seeded"], st["next"], st["key"] = (self._seed, left, 1,
                                                                         nxt, key)
        if self._cache is not None:
            st["normal_y"], st["normal_is_valid"] = self._cache, 1
        if self._cache_f32 is not None:
            st["float_normal"], st["float_normal_is_valid"] = self._cache_f32, 1
        return np.frombuffer(st.tobytes(), dtype=np.uint8).copy()

    @_locked
    def set_state(self, state):
        """torch.set_rng_state: validate and restore everything, caches included (§2.6)."""
        if not isinstance(state, np.ndarray) or state.dtype != np.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        if state.size != _STATE.itemsize:
            raise RuntimeError("Expected a CPUGeneratorImplState of size 5056 but found the "
                               f"input RNG state size to be {state.size}")
        st = np.frombuffer(np.ascontiguousarray(state).tobytes(), dtype=_STATE)[0]
        left, nxt = int(st["left"]), int(st["next"])
        if st["seeded"] == 0 or not 1 <= left <= _N or nxt > _N:
            raise RuntimeError("Invalid mt19937 state")
        self._seed = int(st["seed"])
        self._key = st["key"].astype(np.uint32)        # the high 32 bits are dropped
        self._left, self._next = left, nxt
        self._cache = float(st["normal_y"]) if st["normal_is_valid"] else None
        self._cache_f32 = float(st["float_normal"]) if st["float_normal_is_valid"] else None

    # ---- words (§2.3, §2.4) ---------------------------------------------------------------

    def _words(self, n):
        """The next n words W(), as a uint64 array."""
        if self._key is None:
            return self._bg.random_raw(n)
        return self._words_explicit(n)

    def _words_explicit(self, n):
        """Draw from the explicit state, then hand the engine over to NumPy.

        PyTorch returns key[next], key[next+1], ... (tempered) for `left - 1` draws and then
        twists. A state with next + left = 625 is exactly NumPy's position `next`; any other
        (a fresh seed: left = 1, next = 0; or odd bytes given to set_state) first serves its
        remaining words here and then twists, which NumPy does from position 624.
        (PyTorch would read past the key if next + left > 625; we twist there instead.)
        """
        key, left, nxt = self._key, self._left, self._next
        if n == 0:
            return np.empty(0, np.uint64)
        if nxt + left == _N + 1:
            head, pos = np.empty(0, np.uint64), nxt
        else:
            m = min(n, left - 1, _N - nxt)
            head, pos = _temper(key[nxt:nxt + m]), _N
            if m == n:
                self._left, self._next = left - m, nxt + m
                return head
        self._bg.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}
        self._key = None
        return np.concatenate([head, self._bg.random_raw(n - len(head))])

    @_locked
    def random_words(self, n):
        """n raw words of random() (§2.4) as uint32."""
        return self._words(n).astype(np.uint32)

    # ---- uniform (§4) ----------------------------------------------------------------------

    @_locked
    def uniform(self, shape, dtype, low=0.0, high=1.0):
        """rand / Tensor.uniform_(low, high): one fma per element, `high` maps to `low`."""
        dtype = _check_float(dtype, "uniform_")
        low, high = float(low), float(high)
        _check_uniform(low, high, dtype)
        n = math.prod(shape)
        if dtype == _F64:
            x = _u53(self._words(2 * n))
            if low == 0 and high == 1:
                return x.reshape(shape)
            v = _fma64(x, high - low, low)
            v[v == high] = low
            return v.reshape(shape)
        x = _u24(self._words(n))
        if low == 0 and high == 1 and dtype == _F32:
            return x.reshape(shape)
        a, b = np.float32(low), np.float32(high)       # float16 computes in float32 too
        v = x if low == 0 and high == 1 else _fma32_any(x, float(b - a), float(a))
        if dtype == _F16:                              # replace after the cast (§4)
            v, a, b = v.astype(np.float16), _to_float(low, dtype), _to_float(high, dtype)
        v[v == b] = a
        return v.reshape(shape)

    # ---- normal (§5) -----------------------------------------------------------------------

    def _next_normals(self, n, mean, std):
        """NEXT_NORMAL (§5.2) n times, as Python floats, using and refilling the cache."""
        out = []
        if n and self._cache is not None:
            out.append(self._cache)
            self._cache = None
        pairs = (n - len(out) + 1) // 2
        if pairs:
            w = self._words(4 * pairs).tolist()
            for k in range(0, 4 * pairs, 4):          # u1 = U53(W64()), then u2 = U53(W64())
                u1 = (((w[k] & 0x1FFFFF) << 32) | w[k + 1]) * 2.0**-53
                u2 = (((w[k + 2] & 0x1FFFFF) << 32) | w[k + 3]) * 2.0**-53
                r = math.sqrt(-2.0 * math.log1p(-u2))
                theta = _TWO_PI_F64 * u1
                out.append(r * math.cos(theta))
                out.append(r * math.sin(theta))
            if len(out) > n:
                self._cache = out.pop()
        if mean == 0 and std == 1:
            return [z + mean for z in out]             # = fma64(z, 1, mean), mean = +-0
        return [_fma64_scalar(z, std, mean) for z in out]

    @_locked
    def normal(self, shape, dtype, mean=0.0, std=1.0, contiguous=True):
        """randn / Tensor.normal_(mean, std): the path depends on n >= 16 and contiguity."""
        dtype = _check_float(dtype, "normal_")
        mean, std = float(mean), float(std)
        if std < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {_g(std)}")
        n = math.prod(shape)
        if n < 16 or not contiguous:
            return _to_float(self._next_normals(n, mean, std), dtype).reshape(shape)
        if dtype == _F64:
            return self._normal_blocks(n, 2, _u53, _box_muller_f64, mean, std).reshape(shape)
        m, s = float(np.float32(mean)), float(np.float32(std))
        return self._normal_blocks(n, 1, _u24, _box_muller_f32, m, s,
                                   half=dtype == _F16).reshape(shape).astype(dtype, copy=False)

    def _normal_blocks(self, n, words_per, to_uniform, transform, mean, std, half=False):
        """The vectorised skeleton (§5.3, §5.4, §5.7).

        Uniforms for all n slots are drawn first (float16: only the full blocks), every full
        block of 16 is transformed, and if n is not a multiple of 16 the LAST 16 slots are
        refilled with 16 fresh uniforms and transformed again.
        """
        full = n // 16 * 16
        u = to_uniform(self._words(words_per * (full if half else n)))[:full]
        if n != full:
            u = np.concatenate([u, to_uniform(self._words(words_per * 16))])
        z = _by_chunks(transform, u.reshape(-1, 16), mean, std).ravel()
        if n == full:
            return z
        out = np.empty(n, z.dtype)
        out[:full] = z[:full]
        out[n - 16:] = z[full:]
        return out

    @_locked
    def log_normal(self, shape, dtype, mean=1.0, std=2.0):
        """Tensor.log_normal_: exp of the scalar normal path for every element (§5.8)."""
        dtype = _check_float(dtype, "log_normal_")
        mean, std = float(mean), float(std)
        if not std > 0:
            raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={_g(std)}")
        z = self._next_normals(math.prod(shape), mean, std)
        return _to_float([_exp(v) for v in z], dtype).reshape(shape)

    # ---- integers (§6) ---------------------------------------------------------------------

    @_locked
    def randint(self, low, high, shape, dtype):
        """torch.randint(low, high) = empty(shape, dtype).random_(low, high) (§6.1)."""
        return self.random_(shape, dtype, low, high)

    @_locked
    def random_(self, shape, dtype, low=None, high=None):
        """Tensor.random_ (§6).

        No bounds: random_() (§6.3). `high` only: random_(to), values in [0, to).
        `low` only: random_(from, None), values in [from, dtype max] (§6.2). Both:
        random_(from, to), values in [from, to) (§6.1).
        """
        dtype = np.dtype(dtype)
        n = math.prod(shape)
        if low is None and high is None:                          # §6.3
            mod = _RANDOM_MOD[dtype]
            w = _w64(self._words(2 * n)) if mod > 2**32 else self._words(n)
            return self._int_values(w % np.uint64(mod), 0, dtype).reshape(shape)
        low = 0 if low is None else int(low)
        is_float = dtype in _FLOATS
        if high is None and low == -2**63:                        # the full 64-bit range
            if dtype not in (np.int64, _F32, _F64):
                raise RuntimeError("random_full_64_bits_range_kernel_cpu handles only int64, "
                                   "double, float and bfloat16")
            return self._int_values(_w64(self._words(2 * n)), 0, dtype).reshape(shape)
        if high is None:                                          # §6.2: [from, dtype max]
            if is_float:
                to_inc = 2**_DIGITS[dtype]
                low = _update_from(low, dtype)
                if not low < to_inc:
                    raise RuntimeError(
                        "random_ expects 'from' casted to dtype to be less than or equal to "
                        f"'to_inc' casted to dtype, but got from={low} > to_inc={to_inc}")
            else:
                to_inc = 1 if dtype == np.bool_ else int(np.iinfo(dtype).max)
            _check_from_to(low, to_inc, dtype)
            span = to_inc - low + 1
        else:                                                     # §6.1: [from, to)
            high = int(high)
            if not low < high:
                raise RuntimeError("random_ expects 'from' to be less than 'to', but got "
                                   f"from={low} >= to={high}")
            if is_float:
                low, high = _update_from(low, dtype), _update_to(high, dtype)
                if not low < high:
                    raise RuntimeError("random_ expects 'from' casted to dtype to be less than "
                                       f"'to' casted to dtype, but got from={low} >= to={high}")
            _check_from_to(low, high - 1, dtype)
            span = high - low
        if span >= _BIG_RANGE:
            v = _w64(self._words(2 * n)) % np.uint64(span)
        else:
            v = self._words(n) % np.uint64(span)
        return self._int_values(v, low, dtype).reshape(shape)

    @staticmethod
    def _int_values(v, low, dtype):
        """low + v in int64 arithmetic (wrapping, as in C), cast as static_cast does."""
        x = (v + np.uint64(low % 2**64)).view(np.int64)
        if dtype == _F16:
            return x.astype(np.float32).astype(np.float16)
        return x.astype(dtype)

    # ---- randperm (§7) ---------------------------------------------------------------------

    @_locked
    def randperm(self, n, dtype=np.int64):
        """torch.randperm(n): a forward Fisher-Yates shuffle (or inside-out for huge n)."""
        n, dtype = int(n), np.dtype(dtype)
        if n < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
        if dtype == _F16 and n > 2049:
            raise RuntimeError("n cannot be greater than 2049 for Half type.")
        if n >= _RANDPERM_BIG:
            return self._randperm_inside_out(n).astype(dtype)
        if n < 2:
            return np.arange(n).astype(dtype)
        steps = np.arange(n - 1, dtype=np.uint64)           # step i swaps p[i], p[i + z]
        targets = (steps + self._words(n - 1) % (np.uint64(n) - steps)).tolist()
        p = list(range(n))
        for i, t in enumerate(targets):
            p[i], p[t] = p[t], p[i]
        return np.array(p, dtype=np.int64).astype(dtype)

    def _randperm_inside_out(self, n):
        """randperm for n >= 214 748 364: p[i] = p[z]; p[z] = i with z = W64 mod (i+1).

        Serial and slow in Python (minutes); words are drawn in chunks to bound memory.
        """
        p = np.empty(n, np.int64)
        chunk = 1 << 20
        for start in range(0, n, chunk):
            steps = np.arange(start, min(n, start + chunk), dtype=np.uint64)
            zs = (_w64(self._words(2 * len(steps))) % (steps + np.uint64(1))).tolist()
            for i, z in enumerate(zs, start):
                p[i] = p[z]
                p[z] = i
        return p

    # ---- bernoulli (§8) --------------------------------------------------------------------

    @_locked
    def bernoulli_scalar(self, shape, p, dtype):
        """Tensor.bernoulli_(p: float): U53(W64()) < p, two words per element."""
        p = float(p)
        if not 0 <= p <= 1:
            raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={_g(p)}")
        return (_u53(self._words(2 * math.prod(shape))) < p).astype(dtype).reshape(shape)

    @_locked
    def bernoulli_tensor(self, p, dtype):
        """torch.bernoulli(p): float64 p compares U53 (2 words), other p U24 (1 word)."""
        p = np.asarray(p)
        flat = p.ravel() if p.dtype == _F64 else p.ravel().astype(np.float32)
        bad = np.nonzero(~((flat >= 0) & (flat <= 1)))[0]
        if len(bad):                    # PyTorch checks each p as it goes: earlier ones draw
            flat = flat[:bad[0]]
        if p.dtype == _F64:
            hit = _u53(self._words(2 * flat.size)) < flat
        else:
            hit = _u24(self._words(flat.size)) < flat
        if len(bad):
            raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  "
                               "(Could this error message be improved?  If so, please report "
                               "an enhancement request to PyTorch.)")
        return hit.astype(dtype).reshape(p.shape)

    # ---- exponential, cauchy, geometric (§9) -----------------------------------------------

    @_locked
    def exponential(self, shape, dtype, lambd=1.0):
        """Tensor.exponential_(lambd): (-1/lambd) * log1p(-u) in double, u = U53."""
        dtype = _check_float(dtype, "exponential_")
        lambd = float(lambd)
        if not lambd > 0:
            raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={_g(lambd)}")
        u = _u53(self._words(2 * math.prod(shape)))
        v = (-1.0 / lambd) * np.array(list(map(math.log1p, (-u).tolist())))
        return _to_float(v, dtype).reshape(shape)

    @_locked
    def cauchy(self, shape, dtype, median=0.0, sigma=1.0):
        """Tensor.cauchy_(median, sigma): fma64(tan(pi * (u - 0.5)), sigma, median), u = U53.

        The spec (§9) leaves the fusing open; measured against PyTorch 2.13 it is fused.
        """
        dtype = _check_float(dtype, "cauchy_")
        median, sigma = float(median), float(sigma)
        if not sigma > 0:
            raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={_g(sigma)}")
        u = _u53(self._words(2 * math.prod(shape)))
        t = np.array(list(map(math.tan, (math.pi * (u - 0.5)).tolist())))
        return _to_float(_fma64(t, sigma, median), dtype).reshape(shape)

    @_locked
    def geometric(self, shape, dtype, p):
        """Tensor.geometric_(p): ceil(log(u) / log(1 - p)), u = U53."""
        dtype = np.dtype(dtype)
        p = float(p)
        if not 0 < p < 1:
            raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={_g(p)}")
        u = _u53(self._words(2 * math.prod(shape))).tolist()
        logs = np.array([math.log(x) if x > 0 else -math.inf for x in u])   # log(0) = -inf
        with np.errstate(invalid="ignore"):
            v = np.ceil(logs / math.log(1.0 - p))
            return (_to_float(v, dtype) if dtype in _FLOATS else v.astype(dtype)).reshape(shape)

    # ---- gamma and dirichlet (ATen's sample_gamma) ----------------------------------------

    def _uniform53(self):
        w = self._words(2).tolist()
        return (((w[0] & 0x1FFFFF) << 32) | w[1]) * 2.0**-53

    def _gamma_one(self, alpha, single):
        """One Gamma(alpha, 1) draw: Marsaglia and Tsang's method, as ATen runs it.

        The uniforms are U53 doubles, the normals come from the scalar Box-Muller path and
        its cache; a float32 alpha is boosted and shifted in float32 (`single`), everything
        else is computed in double.
        """
        f32 = (lambda v: float(np.float32(v))) if single else float
        scale = 1.0
        if alpha < 1.0:                                  # boost alpha, scale the result back
            if alpha == 0.0:
                return 0.0
            scale *= math.pow(1.0 - self._uniform53(), f32(1.0 / alpha))
            alpha = f32(alpha + 1.0)
        d = f32(alpha - _THIRD_F32)
        c = 1.0 / math.sqrt(9.0 * d)
        while True:
            while True:
                x = self._next_normals(1, 0.0, 1.0)[0]
                y = 1.0 + c * x
                if y > 0:
                    break
            v = y * y * y
            u = 1.0 - self._uniform53()
            xx = x * x
            if u < 1.0 - _C0331_F32 * xx * xx:
                return scale * d * v
            if math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
                return scale * d * v

    @_locked
    def standard_gamma(self, alpha):
        """torch._standard_gamma(alpha): one draw per element in row-major order, at least
        the dtype's smallest normal number."""
        alpha = np.asarray(alpha)
        dtype = _check_float(alpha.dtype, "_standard_gamma")
        single = dtype != _F64
        tiny = float(np.finfo(dtype).tiny)
        out = [self._gamma_one(float(a), single) for a in alpha.ravel().tolist()]
        out = _to_float(out, dtype)
        return np.maximum(out, np.asarray(tiny, dtype)).reshape(alpha.shape)

    @_locked
    def dirichlet(self, alpha):
        """torch._sample_dirichlet(alpha): gamma draws in double, normalised along the last
        dimension, clamped to [tiny, 1 - ulp] in the dtype."""
        alpha = np.asarray(alpha)
        dtype = _check_float(alpha.dtype, "_sample_dirichlet")
        g = np.array([max(self._gamma_one(float(a), False), _TINY64)
                      for a in alpha.ravel().tolist()], np.float64).reshape(alpha.shape)
        ratio = _to_float(g / g.sum(-1, keepdims=True), dtype)
        top = np.nextafter(np.asarray(1.0, dtype), np.asarray(0.0, dtype))
        return np.minimum(top, np.maximum(np.finfo(dtype).tiny, ratio)).astype(dtype)

    # ---- poisson (ATen's sample_poisson) ---------------------------------------------------

    def _poisson_one(self, lam):
        """One Poisson(lam) draw: Knuth's product of uniforms below 10, Hoermann's
        transformed rejection from 10 up."""
        if not lam >= 0:
            raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
        if lam == 0:
            return 0
        if lam < 10:
            enlam, count, prod = math.exp(-lam), 0, 1.0
            while True:
                prod *= self._uniform53()
                if prod > enlam:
                    count += 1
                else:
                    return count
        slam, loglam = math.sqrt(lam), math.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = self._uniform53() - 0.5
            v = self._uniform53()
            us = 0.5 - abs(u)
            k = math.floor((2 * a / us + b) * u + lam + 0.43)
            if us >= 0.07 and v <= vr:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            if (math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)
                    <= -lam + k * loglam - math.lgamma(k + 1.0)):
                return k

    @_locked
    def poisson(self, rates):
        """torch.poisson(rates): one draw per element in row-major order, in rates' dtype."""
        rates = np.asarray(rates)
        dtype = _check_float(rates.dtype, "poisson")
        out = [self._poisson_one(float(r)) for r in rates.ravel().tolist()]
        return _to_float(out, dtype).reshape(rates.shape)

    # ---- binomial (ATen's sample_binomial) -------------------------------------------------

    def _binomial_one(self, count, prob, f):
        """One Binomial(count, prob) draw; `f` rounds to the dtype where ATen computes in it.

        Small means invert the geometric waiting times, larger ones use Hoermann's BTRS;
        above prob 1/2 the failures are drawn instead."""
        if count <= 0.0 or prob <= 0.0:
            return 0.0
        if prob >= 1.0:
            return count
        if prob <= 0.5:
            if f(count * prob) >= 10.0:
                return self._btrs(count, prob, f)
            return self._binomial_inversion(count, prob, f)
        if prob > 0.5:
            qprob = f(1.0 - prob)
            if f(count * qprob) >= 10.0:
                return count - self._btrs(count, qprob, f)
            return count - self._binomial_inversion(count, qprob, f)
        return math.nan

    def _binomial_inversion(self, count, prob, f):
        logprob = f(math.log1p(-prob))
        geom_sum, num_geom = 0.0, 0
        while True:
            geom_sum += math.ceil(math.log(self._uniform53()) / logprob)
            if geom_sum > count:
                return float(num_geom)
            num_geom += 1

    def _btrs(self, count, prob, f):
        stddev = f(math.sqrt(f(f(count * prob) * f(1 - prob))))
        b = 1.15 + 2.53 * stddev
        a = -0.0873 + 0.0248 * b + 0.01 * prob
        c = f(count * prob) + 0.5
        v_r = 0.92 - 4.2 / b
        r = f(prob / f(1 - prob))
        alpha = (2.83 + 5.1 / b) * stddev
        m = math.floor(f(f(count + 1) * prob))
        while True:
            u = self._uniform53() - 0.5
            v = self._uniform53()
            us = 0.5 - abs(u)
            k = f(math.floor((2 * a / us + b) * u + c))
            if k < 0 or k > count:
                continue
            if us >= 0.07 and v <= v_r:
                return k
            v = math.log(v * alpha / (a / (us * us) + b))
            upperbound = ((m + 0.5) * math.log((m + 1) / (r * (count - m + 1)))
                          + (count + 1) * math.log((count - m + 1) / (count - k + 1))
                          + (k + 0.5) * math.log(r * (count - k + 1) / (k + 1))
                          + _stirling_tail(m) + _stirling_tail(count - m)
                          - _stirling_tail(k) - _stirling_tail(count - k))
            if v <= upperbound:
                return k

    @_locked
    def binomial(self, count, prob):
        """torch.binomial(count, prob): one draw per element in row-major order."""
        count, prob = np.broadcast_arrays(np.asarray(count), np.asarray(prob))
        dtype = _check_float(count.dtype, "binomial")
        f = float if dtype == _F64 else (lambda v: float(np.float32(v)))
        out = [self._binomial_one(n, p, f) for n, p in zip(count.ravel().tolist(),
                                                           prob.ravel().tolist())]
        return _to_float(out, dtype).reshape(count.shape)

    # ---- multinomial (§10) -----------------------------------------------------------------

    @_locked
    def multinomial(self, probs, num_samples, replacement=False):
        """torch.multinomial for 1-D or 2-D float probs; returns int64 indices."""
        probs = np.asarray(probs)
        k = int(num_samples)
        if probs.ndim not in (1, 2):
            raise RuntimeError("prob_dist must be 1 or 2 dim")
        if probs.dtype not in _FLOATS:
            raise RuntimeError("multinomial only supports floating-point dtypes for input, "
                               f"got: {_SCALAR_NAME.get(probs.dtype, probs.dtype)}")
        if k <= 0:
            raise RuntimeError("cannot sample n_sample <= 0 samples")
        n_cat = probs.shape[-1]
        if not replacement and k > n_cat:
            raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                               "replacement")
        if n_cat > 2**24:
            raise RuntimeError("number of categories cannot exceed 2^24")
        rows = probs.reshape(-1, n_cat)
        if rows.shape[0] == 0:
            out = np.empty((0, k), np.int64)
        elif not replacement or k == 1:
            out = self._multinomial_race(rows, k)
        else:
            out = self._multinomial_cdf(rows, k)
        return out.reshape(probs.shape[:-1] + (k,))

    def _multinomial_race(self, rows, k):
        """Without replacement (or k = 1): argmax / topk of probs / Exp(1) noise (§10)."""
        if not (np.all(rows >= 0) and np.all(np.isfinite(rows))):
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        if np.any(rows.sum(axis=1, dtype=np.float64) == 0):
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        q = self.exponential(rows.shape, rows.dtype)
        with np.errstate(divide="ignore", invalid="ignore"):
            q = rows / q
        if k == 1:
            return np.argmax(q, axis=1)[:, None]
        # topk, largest first; ties (only possible between zero probabilities, or in the
        # 2**-53-likely case of a zero noise value) are not specified (§15)
        return np.argsort(-q, axis=1, kind="stable")[:, :k]

    def _multinomial_cdf(self, rows, k):
        """With replacement, k >= 2: binary search in the normalised running sum (§10).

        Rows are processed in order; a bad row raises after earlier rows have drawn.
        """
        out = np.empty((rows.shape[0], k), np.int64)
        for r, row in enumerate(rows):
            bad = np.nonzero(~(row >= 0) | ~np.isfinite(row))[0]
            if len(bad):
                what = "< 0" if not row[bad[0]] >= 0 else "= infinity or NaN"
                raise RuntimeError(f"invalid multinomial distribution (encountering "
                                   f"probability entry {what})")
            cum = np.cumsum(row)                   # sequential, in the probs dtype
            if not (len(cum) and cum[-1] > 0):
                raise RuntimeError("invalid multinomial distribution (sum of probabilities "
                                   "<= 0)")
            cum = (cum / cum[-1]).astype(np.float64)
            cum[-1] = 1.0
            out[r] = np.searchsorted(cum, _u53(self._words(2 * k)), side="left")
        return out


_STIRLING_TAIL = (0.0810614667953272, 0.0413406959554092, 0.0276779256849983,
                  0.02079067210376509, 0.0166446911898211, 0.0138761288230707,
                  0.0118967099458917, 0.0104112652619720, 0.00925546218271273,
                  0.00833056343336287)


def _stirling_tail(k):
    """log k! minus its Stirling approximation: a table up to 9, then the series."""
    if k <= 9:
        return _STIRLING_TAIL[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


def _exp(x):
    """glibc exp, with overflow to inf as in C."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


# ---- random_(from, to) bound rules (§6.1) ---------------------------------------------------

def _bit_length_floor_log2(x):
    """floor(log2(x)) for x >= 1, and 0 for x = 0 (PyTorch's shift-count loop)."""
    return max(x.bit_length() - 1, 0)


def _update_from(low, dtype):
    """Move `from` up when from + 1 is not representable in the float dtype."""
    plus1 = _int_through(low + 1, dtype)
    if plus1 < low:
        return plus1 + 2**(_bit_length_floor_log2(abs(low + 1)) - _DIGITS[dtype] + 1)
    return low


def _update_to(high, dtype):
    """Move `to` down when to - 1 is not representable in the float dtype."""
    minus1 = _int_through(high - 1, dtype)
    if minus1 >= high:
        return minus1 - 2**(_bit_length_floor_log2(abs(high - 1)) - _DIGITS[dtype] + 1)
    return high


def _int_through(x, dtype):
    """static_cast<int64_t>(static_cast<scalar_t>(x)) for an int64 x.

    An out-of-range or infinite value converts to -2**63, as x86's cvttss2si does.
    """
    v = float(_to_float(x, dtype))
    return int(v) if -2.0**63 <= v < 2.0**63 else -2**63


def _check_uniform(low, high, dtype):
    """uniform_'s argument checks, with PyTorch's messages."""
    top = _FLOAT_MAX[dtype]
    for value, what in ((low, "from"), (high, "to")):
        if not -top <= value <= top:
            raise RuntimeError(f"{what} is out of bounds for {_FLOAT_NAME[dtype]}")
    if low > high:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                           f"from={_g(low)} > to={_g(high)}")
    if high - low > top:
        raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<"
                           f"{_SCALAR_NAME[dtype]}>::max(), but found to={_g(high)} and "
                           f"from={_g(low)} which result in to-from to exceed the limit")


def _check_from_to(low, high_inc, dtype):
    """PyTorch's bound checks for random_: errors outside the dtype's range, and for
    floating dtypes warnings outside +-2**digits, where not every integer exists (§6.1)."""
    if dtype in _FLOATS:
        name, top = _FLOAT_NAME[dtype], _FLOAT_MAX[dtype]
        lo, hi = -top, top
    else:
        name = _INT_NAME[dtype]
        lo, hi = (0, 1) if dtype == np.bool_ else (int(np.iinfo(dtype).min),
                                                   int(np.iinfo(dtype).max))
    for value, what in ((low, "from"), (high_inc, "to - 1")):
        if not lo <= value <= hi:
            raise RuntimeError(f"{what} is out of bounds for {name}")
    if dtype in _FLOATS:
        d = _DIGITS[dtype]
        for value, what in ((low, "from"), (high_inc, "to - 1")):
            if not -2**d <= value <= 2**d:
                warnings.warn(
                    f"{what} is out of bounds [-(2^{d}), 2^{d}]. Due to precision limitations "
                    f"{name} can support discrete uniform distribution only within this range. "
                    "This warning will become an error in version 1.7 release, please fix the "
                    "code in advance", UserWarning, stacklevel=4)


default_generator = Generator()
default_generator.seed()
