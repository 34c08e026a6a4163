"""The students' JupyterLab in a real browser (opt-in: `make test-browser`).

The published course's environment (tests/student_env.py) serves JupyterLab;
Chromium, driven by Playwright, checks what a student sees: an Nbgrader menu with
the Assignment List only, no news pop-up, the course and its released week in the
Assignment List, fetching it, and the Validate button of the fetched notebook.
"""
import shutil

from browser import NEEDS_BROWSER
from course.instructor.exchange import ExchangeSettings, release_to_exchange
from student_env import COURSE_ID, student_side
from test_publish import _lab

pytestmark = NEEDS_BROWSER


def _menu_items(page, menu):
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=menu).click()
    items = page.locator(".lm-Menu:visible li.lm-Menu-item:not(.lm-mod-hidden) .lm-Menu-itemLabel")
    labels = [label.strip() for label in items.all_inner_texts() if label.strip()]
    page.keyboard.press("Escape")
    return labels


def test_student_sees_student_tools_only(browser, request, tmp_path):
    side = student_side(request.config)
    release_to_exchange(side.course, ["week1"], ExchangeSettings(side.exchange, COURSE_ID), log=lambda *a: None)
    with _lab(side, tmp_path / "home") as lab:
        page = browser.new_page()
        page.goto(lab.url("lab"))
        page.locator("#jp-menu-panel").wait_for(timeout=60000)
        menus = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()
        assert "Nbgrader" in menus, menus
        assert _menu_items(page, "Nbgrader") == ["Assignment List"]

        # the Assignment List shows the course and its released week; Fetch brings it home
        page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="Nbgrader").click()
        page.locator(".lm-Menu:visible .lm-Menu-itemLabel", has_text="Assignment List").click()
        released = page.locator("#released_assignments_list")
        released.get_by_text("week1").wait_for(timeout=60000)
        assert "Error fetching courses" not in page.content()
        assert page.locator("#course_list_default").inner_text().strip() == COURSE_ID
        released.get_by_role("button", name="Fetch").click()
        page.locator("#fetched_assignments_list").get_by_text("week1").wait_for(timeout=60000)
        assert (tmp_path / "home" / "week1" / "logistic_regression.ipynb").exists()

        # the fetched notebook has nbgrader's Validate button
        page.goto(lab.url("lab/tree/week1/logistic_regression.ipynb"))
        page.get_by_role("button", name="Validate").wait_for(timeout=60000)

        # no news pop-up asked for (JupyterLab asks within seconds of starting when fetchNews is unset)
        page.wait_for_timeout(5000)
        assert "Jupyter news" not in page.locator("body").inner_text()
        page.close()


def test_student_html_runs_nothing_in_feedback_or_formgrader_views(browser, tmp_path):
    """A submission with a script in markdown, HTML and JavaScript outputs (from its own cells and
    while a test calls it) and a script output left on an unchanged exploration: its feedback page,
    and the autograded notebook rendered as Formgrader renders it, run none of it in Chromium."""
    import nbformat
    from nbconvert import HTMLExporter

    from conftest import ROOT
    from course.instructor.feedback import feedback
    from course.instructor.grade import grade
    from course.instructor.layout import Course
    from course.instructor.release import release
    from hostile import hostile_cohort, write_cohort

    root = tmp_path / "course"
    root.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source" / "week1", root / "source" / "week1")
    course = Course(root)
    release(course, ["week1"], log=lambda *a: None)
    token = "tbrowser"
    cohort = hostile_cohort(course, "week1", token=token)
    write_cohort(course, "week1", {name: cohort[name] for name in ("correct", "markers-and-scripts")})
    grade(course, "week1", workers=1, progress=False, log=lambda *a: None)
    page_of = {p.parent.parent.name: p for p in feedback(course, "week1", log=lambda *a: None)}
    autograded = course.autograded / "markers-and-scripts" / "week1" / "logistic_regression.ipynb"
    formgrader_view = tmp_path / "formgrader_view.html"
    formgrader_view.write_text(HTMLExporter().from_notebook_node(nbformat.read(autograded, as_version=4))[0])

    for path in (page_of["markers-and-scripts"], formgrader_view):
        page = browser.new_page()
        page.on("dialog", lambda dialog: dialog.dismiss())
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        page.wait_for_timeout(1500)
        # hover everything that could carry a handler, then ask the page what ran
        for element in page.locator("b, img, p").all()[:60]:
            try:
                element.hover(timeout=200)
            except Exception:
                pass
        assert token not in page.title(), path
        assert "BEGIN HIDDEN TESTS" in page.locator("body").inner_text()    # the student's words, as text
        page.close()


