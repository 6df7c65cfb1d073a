"""Input coercion: names, PD and DT codes, link objects, and their errors."""

from __future__ import annotations

import warnings

import pytest
import snappy
import spherogram

from snappy_nn.errors import LinkInputError
from snappy_nn.links import MirrorAmbiguityWarning, copy_link, link_name, to_spherogram_link

NON_PLANAR_PD = [
    [[1, 4, 2, 5], [5, 2, 6, 3], [6, 3, 1, 4]],
    [[1, 4, 2, 5], [2, 5, 3, 6], [3, 6, 4, 1]],
    [[4, 1, 5, 2], [5, 2, 6, 3], [6, 3, 1, 4]],
]
TREFOIL_PD = [[1, 4, 2, 5], [3, 6, 4, 1], [5, 2, 6, 3]]


@pytest.mark.parametrize(
    "name, components",
    [("L2a1", 2), ("L6a4", 3), ("K3a1", 1), ("4_1", 1), ("5^2_1", 2), ("L11n450", 4)],
)
def test_names_from_every_table(name, components):
    link = to_spherogram_link(name)
    assert isinstance(link, spherogram.Link)
    assert len(link.link_components) == components


def test_name_from_ht_table_only():
    name = snappy.HTLinkExteriors(filter="cusps>1")[5000].name()
    assert len(to_spherogram_link(name).link_components) > 1


def test_unknown_name_rejected():
    with pytest.raises(LinkInputError, match="unknown link name 'L99z1'"):
        to_spherogram_link("L99z1")


def test_empty_name_rejected():
    with pytest.raises(LinkInputError, match="empty link name"):
        to_spherogram_link("   ")


def test_wrong_type_rejected():
    with pytest.raises(LinkInputError, match="cannot read a link from float 3.5"):
        to_spherogram_link(3.5)


def test_label_not_twice_rejected():
    message = r"every edge label must occur exactly twice, but \[1, 4\] do not"
    with pytest.raises(LinkInputError, match=message):
        to_spherogram_link([[1, 2, 3, 4], [2, 1, 3, 5], [5, 6, 6, 4], [4, 1, 1, 1]])


def test_single_crossing_labels_once_rejected():
    with pytest.raises(LinkInputError, match=r"but \[1, 2, 3, 4\] do not"):
        to_spherogram_link([[1, 2, 3, 4]])


def test_non_integer_labels_rejected():
    with pytest.raises(LinkInputError, match="has non-integer labels"):
        to_spherogram_link([[1, 2.5, 1, 2.5]])


@pytest.mark.parametrize("code", NON_PLANAR_PD)
def test_non_planar_pd_rejected(code):
    message = r"does not describe a link diagram \(Link isn't planar\)"
    with pytest.raises(LinkInputError, match=message):
        to_spherogram_link(code)


@pytest.mark.parametrize("code", [[[2, 1, 2, 1]], [[4, 1, 2, 4], [1, 3, 2, 3]]])
def test_inconsistent_pd_rejected(code):
    with pytest.raises(LinkInputError, match="does not describe a link diagram"):
        to_spherogram_link(code)


def test_clashing_strand_directions_rejected():
    with pytest.raises(LinkInputError, match="spherogram could not trace its components"):
        to_spherogram_link([[2, 1, 4, 3], [3, 4, 2, 1]])


def test_planar_control_is_trefoil():
    link = to_spherogram_link(TREFOIL_PD)
    assert len(link.crossings) == 3
    assert len(link.link_components) == 1
    assert abs(link.writhe()) == 3


def test_wrong_tuple_length_rejected():
    with pytest.raises(LinkInputError, match="a PD code is a list of 4-tuples"):
        to_spherogram_link([[1, 1, 2, 2, 3]])


def test_empty_code_rejected():
    with pytest.raises(LinkInputError, match="has no crossings"):
        to_spherogram_link([])


def test_unparsable_code_string_rejected():
    with pytest.raises(LinkInputError, match=r"cannot parse the code '\[\[1, 2'"):
        to_spherogram_link("[[1, 2")


def test_code_string_like_command_line():
    link = to_spherogram_link("PD: [[1, 4, 2, 5], [3, 6, 4, 1], [5, 2, 6, 3]]")
    assert len(link.crossings) == 3


def test_spherogram_link_copied():
    original = spherogram.Link("L2a1")
    result = to_spherogram_link(original)
    assert result is not original
    assert result.PD_code() == original.PD_code()


def test_snappy_link_accepted():
    link = to_spherogram_link(snappy.Link("L6a4"))
    assert len(link.link_components) == 3


def test_copy_keeps_unlinked_unknots():
    link = spherogram.Link("3_1")
    link.unlinked_unknot_components = 2
    assert copy_link(link).unlinked_unknot_components == 2
    assert to_spherogram_link(link).unlinked_unknot_components == 2


def test_dt_without_flips_warns():
    with pytest.warns(MirrorAmbiguityWarning, match=r"DT code \[\(4, 6, 2\)\] has no flips"):
        link = to_spherogram_link([(4, 6, 2)])
    assert abs(link.writhe()) == 3


def test_dt_string_without_flips_warns():
    with pytest.warns(MirrorAmbiguityWarning, match="fixes the link only up to mirror image"):
        to_spherogram_link("DT: [(4, 6, 2)]")


@pytest.mark.parametrize("name", ["L2a1", "3_1", "L6a4", "L7n1"])
def test_dt_with_flips_matches_table(name):
    table = spherogram.Link(name)
    code, flips = table.DT_code(flips=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        link = to_spherogram_link(code, flips)
    assert link.linking_matrix() == table.linking_matrix()
    assert link.writhe() == table.writhe()


def test_malformed_dt_rejected():
    with pytest.raises(LinkInputError, match=r"DT code \[\(4, 4, 2\)\] does not describe"):
        to_spherogram_link([(4, 4, 2)], flips=[0, 0, 0])


def test_link_name_labels():
    assert link_name(" L2a1 ") == "L2a1"
    assert link_name(spherogram.Link("L6a4")) == "L6a4"
    assert link_name([[1, 2, 2, 1]]) == "[[1, 2, 2, 1]]"
