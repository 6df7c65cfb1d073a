"""What trained networks of the experiments do: folds and layer-by-layer linking."""

from __future__ import annotations

import logging
import math

import numpy as np
import torch

from snappy_nn.experiments.batched import BatchedNetwork

log = logging.getLogger(__name__)

# Directions tried for a fold, and positions of the fold along each line.
FOLD_ANGLES = 72
FOLD_OFFSETS = 25
LINE_SAMPLES = 201


@torch.no_grad()
def fold_report(spec, params, points):
    """Measure, per seed, how close a residual block comes to the fold x ↦ |x|.

    For every block of a width-2 ResNet and every unit direction w (72 angles),
    the residual branch f is sampled on the line z(t) = c + t·w through the
    centroid c of the block's inputs, over the range of ⟨w, z − c⟩ on the data.
    It is compared with the fold 2·ReLU(τ − t)·w, which turns x + f(x) into a
    reflection of the half-plane t < τ, for τ in the middle 60% of the range.
    A constant translation of the residual is allowed (it does not change what
    separates). The score is max_t |f(z(t)) − β − 2·ReLU(τ − t)·w| divided by
    the fold's maximum 2(τ − t_min); 0 is an exact fold.

    Parameters
    ----------
    spec : NetworkSpec
        A ``resnet`` spec.
    params : torch.Tensor, shape (S, P)
    points : array_like, shape (S, N, in_features)
        Each seed's data, used for the lines' centres and ranges.

    Returns
    -------
    list of dict
        Per seed: ``relative_error``, ``block``, ``angle_degrees``, ``offset``,
        ``amplitude`` (least-squares α in α·ReLU(τ − t) + β along w; 2 is a
        fold) and ``folds`` (x + f(x) decreases then increases along the line).
    """
    network = BatchedNetwork(spec)
    points = torch.as_tensor(np.asarray(points), dtype=torch.float32)
    reports = []
    for index in range(params.shape[0]):
        seed_params = params[index:index + 1]
        inputs = [points[index:index + 1]] + network.hidden(seed_params, points[index:index + 1])
        best = None
        for block in range(spec.blocks):
            candidate = _best_fold(network, seed_params, block, inputs[block][0])
            if best is None or candidate["relative_error"] < best["relative_error"]:
                best = dict(candidate, block=block)
        reports.append(best)
    return reports


def _best_fold(network, params, block, cloud):
    centre = cloud.mean(0)
    best = {"relative_error": math.inf}
    for angle in np.arange(FOLD_ANGLES) * 2 * math.pi / FOLD_ANGLES:
        direction = torch.tensor([math.cos(angle), math.sin(angle)], dtype=torch.float32)
        coordinates = (cloud - centre) @ direction
        low, high = float(coordinates.min()), float(coordinates.max())
        t = torch.linspace(low, high, LINE_SAMPLES)
        line = centre + t[:, None] * direction
        residual = network.residual(params, block, line[None])[0]
        along = residual @ direction
        for offset in np.linspace(low + 0.2 * (high - low), high - 0.2 * (high - low),
                                  FOLD_OFFSETS):
            hinge = torch.relu(offset - t)
            target = 2 * hinge[:, None] * direction
            shift = (residual - target).mean(0)
            error = (residual - target - shift).norm(dim=1).max() / (2 * (offset - low))
            if float(error) < best["relative_error"]:
                best = {
                    "relative_error": float(error),
                    "angle_degrees": float(np.degrees(angle)),
                    "offset": float(offset),
                    "amplitude": _amplitude(hinge, along),
                    "folds": _folds(t, t + along),
                }
    return best


def _amplitude(hinge, values):
    design = torch.stack([hinge, torch.ones_like(hinge)], dim=1).double()
    solution = torch.linalg.lstsq(design, values[:, None].double()).solution
    return float(solution[0, 0])


def _folds(t, image):
    slopes = torch.diff(image) / torch.diff(t)
    return bool(slopes[: len(slopes) // 4].mean() < 0 < slopes[-len(slopes) // 4:].mean())


# Vertices per component of the tracked stereographic Hopf pair.
TRACKING_RESOLUTION = 200


@torch.no_grad()
def layer_tracking(spec, params):
    """Push the stereographic Hopf pair through every block and report its linking.

    Each seed's blocks become layer maps for :func:`snappy_nn.tracking.track`,
    which refines the image polygons until they follow the true image curves
    and reports a layer as undefined when its components touch.

    Returns
    -------
    list of dict
        Per seed: ``layers``, a list with one entry per representation (the
        input, then every block): ``link`` (int, or None when the images touch),
        ``d_min``, ``status`` (``"linked"``, ``"unlinked"`` or ``"undefined"``)
        and ``vertices`` (the most vertices a component needed after refinement).
    """
    from snappy_nn.curves import PolygonalLink
    from snappy_nn.experiments.datasets import stereographic_pair
    from snappy_nn.tracking import track

    network = BatchedNetwork(spec)
    angles = np.linspace(0.0, 2 * np.pi, TRACKING_RESOLUTION, endpoint=False)
    circle = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    pair = PolygonalLink(stereographic_pair(circle, circle), name="stereographic Hopf pair")
    reports = []
    for index in range(params.shape[0]):
        views = network.unpack(params[index:index + 1].double())
        maps = [_block_map(network, views, block) for block in range(spec.blocks)]
        trace = track(pair, maps, diagram=False, locate_changes=False)
        reports.append({"layers": [_layer_entry(record) for record in trace.records]})
    return reports


def _block_map(network, views, block):
    """Return block ``block`` of one seed as a numpy map (n, d) -> (n, d)."""
    per_block = network._per_block
    block_views = views[block * per_block:(block + 1) * per_block]

    def mapping(points):
        with torch.no_grad():
            x = torch.as_tensor(points, dtype=torch.float64)[None]
            return network._block(block_views, x)[0].numpy()

    return mapping


def _layer_entry(record):
    matrix = record.linking_matrix
    return {
        "link": None if matrix is None else int(matrix[0, 1]),
        "d_min": float(record.d_min),
        "status": record.status,
        "vertices": int(max(record.vertices)),
    }
