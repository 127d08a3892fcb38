"""Run a program that imports torch on retrograd:

    python -m retrograd script.py [arg ...]
    python -m retrograd -c "import torch; print(torch.ones(2))"
    python -m retrograd -m package.module [arg ...]
    python -m retrograd              # an interactive prompt (or a program read from stdin)
"""
import os
import runpy
import sys
import types

from ._alias import install_as_torch

USAGE = "usage: python -m retrograd [-c cmd | -m mod | file | -] [arg] ..."


def _run_source(source, filename):
    """Run source text as the `__main__` module, as `python -c` does."""
    main = types.ModuleType("__main__")
    main.__builtins__ = __builtins__
    sys.modules["__main__"] = main
    exec(compile(source, filename, "exec"), main.__dict__)


def main(argv):
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__.strip())
        return 0
    if argv[:1] in (["-c"], ["-m"]) and len(argv) < 2:
        print(f"Argument expected for the {argv[0]} option\n{USAGE}", file=sys.stderr)
        return 2
    if argv[:1] and argv[0].startswith("-") and argv[0] not in ("-c", "-m", "-"):
        print(f"Unknown option: {argv[0]}\n{USAGE}", file=sys.stderr)
        return 2
    install_as_torch()
    if argv[:1] == ["-c"]:
        sys.argv = ["-c"] + argv[2:]
        _run_source(argv[1], "<string>")
    elif argv[:1] == ["-m"]:
        sys.argv = [argv[1]] + argv[2:]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    elif argv and argv[0] != "-":
        sys.argv = list(argv)
        sys.path[0] = os.path.dirname(os.path.abspath(argv[0]))
        runpy.run_path(argv[0], run_name="__main__")
    elif sys.stdin.isatty():
        import code
        sys.argv = [""]
        code.interact(banner=f"Python {sys.version.split()[0]}, `import torch` runs on "
                             f"retrograd", local={"__name__": "__main__"}, exitmsg="")
    else:
        sys.argv = argv or [""]
        _run_source(sys.stdin.read(), "<stdin>")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
