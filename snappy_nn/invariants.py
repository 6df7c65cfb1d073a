"""Invariants of a link diagram beyond linking numbers.

A linking number of zero does not mean unlinked: the Borromean rings and the
Whitehead link have all pairwise linking numbers 0. This module computes, from
a ``spherogram.Link``,

* the link group: the Wirtinger presentation read from the crossings, with a
  meridian and a preferred longitude per component, and SnapPy's simplified
  presentation of the fundamental group of the exterior
  (:func:`link_group`);
* Milnor's μ̄-invariants from the Wirtinger presentation by the truncated Magnus
  expansion of the longitudes (:func:`milnor_invariants`);
* the knot type of every component (:func:`component_knot_types`);
* all of it as one JSON-ready dictionary (:func:`invariants_report`).

Everything works without Sage.

Conventions
-----------
Components are numbered from 0 in the order of ``Link.link_components``,
followed by the components that spherogram drops because they meet no
crossing (``Link.unlinked_unknot_components``), as in
:func:`snappy_nn.embedding.embed`. Crossing signs are spherogram's
(``Crossing.sign``), the signs behind ``Link.linking_matrix()``.

Wirtinger presentation: one generator per arc (an arc runs from one
under-crossing to the next along its component). When the component passes
under the over-arc ``o`` at a crossing of sign ε, leaving arc ``a`` for arc
``a'``, the relation is ``a' = o^-ε a o^ε``. Words are read left to right.
The meridian of a component is its first arc. Its longitude is the product
of ``o^ε`` over the under-passages of one circuit starting at that arc, times
``m^-w`` where w is the writhe of the component (the sum of the signs of its
self-crossings). With these choices the exponent sum of component j's
generators in the longitude of k is ``lk(j, k)``, and the longitude has
exponent sum 0 in its own meridian, so it is the preferred longitude.

Milnor invariants: the Magnus expansion sends meridian ``m_i`` to ``1 + X_i``
in noncommuting power series. ``μ(i_1 … i_s j)`` is the coefficient of
``X_{i_1} ⋯ X_{i_s}`` in the expansion of the longitude of component ``j``,
so ``μ(i j) = lk(i, j)``; with these conventions the Borromean rings ``L6a4``
of spherogram's table have ``μ̄(0 1 2) = +1``.

Mirroring inverts every meridian and keeps the longitudes, so it multiplies
μ̄(I) by (−1)^(|I|−1): linking numbers change sign, μ̄(ijk) does not.
Reversing the orientation of a component that occurs once in I changes the
sign of μ̄(I).
"""

from __future__ import annotations

import itertools
import logging
import math
from dataclasses import dataclass, field

import numpy as np
import spherogram

from snappy_nn.errors import LinkInputError, SnappyNNError

log = logging.getLogger(__name__)

DEFAULT_MILNOR_LENGTH = 3

# Dense power series hold num_components ** (length - 1) coefficients in the top degree.
MAX_SERIES_SIZE = 200_000

# Free-group words of longitudes double in length with each substitution round.
MAX_WORD_LENGTH = 200_000

# Torus knots up to 10 crossings, by (p, q) with 2 <= p < q, named as in Rolfsen's table.
TORUS_KNOT_NAMES = {(2, 3): "3_1", (2, 5): "5_1", (2, 7): "7_1", (3, 4): "8_19",
                    (2, 9): "9_1", (3, 5): "10_124"}

REPORT_PARTS = ("group", "milnor", "knots")


class InvariantError(SnappyNNError, ValueError):
    """An invariant cannot be computed for this input or these parameters."""


# ---------------------------------------------------------------------------
# Input


def as_link(link, *, seed=0):
    """Return a ``spherogram.Link`` for any link input, including space curves.

    Parameters
    ----------
    link : spherogram.Link, snappy.Link, str, PD or DT code, or PolygonalLink
        A :class:`~snappy_nn.curves.PolygonalLink` in R^3 is projected to a
        diagram by :func:`snappy_nn.diagram.project_link`; everything else goes
        through :func:`snappy_nn.links.to_spherogram_link`.
    seed : int
        Seed of the projection direction for space curves.

    Returns
    -------
    spherogram.Link
        A new link; the input is not modified.

    Examples
    --------
    >>> as_link("L2a1")
    <Link L2a1: 2 comp; 2 cross>
    """
    from snappy_nn.curves import PolygonalLink
    from snappy_nn.links import to_spherogram_link

    if isinstance(link, PolygonalLink):
        if link.dimension != 3:
            raise LinkInputError(
                f"a link diagram needs curves in R^3, but this PolygonalLink lies in "
                f"R^{link.dimension}; use snappy_nn.higher.linking_number for spheres in "
                "higher dimensions"
            )
        try:
            from snappy_nn.diagram import project_link
        except ImportError as exc:
            raise InvariantError(
                "space curves need snappy_nn.diagram to be projected to a diagram, and it "
                "failed to import; pass a table name or PD code instead") from exc
        return project_link(link, seed=seed).link
    return to_spherogram_link(link)


