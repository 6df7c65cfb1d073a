"""Turn any description of a link into a ``spherogram.Link``.

Accepted inputs: a table name (``"L2a1"``, ``"K3a1"``, ``"4_1"``, ``"5^2_1"``,
names of ``snappy.HTLinkExteriors`` such as ``"L11n450"``), a PD code, a DT code
(with flips, or without them and with a warning), a ``snappy.Link`` or a
``spherogram.Link``. Strings holding a Python literal of a PD or DT code work
too, which is what the command line passes.
"""

from __future__ import annotations

import ast
import re
import warnings

import spherogram

from snappy_nn.errors import LinkInputError

DEFAULT_LINK = "L2a1"


class MirrorAmbiguityWarning(UserWarning):
    """A DT code without flips fixes the link only up to mirror image."""


def to_spherogram_link(link, flips=None):
    """Return a new ``spherogram.Link`` for a name, code or link object.

    Parameters
    ----------
    link : str, list, tuple, spherogram.Link or snappy.Link
        The link. A list of 4-tuples is a PD code; a list of tuples of even
        integers, or a string starting with ``DT``, is a DT code.
    flips : sequence of bool, optional
        Crossing flips of a DT code, as returned by
        ``spherogram.Link.DT_code(flips=True)``.

    Returns
    -------
    spherogram.Link
        A copy; the input is never modified.

    Raises
    ------
    LinkInputError
        For an unknown name or a malformed or non-planar code.

    Warns
    -----
    MirrorAmbiguityWarning
        For a DT code given without flips: its link is known only up to
        mirror image, so linking numbers may come out with the opposite sign.

    Examples
    --------
    >>> to_spherogram_link("L2a1").linking_matrix()
    [[0, -1], [-1, 0]]
    >>> to_spherogram_link([[1, 4, 2, 5], [3, 6, 4, 1], [5, 2, 6, 3]])
    <Link: 1 comp; 3 cross>
    """
    if isinstance(link, spherogram.Link):
        return copy_link(link)
    if isinstance(link, str):
        return _from_string(link.strip(), flips)
    if isinstance(link, (list, tuple)):
        return _from_code(link, flips, shown=repr(link))
    raise LinkInputError(
        f"cannot read a link from {type(link).__name__} {link!r}; pass a table name such as "
        "'L2a1', a PD or DT code, or a snappy or spherogram Link"
    )


def _from_string(text, flips):
    if not text:
        raise LinkInputError("empty link name; pass a table name such as 'L2a1' or a PD code")
    if text[0] in "[(" or text.upper().startswith("DT") or text.upper().startswith("PD"):
        body = re.sub(r"^(DT|PD)\s*:?\s*", "", text, flags=re.IGNORECASE)
        try:
            code = ast.literal_eval(body)
        except (ValueError, SyntaxError) as exc:
            raise LinkInputError(f"cannot parse the code {text!r}: {exc}") from exc
        if text.upper().startswith("DT"):
            return _from_dt(code, flips, shown=text)
        return _from_code(code, flips, shown=text)
    return _from_name(text)


def _from_name(name):
    try:
        link = spherogram.Link(name)
    except (ValueError, KeyError, IndexError) as exc:
        link = _from_ht_table(name)
        if link is None:
            raise LinkInputError(
                f"unknown link name {name!r}; use a Rolfsen or Hoste-Thistlethwaite name "
                "such as 'L2a1', '5^2_1', 'K3a1' or 'L11n450', or pass a PD code"
            ) from exc
    link.name = name
    return link


def _from_ht_table(name):
    """Look a name up in SnapPy's link exterior tables, which carry diagrams."""
    try:
        import snappy
    except ImportError:
        return None
    for table in (snappy.HTLinkExteriors, snappy.LinkExteriors):
        try:
            return table[name].link()
        except (KeyError, IndexError, ValueError, TypeError):
            continue
    return None


def _from_code(code, flips, *, shown):
    entries = list(code)
    if not entries:
        raise LinkInputError(f"the code {shown} has no crossings; an empty code is not a link")
    if all(isinstance(e, (list, tuple)) and len(e) == 4 for e in entries):
        return _from_pd(entries, shown=shown)
    if all(isinstance(e, int) for e in entries) or all(
        isinstance(e, (list, tuple)) and all(isinstance(x, int) and x % 2 == 0 for x in e)
        for e in entries
    ):
        return _from_dt(entries, flips, shown=shown)
    raise LinkInputError(
        f"cannot read {shown}: a PD code is a list of 4-tuples of edge labels and a DT code "
        "a list of tuples of even integers"
    )


def _from_pd(entries, *, shown):
    labels = [x for crossing in entries for x in crossing]
    if not all(isinstance(x, int) for x in labels):
        raise LinkInputError(f"PD code {shown} has non-integer labels; labels must be integers")
    counts = {}
    for x in labels:
        counts[x] = counts.get(x, 0) + 1
    wrong = sorted(x for x, n in counts.items() if n != 2)
    if wrong:
        raise LinkInputError(
            f"PD code {shown} is malformed: every edge label must occur exactly twice, "
            f"but {wrong[:5]} do not"
        )
    try:
        return spherogram.Link([tuple(c) for c in entries])
    except RecursionError as exc:
        # spherogram 2.4 recurses without end when the strands' directions clash.
        raise LinkInputError(
            f"PD code {shown} does not describe a link diagram (spherogram could not trace "
            "its components); check that each strand leaves every crossing it enters and "
            "that each 4-tuple starts from the incoming under-strand"
        ) from exc
    except (ValueError, AssertionError, KeyError, IndexError) as exc:
        reason = str(exc) or type(exc).__name__
        raise LinkInputError(
            f"PD code {shown} does not describe a link diagram ({reason}); check that it is "
            "planar and that each 4-tuple lists its edges counterclockwise starting from "
            "the incoming under-strand"
        ) from exc


def _from_dt(code, flips, *, shown):
    if all(isinstance(e, int) for e in code):
        code = [tuple(code)]
    code = [tuple(c) for c in code]
    if flips is None:
        warnings.warn(
            f"DT code {shown} has no flips, so it fixes the link only up to mirror image; "
            "linking numbers and writhe may have the opposite sign. Pass flips, as given "
            "by spherogram.Link.DT_code(flips=True), to fix the chirality.",
            MirrorAmbiguityWarning,
            stacklevel=4,
        )
    try:
        return spherogram.DTcodec(code, flips).link()
    except (ValueError, AssertionError, KeyError, IndexError, TypeError, AttributeError) as exc:
        # spherogram 2.4's DT decoder meets an inconsistent code as a missing
        # vertex (AttributeError on None) or a failed assert.
        reason = str(exc) or type(exc).__name__
        raise LinkInputError(
            f"DT code {shown} does not describe a link diagram ({reason})"
        ) from exc


def copy_link(link):
    """Return a copy of a ``spherogram.Link`` that keeps its unlinked unknots.

    ``spherogram.Link.copy`` (spherogram 2.4) drops the count
    ``unlinked_unknot_components``, so a split unknot would silently vanish.
    """
    result = link.copy()
    result.unlinked_unknot_components = link.unlinked_unknot_components
    return result


def link_name(link):
    """Return a short label for a link input, for reports and file names."""
    if isinstance(link, str):
        return link.strip()
    if isinstance(link, spherogram.Link):
        return link.name or repr(link)
    return repr(link)
