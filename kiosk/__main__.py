"""``python -m kiosk`` → :func:`kiosk.cli.main`."""

import sys

from kiosk.cli import main

sys.exit(main())
