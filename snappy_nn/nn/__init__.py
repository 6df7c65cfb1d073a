"""Width-d networks, their training data and training loop (imports torch).

``import snappy_nn`` does not import this package, so the core stays usable
without loading torch.
"""

from snappy_nn.nn.activations import ACTIVATIONS, get_activation, locate_extremum
from snappy_nn.nn.data import sample_link_points
from snappy_nn.nn.modelfile import load_model, save_model
from snappy_nn.nn.models import (
    ARCHITECTURES,
    AutoEncoder,
    FeedForward,
    Flow,
    PureTransformer,
    ResidualBlock,
    ResNet,
    TokenAttention,
    WidthModel,
    abs_block,
    build_model,
    fold_attention,
)
from snappy_nn.nn.training import TrainingResult, accuracy, train_classifier

__all__ = [
    "ACTIVATIONS",
    "ARCHITECTURES",
    "AutoEncoder",
    "FeedForward",
    "Flow",
    "PureTransformer",
    "ResNet",
    "ResidualBlock",
    "TokenAttention",
    "TrainingResult",
    "WidthModel",
    "abs_block",
    "accuracy",
    "build_model",
    "fold_attention",
    "get_activation",
    "load_model",
    "locate_extremum",
    "sample_link_points",
    "save_model",
    "train_classifier",
]
