"""Link groups, Milnor invariants and knot types of table links."""

from __future__ import annotations

import json

import numpy as np
import pytest
import spherogram
from click.testing import CliRunner
from snappy_nn.cli.main import app

from snappy_nn.invariants import (
    InvariantError,
    component_knot_types,
    invariants_report,
    link_group,
    linking_matrix_of,
    longitude_expansions,
    longitudes_in_meridians,
    magnus_expansion,
    milnor_invariants,
    wirtinger_presentation,
)

TABLE = ["L2a1", "L4a1", "L5a1", "L6a4", "L6a5", "L6n1", "L7n1", "L8a21", "L8n4", "L10a163",
         "3_1", "4_1"]
THREE_COMPONENT = ["L6a4", "L6a5", "L6n1", "L8n4", "L10a163", "L10n113"]

# An unknot drawn with two kinks; shifted labels make split copies of it.
KINKED_UNKNOT = [(1, 4, 2, 1), (2, 4, 3, 3)]


def shifted(pd, offset):
    return [tuple(x + offset for x in crossing) for crossing in pd]


def mu_table(link, length=3):
    return {k: m.value for k, m in milnor_invariants(link, length).items()}


def reverse_component(link, k):
    """Rebuild a link from its PD code with component k reversed; return it and the new order."""
    pd = [list(c) for c in link.PD_code()]
    passes = []
    for component in link.link_components:
        passes.append({(ce.crossing.label, ce.strand_index % 2) for ce in component})
    for ce in link.link_components[k]:
        if ce.strand_index == 0:
            a, b, c, d = pd[ce.crossing.label]
            pd[ce.crossing.label] = [c, d, a, b]
    # spherogram orients a component by increasing edge labels, so relabel it backwards.
    labels = [ce.crossing.strand_labels[ce.strand_index] for ce in link.link_components[k]]
    backwards = dict(zip(labels, reversed(labels), strict=True))
    pd = [[backwards.get(x, x) for x in crossing] for crossing in pd]
    new = spherogram.Link([tuple(c) for c in pd])
    order = []
    for component in new.link_components:
        crossings = {ce.crossing.label for ce in component}
        order.append(next(i for i, p in enumerate(passes) if {c for c, _ in p} == crossings))
    return new, order


@pytest.mark.parametrize("name", TABLE)
def test_wirtinger_linking_matches_spherogram(name):
    link = spherogram.Link(name)
    presentation = wirtinger_presentation(link)
    assert linking_matrix_of(presentation) == link.linking_matrix()


@pytest.mark.parametrize("name", TABLE)
def test_wirtinger_abelianises_to_free_abelian(name):
    link = spherogram.Link(name)
    presentation = wirtinger_presentation(link)
    k = len(link.link_components)
    assert presentation.abelianization() == [0] * k
    assert len(presentation.relators) == len(link.crossings)
    assert len(presentation.generators) == len(link.crossings)


def test_longitude_is_preferred():
    # The longitude's exponent sum in its own component's generators is 0.
    for name in ["3_1", "4_1", "L7n1"]:
        p = wirtinger_presentation(name)
        for c, word in enumerate(p.longitudes):
            own = sum(np.sign(x) for x in word if p.arc_component[abs(x) - 1] == c)
            assert own == 0


def test_borromean_triple_invariant():
    mu = milnor_invariants("L6a4")
    assert mu[(0, 1, 2)].value == 1
    assert mu[(0, 1, 2)].indeterminacy == 0
    assert all(mu[(i, j)].value == 0 for i in range(3) for j in range(3) if i != j)


@pytest.mark.parametrize("name", THREE_COMPONENT)
def test_triple_invariant_symmetries(name):
    mu = milnor_invariants(name)
    delta = mu[(0, 1, 2)].indeterminacy
    cyclic = {mu[(0, 1, 2)].value, mu[(1, 2, 0)].value, mu[(2, 0, 1)].value}
    assert len(cyclic) == 1
    if delta == 0:
        assert mu[(1, 0, 2)].value == -mu[(0, 1, 2)].value
    else:
        assert (mu[(1, 0, 2)].value + mu[(0, 1, 2)].value) % delta == 0


@pytest.mark.parametrize("name", THREE_COMPONENT)
def test_mirror_keeps_triple_negates_linking(name):
    link = spherogram.Link(name)
    mirror = link.mirror()
    original, mirrored = mu_table(link), mu_table(mirror)
    for key, value in original.items():
        if len(key) == 2:
            assert mirrored[key] == -value
    assert mirrored[(0, 1, 2)] == original[(0, 1, 2)]


@pytest.mark.parametrize("k", [0, 1, 2])
def test_reversing_component_negates_borromean(k):
    control, control_order = reverse_component(spherogram.Link("L6a5"), k)
    flipped = np.array(control.linking_matrix())[np.ix_(control_order, control_order)]
    assert flipped[k].sum() == -2
    link = spherogram.Link("L6a4")
    new, order = reverse_component(link, k)
    mu = milnor_invariants(new)
    position = {old: i for i, old in enumerate(order)}
    value = mu[(position[0], position[1], position[2])].value
    assert value == -1


