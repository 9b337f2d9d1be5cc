"""Project paths, quick mode and seeding: the few settings every notebook and tool shares.

Quick mode (``DIGITS_QUICK=1``) shrinks epochs and data so that the whole test suite runs in
minutes on two cores. Notebooks read it through :func:`quick_mode` and nothing else.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
MNIST_DIR = DATA_DIR / "mnist"
MODELS_DIR = DATA_DIR / "models"
BENCHMARK_DIR = DATA_DIR / "benchmark"

QUICK_ENV = "DIGITS_QUICK"


def quick_mode() -> bool:
    """True when ``DIGITS_QUICK`` is 1, true, yes or on (``make test`` sets it), e.g.
    ``epochs = 1 if quick_mode() else 12``."""
    return os.environ.get(QUICK_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def set_seed(seed: int = 42) -> None:
    """Seed Python, numpy and the Keras backend in one call (``keras.utils.set_random_seed``)."""
    import keras

    keras.utils.set_random_seed(seed)
