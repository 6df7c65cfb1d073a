"""Width-d networks whose every hidden representation lives in R^d.

Each model is a sequence of layer maps R^d → R^d followed by a classifier head,
the only map out of R^d (Ren and Lim, arXiv:2606.31856, use d = 3 for links,
d = 2 for a disk against an annulus and d = 2n + 1 for linked n-spheres).
:meth:`WidthModel.layer_maps` returns the layer maps in order so that
:mod:`snappy_nn.tracking` can follow a link through them; with ``fine=True``
affine maps and activations come out as separate maps where the architecture
allows it.

Conventions
-----------
``depth`` counts the layer maps R^d → R^d and excludes the head. The paper's
Table 2 counts Linear layers including the 3 → 2 head, so its depth 5 is
``FeedForward(depth=4)`` here.
"""

from __future__ import annotations

import torch
from torch import nn

from snappy_nn.errors import SnappyNNError
from snappy_nn.nn.activations import get_activation


class WidthModel(nn.Module):
    """Base class: ``layers`` (maps R^d → R^d) then ``head`` (R^d → classes)."""

    architecture = "base"

    def __init__(self, d, n_classes):
        super().__init__()
        _check_positive("d", d)
        _check_positive("n_classes", n_classes)
        self.d = int(d)
        self.n_classes = int(n_classes)
        self.layers = nn.ModuleList()
        self.head = nn.Linear(self.d, self.n_classes).double()

    def layer_maps(self, fine=False):
        """Return the layer maps R^d → R^d in order.

        With ``fine=True`` every affine map and every activation is its own
        map where the architecture separates them (feedforward, transformer);
        a residual block or coupling layer stays whole.
        """
        if not fine:
            return list(self.layers)
        maps = []
        for layer in self.layers:
            maps.extend(_fine_parts(layer))
        return maps

    def features(self, x):
        """Return the image of ``x`` after the last layer map, still in R^d."""
        for layer in self.layers:
            x = layer(x)
        return x

    def forward(self, x):
        return self.head(self.features(x))

    @property
    def depth(self):
        return len(self.layers)

    def config(self):
        """Return the constructor arguments as a JSON-ready dict."""
        return {"architecture": self.architecture, "d": self.d, "n_classes": self.n_classes}


def _fine_parts(layer):
    if isinstance(layer, nn.Sequential):
        return list(layer)
    return [layer]


def _check_positive(name, value):
    if int(value) != value or value < 1:
        raise SnappyNNError(f"{name} must be a positive integer, got {value!r}")


def _linear(d_in, d_out):
    return nn.Linear(d_in, d_out).double()


# Feedforward and ResNet --------------------------------------------------------


class FeedForward(WidthModel):
    """Feedforward network σ ∘ A_L ∘ … ∘ σ ∘ A_1 of width d, then a linear head.

    Examples
    --------
    >>> model = FeedForward(d=3, depth=2, activation="gelu")
    >>> [type(m).__name__ for m in model.layer_maps(fine=True)]
    ['Linear', 'GELU', 'Linear', 'GELU']
    """

    architecture = "feedforward"

    def __init__(self, d=3, depth=4, activation="relu", n_classes=2):
        super().__init__(d, n_classes)
        _check_positive("depth", depth)
        self.activation = get_activation(activation).name
        for _ in range(depth):
            self.layers.append(
                nn.Sequential(_linear(self.d, self.d), get_activation(activation).module())
            )

    def config(self):
        return {**super().config(), "depth": self.depth, "activation": self.activation}


class ResidualBlock(nn.Module):
    """The block x ↦ x + A_2 σ(A_1 x), optionally followed by a ReLU.

    ``post_relu=True`` applies ReLU after the addition, as the authors'
    released experiment code does.
    """

    def __init__(self, d=3, activation="relu", post_relu=False):
        super().__init__()
        self.inner = _linear(d, d)
        self.activation = get_activation(activation).module()
        self.outer = _linear(d, d)
        self.post_relu = bool(post_relu)

    def forward(self, x):
        y = x + self.outer(self.activation(self.inner(x)))
        return torch.relu(y) if self.post_relu else y


