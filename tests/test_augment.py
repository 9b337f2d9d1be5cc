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
