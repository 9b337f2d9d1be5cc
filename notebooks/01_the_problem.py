# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 · The problem: 99 % on MNIST, wrong on a photo
#
# A digit classifier that scores 99 % on MNIST misreads a photo of a handwritten number. This
# notebook reproduces the classic pipeline exactly, measures how often it fails, and shows why.
#
# **You will learn**
# - the classic "photo → digits" pipeline: Otsu, invert, dilate 5×5, contours, stretch to 28×28;
# - how to measure a reader: *digit error* on a benchmark of photos, not accuracy on MNIST;
# - the three ways this pipeline breaks: stretched crops, dilation eating the digits, noise;
# - which notebook of the course fixes which failure.
#
# **Prerequisites** Python and numpy basics. No notebook before this one.
# **Time** about 25 minutes of reading and exercises.
# **Run time** < 1 min in full mode at its last build (2026-12-07, 2 cores); its last cell prints your run's.

# %%
# On Google Colab only: fetch the course and install its helpers. Elsewhere this cell does nothing.
import sys

if "google.colab" in sys.modules:
    # !git clone --depth 1 https://github.com/digits-in-the-wild/digits-in-the-wild /content/digits-in-the-wild
    # %pip install -q --no-deps -e /content/digits-in-the-wild
    # %cd /content/digits-in-the-wild/notebooks
    sys.path.insert(0, "/content/digits-in-the-wild")

# %%
import os

os.environ["KERAS_BACKEND"] = "tensorflow"  # the course's Keras backend, set before Keras is imported

import cv2
import keras
import matplotlib.pyplot as plt
import numpy as np

from helpers.config import BENCHMARK_DIR, quick_mode, run_summary, set_seed
from helpers.data import load_mnist
from helpers.evaluate import evaluate, read_labels
from helpers.images import load_image
from helpers.models import load_default, predict_digits, read_record
from helpers.normalize import stretch
from helpers.plots import draw_boxes, overlay, show_images
from helpers.report import plot_error_by_condition
from helpers.segment import Blob, reading_order, typical_height

set_seed(42)
print("quick mode:", quick_mode(), "| OpenCV", cv2.__version__, "| Keras", keras.__version__, keras.backend.backend())

# %% [markdown]
# ## 1 · The model: 99 % on MNIST
#
# The course ships a trained recogniser (notebook 06 shows how it is trained). Its MNIST test
# accuracy, measured when it was trained and again here on the 10 000 test digits:

# %%
model = load_default()
(_, _), (x_test, y_test) = load_mnist()
count = 2000 if quick_mode() else len(x_test)
mnist_accuracy = float((predict_digits(model, x_test[:count]).argmax(1) == y_test[:count]).mean())
print(
    f"recorded MNIST test accuracy {read_record()['accuracy']:.2%}; measured now on {count} digits: {mnist_accuracy:.2%}"
)
assert mnist_accuracy > 0.98
assert mnist_accuracy >= 0.99  # "99 % on MNIST"
assert quick_mode() or count == 10_000  # "measured ... again here on the 10 000 test digits"

# %% [markdown]
# MNIST digits are white ink on black, 28×28, and — the detail that matters all course long —
# each was fitted into a 20×20 box *keeping its aspect ratio*, then centred by its centre of mass.
# A "1" stays a thin stroke in the middle of the field.

# %%
show_images(x_test[:12], [f"label {y}" for y in y_test[:12]], columns=12, size=1.0)
plt.show()

# %% [markdown]
# ## 2 · A photo of handwritten digits
#
# The course measures everything on a benchmark of simulated phone photos (`data/benchmark`):
# MNIST *test* digits redrawn with real pens on real-looking paper, under real-looking light.
# Notebook 09 adds your own photos.

# %%
photo_name = "clean_3.jpg"
gray = load_image(BENCHMARK_DIR / photo_name)
truth = {p.file: p.lines for p in read_labels(BENCHMARK_DIR)}[photo_name]
plt.imshow(gray, cmap="gray")
plt.title(f"{photo_name} — true digits: {' | '.join(truth)}")
plt.axis("off")
plt.show()

# %% [markdown]
# ## 3 · The classic pipeline, step by step
#
# This is the recipe found in countless tutorials and in the question that started this course.
# Every line is plain OpenCV:

