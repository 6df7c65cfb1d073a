"""Sphinx configuration of the snappy_nn documentation."""

project = "snappy_nn"
author = "the snappy_nn developers"
copyright = "2026, the snappy_nn developers"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "sphinx_click",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
myst_enable_extensions = ["dollarmath"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]
napoleon_numpy_docstring = True
napoleon_google_docstring = False
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
nitpicky = False
html_theme = "alabaster"
suppress_warnings = ["myst.header"]

# "Conventions" and "Exactness" paragraphs of module docstrings render like
# Notes, so that several modules on one page do not repeat a section id.
napoleon_custom_sections = [("Conventions", "notes_style"), ("Exactness", "notes_style")]
# Several classes have a ``dimension`` attribute, so a bare parameter name can
# resolve to more than one target; such ambiguity is harmless in this API.
suppress_warnings.append("ref.python")


def _escape_bars(app, what, name, obj, options, lines):
    """Escape |x|-style absolute values, which reST would read as substitutions.

    Doctest lines are left alone because Sphinx shows them verbatim.
    """
    for index, line in enumerate(lines):
        if "|" in line and not line.lstrip().startswith((">>>", "...")):
            lines[index] = line.replace("|", r"\|")


def setup(app):
    app.connect("autodoc-process-docstring", _escape_bars)
