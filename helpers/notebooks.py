"""The notebooks' text twins: build every .ipynb from its py:percent source, and check the pairs.

    python -m helpers.notebooks build [NAME ...]   # regenerate, executed in full mode (make notebooks)
    python -m helpers.notebooks check              # exit 1 if a pair is out of sync

``notebooks/NN_topic.py`` (jupytext py:percent) is what contributors edit and review;
``notebooks/NN_topic.ipynb`` is generated from it, with outputs, for learners.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from helpers.config import QUICK_ENV, ROOT

NOTEBOOKS_DIR = ROOT / "notebooks"


def pairs() -> list[tuple[Path, Path]]:
    """(text twin, notebook) for every ``notebooks/NN_*.py``."""
    return [(py, py.with_suffix(".ipynb")) for py in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.py"))]


def cell_sources(path: Path) -> list[tuple[str, str]]:
    """(cell type, source) of every cell, read through jupytext whatever the format."""
    import jupytext

    notebook = jupytext.read(path)
    return [(cell.cell_type, cell.source.strip()) for cell in notebook.cells]


def out_of_sync() -> list[str]:
    """Names of pairs whose cells differ (or whose .ipynb is missing)."""
    problems = []
    for py, ipynb in pairs():
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


def build(py: Path, timeout: int = 1800) -> tuple[Path, float, float]:
    """Write ``py``'s .ipynb, executed top to bottom in full mode in the notebooks folder; returns
    (path, seconds, peak kernel memory in MB)."""
    import time

    import jupytext
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor

    notebook = jupytext.read(py)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata.pop("jupytext", None)
    os.environ.pop(QUICK_ENV, None)
    start = time.perf_counter()
    with PeakMemory() as memory:
        ExecutePreprocessor(timeout=timeout, kernel_name="python3").preprocess(
            notebook, {"metadata": {"path": str(py.parent)}}
        )
    ipynb = py.with_suffix(".ipynb")
    nbformat.write(notebook, ipynb)
    return ipynb, time.perf_counter() - start, memory.peak_mb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.notebooks", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build", "check"])
    parser.add_argument("names", nargs="*", help="notebook names or prefixes (default: all)")
    args = parser.parse_args(argv)
    if args.command == "check":
        problems = out_of_sync()
        print("\n".join(problems) or "every notebook matches its text twin")
        return 1 if problems else 0
    for py, _ in pairs():
        if not args.names or any(py.stem.startswith(name) for name in args.names):
            print(f"building {py.name} (full mode) ...", flush=True)
            path, seconds, peak_mb = build(py)
            print(f"  wrote {path}: {seconds:.0f} s, peak kernel memory {peak_mb:.0f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