# %%
# 1. threshold with Otsu's method and invert, so ink = 255 like MNIST
_, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
# 2. dilate with a 5×5 cross "to make the strokes look like MNIST's"
dilated = cv2.dilate(binary, cv2.getStructuringElement(cv2.MORPH_CROSS, (5, 5)))
# 3. one external contour per blob of ink
contours, _ = cv2.findContours(dilated, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
boxes = [cv2.boundingRect(c) for c in contours]
# 4. each bounding box stretched to 28×28, whatever its shape
crops = [dilated[y : y + h, x : x + w] for x, y, w, h in boxes]
inputs = np.stack([stretch(c) for c in crops])
# 5. the model
predicted = predict_digits(model, inputs).argmax(1)
print(f"{len(boxes)} blobs found for {sum(map(len, truth))} digits")

# %%
fig, axes = plt.subplots(1, 3, figsize=(12, 5))
for ax, image, title in zip(
    axes,
    [binary, dilated, draw_boxes(gray, boxes, predicted)],
    ["Otsu, inverted", "dilated 5×5 cross", "contours and predictions"],
):
    ax.imshow(image if image.ndim == 2 else image[..., ::-1], cmap="gray")
    ax.set_title(title)
    ax.axis("off")
plt.show()

# %% [markdown]
# The same pipeline is packaged as `helpers.pipeline.naive_segments` — the same code, so
# `read_digits(image, pipeline="naive")` is exactly what you just ran, with the blobs put in
# reading order.

# %% [markdown]
# ## 4 · What the model is really shown
#
# Compare each crop with what the stretched 28×28 input looks like. Below, each pair is drawn over
# each other at the same scale: **green** = the digit as written, **magenta** = what the model gets,
# **white** = both. A thin "1" is stretched into a fat bar or blob; wide digits are squashed.

# %%
blobs = [Blob(x, y, w, h, (i,), w * h) for i, (x, y, w, h) in enumerate(boxes)]
order = [b.labels[0] for line in reading_order(blobs, typical_height(blobs)) for b in line]  # line by line
show_images(
    [inputs[i] for i in order],
    [f"read {predicted[i]}" for i in order],
    columns=10,
    size=1.1,
    suptitle="the 28×28 inputs of the classic pipeline",
)
show_images(
    [overlay(crops[i], inputs[i]) for i in order],
    columns=10,
    size=1.1,
    suptitle="written (green) vs model input (magenta) at the same scale",
)
plt.show()

# %% [markdown]
# ## 5 · Measure it: digit error on the benchmark
#
# *Digit error* = edit (Levenshtein) distance between the digits read and the true digits in
# reading order, divided by the number of true digits — a missed digit, an extra blob and a wrong
# label each count one. `helpers.evaluate` computes it for every photo of the benchmark; the
# course's improved pipeline is measured beside the classic one as the target of the next notebooks.

# %%
naive = evaluate(BENCHMARK_DIR, "naive", model=model)
improved = evaluate(BENCHMARK_DIR, "improved", model=model)
print(naive.summary())
print(improved.summary())
assert naive.digit_error > 0.15, "the classic pipeline should fail often on photos"
assert improved.digit_error < naive.digit_error / 3
assert len(naive.results) == len(improved.results) == 100 and naive.digits == 1512  # "On the 100 photos ... of 1512"
assert abs(naive.digit_error - 0.3783) < 0.01 and abs(naive.exact - 28) <= 2  # "37.83 % ... reads 28 photos exactly"
assert abs(improved.digit_error - 0.0311) < 0.005 and abs(improved.exact - 73) <= 2  # "3.11 % ... and 73 photos"

# %%
plot_error_by_condition([naive, improved])
plt.show()
# "The classic pipeline does worst on the desk, sticky-note, table and recycled-paper photos, above 90 %"
assert all(np.divide(*naive.by_condition()[c]) > 0.9 for c in ["desk", "sticky_note", "table", "recycled_paper"])
assert sum(e > 0.9 * d for e, d in naive.by_condition().values()) == 4  # ... and no other condition is
assert 1.28 < np.divide(*naive.by_condition()["recycled_paper"]) < 1.34  # "on recycled paper 131 %"

# %% [markdown]
# On the 100 photos the classic pipeline gets 37.83 % of the digits wrong (95 % interval 29.44 %–46.89 %,
# 572 of 1512) and reads 28 photos exactly; the course's improved reader, 3.11 % (2.06 %–4.32 %) and 73
# photos. The classic pipeline does worst on the desk, sticky-note, table and recycled-paper photos, above
# 90 % — on recycled paper 131 %: more wrong, missed and extra digits than there are true ones.
#
# ## 6 · Where it fails, and how often
#
# The aligned digits tell what the classic pipeline does to each true digit. `naive.confusion()`
# counts them in an 11×11 table: rows are the true digits, columns the digits read, and index 10
# (∅, printed as "missed") stands for nothing. Row `1` is how the thin "1"s are read; column ∅
# counts digits it missed (merged into a neighbour by dilation, or lost), row ∅ counts blobs that
# were not digits at all (noise, shadows, ruled lines). The cell prints row `1` and both totals:

# %%
confusion = naive.confusion()
ones = confusion[1]
print("true '1' read as:", {str(d) if d < 10 else "missed": int(n) for d, n in enumerate(ones) if n})
print(
    f"'1' read right: {ones[1] / ones.sum():.0%} (classic) vs "
    f"{improved.confusion()[1, 1] / improved.confusion()[1].sum():.0%} (improved)"
)
print("extra blobs read as digits:", int(confusion[10].sum()), "| digits missed:", int(confusion[:10, 10].sum()))
assert ones[1] / ones.sum() < 0.9
assert ones.sum() == 170 and abs(ones[1] - 95) <= 3  # "Of the 170 true "1"s, ... 95 right (56 %"
assert improved.confusion()[1, 1] / improved.confusion()[1].sum() >= 0.985  # "the improved reader, 99 %"
assert abs(ones[10] - 43) <= 3 and abs(ones[0] - 18) <= 3  # "43 are missed, 18 read as 0"
assert ones[9] == 0 and ones[2:9].max() <= 3  # "the other 14 spread over 2 to 8, no digit more than 3 times"
# "273 are missed and 157 blobs that are not digits are read as digits"
assert abs(confusion[:10, 10].sum() - 273) <= 10 and abs(confusion[10].sum() - 157) <= 10
# Key points: "The classic pipeline's commonest error is a missed digit" (more than extra blobs or wrong labels)
assert confusion[:10, 10].sum() > max(
    confusion[10].sum(), naive.errors - confusion[:10, 10].sum() - confusion[10].sum()
)

# %% [markdown]
# Of the 170 true "1"s, the classic pipeline reads 95 right (56 %; the improved reader, 99 %). 43 are
# missed, 18 read as 0, and the other 14 spread over 2 to 8, no digit more than 3 times (4 and 6
# three times, 2, 3 and 7 twice). Over all digits, 273 are missed and 157 blobs that are not digits are
# read as digits.
#
# ## 7 · The map of the course
#
# | failure you just saw | why | fixed in |
# | --- | --- | --- |
# | shadows and gradients turn into black blobs; pencil vanishes | one global threshold for the whole photo | **02 binarization** |
# | loops of 6, 8, 9, 0 filled; digits merged into neighbours | dilation with a 5×5 kernel | **03 morphology** |
# | specks, ruled lines, dots read as digits; lines mixed up | every contour taken as a digit | **04 segmentation** |
# | thin "1" read as 0; wide digits squashed | crop stretched to 28×28 | **05 normalisation** |
# | a model that looks perfect on MNIST | MNIST accuracy is not photo accuracy | **06 cross-validation** |
# | a model too weak for real pens | architecture and augmentation | **07 architectures** |
# | your handwriting is not MNIST's | no real data | **08 your own data** |
# | all of the above, on your photos | — | **09 end to end** |

# %% [markdown]
# ## Try it
#
# 1. **Predict first:** a hard shadow covers part of the page. Where will Otsu's single threshold fall, and what will
#    the shadow become in the binary image? (§3) Then set `photo_name = "hard_shadow_1.jpg"` in section 2, rerun
#    sections 2 and 3, and compare the figures with your prediction.
# 2. **Predict first:** without the 5×5 dilation, will the classic pipeline find more blobs or fewer than the true
#    digits, and why? (§3) Then count the blobs of the undilated page (`binary` instead of `dilated`).
#
# <details><summary>Solutions</summary>
#
# 1. Otsu picks one threshold from the histogram of the whole photo. A hard shadow gives it three peaks (ink,
#    shadowed paper, lit paper), and the threshold can fall between the two papers: look for the shadow turning into
#    one large "ink" blob, read as a digit, with the digits inside it lost. Notebook 02 measures this.
# 2. `undilated, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)`, then compare
#    `len(undilated)` with `len(contours)` (dilated) and with `sum(map(len, truth))` (the true digits). Without
#    dilation a speck or a broken stroke stays a blob of its own (more blobs); with it, neighbouring digits can merge
#    (fewer blobs, and missed digits). On a clean, well-spaced photo the two counts may well be equal; try
#    `photo_name = "dense_sheet_1.jpg"`, where the digits are small and close, to see the merging. Notebook 03
#    measures both effects.
# </details>
#
# ## Key points
#
# - 99 % on MNIST says nothing about photos: measure the whole reader on photos.
# - The classic pipeline's commonest error is a missed digit (273 of 1512: merged by dilation, or
#   lost); extra blobs read as digits (157) and the stretch to 28×28 add their own.
# - Digit error (edit distance / true digits) counts wrong, missed and extra digits alike.
#
# **Next:** 02 · binarization.

# %%
print(run_summary())
