"""Seeded training of width-d classifiers: cross-entropy, Adam, early stopping.

This is what ``snappy-nn run`` needs. The full training protocols of Ren and
Lim (arXiv:2606.31856), with their batch sizes, schedules and seed sweeps,
belong to :mod:`snappy_nn.experiments`.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import asdict, dataclass, field

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

from snappy_nn.errors import SnappyNNError

log = logging.getLogger(__name__)


@dataclass
class TrainingResult:
    """Outcome of :func:`train_classifier`.

    Attributes
    ----------
    best_val_accuracy : float
        Best validation accuracy over epochs, in [0, 1]; the model keeps the
        weights of that epoch.
    best_epoch : int
        Epoch (counted from 1) of the best validation accuracy.
    epochs_run : int
        Epochs run before the end or early stopping.
    train_accuracy : float
        Training accuracy of the kept weights.
    seconds : float
        Wall-clock training time.
    history : list of dict
        Per epoch: mean training loss and validation accuracy.
    """

    best_val_accuracy: float
    best_epoch: int
    epochs_run: int
    train_accuracy: float
    seconds: float
    history: list = field(default_factory=list)

    def to_dict(self, history=False):
        """Return the result as a JSON-ready dict, with the history only on request."""
        result = asdict(self)
        if not history:
            result.pop("history")
        return result


def accuracy(model, points, labels):
    """Return the fraction of points whose largest class score is their label."""
    model.eval()
    with torch.no_grad():
        predicted = model(_as_tensor(points)).argmax(dim=1)
    return float((predicted == _as_labels(labels)).double().mean())


def train_classifier(model, points, labels, *, epochs=200, learning_rate=1e-2, batch_size=128,
                     patience=50, val_fraction=0.2, seed=0, progress=False, threads=1,
                     weight_decay=0.0):
    """Train ``model`` in place to classify points, keeping the best validation weights.

    Parameters
    ----------
    model : torch.nn.Module
        Maps (n, d) float64 points to (n, classes) scores.
    points, labels : array_like
        Data and integer class labels.
    epochs : int
        Maximum number of passes over the training split.
    learning_rate : float
        Adam learning rate.
    weight_decay : float
        Decoupled weight decay (AdamW); 0 gives plain Adam.
    batch_size : int
        Points per optimisation step.
    patience : int
        Stop after this many epochs without a better validation accuracy.
    val_fraction : float
        Share of the points held out for validation, drawn with ``seed``.
    seed : int
        Seeds the split and the batch order; the same seed, data and initial
        weights give the same result on the same machine.
    progress : bool or None
        Show a tqdm bar on stderr; None shows it only when stderr is a terminal.
    threads : int or None
        Torch intra-op threads while training, restored afterwards. Width-d
        models are too small to gain from more threads, and on a busy machine
        extra threads slow training down many times; None keeps torch's setting.

    Returns
    -------
    TrainingResult

    Examples
    --------
    >>> from snappy_nn.embedding import hopf_link
    >>> from snappy_nn.nn.data import sample_link_points
    >>> from snappy_nn.nn.models import build_model
    >>> points, labels = sample_link_points(hopf_link(40), 100, seed=0)
    >>> model = build_model({"architecture": "resnet", "depth": 2}, seed=0)
    >>> result = train_classifier(model, points, labels, epochs=5, seed=0)
    >>> result.epochs_run
    5
    """
    points, labels = _as_tensor(points), _as_labels(labels)
    if len(points) != len(labels) or len(points) < 2:
        raise SnappyNNError(
            f"need at least 2 points with one label each, got {len(points)} points "
            f"and {len(labels)} labels"
        )
    if not 0 < val_fraction < 1:
        raise SnappyNNError(f"val_fraction must lie strictly between 0 and 1, got {val_fraction}")

    train_x, train_y, val_x, val_y = _split(points, labels, val_fraction, seed)
    show = sys.stderr.isatty() if progress is None else bool(progress)

    previous_threads = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(int(threads))
    try:
        optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate,
                                      weight_decay=weight_decay)
        return _train(model, optimizer, train_x, train_y, val_x, val_y, epochs, batch_size,
                      patience, seed, show)
    finally:
        torch.set_num_threads(previous_threads)


def _train(model, optimizer, train_x, train_y, val_x, val_y, epochs, batch_size, patience, seed,
           show):
    generator = torch.Generator().manual_seed(int(seed))
    loss_fn = nn.CrossEntropyLoss()
    start = time.perf_counter()
    best = (-1.0, 0, _copy_state(model))
    history = []
    bar = tqdm(range(1, int(epochs) + 1), disable=not show, desc="training", leave=False)
    epoch = 0
    for epoch in bar:
        loss = _run_epoch(model, optimizer, loss_fn, train_x, train_y, batch_size, generator)
        val_accuracy = accuracy(model, val_x, val_y)
        history.append({"epoch": epoch, "loss": loss, "val_accuracy": val_accuracy})
        bar.set_postfix(loss=f"{loss:.3f}", val=f"{val_accuracy:.3f}")
        if val_accuracy > best[0]:
            best = (val_accuracy, epoch, _copy_state(model))
        elif epoch - best[1] >= patience:
            log.info("early stop at epoch %d, best %.4f at epoch %d", epoch, best[0], best[1])
            break
    bar.close()

    model.load_state_dict(best[2])
    return TrainingResult(
        best_val_accuracy=best[0],
        best_epoch=best[1],
        epochs_run=epoch,
        train_accuracy=accuracy(model, train_x, train_y),
        seconds=time.perf_counter() - start,
        history=history,
    )


def _run_epoch(model, optimizer, loss_fn, points, labels, batch_size, generator):
    model.train()
    order = torch.randperm(len(points), generator=generator)
    total = 0.0
    for begin in range(0, len(points), batch_size):
        batch = order[begin : begin + batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model(points[batch]), labels[batch])
        loss.backward()
        optimizer.step()
        total += float(loss.detach()) * len(batch)
    return total / len(points)


def _split(points, labels, val_fraction, seed):
    rng = np.random.default_rng(seed)
    order = torch.as_tensor(rng.permutation(len(points)))
    cut = max(1, int(round(len(points) * (1 - val_fraction))))
    cut = min(cut, len(points) - 1)
    train, val = order[:cut], order[cut:]
    return points[train], labels[train], points[val], labels[val]


def _copy_state(model):
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def _as_tensor(points):
    return torch.as_tensor(np.asarray(points, dtype=np.float64))


def _as_labels(labels):
    return torch.as_tensor(np.asarray(labels, dtype=np.int64))
