"""retrograd.vision against torchvision: the programs of tests/golden/vision_programs.py run
here with retrograd and are compared with what torchvision 0.29.1 (torch 2.14.1) recorded
(tools/gen_golden_vision.py), or live when torchvision is importable. Downloads are tested
against an HTTP server on the loopback interface serving files the tests make."""
import gzip
import hashlib
import http.server
import io
import json
import os
import pickle
import sys
import tarfile
import threading

import numpy as np
import pytest

pytest.importorskip("PIL")

import retrograd  # noqa: E402
from retrograd import vision  # noqa: E402
from retrograd.vision import datasets, transforms  # noqa: E402
from retrograd.vision.datasets import utils as dl_utils  # noqa: E402
from retrograd.vision.datasets.cifar import load_batch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "golden"))
import vision_programs as P  # noqa: E402

with open(os.path.join(HERE, "golden", "vision.json")) as _f:
    GOLDEN = json.load(_f)

# Resizing an integer tensor image rounds a float32 result; where that result is within
# float32 rounding of a .5 tie the two libraries may round to neighbouring integers.
# A colour jitter after the resize can scale that difference by up to 2.
TIE_TOLERANT = {"Resize/": 1, "F.resized_crop": 1, "RandomResizedCrop": 1, "Compose_d2l": 2}


def int_slack(name):
    return max([n for p, n in TIE_TOLERANT.items() if name.startswith(p) and "t_" in name]
               + [0])


def assert_same(got, want, path="", int_slack=0):
    """Compare two records from vision_programs.record."""
    if isinstance(want, dict) and "values" in want:
        assert isinstance(got, dict), f"{path}: got {got!r}"
        for key in ("tensor", "ndarray", "pil", "shape", "size"):
            assert got.get(key) == want.get(key), f"{path}: {key} {got.get(key)} != {want.get(key)}"
        a, b = P.unpack(got["values"]), P.unpack(want["values"])
        assert a.dtype == b.dtype, f"{path}: {a.dtype} != {b.dtype}"
        if a.dtype.kind == "f":
            np.testing.assert_allclose(a, b, rtol=2e-6, atol=2e-6, err_msg=path)
        elif int_slack:
            assert np.abs(a.astype(np.int64) - b.astype(np.int64)).max(initial=0) <= int_slack, path
            assert (a != b).mean() < 0.05, path
        else:
            np.testing.assert_array_equal(a, b, err_msg=path)
    elif isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), f"{path}: {got} != {want}"
        for key in want:
            assert_same(got[key], want[key], f"{path}/{key}", int_slack)
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: {got} != {want}"
        for i, (g, w) in enumerate(zip(got, want)):
            assert_same(g, w, f"{path}[{i}]", int_slack)
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


CASES = P.transform_cases()


@pytest.mark.parametrize("name", sorted(CASES))
def test_transform_matches_torchvision(name):
    got = P.record(CASES[name](retrograd, vision), retrograd)
    assert_same(got, GOLDEN["transforms"][name], name, int_slack(name))


def test_every_golden_case_is_run():
    assert sorted(GOLDEN["transforms"]) == sorted(CASES)


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("vision_data"))
    P.write_dataset_trees(root)
    return root


def test_datasets_match_torchvision(trees):
    got = P.record(P.dataset_cases(retrograd, vision, trees), retrograd)
    want = GOLDEN["datasets"]
    assert sorted(got) == sorted(want)
    for name in want:
        assert_same(got[name], want[name], name)


def test_read_image_matches_torchvision(tmp_path):
    got = P.io_cases(retrograd, vision, str(tmp_path), GOLDEN["jpeg_files"])
    assert_same(got, GOLDEN["io"], "io")


