"""Programs shared by tools/gen_golden_vision.py (run with torch + torchvision) and
tests/test_vision.py (run with retrograd and retrograd.vision): the same code, given
`torch` and `torchvision` modules, on the same generated files and images.

Everything here needs only NumPy and Pillow besides the two modules passed in.
"""
import base64
import gzip
import hashlib
import io
import os
import pickle
import re

import numpy as np
from PIL import Image


# ---------------------------------------------------------------------------------------
# Generated data: deterministic, small

def gray(h, w, seed):
    return np.random.default_rng(seed).integers(0, 256, (h, w), dtype=np.uint8)


def rgb(h, w, seed):
    return np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)


def fashion_images(n, seed):
    """n 28x28 uint8 images and labels: a class-dependent bar pattern plus noise, so a
    classifier has something to learn."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, n).astype(np.uint8)
    images = rng.integers(0, 60, (n, 28, 28)).astype(np.int64)
    for k, label in enumerate(labels):
        row = 2 + 2 * int(label)
        images[k, row:row + 3, 4:24] += 150 + rng.integers(0, 40)
        images[k, 4:24, 25 - int(label):27 - int(label)] += 80
    return np.clip(images, 0, 255).astype(np.uint8), labels


def idx_bytes(array):
    """The IDX encoding of a uint8 array (MNIST's file format)."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(
        int(n).to_bytes(4, "big") for n in array.shape)
    return header + array.tobytes()


def write_mnist_tree(root, name, n_train, n_test, seed, compressed_only=False):
    """root/<name>/raw/ with the four files (.gz and decompressed) torchvision reads."""
    raw = os.path.join(root, name, "raw")
    os.makedirs(raw, exist_ok=True)
    for split, n, s in (("train", n_train, seed), ("t10k", n_test, seed + 1)):
        images, labels = fashion_images(n, s)
        for kind, array in (("images-idx3", images), ("labels-idx1", labels)):
            data = idx_bytes(array)
            path = os.path.join(raw, f"{split}-{kind}-ubyte")
            with gzip.GzipFile(path + ".gz", "wb", mtime=0) as f:
                f.write(data)
            if not compressed_only:
                with open(path, "wb") as f:
                    f.write(data)
    return raw