def num_components(link):
    """Return the number of components, counting those without crossings.

    Examples
    --------
    >>> num_components(as_link("L6a4"))
    3
    """
    return len(link.link_components) + int(link.unlinked_unknot_components)


# ---------------------------------------------------------------------------
# Words in free groups: tuples of nonzero ints, +(g + 1) for generator g, -(g + 1) for its inverse.


def reduce_word(word):
    """Return the freely reduced form of a word given as signed generator numbers.

    Examples
    --------
    >>> reduce_word((1, 2, -2, -1, 3))
    (3,)
    """
    out = []
    for letter in word:
        if out and out[-1] == -letter:
            out.pop()
        else:
            out.append(letter)
    return tuple(out)


def invert_word(word):
    """Return the inverse of a word.

    Examples
    --------
    >>> invert_word((1, -2))
    (2, -1)
    """
    return tuple(-x for x in reversed(word))


def format_word(word, names):
    """Return a word as text, ``x1*x2^-1``; the empty word is ``1``.

    Examples
    --------
    >>> format_word((1, 1, -2), ["a", "b"])
    'a^2*b^-1'
    """
    if not word:
        return "1"
    parts = []
    for letter, run in itertools.groupby(word):
        power = len(list(run)) * (1 if letter > 0 else -1)
        name = names[abs(letter) - 1]
        parts.append(name if power == 1 else f"{name}^{power}")
    return "*".join(parts)


def _power(letter, exponent):
    return (letter,) * exponent if exponent >= 0 else (-letter,) * (-exponent)


# ---------------------------------------------------------------------------
# Wirtinger presentation


@dataclass(frozen=True)
class UnderPassage:
    """One passage of a component under an over-arc.

    Attributes
    ----------
    crossing : int
        Index of the crossing in ``Link.crossings``.
    over_arc : int
        Generator of the over-arc.
    incoming, outgoing : int
        Generators of the arcs before and after the passage.
    sign : int
        Crossing sign, +1 or -1.
    """

    crossing: int
    over_arc: int
    incoming: int
    outgoing: int
    sign: int


@dataclass(frozen=True)
class WirtingerPresentation:
    """Wirtinger presentation of a link group with its peripheral words.

    Attributes
    ----------
    generators : tuple of str
        Generator names ``x0, x1, …``, one per arc, then one per component
        without crossings.
    arc_component : tuple of int
        Component of every generator.
    passages : tuple of tuple of UnderPassage
        Per component, its under-passages in the order of one circuit that
        starts at the meridian arc.
    relators : tuple of tuple of int
        One relator per crossing, ``a'^-1 o^-ε a o^ε``, as signed generator numbers.
    meridians : tuple of int
        Generator that is the meridian of each component.
    longitudes : tuple of tuple of int
        Preferred longitude of each component as a word in the arc generators.
    writhes : tuple of int
        Sum of the signs of the self-crossings of each component.
    """

    generators: tuple
    arc_component: tuple
    passages: tuple
    relators: tuple
    meridians: tuple
    longitudes: tuple
    writhes: tuple

    @property
    def num_components(self):
        """Number of link components."""
        return len(self.meridians)

    def relator_strings(self):
        """Return the relators as text."""
        return [format_word(r, self.generators) for r in self.relators]

    def longitude_strings(self):
        """Return the longitudes as text."""
        return [format_word(w, self.generators) for w in self.longitudes]

    def abelianization(self):
        """Return the invariant factors of the abelianised group.

        Returns
        -------
        list of int
            One entry per cyclic factor: 0 for a factor Z, n > 1 for Z/n.
            A link of k components gives ``[0] * k``.
        """
        matrix = np.zeros((len(self.relators), len(self.generators)), dtype=object)
        for row, relator in enumerate(self.relators):
            for letter in relator:
                matrix[row, abs(letter) - 1] += 1 if letter > 0 else -1
        diagonal = _smith_diagonal(matrix)
        free_rank = len(self.generators) - len(diagonal)
        torsion = [d for d in diagonal if d != 1]
        return [0] * free_rank + torsion