@pytest.mark.parametrize("program", ["softmax", "lenet"])
def test_d2l_training_matches_pytorch(program, tmp_path, capsys):
    P.write_d2l_data(str(tmp_path))
    train = P.train_softmax if program == "softmax" else P.train_lenet
    got = train(retrograd, vision, str(tmp_path))
    want = GOLDEN[f"d2l_{program}"]
    print(program, "losses", [round(v, 5) for v in got["losses"]], "test acc", got["test_acc"])
    assert len(got["losses"]) == len(want["losses"]) == 2 * (P.D2L_TRAIN // 32)
    np.testing.assert_allclose(got["losses"], want["losses"], rtol=1e-5, atol=1e-6)
    assert got["test_acc"] == want["test_acc"]


def test_live_torchvision(trees):
    """When torchvision is importable, compare against it directly as well."""
    torch = pytest.importorskip("torch")
    tv = pytest.importorskip("torchvision")
    for name, fn in CASES.items():
        assert_same(P.record(fn(retrograd, vision), retrograd), P.record(fn(torch, tv), torch),
                    name, int_slack(name))
    assert_same(P.record(P.dataset_cases(retrograd, vision, trees), retrograd),
                P.record(P.dataset_cases(torch, tv, trees), torch), "datasets")


# ---------------------------------------------------------------------------------------
# The package's shape (what `import torchvision` maps to)

def test_shaped_like_torchvision():
    import importlib
    for name in ("retrograd.vision.datasets", "retrograd.vision.transforms",
                 "retrograd.vision.transforms.functional", "retrograd.vision.io"):
        importlib.import_module(name)
    assert vision.transforms.functional.InterpolationMode.BILINEAR.value == "bilinear"
    assert vision.get_image_backend() == "PIL"
    for name in ("MNIST", "FashionMNIST", "KMNIST", "CIFAR10", "CIFAR100", "ImageFolder",
                 "DatasetFolder"):
        assert issubclass(getattr(datasets, name), retrograd.utils.data.Dataset)


def test_missing_pillow_says_how_to_install(monkeypatch):
    from retrograd.vision import _pil
    monkeypatch.setitem(sys.modules, "PIL", None)
    monkeypatch.setitem(sys.modules, "PIL.Image", None)
    with pytest.raises(ImportError, match=r"pip install retrograd\[vision\]"):
        _pil.pil_image()


def test_tensor_transforms_work_without_pillow():
    """Pillow is optional: without it retrograd.vision imports and tensor transforms run."""
    import subprocess
    code = ("import sys; sys.modules['PIL'] = None\n"
            "import retrograd as torch\n"
            "from retrograd.vision import transforms as T, datasets, io\n"
            "t = T.Compose([T.Resize(4), T.RandomHorizontalFlip(), T.Normalize([0.5], [0.5])])\n"
            "print(tuple(t(torch.rand(1, 8, 8)).shape))\n")
    src = os.path.join(os.path.dirname(HERE), "src")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=src))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(1, 4, 4)"


def test_transform_argument_errors():
    with pytest.raises(TypeError, match="Size should be int or sequence"):
        transforms.Resize(2.5)
    with pytest.raises(ValueError, match="If size is a sequence, it should have 1 or 2 values"):
        transforms.Resize((1, 2, 3))
    with pytest.raises(ValueError, match=r"hue values should be between \(-0.5, 0.5\)"):
        transforms.ColorJitter(hue=0.7)
    with pytest.raises(TypeError, match="Argument lambd should be callable, got 'int'"):
        transforms.Lambda(3)
    with pytest.raises(TypeError, match="Input tensor should be a float tensor. Got torch.uint8."):
        transforms.Normalize([0.5], [0.5])(retrograd.zeros(1, 2, 2, dtype=retrograd.uint8))
    with pytest.raises(ValueError, match="std evaluated to zero"):
        transforms.Normalize([0.5], [0.0])(retrograd.zeros(1, 2, 2))
    with pytest.raises(ValueError, match=r"Required crop size \(5, 5\) is larger than input"):
        transforms.RandomCrop(5)(retrograd.zeros(1, 3, 3))
    with pytest.raises(TypeError, match="pic should be PIL Image or ndarray"):
        transforms.ToTensor()([1, 2])


def test_random_transforms_use_the_default_generator():
    x = retrograd.arange(12.0).reshape(1, 3, 4)
    t = transforms.RandomResizedCrop(2)
    retrograd.manual_seed(3)
    first = [t(x) for _ in range(3)]
    retrograd.manual_seed(3)
    again = [t(x) for _ in range(3)]
    assert all(bool((a == b).all()) for a, b in zip(first, again))


# ---------------------------------------------------------------------------------------
# Files: raw folders, safety

