"""DataParallel on a machine without a GPU: PyTorch then keeps the module as it is and
forwards every call to it. The wrapped module is the child `module`, so state_dict keys read
`module.weight`, as in PyTorch."""
from ..modules.module import Module


class DataParallel(Module):
    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        self.module = module
        self.device_ids = []
        self.dim = dim
        self.output_device = None
        self.src_device_obj = None

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)
