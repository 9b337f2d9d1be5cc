import numpy as np
import pytest

from helpers.binarize import (
    METHODS,
    adaptive_gaussian,
    adaptive_mean,
    binarize,
    flatten_background,
    flattened_otsu,
    global_threshold,
    niblack,
    otsu_inverted,
    sauvola,
)


def _shadowed_page() -> np.ndarray:
    """Paper at 230 with a hard shadow (110) over the left part, a pen stroke in each part."""
    page = np.full((200, 300), 230, np.uint8)
    page[:, :120] = 110
    page[60:140, 48:52] = 40
    page[60:140, 208:212] = 80
    return page


def test_otsu_separates_a_bimodal_page():
    rng = np.random.default_rng(0)
    page = rng.normal(200, 8, (100, 100))
    page[40:60, 20:80] = rng.normal(60, 8, (20, 60))
    binary = otsu_inverted(np.clip(page, 0, 255).astype(np.uint8))
    assert binary[40:60, 20:80].mean() > 250 and binary[:30].mean() < 5


def test_otsu_threshold_lies_between_the_two_modes():
    page = np.full((100, 100), 200, np.uint8)
    page[40:60] = 60
    otsu = max(t for t in range(256) if np.array_equal(global_threshold(page, t), otsu_inverted(page)))
    assert 60 < otsu <= 200


def test_global_threshold_sweep_ends():
    page = _shadowed_page()
    assert global_threshold(page, 0).max() == 0  # nothing is darker than 0
    assert global_threshold(page, 256).min() == 255  # everything is darker than 256
    assert global_threshold(page, 60)[60:140, 48:52].min() == 255 and global_threshold(page, 60).mean() < 5


@pytest.mark.parametrize("method", [adaptive_mean, adaptive_gaussian, sauvola, flattened_otsu])
def test_local_methods_find_ink_in_shadow_and_light_but_not_the_shadow(method):
    binary = method(_shadowed_page())
    assert binary[70:130, 48:52].mean() > 250 and binary[70:130, 208:212].mean() > 250
    assert binary[:40, :100].mean() < 5 and binary[:40, 150:].mean() < 5


def test_niblack_speckles_blank_paper_where_sauvola_does_not():
    rng = np.random.default_rng(2)
    page = np.clip(rng.normal(220, 3, (150, 150)), 0, 255).astype(np.uint8)
    assert niblack(page).mean() > 20 * 255 / 100  # over a fifth of the paper becomes "ink"
    assert sauvola(page).mean() < 1


def test_local_window_must_be_odd():
    with pytest.raises(ValueError, match="odd number of pixels"):
        adaptive_mean(_shadowed_page(), window=40)


@pytest.mark.parametrize("method", list(METHODS))
def test_every_method_returns_ink_255_on_paper_0(method):
    binary = binarize(_shadowed_page(), method)
    assert binary.dtype == np.uint8 and binary.shape == (200, 300)
    assert set(np.unique(binary)) <= {0, 255}


def test_flattening_removes_a_shadow_that_defeats_otsu():
    page = _shadowed_page()
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
