"""Exception classes of the experiment runner."""

from __future__ import annotations

from snappy_nn.errors import SnappyNNError


class ExperimentError(SnappyNNError, ValueError):
    """An experiment name, protocol setting or dataset parameter is invalid."""


class TrialStoreError(SnappyNNError, RuntimeError):
    """A results file cannot be read or belongs to another experiment."""