def test_validate_dialog_wraps_long_lines(browser, request, tmp_path):
    """Only propagate is wrong: Validate's dialog lists optimize and model as not judged yet, in rows
    that wrap inside the dialog (measured on the page, and seen in a screenshot of it)."""
    import nbformat
    from PIL import Image

    from course.instructor.cohort import build_submission, load_variants

    side = student_side(request.config)
    bugs, _ = load_variants(side.course, "week1")
    home = tmp_path / "home"
    home.mkdir()
    nbformat.write(build_submission(side.course, "week1", next(b for b in bugs if b.name == "bug-transposed-dw")),
                   home / "logistic_regression.ipynb")
    with _lab(side, home) as lab:
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.goto(lab.url("lab/tree/logistic_regression.ipynb"))
        validate = page.locator(".jp-NotebookPanel-toolbar").get_by_role("button", name="Validate")
        validate.wait_for(timeout=60000)
        page.wait_for_timeout(2000)   # the kernel's start, so that the click is not lost
        validate.click()
        page.get_by_text("Validation Results").wait_for(timeout=120000)
        rows = page.locator("#validation-message .course-row")
        rows.first.wait_for(timeout=10000)
        page.set_viewport_size({"width": 640, "height": 900})   # a narrow window: model's row cannot fit
        page.wait_for_timeout(500)
        texts = [text.strip() for text in rows.all_inner_texts()]
        assert [t.split(":")[0] for t in texts] == ["\u2713 sigmoid", "\u2713 single_neuron_step",
                                                     "\u2713 initialize_with_zeros", "\u2717 propagate", "? optimize",
                                                     "\u2713 predict", "? model"]
        assert texts[6].endswith("which fails its test; fix propagate first")
        # every row ends inside the dialog's text block, and the longest one takes several lines
        measured = page.evaluate("""() => {
            const pre = document.querySelector('#validation-message .course-row').parentElement;
            const box = pre.getBoundingClientRect();
            const rows = [...document.querySelectorAll('#validation-message .course-row')];
            return {overflow: pre.scrollWidth - pre.clientWidth, right: box.right,
                    rights: rows.map(r => r.getBoundingClientRect().right),
                    heights: rows.map(r => r.getBoundingClientRect().height)};
        }""")
        assert measured["overflow"] <= 0, measured
        assert max(measured["rights"]) <= measured["right"] + 0.5, measured
        assert max(measured["heights"]) >= 2 * min(measured["heights"]), measured   # model's row wraps
        dialog = page.locator(".jp-Dialog-content")
        shot = tmp_path / "validate_dialog.png"
        dialog.screenshot(path=str(shot))
        box = dialog.bounding_box()
        page.close()
    with Image.open(shot) as image:
        assert abs(image.width - box["width"]) <= 2 and abs(image.height - box["height"]) <= 2
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    # the failed row's red and the not-judged rows' amber (the checklist's colours) are both drawn
    assert any(count > 20 and rgb == (0xcf, 0x22, 0x2e) for count, rgb in colours)
    assert any(count > 20 and rgb == (0x9a, 0x67, 0x00) for count, rgb in colours)


