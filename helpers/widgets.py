"""Interactive explorers for the notebooks, built from core ipywidgets only (so they work in
JupyterLab, Binder, Colab and VS Code).

Each explorer is a plain drawing function — ``*_figure(...)`` returns a matplotlib figure and the
measured result, and the tests call it directly — wired to sliders by :func:`explorer`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np

from helpers.binarize import METHODS, binarize, default_window
from helpers.morphology import OPERATIONS, SHAPES, morph
from helpers.pipeline import Options, read_digits
from helpers.plots import draw_boxes


def explorer(draw: Callable, controls: dict, visible: Callable[[dict], set] | None = None):
    """Controls above an output area; every change calls ``draw(**values)`` — which returns
    (figure, result) — and shows the figure.

    ``visible(values)`` may name the controls to show for the current values (others are hidden).
    Returns the widget box.
    """
    import ipywidgets as widgets
    from IPython.display import display

    output = widgets.Output()

    def update(_=None):
        values = {name: control.value for name, control in controls.items()}
        if visible is not None:
            shown = visible(values)
            for name, control in controls.items():
                control.layout.display = None if name in shown else "none"
        with output:
            output.clear_output(wait=True)
            figure, _ = draw(**values)
            display(figure)
            plt.close(figure)

    for control in controls.values():
        control.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HBox(list(controls.values()), layout={"flex_flow": "row wrap"}), output])


def uploaded_file(upload) -> tuple[str, bytes] | None:
    """``(name, content)`` of the first file in an ``ipywidgets.FileUpload``, or None before any
    upload — whichever ipywidgets the notebook runs with: 8 (JupyterLab, Binder) keeps a tuple of
    dicts, 7 (Colab) a dict from file name to ``{"metadata", "content"}``."""
    value = upload.value
    if not value:
        return None
    if isinstance(value, dict):  # ipywidgets 7
        name, entry = next(iter(value.items()))
        return name, bytes(entry["content"])
    return value[0]["name"], bytes(value[0]["content"])


# ---------------------------------------------------------------------------- binarization


def method_parameters(method: str) -> list[str]:
    """Names of the parameters a binarization method takes besides the image.

    >>> method_parameters("sauvola")
    ['window', 'k', 'r']
    """
    return list(inspect.signature(METHODS[method]).parameters)[1:]


def binarization_figure(gray: np.ndarray, method: str = "flattened_otsu", model=None, **params):
    """The photo binarized with ``method`` and the digits the improved pipeline reads with it.

    Returns (figure, :class:`helpers.pipeline.Reading`).
    """
    binary = binarize(gray, method, **params)
    reading = read_digits(gray, model=model, options=Options(binarize=method, binarize_params=params))
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.5))
    axes[0].imshow(binary, cmap="gray")
    shown = ", ".join(f"{name}={value:g}" for name, value in params.items())
    axes[0].set_title(f"{method} {shown}".strip(), fontsize=9)
    boxes = [d.box for d in reading.digits]
    axes[1].imshow(draw_boxes(gray, boxes, [d.label for d in reading.digits])[..., ::-1])
    axes[1].set_title(f"read: {' | '.join(reading.lines) or '(nothing)'}", fontsize=9)
    for ax in axes:
        ax.axis("off")
    fig.tight_layout()
    return fig, reading


def binarization_explorer(gray: np.ndarray, model=None):
    """Choose a method and its parameters with sliders; see the binary page and the digits read."""
    import ipywidgets as widgets

    window = default_window(gray)
    wide = {"style": {"description_width": "initial"}}  # labels such as "min contrast" shown whole
    controls = {
        "method": widgets.Dropdown(options=list(METHODS), value="flattened_otsu", description="method"),
        "threshold": widgets.IntSlider(value=128, min=0, max=255, description="threshold", **wide),
        "window": widgets.IntSlider(value=window, min=3, max=max(window * 4, 61), step=2, description="window"),
        "c": widgets.FloatSlider(value=10, min=-10, max=60, step=1, description="c"),
        "k": widgets.FloatSlider(value=0.2, min=-1.0, max=1.0, step=0.05, description="k"),
        "min_contrast": widgets.IntSlider(value=40, min=0, max=120, description="min contrast", **wide),
    }

    def method_defaults(change):
        """Each method starts from its own defaults: Niblack's k is −0.2, Sauvola's +0.2."""
        defaults = inspect.signature(METHODS[change["new"]]).parameters
        if "k" in defaults:
            controls["k"].value = defaults["k"].default

    controls["method"].observe(method_defaults, names="value")

    def draw(method, **values):
        params = {name: values[name] for name in method_parameters(method) if name in values}
        return binarization_figure(gray, method, model=model, **params)

    def visible(values):
        return {"method", *method_parameters(values["method"])}

    return explorer(draw, controls, visible)


# ---------------------------------------------------------------------------- morphology


def morphology_figure(binary: np.ndarray, operation: str = "close", shape: str = "ellipse", size: int = 3):
    """A binary image before and after one operation, with the pixels added and removed coloured.

    Returns (figure, the result).
    """
    result = morph(binary, operation, shape, size)
    before, after = binary > 0, result > 0
    changes = np.dstack([before, before, before]).astype(np.uint8) * 255
    changes[after & ~before] = (0, 160, 255)  # added: blue
    changes[before & ~after] = (255, 80, 0)  # removed: orange
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.6))
    for ax, image, title in zip(
        axes,
        [binary, result, changes],
        ["before", f"{operation} {shape} {size}×{size}", "added (blue) / removed (orange)"],
    ):
        ax.imshow(image, cmap="gray", vmin=0, vmax=255, interpolation="nearest")
        ax.set_title(title, fontsize=9)
        ax.axis("off")
    fig.tight_layout()
    return fig, result


def morphology_explorer(binary: np.ndarray):
    """Choose an operation, kernel shape and size; see what it adds and removes."""
    import ipywidgets as widgets

    controls = {
        "operation": widgets.Dropdown(options=list(OPERATIONS), value="close", description="operation"),
        "shape": widgets.Dropdown(options=list(SHAPES), value="ellipse", description="kernel"),
        "size": widgets.IntSlider(value=3, min=1, max=15, step=2, description="size"),
    }
    return explorer(lambda **values: morphology_figure(binary, **values), controls)
