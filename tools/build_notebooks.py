"""The notebooks' text twins: build every .ipynb from its py:percent source, and check the pairs.

    python -m tools.build_notebooks build [NAME ...]   # regenerate, executed in full mode (make notebooks)
    python -m tools.build_notebooks check [NAME ...]   # exit 1 if a pair is out of sync
    python -m tools.build_notebooks repeat [NAME ...]  # run 3 times in quick mode, compare every output
    python -m tools.build_notebooks text [NAME ...]    # copy edited prose into the executed notebooks
    python -m tools.build_notebooks times              # write the recorded run times where they are quoted

``notebooks/NN_topic.py`` (jupytext py:percent) is what contributors edit and review;
``notebooks/NN_topic.ipynb`` is generated from it, with outputs, for learners.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path

from helpers.config import QUICK_ENV, ROOT

NOTEBOOKS_DIR = ROOT / "notebooks"

#: The notebook metadata key where :func:`build` records its run: seconds, peak kernel memory in
#: MB, CPU cores and date.
BUILD_KEY = "digits_build"

#: A build still running after this many seconds is stopped, its kernel with it (the slowest
#: notebook, 07, took 42 minutes on 2 cores while another notebook built beside it).
BUILD_LIMIT = 90 * 60


def pairs(names: list[str] | tuple[str, ...] = ()) -> list[tuple[Path, Path]]:
    """(text twin, notebook) for every ``notebooks/NN_*.py`` whose name starts with one of
    ``names`` (all of them when none is given)."""
    return [
        (py, py.with_suffix(".ipynb"))
        for py in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.py"))
        if not names or any(py.stem.startswith(name) for name in names)
    ]


def cell_sources(path: Path) -> list[tuple[str, str]]:
    """(cell type, source) of every cell, read through jupytext whatever the format."""
    import jupytext

    notebook = jupytext.read(path)
    return [(cell.cell_type, cell.source.strip()) for cell in notebook.cells]


def out_of_sync(names: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Names of pairs (of ``names``, default all) whose cells differ (or whose .ipynb is missing)."""
    problems = []
    for py, ipynb in pairs(names):
        if not ipynb.exists():
            problems.append(f"{ipynb.name}: missing (run `make notebooks`)")
        elif cell_sources(py) != cell_sources(ipynb):
            problems.append(f"{ipynb.name}: cells differ from {py.name} (run `make notebooks`)")
    return problems


class PeakMemory:
    """Largest resident memory (MB) of this process's children — the notebook kernel — sampled
    every ``interval`` seconds while the ``with`` block runs."""

    def __init__(self, interval: float = 0.5):
        self.interval, self.peak_mb = interval, 0.0

    def _sample(self):
        import psutil

        me = psutil.Process()
        while not self._done.wait(self.interval):
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:  # the child has just exited
                    pass
            self.peak_mb = max(self.peak_mb, total / 2**20)

    def __enter__(self):
        import threading

        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()


#: What TensorFlow's C++ side writes to stderr when it starts, before its log level applies
#: ("I0000 00:00:1796098424.349036  14813 port.cc:153] oneDNN custom operations are on ..."): it
#: depends on the machine's CPU and carries a time stamp, so it is kept out of stored outputs.
STARTUP_LOG = re.compile(
    r"WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|[IWE]\d{4} [\d:.]+ +\d+ \w+\.cc:\d+\] .*"
    r"|To enable the following instructions: .*"
)


def drop_startup_log(notebook) -> None:
    """Remove TensorFlow's start-up log lines (:data:`STARTUP_LOG`) from the stderr outputs."""
    for cell in notebook.cells:
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                lines = [
                    line for line in output["text"].splitlines(keepends=True) if not STARTUP_LOG.fullmatch(line.strip())
                ]
                if not lines:
                    continue
                output["text"] = "".join(lines)
            kept.append(output)
        if "outputs" in cell:
            cell["outputs"] = kept


