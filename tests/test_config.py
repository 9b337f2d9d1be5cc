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