def test_triple_invariant_survives_diagram_moves():
    link = spherogram.Link("L6a4")
    link.backtrack(12, prob_type_1=0.3, prob_type_2=0.3)
    assert len(link.crossings) > 6
    # The moves may renumber or reverse components, which changes only the sign.
    assert abs(milnor_invariants(link)[(0, 1, 2)].value) == 1
    link.simplify("global")
    assert abs(milnor_invariants(link)[(0, 1, 2)].value) == 1


def test_three_unlinked_circles():
    pd = KINKED_UNKNOT + shifted(KINKED_UNKNOT, 10) + shifted(KINKED_UNKNOT, 20)
    link = spherogram.Link(pd)
    mu = milnor_invariants(link)
    assert mu[(0, 1, 2)].value == 0
    assert mu[(0, 1, 2)].indeterminacy == 0
    assert [k.name for k in component_knot_types(link)] == ["0_1"] * 3


def test_hopf_plus_far_circle():
    pd = spherogram.Link("L2a1").PD_code() + shifted(KINKED_UNKNOT, 10)
    link = spherogram.Link(pd)
    mu = milnor_invariants(link)
    assert abs(mu[(0, 1)].value) == 1
    assert mu[(0, 1, 2)].indeterminacy == 1
    assert mu[(0, 1, 2)].value == 0


def test_hopf_plus_crossingless_circle():
    link = spherogram.Link("L2a1")
    link.unlinked_unknot_components = 1
    presentation = wirtinger_presentation(link)
    assert presentation.num_components == 3
    assert presentation.abelianization() == [0, 0, 0]
    mu = milnor_invariants(presentation)
    assert mu[(0, 2)].value == 0
    assert mu[(0, 1, 2)].value == 0
    assert link_group(link).free_factors == 1


def test_word_and_series_expansions_agree():
    p = wirtinger_presentation("L6a4")
    words = longitudes_in_meridians(p, 3)
    series = longitude_expansions(p, 3)
    for c in range(3):
        direct = magnus_expansion(words[c], [0, 1, 2], 3, 3)
        for degree in range(4):
            assert np.array_equal(direct[degree], series[c][degree])


def test_whitehead_is_not_unlink():
    # Linking number 0, but the Sato-Levine invariant mu(0011) is nonzero
    # and SnapPy finds a hyperbolic exterior, which the unlink does not have.
    mu = milnor_invariants("L5a1", 4)
    assert mu[(0, 1)].value == 0
    assert abs(mu[(0, 0, 1, 1)].value) == 1
    assert mu[(0, 0, 1, 1)].indeterminacy == 0
    group = link_group("L5a1")
    assert group.generators == ("a", "b")
    assert len(group.relators) == 1
    exterior = spherogram.Link("L5a1").exterior()
    assert exterior.solution_type() == "all tetrahedra positively oriented"
    assert float(exterior.volume()) == pytest.approx(3.66386, abs=1e-4)


def test_unlink_group_is_free():
    pd = KINKED_UNKNOT + shifted(KINKED_UNKNOT, 10)
    group = link_group(pd)
    assert group.wirtinger.abelianization() == [0, 0]
    assert group.relators == ()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("3_1", ["3_1"]), ("4_1", ["4_1"]), ("5_1", ["5_1"]), ("L7n1", ["0_1", "3_1"]),
     ("L6a4", ["0_1"] * 3)],
)
def test_component_knot_types(name, expected):
    assert [k.name for k in component_knot_types(name)] == expected


def test_kinked_unknot_is_unknot():
    types = component_knot_types(KINKED_UNKNOT)
    assert types[0].name == "0_1"
    assert types[0].crossings == 0


def test_milnor_rejects_short_length():
    with pytest.raises(InvariantError, match="max_length=1"):
        milnor_invariants("L6a4", 1)


def test_report_rejects_unknown_part():
    with pytest.raises(InvariantError, match="unknown invariants"):
        invariants_report("L6a4", which=("group", "colour"))


def test_report_is_json_ready():
    report = invariants_report("L6a4")
    text = json.dumps(report)
    assert json.loads(text)["milnor"]["mu(0,1,2)"]["value"] == 1
    assert report["group"]["wirtinger"]["abelianization"] == [0, 0, 0]
    assert [k["name"] for k in report["knots"]] == ["0_1"] * 3


def test_cli_text_and_json():
    runner = CliRunner()
    result = runner.invoke(app, ["invariants", "L6a4"])
    assert result.exit_code == 0
    assert "mu(0,1,2) = 1" in result.output
    result = runner.invoke(app, ["invariants", "L5a1", "--json", "--max-length", "4"])
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert abs(payload["milnor"]["mu(0,0,1,1)"]["value"]) == 1


def test_cli_bad_link_exits_2():
    result = CliRunner().invoke(app, ["invariants", "L99z9"])
    assert result.exit_code == 2
    assert "unknown link name" in result.output
