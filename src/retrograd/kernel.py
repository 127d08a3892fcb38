"""A Jupyter kernel whose `import torch` runs on retrograd.

    python -m retrograd.kernel install [--user | --sys-prefix | --prefix DIR] [--name NAME]

writes the kernel spec (`kernel.json`) where Jupyter looks for kernels: the user's data
directory by default, `<prefix>/share/jupyter/kernels/` with `--prefix` or `--sys-prefix`.
Jupyter then offers "Python 3 (retrograd as torch)" and starts it as

    python -m retrograd.kernel -f CONNECTION_FILE

which installs the alias and runs IPython's kernel (ipykernel must be installed for that).
"""
import argparse
import json
import os
import sys

NAME = "retrograd"
DISPLAY_NAME = "Python 3 (retrograd as torch)"


def kernel_spec():
    return {"argv": [sys.executable, "-m", "retrograd.kernel", "-f", "{connection_file}"],
            "display_name": DISPLAY_NAME, "language": "python",
            "metadata": {"debugger": True}}


def user_data_dir():
    """Jupyter's per-user data directory (jupyter_core.paths.jupyter_data_dir's rule)."""
    if os.environ.get("JUPYTER_DATA_DIR"):
        return os.environ["JUPYTER_DATA_DIR"]
    home = os.path.expanduser("~")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Jupyter")
    if os.name == "nt":
        return os.path.join(os.environ.get("APPDATA") or home, "jupyter")
    xdg = os.environ.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share")
    return os.path.join(xdg, "jupyter")


def install(prefix=None, name=NAME):
    """Write `kernels/<name>/kernel.json` under the prefix's or the user's Jupyter data
    directory; returns the kernel's directory."""
    data = os.path.join(prefix, "share", "jupyter") if prefix else user_data_dir()
    where = os.path.join(data, "kernels", name)
    os.makedirs(where, exist_ok=True)
    with open(os.path.join(where, "kernel.json"), "w", encoding="utf-8") as f:
        json.dump(kernel_spec(), f, indent=1)
        f.write("\n")
    return where


def main(argv):
    if argv[:1] != ["install"]:   # Jupyter starting the kernel
        from ._alias import install_as_torch
        install_as_torch()
        try:
            from ipykernel.kernelapp import IPKernelApp
        except ImportError:
            print("retrograd.kernel: the kernel needs ipykernel (pip install ipykernel)",
                  file=sys.stderr)
            return 1
        IPKernelApp.launch_instance(argv=argv)
        return 0
    ap = argparse.ArgumentParser(prog="python -m retrograd.kernel install",
                                 description=f'install the Jupyter kernel "{DISPLAY_NAME}"')
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="for this user (the default)")
    where.add_argument("--sys-prefix", action="store_true",
                       help=f"in this Python's prefix ({sys.prefix})")
    where.add_argument("--prefix", help="under PREFIX/share/jupyter/kernels")
    ap.add_argument("--name", default=NAME, help=f"the kernel's directory name ({NAME})")
    args = ap.parse_args(argv[1:])
    path = install(sys.prefix if args.sys_prefix else args.prefix, args.name)
    print(f"Installed kernelspec {args.name} ({DISPLAY_NAME}) in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
