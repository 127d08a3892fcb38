"""torch.return_types: the named tuples ops such as `max(dim)` and `sort` return."""

__all__ = ["max", "min", "median", "sort", "topk", "kthvalue", "mode", "cummax", "cummin",
           "aminmax", "svd", "linalg_svd"]


def _structseq(name, fields):
    """A tuple subclass with named fields that prints as PyTorch's structseq does."""
    def make_property(i):
        return property(lambda self: tuple.__getitem__(self, i))

    def __new__(cls, values):
        return tuple.__new__(cls, values)

    def __repr__(self):
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(fields, self))
        return f"torch.return_types.{name}(\n{body})"

    def __reduce__(self):
        return (type(self), (tuple(self),))

    namespace = {"__slots__": (), "__new__": __new__, "__repr__": __repr__,
                 "__str__": __repr__, "__reduce__": __reduce__, "n_fields": len(fields),
                 "n_sequence_fields": len(fields), "__module__": "torch.return_types"}
    for i, f in enumerate(fields):
        namespace[f] = make_property(i)
    return type(name, (tuple,), namespace)


max = _structseq("max", ("values", "indices"))
min = _structseq("min", ("values", "indices"))
median = _structseq("median", ("values", "indices"))
sort = _structseq("sort", ("values", "indices"))
topk = _structseq("topk", ("values", "indices"))
kthvalue = _structseq("kthvalue", ("values", "indices"))
mode = _structseq("mode", ("values", "indices"))
cummax = _structseq("cummax", ("values", "indices"))
cummin = _structseq("cummin", ("values", "indices"))
aminmax = _structseq("aminmax", ("min", "max"))
svd = _structseq("svd", ("U", "S", "V"))
linalg_svd = _structseq("linalg_svd", ("U", "S", "Vh"))