def wirtinger_presentation(link):
    """Read the Wirtinger presentation of a link group from its crossings.

    Parameters
    ----------
    link : spherogram.Link or anything :func:`as_link` accepts

    Returns
    -------
    WirtingerPresentation

    Notes
    -----
    The arcs are built here by walking each component through the crossings
    (a crossing entered at strand 0 is an under-crossing). spherogram has no
    public arc API. See the module docstring for the relation and longitude
    conventions.

    Examples
    --------
    >>> W = wirtinger_presentation("L2a1")
    >>> W.generators
    ('x0', 'x1')
    >>> W.longitude_strings()
    ['x1^-1', 'x0^-1']
    >>> W.abelianization()
    [0, 0]
    """
    if not isinstance(link, spherogram.Link):
        link = as_link(link)
    circuits = [_circuit(link, component) for component in link.link_components]
    index = {id(c): n for n, c in enumerate(link.crossings)}

    # 1. Cut every circuit into arcs at its under-crossings.
    arc_component, arcs_of, over_arc = [], [], {}
    for k, circuit in enumerate(circuits):
        first = len(arc_component)
        arc_component.append(k)
        current, arcs = first, [first]
        for step, (crossing, strand) in enumerate(circuit):
            if strand in (1, 3):
                over_arc[id(crossing)] = current
            elif step < len(circuit) - 1:
                current = len(arc_component)
                arc_component.append(k)
                arcs.append(current)
        arcs_of.append(arcs)

    # 2. One relation per crossing, met at its under-passage.
    passages, relators, writhes = [], [], []
    for k, circuit in enumerate(circuits):
        unders = [crossing for crossing, strand in circuit if strand == 0]
        arcs = arcs_of[k]
        row = []
        for t, crossing in enumerate(unders):
            passage = UnderPassage(
                crossing=index[id(crossing)],
                over_arc=over_arc[id(crossing)],
                incoming=arcs[t],
                outgoing=arcs[(t + 1) % len(arcs)],
                sign=int(crossing.sign),
            )
            row.append(passage)
            relators.append(_relator(passage))
        passages.append(tuple(row))
        writhes.append(sum(p.sign for p in row if arc_component[p.over_arc] == k))

    # 3. Components without crossings: free generators with trivial longitudes.
    for _ in range(int(link.unlinked_unknot_components)):
        arcs_of.append([len(arc_component)])
        arc_component.append(len(arcs_of) - 1)
        passages.append(())
        writhes.append(0)

    meridians = tuple(arcs[0] for arcs in arcs_of)
    longitudes = tuple(
        _longitude(row, meridians[k], writhes[k]) for k, row in enumerate(passages)
    )
    return WirtingerPresentation(
        generators=tuple(f"x{g}" for g in range(len(arc_component))),
        arc_component=tuple(arc_component),
        passages=tuple(passages),
        relators=tuple(relators),
        meridians=meridians,
        longitudes=longitudes,
        writhes=tuple(writhes),
    )


def _circuit(link, component):
    """Return the (crossing, entry strand) pairs of one component, ending at an under-passage."""
    start = component[0]
    steps = []
    crossing, strand = start.crossing, start.strand_index
    for _ in range(4 * len(link.crossings) + 1):
        steps.append((crossing, strand))
        crossing, strand = crossing.adjacent[(strand + 2) % 4]
        if (crossing, strand) == (start.crossing, start.strand_index):
            break
    else:
        raise InvariantError(f"component starting at {start!r} does not close up; the diagram "
                             "is inconsistent, rebuild it from its PD code")
    for c, s in steps:
        if c.sign not in (1, -1) or not c.is_incoming(s):
            raise InvariantError(f"crossing {c.label} is entered at strand {s} against its "
                                 "orientation; rebuild the link from its PD code")
    last_under = max((n for n, (_, s) in enumerate(steps) if s == 0), default=len(steps) - 1)
    return steps[last_under + 1:] + steps[:last_under + 1]


def _relator(p):
    o = p.over_arc + 1
    return reduce_word((-(p.outgoing + 1),) + _power(o, -p.sign) + (p.incoming + 1,)
                       + _power(o, p.sign))


def _longitude(passages, meridian, writhe):
    word = []
    for p in passages:
        word.extend(_power(p.over_arc + 1, p.sign))
    word.extend(_power(meridian + 1, -writhe))
    return reduce_word(word)


