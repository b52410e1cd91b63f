"""Resident memory of the running kiosk (budget 250 MB).

``python -m benchmarks --only memory``. The real ``kiosk run`` process, headless (SDL
offscreen) on simulated devices (see :mod:`benchmarks.headless_kiosk`), is left to run a few
seconds after its first frame; then VmRSS (and the peak, VmHWM) is read from
``/proc/<pid>/status`` of that process. The median is over separate kiosk processes. Headless,
the kiosk draws with Mesa's software renderer (llvmpipe); its resident part, read from
``/proc/<pid>/smaps``, is reported beside, as a kiosk with a GPU does not carry it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.figures import Figure
from benchmarks.headless_kiosk import KIB_PER_MB, headless_kiosk

RSS_BUDGET_MB = 250.0
RUNS, QUICK_RUNS = 3, 1
SETTLE_S, QUICK_SETTLE_S = 3.0, 1.0


def resident_mb(folder: Path, settle_s: float) -> tuple[float, float, float]:
    """(VmRSS, VmHWM, software GL part of VmRSS) in MB of one kiosk process ``settle_s`` after
    its first frame."""
    with headless_kiosk(folder) as kiosk:
        time.sleep(settle_s)  # a few frames and the idle timers run
        memory = kiosk.memory_kib()
        software_gl = kiosk.software_gl_kib()
    return (
        memory["VmRSS"] / KIB_PER_MB,
        memory["VmHWM"] / KIB_PER_MB,
        software_gl / KIB_PER_MB,
    )


def measure(quick: bool = False) -> list[Figure]:
    runs, settle = (QUICK_RUNS, QUICK_SETTLE_S) if quick else (RUNS, SETTLE_S)
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as name:
        samples = [resident_mb(Path(name), settle) for _ in range(runs)]
    rss = statistics.median(sample[0] for sample in samples)
    peak = max(sample[1] for sample in samples)
    without_gl = statistics.median(sample[0] - sample[2] for sample in samples)
    return [
        Figure(
            "kiosk resident memory (VmRSS)",
            rss,
            "MB",
            RSS_BUDGET_MB,
            f"kiosk run, {settle:g} s after first frame, peak VmHWM {peak:.0f} MB, {runs} runs",
        ),
        Figure(
            "kiosk resident memory without software GL",
            without_gl,
            "MB",
            None,
            "VmRSS less Mesa llvmpipe (libLLVM, *_dri.so), which a kiosk with a GPU does not load",
        ),
    ]


def main() -> int:
    figures = measure()
    for figure in figures:
        print(figure.row())
    return 1 if any(figure.within_budget is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
