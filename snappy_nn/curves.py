"""Closed oriented polygons in R^d: the value type every part of snappy_nn passes around.

Conventions
-----------
A component is a float64 array of shape (n, d). Its vertices are listed in
the component's orientation and the polygon is closed implicitly: the last
vertex joins the first, and the first vertex is not repeated at the end.
Component order is the order of the source link, so row ``i`` of a linking
matrix always belongs to component ``i``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np

from snappy_nn._geometry import closed_segments, polygon_distance
from snappy_nn.errors import PolygonError

NPZ_FORMAT = "snappy_nn.PolygonalLink"
NPZ_VERSION = 1


class PolygonalLink:
    """A link made of closed oriented polygons.

    Parameters
    ----------
    components : sequence of array_like
        One array of shape (n_i, d) per component. Consecutive repeated
        vertices, and a last vertex equal to the first, are merged.
    name : str, optional
        Where the link came from, for example ``"L2a1"``.
    info : dict, optional
        JSON-serialisable facts about how the polygons were made (resolution,
        refinement, seed).

    Raises
    ------
    PolygonError
        If a coordinate is not finite, the arrays have the wrong shape, the
        components have different dimensions, or a component has fewer than
        three distinct vertices.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.linspace(0, 2 * np.pi, 4, endpoint=False)
    >>> square = np.stack([np.cos(t), np.sin(t), 0 * t], axis=1)
    >>> P = PolygonalLink([square, square + [5, 0, 0]], name="two squares")
    >>> P
    <PolygonalLink two squares: 2 components, 8 vertices in R^3>
    >>> round(P.min_distance(0, 1), 6)
    3.0
    """

    def __init__(self, components, *, name=None, info=None):
        if isinstance(components, np.ndarray) and components.ndim == 2:
            components = [components]
        arrays = [_clean_component(c, index) for index, c in enumerate(components)]
        if not arrays:
            raise PolygonError("a PolygonalLink needs at least one component; none was given")
        dims = {a.shape[1] for a in arrays}
        if len(dims) > 1:
            raise PolygonError(
                f"components have different dimensions {sorted(dims)}; "
                "every component must live in the same R^d"
            )
        for a in arrays:
            a.setflags(write=False)
        self._components = tuple(arrays)
        self.name = name
        self.info = dict(info or {})

    # Basic access ---------------------------------------------------------

    @property
    def components(self):
        """Tuple of read-only vertex arrays, one per component."""
        return self._components

    @property
    def dimension(self):
        """Dimension d of the ambient space R^d."""
        return self._components[0].shape[1]

    @property
    def num_vertices(self):
        """Total number of vertices over all components."""
        return sum(len(c) for c in self._components)

    def __len__(self):
        return len(self._components)

    def __getitem__(self, index):
        return self._components[index]

    def __iter__(self):
        return iter(self._components)

    def __repr__(self):
        label = f" {self.name}" if self.name else ""
        k = len(self)
        return (
            f"<PolygonalLink{label}: {k} component{'s' if k != 1 else ''}, "
            f"{self.num_vertices} vertices in R^{self.dimension}>"
        )

    def _derive(self, components, **info):
        return PolygonalLink(components, name=self.name, info={**self.info, **info})

    def segment_lengths(self, index):
        """Return the lengths of the segments of component ``index``."""
        start, end = closed_segments(self._components[index])
        return np.linalg.norm(end - start, axis=1)

    def lengths(self):
        """Return the total length of each component."""
        return np.array([self.segment_lengths(i).sum() for i in range(len(self))])

    def bounding_box(self):
        """Return the lower and upper corners of the box containing every vertex."""
        points = np.concatenate(self._components)
        return points.min(axis=0), points.max(axis=0)

    def diameter(self):
        """Return the length of the diagonal of the bounding box."""
        low, high = self.bounding_box()
        return float(np.linalg.norm(high - low))

    # New links from this one ------------------------------------------------

    def resample(self, resolution):
        """Return the link with vertices evenly spaced by arc length.

        Parameters
        ----------
        resolution : int or sequence of int
            Vertices per component, at least 3; a sequence gives one count per
            component.

        Warnings
        --------
        Resampling cuts corners, so a coarse resolution can change how the
        components wind around each other. The embedding and tracking code
        check the result; call :func:`snappy_nn.linking.linking_matrix` on
        the resampled link when you resample by hand.
        """
        counts = np.broadcast_to(np.asarray(resolution, dtype=int), (len(self),))
        if (counts < 3).any():
            raise PolygonError(f"resolution {resolution!r} is too low; use at least 3 vertices")
        resampled = [_resample(c, int(n)) for c, n in zip(self._components, counts, strict=True)]
        return self._derive(resampled, resolution=counts.tolist())

    def subdivide(self, factor):
        """Return the same curves with each segment split into ``factor`` equal parts."""
        factor = int(factor)
        if factor < 1:
            raise PolygonError(f"subdivision factor {factor} must be a positive integer")
        steps = np.arange(factor)[None, :, None] / factor
        parts = []
        for c in self._components:
            start, end = closed_segments(c)
            points = start[:, None, :] + steps * (end - start)[:, None, :]
            parts.append(points.reshape(-1, c.shape[1]))
        return self._derive(parts)

    def reversed(self, index=None):
        """Return the link with component ``index`` (default: all) traversed backwards."""
        chosen = range(len(self)) if index is None else {index % len(self)}
        flipped = [c[::-1] if i in chosen else c for i, c in enumerate(self._components)]
        return self._derive(flipped)

    def transformed(self, matrix=None, translation=None):
        """Return the image under ``x -> matrix @ x + translation``."""
        matrix = np.eye(self.dimension) if matrix is None else np.asarray(matrix, float)
        shift = np.zeros(self.dimension) if translation is None else np.asarray(translation)
        return self._derive([c @ matrix.T + shift for c in self._components])

    def mirror(self, axis=2):
        """Return the mirror image in the hyperplane where coordinate ``axis`` is 0."""
        flip = np.ones(self.dimension)
        flip[axis] = -1
        return self.transformed(np.diag(flip))

    def permuted(self, order):
        """Return the link with its components in the given order."""
        return self._derive([self._components[i] for i in order])

    def apply(self, fn, *, batch_size=65536):
        """Return the image of every vertex under a map.

        Parameters
        ----------
        fn : callable or torch.nn.Module
            A numpy callable taking an (n, d) array, or a torch module taking
            an (n, d) tensor. Torch modules run in evaluation mode without
            gradients, in float64.
        batch_size : int
            Vertices per call, to bound memory.

        Notes
        -----
        Only vertices are mapped and consecutive images are joined by straight
        segments, which is faithful only when segments are short compared
        with how much the map bends them; :mod:`snappy_nn.tracking` refines
        until it is.
        """
        points = np.concatenate(self._components)
        mapping = as_numpy_map(fn)
        images = np.concatenate(
            [mapping(points[i : i + batch_size]) for i in range(0, len(points), batch_size)]
        )
        if images.ndim != 2 or len(images) != len(points):
            raise PolygonError(
                f"the map returned shape {images.shape} for {len(points)} points; "
                "it must return one row per point"
            )
        splits = np.cumsum([len(c) for c in self._components])[:-1]
        return self._derive(np.split(images, splits))

    # Distances --------------------------------------------------------------

    def closest_approach(self, i, j):
        """Return the minimum distance between components ``i`` and ``j`` and where it is.

        The distance is between segments, not only vertices.

        Returns
        -------
        distance : float
        segments : tuple of int
            Index of the closest segment on each component.
        point : numpy.ndarray
            Midpoint of the closest pair of points.
        """
        return polygon_distance(self._components[i], self._components[j])

    def min_distance(self, i, j):
        """Return the minimum distance between the segments of components ``i`` and ``j``."""
        return self.closest_approach(i, j)[0]

    def distance_matrix(self):
        """Return the symmetric matrix of minimum distances between components."""
        k = len(self)
        result = np.zeros((k, k))
        for i in range(k):
            for j in range(i + 1, k):
                result[i, j] = result[j, i] = self.min_distance(i, j)
        return result

    # Input and output -------------------------------------------------------

    def save(self, path):
        """Write the link to ``path``; the suffix chooses the format.

        ``.npz`` keeps everything (name and info included); ``.csv`` writes a
        header ``component,x,y,z`` and one vertex a row; ``.txt`` writes one
        vertex a line as whitespace-separated coordinates with a blank line
        between components.
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".npz":
            arrays = {f"component_{i}": c for i, c in enumerate(self._components)}
            meta = {"format": NPZ_FORMAT, "version": NPZ_VERSION, "name": self.name,
                    "info": self.info, "num_components": len(self)}
            np.savez(path, meta=np.array(json.dumps(meta)), **arrays)
        elif suffix == ".csv":
            path.write_text(self.to_csv())
        elif suffix == ".txt":
            path.write_text(self.to_text())
        else:
            raise PolygonError(f"unknown file type {suffix!r} for {path}; use .npz, .csv or .txt")

    def to_csv(self):
        """Return the CSV text with header ``component,x,y,z`` (more axes for d > 3)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["component", *_axis_names(self.dimension)])
        for i, c in enumerate(self._components):
            writer.writerows([i, *map(repr, map(float, v))] for v in c)
        return out.getvalue()

    def to_text(self):
        """Return whitespace-separated vertices, one a line, with blank lines between components."""
        blocks = [
            "\n".join(" ".join(repr(float(x)) for x in v) for v in c) for c in self._components
        ]
        return "\n\n".join(blocks) + "\n"

    @classmethod
    def load(cls, path):
        """Read a link written by :meth:`save` or by another tool in the same formats.

        Raises
        ------
        PolygonError
            If the file is missing, of unknown type, or malformed.
        """
        path = Path(path)
        if not path.is_file():
            raise PolygonError(f"no such file: {path}")
        suffix = path.suffix.lower()
        if suffix == ".npz":
            return _load_npz(path)
        text = path.read_text()
        name = path.stem
        if suffix == ".csv":
            return cls.from_csv(text, name=name)
        if suffix in (".txt", ".dat", ".xyz"):
            return cls.from_text(text, name=name)
        raise PolygonError(f"unknown file type {suffix!r} for {path}; use .npz, .csv or .txt")

    @classmethod
    def from_csv(cls, text, *, name=None):
        """Parse CSV text with a header ``component,x,y,z``; rows of a component stay in order."""
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or rows[0][:1] != ["component"]:
            raise PolygonError(
                "CSV polygon files must start with the header 'component,x,y,z'; "
                f"found {rows[0] if rows else 'an empty file'}"
            )
        grouped = {}
        width = len(rows[0])
        for line_number, row in enumerate(rows[1:], start=2):
            if not row:
                continue
            if len(row) != width:
                raise PolygonError(
                    f"CSV line {line_number} has {len(row)} fields but the header has {width}: "
                    f"{row}; give every vertex all its coordinates"
                )
            try:
                key = int(row[0])
                grouped.setdefault(key, []).append([float(x) for x in row[1:]])
            except ValueError as exc:
                raise PolygonError(f"CSV line {line_number} is not numeric: {row}") from exc
        return cls([np.array(grouped[k]) for k in sorted(grouped)], name=name)

    @classmethod
    def from_text(cls, text, *, name=None):
        """Parse whitespace-separated vertices, one a line.

        Blank lines separate components and '#' starts a comment.
        """
        blocks, current = [], []
        for line_number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                if current:
                    blocks.append(current)
                    current = []
                continue
            try:
                vertex = [float(x) for x in line.replace(",", " ").split()]
            except ValueError as exc:
                raise PolygonError(f"line {line_number} is not numeric: {raw!r}") from exc
            if current and len(vertex) != len(current[0]):
                raise PolygonError(
                    f"line {line_number} has {len(vertex)} coordinates but the lines before it "
                    f"have {len(current[0])}: {raw!r}; give every vertex all its coordinates"
                )
            current.append(vertex)
        if current:
            blocks.append(current)
        return cls([np.array(b) for b in blocks], name=name)


def _axis_names(d):
    return ["x", "y", "z"] if d == 3 else [f"x{i}" for i in range(d)]


def _clean_component(vertices, index):
    try:
        array = np.array(vertices, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise PolygonError(f"component {index} is not a numeric array: {exc}") from exc
    if array.ndim != 2 or array.shape[1] < 2:
        raise PolygonError(
            f"component {index} has shape {array.shape}; expected (n, d) with d >= 2"
        )
    bad = ~np.isfinite(array).all(axis=1)
    if bad.any():
        row = int(np.argmax(bad))
        raise PolygonError(
            f"component {index} has a non-finite vertex {array[row].tolist()} at position {row} "
            "(counting from 0 within the component); remove or repair it"
        )

    # Merge consecutive repeats, including a closing vertex equal to the first.
    keep = np.any(array != np.roll(array, 1, axis=0), axis=1)
    if not keep.any():
        keep[0] = True
    array = array[keep]
    if len(array) < 3:
        raise PolygonError(
            f"component {index} has {len(array)} distinct vertices; a closed polygon needs "
            "at least 3"
        )
    return np.ascontiguousarray(array)


def _resample(vertices, count):
    start, end = closed_segments(vertices)
    cumulative = np.concatenate([[0.0], np.cumsum(np.linalg.norm(end - start, axis=1))])
    closed = np.vstack([vertices, vertices[:1]])
    targets = np.linspace(0.0, cumulative[-1], count, endpoint=False)
    return np.stack(
        [np.interp(targets, cumulative, closed[:, axis]) for axis in range(vertices.shape[1])],
        axis=1,
    )


def as_numpy_map(fn):
    """Return ``fn`` as a map from (n, d) float64 arrays to float64 arrays.

    A torch module is copied in float64 and evaluation mode, so that float32
    rounding does not blur distances between components near a collision.
    """
    if not _is_torch_module(fn):
        return lambda points: np.asarray(fn(points), dtype=np.float64)

    import copy

    import torch

    model = copy.deepcopy(fn).double().eval()

    def mapping(points):
        with torch.no_grad():
            return model(torch.as_tensor(points, dtype=torch.float64)).numpy()

    return mapping


def _is_torch_module(fn):
    return any(cls.__module__.startswith("torch.nn") for cls in type(fn).__mro__)


def _load_npz(path):
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if meta.get("format") != NPZ_FORMAT:
                raise PolygonError(f"{path} is not a snappy_nn polygon file")
            count = int(meta["num_components"])
            components = [data[f"component_{i}"] for i in range(count)]
    except PolygonError:
        raise
    except Exception as exc:  # zipfile, KeyError, JSON errors: all mean a bad file
        # numpy's own message for a non-archive suggests allow_pickle, which
        # would execute code from the file, so it is not passed on.
        reason = "not an .npz archive" if "pickle" in str(exc) else str(exc)
        raise PolygonError(
            f"{path} is not a readable snappy_nn .npz polygon file ({reason}); write it with "
            "PolygonalLink.save or snappy-nn embed -o FILE.npz"
        ) from exc
    return PolygonalLink(components, name=meta.get("name"), info=meta.get("info"))