def cifar_batch(n, seed, fine=False):
    rng = np.random.default_rng(seed)
    batch = {"batch_label": f"batch {seed}",
             "data": rng.integers(0, 256, (n, 3072), dtype=np.uint8),
             "filenames": [f"img_{seed}_{i}.png" for i in range(n)]}
    labels = [int(v) for v in rng.integers(0, 100 if fine else 10, n)]
    if fine:
        batch["fine_labels"] = labels
        batch["coarse_labels"] = [v // 5 for v in labels]
    else:
        batch["labels"] = labels
    return batch


def write_cifar_tree(root, hundred=False):
    """root/cifar-10-batches-py (or cifar-100-python) with tiny batches pickled at
    protocol 2 as the real files are; returns {file name: md5}."""
    folder = os.path.join(root, "cifar-100-python" if hundred else "cifar-10-batches-py")
    os.makedirs(folder, exist_ok=True)
    if hundred:
        files = {"train": cifar_batch(6, 10, True), "test": cifar_batch(4, 11, True),
                 "meta": {"fine_label_names": [f"fine{i}" for i in range(100)],
                          "coarse_label_names": [f"coarse{i}" for i in range(20)]}}
    else:
        files = {f"data_batch_{i}": cifar_batch(3, i) for i in range(1, 6)}
        files["test_batch"] = cifar_batch(4, 6)
        files["batches.meta"] = {"label_names": ["airplane", "automobile", "bird", "cat",
                                                 "deer", "dog", "frog", "horse", "ship",
                                                 "truck"],
                                 "num_cases_per_batch": 3, "num_vis": 3072}
    md5 = {}
    for name, content in files.items():
        data = pickle.dumps(content, protocol=2)
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        md5[name] = hashlib.md5(data).hexdigest()
    return md5


def cifar_class(base, md5):
    """A subclass of CIFAR10/CIFAR100 whose checksums are those of the generated files."""
    return type(base.__name__, (base,), {
        "train_list": [[name, md5[name]] for name, _ in base.train_list],
        "test_list": [[name, md5[name]] for name, _ in base.test_list],
        "meta": dict(base.meta, md5=md5[base.meta["filename"]])})


def write_image_folder(root):
    """root/{cat,dog,empty_not}/... PNG files (one nested), plus files to be skipped."""
    specs = {"cat": [("a.png", "RGB"), ("b.PNG", "L"), ("sub/c.png", "RGBA")],
             "dog": [("x.png", "P"), ("y.bmp", "RGB"), ("notes.txt", None)]}
    for k, (cls, files) in enumerate(sorted(specs.items())):
        for j, (name, mode) in enumerate(files):
            path = os.path.join(root, cls, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if mode is None:
                with open(path, "w") as f:
                    f.write("not an image")
                continue
            image = Image.fromarray(rgb(5 + j, 7, 100 + 10 * k + j))
            image = image.convert(mode) if mode != "P" else image.quantize(8)
            image.save(path)
    return root


def write_io_images(root):
    """PNG files in the modes read_image meets."""
    os.makedirs(root, exist_ok=True)
    base = Image.fromarray(rgb(6, 9, 200))
    images = {"rgb.png": base, "gray.png": base.convert("L"), "rgba.png": base.convert("RGBA"),
              "la.png": base.convert("LA"), "palette.png": base.quantize(6)}
    for name, image in images.items():
        image.save(os.path.join(root, name))
    return sorted(images)


# ---------------------------------------------------------------------------------------
# Records: what is compared

def _packed(array):
    """An array's values as base64 of its little-endian bytes (small in JSON, exact)."""
    array = np.ascontiguousarray(array)
    little = array.astype(array.dtype.newbyteorder("<"))
    return {"np": little.dtype.str, "b64": base64.b64encode(little.tobytes()).decode()}


def unpack(packed):
    return np.frombuffer(base64.b64decode(packed["b64"]), dtype=np.dtype(packed["np"]))


def record(x, torch):
    """A JSON-able description of a tensor, PIL image, array or plain value."""
    if isinstance(x, torch.Tensor):
        return {"tensor": str(x.dtype), "shape": list(x.shape),
                "values": _packed(x.detach().contiguous().numpy())}
    if isinstance(x, Image.Image):
        return {"pil": x.mode, "size": list(x.size), "values": _packed(np.asarray(x))}
    if isinstance(x, np.ndarray):
        return {"ndarray": str(x.dtype), "shape": list(x.shape), "values": _packed(x)}
    if isinstance(x, (list, tuple)):
        return [record(v, torch) for v in x]
    if isinstance(x, dict):
        return {str(k): record(v, torch) for k, v in x.items()}
    if isinstance(x, float):
        return x
    if isinstance(x, (bool, int, str)) or x is None:
        return x
    return repr(x)


# ---------------------------------------------------------------------------------------
# Transform cases: name -> function(torch, torchvision) -> value to record

def _inputs(torch):
    small = rgb(9, 13, 1)
    big = rgb(12, 16, 2)
    return {
        "pil_rgb": Image.fromarray(small), "pil_gray": Image.fromarray(gray(9, 13, 3)),
        "pil_big": Image.fromarray(big),
        "t_rgb": torch.from_numpy(small.transpose(2, 0, 1).astype(np.float32) / 255),
        "t_u8": torch.from_numpy(np.ascontiguousarray(small.transpose(2, 0, 1))),
        "t_big": torch.from_numpy(big.transpose(2, 0, 1).astype(np.float32) / 255),
        "t_big_u8": torch.from_numpy(np.ascontiguousarray(big.transpose(2, 0, 1))),
        "t_gray": torch.from_numpy(gray(9, 13, 3)[None].astype(np.float32) / 255),
        "nd_rgb": small, "nd_float": small.astype(np.float64) / 7,
    }


def _seeded(torch, seed, fn, times=1):
    torch.manual_seed(seed)
    return [fn() for _ in range(times)]


def _functional(fname, src, *args):
    """The case `functional.<fname>(<input src>, *args)`."""
    return lambda torch, tv: getattr(tv.transforms.functional, fname)(_inputs(torch)[src], *args)


def transform_cases():
    cases = {}

    def case(name):
        def add(fn):
            cases[name] = fn
            return fn
        return add

    for src in ("pil_rgb", "pil_gray", "nd_rgb", "nd_float"):
        cases[f"ToTensor/{src}"] = (lambda src: lambda torch, tv: tv.transforms.ToTensor()(
            _inputs(torch)[src]))(src)
    for mode in ("1", "I", "F", "LA", "RGBA"):
        cases[f"ToTensor/mode_{mode}"] = (lambda mode: lambda torch, tv: tv.transforms.ToTensor()(
            _inputs(torch)["pil_rgb"].convert(mode)))(mode)
    for src in ("pil_rgb", "pil_gray"):
        cases[f"PILToTensor/{src}"] = (lambda src: lambda torch, tv:
                                       tv.transforms.PILToTensor()(_inputs(torch)[src]))(src)

    @case("Normalize")
    def _(torch, tv):
        T = tv.transforms
        t = T.Compose([T.ToTensor(), T.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])
        return [t(_inputs(torch)["pil_rgb"]), repr(t)]

    resize_specs = {
        "int": dict(size=14), "hw": dict(size=(5, 20)), "down": dict(size=5),
        "down_hw": dict(size=(7, 5)), "seq1": dict(size=[6]),
        "max_size": dict(size=8, max_size=9), "up": dict(size=(20, 29)),
        "no_aa": dict(size=(7, 5), antialias=False),
        "nearest": dict(size=(7, 19), interpolation="NEAREST"),
        "nearest_exact": dict(size=(7, 19), interpolation="NEAREST_EXACT"),
        "bicubic": dict(size=(10, 5), interpolation="BICUBIC"),
        "bicubic_no_aa": dict(size=(17, 11), interpolation="BICUBIC", antialias=False),
        "same": dict(size=(12, 16)),
    }
    for key, spec in resize_specs.items():
        for src in ("pil_big", "t_big", "t_big_u8"):
            if src == "pil_big" and spec.get("antialias") is False:
                continue

            def fn(torch, tv, spec=spec, src=src):
                kw = dict(spec)
                if "interpolation" in kw:
                    kw["interpolation"] = getattr(tv.transforms.InterpolationMode,
                                                  kw["interpolation"])
                t = tv.transforms.Resize(**kw)
                return [t(_inputs(torch)[src]), repr(t)]
            cases[f"Resize/{key}/{src}"] = fn

    for size in (5, (4, 7), 15, (12, 3)):
        for src in ("pil_rgb", "t_rgb", "t_u8"):
            cases[f"CenterCrop/{size}/{src}"] = (
                lambda size, src: lambda torch, tv: [tv.transforms.CenterCrop(size)(
                    _inputs(torch)[src]), repr(tv.transforms.CenterCrop(size))])(size, src)

    random_specs = {
        "RandomCrop": lambda T: T.RandomCrop(5),
        "RandomCrop_pad": lambda T: T.RandomCrop((6, 8), padding=2),
        "RandomCrop_pad_reflect": lambda T: T.RandomCrop(7, padding=(1, 3), padding_mode="reflect"),
        "RandomCrop_if_needed": lambda T: T.RandomCrop((12, 15), pad_if_needed=True, fill=9),
        "RandomHorizontalFlip": lambda T: T.RandomHorizontalFlip(),
        "RandomVerticalFlip": lambda T: T.RandomVerticalFlip(p=0.3),
        "RandomResizedCrop": lambda T: T.RandomResizedCrop(6),
        "RandomResizedCrop_wide": lambda T: T.RandomResizedCrop((5, 8), scale=(0.5, 0.9),
                                                                ratio=(1.0, 2.0)),
        "RandomResizedCrop_fallback": lambda T: T.RandomResizedCrop(4, scale=(0.99, 1.0),
                                                                    ratio=(3.0, 4.0)),
        "ColorJitter": lambda T: T.ColorJitter(0.4, 0.4, 0.4, 0.1),
        "ColorJitter_some": lambda T: T.ColorJitter(brightness=(0.5, 1.5), hue=0.3),
        "Compose_d2l": lambda T: T.Compose([T.RandomHorizontalFlip(),
                                            T.RandomResizedCrop(8, scale=(0.1, 1), ratio=(0.5, 2)),
                                            T.ColorJitter(0.5, 0.5, 0.5, 0.0)]),
    }
    for key, make in random_specs.items():
        for src in ("pil_rgb", "t_rgb", "t_u8"):
            def fn(torch, tv, make=make, src=src):
                t = make(tv.transforms)
                image = _inputs(torch)[src]
                out = _seeded(torch, 7, lambda: t(image), times=4)
                return out + [repr(t), float(torch.rand(1))]     # the stream left after
            cases[f"{key}/{src}"] = fn

    @case("get_params")
    def _(torch, tv):
        T = tv.transforms
        img = _inputs(torch)["t_big"]
        out = {"rrc": _seeded(torch, 3, lambda: T.RandomResizedCrop.get_params(
            img, [0.08, 1.0], [3 / 4, 4 / 3]), 20),
            "rrc_fallback": _seeded(torch, 3, lambda: T.RandomResizedCrop.get_params(
                img, [0.95, 1.0], [0.2, 0.3]), 3),
            "crop": _seeded(torch, 4, lambda: T.RandomCrop.get_params(img, (10, 7)), 10)}

        def jitter():
            order, *factors = T.ColorJitter.get_params((0.6, 1.4), (0.5, 1.0), None, (-0.2, 0.2))
            return [order.tolist()] + factors
        out["jitter"] = _seeded(torch, 5, jitter, 5)
        return out

    for n in (1, 3):
        for src in ("pil_rgb", "t_rgb", "t_u8"):
            cases[f"Grayscale/{n}/{src}"] = (lambda n, src: lambda torch, tv: [
                tv.transforms.Grayscale(n)(_inputs(torch)[src]),
                repr(tv.transforms.Grayscale(n))])(n, src)

    @case("nn.Sequential")
    def _(torch, tv):
        T = tv.transforms
        seq = torch.nn.Sequential(T.Resize(6), T.CenterCrop(5), T.Normalize([0.5] * 3, [0.2] * 3))
        return [seq(_inputs(torch)["t_rgb"]), repr(seq),
                [isinstance(t, torch.nn.Module) for t in (T.RandomCrop(2), T.ToTensor(),
                                                          T.Compose([]), T.ColorJitter())]]

    @case("Lambda")
    def _(torch, tv):
        t = tv.transforms.Lambda(lambda x: x * 2)
        return [t(_inputs(torch)["t_rgb"]), repr(t)]

    for fname, factor in (("adjust_brightness", 1.3), ("adjust_contrast", 0.6),
                          ("adjust_saturation", 1.7), ("adjust_hue", 0.21),
                          ("adjust_hue", -0.4), ("adjust_contrast", 1.5)):
        for src in ("pil_rgb", "t_rgb", "t_u8", "t_gray", "pil_gray"):
            cases[f"F.{fname}/{factor}/{src}"] = _functional(fname, src, factor)
    for fname in ("hflip", "vflip"):
        for src in ("pil_rgb", "t_rgb"):
            cases[f"F.{fname}/{src}"] = _functional(fname, src)
    for mode in ("constant", "edge", "reflect", "symmetric"):
        for src in ("pil_rgb", "t_rgb", "t_u8"):
            cases[f"F.pad/{mode}/{src}"] = (lambda mode, src: lambda torch, tv: [
                tv.transforms.functional.pad(_inputs(torch)[src], p, fill=3, padding_mode=mode)
                for p in (2, [1, 3], [1, 0, 2, 4])])(mode, src)

    @case("F.crop_outside")
    def _(torch, tv):
        F = tv.transforms.functional
        img = _inputs(torch)["t_rgb"]
        return [F.crop(img, -2, 3, 6, 14), F.crop(img, 4, -1, 9, 5),
                F.crop(_inputs(torch)["pil_rgb"], -2, 3, 6, 14)]

    @case("F.resized_crop")
    def _(torch, tv):
        F = tv.transforms.functional
        return [F.resized_crop(_inputs(torch)[src], 1, 2, 6, 9, [10, 4])
                for src in ("t_rgb", "pil_rgb", "t_u8")]

    @case("F.convert")
    def _(torch, tv):
        F = tv.transforms.functional
        u8, f32 = _inputs(torch)["t_u8"], _inputs(torch)["t_rgb"]
        return [F.convert_image_dtype(u8, torch.float32), F.convert_image_dtype(f32, torch.uint8),
                F.convert_image_dtype(u8, torch.float64), F.to_pil_image(f32),
                F.to_pil_image(u8), F.to_pil_image(f32[:1]), F.get_dimensions(u8),
                F.get_image_size(_inputs(torch)["pil_rgb"]),
                F.get_image_num_channels(_inputs(torch)["pil_gray"])]

    return cases


# ---------------------------------------------------------------------------------------
# Data set cases (the files come from the writers above)

def dataset_cases(torch, tv, root):
    """Everything about the data sets that should match, with `root` written as ROOT."""
    D, T = tv.datasets, tv.transforms
    out = {}

    def describe(ds, picks):
        samples = []
        for i in picks:
            img, target = ds[i]
            samples.append([record(img, torch), target])
        text = re.sub(r" at 0x[0-9a-f]+", "", repr(ds).replace(root, "ROOT"))
        data = ds.data if hasattr(ds, "data") else None
        info = {"len": len(ds), "repr": text, "samples": samples,
                "classes": list(ds.classes), "class_to_idx": ds.class_to_idx}
        targets = ds.targets
        if isinstance(targets, torch.Tensor):
            info["targets"] = record(targets, torch)
        else:
            info["targets"] = list(targets)
        if isinstance(data, torch.Tensor):
            info["data"] = {"dtype": str(data.dtype), "shape": list(data.shape)}
        elif data is not None:
            info["data"] = {"dtype": str(data.dtype), "shape": list(data.shape),
                            "sum": int(data.astype(np.int64).sum())}
        return info

    for name in ("MNIST", "FashionMNIST", "KMNIST"):
        cls = getattr(D, name)
        for train in (True, False):
            ds = cls(root, train=train, download=False)
            out[f"{name}/{train}"] = describe(ds, [0, len(ds) - 1])
        ds = cls(root, train=True, transform=T.ToTensor(), target_transform=lambda y: y + 100)
        out[f"{name}/transformed"] = describe(ds, [1])
    for base, hundred in ((D.CIFAR10, False), (D.CIFAR100, True)):
        md5 = {}
        for name, _ in base.train_list + base.test_list + [(base.meta["filename"], 0)]:
            with open(os.path.join(root, base.base_folder, name), "rb") as f:
                md5[name] = hashlib.md5(f.read()).hexdigest()
        cls = cifar_class(base, md5)
        for train in (True, False):
            ds = cls(root, train=train)
            out[f"{base.__name__}/{train}"] = describe(ds, [0, len(ds) - 1])
        ds = cls(root, train=False, transform=T.Compose([T.ToTensor(),
                                                         T.Normalize([0.5] * 3, [0.2] * 3)]))
        out[f"{base.__name__}/transformed"] = describe(ds, [2])
    folder = os.path.join(root, "folder")
    ds = D.ImageFolder(folder)
    out["ImageFolder"] = describe(ds, range(len(ds)))
    out["ImageFolder"]["samples_paths"] = [[os.path.relpath(p, folder), c] for p, c in ds.samples]
    ds = D.ImageFolder(folder, transform=T.Compose([T.Resize((4, 4)), T.ToTensor()]))
    out["ImageFolder/transformed"] = describe(ds, [0, 3])
    ds = D.DatasetFolder(folder, loader=lambda p: os.path.getsize(p), extensions=(".txt",),
                         allow_empty=True)
    out["DatasetFolder"] = describe(ds, range(len(ds)))
    ds = D.DatasetFolder(folder, loader=lambda p: os.path.basename(p),
                         is_valid_file=lambda p: p.endswith("png"))
    out["DatasetFolder/is_valid_file"] = describe(ds, range(len(ds)))
    return out


def jpeg_files():
    """Two small JPEG files (colour and grey), as bytes: recorded in the golden data, since
    JPEG encoders differ between Pillow versions while the decoding is what is compared."""
    files = {}
    base = Image.fromarray(rgb(16, 24, 5))
    for name, image in (("rgb.jpg", base), ("gray.jpg", base.convert("L"))):
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=90)
        files[name] = base64.b64encode(buffer.getvalue()).decode()
    return files


def io_cases(torch, tv, root, jpegs):
    out = {}
    os.makedirs(root, exist_ok=True)
    for name, data in jpegs.items():
        with open(os.path.join(root, name), "wb") as f:
            f.write(base64.b64decode(data))
    for name in write_io_images(root) + sorted(jpegs):
        path = os.path.join(root, name)
        for mode in ("UNCHANGED", "GRAY", "GRAY_ALPHA", "RGB", "RGB_ALPHA"):
            if name == "palette.png" and mode not in ("GRAY", "RGB"):
                continue      # torchvision 0.29.1 returns unrelated bytes for these
            try:
                image = tv.io.read_image(path, getattr(tv.io.ImageReadMode, mode))
            except RuntimeError as error:       # the text after the C++ source location
                out[f"{name}/{mode}"] = {"error": str(error).split(", ")[-1]}
            else:
                out[f"{name}/{mode}"] = record(image, torch)
    return out


# ---------------------------------------------------------------------------------------
# D2L's training loops (ch. 3.7/4.5 softmax regression, ch. 6.6/7.6 LeNet), in the book's
# own way: load_data_fashion_mnist with an optional Resize, nn.Sequential, SGD, cross
# entropy, a few epochs on the generated Fashion-MNIST

def _load_data_fashion_mnist(torch, torchvision, root, batch_size, resize=None):
    """D2L's load_data_fashion_mnist, with the data root passed in."""
    transforms = torchvision.transforms
    trans = [transforms.ToTensor()]
    if resize:
        trans.insert(0, transforms.Resize(resize))
    trans = transforms.Compose(trans)
    mnist_train = torchvision.datasets.FashionMNIST(root=root, train=True, transform=trans,
                                                    download=True)
    mnist_test = torchvision.datasets.FashionMNIST(root=root, train=False, transform=trans,
                                                   download=True)
    data = torch.utils.data
    return (data.DataLoader(mnist_train, batch_size, shuffle=True, num_workers=0),
            data.DataLoader(mnist_test, batch_size, shuffle=False, num_workers=0))


def _accuracy(torch, net, data_iter):
    net.eval()
    right = total = 0
    with torch.no_grad():
        for X, y in data_iter:
            right += int((net(X).argmax(axis=1) == y).sum())
            total += y.numel()
    net.train()
    return right / total


def _train(torch, net, train_iter, test_iter, lr, epochs):
    loss = torch.nn.CrossEntropyLoss()
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        for X, y in train_iter:
            l = loss(net(X), y)
            trainer.zero_grad()
            l.backward()
            trainer.step()
            losses.append(l.item())
    return {"losses": losses, "test_acc": _accuracy(torch, net, test_iter)}


def train_softmax(torch, torchvision, root, epochs=2):
    torch.manual_seed(0)
    train_iter, test_iter = _load_data_fashion_mnist(torch, torchvision, root, 32)
    nn = torch.nn
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))

    def init_weights(m):
        if type(m) is nn.Linear:
            nn.init.normal_(m.weight, std=0.01)
    net.apply(init_weights)
    return _train(torch, net, train_iter, test_iter, 0.1, epochs)