def test_gz_only_raw_folder_is_decompressed(tmp_path):
    raw = P.write_mnist_tree(str(tmp_path), "FashionMNIST", 4, 2, seed=5, compressed_only=True)
    ds = datasets.FashionMNIST(str(tmp_path), train=False)
    assert len(ds) == 2 and os.path.isfile(os.path.join(raw, "t10k-images-idx3-ubyte"))
    images, labels = P.fashion_images(2, 6)
    assert ds.data.dtype == retrograd.uint8 and ds.targets.dtype == retrograd.int64
    np.testing.assert_array_equal(ds.data.numpy(), images)
    assert ds.targets.tolist() == labels.tolist()


def test_missing_dataset_message(tmp_path):
    with pytest.raises(RuntimeError, match="Dataset not found. You can use download=True"):
        datasets.MNIST(str(tmp_path))
    with pytest.raises(RuntimeError, match="Dataset not found or corrupted"):
        datasets.CIFAR10(str(tmp_path))


def test_idx_sizes_are_checked(tmp_path):
    raw = P.write_mnist_tree(str(tmp_path), "MNIST", 3, 2, seed=1)
    path = os.path.join(raw, "train-images-idx3-ubyte")
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:       # the header claims more images than the file holds
        f.write(data[:4] + (1000).to_bytes(4, "big") + data[8:])
    with pytest.raises(ValueError, match="file holds"):
        datasets.MNIST(str(tmp_path))


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def test_cifar_reader_refuses_code(tmp_path):
    path = tmp_path / "batch"
    path.write_bytes(pickle.dumps({"data": _Evil()}, protocol=2))
    with pytest.raises(pickle.UnpicklingError, match="may not contain (posix|os|nt).system"):
        load_batch(str(path))
    path.write_bytes(pickle.dumps({"x": {1, 2}}, protocol=2))       # a set: not in a batch
    with pytest.raises(pickle.UnpicklingError):
        load_batch(str(path))


def test_cifar_reader_reads_python2_strings(tmp_path):
    """Batches written by Python 2 hold the array bytes as str; read with latin-1."""
    array = np.arange(6, dtype=np.uint8).reshape(2, 3)
    data = pickle.dumps({"data": array, "labels": [1, 2]}, protocol=2)
    # swap the bytes' _codecs.encode(...) call for the plain str Python 2 would have written
    py3 = pickle.dumps(array.tobytes(), protocol=2)
    py2 = pickle.dumps(array.tobytes().decode("latin1"), protocol=2)
    path = tmp_path / "batch"
    path.write_bytes(data.replace(py3[2:-1], py2[2:-1]))
    batch = load_batch(str(path))
    np.testing.assert_array_equal(batch["data"], array)
    assert batch["labels"] == [1, 2]


def test_tar_members_outside_the_folder_are_refused(tmp_path):
    archive = tmp_path / "bad.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("../escape.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"bad"))
    with pytest.raises(RuntimeError, match="outside"):
        dl_utils.extract_archive(str(archive), str(tmp_path / "out"))
    assert not (tmp_path / "escape.txt").exists()


# ---------------------------------------------------------------------------------------
# Downloads from a loopback server

class _Server:
    """Serves {path: bytes} on 127.0.0.1, honouring `Range: bytes=N-` unless told not to."""

    def __init__(self, files, ranges=True):
        self.files, self.ranges, self.requests = files, ranges, []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, self.headers.get("Range")))
                data = server.files.get(self.path)
                if data is None:
                    self.send_error(404)
                    return
                start = 0
                wanted = self.headers.get("Range")
                if wanted and server.ranges:
                    start = int(wanted.split("=")[1].rstrip("-"))
                    if start >= len(data):
                        self.send_error(416)
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(data) - start))
                self.end_headers()
                self.wfile.write(data[start:])

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _closed_port_url():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/dead/"


def _mnist_files(tmp_path):
    """The four .gz files of a generated tree, and their (name, md5) resources."""
    raw = P.write_mnist_tree(str(tmp_path / "src"), "FashionMNIST", 6, 3, seed=3)
    files, resources = {}, []
    for name, _ in datasets.FashionMNIST.resources:
        with open(os.path.join(raw, name), "rb") as f:
            files[name] = f.read()
        resources.append((name, hashlib.md5(files[name]).hexdigest()))
    return files, resources


