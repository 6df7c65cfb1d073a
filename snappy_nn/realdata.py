"""Linking between classes inside a classifier trained on real data.

The classifier maps its input through a wide layer to a width-3 bottleneck,
then through width-3 layers, and only its last linear map leaves R^3. At
every layer the class point clouds are handed to
:func:`snappy_nn.pointcloud.detect_linking`; layers wider than 3 are first
projected to R^3 by PCA. The report shows, per class pair, how linking
evolves from the input to the last width-3 layer.

Training is full-batch Adam on CPU in float32 with a fixed seed. The same
seed gives the same weights on the same machine and torch version.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from snappy_nn.errors import SnappyNNError
from snappy_nn.pointcloud import DEFAULT_K, detect_linking, pca_project

logger = logging.getLogger(__name__)

ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU, "gelu": nn.GELU, "silu": nn.SiLU}


class BottleneckClassifier(nn.Module):
    """A classifier whose representation passes through R^3.

    Layers: ``Linear(d, hidden)``, ReLU, ``Linear(hidden, 3)``, then
    ``depth`` blocks of ``Linear(3, 3)`` and the activation, then the head
    ``Linear(3, classes)``.
    """

    def __init__(self, inputs, classes, *, hidden=32, depth=2, activation="gelu"):
        super().__init__()
        if activation not in ACTIVATIONS:
            raise SnappyNNError(
                f"activation {activation!r} is unknown; choose one of {sorted(ACTIVATIONS)}"
            )
        self.stages = nn.ModuleList(
            [nn.Sequential(nn.Linear(inputs, hidden), nn.ReLU()), nn.Linear(hidden, 3)]
            + [nn.Sequential(nn.Linear(3, 3), ACTIVATIONS[activation]()) for _ in range(depth)]
        )
        self.head = nn.Linear(3, classes)
        self.names = ["hidden", "bottleneck"] + [f"block {i + 1}" for i in range(depth)]

    def forward(self, x):
        for stage in self.stages:
            x = stage(x)
        return self.head(x)

    def representations(self, x):
        """Return the output of every stage before the head, in order."""
        outputs = []
        for stage in self.stages:
            x = stage(x)
            outputs.append(x)
        return outputs


@dataclass
class LayerLinking:
    """Per layer and class pair: the detector's status, witness count and linking numbers."""

    accuracy: float
    layers: list
    rows: list = field(default_factory=list)

    def to_dict(self):
        """Return plain types for JSON."""
        return {"accuracy": self.accuracy, "layers": self.layers, "rows": self.rows}


def train_classifier(points, labels, *, hidden=32, depth=2, activation="gelu",
                     epochs=300, learning_rate=0.01, seed=0):
    """Train a :class:`BottleneckClassifier` on standardized ``points``.

    Returns
    -------
    (BottleneckClassifier, float)
        The model and its training accuracy.

    Examples
    --------
    >>> points = np.array([[0.0, 0], [0, 1], [5, 0], [5, 1]])
    >>> model, accuracy = train_classifier(points, np.array([0, 0, 1, 1]), epochs=50)
    >>> accuracy
    1.0
    """
    x, y = _tensors(points, labels)
    torch.manual_seed(seed)
    model = BottleneckClassifier(x.shape[1], int(y.max()) + 1, hidden=hidden, depth=depth,
                                 activation=activation)
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        if epoch % 100 == 0:
            logger.info("epoch %d: loss %.4f", epoch, loss.item())
    with torch.no_grad():
        accuracy = float((model(x).argmax(dim=1) == y).float().mean())
    return model, accuracy


def linking_by_layer(model, points, labels, pairs=None, *, k=DEFAULT_K, mutual=False,
                     epsilon=None, min_cycle_length=4, accuracy=float("nan"), seed=0):
    """Run the linking detector on the class point clouds at every layer.

    Parameters
    ----------
    model : BottleneckClassifier
    points, labels : array_like
        The data, in the form the model was trained on.
    pairs : sequence of (int, int), optional
        Class pairs; all pairs by default.
    k, mutual, epsilon, min_cycle_length, seed
        Passed to :func:`snappy_nn.pointcloud.detect_linking` at every layer.
    accuracy : float
        Stored in the report.

    Returns
    -------
    LayerLinking
        ``layers`` names the layers (``"input"`` first); each row holds the
        layer, the pair, the status, the number of witnesses and the sorted
        distinct linking numbers found.
    """
    x, y = _tensors(points, labels)
    with torch.no_grad():
        outputs = [x] + model.representations(x)
    clouds = [o.double().numpy() for o in outputs]
    names = ["input"] + list(model.names)
    labels = y.numpy()
    if pairs is None:
        pairs = list(itertools.combinations(np.unique(labels).tolist(), 2))

    report = LayerLinking(accuracy=accuracy, layers=names)
    for name, cloud in zip(names, clouds, strict=True):
        if cloud.shape[1] != 3:
            cloud = pca_project(cloud, 3)
        for pair in pairs:
            result = detect_linking(cloud, labels, pair, k=k, mutual=mutual, epsilon=epsilon,
                                    min_cycle_length=min_cycle_length, seed=seed)
            numbers = sorted({w.linking_number for w in result.witnesses})
            report.rows.append({
                "layer": name, "pair": [int(p) for p in pair], "status": result.status,
                "witnesses": len(result.witnesses), "linking_numbers": numbers,
                "pairs_undefined": result.pairs_undefined,
            })
    return report


def _tensors(points, labels):
    points = np.asarray(points, dtype=np.float64)
    labels = np.asarray(labels)
    if points.ndim != 2 or labels.shape != (len(points),):
        raise SnappyNNError(
            f"points must be (n, d) with one label each; got points {points.shape} "
            f"and labels {labels.shape}"
        )
    if not np.isfinite(points).all():
        raise SnappyNNError("points contain NaN or infinite values; drop or impute them")
    if labels.dtype.kind not in "iu" or labels.min() < 0:
        raise SnappyNNError("labels must be non-negative integers 0 … C − 1")
    spread = points.std(axis=0)
    standardized = (points - points.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    return torch.tensor(standardized, dtype=torch.float32), torch.tensor(labels, dtype=torch.int64)
