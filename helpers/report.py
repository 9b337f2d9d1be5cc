"""What the measurements say, as tables and figures: the report of ``python -m helpers.evaluate``
and the gains table, each course step switched on in turn.

* :func:`write_report` — a folder's evaluation by pipeline: overall digit error with its interval,
  error by condition, confusion matrices, the worst photos (``data/benchmark/report``);
* :data:`CLASSIC_OPTIONS`, :func:`course_steps`, :func:`gain_evaluations` — notebook 01's reader
  expressed as options, and each notebook's improvement switched on in course order;
* :func:`write_gains` — the gains table and figure of the README (``--gains``), trained models
  included;
* :func:`plot_gains`, :func:`plot_error_by_condition`, :func:`plot_confusion` — the figures, for
  the notebooks too.

The measuring itself (digit error, intervals, paired differences) is :mod:`helpers.evaluate`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np

from helpers.config import BENCHMARK_DIR, ROOT
from helpers.evaluate import HALVES, Evaluation, evaluate, half
from helpers.images import load_image
from helpers.pipeline import Options

#: Notebook 01's choices expressed as options of the improved pipeline: the starting point of
#: the gains table, from which each course step switches its own part on.
CLASSIC_OPTIONS = Options(
    remove_rules=False,
    find_page=False,
    remove_lines=False,
    reject_clutter=False,
    turn_page=False,
    morphology="dilate",
    kernel_shape="cross",
    kernel_size=5,
    filter_blobs=False,
    merge_broken=False,
    split_touching=False,
    normalize="stretch",
    stroke=None,
    read_joined=False,
)


def course_steps(plain_model, model, tuned_model=None) -> list[tuple[str, str, Options | None, object]]:
    """(step, pipeline, options, model) for each improvement in course order, cumulatively.

    ``plain_model`` is a model trained on plain MNIST (the reader of the first five steps),
    ``model`` the augmented course model, ``tuned_model`` (optional) ``model`` fine-tuned on own digits.
    """
    default = replace(Options(), read_joined=False)  # joined digits are read whole in notebook 10
    morphology = {k: getattr(default, k) for k in ("morphology", "kernel_shape", "kernel_size")}
    no_dilation = replace(CLASSIC_OPTIONS, **morphology)
    segmentation = replace(
        no_dilation,
        **{k: True for k in ("remove_rules", "find_page", "remove_lines", "filter_blobs", "merge_broken")},
        **{k: True for k in ("split_touching", "reject_clutter", "turn_page")},
    )
    steps = [
        ("classic pipeline (01)", "naive", None, plain_model),
        ("+ flattened Otsu binarization (02)", "improved", CLASSIC_OPTIONS, plain_model),
        ("+ no 5×5 dilation (03)", "improved", no_dilation, plain_model),
        ("+ page, lines, filtering, merging, splitting, not-a-digit (04)", "improved", segmentation, plain_model),
        ("+ fit 20×20, centre of mass (05)", "improved", default, plain_model),
        ("+ augmented course CNN (06–07)", "improved", default, model),
        ("+ joined digits read whole (10)", "improved", Options(), model),
    ]
    if tuned_model is not None:
        steps.append(("+ fine-tuned on own digits (08)", "improved", Options(), tuned_model))
    return steps


def gain_evaluations(
    steps, folder: Path | str = BENCHMARK_DIR, files: Iterable[str] | None = None
) -> dict[str, Evaluation]:
    """The evaluation of ``folder`` after each of :func:`course_steps`' ``steps``, by step name."""
    return {
        name: evaluate(folder, pipeline, model, options=options, files=files)
        for name, pipeline, options, model in steps
    }