def test_download_tries_mirrors_and_checks_md5(tmp_path, monkeypatch, capsys):
    files, resources = _mnist_files(tmp_path)
    with _Server({f"/fm/{k}": v for k, v in files.items()}) as server:
        monkeypatch.setattr(datasets.FashionMNIST, "mirrors",
                            [_closed_port_url(), server.url + "/fm/"])
        monkeypatch.setattr(datasets.FashionMNIST, "resources", resources)
        root = str(tmp_path / "data")
        ds = datasets.FashionMNIST(root, train=True, download=True)
        assert len(ds) == 6
        assert sorted(os.listdir(os.path.join(root, "FashionMNIST", "raw"))) == sorted(
            list(files) + [n[:-3] for n in files])
        count = len(server.requests)
        datasets.FashionMNIST(root, train=False, download=True)     # present: nothing fetched
        assert len(server.requests) == count == 4


def test_download_resumes_a_partial_file(tmp_path):
    data = os.urandom(100_000)
    md5 = hashlib.md5(data).hexdigest()
    root = tmp_path / "dl"
    root.mkdir()
    (root / "blob.bin.part").write_bytes(data[:40_000])
    with _Server({"/blob.bin": data}) as server:
        dl_utils.download_url(server.url + "/blob.bin", str(root), md5=md5)
    assert server.requests == [("/blob.bin", "bytes=40000-")]
    assert (root / "blob.bin").read_bytes() == data and not (root / "blob.bin.part").exists()


def test_download_finishes_a_complete_partial_file(tmp_path):
    """A .part that already holds the whole file: the server answers 416, nothing to add."""
    data = os.urandom(5_000)
    (tmp_path / "blob.bin.part").write_bytes(data)
    with _Server({"/blob.bin": data}) as server:
        dl_utils.download_url(server.url + "/blob.bin", str(tmp_path),
                              md5=hashlib.md5(data).hexdigest())
    assert server.requests == [("/blob.bin", "bytes=5000-")]
    assert (tmp_path / "blob.bin").read_bytes() == data


def test_download_restarts_when_the_server_ignores_ranges(tmp_path):
    data = os.urandom(50_000)
    root = tmp_path / "dl"
    root.mkdir()
    (root / "blob.bin.part").write_bytes(b"x" * 10_000)
    with _Server({"/blob.bin": data}, ranges=False) as server:
        dl_utils.download_url(server.url + "/blob.bin", str(root),
                              md5=hashlib.md5(data).hexdigest())
    assert (root / "blob.bin").read_bytes() == data


def test_download_rejects_a_wrong_checksum(tmp_path):
    with _Server({"/blob.bin": b"abc"}) as server:
        with pytest.raises(RuntimeError, match="File not found or corrupted."):
            dl_utils.download_url(server.url + "/blob.bin", str(tmp_path), md5="0" * 32)
    assert not (tmp_path / "blob.bin").exists()


def test_offline_error_says_where_to_put_the_files(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets.MNIST, "mirrors", [_closed_port_url(), _closed_port_url()])
    root = str(tmp_path)
    with pytest.raises(RuntimeError) as info:
        datasets.MNIST(root, download=True)
    text = str(info.value)
    assert text.startswith("Error downloading train-images-idx3-ubyte.gz:\nTried http://127.0.0.1")
    assert text.count("Tried ") == 2
    assert f"Put train-images-idx3-ubyte.gz in {os.path.join(root, 'MNIST', 'raw')}" in text


def test_cifar_download_extracts_the_archive(tmp_path, monkeypatch):
    src = tmp_path / "src"
    md5 = P.write_cifar_tree(str(src))
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        tar.add(str(src / "cifar-10-batches-py"), arcname="cifar-10-batches-py")
    blob = archive.getvalue()
    cls = P.cifar_class(datasets.CIFAR10, md5)
    with _Server({"/c/cifar-10-python.tar.gz": blob}) as server:
        monkeypatch.setattr(cls, "url", server.url + "/c/cifar-10-python.tar.gz")
        monkeypatch.setattr(cls, "tgz_md5", hashlib.md5(blob).hexdigest())
        ds = cls(str(tmp_path / "data"), train=True, download=True)
    assert len(ds) == 15 and ds.data.shape == (15, 32, 32, 3) and len(ds.classes) == 10
    with gzip.open(io.BytesIO(blob)) as f:
        assert f.read(1)      # a real gzip archive was served
