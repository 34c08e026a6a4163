"""`python -m course ...`: the instructor commands (see course/instructor/cli.py)."""
import sys

from .instructor.cli import main

sys.exit(main())
