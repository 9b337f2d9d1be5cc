"""MNIST from the files shipped in ``data/mnist`` — never from the network.

The four original IDX files (LeCun, Cortes and Burges; CC BY-SA 3.0) are committed gzipped.
:func:`load_mnist` returns the same arrays as ``keras.datasets.mnist.load_data()``: uint8 images of
shape (n, 28, 28) with white ink (255) on black (0), and uint8 labels of shape (n,).
"""

from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from helpers.config import MNIST_DIR

#: sha256 of each shipped .gz file (see data/README.md).
MNIST_FILES = {
    "train-images.idx3-ubyte.gz": "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971",
    "train-labels.idx1-ubyte.gz": "1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203",
    "t10k-images.idx3-ubyte.gz": "1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be",
    "t10k-labels.idx1-ubyte.gz": "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b",
}

_RESTORE_HINT = (
    "Restore it with `git checkout -- {path}` (it is committed with the course), "
    "or copy the original MNIST file of that name into {folder}."
)


class DataFileError(RuntimeError):
    """A shipped data file is missing or does not match its recorded checksum."""


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verified_path(path: Path, expected_sha256: str) -> Path:
    """Return ``path`` if it exists and matches ``expected_sha256``; otherwise raise a clear error."""
    hint = _RESTORE_HINT.format(path=path, folder=path.parent)
    if not path.is_file():
        raise DataFileError(f"{path}: file is missing. {hint}")
    actual = sha256_of(path)
    if actual != expected_sha256:
        raise DataFileError(
            f"{path}: sha256 is {actual}, expected {expected_sha256} (the file is corrupted or was replaced). {hint}"
        )
    return path


def _read_idx(path: Path, magic: int, ndim: int) -> np.ndarray:
    with gzip.open(path, "rb") as handle:
        raw = handle.read()
    header = np.frombuffer(raw, dtype=">u4", count=1 + ndim)
    if header[0] != magic:
        raise DataFileError(f"{path}: not an IDX file of the expected kind (magic {header[0]:#x}).")
    shape = tuple(int(n) for n in header[1:])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 * (1 + ndim)).reshape(shape).copy()


@lru_cache(maxsize=2)
def _load(folder: Path) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    paths = {name: verified_path(folder / name, sha) for name, sha in MNIST_FILES.items()}
    x_train = _read_idx(paths["train-images.idx3-ubyte.gz"], 0x803, 3)
    y_train = _read_idx(paths["train-labels.idx1-ubyte.gz"], 0x801, 1)
    x_test = _read_idx(paths["t10k-images.idx3-ubyte.gz"], 0x803, 3)
    y_test = _read_idx(paths["t10k-labels.idx1-ubyte.gz"], 0x801, 1)
    for array in (x_train, y_train, x_test, y_test):
        array.setflags(write=False)
    return (x_train, y_train), (x_test, y_test)


def load_mnist(
    folder: Path | str = MNIST_DIR,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load MNIST like ``keras.datasets.mnist.load_data()``, from the shipped files.

    Every file's sha256 is checked first. The arrays are read-only (they are cached): copy before
    changing them.

    >>> (x_train, y_train), (x_test, y_test) = load_mnist()
    >>> x_train.shape, x_test.shape, x_train.dtype
    ((60000, 28, 28), (10000, 28, 28), dtype('uint8'))
    """
    return _load(Path(folder).resolve())
