"""The classification experiments of Ren and Lim (arXiv:2606.31856), reproducible by name.

Many seeds of one small network train as one batched computation
(:mod:`~snappy_nn.experiments.batched`); the protocols of Tables 2, 3, 4, 7 and 8
and of the disk vs annulus task are named cells
(:mod:`~snappy_nn.experiments.protocols`); the runner stores finished cells so
that a run resumes, and runs them in a local process pool or on a Dask cluster
(:mod:`~snappy_nn.experiments.runner`). This subpackage needs torch.
"""

from snappy_nn.experiments.batched import (
    BatchedNetwork,
    NetworkSpec,
    TrainConfig,
    TrainResult,
    train_batched,
)
from snappy_nn.experiments.errors import ExperimentError, TrialStoreError
from snappy_nn.experiments.protocols import PROTOCOLS, experiment_names, make_cells, run_cell
from snappy_nn.experiments.runner import TrialStore, import_distributed, run_experiment

__all__ = [
    "PROTOCOLS",
    "BatchedNetwork",
    "ExperimentError",
    "NetworkSpec",
    "TrainConfig",
    "TrainResult",
    "TrialStore",
    "TrialStoreError",
    "experiment_names",
    "import_distributed",
    "make_cells",
    "run_cell",
    "run_experiment",
    "train_batched",
]