def plot_gains(
    errors: dict[str, float],
    title: str = "benchmark",
    others: dict[str, dict[str, float]] | None = None,
    intervals: dict[str, dict[str, tuple[float, float]]] | None = None,
):
    """Horizontal bars of the digit error after each course step (``others``: more photo sets,
    by name, drawn beside; ``intervals``: for a set's name, each step's 95 % interval, drawn as
    error bars); returns the figure."""
    import matplotlib.pyplot as plt

    series = {title: errors, **(others or {})}
    steps = list(errors)
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(steps) + 1.0), dpi=80)
    y = np.arange(len(steps))
    height = 0.8 / len(series)
    rightmost = 0.0
    for k, (name, values) in enumerate(series.items()):
        rates = [100 * values.get(step, np.nan) for step in steps]
        spread = (intervals or {}).get(name)
        xerr = None
        if spread:
            xerr = np.abs(np.array([[100 * spread[step][0], 100 * spread[step][1]] for step in steps]).T - rates)
        ax.barh(y + k * height, rates, height=height, label=name, xerr=xerr, error_kw={"lw": 0.8}, log=True)
        ends = rates if xerr is None else np.array(rates) + xerr[1]
        rightmost = max(rightmost, float(np.nanmax(ends)))
        for row, rate, end in zip(y, rates, ends):  # the figure right of the interval, not on it
            ax.text(end * 1.1, row + k * height, f"{rate:.1f} %", va="center", fontsize=7)
    ax.set_yticks(y + height * (len(series) - 1) / 2, steps, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0.5, 4 * max(100, rightmost))
    ax.xaxis.set_major_formatter(lambda value, _: f"{value:g}")  # 1, 10, 100 rather than 10⁰, 10¹, 10²
    ax.set_xlabel("digit error (%, logarithmic scale" + ("; lines: 95 % intervals)" if intervals else ")"))
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=len(series), frameon=False, fontsize=8)
    ax.set_title("Digit error as each course step is switched on")
    fig.tight_layout()
    return fig


def plot_error_by_condition(evaluations: list[Evaluation]):
    """Bar chart of the digit error per condition, one bar per pipeline; returns the figure."""
    import matplotlib.pyplot as plt

    conditions = list(evaluations[0].by_condition())
    fig, ax = plt.subplots(figsize=(8, 0.25 * len(conditions) + 1.2), dpi=80)
    y = np.arange(len(conditions))
    for k, evaluation in enumerate(evaluations):
        table = evaluation.by_condition()
        rates = np.array([100 * table[c][0] / max(1, table[c][1]) for c in conditions])
        ax.barh(y + 0.4 * k, np.minimum(rates, 100), height=0.4, label=evaluation.pipeline)
        for row, rate in zip(y + 0.4 * k, rates):
            if rate > 100:  # more errors than digits: many extra blobs read as digits
                ax.text(99, row, f"{rate:.0f} %", ha="right", va="center", fontsize=7, color="white")
    ax.set_yticks(y + 0.2, conditions, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("digit error (%)")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right")
    overall = " · ".join(f"{e.pipeline} {e.digit_error:.1%}" for e in evaluations)
    ax.set_title(f"digit error: {overall} ({len(evaluations[0].results)} photos, {evaluations[0].digits} digits)")
    fig.tight_layout()
    return fig


def plot_confusion(evaluation: Evaluation, ax) -> None:
    """The aligned digits of ``evaluation`` as a confusion matrix on ``ax``: rows the true digit
    (∅: a digit read that is not there), columns the digit read (∅: a digit missed); a count in
    every cell that has one, the colour on a log scale."""
    matrix = evaluation.confusion()
    names = [str(d) for d in range(10)] + ["∅"]
    ax.imshow(np.log1p(matrix), cmap="Blues")
    for (i, j), count in np.ndenumerate(matrix):
        if count:
            ax.text(j, i, str(count), ha="center", va="center", fontsize=7, color="black" if i != j else "white")
    ax.set_xticks(range(11), names)
    ax.set_yticks(range(11), names)
    ax.set_xlabel("read (∅ = missed)")
    ax.set_ylabel("true (∅ = extra)")
    ax.set_title(f"{evaluation.pipeline}: aligned digits")


def _summary_table(evaluations: list[Evaluation]) -> list[str]:
    """One markdown row per pipeline: digit error, its interval, errors, exact photos, read time."""
    lines = [
        "| pipeline | digit error | 95 % interval (bootstrap over photos) | errors / digits | exact photos | median read time |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for e in evaluations:
        low, high = e.interval()
        lines.append(
            f"| {e.pipeline} | {e.digit_error:.2%} | {low:.2%}–{high:.2%} | {e.errors} / {e.digits} | "
            f"{e.exact} / {len(e.results)} | {e.median_ms:.0f} ms |"
        )
    return lines


def _figure_confusion(evaluation: Evaluation, path: Path) -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 4.4), dpi=80)
    plot_confusion(evaluation, ax)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def failure_title(result, width: int = 95) -> str:
    """A failures figure's title for one photo: its file, true and read lines, each line of the
    title cut to ``width`` characters with "…" so that a page of many numbers stays on the figure."""

    def clip(text: str) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    return "\n".join(
        clip(line)
        for line in (
            result.photo.file,
            f"true {'|'.join(result.photo.lines)}",
            f"read {'|'.join(result.lines) or '(nothing)'}",
        )
    )


