"""Figure helpers: labels that a learner can read."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from helpers.plots import label_points


def test_labels_do_not_overlap_and_coinciding_points_share_one():
    xs = np.array([0.0, 0.0, 0.2, 0.6, 2.6, 3.5, 6.0, 7.5])
    ys = np.array([1.6, 1.6, 1.6, 1.46, 0.83, 0.67, 0.51, 0.52])
    fig, ax = plt.subplots(figsize=(5, 3.4))
    ax.plot(xs, ys, "o-")
    label_points(ax, xs, ys, ["0", "0.5", "0.7", "0.8", "0.9", "0.95", "0.98", "0.99"], fontsize=7)
    fig.canvas.draw()
    texts = ax.texts
    assert sorted(t.get_text() for t in texts) == ["0, 0.5", "0.7", "0.8", "0.9", "0.95", "0.98", "0.99"]
    boxes = [t.get_window_extent() for t in texts]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    inside = ax.get_window_extent()
    assert all(inside.x0 <= b.x0 and b.x1 <= inside.x1 for b in boxes)  # none leaves the axes sideways
    assert all(inside.y0 <= b.y0 and b.y1 <= inside.y1 for b in boxes)  # nor crosses the top or bottom
    moved = [t for t in texts if t.arrow_patch is not None]
    assert moved and all(t.get_text() != "0.99" for t in moved)  # only a crowded label gets a leader
    plt.close(fig)
