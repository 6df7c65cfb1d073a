"""Registry of coordinate-wise activations, each flagged monotone or not.

Ren and Lim (arXiv:2606.31856) split width-d networks by their activation: a
monotone coordinate-wise activation keeps the linking number up to sign while
the class images stay disjoint, and one with a strict local extremum can fold
space and unlink. Each entry therefore records whether it is monotone and,
for nonmonotone ones, where its local extremum lies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
from torch import nn

from snappy_nn.errors import SnappyNNError


class Abs(nn.Module):
    """The absolute value |x|, the simplest fold: |x| = x + 2·ReLU(−x)."""

    def forward(self, x):
        return torch.abs(x)


@dataclass(frozen=True)
class Activation:
    """A registered activation.

    Attributes
    ----------
    name : str
        Registry key, lower case.
    factory : callable
        Returns a new ``torch.nn.Module`` computing the activation.
    monotone : bool
        True when the activation is nondecreasing on all of R.
    extremum : float or None
        Location of the strict local minimum of a nonmonotone activation,
        rounded to three decimals; None for monotone ones.
    bracket : tuple of float
        An interval containing the extremum, used to recompute it numerically.
    """

    name: str
    factory: object
    monotone: bool
    extremum: float | None = None
    bracket: tuple = field(default=())

    def module(self):
        """Return a new module computing this activation."""
        return self.factory()


ACTIVATIONS = {
    a.name: a
    for a in [
        Activation("relu", nn.ReLU, True),
        Activation("leaky_relu", lambda: nn.LeakyReLU(0.01), True),
        Activation("elu", nn.ELU, True),
        Activation("selu", nn.SELU, True),
        Activation("sigmoid", nn.Sigmoid, True),
        Activation("tanh", nn.Tanh, True),
        Activation("abs", Abs, False, 0.0, (-1.0, 1.0)),
        Activation("gelu", nn.GELU, False, -0.752, (-2.0, 0.0)),
        Activation("swish", nn.SiLU, False, -1.278, (-3.0, 0.0)),
        Activation("mish", nn.Mish, False, -1.192, (-3.0, 0.0)),
    ]
}

# Other spellings accepted by get_activation.
ALIASES = {"silu": "swish", "leakyrelu": "leaky_relu", "leaky-relu": "leaky_relu"}


def get_activation(name):
    """Return the registered :class:`Activation` called ``name`` (case-insensitive).

    Raises
    ------
    SnappyNNError
        If the name is not registered; the message lists the known names.

    Examples
    --------
    >>> get_activation("GELU").monotone, get_activation("gelu").extremum
    (False, -0.752)
    """
    key = str(name).lower()
    key = ALIASES.get(key, key)
    if key not in ACTIVATIONS:
        known = ", ".join(sorted(ACTIVATIONS))
        raise SnappyNNError(f"unknown activation {name!r}; choose one of: {known}")
    return ACTIVATIONS[key]


def locate_extremum(name, *, tolerance=1e-10):
    """Return the local minimum of a nonmonotone activation, found numerically.

    Uses golden-section search on the registered bracket, in float64.

    Examples
    --------
    >>> round(locate_extremum("swish"), 3)
    -1.278
    """
    activation = get_activation(name)
    if activation.monotone:
        raise SnappyNNError(
            f"activation {activation.name!r} is monotone and has no local extremum; "
            "pass one of the nonmonotone activations (abs, gelu, swish, mish)"
        )
    module = activation.module().double()

    def value(x):
        return float(module(torch.tensor([x], dtype=torch.float64))[0])

    low, high = activation.bracket
    ratio = (math.sqrt(5) - 1) / 2
    while high - low > tolerance:
        a = high - ratio * (high - low)
        b = low + ratio * (high - low)
        if value(a) < value(b):
            high = b
        else:
            low = a
    return (low + high) / 2
