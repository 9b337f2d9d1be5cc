"""The measuring stick: digit error alignment, subsets of the benchmark, box matching."""

import cv2
import numpy as np
import pytest

from helpers.config import BENCHMARK_DIR
from helpers.evaluate import SegmentationCounts, align, evaluate, half, read_labels, read_truth, sample


def test_align_counts_wrong_missed_and_extra_digits():
    assert align("1234", "1234")[0] == 0
    assert align("1234", "1734")[0] == 1  # one wrong
    assert align("1234", "134")[0] == 1  # one missed
    assert align("1234", "12834")[0] == 1  # one extra
    assert align("", "55")[0] == 2


def test_segmentation_counts_tell_merged_split_missed_and_extra_boxes():
    truth = [(0, 0, 10, 20), (20, 0, 10, 20), (40, 0, 10, 20), (60, 0, 10, 20)]
    found = [
        (0, 0, 30, 20),  # holds the first two digits: merged
        (40, 0, 5, 20),  # two halves of the third digit: split
        (45, 0, 5, 20),
        (100, 0, 10, 10),  # on no digit: extra
    ]  # the fourth digit has no box: missed
    counts = SegmentationCounts()
    counts.add(truth, found)
    assert (counts.digits, counts.found, counts.merged, counts.split, counts.missed, counts.extra) == (4, 0, 1, 1, 1, 1)
    counts.add(truth, truth)
    assert counts.found == 4 and counts.digits == 8


def test_truth_boxes_match_the_labels():
    labels = {p.file: "".join(p.lines) for p in read_labels(BENCHMARK_DIR)}
    digits = read_truth(files=["clean_1.jpg", "dense_sheet_2.jpg"])
    for file in ("clean_1.jpg", "dense_sheet_2.jpg"):
        assert "".join(str(d.label) for d in digits if d.file == file) == labels[file]


def test_sample_takes_photos_per_condition_and_names_a_missing_one(tmp_path):
    chosen = sample(per_condition=2, conditions=["pencil", "clean"])
    assert chosen == ["pencil_1.jpg", "pencil_2.jpg", "clean_1.jpg", "clean_2.jpg"]
    photos = {p.file: p.conditions for p in read_labels(BENCHMARK_DIR)}
    every = {c for conditions in photos.values() for c in conditions}
    assert {c for file in sample() for c in photos[file]} == every  # each condition is in the sample
    assert len(sample()) == len(set(sample())) < len(every)  # no photo twice; one photo may hold two conditions
    with pytest.raises(ValueError, match="no photo has the condition 'chalkboard'"):
        sample(conditions=["chalkboard"])
    with pytest.raises(FileNotFoundError, match="no truth file"):
        read_truth(tmp_path)


def test_confidences_pair_with_right_and_wrong_digits_where_the_count_matches():
    evaluation = evaluate(files=["clean_1.jpg", "touching_1.jpg", "hard_shadow_1.jpg"])
    confidence, right = evaluation.confidence_table()
    counted = [r for r in evaluation.results if len("".join(r.lines)) == r.digits]
    assert len(confidence) == len(right) == sum(r.digits for r in counted) > 0
    assert ((0 < confidence) & (confidence <= 1)).all()
    assert (~right).sum() == sum(r.errors for r in counted)  # same count: every error is a substitution


def test_test_time_shifts_average_five_readings_of_each_digit():
    from helpers.data import load_mnist
    from helpers.models import TTA_SHIFTS, load_default, predict_digits

    _, (x_test, y_test) = load_mnist()
    model = load_default()
    single = predict_digits(model, x_test[:200])
    averaged = predict_digits(model, x_test[:200], shifts=TTA_SHIFTS)
    by_hand = np.mean([predict_digits(model, np.roll(x_test[:200], s, axis=(1, 2))) for s in TTA_SHIFTS], axis=0)
    assert np.allclose(averaged, by_hand, atol=1e-5) and not np.allclose(averaged, single)
    assert (averaged.argmax(1) == y_test[:200]).mean() > 0.97


def _folder(tmp_path, labels: bytes, photos=("clean_1.jpg",)):
    import shutil

    for name in photos:
        shutil.copy(BENCHMARK_DIR / name, tmp_path / name)
    (tmp_path / "labels.tsv").write_bytes(labels)
    return tmp_path


def test_photos_can_be_read_shrunk():
    files = ["clean_3.jpg", "clean_4.jpg"]
    full, tiny = (evaluate(BENCHMARK_DIR, files=files, scale=scale) for scale in (1.0, 0.05))
    assert full.digit_error < 0.1 and [r.photo.file for r in tiny.results] == files
    assert tiny.digit_error > 0.5  # digits of 2-3 px: nothing left to read, even enlarged four times


def test_a_folder_where_nothing_can_be_scored_is_an_error_not_a_perfect_score(tmp_path, capsys):
    from helpers.evaluate import main

    (tmp_path / "black.png").write_bytes(cv2.imencode(".png", np.zeros((100, 100), np.uint8))[1].tobytes())
    folder = _folder(tmp_path, b"file\tlines\nblack.png\t12\nghost.jpg\t3\n", photos=())
    assert main([str(folder), "--pipelines", "improved", "--out", str(tmp_path / "report")]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'black.png'}: the image is a flat black field" in err  # named, like any failure
    assert "no photo could be scored" in err
    with pytest.raises(SystemExit):
        main([str(folder), "--limit", "0"])


def test_halves_need_numbered_photo_names(tmp_path):
    folder = _folder(tmp_path, b"file\tlines\nclean_1.jpg\t12\nshelf.jpg\t3\n", photos=())
    with pytest.raises(ValueError, match="halves need photo names ending in _N .*'shelf.jpg'"):
        half("test", folder)


