import numpy as np
import torch

print(torch.FloatTensor([1, 2]), torch.LongTensor([1, 2]), torch.FloatTensor(2, 3).shape,
      torch.DoubleTensor([1.5]), torch.IntTensor([1]), torch.BoolTensor([1, 0]), torch.ByteTensor([1]))
print(torch.HalfTensor([1]), torch.ShortTensor([1]), torch.CharTensor([1]))
print(torch.FloatTensor(), torch.LongTensor(torch.Size([2])).shape, torch.FloatTensor(torch.tensor([1., 2.])))
x = torch.ones(2)
print(isinstance(x, torch.FloatTensor), isinstance(x, torch.LongTensor), isinstance(x, torch.DoubleTensor),
      isinstance(torch.ones(2, dtype=torch.long), torch.LongTensor), isinstance(torch.nn.Parameter(x), torch.FloatTensor),
      isinstance(3, torch.FloatTensor))
print(torch.FloatTensor.dtype, torch.LongTensor.dtype, issubclass(torch.FloatTensor, torch.Tensor),
      type(torch.FloatTensor([1])).__name__, torch.FloatTensor.__name__)
print(x.type(), x.type(torch.LongTensor), x.type('torch.DoubleTensor'), torch.ones(2, dtype=torch.int64).type())
try:
    torch.FloatTensor('a')
except TypeError as e:
    print(e)


class Series:
    """What a pandas Series offers a tensor constructor: __array__ (and len/getitem)."""
    def __init__(self, values):
        self.values = list(values)

    def __array__(self, dtype=None, copy=None):
        return np.array(self.values, dtype=dtype)

    def __len__(self):
        return len(self.values)

    def __getitem__(self, i):
        return self.values[i]


class Seq:
    """Only the sequence protocol."""
    def __init__(self, *values):
        self.values = values

    def __len__(self):
        return len(self.values)

    def __getitem__(self, i):
        if i >= len(self.values):
            raise IndexError(i)
        return self.values[i]


print(torch.tensor(range(4)), torch.tensor(range(1, 7, 2), dtype=torch.float32), torch.as_tensor(range(3)))
print(torch.tensor(Series([1.5, 2.5])), torch.tensor(Series([1, 2])), torch.tensor(Seq(1, 2, 3)), torch.tensor(Seq(1.5, 2)))
print(torch.tensor([Seq(1, 2), Seq(3, 4)]), torch.tensor([range(2), range(2, 4)]), torch.Tensor(range(3)))
print(torch.tensor([np.float64(1.5), np.int64(2)]), torch.tensor(np.arange(3)))
print(torch.FloatTensor(Series([1, 2])), torch.LongTensor(range(3)))

y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]], requires_grad=True)
y = torch.tensor([0, 2])
picked = y_hat[range(len(y_hat)), y]
print(picked, y_hat[[0, 1], y], y_hat[range(2)], y_hat[:, range(0, 3, 2)], y_hat[[0, 1], [1, 2]])
print(-torch.log(y_hat[range(len(y_hat)), y]))
picked.sum().backward()
print(y_hat.grad)
z = torch.arange(10)
print(z[range(2, 8, 3)], z[[True, False] * 5], z[np.array([1, 2])])
w = torch.zeros(3, 4)
w[range(3), [0, 1, 2]] = 1
w[[0, 2]] += 5
print(w)
