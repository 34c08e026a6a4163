"""What reaches the instructor's terminal and log files: text without control characters.

Student ids, file names from an LMS download and lines of a student's code end up in summaries,
reports and logs. A control character in them (an escape sequence, a carriage return, a bell)
could rewrite the instructor's terminal -- say, print a forged "graded 0/22" line over the real
one. They are shown as visible escapes (``\\x1b``) instead.
"""
import logging
import os
import re

__all__ = ["printable", "PrintableStream", "PrintableFormatter", "shown_path"]

# C0 and C1 controls but newline and tab, and the Unicode controls that reorder or break lines
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text):
    """``text`` with every control character (but newline and tab) written as an escape."""
    text = str(text)
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}" if ord(match.group()) < 0x100
                        else f"\\u{ord(match.group()):04x}", text)


def shown_path(path):
    """A path to print: relative to the working directory when it lies below it (it opens from
    where the command ran, e.g. demo/grades.csv after `make demo`), else absolute."""
    path = os.path.abspath(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:      # another drive (Windows)
        return path
    return path if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


class PrintableStream:
    """A text stream that writes through ``printable``; ``raw`` is the stream itself (for the
    progress bar, whose carriage returns are the course's own)."""

    def __init__(self, raw):
        self.raw = raw

    def write(self, text):
        return self.raw.write(printable(text))

    def flush(self):
        self.raw.flush()

    def __getattr__(self, name):
        return getattr(self.raw, name)


class PrintableFormatter(logging.Formatter):
    """A log formatter whose lines hold no control characters."""

    def format(self, record):
        return printable(super().format(record))
