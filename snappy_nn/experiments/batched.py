"""Train many seeds of one small network as a single batched computation.

The parameters of all seeds live in one tensor of shape (seeds, P); each layer
reads a view of it, so a linear layer is one ``torch.baddbmm`` over weights of
shape (seeds, out, in). Adam and AdamW are elementwise, so one update of the
whole tensor is the update of every seed with its own moments. Everything that
the protocols make per seed stays per seed: the learning rate (plateau
halving, cosine schedule), gradient clipping by the seed's own gradient norm,
the order of the training data, the initial weights, and early stopping (a
finished seed is frozen with a learning rate of zero and its metrics stop
changing).

For S = 1 the computation equals a ``torch.nn.Sequential`` of ``nn.Linear``
layers trained with ``torch.optim.Adam``/``AdamW`` on the same batches, and
seed s starts from the weights ``torch.manual_seed(s)`` gives ``nn.Linear``.
A seed's result does not depend on which other seeds share its batch.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

from snappy_nn.experiments.errors import ExperimentError

log = logging.getLogger(__name__)

ACTIVATIONS = {
    "relu": torch.relu,
    "gelu": F.gelu,
    "swish": F.silu,
    "tanh": torch.tanh,
    "leaky_relu": F.leaky_relu,
}

# Layer maps of the hidden blocks; every block maps R^width to R^width.
ARCHITECTURES = {
    "plain": "x -> act(W x + b)",
    "skip": "x -> act(W x + b) + x",
    "resnet": "x -> x + W2 act(W1 x + b1) + b2",
    "resnet-relu": "x -> relu(x + W2 act(W1 x + b1) + b2)",
}

OPTIMIZERS = ("adam", "adamw")
SCHEDULES = ("constant", "plateau", "cosine")


@dataclass(frozen=True)
class NetworkSpec:
    """Shape of a classifier: hidden blocks of one width, then a linear head.

    Parameters
    ----------
    architecture : str
        One of ``ARCHITECTURES``.
    activation : str
        One of ``ACTIVATIONS``.
    blocks : int
        Number of hidden blocks. A ``plain`` network with ``blocks = D - 1``
        has D linear layers counting the head.
    in_features : int
        Input dimension. For ``plain`` the first block maps it to ``width``;
        the residual architectures need ``in_features == width``.
    width : int
        Width of every hidden representation; defaults to ``in_features``.
    classes : int
        Outputs of the head.

    Examples
    --------
    >>> spec = NetworkSpec("plain", "relu", blocks=2, in_features=3)
    >>> [shape for _, shape in spec.layout()]
    [(3, 3), (3,), (3, 3), (3,), (2, 3), (2,)]
    """

    architecture: str
    activation: str
    blocks: int
    in_features: int
    width: int | None = None
    classes: int = 2

    def __post_init__(self):
        if self.architecture not in ARCHITECTURES:
            raise ExperimentError(
                f"unknown architecture {self.architecture!r}; choose one of {sorted(ARCHITECTURES)}"
            )
        if self.activation not in ACTIVATIONS:
            raise ExperimentError(
                f"unknown activation {self.activation!r}; choose one of {sorted(ACTIVATIONS)}"
            )
        if self.width is None:
            object.__setattr__(self, "width", self.in_features)
        for name in ("blocks", "in_features", "width", "classes"):
            value = getattr(self, name)
            if int(value) != value or value < 1:
                raise ExperimentError(f"{name} must be a positive integer; got {value!r}")
        if self.architecture != "plain" and self.width != self.in_features:
            raise ExperimentError(
                f"a {self.architecture!r} network keeps the input width, but width={self.width} "
                f"differs from in_features={self.in_features}; use architecture 'plain' or "
                "equal widths"
            )

    def layout(self):
        """Return ``(name, shape)`` of every parameter in initialisation order."""
        shapes = []
        fan_in = self.in_features
        for block in range(self.blocks):
            shapes += [(f"block{block}.0.weight", (self.width, fan_in)),
                       (f"block{block}.0.bias", (self.width,))]
            if self.architecture in ("resnet", "resnet-relu"):
                shapes += [(f"block{block}.1.weight", (self.width, self.width)),
                           (f"block{block}.1.bias", (self.width,))]
            fan_in = self.width
        shapes += [("head.weight", (self.classes, self.width)), ("head.bias", (self.classes,))]
        return shapes

    def parameter_count(self):
        """Return the number P of parameters of one seed."""
        return sum(math.prod(shape) for _, shape in self.layout())

    def to_dict(self):
        """Return the fields as a JSON-ready dict."""
        return {"architecture": self.architecture, "activation": self.activation,
                "blocks": self.blocks, "in_features": self.in_features,
                "width": self.width, "classes": self.classes}


class BatchedNetwork:
    """Forward pass of S copies of one :class:`NetworkSpec`, weights stacked by seed.

    Examples
    --------
    >>> net = BatchedNetwork(NetworkSpec("resnet", "relu", blocks=3, in_features=2))
    >>> params = net.initial_parameters([0, 1])
    >>> net.forward(params, torch.zeros(2, 5, 2)).shape
    torch.Size([2, 5, 2])
    """

    def __init__(self, spec):
        self.spec = spec
        self.activation = ACTIVATIONS[spec.activation]
        self._slices = []
        start = 0
        for _, shape in spec.layout():
            size = math.prod(shape)
            self._slices.append((start, start + size, shape))
            start += size
        self.parameter_count = start
        self._per_block = 4 if spec.architecture in ("resnet", "resnet-relu") else 2

    def initial_parameters(self, seeds):
        """Return a (S, P) float32 tensor: ``nn.Linear``'s initialisation under each seed.

        Weights and biases are uniform in ±1/√fan_in, drawn layer by layer from a
        generator seeded with the seed, in the order ``torch.manual_seed(seed)``
        followed by constructing the layers would draw them.
        """
        rows = []
        for seed in seeds:
            generator = torch.Generator().manual_seed(int(seed))
            pieces = []
            for _, _, shape in self._slices:
                fan_in = shape[-1] if len(shape) == 2 else pieces[-1].shape[-1]
                bound = 1.0 / math.sqrt(fan_in)
                values = torch.empty(shape).uniform_(-bound, bound, generator=generator)
                pieces.append(values)
            rows.append(torch.cat([p.reshape(-1) for p in pieces]))
        return torch.stack(rows)

    def unpack(self, params):
        """Return per-layer views of a (S, P) tensor, in the layout :meth:`apply` takes.

        Weights come transposed, shape (S, in, out), and biases as (S, 1, out),
        so that a linear layer is one ``baddbmm`` without further reshaping.
        """
        views = []
        for start, stop, shape in self._slices:
            view = params[:, start:stop]
            if len(shape) == 2:
                views.append(view.reshape(params.shape[0], *shape).transpose(1, 2))
            else:
                views.append(view.reshape(params.shape[0], 1, shape[0]))
        return views

    def leaves(self, params):
        """Return :meth:`unpack` views of ``params`` as separate autograd leaves.

        The leaves share memory with ``params``, so an in-place update of
        ``params`` moves them too, and their gradients are gathered with
        :meth:`flat_gradient`. That avoids one full-size gradient scatter per
        layer in every backward pass.
        """
        return [view.detach().requires_grad_(True) for view in self.unpack(params.detach())]

    def flat_gradient(self, leaves):
        """Concatenate the leaves' gradients into one (S, P) tensor in parameter order."""
        pieces = []
        for leaf, (_, _, shape) in zip(leaves, self._slices, strict=True):
            grad = leaf.grad.transpose(1, 2) if len(shape) == 2 else leaf.grad
            pieces.append(grad.reshape(leaf.shape[0], -1))
        return torch.cat(pieces, dim=1)

    def hidden(self, params, x):
        """Return every block's output, a list of (S, B, width) tensors, for inputs (S, B, in)."""
        views = self.unpack(params)
        outputs = []
        for block in range(self.spec.blocks):
            x = self._block(views[block * self._per_block:(block + 1) * self._per_block], x)
            outputs.append(x)
        return outputs

    def forward(self, params, x):
        """Return logits of shape (S, B, classes) for inputs of shape (S, B, in_features)."""
        return self.apply(self.unpack(params), x)

    def apply(self, views, x):
        """Return logits for inputs x, given the layer views of :meth:`unpack` or :meth:`leaves`."""
        per_block = self._per_block
        for block in range(self.spec.blocks):
            x = self._block(views[block * per_block:(block + 1) * per_block], x)
        return _linear(x, views[-2], views[-1])

    def residual(self, params, block, x):
        """Return the residual branch W2 act(W1 x + b1) + b2 of a residual block."""
        if self.spec.architecture not in ("resnet", "resnet-relu"):
            raise ExperimentError(
                f"architecture {self.spec.architecture!r} has no residual branch; "
                "use 'resnet' or 'resnet-relu'"
            )
        views = self.unpack(params)[4 * block:4 * block + 4]
        return _linear(self.activation(_linear(x, views[0], views[1])), views[2], views[3])

    def _block(self, layer, x):
        architecture = self.spec.architecture
        if architecture == "plain":
            return self.activation(_linear(x, layer[0], layer[1]))
        if architecture == "skip":
            return self.activation(_linear(x, layer[0], layer[1])) + x
        branch = _linear(self.activation(_linear(x, layer[0], layer[1])), layer[2], layer[3])
        return x + branch if architecture == "resnet" else torch.relu(x + branch)


