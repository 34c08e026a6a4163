"""The feedback page's own parts: formulas as MathML that no markdown can turn into markup,
TeX it cannot read kept as text, and the summary's names of the tests.

The whole page, as `python -m course feedback` writes it, is checked in test_instructor.py
(names, wrapping, MathML, no CDN) and in a real browser offline in test_feedback_browser.py."""
import nbformat
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from course.instructor.feedback_page import FeedbackPage, summary_title, tex_to_mathml
from course.instructor.layout import Course


def test_formulas_become_mathml():
    markup = tex_to_mathml(r"\frac{\partial \mathcal{L}}{\partial w} = \frac{1}{m} X (A - Y)^T", display=True)
    math = BeautifulSoup(markup, "html.parser").find("math")
    assert math["display"] == "block" and math.find("mfrac") is not None and "\\frac" not in markup


@pytest.mark.parametrize("tex", [r"a < b \text{<script>alert(1)</script>}", r"\text{<img src=x onerror=alert(1)>}",
                                 r"\href{javascript:alert(1)}{x}", r"x &lt;script&gt;", r"\unknowncommand{<b>x</b>}"])
def test_no_formula_becomes_markup(tex):
    soup = BeautifulSoup(tex_to_mathml(tex), "html.parser")
    names = {tag.name for tag in soup.find_all(True)}
    assert not names & {"script", "img", "b", "a", "iframe"}, names
    assert not any(attribute.startswith("on") or "javascript" in value
                   for tag in soup.find_all(True) for attribute, value in tag.attrs.items())


def test_tex_it_cannot_read_is_shown_as_written():
    markup = tex_to_mathml(r"\frac{1}{")
    assert markup == r'<code class="tex">\frac{1}{</code>'


def test_the_summary_names_each_test_by_its_exercise():
    assert summary_title("test_propagate") == "propagate: test"
    assert summary_title("test_L_model_backward_hidden") == "L_model_backward: hidden tests"


def test_every_formula_of_the_course_is_rendered():
    """No `$` of a released notebook's markdown is left for a script to render."""
    course = Course(ROOT)
    exporter = FeedbackPage(config=course.config())
    for week in course.weeks():
        notebook = nbformat.read(course.release_notebook(week), as_version=4)
        markdown = nbformat.v4.new_notebook(cells=[c for c in notebook.cells if c.cell_type == "markdown"])
        html = exporter.markdown2html({"cell": {}}, "\n\n".join(c.source for c in markdown.cells))
        text = BeautifulSoup(html, "html.parser").get_text()
        assert "$" not in text and 'class="tex"' not in html, week
        assert html.count("<math") > 20, week
