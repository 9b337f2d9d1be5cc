"""Shared fixtures. The suite runs in quick mode (``make test`` sets DIGITS_QUICK=1)."""

import pytest

import helpers  # noqa: F401  (fixes KERAS_BACKEND before anything imports keras)


@pytest.fixture(scope="session")
def model():
    from helpers.models import load_default

    return load_default()
