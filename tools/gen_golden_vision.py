"""Record torchvision's behaviour into tests/golden/vision.json (read by tests/test_vision.py).

torchvision needs the real torch, which cannot share an environment with the system's
torch 2.13, so this runs in its own virtual environment:

    python -m venv /work/tv-venv
    /work/tv-venv/bin/pip install torch==2.14.1 torchvision==0.29.1 pillow numpy
    /work/tv-venv/bin/python tools/gen_golden_vision.py

The inputs, data trees and programs are those of tests/golden/vision_programs.py, which the
tests run again with retrograd.vision.
"""
import json
import os
import sys
import tempfile

import torch
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "golden"))
import vision_programs as P  # noqa: E402

OUT = os.path.join(HERE, "..", "tests", "golden", "vision.json")


def main():
    golden = {"torch": torch.__version__, "torchvision": torchvision.__version__,
              "transforms": {}}
    for name, fn in P.transform_cases().items():
        golden["transforms"][name] = P.record(fn(torch, torchvision), torch)
    with tempfile.TemporaryDirectory() as root:
        P.write_dataset_trees(root)
        golden["datasets"] = P.dataset_cases(torch, torchvision, root)
        golden["jpeg_files"] = P.jpeg_files()
        golden["io"] = P.io_cases(torch, torchvision, os.path.join(root, "io"),
                                  golden["jpeg_files"])
    with tempfile.TemporaryDirectory() as root:
        P.write_d2l_data(root)
        golden["d2l_softmax"] = P.train_softmax(torch, torchvision, root)
        golden["d2l_lenet"] = P.train_lenet(torch, torchvision, root)
    with open(OUT, "w") as f:
        json.dump(golden, f, separators=(",", ":"), sort_keys=True)
    print(f"wrote {OUT}: {len(golden['transforms'])} transform cases, "
          f"{len(golden['datasets'])} data set cases, {len(golden['io'])} read_image cases, "
          f"{os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main()
