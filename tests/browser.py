"""Chromium, driven by Playwright, for the opt-in browser tests (`make test-browser`)."""
import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

NEEDS_BROWSER = [
    pytest.mark.skipif(os.environ.get("COURSE_BROWSER_TESTS") != "1",
                       reason="real-browser check: run it with `make test-browser`"),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium: apt-get install -y chromium"),
]

