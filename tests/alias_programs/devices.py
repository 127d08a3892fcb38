import torch
from torch import nn


def show(f):
    try:
        print(repr(f()))
    except BaseException as e:
        print(type(e).__name__, repr(str(e)))


d, d1 = torch.device('cuda'), torch.device('cuda:1')
print(repr(d), str(d), d.type, d.index, repr(d1), str(d1), d1.type, d1.index)
print(d == torch.device('cuda'), d == torch.device('cuda:0'), d1 == torch.device('cuda', 1),
      torch.device('cpu') == 'cpu', hash(d1) == hash(torch.device('cuda', 1)), {d, d})
print(repr(torch.device('cuda', 2)), repr(torch.device('mps')), repr(torch.device('cpu', 0)),
      repr(torch.device(type='cuda', index=3)), repr(torch.device(torch.device('cuda:1'))))
for f in [lambda: torch.device('gpu'), lambda: torch.device('cuda:x'), lambda: torch.device('cuda', -1),
          lambda: torch.device('cuda:0', 1), lambda: torch.device(1), lambda: torch.device('cuda:01')]:
    show(f)
print(torch.cuda.is_available(), torch.cuda.device_count(), torch.cuda.is_initialized(),
      torch.backends.mps.is_available(), torch.backends.mps.is_built(), torch.backends.cuda.is_built())
print(torch.backends.cudnn.enabled, torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic,
      torch.backends.cudnn.is_available(), torch.backends.cudnn.version())
torch.backends.cudnn.benchmark = True
torch.backends.cudnn.deterministic = True
print(torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic)
print(torch.accelerator.is_available(), torch.accelerator.device_count(), torch.accelerator.current_accelerator())
x = torch.ones(2)
lin = nn.Linear(2, 1)
for f in [lambda: x.cuda(), lambda: x.cuda(0), lambda: x.to('cuda'), lambda: x.to(torch.device('cuda:1')),
          lambda: x.to('cuda:0', torch.float64), lambda: x.to(device='cuda'), lambda: x.to('mps'),
          lambda: torch.ones(1, device='cuda'), lambda: torch.zeros(2, device=torch.device('cuda')),
          lambda: torch.tensor([1.], device='cuda'), lambda: torch.arange(3, device='cuda:0'),
          lambda: lin.cuda(), lambda: lin.to('cuda'), lambda: lin.to(torch.device('cuda')),
          lambda: torch.cuda.current_device(), lambda: torch.cuda.get_device_name(0),
          lambda: torch.cuda.synchronize(), lambda: torch.cuda.get_rng_state(),
          lambda: torch.cuda.manual_seed(0), lambda: torch.cuda.manual_seed_all(0),
          lambda: torch.cuda.empty_cache(), lambda: torch.cuda.memory_allocated(),
          lambda: torch.accelerator.current_device_index(), lambda: torch.accelerator.synchronize(),
          lambda: x.to('cpu'), lambda: x.to('cpu:0'), lambda: x.to(torch.device('cpu')).device,
          lambda: x.cpu().is_cuda, lambda: lin.to('cpu').weight.shape, lambda: lin.cpu().weight.dtype,
          lambda: x.device, lambda: torch.ones(1, device='cpu')]:
    show(f)


def try_gpu(i=0):
    if torch.cuda.device_count() >= i + 1:
        return torch.device(f'cuda:{i}')
    return torch.device('cpu')


def try_all_gpus():
    devices = [torch.device(f'cuda:{i}') for i in range(torch.cuda.device_count())]
    return devices if devices else [torch.device('cpu')]


device = "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
print(try_gpu(), try_gpu(10), try_all_gpus(), device, torch.ones(2, device=try_gpu()).device)
print(torch.ones(2).to(device), nn.Linear(2, 2).to(device).weight.device)
