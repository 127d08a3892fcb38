"""Sphinx configuration of the API reference: `python -m sphinx -W -b html docs docs/_build`
(CI builds it so; tests/test_docs_site.py builds it and renders a page)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "src"))

project = "retrograd"
extensions = ["sphinx.ext.autodoc"]
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build"]
autodoc_default_options = {"members": True, "imported-members": True}
