"""Shared fixtures: the field-case files and a projection of polygons to a PD code."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

# Copies of the field-case files; SNAPPY_NN_CASES points the tests at another folder.
CASES = Path(os.environ.get("SNAPPY_NN_CASES", Path(__file__).resolve().parent / "data" / "cases"))

# A fixed rotation that puts the test links' projections in general position.
GENERIC_ROTATION = np.array(
    [
        [0.75319, -0.55473, 0.35358],
        [0.65011, 0.54564, -0.52884],
        [0.10057, 0.62810, 0.77162],
    ]
)


@pytest.fixture
def case_path():
    """Return a function giving the path of a field-case file in tests/data/cases."""

    def path(name):
        return CASES / name

    return path


def projected_pd_code(components):
    """Return the PD code of the projection of closed polygons to the xy-plane.

    Test helper only: it assumes a regular projection (no crossing at a
    vertex, no tangency), which the fixed rotation in the callers gives.
    Components without crossings are left out, as spherogram does.
    """
    rotation, _ = np.linalg.qr(GENERIC_ROTATION)
    curves = [np.asarray(c, dtype=float) @ rotation.T for c in components]
    segments = [
        (index, i, curve[i], curve[(i + 1) % len(curve)])
        for index, curve in enumerate(curves)
        for i in range(len(curve))
    ]
    crossings, passages = _find_crossings(segments, [len(c) for c in curves])
    incoming, outgoing = _label_edges(passages)
    code = []
    for k, crossing in enumerate(crossings):
        under, over = ("b", "a") if crossing["a_over"] else ("a", "b")
        u, o = crossing[under], crossing[over]
        # Counterclockwise from the incoming under-strand comes the over-strand's
        # incoming end exactly when the over direction turns left from the under one.
        left = u[0] * o[1] - u[1] * o[0] > 0
        first = incoming[(k, over)] if left else outgoing[(k, over)]
        second = outgoing[(k, over)] if left else incoming[(k, over)]
        code.append((incoming[(k, under)], first, outgoing[(k, under)], second))
    return code


def _find_crossings(segments, sizes):
    crossings = []
    passages = {}
    for a, (ca, ia, p0, p1) in enumerate(segments):
        for cb, ib, q0, q1 in segments[a + 1 :]:
            if ca == cb and (ib - ia) % sizes[ca] in (0, 1, sizes[ca] - 1):
                continue
            d1, d2, r = (p1 - p0)[:2], (q1 - q0)[:2], (q0 - p0)[:2]
            det = d1[0] * d2[1] - d1[1] * d2[0]
            if abs(det) < 1e-14:
                continue
            s = (r[0] * d2[1] - r[1] * d2[0]) / det
            t = (r[0] * d1[1] - r[1] * d1[0]) / det
            if not (0 <= s < 1 and 0 <= t < 1):
                continue
            za = p0[2] + s * (p1[2] - p0[2])
            zb = q0[2] + t * (q1[2] - q0[2])
            k = len(crossings)
            crossings.append({"a": d1, "b": d2, "a_over": za > zb})
            passages.setdefault(ca, []).append((ia + s, k, "a"))
            passages.setdefault(cb, []).append((ib + t, k, "b"))
    return crossings, passages


def _label_edges(passages):
    incoming, outgoing = {}, {}
    label = 1
    for component in sorted(passages):
        ordered = sorted(passages[component])
        count = len(ordered)
        for i, (_, k, side) in enumerate(ordered):
            incoming[(k, side)] = label + i
            outgoing[(k, side)] = label + (i + 1) % count
        label += count
    return incoming, outgoing
