# The course's commands. `make demo` and `make test` create the environment themselves.
# The interpreter .venv is made from: the system's python3 when it is 3.11 or newer, else python3 from
# PATH. Distributions build theirs with profile-guided and link-time optimisation, which pyenv and
# plain source builds leave out unless asked; grading is mostly Python and runs faster on it.
# PYTHON=/path/to/python3 chooses another.
SYSTEM_PYTHON := $(shell /usr/bin/python3 -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' \
                   >/dev/null 2>&1 && echo /usr/bin/python3)
PYTHON ?= $(or $(SYSTEM_PYTHON),python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# nbgrader runs alembic from PATH: always run the course's tools from the venv
export PATH := $(CURDIR)/$(BIN):$(PATH)
COURSE := $(BIN)/python -m course

WEEK    ?= week1
WEEKS   ?=
FROM    ?=
LMS     ?=
ROSTER  ?=
WORKERS ?=
PYTEST_ARGS ?=
DIR     ?= published
EXCHANGE ?=

.PHONY: help venv demo test test-setup test-browser lab release collect grade status feedback serve report publish bench clean

help:
	@echo "make demo       release week 1, grade a demo cohort, print the gradebook (in demo/)"
	@echo "make test       unit tests, the reference notebooks (nbval) and the autograder tests"
	@echo "make test-browser  the students' JupyterLab in Chromium (needs Debian's chromium; installs playwright)"
	@echo "make lab        JupyterLab on release/, the student notebooks"
	@echo "make release [WEEKS='week1 week2']     regenerate release/ from source/"
	@echo "make collect WEEK=week1 FROM=path.zip [LMS=canvas ROSTER=export.csv]  import submissions into submitted/"
	@echo "make grade WEEK=week1 [WORKERS=4]      autograde the submissions of a week not graded yet"
	@echo "make status [WEEK=week1]               the grading jobs: done, running, failed (and why)"
	@echo "make feedback WEEK=week1               HTML feedback in feedback/"
	@echo "make serve [WORKERS=4]                 grade each exchange submission as it arrives, feedback back in seconds"
	@echo "make report [LMS=canvas ROSTER=export.csv]  grades.csv, grades.png, a printed table (and the LMS's import file)"
	@echo "make publish [DIR=published] [EXCHANGE=yes]  the folder students install (EXCHANGE: for JupyterHub)"
	@echo "make bench      grading throughput (1 vs all cores) and week 4's training speed (see bench/README.md)"

# System packages: as root with apt-get (the package lists updated once, whatever installs first),
# else the command to run. $(call system_package,CHECK,PACKAGE,WHAT IT IS FOR,OTHER SYSTEMS)
APT_UPDATE_ONCE := { [ -e $(VENV)/.apt-updated ] || { apt-get update -qq && touch $(VENV)/.apt-updated; }; }
define system_package
	@mkdir -p $(VENV)
	@if $(1) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing $(2) ($(3)) with apt-get"; \
		$(APT_UPDATE_ONCE) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	else \
		echo "$(2) ($(3)) is not installed. Install it and run make again:  sudo apt-get install -y $(2)"; \
		echo "($(4))"; \
		exit 1; \
	fi
endef

# bubblewrap: the sandbox every grading kernel runs in
SANDBOX := $(VENV)/.sandbox-tool
$(SANDBOX):
	$(call system_package,command -v bwrap,bubblewrap,the sandbox student code is graded in,Fedora: sudo dnf install bubblewrap; Arch: sudo pacman -S bubblewrap)
	@bwrap --version >/dev/null
	touch $(SANDBOX)

# PostgreSQL: the tests run the gradebook on a real server too (they start a throwaway one as an
# unprivileged user, in a temporary folder). Instructors need it only for a PostgreSQL gradebook.
DATABASE_SERVER := $(VENV)/.database-server
$(DATABASE_SERVER): | $(SANDBOX)   # after it: one apt-get at a time
	$(call system_package,ls /usr/lib/postgresql/*/bin/initdb,postgresql,the server of the tests' second gradebook,Fedora: sudo dnf install postgresql-server; Arch: sudo pacman -S postgresql)
	touch $(DATABASE_SERVER)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
	$(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax lark 2>/dev/null || true
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@# build matplotlib's font cache now, not inside a graded notebook cell
	$(BIN)/python -c "import matplotlib.pyplot"
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP) $(SANDBOX)
	$(COURSE) demo $(WEEKS) $(if $(WORKERS),--workers $(WORKERS))

# the environment and the system packages side by side: pip works on one core, apt-get mostly waits
# on downloads and dpkg (a fresh machine needs both)
test:
	@$(MAKE) --no-print-directory -j2 test-setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-setup: $(STAMP) $(SANDBOX) $(DATABASE_SERVER)
	@:

# Opt-in: a real browser (Debian's chromium; Playwright's own browser download is not used).
PLAYWRIGHT := playwright==1.65.2
test-browser: $(STAMP)
	@command -v chromium >/dev/null || { echo "make test-browser needs Debian's chromium: apt-get install -y chromium"; exit 2; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(PLAYWRIGHT)
	COURSE_BROWSER_TESTS=1 $(BIN)/python -m pytest tests/test_student_browser.py tests/test_feedback_browser.py $(PYTEST_ARGS)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=release

release: $(STAMP)
	$(COURSE) release $(WEEKS)

collect: $(STAMP)
	@test -n "$(FROM)" || { echo "usage: make collect WEEK=week1 FROM=folder-or-zip"; exit 2; }
	$(COURSE) collect $(WEEK) "$(FROM)" $(if $(LMS),--lms $(LMS)) $(if $(ROSTER),--roster "$(ROSTER)")

grade: $(STAMP) $(SANDBOX)
	$(COURSE) grade $(WEEK) $(if $(WORKERS),--workers $(WORKERS)) $(if $(SCHEDULER),--scheduler $(SCHEDULER))

status: $(STAMP)
	$(COURSE) status $(if $(filter command line,$(origin WEEK)),$(WEEK))

feedback: $(STAMP)
	$(COURSE) feedback $(WEEK)

serve: $(STAMP) $(SANDBOX)
	$(COURSE) serve $(WEEKS) $(if $(WORKERS),--workers $(WORKERS)) $(if $(SCHEDULER),--scheduler $(SCHEDULER))

report: $(STAMP)
	$(COURSE) report $(WEEKS) --csv grades.csv $(if $(LMS),--lms $(LMS)) $(if $(ROSTER),--roster "$(ROSTER)")

publish: $(STAMP)
	$(COURSE) publish "$(DIR)" $(WEEKS) $(if $(EXCHANGE),--exchange)

bench: $(STAMP) $(SANDBOX)
	$(BIN)/python bench/grade_throughput.py
	$(BIN)/python bench/train_mnist.py --allow-subset $(if $(shell $(BIN)/python -c "import torch" 2>/dev/null && echo yes),--vs-torch)

clean:
	rm -rf demo logs autograded feedback submitted gradebook.db grades.csv grades.png .pytest_cache
