"""PolygonalLink: validation, resampling, distances, and the file formats."""

from __future__ import annotations

import numpy as np
import pytest

from snappy_nn.curves import PolygonalLink
from snappy_nn.embedding import hopf_link
from snappy_nn.errors import PolygonError
from snappy_nn.linking import linking_matrix

SQUARE = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 1.0, 0.0]])


def test_components_are_read_only_float64():
    link = PolygonalLink([SQUARE.astype(int)])
    assert link[0].dtype == np.float64
    with pytest.raises(ValueError, match="read-only"):
        link[0][0, 0] = 5.0


def test_nan_vertex_rejected():
    bad = SQUARE.copy()
    bad[2, 1] = np.nan
    message = r"component 0 has a non-finite vertex \[.*\] at position 2 "
    with pytest.raises(PolygonError, match=message):
        PolygonalLink([bad])


def test_infinite_vertex_rejected():
    bad = SQUARE.copy()
    bad[1, 0] = np.inf
    with pytest.raises(PolygonError, match=r"non-finite vertex \[.*\] at position 1 "):
        PolygonalLink([SQUARE, bad])


def test_two_vertex_component_rejected():
    with pytest.raises(PolygonError, match="component 1 has 2 distinct vertices"):
        PolygonalLink([SQUARE, SQUARE[:2]])


def test_repeated_vertices_merged_before_counting():
    repeated = np.array([[0.0, 0, 0], [0, 0, 0], [1, 0, 0], [1, 0, 0], [0, 0, 0]])
    with pytest.raises(PolygonError, match="has 2 distinct vertices"):
        PolygonalLink([repeated])


def test_closing_vertex_merged():
    closed = np.vstack([SQUARE, SQUARE[:1]])
    assert len(PolygonalLink([closed])[0]) == 4


def test_wrong_shape_rejected():
    with pytest.raises(PolygonError, match=r"component 0 has shape \(4,\)"):
        PolygonalLink([np.zeros(4)])


def test_mixed_dimensions_rejected():
    with pytest.raises(PolygonError, match=r"different dimensions \[2, 3\]"):
        PolygonalLink([SQUARE, SQUARE[:, :2]])


def test_no_components_rejected():
    with pytest.raises(PolygonError, match="needs at least one component"):
        PolygonalLink([])


def test_resample_spacing_even():
    link = PolygonalLink([SQUARE]).resample(8)
    lengths = link.segment_lengths(0)
    assert len(link[0]) == 8
    assert np.allclose(lengths, 0.5)


def test_resample_too_low_rejected():
    with pytest.raises(PolygonError, match="resolution 2 is too low"):
        PolygonalLink([SQUARE]).resample(2)


def test_subdivide_keeps_curve():
    link = PolygonalLink([SQUARE]).subdivide(3)
    assert len(link[0]) == 12
    assert link.lengths()[0] == pytest.approx(4.0)


def test_distance_between_segments_not_vertices():
    # The closest points are interior points of two crossing segments.
    a = np.array([[-1.0, 0, 0], [1, 0, 0], [0, -3, 0]])
    b = np.array([[0.0, -1, 0.5], [0, 1, 0.5], [3, 0, 0.5]])
    link = PolygonalLink([a, b])
    distance, segments, point = link.closest_approach(0, 1)
    assert distance == pytest.approx(0.5)
    assert segments == (0, 0)
    assert np.allclose(point, [0, 0, 0.25])


def test_distance_matrix_symmetric():
    matrix = PolygonalLink([SQUARE, SQUARE + [0, 0, 2], SQUARE + [5, 0, 0]]).distance_matrix()
    assert np.allclose(matrix, matrix.T)
    assert matrix[0, 1] == pytest.approx(2.0)
    assert matrix[0, 2] == pytest.approx(4.0)


def test_apply_numpy_map():
    link = hopf_link(20).apply(lambda x: 2 * x + 1)
    assert np.allclose(link[0], 2 * hopf_link(20)[0] + 1)