def _smith_diagonal(matrix):
    """Return the nonzero diagonal entries of the Smith normal form of an integer matrix."""
    a = [list(map(int, row)) for row in matrix]
    diagonal = []
    rows, cols = len(a), len(a[0]) if a else 0
    r = 0
    for c in range(cols):
        if r >= rows:
            break
        while True:
            pivots = [(abs(a[i][j]), i, j) for i in range(r, rows) for j in range(c, cols)
                      if a[i][j]]
            if not pivots:
                return diagonal
            _, pi, pj = min(pivots)
            a[r], a[pi] = a[pi], a[r]
            for row in a:
                row[c], row[pj] = row[pj], row[c]
            done = True
            for i in range(r + 1, rows):
                q = a[i][c] // a[r][c]
                a[i] = [x - q * y for x, y in zip(a[i], a[r], strict=True)]
                done &= a[i][c] == 0
            for j in range(c + 1, cols):
                q = a[r][j] // a[r][c]
                for row in a:
                    row[j] -= q * row[c]
                done &= a[r][j] == 0
            if done:
                break
        diagonal.append(abs(a[r][c]))
        r += 1
    return _fix_divisibility(diagonal)


def _fix_divisibility(diagonal):
    """Turn a diagonal into invariant factors d_1 | d_2 | …, which present the same group."""
    values = sorted(diagonal)
    changed = True
    while changed:
        changed = False
        for i in range(len(values)):
            for j in range(i + 1, len(values)):
                a, b = values[i], values[j]
                g = math.gcd(a, b)
                if g != a:
                    values[i], values[j] = g, a * b // g
                    changed = True
    return sorted(values)


# ---------------------------------------------------------------------------
# Link group


@dataclass(frozen=True)
class LinkGroup:
    """The group of a link, as a Wirtinger presentation and as SnapPy simplifies it.

    Attributes
    ----------
    wirtinger : WirtingerPresentation
    generators : tuple of str or None
        Generators of SnapPy's simplified presentation of the fundamental
        group of the exterior; ``None`` when SnapPy could not build it.
    relators : tuple of str or None
        Its relators, capital letters for inverses.
    peripheral : tuple of tuple of str or None
        (meridian, longitude) words per cusp, as SnapPy gives them.
    free_factors : int
        Components without crossings, each adding a free factor Z that
        SnapPy's exterior leaves out.
    snappy_note : str
        Why the SnapPy part is missing, or an empty string.
    """

    wirtinger: WirtingerPresentation
    generators: tuple | None = None
    relators: tuple | None = None
    peripheral: tuple | None = None
    free_factors: int = 0
    snappy_note: str = ""

    @property
    def rank_bound(self):
        """Number of generators of the smallest presentation at hand (an upper bound on rank)."""
        wirtinger_count = len(self.wirtinger.generators)
        if self.generators is None:
            return wirtinger_count
        return min(wirtinger_count, len(self.generators) + self.free_factors)

    def to_dict(self):
        """Return the group as plain JSON types."""
        w = self.wirtinger
        return {
            "wirtinger": {
                "generators": list(w.generators),
                "relators": w.relator_strings(),
                "meridians": [w.generators[g] for g in w.meridians],
                "longitudes": w.longitude_strings(),
                "abelianization": w.abelianization(),
            },
            "snappy": None if self.generators is None else {
                "generators": list(self.generators),
                "relators": list(self.relators),
                "peripheral": [list(p) for p in self.peripheral],
                "free_factors": self.free_factors,
            },
            "snappy_note": self.snappy_note,
        }


def link_group(link, *, seed=0):
    """Compute the group of a link: Wirtinger presentation and SnapPy's simplification.

    Parameters
    ----------
    link : spherogram.Link or anything :func:`as_link` accepts
    seed : int
        Projection seed, used only for space curves.

    Returns
    -------
    LinkGroup

    Examples
    --------
    >>> G = link_group("L5a1")
    >>> len(G.wirtinger.generators), G.wirtinger.abelianization()
    (5, [0, 0])
    >>> G.generators
    ('a', 'b')
    """
    link = as_link(link, seed=seed)
    wirtinger = wirtinger_presentation(link)
    free = int(link.unlinked_unknot_components)
    if not link.crossings:
        return LinkGroup(wirtinger, (), (), (), free, "no crossings: the free group of the unlink")
    try:
        import snappy  # noqa: F401  (spherogram's exterior() needs SnapPy imported)

        group = link.exterior().fundamental_group()
    except (ImportError, RuntimeError, ValueError) as exc:
        log.warning("SnapPy could not build the exterior of %r: %s", link, exc)
        return LinkGroup(wirtinger, free_factors=free, snappy_note=f"SnapPy failed: {exc}")
    return LinkGroup(
        wirtinger,
        generators=tuple(group.generators()),
        relators=tuple(group.relators()),
        peripheral=tuple(tuple(p) for p in group.peripheral_curves()),
        free_factors=free,
    )


