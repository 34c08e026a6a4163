"""Feedback pages in a real browser with no network (opt-in: `make test-browser`).

A week-1 class is graded and its feedback written as `python -m course feedback` writes it;
Chromium opens a page from its file, every request that is not that file refused, in a window
as narrow as a laptop's half screen. Measured on the page: every message and hint box holds its
text (nothing runs past its right edge), the formulas are laid out as MathML (boxes with width,
no TeX left in the text), and the summary names each test. A screenshot of the page is kept and
checked (its size, and that it is not blank)."""
import shutil

import pytest

from browser import NEEDS_BROWSER

pytestmark = NEEDS_BROWSER


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """{student: feedback page} of a week-1 class (the reference and a bug) in a folder whose
    name has a space and non-ASCII letters."""
    from conftest import ROOT
    from course.instructor.cohort import build_submission, load_variants
    from course.instructor.feedback import feedback
    from course.instructor.grade import grade
    from course.instructor.layout import Course
    from course.instructor.release import release
    import nbformat

    root = tmp_path_factory.mktemp("feedback") / "Kurs Übung"
    root.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source" / "week1", root / "source" / "week1")
    shutil.copytree(ROOT / "variants", root / "variants")
    course = Course(root)
    release(course, ["week1"], log=lambda *a: None)
    bugs, _ = load_variants(course, "week1")
    for student, variant in (("ada", None), ("bob", next(b for b in bugs if b.name == "bug-missing-1-over-m"))):
        folder = course.submitted / student / "week1"
        folder.mkdir(parents=True)
        nbformat.write(build_submission(course, "week1", variant), folder / "logistic_regression.ipynb")
    grade(course, "week1", workers=1, progress=False, log=lambda *a: None)
    return {p.parent.parent.name: p for p in feedback(course, "week1", log=lambda *a: None)}


def _open_offline(browser, path, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    asked = []

    def refuse_the_network(route):
        if route.request.url.startswith("file:"):
            return route.continue_()
        asked.append(route.request.url)
        return route.abort()
    context.route("**/*", refuse_the_network)
    context.set_offline(True)
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page, asked


def test_feedback_page_offline_wraps_its_lines_and_renders_its_formulas(browser, pages, tmp_path):
    from PIL import Image

    context, page, asked = _open_offline(browser, pages["bob"], width=800)
    assert asked == []                                   # the page needs nothing from the network
    summary = [t.strip() for t in page.locator("#toc li a").all_inner_texts()]
    assert "propagate: test" in summary and "propagate: hidden tests" in summary and "Test cell" not in summary

    measured = page.evaluate("""() => {
        const boxes = [...document.querySelectorAll('div.output_error pre, div.output_stream pre')];
        const maths = [...document.querySelectorAll('math')];
        return {boxes: boxes.length,
                overflowing: boxes.filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.innerText.slice(0, 80)),
                wrapped: boxes.filter(b => b.clientHeight > (b.innerText.trim().split('\\n').length + 0.5)
                                           * parseFloat(getComputedStyle(b).lineHeight)).length,
                maths: maths.length,
                laidOut: maths.filter(m => m.getBoundingClientRect().width > 0).length,
                fractions: document.querySelectorAll('math mfrac').length,
                text: document.body.innerText,
                pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth};
    }""")
    assert measured["boxes"] >= 2 and measured["overflowing"] == [], measured["overflowing"]
    assert measured["wrapped"] >= 1 and measured["pageOverflow"] <= 0   # a long hint took two lines
    assert measured["maths"] > 20 and measured["laidOut"] == measured["maths"] and measured["fractions"] > 0
    assert "$$" not in measured["text"] and "\\frac" not in measured["text"]
    assert "(the 1/m factor) is missing." in measured["text"]      # the hint, shown whole

    shot = tmp_path / "feedback_page.png"
    page.locator("div.output_error").first.scroll_into_view_if_needed()
    page.screenshot(path=str(shot))
    context.close()
    with Image.open(shot) as image:
        assert image.size == (800, 900)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert len(colours) > 20                              # text and boxes drawn, not a blank page
    white = max(count for count, rgb in colours if rgb == (255, 255, 255))
    assert white < 0.97 * 800 * 900