def test_apply_torch_module_float64():
    torch = pytest.importorskip("torch")
    layer = torch.nn.Linear(3, 3)
    with torch.no_grad():
        layer.weight.copy_(torch.eye(3) * 3)
        layer.bias.zero_()
    image = hopf_link(20).apply(layer)
    assert image[0].dtype == np.float64
    assert np.allclose(image[0], 3 * hopf_link(20)[0])


@pytest.mark.parametrize("suffix", [".npz", ".csv", ".txt"])
def test_save_load_round_trip(tmp_path, suffix):
    link = PolygonalLink(hopf_link(30).components, name="hopf", info={"resolution": 30})
    path = tmp_path / f"hopf{suffix}"
    link.save(path)
    loaded = PolygonalLink.load(path)
    assert len(loaded) == 2
    for before, after in zip(link, loaded, strict=True):
        assert np.array_equal(before, after)
    assert linking_matrix(loaded).tolist() == [[0, -1], [-1, 0]]


def test_npz_keeps_name_and_info(tmp_path):
    link = PolygonalLink(hopf_link(30).components, name="hopf", info={"resolution": 30})
    link.save(tmp_path / "hopf.npz")
    loaded = PolygonalLink.load(tmp_path / "hopf.npz")
    assert loaded.name == "hopf"
    assert loaded.info == {"resolution": 30}


def test_save_unknown_suffix_rejected(tmp_path):
    with pytest.raises(PolygonError, match=r"unknown file type '\.vtk'"):
        hopf_link(10).save(tmp_path / "x.vtk")


def test_load_missing_file_rejected(tmp_path):
    with pytest.raises(PolygonError, match="no such file"):
        PolygonalLink.load(tmp_path / "absent.npz")


def test_load_corrupt_npz_rejected(tmp_path):
    path = tmp_path / "corrupt.npz"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive")
    with pytest.raises(PolygonError, match="is not a readable snappy_nn .npz polygon file"):
        PolygonalLink.load(path)


def test_load_foreign_npz_rejected(tmp_path):
    path = tmp_path / "foreign.npz"
    np.savez(path, meta=np.array('{"format": "other"}'))
    with pytest.raises(PolygonError, match="is not a snappy_nn polygon file"):
        PolygonalLink.load(path)


def test_load_truncated_npz_rejected(tmp_path):
    path = tmp_path / "hopf.npz"
    hopf_link(10).save(path)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(PolygonError, match="is not a readable snappy_nn .npz polygon file"):
        PolygonalLink.load(path)


def test_load_csv_without_header_rejected(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("0,1,2,3\n0,4,5,6\n")
    with pytest.raises(PolygonError, match="must start with the header 'component,x,y,z'"):
        PolygonalLink.load(path)


def test_load_csv_non_numeric_rejected(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("component,x,y,z\n0,0,0,0\n0,1,zero,0\n0,1,1,0\n")
    with pytest.raises(PolygonError, match="CSV line 3 is not numeric"):
        PolygonalLink.load(path)


def test_load_csv_ragged_rows_rejected(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("component,x,y,z\n0,0,0,0\n0,1,0\n0,1,1,0\n")
    with pytest.raises(PolygonError, match="CSV line 3 has 3 fields but the header has 4"):
        PolygonalLink.load(path)


def test_load_text_ragged_lines_rejected(tmp_path):
    path = tmp_path / "ragged.txt"
    path.write_text("0 0 0\n1 0\n0 1 0\n")
    message = "line 2 has 2 coordinates but the lines before it have 3"
    with pytest.raises(PolygonError, match=message):
        PolygonalLink.load(path)


def test_load_text_non_numeric_rejected(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("0 0 0\n1 0 0\noops\n")
    with pytest.raises(PolygonError, match="line 3 is not numeric"):
        PolygonalLink.load(path)


def test_from_text_comments_and_blocks():
    text = "# two triangles\n0 0 0\n1 0 0\n0 1 0\n\n\n5 0 0  # a comment\n6 0 0\n5 1 0\n"
    link = PolygonalLink.from_text(text)
    assert len(link) == 2
    assert link[1][0].tolist() == [5.0, 0.0, 0.0]
