from dataclasses import replace

import numpy as np
import pytest

from helpers.augment import AugmentSettings, augment_batch
from helpers.data import load_mnist
from helpers.normalize import center_of_mass


def test_augmentation_keeps_shape_range_and_ink():
    (x_train, _), _ = load_mnist()
    batch = x_train[:64]
    out = augment_batch(batch, np.random.default_rng(0))
    assert out.shape == batch.shape and out.dtype == np.uint8
    assert not np.array_equal(out, batch)
    ink_ratio = out.reshape(64, -1).sum(1) / batch.reshape(64, -1).sum(1)
    assert ink_ratio.min() > 0.4 and ink_ratio.max() < 2.5  # no digit vanishes or floods
    centres = np.array([center_of_mass(image) for image in out])
    assert np.abs(centres - 13.5).max() < 6  # still inside the field


def test_augmentation_is_deterministic_for_a_seed_and_off_when_ranges_are_zero():
    (x_train, _), _ = load_mnist()
    a = augment_batch(x_train[:8], np.random.default_rng(3))
    b = augment_batch(x_train[:8], np.random.default_rng(3))
    assert np.array_equal(a, b)
    still = AugmentSettings(rotate=0, shear=0, scale=(1, 1), aspect=(1, 1), shift=0, thicken=0, thin=0)
    same = augment_batch(x_train[:8], np.random.default_rng(3), still)
    assert np.abs(same.astype(int) - x_train[:8]).max() <= 1


def test_augmentation_refuses_wrong_shapes():
    with pytest.raises(ValueError, match=r"\(n, 28, 28\)"):
        augment_batch(np.zeros((2, 32, 32), np.uint8), np.random.default_rng(0))


def test_elastic_distortion_moves_strokes_but_keeps_the_ink_and_the_labels():
    (x_train, y_train), _ = load_mnist()
    labels = y_train[:32].copy()
    plain = AugmentSettings(rotate=0, shear=0, scale=(1, 1), aspect=(1, 1), shift=0, thicken=0, thin=0, redraw=0)
    warped = augment_batch(x_train[:32], np.random.default_rng(0), replace(plain, elastic=1.0))
    assert warped.shape == (32, 28, 28) and warped.dtype == np.uint8
    moved = (warped != x_train[:32]).reshape(32, -1).mean(1)
    assert moved.min() > 0.02  # every digit changed
    ink_ratio = warped.reshape(32, -1).sum(1) / x_train[:32].reshape(32, -1).sum(1)
    assert 0.5 < ink_ratio.min() and ink_ratio.max() < 2.0  # warped, neither flooded nor eaten
    assert np.array_equal(y_train[:32], labels)
    # elastic off by default: the default recipe's random stream is unchanged
    assert AugmentSettings().elastic == 0.0
