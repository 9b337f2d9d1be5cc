import numpy as np
import pytest

from helpers.binarize import binarize, flatten_background, flattened_otsu, otsu_inverted


def test_otsu_separates_a_bimodal_page():
    rng = np.random.default_rng(0)
    page = rng.normal(200, 8, (100, 100))
    page[40:60, 20:80] = rng.normal(60, 8, (20, 60))
    binary = otsu_inverted(np.clip(page, 0, 255).astype(np.uint8))
    assert binary[40:60, 20:80].mean() > 250 and binary[:30].mean() < 5


def test_flattening_removes_a_shadow_that_defeats_otsu():
    page = np.full((200, 300), 230, np.uint8)
    page[:, :120] = 110  # a hard shadow over the left part
    page[60:140, 48:52] = 40  # a pen stroke in the shadow
    page[60:140, 208:212] = 80  # a pen stroke in the light
    classic = otsu_inverted(page)
    assert classic[:, :120].mean() > 200  # the whole shadow became "ink"
    binary = flattened_otsu(page)
    assert binary[60:140, 48:52].mean() > 250 and binary[60:140, 208:212].mean() > 250
    assert binary[:50, :100].mean() < 5 and binary[:50, 150:].mean() < 5
    assert flatten_background(page)[10, 10] >= 245


def test_blank_page_stays_blank():
    rng = np.random.default_rng(1)
    page = np.clip(rng.normal(220, 3, (150, 150)), 0, 255).astype(np.uint8)
    assert flattened_otsu(page).mean() < 1


def test_unknown_method_and_bad_input():
    with pytest.raises(ValueError, match="unknown binarization method 'magic'"):
        binarize(np.zeros((5, 5), np.uint8), method="magic")
    with pytest.raises(ValueError, match="grayscale"):
        otsu_inverted(np.zeros((5, 5, 3), np.uint8))
