"""D2L's LeNet (ch. 7.6, with the ReLUs of its exercises) on Fashion-MNIST, read
through torchvision's API.

    python3 examples/fashion_mnist_lenet.py            # retrograd + retrograd.vision
    python3 examples/fashion_mnist_lenet.py --torch    # PyTorch + torchvision

Without the real data at hand (and with no network), it writes a small stand-in
Fashion-MNIST first: 512 generated 28x28 images in torchvision's layout on disk
(data/FashionMNIST/raw/*-ubyte.gz). Put the real files there and it trains on them instead.
Both runs print the same losses. Needs Pillow (`pip install retrograd[vision]`).
"""
import gzip
import os
import sys

import numpy as np

if "--torch" in sys.argv:
    import torch
    import torchvision
else:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))
    import retrograd as torch
    from retrograd import vision as torchvision

from_here = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(from_here, "data")


def write_stand_in(root, n_train=512, n_test=128):
    """Bars whose row depends on the class, on noise, as IDX files."""
    raw = os.path.join(root, "FashionMNIST", "raw")
    os.makedirs(raw, exist_ok=True)
    rng = np.random.default_rng(0)
    for split, n in (("train", n_train), ("t10k", n_test)):
        labels = rng.integers(0, 10, n).astype(np.uint8)
        images = rng.integers(0, 150, (n, 28, 28)).astype(np.uint8)
        for k, label in enumerate(labels):
            images[k, 2 + 2 * label:5 + 2 * label, 4:24] += 100
        for kind, array in (("images-idx3", images), ("labels-idx1", labels)):
            header = bytes([0, 0, 8, array.ndim]) + b"".join(
                int(d).to_bytes(4, "big") for d in array.shape)
            with gzip.open(os.path.join(raw, f"{split}-{kind}-ubyte.gz"), "wb") as f:
                f.write(header + array.tobytes())
            with open(os.path.join(raw, f"{split}-{kind}-ubyte"), "wb") as f:
                f.write(header + array.tobytes())


def load_data_fashion_mnist(batch_size, resize=None):
    """D2L's loader: ToTensor, an optional Resize first."""
    trans = [torchvision.transforms.ToTensor()]
    if resize:
        trans.insert(0, torchvision.transforms.Resize(resize))
    trans = torchvision.transforms.Compose(trans)
    train = torchvision.datasets.FashionMNIST(ROOT, train=True, transform=trans, download=True)
    test = torchvision.datasets.FashionMNIST(ROOT, train=False, transform=trans, download=True)
    return (torch.utils.data.DataLoader(train, batch_size, shuffle=True),
            torch.utils.data.DataLoader(test, batch_size, shuffle=False))


def main():
    if not os.path.isdir(os.path.join(ROOT, "FashionMNIST", "raw")):
        write_stand_in(ROOT)
    torch.manual_seed(0)
    train_iter, test_iter = load_data_fashion_mnist(32)
    nn = torch.nn
    net = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(),
        nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    for m in net:
        if type(m) in (nn.Linear, nn.Conv2d):
            nn.init.xavier_uniform_(m.weight)
    loss = nn.CrossEntropyLoss()
    trainer = torch.optim.Adam(net.parameters(), lr=0.003)
    for epoch in range(3):
        total, count = 0.0, 0
        for X, y in train_iter:
            l = loss(net(X), y)
            trainer.zero_grad()
            l.backward()
            trainer.step()
            total, count = total + l.item() * len(y), count + len(y)
        with torch.no_grad():
            right = sum(int((net(X).argmax(1) == y).sum()) for X, y in test_iter)
        print(f"epoch {epoch + 1}: loss {total / count:.4f}, "
              f"test acc {right / len(test_iter.dataset):.3f}")


if __name__ == "__main__":
    main()
