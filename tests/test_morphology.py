import cv2
import numpy as np
import pytest

from helpers.morphology import as_ink, set_stroke_width, stroke_width, thin


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
