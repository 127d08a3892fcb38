"""See the graph behind a result, and the gradient flowing through it.

    import retrograd as torch
    from retrograd import explain

    g = explain.graph(loss, params={"w": w, "b": b})   # a Graph
    print(g)                    # text tree for the terminal; Jupyter shows the picture
    g.save("graph.svg")         # or g.to_svg(), g.to_dot(), g.to_mermaid()

    with explain.trace() as t:  # record ops, conditions, backward steps
        loss = f(x)
        loss.backward()
    print(t)                    # the story: forward, branches, backward, chain rule

No Graphviz or other binary is needed: the SVG is laid out in Python.
"""
from ._graph import Box, Edge, Graph, build
from ._trace import Trace

__all__ = ["graph", "trace", "Graph", "Trace", "Box", "Edge"]


def graph(outputs, params=None, fold=True, lang="en"):
    """The backward graph behind `outputs` (a tensor, a list of them, or a dict name ->
    tensor). `params` (name -> tensor) names leaves and intermediate results; chains of the
    same op fold into one box unless `fold=False`. After a backward run inside
    `explain.trace()`, edges carry the gradient that flowed along them. `lang` ("en" or
    "zh") is the language of the text view."""
    return build(outputs, params, fold, lang)


def trace(lang="en", params=None):
    """A context manager recording the ops that run, the conditions Python reads from
    tensors, and every backward pass; `print()` it for a report (`lang`: "en" or "zh").
    `params` (name -> tensor) names tensors; others are named after the variables that
    hold them."""
    return Trace(lang, params)
