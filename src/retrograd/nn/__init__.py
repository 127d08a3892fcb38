"""torch.nn: modules, parameters, functional ops, initialisation and utilities."""
from .parameter import Parameter, UninitializedParameter, UninitializedBuffer  # noqa: F401
from .modules import *  # noqa: F401,F403
from .modules import Module  # noqa: F401
from . import functional, init, utils, parallel  # noqa: F401
from .parallel import DataParallel  # noqa: F401

from .. import _docs  # noqa: E402

for _prefix, _namespace in (("nn", globals()), ("nn.functional", vars(functional)),
                            ("nn.init", vars(init))):
    _docs.document_module(_namespace, _prefix)