def train_lenet(torch, torchvision, root, epochs=2, resize=32):
    torch.manual_seed(1)
    train_iter, test_iter = _load_data_fashion_mnist(torch, torchvision, root, 32,
                                                     resize=resize)
    nn = torch.nn
    net = nn.Sequential(
        nn.LazyConv2d(6, kernel_size=5, padding=2), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.LazyConv2d(16, kernel_size=5), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.LazyLinear(120), nn.Sigmoid(),
        nn.LazyLinear(84), nn.Sigmoid(),
        nn.LazyLinear(10))
    net(next(iter(train_iter))[0])       # D2L's apply_init: a first batch sizes the layers

    def init_cnn(m):
        if type(m) in (nn.Linear, nn.Conv2d):
            nn.init.xavier_uniform_(m.weight)
    net.apply(init_cnn)
    return _train(torch, net, train_iter, test_iter, 0.9, epochs)


D2L_TRAIN, D2L_TEST = 320, 96


def write_d2l_data(root):
    return write_mnist_tree(root, "FashionMNIST", D2L_TRAIN, D2L_TEST, seed=42)


def write_dataset_trees(root):
    """The trees dataset_cases reads: the MNIST family, CIFAR-10/100 and an image folder."""
    for k, name in enumerate(("MNIST", "FashionMNIST", "KMNIST")):
        write_mnist_tree(root, name, 5 + k, 3, seed=10 * k)
    write_cifar_tree(root)
    write_cifar_tree(root, hundred=True)
    write_image_folder(os.path.join(root, "folder"))