def execute(py: Path, quick: bool, timeout: int = 1800):
    """``py`` as a notebook executed top to bottom in the notebooks folder, in quick or full mode;
    returns (notebook, seconds, peak kernel memory in MB). TensorFlow's start-up log is dropped."""
    import time

    import jupytext
    from nbconvert.preprocessors import ExecutePreprocessor

    notebook = jupytext.read(py)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata.pop("jupytext", None)
    if quick:
        os.environ[QUICK_ENV] = "1"
    else:
        os.environ.pop(QUICK_ENV, None)
    start = time.perf_counter()
    with PeakMemory() as memory:
        ExecutePreprocessor(timeout=timeout, kernel_name="python3").preprocess(
            notebook, {"metadata": {"path": str(py.parent)}}
        )
    drop_startup_log(notebook)
    return notebook, time.perf_counter() - start, memory.peak_mb


def build(py: Path) -> tuple[Path, float, float]:
    """Write ``py``'s .ipynb, executed in full mode, with its run recorded in the metadata
    (:data:`BUILD_KEY`); returns (path, seconds, peak kernel memory in MB)."""
    import nbformat

    notebook, seconds, peak_mb = execute(py, quick=False)
    notebook.metadata[BUILD_KEY] = {
        "seconds": round(seconds),
        "peak_memory_mb": round(peak_mb),
        "cores": os.cpu_count(),
        "date": date.today().isoformat(),
    }
    ipynb = py.with_suffix(".ipynb")
    nbformat.write(notebook, ipynb)
    return ipynb, seconds, peak_mb


def _build_and_send(py: Path, sender) -> None:
    """:func:`build`, its result or its failure (as text: it crosses processes) sent to ``sender``."""
    try:
        sender.send(("built", build(py)))
    except Exception as error:  # noqa: BLE001  (the failing cell's traceback is in the message)
        sender.send(("failed", f"{py.name}: {type(error).__name__}: {error}"))


def build_within(py: Path, limit: float = BUILD_LIMIT) -> tuple[Path, float, float]:
    """:func:`build` in a child process. A failure raises RuntimeError naming the notebook; after
    ``limit`` seconds the build is stopped, kernel included, with a TimeoutError that names it
    (instead of a silent wait on a stuck kernel)."""
    import multiprocessing

    import psutil

    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_build_and_send, args=(py, sender))
    child.start()
    if receiver.poll(limit):
        outcome, value = receiver.recv()
        child.join()
        if outcome == "failed":
            raise RuntimeError(value)
        return value
    for process in [*psutil.Process(child.pid).children(recursive=True), psutil.Process(child.pid)]:
        process.kill()
    child.join()
    raise TimeoutError(
        f"{py.name}: not finished after {limit:.0f} s, so stopped with its kernel; "
        "run it in JupyterLab to see which cell hangs, or give it longer (--limit MINUTES)"
    )


def copy_text(py: Path) -> Path:
    """Copy the markdown cells of ``py`` into its executed .ipynb, outputs kept: a prose fix needs
    no new run. Raises ``ValueError`` when a code cell differs (then the notebook must be built)."""
    import jupytext
    import nbformat

    ipynb = py.with_suffix(".ipynb")
    source, executed = jupytext.read(py), nbformat.read(ipynb, as_version=4)
    kinds = [(c.cell_type, c.source.strip() if c.cell_type == "code" else "") for c in source.cells]
    if kinds != [(c.cell_type, c.source.strip() if c.cell_type == "code" else "") for c in executed.cells]:
        raise ValueError(
            f"{ipynb.name}: code cells differ from {py.name}; build it (python -m tools.build_notebooks build)"
        )
    for mine, theirs in zip(source.cells, executed.cells):
        if mine.cell_type == "markdown":
            theirs.source = mine.source
    nbformat.write(executed, ipynb)
    return ipynb


#: A duration in a printed line ("12.3 s", "40 CPU s", "7 seconds", "43 ms"): it may differ between runs.
SECONDS = re.compile(r"\d+(?:\.\d+)?(?=\s*(?:CPU )?m?s(?:econds)?\b)")


def printed_text(notebook) -> list[str]:
    """Every line the notebook's code cells printed (text outputs), with seconds masked as #."""
    lines = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            lines += [f"cell {index}: {SECONDS.sub('#', line)}" for line in "".join(text).splitlines()]
    return lines


def repeat(py: Path, times: int = 3) -> list[str]:
    """Run ``py`` ``times`` times in quick mode; returns the printed lines that differ between runs
    (none: the notebook is reproducible, timings aside)."""
    runs = [printed_text(execute(py, quick=True)[0]) for _ in range(times)]
    return sorted({line for run in runs for line in run} - set.intersection(*(set(run) for run in runs)))