# ---------------------------------------------------------------------------
# Truncated Magnus expansion


class _Series:
    """Noncommuting power series in k variables truncated above a degree.

    ``terms[d]`` is an integer array of shape (k,) * d holding the coefficients
    of the monomials of degree d, index (i_1, …, i_d) for X_{i_1} ⋯ X_{i_d}.
    """

    __slots__ = ("terms",)

    def __init__(self, terms):
        self.terms = terms

    @classmethod
    def one(cls, k, degree):
        return cls([np.ones((), dtype=np.int64)] + [np.zeros((k,) * d, dtype=np.int64)
                                                    for d in range(1, degree + 1)])

    @classmethod
    def generator(cls, i, k, degree, inverse=False):
        """Return 1 + X_i, or its inverse 1 - X_i + X_i^2 - … ."""
        s = cls.one(k, degree)
        for d in range(1, degree + 1):
            s.terms[d][(i,) * d] = (-1) ** d if inverse else (1 if d == 1 else 0)
        return s

    def __mul__(self, other):
        degree = len(self.terms) - 1
        out = []
        for n in range(degree + 1):
            total = np.multiply.outer(self.terms[0], other.terms[n])
            for i in range(1, n + 1):
                total = total + np.multiply.outer(self.terms[i], other.terms[n - i])
            out.append(total)
        return _Series(out)


def magnus_expansion(word, word_components, num_variables, degree):
    """Return the truncated Magnus expansion of a word in meridians.

    Parameters
    ----------
    word : sequence of int
        Signed generator numbers, +(g + 1) for generator g and -(g + 1) for its inverse.
    word_components : sequence of int
        The variable X_i that generator g maps to, as ``word_components[g] = i``.
    num_variables : int
    degree : int
        Highest degree kept.

    Returns
    -------
    list of numpy.ndarray
        Coefficient arrays by degree, as integers.

    Examples
    --------
    >>> terms = magnus_expansion((1, 2, -1, -2), [0, 1], 2, 2)
    >>> terms[2].tolist()
    [[0, 1], [-1, 0]]
    """
    _check_series_size(num_variables, degree)
    result = _Series.one(num_variables, degree)
    for letter in word:
        variable = word_components[abs(letter) - 1]
        result = result * _Series.generator(variable, num_variables, degree, letter < 0)
    return result.terms


def _check_series_size(k, degree):
    if k ** max(degree, 0) > MAX_SERIES_SIZE:
        raise InvariantError(
            f"Milnor invariants of length {degree + 1} on {k} components need {k ** degree} "
            f"coefficients per series, more than {MAX_SERIES_SIZE}; ask for a shorter length"
        )


def longitude_expansions(presentation, degree):
    """Return the Magnus expansion of every longitude, exact up to a degree.

    Every arc is a conjugate of its component's meridian. Starting from
    "every arc equals its meridian", each round rewrites arc ``a'`` as
    ``(o_1^ε … o_t^ε)^-1 m (o_1^ε … o_t^ε)`` with the over-arcs of the previous
    round; the expansions are then right in one more degree, so ``degree``
    rounds give the longitudes modulo the (degree + 1)-th term of the lower
    central series, which is all that degree-``degree`` coefficients see.

    Parameters
    ----------
    presentation : WirtingerPresentation
    degree : int

    Returns
    -------
    list of list of numpy.ndarray
        Per component, coefficient arrays by degree.
    """
    k = presentation.num_components
    _check_series_size(k, degree)
    comp = presentation.arc_component
    arcs = [_Series.generator(comp[g], k, degree) for g in range(len(comp))]
    inverses = [_Series.generator(comp[g], k, degree, True) for g in range(len(comp))]
    for _ in range(degree + 1):
        arcs, inverses, products = _rewrite_arcs(presentation, arcs, inverses, k, degree)
    longitudes = []
    for c in range(k):
        correction = _Series.generator(c, k, degree, presentation.writhes[c] > 0)
        total = products[c]
        for _ in range(abs(presentation.writhes[c])):
            total = total * correction
        longitudes.append(total.terms)
    return longitudes


