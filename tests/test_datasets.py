"""Loaders of real data: scikit-learn digits, CIFAR-10 binary batches, point files."""

from __future__ import annotations

import numpy as np
import pytest

from snappy_nn.datasets import (
    CIFAR10_RECORD,
    DatasetError,
    load_cifar10,
    load_digits,
    load_point_cloud,
)


def write_batch(path, labels, seed=0):
    """Write CIFAR-10 binary records with the given labels and random pixels."""
    rng = np.random.default_rng(seed)
    records = np.zeros((len(labels), CIFAR10_RECORD), dtype=np.uint8)
    records[:, 0] = labels
    records[:, 1:] = rng.integers(0, 256, size=(len(labels), CIFAR10_RECORD - 1))
    records.tofile(path)
    return records


def test_digits_shape_and_labels():
    points, labels = load_digits()
    assert points.shape == (1797, 64)
    assert points.dtype == np.float64
    assert labels.dtype == np.int64
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert points.min() == 0
    assert points.max() == 16


def test_cifar_reads_records(tmp_path):
    first = write_batch(tmp_path / "data_batch_1.bin", [3, 0, 9])
    second = write_batch(tmp_path / "data_batch_2.bin", [5], seed=1)
    images, labels = load_cifar10(tmp_path, batches=[1, 2])
    assert images.shape == (4, 3072)
    assert images.dtype == np.uint8
    assert labels.tolist() == [3, 0, 9, 5]
    assert np.array_equal(images[:3], first[:, 1:])
    assert np.array_equal(images[3], second[0, 1:])


def test_cifar_all_training_batches(tmp_path):
    for number in range(1, 6):
        write_batch(tmp_path / f"data_batch_{number}.bin", [number, number], seed=number)
    _, labels = load_cifar10(tmp_path)
    assert labels.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_cifar_test_batch(tmp_path):
    write_batch(tmp_path / "test_batch.bin", [7, 8])
    _, labels = load_cifar10(tmp_path, test=True)
    assert labels.tolist() == [7, 8]


def test_cifar_truncated_file(tmp_path):
    path = tmp_path / "data_batch_1.bin"
    write_batch(path, [1, 2])
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(DatasetError, match="not a positive multiple of the 3073-byte record"):
        load_cifar10(tmp_path, batches=[1])


def test_cifar_empty_file(tmp_path):
    (tmp_path / "data_batch_1.bin").write_bytes(b"")
    with pytest.raises(DatasetError, match="has 0 bytes"):
        load_cifar10(tmp_path, batches=[1])


def test_cifar_bad_label(tmp_path):
    write_batch(tmp_path / "data_batch_1.bin", [1, 12])
    with pytest.raises(DatasetError, match="record 1 has label 12, outside 0–9"):
        load_cifar10(tmp_path, batches=[1])


def test_cifar_missing_file(tmp_path):
    write_batch(tmp_path / "data_batch_1.bin", [1])
    with pytest.raises(DatasetError, match="data_batch_2.bin not found"):
        load_cifar10(tmp_path, batches=[1, 2])


def test_cifar_missing_directory(tmp_path):
    with pytest.raises(DatasetError, match="CIFAR-10 directory .* not found"):
        load_cifar10(tmp_path / "absent")


def test_cifar_bad_batch_number(tmp_path):
    with pytest.raises(DatasetError, match="batch numbers are 1 to 5; got 6"):
        load_cifar10(tmp_path, batches=[6])


def test_point_cloud_csv_integer_labels(tmp_path):
    path = tmp_path / "cloud.csv"
    path.write_text("component,x,y,z\n0,1,2,3\n1,4,5,6\n1,7,8,9\n")
    points, labels = load_point_cloud(path)
    assert points.tolist() == [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert labels.dtype == np.int64
    assert labels.tolist() == [0, 1, 1]


def test_point_cloud_csv_label_anywhere(tmp_path):
    path = tmp_path / "cloud.csv"
    path.write_text("x,y,label,z,w\n1,2,cat,3,4\n5,6,dog,7,8\n")
    points, labels = load_point_cloud(path)
    assert points.tolist() == [[1, 2, 3, 4], [5, 6, 7, 8]]
    assert labels.tolist() == ["cat", "dog"]


def test_point_cloud_csv_without_label(tmp_path):
    path = tmp_path / "cloud.csv"
    path.write_text("x,y,z\n1,2,3\n")
    with pytest.raises(DatasetError, match="no label column"):
        load_point_cloud(path)


def test_point_cloud_csv_ragged(tmp_path):
    path = tmp_path / "cloud.csv"
    path.write_text("label,x,y,z\n0,1,2,3\n1,4,5\n")
    with pytest.raises(DatasetError, match="rows have \\[3, 4\\] fields but the header has 4"):
        load_point_cloud(path)


def test_point_cloud_csv_not_a_number(tmp_path):
    path = tmp_path / "cloud.csv"
    path.write_text("label,x,y,z\n0,1,two,3\n")
    with pytest.raises(DatasetError, match="a coordinate is not a number"):
        load_point_cloud(path)


def test_point_cloud_npz(tmp_path):
    path = tmp_path / "cloud.npz"
    np.savez(path, points=np.eye(3), labels=np.array([0.0, 1.0, 1.0]))
    points, labels = load_point_cloud(path)
    assert points.shape == (3, 3)
    assert labels.dtype == np.int64
    assert labels.tolist() == [0, 1, 1]


def test_point_cloud_npz_missing_array(tmp_path):
    path = tmp_path / "cloud.npz"
    np.savez(path, points=np.eye(3))
    with pytest.raises(DatasetError, match="lacks the array\\(s\\) \\['labels'\\]"):
        load_point_cloud(path)


def test_point_cloud_npz_pickle_refused(tmp_path):
    path = tmp_path / "cloud.npz"
    np.savez(path, points=np.eye(3), labels=np.array([{"a": 1}, 2, 3], dtype=object))
    with pytest.raises(DatasetError, match="not a readable .npz file"):
        load_point_cloud(path)


def test_point_cloud_bad_suffix_and_missing(tmp_path):
    path = tmp_path / "cloud.txt"
    path.write_text("1 2 3\n")
    with pytest.raises(DatasetError, match="unsupported suffix '.txt'"):
        load_point_cloud(path)
    with pytest.raises(DatasetError, match="not found"):
        load_point_cloud(tmp_path / "absent.csv")