def abs_block(d=3):
    """Return the residual block x + 2·ReLU(−x), which equals |x| coordinate-wise.

    Examples
    --------
    >>> block = abs_block(3)
    >>> block(torch.tensor([[-1.5, 0.0, 2.0]], dtype=torch.float64)).tolist()
    [[1.5, 0.0, 2.0]]
    """
    block = ResidualBlock(d, "relu")
    with torch.no_grad():
        block.inner.weight.copy_(-torch.eye(d, dtype=torch.float64))
        block.inner.bias.zero_()
        block.outer.weight.copy_(2 * torch.eye(d, dtype=torch.float64))
        block.outer.bias.zero_()
    return block


class ResNet(WidthModel):
    """Residual network of width d: ``depth`` blocks x + A_2 σ(A_1 x), then a head."""

    architecture = "resnet"

    def __init__(self, d=3, depth=4, activation="relu", n_classes=2, post_relu=False):
        super().__init__(d, n_classes)
        _check_positive("depth", depth)
        self.activation = get_activation(activation).name
        self.post_relu = bool(post_relu)
        for _ in range(depth):
            self.layers.append(ResidualBlock(self.d, activation, post_relu))

    def config(self):
        return {
            **super().config(),
            "depth": self.depth,
            "activation": self.activation,
            "post_relu": self.post_relu,
        }


# Pure transformer --------------------------------------------------------------


class TokenAttention(nn.Module):
    """Self-attention on a short token sequence built from one point x ∈ R^d.

    Token k is x + p_k with a learned positional encoding p_k ∈ R^d. The
    query of the last token attends to every key; the output is
    W_o Σ_k softmax_k(scale · q·k_k) v_k + b_o. All maps are d × d, so no
    intermediate dimension exceeds d, and there is no residual connection and
    no normalisation.
    """

    def __init__(self, d=3, tokens=2, scale=1.0):
        super().__init__()
        _check_positive("tokens", tokens)
        self.positions = nn.Parameter(0.1 * torch.randn(tokens, d, dtype=torch.float64))
        self.query = _linear(d, d)
        self.key = _linear(d, d)
        self.value = _linear(d, d)
        self.output = _linear(d, d)
        self.scale = float(scale)

    def attention_weights(self, x):
        """Return the softmax weights of the last token's query, shape (n, tokens)."""
        tokens = x[:, None, :] + self.positions[None, :, :]
        query = self.query(tokens[:, -1, :])
        keys = self.key(tokens)
        scores = self.scale * torch.einsum("nkd,nd->nk", keys, query)
        return torch.softmax(scores, dim=1)

    def forward(self, x):
        tokens = x[:, None, :] + self.positions[None, :, :]
        weights = self.attention_weights(x)
        mixed = torch.einsum("nk,nkd->nd", weights, self.value(tokens))
        return self.output(mixed)


def fold_attention(d=3, coordinate=0):
    """Return the two-token attention layer that folds one coordinate.

    With positional encodings p_1 = 0 and p_2 = e_i, query weight −5 and bias
    4.3, key weight 5, value and output weights 1 on coordinate i (the
    published construction of Ren and Lim, arXiv:2606.31856), coordinate i
    becomes g(x) = x + 1 − sigmoid(25x + 3.5), which has a local minimum near
    x ≈ −0.015; the other coordinates pass through unchanged.

    Examples
    --------
    >>> layer = fold_attention(1, 0)
    >>> x = torch.tensor([[-0.5], [-0.015], [0.5]], dtype=torch.float64)
    >>> [round(v, 3) for v in layer(x)[:, 0].tolist()]
    [0.5, 0.027, 0.5]
    """
    if not 0 <= coordinate < d:
        raise SnappyNNError(f"coordinate {coordinate} is out of range for d = {d}")
    layer = TokenAttention(d, tokens=2, scale=1.0)
    eye = torch.eye(d, dtype=torch.float64)
    unit = eye[coordinate]
    with torch.no_grad():
        layer.positions.copy_(torch.stack([torch.zeros(d, dtype=torch.float64), unit]))
        layer.query.weight.copy_(-5.0 * torch.outer(unit, unit))
        layer.query.bias.copy_(4.3 * unit)
        layer.key.weight.copy_(5.0 * torch.outer(unit, unit))
        layer.key.bias.zero_()
        layer.value.weight.copy_(eye)
        layer.value.bias.zero_()
        layer.output.weight.copy_(eye)
        layer.output.bias.zero_()
    return layer


