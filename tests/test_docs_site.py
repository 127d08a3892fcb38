"""The API reference site (docs/conf.py, Sphinx with the PyData theme) builds from the
docstrings with warnings as errors, and a real browser (headless Chromium) renders its API
page with an op's documentation on it."""
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip("sphinx")
    pytest.importorskip("pydata_sphinx_theme")
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html",
                            os.path.join(ROOT, "docs"), str(out)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    return out


def test_api_page_holds_the_docstrings(site):
    page = (site / "api.html").read_text()
    for text in ("e to the power of each element", "ExpBackward0", "Example",
                 "Base class for all neural network modules", "Stochastic gradient descent",
                 "The Poisson distribution with rate", "Flips the image left to right"):
        assert text in page, text


def test_tutorial_page_shows_the_seed_graph(site):
    page = (site / "tutorial.html").read_text()
    assert "explain.trace()" in page and "seed_graph.svg" in page
    assert (site / "_images" / "seed_graph.svg").exists()


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_api_page_renders_in_a_browser(site):
    profile = tempfile.mkdtemp()
    try:
        dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                              "--disable-background-networking", "--disable-component-update",
                              "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                              "--dump-dom", (site / "api.html").as_uri()],
                             capture_output=True, text=True, timeout=120, check=True).stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert "e to the power of each element" in dom and "API reference" in dom
