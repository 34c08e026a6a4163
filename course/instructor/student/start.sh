#!/bin/sh
# Start the course: on first use this creates .venv here and installs the course into it
# (pinned versions, from the Python package index), then opens JupyterLab on this folder.
set -e
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < tuple(map(int, "{{ python }}".split("."))))'; then
    echo "this course needs Python {{ python }} or newer; run it with one: PYTHON=/path/to/python3 sh start.sh" >&2
    exit 1
fi
if [ ! -f .venv/.installed ]; then
    "$PYTHON" -m venv .venv
    .venv/bin/python -m pip install --disable-pip-version-check -r requirements.txt ./{{ wheel }}
    # an optional checker nothing here uses, which slows the start of every Jupyter and nbgrader command
    .venv/bin/python -m pip uninstall --quiet --yes {{ left_out }} 2>/dev/null || true
    touch .venv/.installed
fi
exec .venv/bin/jupyter lab --ServerApp.root_dir=. "$@"