class PureTransformer(WidthModel):
    """Transformer of width d without residuals or normalisation.

    Each layer is attention (:class:`TokenAttention`), then an affine map,
    then an activation, acting on every point independently.
    """

    architecture = "transformer"

    def __init__(self, d=3, depth=2, activation="relu", n_classes=2, tokens=2):
        super().__init__(d, n_classes)
        _check_positive("depth", depth)
        self.activation = get_activation(activation).name
        self.tokens = int(tokens)
        for _ in range(depth):
            self.layers.append(
                nn.Sequential(
                    TokenAttention(self.d, self.tokens),
                    _linear(self.d, self.d),
                    get_activation(activation).module(),
                )
            )

    def config(self):
        return {
            **super().config(),
            "depth": self.depth,
            "activation": self.activation,
            "tokens": self.tokens,
        }


# Invertible flow ---------------------------------------------------------------


class AffineCoupling(nn.Module):
    """RealNVP coupling: coordinates outside ``mask`` are scaled and shifted.

    y_a = x_a, y_b = x_b · exp(s(x_a)) + t(x_a) for the masked coordinates a
    and the others b. The Jacobian determinant exp(Σ s) is positive, so the
    layer preserves orientation.
    """

    def __init__(self, d, mask):
        super().__init__()
        mask = torch.as_tensor(mask, dtype=torch.bool)
        if mask.shape != (d,) or mask.all() or not mask.any():
            raise SnappyNNError(
                f"a coupling mask must mark some but not all of the {d} coordinates, "
                f"got {mask.tolist()}"
            )
        self.register_buffer("mask", mask)
        kept, changed = int(mask.sum()), int((~mask).sum())
        self.scale_net = nn.Sequential(_linear(kept, d), nn.Tanh(), _linear(d, changed))
        self.shift_net = nn.Sequential(_linear(kept, d), nn.Tanh(), _linear(d, changed))

    def _scale_shift(self, kept):
        return torch.tanh(self.scale_net(kept)), self.shift_net(kept)

    def forward(self, x):
        scale, shift = self._scale_shift(x[:, self.mask])
        y = x.clone()
        y[:, ~self.mask] = x[:, ~self.mask] * torch.exp(scale) + shift
        return y

    def inverse(self, y):
        scale, shift = self._scale_shift(y[:, self.mask])
        x = y.clone()
        x[:, ~self.mask] = (y[:, ~self.mask] - shift) * torch.exp(-scale)
        return x


class InvertibleLinear(nn.Module):
    """Invertible affine map x ↦ Wx + b with W = P L U kept invertible by construction.

    L is unit lower triangular and U upper triangular with nonzero diagonal
    sign · exp(log_scale), so det W = det P · Π sign · exp(Σ log_scale) ≠ 0.
    """

    def __init__(self, d):
        super().__init__()
        start = torch.linalg.qr(torch.randn(d, d, dtype=torch.float64))[0]
        permutation, lower, upper = torch.linalg.lu(start)
        diagonal = torch.diagonal(upper)
        self.register_buffer("permutation", permutation)
        self.register_buffer("signs", torch.sign(diagonal))
        self.lower = nn.Parameter(torch.tril(lower, -1))
        self.upper = nn.Parameter(torch.triu(upper, 1))
        self.log_scale = nn.Parameter(torch.log(diagonal.abs()))
        self.bias = nn.Parameter(torch.zeros(d, dtype=torch.float64))

    def weight(self):
        d = len(self.bias)
        eye = torch.eye(d, dtype=torch.float64)
        lower = torch.tril(self.lower, -1) + eye
        upper = torch.triu(self.upper, 1) + torch.diag(self.signs * torch.exp(self.log_scale))
        return self.permutation @ lower @ upper

    def orientation_sign(self):
        """Return sign(det W) as an int, +1 or −1."""
        return int(torch.sign(torch.linalg.det(self.permutation) * self.signs.prod()).item())

    def forward(self, x):
        return x @ self.weight().T + self.bias

    def inverse(self, y):
        return torch.linalg.solve(self.weight(), (y - self.bias).T).T


