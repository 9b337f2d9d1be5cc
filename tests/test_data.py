import gzip
import shutil
import socket

import numpy as np
import pytest

from helpers.config import MNIST_DIR
from helpers.data import MNIST_FILES, DataFileError, load_mnist


def test_load_mnist_matches_keras_shapes_and_labels():
    (x_train, y_train), (x_test, y_test) = load_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert x_train.dtype == y_train.dtype == np.uint8
    # the first training labels of the original files, and the class balance of the test set
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    # MNIST's 20×20 box in a 28×28 field: the outer two rows are blank on (almost) every digit
    assert x_train.max() == 255 and (x_train[:, :2, :].max(axis=(1, 2)) == 0).mean() > 0.99


def test_load_mnist_never_opens_a_socket(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise AssertionError("load_mnist tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for name in MNIST_FILES:  # a fresh folder, so the cache cannot answer
        shutil.copy(MNIST_DIR / name, tmp_path / name)
    (x_train, _), _ = load_mnist(tmp_path)
    assert x_train.shape == (60000, 28, 28)


def test_missing_file_names_the_file_and_the_fix(tmp_path):
    for name in MNIST_FILES:
        shutil.copy(MNIST_DIR / name, tmp_path / name)
    (tmp_path / "t10k-labels.idx1-ubyte.gz").unlink()
    with pytest.raises(DataFileError, match=r"t10k-labels\.idx1-ubyte\.gz: file is missing.*git checkout"):
        load_mnist(tmp_path)


def test_corrupted_file_is_caught_by_its_checksum(tmp_path):
    for name in MNIST_FILES:
        shutil.copy(MNIST_DIR / name, tmp_path / name)
    with gzip.open(tmp_path / "t10k-labels.idx1-ubyte.gz", "wb") as handle:
        handle.write(b"\x00\x00\x08\x01" + bytes(8))
    with pytest.raises(DataFileError, match=r"t10k-labels\.idx1-ubyte\.gz: sha256 is .* expected"):
        load_mnist(tmp_path)
