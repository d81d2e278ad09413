"""``python -m govreports``: the command line (:mod:`govreports.cli`)."""

import sys

from govreports.cli import main

if __name__ == "__main__":
    sys.exit(main())