def _linear(x, weight, bias):
    return torch.baddbmm(bias, x, weight)


@dataclass(frozen=True)
class TrainConfig:
    """Optimiser, schedule and stopping rule shared by every seed of a batch.

    ``patience`` counts epochs without a new best validation accuracy before a
    seed stops (``None``: never stop early). ``plateau_patience`` and
    ``plateau_factor`` follow ``torch.optim.lr_scheduler.ReduceLROnPlateau`` on
    the validation loss (relative threshold 1e-4). ``cosine`` anneals the
    learning rate to 0 over ``max_epochs``, stepped once per epoch.
    """

    optimizer: str = "adam"
    lr: float = 1e-3
    weight_decay: float = 0.0
    betas: tuple = (0.9, 0.999)
    eps: float = 1e-8
    batch_size: int = 64
    max_epochs: int = 800
    patience: int | None = None
    schedule: str = "constant"
    plateau_patience: int = 10
    plateau_factor: float = 0.5
    grad_clip: float | None = None

    def __post_init__(self):
        if self.optimizer not in OPTIMIZERS:
            raise ExperimentError(f"optimizer must be one of {OPTIMIZERS}; got {self.optimizer!r}")
        if self.schedule not in SCHEDULES:
            raise ExperimentError(f"schedule must be one of {SCHEDULES}; got {self.schedule!r}")
        if self.batch_size < 1 or self.max_epochs < 1:
            raise ExperimentError(
                f"batch_size and max_epochs must be >= 1; got {self.batch_size} and "
                f"{self.max_epochs}"
            )
        if self.patience is not None and self.patience < 1:
            raise ExperimentError(f"patience must be >= 1 or None; got {self.patience!r}")


