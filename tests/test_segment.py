import cv2
import numpy as np
import pytest

from helpers.data import load_mnist
from helpers.models import predict_digits
from helpers.normalize import to_mnist
from helpers.pipeline import digit_confidence
from helpers.segment import (
    Blob,
    blob_mask,
    filter_blobs,
    find_blobs,
    fixed_frame,
    group_lines,
    kept_whole,
    merge_broken,
    reading_order,
    remove_rules,
    split_touching,
    typical_height,
)


def _page_with_digits(rows, height=40, gap=20, line_gap=30, skew=0.0):
    """Binary page with one filled ellipse per 'digit', rows of counts; returns page and true boxes."""
    page = np.zeros((len(rows) * (height + line_gap) + 40, 900), np.uint8)
    boxes = []
    for r, count in enumerate(rows):
        for k in range(count):
            x = 30 + k * (25 + gap)
            y = int(20 + r * (height + line_gap) + skew * x)
            cv2.ellipse(page, (x + 12, y + height // 2), (11, height // 2 - 1), 0, 0, 360, 255, 4)
            boxes.append((r, x))
    return page, boxes


def test_three_lines_come_back_in_order_even_when_skewed():
    page, _ = _page_with_digits([5, 3, 7], skew=0.05)
    blobs, _ = find_blobs(page)
    lines = group_lines(blobs, typical_height(blobs))
    assert [len(line) for line in lines] == [5, 3, 7]
    for line in lines:
        xs = [b.x for b in line]
        assert xs == sorted(xs)


def test_line_with_a_wide_gap_stays_one_line():
    page, _ = _page_with_digits([3])
    page[:, 400:] = 0
    page[:, 500:] = np.roll(page[:, :400], 0, axis=1)[:, : page.shape[1] - 500]
    blobs, _ = find_blobs(page)
    assert [len(line) for line in group_lines(blobs, typical_height(blobs))] == [6]


def test_two_columns_are_read_one_after_the_other():
    left, _ = _page_with_digits([3, 4, 2])
    page = np.hstack([left[:, :300], np.zeros((left.shape[0], 200), np.uint8), left[:, :300]])
    blobs, _ = find_blobs(page)
    height = typical_height(blobs)
    assert [len(line) for line in group_lines(blobs, height)] == [6, 8, 4]  # lines run across both columns
    lines = reading_order(blobs, height)
    assert [len(line) for line in lines] == [3, 4, 2, 3, 4, 2]
    assert max(b.x for line in lines[:3] for b in line) < 300 <= min(b.x for line in lines[3:] for b in line)


def test_one_line_with_a_wide_gap_is_not_two_columns():
    page, _ = _page_with_digits([3])
    page = np.hstack([page[:, :200], np.zeros((page.shape[0], 400), np.uint8), page[:, :200]])
    blobs, _ = find_blobs(page)
    assert [len(line) for line in reading_order(blobs, typical_height(blobs))] == [6]


def test_typical_height_ignores_many_specks():
    page, _ = _page_with_digits([4])
    rng = np.random.default_rng(0)
    for _ in range(40):
        y, x = rng.integers(0, page.shape[0] - 3), rng.integers(0, page.shape[1] - 3)
        page[y : y + 3, x : x + 3] = 255
    blobs, _ = find_blobs(page)
    assert 40 <= typical_height(blobs) <= 45  # the ellipses, not the 3-px specks
    kept = filter_blobs(blobs, typical_height(blobs), page.shape)
    assert len(kept) == 4


def test_a_stroke_cut_by_the_frame_is_dropped_unless_it_dwarfs_what_is_inside():
    digits = [Blob(100 + 40 * k, 100, 25, 44, (k,), 400) for k in range(3)]
    table_edge = Blob(0, 90, 4, 50, (9,), 200)  # a line the photo's left edge cuts
    kept = filter_blobs([*digits, table_edge], 44, (400, 600))
    assert kept == digits
    large_digit = Blob(150, 0, 200, 400, (7,), 30000)  # one "1" filling the photo, top to bottom
    print_behind = [Blob(20 + 30 * k, 20, 10, 14, (10 + k,), 80) for k in range(4)]
    assert large_digit in filter_blobs([large_digit, *print_behind], 400, (400, 600))


def test_a_short_stroke_beside_a_digit_is_kept_a_comma_a_speck_or_a_dash_is_not():
    height = 60
    digits = [Blob(300 + 60 * k, 100, 30, height, (10 + k,), 900) for k in range(3)]  # middles at y = 130
    short_one = Blob(275, 112, 10, 26, (1,), 200)  # 0.43 of the digits' height, across their middle
    comma = Blob(395, 145, 8, 20, (2,), 120)  # as short and thin, but below the middle
    far_stroke = Blob(100, 112, 10, 26, (3,), 200)  # the same stroke, far from any digit
    dash = Blob(450, 125, 26, 6, (4,), 150)
    speck = Blob(200, 125, 12, 14, (5,), 120)  # a fifth of the height
    small_zero = Blob(500, 120, 20, 20, (6,), 250)  # a third of it both ways: kept anywhere
    blobs = [short_one, comma, far_stroke, dash, speck, small_zero, *digits]
    assert filter_blobs(blobs, height, (400, 700)) == [short_one, small_zero, *digits]
    # beside a solid patch (a shadow, a thumb: no digit), the same stroke is no "1" either
    patch = Blob(50, 250, 80, 60, (7,), 4500)
    beside_patch = Blob(135, 262, 10, 26, (8,), 200)  # across the patch's middle, 5 px from it
    assert filter_blobs([patch, beside_patch, *digits], height, (400, 700)) == digits


def test_broken_five_is_merged_back():
    bar = Blob(100, 100, 30, 6, (1,), 150)
    body = Blob(98, 110, 28, 34, (2,), 400)
    other = Blob(160, 100, 25, 44, (3,), 420)
    merged = merge_broken([bar, body, other], height=44)
    assert len(merged) == 2
    five = next(b for b in merged if 1 in b.labels)
    assert five.labels == (2, 1) or five.labels == (1, 2)
    assert five.box == (98, 100, 32, 44)


def test_a_seven_with_a_detached_crossbar_and_a_broken_stroke_become_one_blob():
    # pieces are merged into the largest one in turn, and the merged box keeps absorbing
    stem = Blob(100, 110, 8, 34, (1,), 200)
    top = Blob(96, 100, 30, 6, (2,), 150)
    tail = Blob(102, 146, 6, 8, (3,), 40)
    speck_far_away = Blob(400, 100, 3, 3, (4,), 9)
    merged = merge_broken([tail, top, stem, speck_far_away], height=50)
    assert sorted(len(b.labels) for b in merged) == [1, 3]


def test_many_specks_do_not_merge_into_digits():
    digit = Blob(100, 100, 30, 44, (0,), 500)
    specks = [Blob(300 + 7 * (k % 40), 20 + 7 * (k // 40), 2, 2, (k + 1,), 4) for k in range(2000)]
    merged = merge_broken([digit, *specks], height=44)
    assert next(b for b in merged if 0 in b.labels).box == digit.box


def test_ruled_lines_are_removed_but_digit_strokes_are_kept():
    page, _ = _page_with_digits([6])
    for y in (10, 40, 70):
        page[y : y + 2, :] = 255  # thin printed rules crossing the digits
    cleaned = remove_rules(page)
    assert cleaned[10:12, 700:].max() == 0 and cleaned[40:42, 700:].max() == 0
    blobs, _ = find_blobs(cleaned)
    assert len(filter_blobs(blobs, typical_height(blobs), page.shape)) == 6
    # a long thick stroke (a large hand-drawn "1") is not a rule
    stroke = np.zeros((300, 300), np.uint8)
    stroke[20:280, 140:152] = 255
    assert (remove_rules(stroke) == stroke).all()


def test_lines_of_different_heights_stay_apart_and_whole():
    small, _ = _page_with_digits([5], height=30)
    large, _ = _page_with_digits([4], height=80)
    page = np.vstack([small, large])
    blobs, _ = find_blobs(page)
    lines = reading_order(blobs, typical_height(blobs))
    assert [len(line) for line in lines] == [5, 4]
    assert max(b.y + b.h for b in lines[0]) < min(b.y for b in lines[1])


def test_two_touching_digits_are_split_into_two_boxes(model):
    (_, _), (x_test, y_test) = load_mnist()
    page = np.zeros((100, 140), np.uint8)
    left, right = x_test[1], x_test[18]  # a 2 and a 3
    assert (y_test[1], y_test[18]) == (2, 3)
    page[10:94, 10:94] = np.maximum(page[10:94, 10:94], cv2.resize(left, (84, 84)))
    page[10:94, 52:136] = np.maximum(page[10:94, 52:136], cv2.resize(right, (84, 84)))
    binary = (page > 100).astype(np.uint8) * 255
    blobs, labels = find_blobs(binary)
    assert len(blobs) == 1  # the two digits touch: one connected blob
    pieces = split_touching(blobs, [blob_mask(labels, blobs[0])], typical_height(blobs), digit_confidence(model))
    assert len(pieces) == 2
    (left_box, left_mask), (right_box, right_mask) = pieces
    assert left_box.x + left_box.w <= right_box.x + 5
    predicted = predict_digits(model, np.stack([to_mnist(left_mask), to_mnist(right_mask)])).argmax(1)
    assert predicted.tolist() == [2, 3]
    assert not kept_whole(blobs, pieces, typical_height(blobs)).any()  # cut: new pieces, none kept whole


def test_a_blob_that_no_cuts_split_is_dropped_or_kept_whole(model):
    bar = cv2.rectangle(np.zeros((60, 300), np.uint8), (5, 25), (295, 33), 255, -1)  # no column to cut at
    blobs, labels = find_blobs(bar)
    masks = [blob_mask(labels, blobs[0])]
    assert split_touching(blobs, masks, 40, digit_confidence(model)) == []  # no crop for a digit reader
    ((blob, mask),) = split_touching(blobs, masks, 40, digit_confidence(model), keep_uncut=True)
    assert blob == blobs[0] and np.array_equal(mask, masks[0])  # whole, for a reader of whole lines
    digit = find_blobs(cv2.rectangle(np.zeros((60, 300), np.uint8), (5, 10), (25, 50), 255, -1))[0]
    assert kept_whole(blobs + digit, [(blob, mask), (digit[0], None)], 40).tolist() == [True, False]


def test_fixed_frame_keeps_the_digit_size_relative_to_the_frame():
    small, large = np.full((20, 8), 255, np.uint8), np.full((40, 16), 255, np.uint8)
    _, _, _, small_height = cv2.boundingRect((fixed_frame(small, side=56) > 0).astype(np.uint8))
    _, _, _, large_height = cv2.boundingRect((fixed_frame(large, side=56) > 0).astype(np.uint8))
    assert small_height == pytest.approx(10, abs=1) and large_height == pytest.approx(20, abs=1)
    # a digit larger than the frame makes the frame grow: it fills the field instead of being cut
    assert cv2.boundingRect((fixed_frame(np.full((100, 40), 255, np.uint8), side=56) > 0).astype(np.uint8))[3] == 28
