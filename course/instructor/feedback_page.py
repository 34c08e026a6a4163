"""The feedback page a student opens: nbgrader's feedback template, made readable offline.

- Formulas become MathML when the page is written (latex2mathml), so they show in any
  browser with no script and no network: a page reaches students as one .html file (the
  exchange copies nothing else), and the CDN MathJax of nbconvert's template is left out.
  The MathML is cleaned with bleach to MathML elements only: markdown is anyone's text.
- The summary at the top names each test by its exercise ("propagate: hidden tests"),
  and long message and hint lines wrap (templates/course_feedback).
- nbconvert's BeautifulSoup pass over every finished page is skipped (see FeedbackPage).
- A page released before the week is due (the grading service's) shows what the instructor
  chose (EarlyFeedback): what a hidden test found waits for the due date.
"""
import copy
import functools
import html
from pathlib import Path

import bleach
import latex2mathml.converter
import nbgrader
from jinja2 import pass_context
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from nbformat.v4 import new_output
from traitlets import Bool, Enum

__all__ = ["EarlyFeedback", "EARLY_SHOWS", "FeedbackPage", "TEMPLATE_BASEDIRS", "TEMPLATE_PATHS", "summary_title",
           "tex_to_mathml"]

_FORMGRADER = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
# where nbconvert finds the template "course_feedback" and the ones it builds on (nbgrader's
# "feedback", then nbconvert's "classic")
TEMPLATE_BASEDIRS = [str(Path(__file__).parent / "templates"), str(_FORMGRADER / "templates")]
# what its templates include by path: nbgrader's template ('feedback/index.html.j2') and the
# Bootstrap CSS it inlines (the folder nbgrader's generate_feedback gives)
TEMPLATE_PATHS = [str(_FORMGRADER / "templates"), str(_FORMGRADER / "static" / "node_modules" / "bootstrap" / "dist" / "css")]

_MATHML_TAGS = {"math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac", "msqrt", "mroot", "msub",
                "msup", "msubsup", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle",
                "mpadded", "mphantom", "menclose"}
_MATHML_ATTRIBUTES = ["display", "xmlns", "mathvariant", "stretchy", "fence", "separator", "accent",
                      "accentunder", "movablelimits", "lspace", "rspace", "width", "columnalign", "rowspacing",
                      "columnspacing", "displaystyle", "scriptlevel", "linethickness", "minsize", "maxsize",
                      "symmetric", "largeop", "form", "notation"]


@functools.lru_cache(maxsize=4096)     # a class's pages show the same formulas: each is converted once
def tex_to_mathml(tex, display=False):
    """MathML for a TeX formula (only MathML elements survive), or the TeX itself, escaped, in
    <code class="tex"> when latex2mathml cannot read it."""
    tex = html.unescape(tex)         # the markdown may have been escaped once already (SanitizeHTML)
    try:
        markup = latex2mathml.converter.convert(tex, display="block" if display else "inline")
    except Exception:                # any TeX it cannot read: shown as written, never lost
        return f'<code class="tex">{html.escape(tex)}</code>'
    return bleach.clean(markup, tags=_MATHML_TAGS, attributes={"*": _MATHML_ATTRIBUTES}, strip=True)


class _MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer, writing formulas as MathML instead of TeX for MathJax."""

    def block_math(self, body):
        return tex_to_mathml(body, display=True)

    def inline_math(self, body):
        return tex_to_mathml(body)

    def latex_environment(self, name, body):
        return tex_to_mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True)


class _RememberedHighlight(Highlight2HTML):
    """nbconvert's highlighting of code, each text highlighted once: a class's pages show the same
    test cells and given code, and Pygments took a third of every page's time."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._done = {}

    def __call__(self, source, language=None, metadata=None):
        key = (source, language, (metadata or {}).get("magics_language"))
        if key not in self._done:
            if len(self._done) >= 1024:
                self._done.clear()
            self._done[key] = super().__call__(source, language, metadata)
        return self._done[key]


def _test_of(grade_id):
    """(exercise, hidden?) of a test cell: test_propagate_hidden -> ("propagate", True)."""
    name = grade_id[len("test_"):] if grade_id.startswith("test_") else grade_id
    if name.endswith("_hidden"):
        return name[:-len("_hidden")], True
    return name, False