def _rewrite_arcs(presentation, arcs, inverses, k, degree):
    new_arcs, new_inverses = list(arcs), list(inverses)
    products = []
    for c, passages in enumerate(presentation.passages):
        meridian = _Series.generator(c, k, degree)
        meridian_inverse = _Series.generator(c, k, degree, True)
        prefix, prefix_inverse = _Series.one(k, degree), _Series.one(k, degree)
        for p in passages:
            step, step_inverse = arcs[p.over_arc], inverses[p.over_arc]
            if p.sign < 0:
                step, step_inverse = step_inverse, step
            prefix = prefix * step
            prefix_inverse = step_inverse * prefix_inverse
            if p.outgoing != presentation.meridians[c]:
                new_arcs[p.outgoing] = prefix_inverse * meridian * prefix
                new_inverses[p.outgoing] = prefix_inverse * meridian_inverse * prefix
        products.append(prefix)
    return new_arcs, new_inverses, products


def longitudes_in_meridians(presentation, rounds):
    """Return each longitude as a free-group word in the meridians.

    Parameters
    ----------
    presentation : WirtingerPresentation
    rounds : int
        Substitution rounds; after r rounds the words equal the longitudes
        modulo the (r + 2)-th term of the lower central series.

    Returns
    -------
    list of tuple of int
        Words in the meridians, letter ``±(i + 1)`` for meridian i.

    Raises
    ------
    InvariantError
        When a word grows past ``MAX_WORD_LENGTH`` letters.

    Examples
    --------
    >>> W = wirtinger_presentation("L2a1")
    >>> longitudes_in_meridians(W, 1)
    [(-2,), (-1,)]
    """
    comp = presentation.arc_component
    arcs = [(comp[g] + 1,) for g in range(len(comp))]
    for _ in range(rounds):
        new = list(arcs)
        for c, passages in enumerate(presentation.passages):
            prefix = ()
            for p in passages:
                step = arcs[p.over_arc] if p.sign > 0 else invert_word(arcs[p.over_arc])
                prefix = reduce_word(prefix + step)
                if p.outgoing != presentation.meridians[c]:
                    new[p.outgoing] = reduce_word(invert_word(prefix) + (c + 1,) + prefix)
                if len(prefix) > MAX_WORD_LENGTH:
                    raise InvariantError(f"longitude words exceed {MAX_WORD_LENGTH} letters "
                                         f"after {rounds} rounds; use fewer rounds")
        arcs = new
    words = []
    for c, passages in enumerate(presentation.passages):
        word = ()
        for p in passages:
            word += arcs[p.over_arc] if p.sign > 0 else invert_word(arcs[p.over_arc])
        word += _power(c + 1, -presentation.writhes[c])
        words.append(reduce_word(word))
    return words


# ---------------------------------------------------------------------------
# Milnor invariants


@dataclass(frozen=True)
class MilnorInvariant:
    """One Milnor invariant μ̄(i_1 … i_s j) with its indeterminacy.

    Attributes
    ----------
    indices : tuple of int
        Component numbers, from 0; the last one is the longitude's component.
    value : int
        The Magnus coefficient, reduced to ``0 <= value < indeterminacy``
        when the indeterminacy is nonzero, so that it is an invariant.
    indeterminacy : int
        Δ, the gcd of the μ of the cyclic permutations of the proper
        subsequences of length at least 2; 0 when μ̄ is an integer invariant.
    """

    indices: tuple
    value: int
    indeterminacy: int = field(default=0)

    @property
    def label(self):
        """Return the name ``mu(0,1,2)``."""
        return "mu(" + ",".join(str(i) for i in self.indices) + ")"

    def __str__(self):
        if self.indeterminacy:
            return f"{self.label} = {self.value} mod {self.indeterminacy}"
        return f"{self.label} = {self.value}"


