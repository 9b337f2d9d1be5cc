import os

from helpers.config import QUICK_ENV, quick_mode


def test_quick_mode_is_on_under_test():
    # `make test` (and so CI) runs the suite with DIGITS_QUICK=1; without it notebooks train in full.
    assert os.environ.get(QUICK_ENV) == "1"
    assert quick_mode()


def test_quick_mode_reads_the_variable(monkeypatch):
    monkeypatch.setenv(QUICK_ENV, "0")
    assert not quick_mode()
    monkeypatch.setenv(QUICK_ENV, "yes")
    assert quick_mode()
    monkeypatch.delenv(QUICK_ENV)
    assert not quick_mode()


def test_keras_backend_is_fixed_to_tensorflow():
    import keras

    assert os.environ["KERAS_BACKEND"] == "tensorflow"
    assert keras.backend.backend() == "tensorflow"


def test_run_summary_gives_the_mode_the_minutes_and_a_peak_memory_this_process_reached():
    import re

    import numpy as np
    import psutil

    from helpers.config import run_summary

    held = np.ones(100 * 2**20, np.uint8)  # 100 MB touched: the peak is at least this much
    match = re.fullmatch(
        r"quick mode: (\d+\.\d) min since the kernel started, peak memory (\d+\.\d\d) GB", run_summary()
    )
    assert match, run_summary()
    assert float(match[2]) * 2**30 >= max(held.nbytes, 0.9 * psutil.Process().memory_info().rss)
