"""Project paths, quick mode, seeding and the run summary: what every notebook and tool shares.

Quick mode (``DIGITS_QUICK=1``) shrinks epochs and data so that the whole test suite runs in
minutes on two cores. Notebooks read it through :func:`quick_mode` and nothing else.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
MNIST_DIR = DATA_DIR / "mnist"
MODELS_DIR = DATA_DIR / "models"
BENCHMARK_DIR = DATA_DIR / "benchmark"
#: Real photos and scans kept outside the repository (no licence to share them): a validation
#: set read where it lies beside the project; the course reports figures from it, never the photos.
REALWORLD_DIR = ROOT.parent / "shared" / "realworld-dev"

QUICK_ENV = "DIGITS_QUICK"


def quick_mode() -> bool:
    """True when ``DIGITS_QUICK`` is 1, true, yes or on (``make test`` sets it), e.g.
    ``epochs = 1 if quick_mode() else 12``."""
    return os.environ.get(QUICK_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def set_seed(seed: int = 42) -> None:
    """Seed Python, numpy and the Keras backend in one call (``keras.utils.set_random_seed``)."""
    import keras

    keras.utils.set_random_seed(seed)


def run_summary() -> str:
    """How long this process (a notebook's kernel) has run and the most memory it has held, as
    every notebook prints in its last cell, e.g. "quick mode: 1.2 min since the kernel started,
    peak memory 0.95 GB"."""
    import time

    import psutil

    process = psutil.Process()
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    except ImportError:  # Windows: the peak working set
        peak = process.memory_info().peak_wset
    mode = "quick mode" if quick_mode() else "full mode"
    minutes = (time.time() - process.create_time()) / 60
    return f"{mode}: {minutes:.1f} min since the kernel started, peak memory {peak / 2**30:.2f} GB"
