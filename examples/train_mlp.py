"""Train a two-layer MLP on a synthetic 4-class problem, D2L style.

    python3 examples/train_mlp.py            # with retrograd
    python3 examples/train_mlp.py --torch    # the same program with PyTorch

Both print the same losses and accuracies for the same seed.
"""
import sys

if "--torch" in sys.argv:
    import torch
else:
    import os
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))
    import retrograd as torch

nn = torch.nn
data = torch.utils.data


def synthetic_classes(n=512, d=10, k=4):
    """Points scattered around k random centres; the label is the centre."""
    centres = torch.randn(k, d)
    labels = torch.randint(0, k, (n,))
    return centres[labels] + torch.randn(n, d) * 1.5, labels


def main():
    torch.manual_seed(42)
    X, y = synthetic_classes()
    train, test = data.random_split(data.TensorDataset(X, y), [448, 64])
    train_iter = data.DataLoader(train, batch_size=32, shuffle=True)
    test_iter = data.DataLoader(test, batch_size=64)

    net = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 4))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.5)

    for epoch in range(8):
        net.train()
        total, count = 0.0, 0
        for Xb, yb in train_iter:
            loss = loss_fn(net(Xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(yb)
            count += len(yb)
        scheduler.step()
        net.eval()
        with torch.no_grad():
            correct = sum((net(Xb).argmax(1) == yb).sum().item() for Xb, yb in test_iter)
        print(f"epoch {epoch + 1}, loss {total / count:.4f}, test acc {correct / len(test):.3f}")


if __name__ == "__main__":
    main()
