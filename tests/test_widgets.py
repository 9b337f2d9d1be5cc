"""The notebooks' explorers: the drawing functions the sliders call, tested directly."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from helpers.config import BENCHMARK_DIR
from helpers.evaluate import read_labels
from helpers.images import load_image
from helpers.widgets import (
    binarization_explorer,
    binarization_figure,
    method_parameters,
    morphology_explorer,
    morphology_figure,
)


def test_binarization_figure_reads_the_photo_with_the_chosen_method(model):
    photo = load_image(BENCHMARK_DIR / "hard_shadow_1.jpg")
    truth = next(p.lines for p in read_labels(BENCHMARK_DIR) if p.file == "hard_shadow_1.jpg")
    fig, reading = binarization_figure(photo, "flattened_otsu", model=model)
    assert reading.lines == list(truth)
    assert "read:" in fig.axes[1].get_title()
    plt.close(fig)
    fig, reading = binarization_figure(photo, "global", model=model, threshold=3)
    assert reading.lines == [] and "(nothing)" in fig.axes[1].get_title()
    plt.close(fig)


def test_morphology_figure_colours_what_the_operation_added():
    image = np.zeros((30, 30), np.uint8)
    image[10:20, 10:20] = 255
    fig, result = morphology_figure(image, "dilate", "rect", 3)
    assert np.count_nonzero(result) == 12 * 12
    changes = fig.axes[2].get_images()[0].get_array()
    assert tuple(changes[9, 9]) == (0, 160, 255)  # a pixel the dilation added
    plt.close(fig)


def test_method_parameters_name_what_each_method_takes():
    assert method_parameters("otsu") == []
    assert method_parameters("adaptive_gaussian") == ["window", "c"]
    assert method_parameters("flattened_otsu") == ["min_contrast"]


def test_explorers_build_and_hide_the_sliders_a_method_does_not_use(model):
    box = binarization_explorer(load_image(BENCHMARK_DIR / "clean_2.jpg"), model=model)
    controls = {c.description: c for c in box.children[0].children}
    assert controls["threshold"].layout.display == "none"  # flattened Otsu has no threshold
    controls["method"].value = "global"
    assert controls["threshold"].layout.display is None and controls["window"].layout.display == "none"
    assert len(morphology_explorer(np.zeros((20, 20), np.uint8)).children[0].children) == 3


def test_each_binarization_method_starts_from_its_own_k(model):
    box = binarization_explorer(load_image(BENCHMARK_DIR / "clean_2.jpg"), model=model)
    controls = {c.description: c for c in box.children[0].children}
    controls["method"].value = "niblack"
    assert controls["k"].value == -0.2  # Niblack's dark-ink k, not Sauvola's +0.2
    controls["method"].value = "sauvola"
    assert controls["k"].value == 0.2
    assert controls["min contrast"].style.description_width == "initial"  # the label is not cut


def test_binarization_figure_titles_round_numbers(model):
    figure, _ = binarization_figure(load_image(BENCHMARK_DIR / "clean_2.jpg"), "sauvola", model=model, k=0.1 + 0.2)
    assert figure.axes[0].get_title() == "sauvola k=0.3"


def test_an_upload_reads_the_same_in_ipywidgets_7_and_8():
    import datetime

    import ipywidgets as widgets

    from helpers.widgets import uploaded_file

    upload = widgets.FileUpload(accept="image/*")
    assert uploaded_file(upload) is None
    when = datetime.datetime.now(datetime.UTC)
    upload.value = (
        {"name": "a.jpg", "type": "image/jpeg", "size": 4, "content": memoryview(b"JPEG"), "last_modified": when},
    )
    # ipywidgets 7 (Colab) keeps {file name: {"metadata", "content"}} instead of a tuple
    version_7 = {"a.jpg": {"metadata": {"name": "a.jpg"}, "content": b"JPEG"}}
    assert uploaded_file(upload) == uploaded_file(type("Upload7", (), {"value": version_7})) == ("a.jpg", b"JPEG")
