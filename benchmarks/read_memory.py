"""Peak memory of the reader on the largest photo it takes (target: ≤ 2 GB).

    .venv/bin/python benchmarks/read_memory.py

Writes a colour PNG of :data:`helpers.images.MAX_PIXELS` pixels (a square) with three large
digits to a temporary folder, reads it with ``python -m helpers.read`` in a fresh process, and
prints that process's peak resident memory and its ratio to the target. (Larger photos are
refused from their header before decoding: tests/test_images.py.)
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from helpers.config import ROOT
from helpers.images import MAX_PIXELS

TARGET_GB = 2.0


def peak_of_reading(path: Path) -> tuple[float, float, str]:
    """(peak resident GB, seconds, first line of output) of ``python -m helpers.read path``,
    in a process of its own."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "helpers.read", str(path)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB, of the one child
    said = (result.stdout or result.stderr).strip().splitlines()[0]
    return peak / 2**20, seconds, said


def main() -> None:
    side = int(MAX_PIXELS**0.5)
    with tempfile.TemporaryDirectory() as folder:
        largest = Path(folder) / "largest.png"
        page = np.full((side, side, 3), 235, np.uint8)
        for k, digit in enumerate("731"):
            cv2.putText(page, digit, (side // 6 + k * side // 4, side * 3 // 5), cv2.FONT_HERSHEY_SIMPLEX, side / 170,
                        (30, 30, 120), side // 70)  # fmt: skip
        cv2.imwrite(str(largest), page)
        del page
        gigabytes, seconds, said = peak_of_reading(largest)
        print(f"{side} × {side} colour PNG ({side * side / 1e6:.0f} MP): read {said!r} in {seconds:.1f} s")
        print(f"peak memory {gigabytes:.2f} GB, {gigabytes / TARGET_GB:.2f} × the {TARGET_GB:.0f} GB target")


if __name__ == "__main__":
    main()
