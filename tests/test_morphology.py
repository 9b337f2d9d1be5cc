import cv2
import numpy as np
import pytest

from helpers.morphology import as_ink, morph, set_stroke_width, stroke_width, thin


def _ring_with_gap() -> np.ndarray:
    image = np.zeros((60, 60), np.uint8)
    cv2.circle(image, (30, 30), 18, 255, 3)
    image[:, 29] = 0  # a one-pixel gap through the ring
    return image


def test_closing_fills_a_one_pixel_gap_and_keeps_the_outline():
    ring = _ring_with_gap()
    closed = morph(ring, "close", "ellipse", 3)
    assert closed[10:14, 29].max() == 255 and closed[46:50, 29].max() == 255  # both gaps filled
    grown = np.count_nonzero(closed & ~ring)
    assert grown <= 12  # only the gap pixels were added: the outline did not grow
    assert closed[30, 30] == 0  # the hole stays open


def test_dilation_grows_and_erosion_shrinks_a_square_by_one_pixel_per_side():
    square = np.zeros((20, 20), np.uint8)
    square[5:15, 5:15] = 255
    assert np.count_nonzero(morph(square, "dilate", "rect", 3)) == 12 * 12
    assert np.count_nonzero(morph(square, "erode", "rect", 3)) == 8 * 8


def test_opening_removes_specks_smaller_than_the_kernel_and_keeps_strokes():
    image = np.zeros((40, 40), np.uint8)
    image[10:30, 10:15] = 255  # a 5-px stroke
    image[3, 30] = image[35, 35] = 255  # specks
    opened = morph(image, "open", "rect", 3)
    assert opened[3, 30] == 0 and opened[35, 35] == 0
    assert np.array_equal(opened[10:30, 10:15], image[10:30, 10:15])


def test_morph_names_what_it_accepts():
    with pytest.raises(ValueError, match="unknown operation 'blur'"):
        morph(np.zeros((5, 5), np.uint8), "blur")
    with pytest.raises(ValueError, match="unknown kernel shape 'star'"):
        morph(np.zeros((5, 5), np.uint8), "close", "star")
    image = _ring_with_gap()
    assert np.array_equal(morph(image, "none"), image)


@pytest.mark.parametrize("width", [3, 5, 8])
def test_stroke_width_of_a_drawn_line(width):
    image = np.zeros((120, 200), np.uint8)
    image[50 : 50 + width, 20:180] = 255
    assert stroke_width(image) == pytest.approx(width, abs=0.5)


def test_set_stroke_width_thickens_and_thins():
    image = np.zeros((120, 200), np.uint8)
    cv2.circle(image, (100, 60), 40, 255, 3)
    assert stroke_width(set_stroke_width(image, 9)) == pytest.approx(9, abs=1.5)
    thick = np.zeros((120, 200), np.uint8)
    cv2.circle(thick, (100, 60), 40, 255, 12)
    assert stroke_width(set_stroke_width(thick, 6)) < stroke_width(thick) - 3


def test_thin_gives_a_one_pixel_skeleton_of_each_image_in_a_stack():
    bars = np.zeros((2, 30, 30), np.uint8)
    bars[0, 5:25, 10:17] = 1
    bars[1, 12:17, 3:27] = 1
    skeletons = thin(bars)
    assert skeletons[0].sum() >= 10 and (skeletons[0].sum(axis=1) <= 2).all()
    assert skeletons[1].sum() >= 15 and (skeletons[1].sum(axis=0) <= 2).all()
    assert np.array_equal(thin(bars[1]), skeletons[1])


def test_as_ink_accepts_masks_and_refuses_other_types():
    assert as_ink(np.array([[True, False]])).tolist() == [[255, 0]]
    with pytest.raises(ValueError, match="uint8 or bool"):
        as_ink(np.zeros((3, 3), np.float32))