def milnor_invariants(link, max_length=DEFAULT_MILNOR_LENGTH, *, seed=0):
    """Compute Milnor's μ̄-invariants up to a given length.

    Parameters
    ----------
    link : spherogram.Link, WirtingerPresentation, or anything :func:`as_link` accepts
    max_length : int
        Longest index sequence; 2 gives the linking numbers, 3 the triple
        invariants μ̄(ijk), 4 also Sato–Levine type invariants such as μ̄(1122).
    seed : int
        Projection seed, used only for space curves.

    Returns
    -------
    dict
        Maps every index tuple of length 2 to ``max_length`` (components from
        0, repeats allowed) to a :class:`MilnorInvariant`.

    Notes
    -----
    Milnor's indeterminacy: μ̄(i_1 … i_s) is an invariant of the link only
    modulo Δ, the gcd of μ̄ of the cyclic permutations of its proper
    subsequences of length at least 2 (Milnor, "Isotopy of links", 1957).
    So μ̄(012) is an integer when the three pairwise linking numbers vanish,
    and otherwise a residue modulo gcd(lk(0,1), lk(0,2), lk(1,2)); the
    ``value`` is then the least nonnegative residue.

    For distinct indices μ̄ is invariant under cyclic permutation, and when
    all shorter invariants vanish it is antisymmetric under swapping the first
    two indices: μ̄(102) = −μ̄(012).

    Examples
    --------
    >>> mu = milnor_invariants("L6a4")
    >>> mu[(0, 1)].value, abs(mu[(0, 1, 2)].value), mu[(0, 1, 2)].indeterminacy
    (0, 1, 0)
    """
    if max_length < 2:
        raise InvariantError(f"max_length={max_length} is too short: Milnor invariants have "
                             "length at least 2; pass 2 or more")
    presentation = link if isinstance(link, WirtingerPresentation) else \
        wirtinger_presentation(as_link(link, seed=seed))
    k = presentation.num_components
    expansions = longitude_expansions(presentation, max_length - 1)

    raw = {}
    for length in range(2, max_length + 1):
        for indices in itertools.product(range(k), repeat=length):
            *head, last = indices
            raw[indices] = int(expansions[last][length - 1][tuple(head)])

    invariants = {}
    for indices, value in raw.items():
        delta = _indeterminacy(indices, raw)
        invariants[indices] = MilnorInvariant(indices, value % delta if delta else value, delta)
    return invariants


def _indeterminacy(indices, raw):
    delta = 0
    n = len(indices)
    for size in range(2, n):
        for positions in itertools.combinations(range(n), size):
            sub = tuple(indices[p] for p in positions)
            for shift in range(size):
                delta = math.gcd(delta, raw[sub[shift:] + sub[:shift]])
    return delta


def triple_invariants(link, *, seed=0):
    """Return μ̄(ijk) for the distinct triples i < j < k.

    Examples
    --------
    >>> [str(m) for m in triple_invariants("L6a4")]
    ['mu(0,1,2) = 1']
    """
    mu = milnor_invariants(link, 3, seed=seed)
    k = max((i for key in mu for i in key), default=-1) + 1
    return [mu[t] for t in itertools.combinations(range(k), 3)]


# ---------------------------------------------------------------------------
# Knot types of components


@dataclass(frozen=True)
class KnotType:
    """What is known about the knot type of one component.

    Attributes
    ----------
    component : int
    name : str or None
        ``"0_1"`` for the unknot, a Rolfsen or census name found by SnapPy,
        ``"T(p,q)"`` for a torus knot, or None when not identified.
    crossings : int
        Crossings of the simplified diagram: an upper bound on the crossing number.
    method : str
        ``"simplify"``, ``"snappy.identify"``, ``"torus group"`` or ``"bound"``.
    candidates : tuple of str
        All names SnapPy's identification returned.
    """

    component: int
    name: str | None
    crossings: int
    method: str
    candidates: tuple = ()

    def __str__(self):
        if self.name is None:
            return f"component {self.component}: unidentified, at most {self.crossings} crossings"
        return f"component {self.component}: {self.name}"


def component_knot_types(link, *, seed=0):
    """Identify the knot type of every component.

    Parameters
    ----------
    link : spherogram.Link or anything :func:`as_link` accepts
    seed : int
        Projection seed, used only for space curves.

    Returns
    -------
    list of KnotType
        One per component, in component order.

    Warnings
    --------
    Knot exteriors do not see chirality: a component identified as ``3_1`` may
    be either trefoil. Non-hyperbolic knots other than torus knots are only
    bounded by their crossing count.

    Examples
    --------
    >>> [k.name for k in component_knot_types("L6a4")]
    ['0_1', '0_1', '0_1']
    """
    link = as_link(link, seed=seed)
    with_crossings = len(link.link_components)
    types = [_knot_type(link, c) for c in range(with_crossings)]
    for extra in range(int(link.unlinked_unknot_components)):
        types.append(KnotType(with_crossings + extra, "0_1", 0, "simplify"))
    return types


