"""Labelled real data for the point-cloud linking detector.

Every loader returns ``(points, labels)``: a 2-D array with one row per
sample and an int64 array of class labels. Nothing is downloaded:
scikit-learn ships the digits, and CIFAR-10 is read from a local copy of its
binary distribution without unpickling anything.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from snappy_nn.errors import SnappyNNError

CIFAR10_CLASSES = (
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
)
CIFAR10_RECORD = 1 + 3 * 32 * 32
CIFAR10_TRAIN = tuple(f"data_batch_{i}.bin" for i in range(1, 6))
CIFAR10_TEST = "test_batch.bin"
LABEL_COLUMNS = ("label", "component", "class")


class DatasetError(SnappyNNError, ValueError):
    """A data file or directory is missing, malformed, or holds invalid labels."""


def load_digits():
    """Return scikit-learn's 1,797 handwritten digits as 64-pixel rows and labels 0–9.

    Returns
    -------
    points : numpy.ndarray of float64, shape (1797, 64)
        Pixel intensities 0–16 of the 8×8 images, row by row.
    labels : numpy.ndarray of int64, shape (1797,)

    Examples
    --------
    >>> points, labels = load_digits()
    >>> points.shape, sorted(set(labels.tolist())) == list(range(10))
    ((1797, 64), True)
    """
    from sklearn.datasets import load_digits as sklearn_digits

    bunch = sklearn_digits()
    return bunch.data.astype(np.float64), bunch.target.astype(np.int64)


def load_cifar10(directory, *, test=False, batches=None):
    """Read CIFAR-10 images and labels from the binary distribution in ``directory``.

    Each record of a ``data_batch_*.bin`` file is 1 label byte followed by
    3,072 pixel bytes (1,024 red, 1,024 green, 1,024 blue, rows of 32).

    Parameters
    ----------
    directory : str or Path
        Folder holding ``data_batch_1.bin`` … ``data_batch_5.bin`` and
        ``test_batch.bin`` (the ``cifar-10-batches-bin`` folder).
    test : bool
        Read ``test_batch.bin`` instead of the training batches.
    batches : sequence of int, optional
        Training batch numbers (1–5) to read; all five by default.

    Returns
    -------
    images : numpy.ndarray of uint8, shape (n, 3072)
    labels : numpy.ndarray of int64, shape (n,)

    Raises
    ------
    DatasetError
        If a file is missing, its size is not a multiple of 3,073 bytes, or a
        label is outside 0–9.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise DatasetError(
            f"CIFAR-10 directory {directory} not found; pass the folder that contains "
            "data_batch_1.bin (cifar-10-batches-bin)"
        )
    if test:
        names = [CIFAR10_TEST]
    else:
        chosen = range(1, 6) if batches is None else batches
        names = []
        for number in chosen:
            if number not in range(1, 6):
                raise DatasetError(f"CIFAR-10 batch numbers are 1 to 5; got {number!r}")
            names.append(CIFAR10_TRAIN[number - 1])

    parts = [_read_cifar_file(directory / name) for name in names]
    images = np.concatenate([p[0] for p in parts])
    labels = np.concatenate([p[1] for p in parts])
    return images, labels


def _read_cifar_file(path):
    if not path.is_file():
        raise DatasetError(f"CIFAR-10 file {path} not found; check the directory")
    raw = np.fromfile(path, dtype=np.uint8)
    if raw.size == 0 or raw.size % CIFAR10_RECORD:
        raise DatasetError(
            f"{path} has {raw.size} bytes, not a positive multiple of the "
            f"{CIFAR10_RECORD}-byte record; the file is truncated or not CIFAR-10 binary"
        )
    records = raw.reshape(-1, CIFAR10_RECORD)
    labels = records[:, 0].astype(np.int64)
    bad = np.flatnonzero(labels > 9)
    if len(bad):
        raise DatasetError(
            f"{path}: record {bad[0]} has label {labels[bad[0]]}, outside 0–9; "
            "the file is not CIFAR-10 binary (CIFAR-100 has two label bytes)"
        )
    return records[:, 1:].copy(), labels


def load_point_cloud(path):
    """Read labelled points from ``.npz`` (arrays ``points``, ``labels``) or ``.csv``.

    A CSV file has a header. Its label column is named ``label``,
    ``component`` or ``class`` and may hold integers or names; every other
    column is a coordinate.

    Returns
    -------
    points : numpy.ndarray of float64, shape (n, d)
    labels : numpy.ndarray
        Integers when every label is an integer, strings otherwise.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "two.csv")
    >>> _ = open(path, "w").write("label,x,y,z\\n0,0,0,0\\n1,1,0,0\\n")
    >>> points, labels = load_point_cloud(path)
    >>> points.shape, labels.tolist()
    ((2, 3), [0, 1])
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"point file {path} not found")
    suffix = path.suffix.lower()
    if suffix == ".npz":
        return _read_npz(path)
    if suffix == ".csv":
        return _read_csv(path)
    raise DatasetError(f"{path}: unsupported suffix {suffix!r}; use .npz or .csv")


def _read_npz(path):
    try:
        with np.load(path, allow_pickle=False) as data:
            missing = {"points", "labels"} - set(data.files)
            if missing:
                raise DatasetError(
                    f"{path} lacks the array(s) {sorted(missing)}; it must hold 'points' "
                    "and 'labels'"
                )
            points, labels = data["points"], data["labels"]
    except (OSError, ValueError) as exc:
        if isinstance(exc, DatasetError):
            raise
        raise DatasetError(f"{path} is not a readable .npz file: {exc}") from exc
    if labels.dtype.kind in "fc" and np.all(labels == np.round(labels)):
        labels = labels.astype(np.int64)
    return _as_float(points, path), labels


def _read_csv(path):
    rows = list(csv.reader(io.StringIO(path.read_text())))
    if len(rows) < 2:
        raise DatasetError(f"{path} has no data rows under its header")
    header = [h.strip().lower() for h in rows[0]]
    found = [i for i, name in enumerate(header) if name in LABEL_COLUMNS]
    if not found:
        raise DatasetError(
            f"{path}: no label column in the header {rows[0]}; name it one of {LABEL_COLUMNS}"
        )
    column = found[0]
    body = [r for r in rows[1:] if r]
    widths = {len(r) for r in body}
    if widths != {len(header)}:
        raise DatasetError(
            f"{path}: rows have {sorted(widths)} fields but the header has {len(header)}"
        )
    labels = [r[column].strip() for r in body]
    try:
        coordinates = [[float(x) for i, x in enumerate(r) if i != column] for r in body]
    except ValueError as exc:
        raise DatasetError(f"{path}: a coordinate is not a number ({exc})") from exc
    try:
        labels = np.array([int(x) for x in labels], dtype=np.int64)
    except ValueError:
        labels = np.array(labels)
    return _as_float(np.array(coordinates), path), labels


def _as_float(points, path):
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2:
        raise DatasetError(f"{path}: points must be a 2-D array; got shape {points.shape}")
    return points
