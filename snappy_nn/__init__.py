"""snappy_nn: what width-3 neural networks do to the linking of their data.

The core (curves, linking numbers, embeddings of SnapPy and spherogram links)
needs numpy, scipy and spherogram. Torch is imported only by the network
modules, and nothing is attached to ``snappy.Link`` unless you ask for it.
"""

from snappy_nn.curves import PolygonalLink
from snappy_nn.embedding import (
    borromean_rings,
    embed,
    hopf_link,
    stereographic_pair,
    torus_link,
    whitehead_link,
)
from snappy_nn.errors import (
    ComponentsTouchError,
    GeneralPositionError,
    LinkInputError,
    ModelFileError,
    PolygonError,
    SnappyNNError,
)
from snappy_nn.linking import gauss_integral, linking_matrix, linking_number
from snappy_nn.links import to_spherogram_link

__version__ = "0.1.0"

__all__ = [
    "ComponentsTouchError",
    "GeneralPositionError",
    "LinkInputError",
    "ModelFileError",
    "PolygonError",
    "PolygonalLink",
    "SnappyNNError",
    "borromean_rings",
    "embed",
    "gauss_integral",
    "hopf_link",
    "linking_matrix",
    "linking_number",
    "stereographic_pair",
    "to_spherogram_link",
    "torus_link",
    "whitehead_link",
]
