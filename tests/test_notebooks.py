"""Every notebook has its py:percent text twin, in sync; stored outputs stay small."""

import json

from tools.build_notebooks import NOTEBOOKS_DIR, out_of_sync, pairs


def test_every_notebook_has_a_text_twin_in_sync():
    assert pairs(), "no notebooks found"
    assert {p.name for p in NOTEBOOKS_DIR.glob("*.ipynb")} == {ipynb.name for _, ipynb in pairs()}
    assert out_of_sync() == []
    assert [py.stem for py, _ in pairs(["09"])] == ["09_end_to_end"]  # a name picks its notebook only


def test_stored_notebooks_are_executed_small_and_without_progress_bars():
    for _, ipynb in pairs():
        notebook = json.loads(ipynb.read_text())
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        assert all(c.get("execution_count") for c in code), f"{ipynb.name}: not fully executed (make notebooks)"
        assert ipynb.stat().st_size < 3_000_000, f"{ipynb.name}: outputs too large"
        for cell in code:
            for output in cell.get("outputs", []):
                text = "".join(output.get("text", ""))
                assert "\r" not in text and "━" not in text, f"{ipynb.name}: progress bar in stored output"
                assert output.get("output_type") != "error", f"{ipynb.name}: stored an error"


def test_repeated_runs_are_compared_on_printed_text_with_seconds_masked():
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from tools.build_notebooks import printed_text

    cell = new_code_cell("print(...)")
    cell.outputs = [
        new_output("stream", name="stdout", text="accuracy 99.08 %\ntrained in 21.7 s (38 CPU s), 43 ms/photo\n")
    ]
    lines = printed_text(nbformat.from_dict(new_notebook(cells=[new_code_cell("x = 1"), cell])))
    assert lines == ["cell 1: accuracy 99.08 %", "cell 1: trained in # s (# CPU s), # ms/photo"]


def test_tensorflows_start_up_log_is_kept_out_of_stored_outputs():
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from tools.build_notebooks import drop_startup_log

    startup = (
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
        "I0000 00:00:1796098424.349036   14813 port.cc:153] oneDNN custom operations are on.\n"
    )
    imports, training = new_code_cell("import keras"), new_code_cell("fit(...)")
    imports.outputs = [new_output("stream", name="stderr", text=startup)]
    training.outputs = [
        new_output("stream", name="stderr", text=startup + "UserWarning: your dataset ran out of data\n"),
        new_output("stream", name="stdout", text="I0000 printed by the notebook itself\n"),
    ]
    notebook = nbformat.from_dict(new_notebook(cells=[imports, training]))
    drop_startup_log(notebook)
    assert notebook.cells[0].outputs == []
    assert [o["text"] for o in notebook.cells[1].outputs] == [
        "UserWarning: your dataset ran out of data\n",
        "I0000 printed by the notebook itself\n",
    ]


def test_prose_edits_reach_the_executed_notebook_without_a_new_run(tmp_path):
    import jupytext
    import nbformat
    import pytest
    from nbformat.v4 import new_output

    from tools.build_notebooks import copy_text

    py = tmp_path / "01_tiny.py"
    py.write_text("# %% [markdown]\n# The answer is 41.\n\n# %%\nprint(6 * 7)\n")
    executed = jupytext.read(py)
    executed.cells[1].outputs = [new_output("stream", name="stdout", text="42\n")]
    nbformat.write(executed, py.with_suffix(".ipynb"))
    py.write_text("# %% [markdown]\n# The answer is 42.\n\n# %%\nprint(6 * 7)\n")
    notebook = nbformat.read(copy_text(py), as_version=4)
    assert notebook.cells[0].source == "The answer is 42."
    assert notebook.cells[1].outputs[0]["text"] == "42\n"  # the stored output is kept
    py.write_text("# %% [markdown]\n# The answer is 42.\n\n# %%\nprint(6 * 8)\n")
    with pytest.raises(ValueError, match="code cells differ"):
        copy_text(py)


def test_the_quoted_run_times_are_the_recorded_builds():
    from tools.build_notebooks import stale_times

    assert stale_times() == []


def test_run_times_are_quoted_in_whole_minutes():
    from tools.build_notebooks import minutes, run_time_line

    assert [minutes(s) for s in (20, 59, 60, 89, 90, 2530)] == [
        "< 1 min",
        "< 1 min",
        "1 min",
        "1 min",
        "2 min",
        "42 min",
    ]
    line = run_time_line({"seconds": 516, "peak_memory_mb": 1091, "cores": 2, "date": "2026-12-02"})
    assert line.startswith("**Run time** 9 min in full mode at its last build (2026-12-02, 2 cores)")


def test_a_build_that_hangs_is_stopped_with_its_kernel_and_named(tmp_path):
    import psutil
    import pytest

    from tools.build_notebooks import build_within

    py = tmp_path / "01_hangs.py"
    py.write_text("# %%\nimport time\ntime.sleep(600)\n")
    with pytest.raises(TimeoutError, match=r"01_hangs.py: not finished after 20 s"):
        build_within(py, limit=20)
    assert not [p for p in psutil.Process().children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
    assert not py.with_suffix(".ipynb").exists()


def test_a_build_that_fails_names_the_notebook_and_the_error(tmp_path):
    import pytest

    from tools.build_notebooks import build_within

    py = tmp_path / "02_fails.py"
    py.write_text("# %%\nraise ValueError('no such photo')\n")
    with pytest.raises(RuntimeError, match=r"(?s)02_fails.py: CellExecutionError.*no such photo"):
        build_within(py, limit=300)
