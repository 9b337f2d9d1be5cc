import cv2
import numpy as np
import pytest

from helpers.data import load_mnist
from helpers.morphology import stroke_width
from helpers.normalize import (
    MNIST_STROKE,
    center_box,
    center_of_mass,
    center_of_mass_shift,
    fit_box,
    stretch,
    to_mnist,
)


def test_stretch_fills_the_field_fit_box_keeps_the_aspect_ratio():
    bar = np.full((40, 8), 255, np.uint8)
    assert (stretch(bar) > 0).all()  # the classic mistake: a "1" becomes a square blob
    fitted = fit_box(bar)
    assert fitted.shape == (20, 4)


def test_off_centre_digit_ends_with_its_centre_of_mass_at_the_centre():
    crop = np.zeros((90, 70), np.uint8)
    cv2.circle(crop, (20, 25), 12, 255, 4)
    cv2.line(crop, (30, 30), (60, 80), 255, 4)
    digit = to_mnist(crop)
    row, col = center_of_mass(digit)
    assert abs(row - 13.5) <= 0.5 and abs(col - 13.5) <= 0.5
    rows, cols = np.nonzero(digit > 30)
    assert max(rows.max() - rows.min(), cols.max() - cols.min()) + 1 <= 22  # the 20×20 box (+ blur)


def test_thin_stroke_keeps_its_aspect_ratio_in_to_mnist():
    crop = np.zeros((60, 30), np.uint8)
    crop[10:50, 13:17] = 255  # an 8 × 40 stroke would be 4 × 40 here: tall and thin
    digit = to_mnist(crop, stroke=None)
    rows, cols = np.nonzero(digit > 60)
    height, width = np.ptp(rows) + 1, np.ptp(cols) + 1
    assert height >= 19 and width <= 4


def test_center_of_mass_shift_rejects_a_digit_too_large():
    with pytest.raises(ValueError, match="does not fit"):
        center_of_mass_shift(np.full((30, 10), 255, np.uint8))


def test_mnist_stroke_constant_is_mnists_median():
    (x_train, _), _ = load_mnist()
    widths = [stroke_width(image) for image in x_train[:500]]
    assert np.median(widths) == pytest.approx(MNIST_STROKE, abs=0.15)


def test_bad_crops_are_refused_clearly():
    with pytest.raises(ValueError, match="2-D"):
        to_mnist(np.zeros((0, 5), np.uint8))
    with pytest.raises(ValueError, match="uint8 or bool"):
        to_mnist(np.zeros((5, 5), np.float64))


def test_box_centring_puts_the_bounding_box_in_the_middle_whatever_the_mass():
    crop = np.zeros((60, 60), np.uint8)
    crop[5:55, 5:12] = 255  # a heavy stem on the left
    crop[5:8, 12:55] = 255  # a thin bar to the right: the mass is left of the box centre
    by_box, by_mass = to_mnist(crop, stroke=None, centre="box"), to_mnist(crop, stroke=None)
    x, y, w, h = cv2.boundingRect((by_box > 0).astype(np.uint8))
    assert abs((x + w / 2) - 14) <= 1 and abs((y + h / 2) - 14) <= 1
    assert center_of_mass(by_mass)[1] == pytest.approx(13.5, abs=0.5)
    assert center_of_mass(by_box)[1] < 12.5  # box-centred, the heavy stem stays left of the centre
    with pytest.raises(ValueError, match="centre must be 'mass' or 'box'"):
        to_mnist(crop, centre="middle")


def test_nearest_scaling_keeps_hard_edges_and_area_scaling_anti_aliases():
    crop = np.zeros((90, 90), np.uint8)
    cv2.circle(crop, (45, 45), 35, 255, 9)
    assert set(np.unique(fit_box(crop, interpolation="nearest"))) <= {0, 255}
    grey = fit_box(crop)
    assert ((grey > 0) & (grey < 255)).sum() > 20
    with pytest.raises(ValueError, match="interpolation must be one of"):
        fit_box(crop, interpolation="cubic")


def test_center_box_refuses_a_digit_too_large():
    with pytest.raises(ValueError, match="does not fit"):
        center_box(np.full((30, 10), 255, np.uint8))