def test_student_submits_from_the_assignment_list_and_reads_the_feedback(browser, request, tmp_path):
    """Issue 25's loop in the browser: while `python -m course serve` runs, a student fetches week 1
    in the Assignment List, submits it there (one exercise wrong), fetches the feedback there once
    it is graded, follows "(view feedback)" and reads the page: the score before the due date, the
    exercise whose hidden tests failed, nothing of what they found."""
    import getpass
    import html
    import subprocess
    import sys
    import time

    import nbformat

    from course.instructor.cohort import build_submission, load_variants

    side = student_side(request.config)
    course = side.course
    release_to_exchange(course, ["week1"], ExchangeSettings(side.exchange, COURSE_ID), log=lambda *a: None)
    bug = next(b for b in load_variants(course, "week1")[0] if b.name == "bug-missing-1-over-m")
    log_path = tmp_path / "serve.log"
    with open(log_path, "ab") as log:
        service = subprocess.Popen([sys.executable, "-m", "course", "serve", "week1", "--exchange-root",
                                    str(side.exchange), "--workers", "1", "--poll", "1"],
                                   cwd=course.root, stdout=log, stderr=subprocess.STDOUT)

    def wait_for_log(text, seconds):
        deadline = time.monotonic() + seconds
        while text not in log_path.read_text():
            assert service.poll() is None and time.monotonic() < deadline, log_path.read_text()[-3000:]
            time.sleep(0.5)

    home = tmp_path / "home"
    try:
        wait_for_log("now watching it", 120)
        with _lab(side, home) as lab:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(lab.url("lab"))
            page.locator("#jp-menu-panel").wait_for(timeout=60000)
            page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="Nbgrader").click()
            page.locator(".lm-Menu:visible .lm-Menu-itemLabel", has_text="Assignment List").click()
            page.locator("#released_assignments_list").get_by_role("button", name="Fetch").click()
            fetched = page.locator("#fetched_assignments_list")
            fetched.get_by_text("week1").wait_for(timeout=60000)
            # the student's work: the notebook with propagate's gradients not divided by m
            nbformat.write(build_submission(course, "week1", bug), home / "week1" / "logistic_regression.ipynb")

            fetched.get_by_role("button", name="Submit").click()
            submitted = page.locator("#submitted_assignments_list")
            submitted.get_by_role("button", name="Fetch Feedback").wait_for(timeout=60000)
            wait_for_log(" graded ", 180)
            assert "feedback released" in log_path.read_text(), log_path.read_text()[-3000:]
            page.locator("#refresh_assignments_list").click()
            submitted.get_by_text("feedback available to fetch").wait_for(timeout=60000)
            submitted.get_by_role("button", name="Fetch Feedback").click()
            view = submitted.get_by_text("(view feedback)")
            view.wait_for(timeout=60000)
            view.click()      # the file browser goes to the folder of the page
            listed = page.locator(".jp-DirListing-content").get_by_text("logistic_regression.html")
            listed.wait_for(timeout=30000)

            [stamp] = [p.name for p in (home / "week1" / "feedback").iterdir()]
            assert stamp == (course.submitted / getpass.getuser() /   # nbgrader submits as the lab's user
                              "week1" / "timestamp.txt").read_text().strip()
            page.goto(lab.url(f"files/week1/feedback/{stamp}/logistic_regression.html"))
            text = html.unescape(page.locator("body").inner_text())
            page.screenshot(path=str(tmp_path / "feedback_page.png"), full_page=False)
            page.close()
    finally:
        service.terminate()
        service.wait(timeout=120)
    assert "Score:" in text and "propagate: hidden tests" in text, text[:3000]
    assert "Hidden tests of propagate: not all passed" in text and "Hidden tests of sigmoid: all passed" in text
    assert "What the hidden tests found is shown after the due date" in text
    assert "Traceback" not in log_path.read_text()
    from PIL import Image
    with Image.open(tmp_path / "feedback_page.png") as shot:     # the page drawn, not a blank or an error
        assert shot.size == (1200, 900)
        assert len(shot.convert("RGB").getcolors(maxcolors=1 << 20)) > 50
