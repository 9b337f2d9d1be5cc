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


def build(py: Path, timeout: int = 1800) -> Path:
    """Write ``py``'s .ipynb, executed top to bottom in full mode in the notebooks folder."""
    import jupytext
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor

    notebook = jupytext.read(py)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata.pop("jupytext", None)
    os.environ.pop(QUICK_ENV, None)
    ExecutePreprocessor(timeout=timeout, kernel_name="python3").preprocess(
        notebook, {"metadata": {"path": str(py.parent)}}
    )
    ipynb = py.with_suffix(".ipynb")
    nbformat.write(notebook, ipynb)
    return ipynb


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
            print(f"  wrote {build(py)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