#: Where the recorded run times are quoted: the last column of these tables, one row per notebook,
#: and one header line of every notebook.
RUN_TIME_TABLES = (ROOT / "README.md", ROOT / "docs" / "instructors.md")
TABLE_ROW = re.compile(r"^(\| \[?(\d\d) ·.*\| )([^|]*)( \|)$", re.M)
RUN_TIME_LINE = re.compile(r"^(# )?\*\*Run time\*\* .*$", re.M)


def recorded_runs() -> dict[str, dict]:
    """The run :func:`build` recorded in each notebook, by its two-digit number."""
    import json

    runs = {}
    for _, ipynb in pairs():
        record = json.loads(ipynb.read_text())["metadata"].get(BUILD_KEY)
        if record is None:
            raise ValueError(f"{ipynb.name}: no recorded run (build it: python -m tools.build_notebooks build)")
        runs[ipynb.name[:2]] = record
    return runs


def minutes(seconds: float) -> str:
    """A run time as the tables quote it: "< 1 min" or whole minutes."""
    return "< 1 min" if seconds < 60 else f"{round(seconds / 60)} min"


def run_time_line(record: dict) -> str:
    """The header line of a notebook that quotes its recorded run."""
    return (
        f"**Run time** {minutes(record['seconds'])} in full mode at its last build ({record['date']}, "
        f"{record['cores']} cores); its last cell prints your run's."
    )


def quoted_times(runs: dict[str, dict]) -> dict[Path, str]:
    """Every file that quotes a run time, as it should read given ``runs``."""
    texts = {}
    for path in RUN_TIME_TABLES:
        text = path.read_text()
        texts[path] = TABLE_ROW.sub(lambda m: m[1] + minutes(runs[m[2]]["seconds"]) + m[4], text)
    for py, _ in pairs():
        line = run_time_line(runs[py.name[:2]])
        texts[py] = RUN_TIME_LINE.sub(lambda m, line=line: (m[1] or "") + line, py.read_text())
    return texts


def stale_times() -> list[str]:
    """The files whose quoted run times differ from the notebooks' recorded runs."""
    return [
        f"{path.relative_to(ROOT)}: run times differ from the recorded builds (python -m tools.build_notebooks times)"
        for path, text in quoted_times(recorded_runs()).items()
        if text != path.read_text()
    ]


def write_times() -> list[Path]:
    """Write the recorded run times into the README's and the instructors' tables and into every
    notebook's header (text twin and executed notebook); returns the files changed."""
    changed = []
    for path, text in quoted_times(recorded_runs()).items():
        if text != path.read_text():
            path.write_text(text)
            changed.append(path)
            if path.suffix == ".py":
                copy_text(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.build_notebooks", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build", "check", "repeat", "text", "times"])
    parser.add_argument("names", nargs="*", help="notebook names or prefixes (default: all)")
    parser.add_argument(
        "--limit", type=float, default=BUILD_LIMIT / 60, help="build: minutes before a notebook is stopped"
    )
    args = parser.parse_args(argv)
    if args.command == "check":
        problems = out_of_sync(args.names)
        print("\n".join(problems) or "every notebook matches its text twin")
        return 1 if problems else 0
    if args.command == "times":
        changed = write_times()
        print(
            "\n".join(f"run times written into {path.relative_to(ROOT)}" for path in changed) or "run times up to date"
        )
        return 0
    failed = 0
    for py, _ in pairs(args.names):
        if args.command == "text":
            print(f"prose copied into {copy_text(py)}", flush=True)
        elif args.command == "build":
            print(f"building {py.name} (full mode, at most {args.limit:.0f} min) ...", flush=True)
            try:
                path, seconds, peak_mb = build_within(py, 60 * args.limit)
            except (TimeoutError, RuntimeError) as error:
                print(f"  FAILED {error}", flush=True)
                failed += 1
                continue
            print(f"  wrote {path}: {seconds:.0f} s, peak kernel memory {peak_mb:.0f} MB", flush=True)
        else:
            differences = repeat(py)
            failed += bool(differences)
            print(f"{py.name}: {'identical output in 3 quick-mode runs' if not differences else 'outputs differ:'}")
            print("\n".join(f"  {line}" for line in differences), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