@dataclass
class TrainResult:
    """Per-seed outcome of :func:`train_batched`; arrays are indexed like ``seeds``.

    ``best_val_accuracy`` is the best validation accuracy over epochs (the
    statistic the paper reports); ``test_accuracy`` is the accuracy on the
    separate test set at the epoch where validation accuracy peaked (the first
    such epoch). ``best_parameters`` holds the (S, P) weights of that epoch.
    """

    seeds: list
    best_val_accuracy: np.ndarray
    test_accuracy: np.ndarray
    best_epoch: np.ndarray
    epochs_run: np.ndarray
    final_lr: np.ndarray
    seconds: float
    best_parameters: torch.Tensor = field(repr=False)
    val_history: np.ndarray = field(repr=False)

    def summary(self):
        """Return the per-seed numbers as a JSON-ready dict (no weights)."""
        return {
            "seeds": [int(s) for s in self.seeds],
            "best_val_accuracy": [float(a) for a in self.best_val_accuracy],
            "test_accuracy": [float(a) for a in self.test_accuracy],
            "best_epoch": [int(e) for e in self.best_epoch],
            "epochs_run": [int(e) for e in self.epochs_run],
            "final_lr": [float(r) for r in self.final_lr],
            "seconds": float(self.seconds),
        }


def _as_stacked(name, array, seeds, dtype):
    tensor = torch.as_tensor(np.asarray(array), dtype=dtype)
    if tensor.ndim < 2 or tensor.shape[0] != len(seeds):
        raise ExperimentError(
            f"{name} must be stacked by seed with first dimension {len(seeds)}; "
            f"got shape {tuple(tensor.shape)}"
        )
    return tensor