def summary_title(grade_id):
    """What the summary calls a test cell: test_propagate -> "propagate: test",
    test_propagate_hidden -> "propagate: hidden tests"."""
    exercise, hidden = _test_of(grade_id)
    return f"{exercise}: hidden tests" if hidden else f"{exercise}: test"


EARLY_SHOWS = ("visible", "pass_fail", "score")


def _hidden_exercise(cell):
    """The exercise of a cell of hidden tests (test_propagate_hidden -> propagate), else None."""
    grading = cell.metadata.get("nbgrader", {})
    if not grading.get("grade") or grading.get("solution"):
        return None
    exercise, hidden = _test_of(str(grading.get("grade_id", "")))
    return exercise if hidden else None


class EarlyFeedback(Preprocessor):
    """What a page released before the week is due shows. Always the visible tests' messages;
    with shows="pass_fail" also whether each exercise's hidden tests all passed; with shows="score"
    that and the scores. What a hidden test found (which check, on which input) is left out until
    the due date: pages read one after another would otherwise tell a student the hidden tests."""

    enabled = Bool(False, help="on for the pages released before the due date").tag(config=True)
    shows = Enum(EARLY_SHOWS, default_value="score",
                 help="before the due date: 'visible' (the visible tests' messages), 'pass_fail' "
                      "(and whether the hidden tests passed) or 'score' (and the scores)").tag(config=True)

    def preprocess(self, nb, resources):
        if not self.enabled:
            return nb, resources
        resources["course_early"] = {"shows": self.shows, "scores": self.shows == "score"}
        for cell in nb.cells:
            exercise = _hidden_exercise(cell)
            if exercise is None or cell.cell_type != "code":
                continue
            grading = cell.metadata["nbgrader"]
            passed = float(grading.get("score") or 0) >= float(grading.get("points") or 0)
            if self.shows == "visible":
                text = (f"The hidden tests of {exercise} run when your notebook is graded; "
                        f"what they found is shown in your feedback after the due date.")
            elif passed:
                text = f"Hidden tests of {exercise}: all passed."
            else:
                text = (f"Hidden tests of {exercise}: not all passed. Which ones, and why, "
                        f"is shown in your feedback after the due date.")
            grading["course_passed"] = passed
            cell.outputs = [new_output("stream", name="stdout", text=text + "\n")]
        return nb, resources


class FeedbackPage(HTMLExporter):
    """The feedback page as nbconvert's HTMLExporter writes it, with formulas in MathML and
    without the BeautifulSoup pass that HTMLExporter makes over every finished page (nbconvert
    7.17, html.py): it parses the ~10,000 highlighted spans of a page again only to give images
    without alt text nbconvert's default text and to put a tabindex on the lab template's cells.
    The feedback template is the classic one, which has no such cells, and the alt text is given
    here through the image's metadata, which the template writes out. Half the time of every page."""

    MISSING_ALT = "No description has been provided for this image"   # nbconvert's words

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._highlighters = {}

    @pass_context
    def markdown2html(self, context, source):
        cell = context.get("cell", {})
        renderer = _MathMLRenderer(escape=False, attachments=cell.get("attachments", {}),
                                   embed_images=self.embed_images,
                                   path=context.get("resources", {}).get("metadata", {}).get("path", ""),
                                   anchor_link_text=self.anchor_link_text,
                                   exclude_anchor_links=self.exclude_anchor_links, **self.lexer_options)
        return MarkdownWithMath(renderer=renderer).render(source)

    def default_filters(self):
        yield from super().default_filters()
        yield ("summary_title", summary_title)

    def from_notebook_node(self, nb, resources=None, **kw):
        nb = copy.deepcopy(nb)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                for mime in ("image/png", "image/jpeg"):
                    if mime in output.get("data", {}) and not (output.get("metadata", {}).get(mime, {}).get("alt")
                                                              or output.get("metadata", {}).get("alt")
                                                              or cell.metadata.get("alt")):
                        output.setdefault("metadata", {}).setdefault(mime, {})["alt"] = self.MISSING_ALT
        # the filters HTMLExporter.from_notebook_node registers before it renders
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        if lexer not in self._highlighters:     # one per language, kept for the pages that follow
            self._highlighters[lexer] = _RememberedHighlight(pygments_lexer=lexer, parent=self)
        self.register_filter("highlight_code", self.filters.get("highlight_code", self._highlighters[lexer]))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata,
                                                                       parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)
