"""The report: the course's steps in order, the gains they buy, the written evaluation report."""

from dataclasses import asdict

from helpers.config import BENCHMARK_DIR
from helpers.evaluate import LabelledPhoto, PhotoResult, evaluate
from helpers.models import load_default
from helpers.pipeline import Options
from helpers.report import (
    CLASSIC_OPTIONS,
    course_steps,
    failure_title,
    gain_evaluations,
    plot_gains,
    write_report,
)


def test_course_steps_switch_improvements_on_in_course_order():
    plain, model, tuned = object(), object(), object()
    steps = course_steps(plain, model, tuned)
    assert [s[0][-4:] for s in steps] == ["(01)", "(02)", "(03)", "(04)", "(05)", "–07)", "(10)", "(08)"]
    assert steps[0][1] == "naive" and all(s[1] == "improved" for s in steps[1:])
    assert [s[3] for s in steps] == [plain] * 5 + [model, model, tuned]
    changed = [{k for k, v in asdict(b[2]).items() if asdict(a[2])[k] != v} for a, b in zip(steps[1:-1], steps[2:-1])]
    assert changed == [
        {"morphology", "kernel_shape", "kernel_size"},
        {"remove_rules", "find_page", "remove_lines", "filter_blobs", "merge_broken", "split_touching"}
        | {"reject_clutter", "turn_page"},
        {"normalize", "stroke"},
        set(),
        {"read_joined"},
    ]
    assert steps[1][2] == CLASSIC_OPTIONS and steps[-1][2] == Options()
    assert len(course_steps(plain, model)) == 7  # no fine-tuned model, no step 08

    default = load_default()
    readings = gain_evaluations(course_steps(default, default)[::5], files=["clean_1.jpg", "hard_shadow_1.jpg"])
    errors = {step: reading.digit_error for step, reading in readings.items()}
    first, last = errors.values()
    assert last < first  # the course's reader beats the classic pipeline, same model
    assert plot_gains(errors).axes[0].get_xlabel() == "digit error (%, logarithmic scale)"


def test_report_is_written_for_a_whole_folder_and_for_a_half(tmp_path):
    files = ["clean_1.jpg", "clean_3.jpg"]
    evaluation = evaluate(BENCHMARK_DIR, files=files)
    whole = write_report([evaluation], BENCHMARK_DIR, tmp_path / "whole").read_text()
    assert whole.startswith("# Reader evaluation: `data/benchmark`\n")
    low, high = evaluation.interval()
    assert low <= evaluation.digit_error <= high and f"| {low:.2%}–{high:.2%} |" in whole
    test_half = write_report([evaluation], BENCHMARK_DIR, tmp_path / "test", "test").read_text()
    assert test_half.startswith("# Reader evaluation: `data/benchmark`, test half (photos 3 and 4 of each condition)")
    # the real photos' figures beside the benchmark's (here the same evaluation stands in for them)
    beside = write_report([evaluation], BENCHMARK_DIR, tmp_path / "beside", real=[evaluation]).read_text()
    assert "real photos and scans kept outside the repository" in beside
    assert beside.count(f"| {low:.2%}–{high:.2%} |") == 2 and "real photos" not in whole


def test_a_failure_title_cuts_a_page_of_many_numbers_to_the_figure():
    lines = tuple(str(n) * 6 for n in range(10, 40))  # a page of 30 numbers: 389 characters as one label
    result = PhotoResult(LabelledPhoto("page.jpg", lines), ["123"], 180, [], 0.1)
    file, true, read = failure_title(result, width=60).split("\n")
    assert file == "page.jpg" and read == "read 123"
    assert len(true) == 60 and true.endswith("…") and true.startswith("true 101010101010|111111")
    empty = PhotoResult(LabelledPhoto("blank.png", ("7",)), [], 1, [], 0.1)
    assert failure_title(empty) == "blank.png\ntrue 7\nread (nothing)"
