"""The ``kiosk`` command under the test harness: the test hooks armed, then the production main.

``python -m tests.harness_main ARGS`` is ``kiosk ARGS`` with ``KIOSK_CRASH_AT`` and
``KIOSK_HANG_UI_AFTER`` honoured (:mod:`kiosk.harness`); it lives under tests/, outside the wheel.
"""

from __future__ import annotations

import sys

from app.cli.main import main
from kiosk.harness import arm

if __name__ == "__main__":
    arm()
    sys.exit(main())