def _knot_type(link, component):
    # sublink drops unknotted unlinked components and may reorder, so take one at a time.
    knot = link.sublink([component])
    knot.simplify("global")
    if not knot.crossings:
        return KnotType(component, "0_1", 0, "simplify")
    crossings = len(knot.crossings)
    try:
        import snappy  # noqa: F401

        exterior = knot.exterior()
        names = tuple(str(m).split("(")[0] for m in exterior.identify())
        relators = exterior.fundamental_group().relators()
    except (ImportError, RuntimeError, ValueError) as exc:
        log.warning("SnapPy failed on component %d: %s", component, exc)
        return KnotType(component, None, crossings, "bound")
    if names:
        return KnotType(component, _preferred_name(names), crossings, "snappy.identify", names)
    torus = _torus_type(relators)
    if torus is not None:
        name = TORUS_KNOT_NAMES.get(torus, f"T({torus[0]},{torus[1]})")
        return KnotType(component, name, crossings, "torus group")
    return KnotType(component, None, crossings, "bound")


def _preferred_name(names):
    for pattern in ("_", "K"):
        for name in names:
            if (pattern == "_" and "_" in name and name[0].isdigit()) or \
                    (pattern == "K" and name.startswith("K") and "_" not in name):
                return name
    return names[0]


def _torus_type(relators):
    """Return (p, q) when the group is <a, b | a^p b^q> with coprime |p|, |q| >= 2."""
    if len(relators) != 1:
        return None
    syllables = [(letter.lower(), len(list(run)) * (1 if letter.islower() else -1))
                 for letter, run in itertools.groupby(relators[0])]
    if len(syllables) == 3 and syllables[0][0] == syllables[-1][0]:
        syllables = [(syllables[0][0], syllables[0][1] + syllables[-1][1]), syllables[1]]
    if len(syllables) != 2 or syllables[0][0] == syllables[1][0]:
        return None
    p, q = sorted(abs(s[1]) for s in syllables)
    if p < 2 or math.gcd(p, q) != 1:
        return None
    return p, q


# ---------------------------------------------------------------------------
# Report


def invariants_report(link, which=REPORT_PARTS, *, seed=0, max_length=DEFAULT_MILNOR_LENGTH):
    """Collect the requested invariants of a link as plain JSON types.

    Parameters
    ----------
    link : spherogram.Link, PolygonalLink in R^3, or anything :func:`as_link` accepts
    which : iterable of str
        Any of ``"group"``, ``"milnor"``, ``"knots"``.
    seed : int
        Projection seed, used only for space curves.
    max_length : int
        Longest Milnor invariant computed.

    Returns
    -------
    dict
        ``components`` and ``linking_matrix`` always; ``group`` (see
        :meth:`LinkGroup.to_dict`), ``milnor`` (label → value, indeterminacy,
        indices; distinct indices only, repeated ones for lengths ≥ 4) and
        ``knots`` (one entry per component) on request.

    Examples
    --------
    >>> r = invariants_report("L6a4", which=("milnor",))
    >>> r["linking_matrix"], abs(r["milnor"]["mu(0,1,2)"]["value"])
    ([[0, 0, 0], [0, 0, 0], [0, 0, 0]], 1)
    """
    which = tuple(which)
    unknown = sorted(set(which) - set(REPORT_PARTS))
    if unknown:
        raise InvariantError(f"unknown invariants {unknown}; choose from {list(REPORT_PARTS)}")
    link = as_link(link, seed=seed)
    presentation = wirtinger_presentation(link)
    report = {
        "components": presentation.num_components,
        "linking_matrix": linking_matrix_of(presentation),
    }
    if "group" in which:
        report["group"] = link_group(link).to_dict()
    if "milnor" in which:
        report["milnor"] = _milnor_dict(presentation, max_length)
    if "knots" in which:
        report["knots"] = [
            {"component": t.component, "name": t.name, "crossings": t.crossings,
             "method": t.method, "candidates": list(t.candidates)}
            for t in component_knot_types(link)
        ]
    return report


def _milnor_dict(presentation, max_length):
    if presentation.num_components < 2:
        return {}
    out = {}
    for indices, mu in milnor_invariants(presentation, max_length).items():
        if len(indices) == 2 or (len(set(indices)) < len(indices) and len(indices) < 4):
            continue
        out[mu.label] = {"indices": list(indices), "value": mu.value,
                         "indeterminacy": mu.indeterminacy}
    return out


def linking_matrix_of(presentation):
    """Return the linking matrix read off the longitudes' exponent sums.

    Examples
    --------
    >>> linking_matrix_of(wirtinger_presentation("L2a1"))
    [[0, -1], [-1, 0]]
    """
    k = presentation.num_components
    matrix = [[0] * k for _ in range(k)]
    for j, word in enumerate(presentation.longitudes):
        for letter in word:
            i = presentation.arc_component[abs(letter) - 1]
            if i != j:
                matrix[i][j] += 1 if letter > 0 else -1
    return matrix