def train_batched(spec, config, seeds, train, val, test=None):
    """Train one network per seed on per-seed data, all seeds in one computation.

    Parameters
    ----------
    spec : NetworkSpec
    config : TrainConfig
    seeds : sequence of int
        Seed s sets the initial weights and the order of its training data.
    train, val, test : tuple of array_like
        ``(points, labels)`` with shapes (S, N, in_features) and (S, N); each
        seed has its own rows. ``test`` defaults to ``val``.

    Returns
    -------
    TrainResult

    Examples
    --------
    >>> from snappy_nn.experiments.datasets import disk_annulus
    >>> x, y = disk_annulus(64, seed=0)
    >>> data = (np.stack([x, x]), np.stack([y, y]))
    >>> spec = NetworkSpec("resnet", "relu", blocks=1, in_features=2)
    >>> result = train_batched(spec, TrainConfig(max_epochs=2), [0, 1], data, data)
    >>> result.best_val_accuracy.shape, result.epochs_run.tolist()
    ((2,), [2, 2])
    """
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ExperimentError("seeds is empty; pass at least one seed")
    network = BatchedNetwork(spec)
    x_train = _as_stacked("train points", train[0], seeds, torch.float32)
    y_train = _as_stacked("train labels", train[1], seeds, torch.int64)
    x_val = _as_stacked("validation points", val[0], seeds, torch.float32)
    y_val = _as_stacked("validation labels", val[1], seeds, torch.int64)
    test = val if test is None else test
    x_test = _as_stacked("test points", test[0], seeds, torch.float32)
    y_test = _as_stacked("test labels", test[1], seeds, torch.int64)
    if x_train.shape[-1] != spec.in_features:
        raise ExperimentError(
            f"points have {x_train.shape[-1]} coordinates but the network expects "
            f"in_features={spec.in_features}"
        )
    state = _TrainingState(network, config, seeds)
    started = time.perf_counter()

    for epoch in range(config.max_epochs):
        state.set_epoch_lr(epoch)
        for x, y in state.batches(x_train, y_train):
            state.step(x, y)
        val_loss, val_accuracy = _evaluate(network, state.params, x_val, y_val)
        _, test_accuracy = _evaluate(network, state.params, x_test, y_test)
        state.record(epoch, val_loss, val_accuracy, test_accuracy)
        if not state.active.any():
            break

    seconds = time.perf_counter() - started
    log.info("trained %d seeds of %s in %.1f s", len(seeds), spec.to_dict(), seconds)
    return TrainResult(
        seeds=seeds,
        best_val_accuracy=state.best_accuracy.numpy().astype(float),
        test_accuracy=state.test_at_best.numpy().astype(float),
        best_epoch=state.best_epoch.numpy().astype(np.int64),
        epochs_run=state.epochs_run.numpy().astype(np.int64),
        final_lr=state.lr.numpy().astype(float),
        seconds=seconds,
        best_parameters=state.best_params,
        val_history=np.array(state.history, dtype=float).reshape(-1, len(seeds)),
    )


@torch.no_grad()
def _evaluate(network, params, points, labels):
    logits = network.forward(params, points)
    loss = F.cross_entropy(logits.flatten(0, 1), labels.flatten(), reduction="none")
    accuracy = (logits.argmax(-1) == labels).float().mean(1)
    return loss.view(labels.shape).mean(1), accuracy