def test_a_missing_or_broken_photo_is_reported_and_the_rest_scored(tmp_path, capsys):
    from helpers.evaluate import main

    truth = next(p for p in read_labels(BENCHMARK_DIR) if p.file == "clean_1.jpg")
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8 not really a JPEG")
    labels = f"file\tlines\nghost.jpg\t123\nclean_1.jpg\t{'|'.join(truth.lines)}\nbroken.jpg\t45\n"
    folder = _folder(tmp_path, labels.encode())
    evaluation = evaluate(folder)
    assert [r.photo.file for r in evaluation.results] == ["clean_1.jpg"]
    assert [file for file, _ in evaluation.failures] == ["ghost.jpg", "broken.jpg"]
    assert evaluation.digits == len("".join(truth.lines))  # the photos not read are not scored
    assert evaluation.summary().endswith("; 2 photos could not be read")
    assert main([str(folder), "--pipelines", "improved", "--out", str(tmp_path / "report")]) == 0
    err = capsys.readouterr().err
    assert "ghost.jpg: no such file" in err and "broken.jpg: not an image" in err
    report = (tmp_path / "report" / "README.md").read_text()
    assert "## Photos that could not be read (not scored)" in report and "ghost.jpg: no such file" in report


@pytest.mark.parametrize(
    "labels, message",
    [
        ("file\tlines\na.jpg\t12³\n".encode(), "line 2: expected 'file<TAB>digits|digits…' (digits 0-9)"),
        ("file\tlines\na.jpg\t１２\n".encode(), "line 2: expected"),
        (b"file\tlines\na.jpg\t12\nb.jpg\n", "line 3: expected"),
        ("file\tlines\ncafé.jpg\t12\n".encode("latin-1"), "line 2: not UTF-8 text"),
        (b"file\tlines\na.jpg\t" + b"1" * 200_000 + b"\n", "not a table of tab-separated columns"),
    ],
)
def test_bad_labels_are_refused_naming_the_file_and_line(tmp_path, labels, message):
    folder = _folder(tmp_path, labels, photos=())
    with pytest.raises(ValueError) as error:
        read_labels(folder)
    assert str(error.value).startswith(str(folder / "labels.tsv")) and message in str(error.value)


def test_labels_without_a_header_keep_their_first_photo(tmp_path):
    folder = _folder(tmp_path, b"a.jpg\t12|3\nb.jpg\t45\n", photos=())
    assert [(p.file, p.lines) for p in read_labels(folder)] == [("a.jpg", ("12", "3")), ("b.jpg", ("45",))]
    with_header = _folder(tmp_path, b"file\tlines\na.jpg\t12|3\n", photos=())
    assert [p.file for p in read_labels(with_header)] == ["a.jpg"]


def test_bootstrap_intervals_widen_with_fewer_photos():
    from helpers.evaluate import Evaluation, LabelledPhoto, PhotoResult

    def evaluation(photos):
        results = [PhotoResult(LabelledPhoto(f"{k}.jpg", ("12345",)), [], k % 3, [], 0.0) for k in range(photos)]
        return Evaluation("improved", results)

    few, many = evaluation(9), evaluation(90)
    assert few.digit_error == many.digit_error == 0.2
    (a, b), (c, d) = few.interval(), many.interval()
    assert a < c < 0.2 < d < b  # ten times the photos: a narrower interval around the same error


def _evaluation(errors: list[int], digits: int = 5):
    from helpers.evaluate import Evaluation, LabelledPhoto, PhotoResult

    return Evaluation(
        "x", [PhotoResult(LabelledPhoto(f"{k}.jpg", ("1" * digits,)), [], e, [], 0.0) for k, e in enumerate(errors)]
    )


def test_a_paired_difference_finds_a_steady_gain_and_calls_no_change_undetectable():
    from helpers.evaluate import difference, difference_text

    before, after = _evaluation([2, 1, 2, 1] * 10), _evaluation([1, 0, 1, 0] * 10)
    change, low, high = difference(before, after)
    assert change == pytest.approx(-40 / 200) and low <= change <= high < 0  # one digit fewer on every photo
    assert "no detectable" not in difference_text(before, after)
    # the same total, moved between photos: no detectable difference
    assert difference_text(_evaluation([2, 0] * 10), _evaluation([0, 2] * 10)).endswith("no detectable difference")
    with pytest.raises(ValueError, match="same photos"):
        difference(before, _evaluation([1] * 7))


def test_error_text_shows_the_rate_and_its_interval_over_photos():
    text = _evaluation([0, 1, 2, 1] * 5).error_text()
    assert text.startswith("20.00 % (") and text.endswith(" %)")


def test_wilson_interval_holds_the_rate_and_stays_in_zero_to_one():
    from helpers.evaluate import proportion_interval

    assert proportion_interval(0, 50)[0] == 0.0 and proportion_interval(50, 50)[1] == 1.0
    low, high = proportion_interval(40, 1000)
    assert low < 0.04 < high and high - low < 0.03


def test_the_command_line_reports_a_folder_and_names_a_missing_one(tmp_path, capsys):
    from helpers.evaluate import main

    assert main([str(BENCHMARK_DIR), "--limit", "2", "--pipelines", "improved", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "improved: digit error" in printed and "(" in printed  # the figure with its interval
    assert "improved" in (tmp_path / "README.md").read_text()
    assert main([str(tmp_path / "nowhere")]) == 2
    assert "nowhere/labels.tsv: no labels file" in capsys.readouterr().err
