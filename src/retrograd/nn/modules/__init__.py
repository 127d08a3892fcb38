"""The layers of torch.nn, one family per file."""
from .module import Module  # noqa: F401
from .container import (Sequential, ModuleList, ModuleDict, ParameterList,  # noqa: F401
                        ParameterDict)
from .linear import (Identity, Linear, LazyLinear, Flatten, Unflatten,  # noqa: F401
                     NonDynamicallyQuantizableLinear)  # noqa: F401
from .activation import (ReLU, Sigmoid, Tanh, GELU, SiLU, LeakyReLU, ELU, Softplus,  # noqa: F401
                         Hardtanh, Softmax, LogSoftmax, MultiheadAttention)
from .dropout import Dropout, Dropout1d, Dropout2d  # noqa: F401
from .sparse import Embedding, EmbeddingBag  # noqa: F401
from .normalization import (LayerNorm, BatchNorm1d, BatchNorm2d, LazyBatchNorm1d,  # noqa: F401
                            LazyBatchNorm2d)
from .conv import (Conv1d, Conv2d, LazyConv1d, LazyConv2d, MaxPool2d, AvgPool2d,  # noqa: F401
                   AdaptiveAvgPool2d, ConvTranspose1d, ConvTranspose2d, AdaptiveAvgPool1d,
                   AdaptiveMaxPool1d, AdaptiveMaxPool2d)
from .loss import (MSELoss, L1Loss, HuberLoss, SmoothL1Loss, NLLLoss,  # noqa: F401
                   CrossEntropyLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss)
from .rnn import RNNBase, RNN, LSTM, GRU, RNNCellBase, RNNCell, LSTMCell, GRUCell  # noqa: F401
from .transformer import (Transformer, TransformerEncoder, TransformerDecoder,  # noqa: F401
                          TransformerEncoderLayer, TransformerDecoderLayer)