class _TrainingState:
    """Parameters, optimiser moments and per-seed bookkeeping of one batched run."""

    def __init__(self, network, config, seeds):
        count = len(seeds)
        self.network = network
        self.config = config
        self.params = network.initial_parameters(seeds)
        self.leaves = network.leaves(self.params)
        self.exp_avg = torch.zeros_like(self.params)
        self.exp_avg_sq = torch.zeros_like(self.params)
        self.steps = 0
        self.base_lr = torch.full((count,), float(config.lr))
        self.lr = self.base_lr.clone()
        self.active = torch.ones(count, dtype=torch.bool)
        self.generators = [torch.Generator().manual_seed(s) for s in seeds]
        for generator in self.generators:
            # Move each shuffling stream away from the one that drew the weights.
            torch.randint(2**31 - 1, (1,), generator=generator)
        self.rows = torch.arange(count)[:, None]
        self.best_accuracy = torch.full((count,), -1.0)
        self.test_at_best = torch.zeros(count)
        self.best_epoch = torch.zeros(count, dtype=torch.int64)
        self.epochs_run = torch.zeros(count, dtype=torch.int64)
        self.since_best = torch.zeros(count, dtype=torch.int64)
        self.best_loss = torch.full((count,), math.inf)
        self.bad_epochs = torch.zeros(count, dtype=torch.int64)
        self.best_params = self.params.detach().clone()
        self.history = []

    def set_epoch_lr(self, epoch):
        if self.config.schedule == "cosine":
            factor = 0.5 * (1 + math.cos(math.pi * epoch / self.config.max_epochs))
            self.lr = self.base_lr * factor

    def batches(self, points, labels):
        """Shuffle each seed's rows with its own generator; return (x, y) batch views."""
        count = points.shape[1]
        order = torch.stack([torch.randperm(count, generator=g) for g in self.generators])
        flat = (order + self.rows * count).flatten()
        points = points.flatten(0, 1).index_select(0, flat).view(points.shape)
        labels = labels.flatten().index_select(0, flat).view(labels.shape)
        size = self.config.batch_size
        return [(points[:, start:start + size], labels[:, start:start + size])
                for start in range(0, count, size)]

    def step(self, x, y):
        config = self.config
        logits = self.network.apply(self.leaves, x)
        loss = F.cross_entropy(logits.flatten(0, 1), y.flatten(), reduction="none")
        # Summing per-seed mean losses gives each seed exactly its own gradient.
        total = loss.view(y.shape).mean(1).sum()
        for leaf in self.leaves:
            leaf.grad = None
        total.backward()
        grad = self.network.flat_gradient(self.leaves)
        if config.grad_clip is not None:
            norm = grad.norm(dim=1, keepdim=True)
            grad = grad * torch.clamp(config.grad_clip / (norm + 1e-6), max=1.0)
        self._adam(grad)

    @torch.no_grad()
    def _adam(self, grad):
        config = self.config
        beta1, beta2 = config.betas
        self.steps += 1
        lr = (self.lr * self.active)[:, None]
        if config.optimizer == "adamw" and config.weight_decay:
            self.params.mul_(1 - lr * config.weight_decay)
        elif config.weight_decay:
            grad = grad + config.weight_decay * self.params
        self.exp_avg.lerp_(grad, 1 - beta1)
        self.exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        correction1 = 1 - beta1**self.steps
        correction2_sqrt = math.sqrt(1 - beta2**self.steps)
        denom = (self.exp_avg_sq.sqrt() / correction2_sqrt).add_(config.eps)
        self.params.sub_(lr / correction1 * self.exp_avg / denom)

    def record(self, epoch, val_loss, val_accuracy, test_accuracy):
        config = self.config
        active = self.active
        self.history.append(torch.where(active, val_accuracy, torch.nan).tolist())
        self.epochs_run += active.long()

        improved = active & (val_accuracy > self.best_accuracy)
        self.best_accuracy = torch.where(improved, val_accuracy, self.best_accuracy)
        self.test_at_best = torch.where(improved, test_accuracy, self.test_at_best)
        self.best_epoch = torch.where(improved, epoch, self.best_epoch)
        self.best_params[improved] = self.params.detach()[improved]
        self.since_best = torch.where(improved, 0, self.since_best + active.long())

        if config.schedule == "plateau":
            better = val_loss < self.best_loss * (1 - 1e-4)
            self.best_loss = torch.where(active & better, val_loss, self.best_loss)
            self.bad_epochs = torch.where(better, 0, self.bad_epochs + 1)
            reduce = active & (self.bad_epochs > config.plateau_patience)
            self.lr = torch.where(reduce, self.lr * config.plateau_factor, self.lr)
            self.bad_epochs = torch.where(reduce, 0, self.bad_epochs)

        if config.patience is not None:
            self.active = active & (self.since_best < config.patience)
