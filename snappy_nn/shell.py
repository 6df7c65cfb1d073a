"""Opt-in methods on ``snappy.Link`` and ``spherogram.Link`` for the SnapPy shell.

``import snappy_nn`` changes nothing in SnapPy or spherogram. Calling
:func:`install` attaches a few thin methods to ``spherogram.Link``, and so to
its subclass ``snappy.Link``. Each one only calls a public function of
snappy_nn that works on its own. :func:`uninstall` removes them again.

Examples
--------
>>> import snappy, snappy_nn.shell
>>> hasattr(snappy.Link, "polygonal_embedding")
False
>>> snappy_nn.shell.install()
>>> L = snappy.Link("L2a1")
>>> L.gauss_linking_matrix(resolution=60).tolist()
[[0, -1], [-1, 0]]
>>> snappy_nn.shell.uninstall()
>>> hasattr(snappy.Link, "polygonal_embedding")
False
"""

from __future__ import annotations

import spherogram

from snappy_nn.embedding import DEFAULT_RESOLUTION, embed
from snappy_nn.linking import linking_matrix


def polygonal_embedding(self, resolution=DEFAULT_RESOLUTION):
    """Return closed polygons in R^3 realising this link, as :func:`snappy_nn.embed` does."""
    return embed(self, resolution)


def gauss_linking_matrix(self, resolution=DEFAULT_RESOLUTION):
    """Return the exact linking matrix of this link's embedding, with every component kept."""
    return linking_matrix(embed(self, resolution))


def track_through(self, model, resolution=DEFAULT_RESOLUTION, **options):
    """Embed this link and follow it through ``model`` with :func:`snappy_nn.tracking.track`."""
    from snappy_nn.tracking import track

    return track(embed(self, resolution), model, **options)


def nn_invariants(self, which=("group", "milnor", "knots")):
    """Return linking matrix, Milnor invariants, link group and knot types as a dict."""
    from snappy_nn.invariants import invariants_report

    return invariants_report(self, which)


METHODS = {
    "polygonal_embedding": polygonal_embedding,
    "gauss_linking_matrix": gauss_linking_matrix,
    "track_through": track_through,
    "nn_invariants": nn_invariants,
}


def install():
    """Attach the snappy_nn methods to ``spherogram.Link`` and so to ``snappy.Link``.

    Raises
    ------
    RuntimeError
        If spherogram already has an attribute of one of these names that
        snappy_nn did not put there; nothing is attached in that case.
    """
    clashes = [
        name for name, fn in METHODS.items()
        if hasattr(spherogram.Link, name) and getattr(spherogram.Link, name) is not fn
    ]
    if clashes:
        raise RuntimeError(
            f"spherogram.Link already has {clashes}; snappy_nn.shell.install() would hide "
            "them, so it attached nothing. Call the functions in snappy_nn directly instead."
        )
    for name, fn in METHODS.items():
        setattr(spherogram.Link, name, fn)


def uninstall():
    """Remove the methods that :func:`install` attached."""
    for name, fn in METHODS.items():
        if getattr(spherogram.Link, name, None) is fn:
            delattr(spherogram.Link, name)