class Flow(WidthModel):
    """Normalizing flow of width d: ``depth`` pairs (coupling, invertible linear mix).

    Every layer map is a homeomorphism of R^d with an exact :meth:`inverse`.

    Examples
    --------
    >>> flow = Flow(d=3, depth=2)
    >>> x = torch.randn(5, 3, dtype=torch.float64)
    >>> bool(torch.allclose(flow.inverse(flow.features(x)), x))
    True
    """

    architecture = "flow"

    def __init__(self, d=3, depth=2, n_classes=2):
        super().__init__(d, n_classes)
        _check_positive("depth", depth)
        if self.d < 2:
            raise SnappyNNError("a coupling flow needs d >= 2 to split coordinates")
        for index in range(depth):
            mask = [(k + index) % 2 == 0 for k in range(self.d)]
            self.layers.append(AffineCoupling(self.d, mask))
            self.layers.append(InvertibleLinear(self.d))

    def inverse(self, y):
        """Return the preimage of ``y`` under all layer maps."""
        for layer in reversed(self.layers):
            y = layer.inverse(y)
        return y

    def orientation_sign(self):
        """Return +1 if the flow preserves orientation of R^d, −1 if it reverses it."""
        sign = 1
        for layer in self.layers:
            if isinstance(layer, InvertibleLinear):
                sign *= layer.orientation_sign()
        return sign

    @property
    def depth(self):
        return len(self.layers) // 2

    def config(self):
        return {**super().config(), "depth": self.depth}


# Autoencoder -------------------------------------------------------------------


class AutoEncoder(WidthModel):
    """Autoencoder R^n → R^d → R^n with a width-d bottleneck and a monotone activation.

    Encoder: ``depth`` stages, each affine then activation, the last one
    landing in R^d; the decoder mirrors it, ending with an affine map back to
    R^n. The head classifies from the bottleneck. Every layer map is
    R^n → R^n only when n = d.
    """

    architecture = "autoencoder"

    def __init__(self, n=3, d=3, depth=2, activation="relu", n_classes=2):
        super().__init__(d, n_classes)
        _check_positive("n", n)
        _check_positive("depth", depth)
        if n < d:
            raise SnappyNNError(f"the input dimension n = {n} must be at least d = {d}")
        entry = get_activation(activation)
        if not entry.monotone:
            raise SnappyNNError(
                f"autoencoders here use monotone activations, got {entry.name!r}; "
                "use relu, leaky_relu, elu, selu, sigmoid or tanh"
            )
        self.n = int(n)
        self.activation = entry.name
        widths = [self.n] * depth + [self.d]
        encoder = [
            nn.Sequential(_linear(a, b), entry.module())
            for a, b in zip(widths, widths[1:], strict=False)
        ]
        back = widths[::-1]
        decoder = [
            nn.Sequential(_linear(a, b), entry.module())
            for a, b in zip(back[:-2], back[1:-1], strict=True)
        ]
        decoder.append(_linear(back[-2], back[-1]))
        self.layers = nn.ModuleList(encoder + decoder)
        self.encoder_stages = len(encoder)

    def encode(self, x):
        """Return the bottleneck representation in R^d."""
        for layer in self.layers[: self.encoder_stages]:
            x = layer(x)
        return x

    def decode(self, z):
        """Return the reconstruction in R^n of a bottleneck point."""
        for layer in self.layers[self.encoder_stages :]:
            z = layer(z)
        return z

    def forward(self, x):
        """Return the class scores computed from the bottleneck."""
        return self.head(self.encode(x))

    def reconstruct(self, x):
        """Return decode(encode(x)), the reconstruction in R^n."""
        return self.decode(self.encode(x))

    def features(self, x):
        return self.reconstruct(x)

    @property
    def depth(self):
        return self.encoder_stages

    def config(self):
        return {
            **super().config(),
            "n": self.n,
            "depth": self.depth,
            "activation": self.activation,
        }


ARCHITECTURES = {
    cls.architecture: cls
    for cls in (FeedForward, ResNet, PureTransformer, Flow, AutoEncoder)
}


def build_model(config, *, seed=None):
    """Return a new model from a configuration dict as written by ``model.config()``.

    Parameters
    ----------
    config : dict
        ``architecture`` plus the constructor arguments.
    seed : int, optional
        Seed for the initial weights; the global torch generator is left as
        it was.

    Examples
    --------
    >>> model = build_model({"architecture": "resnet", "d": 3, "depth": 2}, seed=0)
    >>> model.config()["depth"], len(model.layer_maps())
    (2, 2)
    """
    config = dict(config)
    name = config.pop("architecture", None)
    if name not in ARCHITECTURES:
        known = ", ".join(sorted(ARCHITECTURES))
        raise SnappyNNError(f"unknown architecture {name!r}; choose one of: {known}")
    cls = ARCHITECTURES[name]
    try:
        with torch.random.fork_rng(devices=[]):
            if seed is not None:
                torch.manual_seed(int(seed))
            return cls(**config)
    except TypeError as exc:
        raise SnappyNNError(f"invalid configuration for {name!r}: {exc}") from exc