def _figure_failures(evaluation: Evaluation, folder: Path, path: Path, count: int = 6) -> None:
    import matplotlib.pyplot as plt

    worst = sorted((r for r in evaluation.results if r.errors), key=lambda r: -r.errors / r.digits)[:count]
    if not worst:
        return
    # each photo on the left, what it holds and what was read beside it
    fig, axes = plt.subplots(
        len(worst), 2, figsize=(9, 2.0 * len(worst)), dpi=80, squeeze=False, gridspec_kw={"width_ratios": (1, 2.6)}
    )
    for (photo_ax, text_ax), r in zip(axes, worst):
        photo_ax.imshow(load_image(folder / r.photo.file), cmap="gray", vmin=0, vmax=255)
        text_ax.text(0, 0.5, failure_title(r), fontsize=7, va="center", family="monospace")
        photo_ax.axis("off")
        text_ax.axis("off")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_report(
    evaluations: list[Evaluation],
    folder: Path,
    out: Path,
    half_name: str | None = None,
    real: list[Evaluation] | None = None,
) -> Path:
    """Markdown report with figures comparing the pipelines (on one of :data:`HALVES` of the
    benchmark when ``half_name`` says so), and beside them the same pipelines' figures on the real
    photos kept outside the repository when ``real`` holds their evaluations (figures only: no
    photo, no crop); returns the report's path."""
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    try:
        shown = folder.resolve().relative_to(ROOT)
    except ValueError:
        shown = folder.name
    which = (
        f", {half_name} half (photos {' and '.join(map(str, HALVES[half_name]))} of each condition)"
        if half_name
        else ""
    )
    lines = [
        f"# Reader evaluation: `{shown}`{which}",
        "",
        "Written by `python -m helpers.evaluate` — digit error is the Levenshtein distance between",
        "predicted and true digits in reading order, divided by the number of true digits.",
        "",
        *_summary_table(evaluations),
    ]
    if real:
        lines += [
            "",
            f"Beside it, the same pipelines on the {len(real[0].results)} real photos and scans kept outside the "
            "repository (`helpers.config.REALWORLD_DIR`; figures only):",
            "",
            *_summary_table(real),
        ]
    lines += [
        "",
        "## By condition",
        "",
        "| condition | digits | " + " | ".join(e.pipeline for e in evaluations) + " |",
        "| --- | --- |" + " --- |" * len(evaluations),
    ]
    tables = [e.by_condition() for e in evaluations]
    for condition, (_, digits) in tables[0].items():
        cells = [f"{100 * t[condition][0] / max(1, digits):.1f} %" for t in tables]
        lines.append(f"| {condition} | {digits} | " + " | ".join(cells) + " |")
    fig = plot_error_by_condition(evaluations)
    fig.savefig(out / "error_by_condition.png")
    plt.close(fig)
    lines += ["", "![digit error by condition](error_by_condition.png)", ""]
    for e in evaluations:
        _figure_confusion(e, out / f"confusion_{e.pipeline}.png")
        _figure_failures(e, folder, out / f"failures_{e.pipeline}.png")
        lines += [f"## {e.pipeline}", "", f"![confusion matrix]({'confusion_' + e.pipeline}.png)", ""]
        if (out / f"failures_{e.pipeline}.png").exists():
            lines += [f"Worst photos: ![failures](failures_{e.pipeline}.png)", ""]
        lines += ["| photo | true | read | errors |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {r.photo.file} | {'|'.join(r.photo.lines)} | {'|'.join(r.lines) or '(nothing)'} | {r.errors} |"
            for r in e.results
            if r.errors
        ]
        lines.append("")
    if evaluations and evaluations[0].failures:
        lines += ["## Photos that could not be read (not scored)", ""]
        lines += [f"- {message}" for _, message in evaluations[0].failures]
        lines.append("")
    report = out / "README.md"
    report.write_text("\n".join(lines))
    return report


def write_gains(
    folder: Path, out: Path, also: Iterable[Path] = (), own: str | None = None, half_name: str | None = None
) -> Path:
    """Train the plain-MNIST reader (the quick recipe), fine-tune the course model on ``own``
    digits if given, compute :func:`gain_evaluations` on ``folder`` (one of its :data:`HALVES` when
    ``half_name`` is given) and on ``also``, write gains.md and gains.png."""
    import tempfile

    import matplotlib.pyplot as plt

    from helpers.classroom import simulated_classroom
    from helpers.data import load_mnist
    from helpers.models import load_default
    from helpers.sheets import load_own
    from helpers.train import fine_tune, train_quick

    (x_train, y_train), _ = load_mnist()
    plain = train_quick(x_train, y_train)
    model = load_default()
    tuned = None
    if own:
        source = simulated_classroom(Path(tempfile.mkdtemp())) if own == "simulated" else Path(own)
        digits = load_own(source)
        tuned = fine_tune(model, digits.images, digits.labels)
    steps = course_steps(plain, model, tuned)
    name = f"{folder.name} ({half_name} half)" if half_name else folder.name
    evaluations = {name: gain_evaluations(steps, folder, files=half(half_name, folder) if half_name else None)}
    for other in also:
        evaluations[other.name] = gain_evaluations(steps, other)
    errors = {n: {step: e.digit_error for step, e in by_step.items()} for n, by_step in evaluations.items()}
    intervals = {n: {step: e.interval() for step, e in by_step.items()} for n, by_step in evaluations.items()}
    out.mkdir(parents=True, exist_ok=True)
    names = list(errors)
    fig = plot_gains(errors[names[0]], names[0], {n: errors[n] for n in names[1:]}, intervals)
    fig.savefig(out / "gains.png")
    plt.close(fig)
    lines = [
        "# What each course step buys",
        "",
        "Written by `python -m helpers.evaluate --gains` (`helpers.report.course_steps`): digit error",
        "with each improvement switched on in course order, on top of the previous ones. Steps 01–05 read",
        "with a model trained on plain MNIST (the quick recipe, one epoch); then the augmented course model;",
        "then the reader's last step (notebook 10: digits joined in one stroke read whole by the sequence",
        "network), which completes the default reader; last, fine-tuning on own digits, when there are any.",
        "In brackets, a 95 % interval by bootstrap over photos: steps whose intervals overlap may not differ.",
        "" if own is None else f"Own digits for fine-tuning: {own}.",
        "",
        "| step | " + " | ".join(names) + " |",
        "| --- |" + " --- |" * len(names),
    ]
    lines += [
        f"| {step} | "
        + " | ".join(f"{errors[n][step]:.2%} ({intervals[n][step][0]:.1%}–{intervals[n][step][1]:.1%})" for n in names)
        + " |"
        for step in errors[names[0]]
    ]
    lines += ["", "![gains](gains.png)", ""]
    report = out / "gains.md"
    report.write_text("\n".join(lines))
    return report
