"""The course as a learner meets it: JupyterLab in a real browser (Chromium driven by Playwright),
notebooks 02, 03 and 09 run with Run All in quick mode, widgets moved, a notebook saved and
reopened with its widgets, a photo uploaded.

    make test-browser     # needs Debian's chromium (apt install chromium); installs Playwright

It runs on a copy of the notebooks (nothing in the repository is saved over) and leaves
screenshots of each widget before and after a change in reports/browser/ for a person to look at.
It is not part of `make test` (it takes a few minutes and a browser).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from helpers.config import BENCHMARK_DIR, ROOT
from helpers.evaluate import read_labels

SHOTS = ROOT / "reports" / "browser"
TOKEN = "digits-in-the-wild-browser-test"
RUN_ALL_SECONDS = int(os.environ.get("RUN_ALL_SECONDS", 600))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a copy of the notebooks, in quick mode; yields its URL."""
    notebooks = tmp_path_factory.mktemp("lab") / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns("*.py", ".ipynb_checkpoints"))
    settings = notebooks.parent / "settings"
    for plugin, values in (
        ("notebook-extension/tracker", '{"windowingMode": "none"}'),  # every cell drawn, in view or not
        ("docmanager-extension/plugin", '{"autosave": false}'),  # the copy is never saved over
        ("apputils-extension/notification", '{"fetchNews": "false"}'),
    ):
        path = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(values)
    port = _free_port()
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1"]
    command += [
        f"--IdentityProvider.token={TOKEN}",
        f"--notebook-dir={notebooks}",
        f"--LabApp.user_settings_dir={settings}",
    ]
    if os.getuid() == 0:
        command.append("--allow-root")
    env = {**os.environ, "DIGITS_QUICK": "1", "KERAS_BACKEND": "tensorflow", "TF_CPP_MIN_LOG_LEVEL": "2"}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start within a minute")
    yield url
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (apt install chromium)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield browser
        browser.close()


def open_notebook(browser, lab: str, name: str) -> Page:
    """``name`` alone in a fresh browser context and a workspace of its own."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(f"{lab}/lab/workspaces/{name.split('_')[0]}/tree/{name}?token={TOKEN}&reset")
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    page.get_by_text("Kernel status: Idle").first.wait_for(state="attached", timeout=120_000)  # kernel started
    return page


def menu(page: Page, name: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=name).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def run_all(page: Page) -> None:
    """Clear the stored outputs, Run → Run All Cells, then wait until the last code cell has run
    (its prompt a number; cells run in order and an error stops the run). Prompts of cells
    scrolled out of view are not drawn (JupyterLab draws only what is near the screen)."""
    page.locator(".jp-CodeCell").first.wait_for()
    cleared = page.locator(".jp-CodeCell .jp-InputPrompt", has_text="[ ]").first
    for _ in range(5):  # a menu clicked while the notebook is still being drawn may do nothing
        menu(page, "Edit", "Clear Outputs of All Cells")
        try:
            cleared.wait_for(state="attached", timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    menu(page, "Run", "Run All Cells")
    deadline = time.time() + RUN_ALL_SECONDS
    while time.time() < deadline:
        prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        if prompts and prompts[-1].strip().strip("[]:").isdigit() and not any("*" in p for p in prompts):
            return
        time.sleep(2)
    page.screenshot(path=SHOTS / "run_all_unfinished.png")
    pytest.fail(f"Run All did not finish in {RUN_ALL_SECONDS} s; prompts: {prompts}")


def error_outputs(page: Page) -> list[str]:
    """Texts of the outputs that are errors (a traceback), not warnings."""
    texts = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
    return [t[:300] for t in texts if "Traceback" in t or "Error" in t.split("\n")[0]]


def widget_picture(page: Page, index: int = 0) -> str:
    """The src of the image an explorer widget shows (changes when the picture changes)."""
    image = page.locator(".widget-output img").nth(index)
    image.wait_for(timeout=60_000)
    return image.get_attribute("src") or ""


def wait_for_new_picture(page: Page, before: str, index: int = 0, seconds: float = 60) -> str:
    deadline = time.time() + seconds
    while time.time() < deadline:
        now = widget_picture(page, index)
        if now != before:
            return now
        time.sleep(0.5)
    pytest.fail("the explorer's picture did not change")


def explorer_after_run_all(browser, lab: str, name: str):
    """``name`` run with Run All (no error output), and its first explorer widget scrolled into
    view, photographed as it starts; returns (page, explorer, its picture)."""
    page = open_notebook(browser, lab, name)
    run_all(page)
    assert error_outputs(page) == []
    explorer = page.locator(".widget-vbox").filter(has=page.locator(".widget-dropdown")).first
    explorer.scroll_into_view_if_needed()
    picture = widget_picture(page)
    explorer.screenshot(path=SHOTS / f"{name[:2]}_explorer_before.png")
    return page, explorer, picture


def test_binarization_notebook_runs_and_its_explorer_reacts(browser, lab):
    page, explorer, before = explorer_after_run_all(browser, lab, "02_binarization.ipynb")
    explorer.locator(".widget-dropdown select").first.select_option("niblack")
    after = wait_for_new_picture(page, before)
    k = explorer.locator(".widget-slider").filter(has_text="k")
    assert float(k.locator(".widget-readout").first.inner_text().strip().replace("−", "-")) == -0.2  # Niblack's own k
    explorer.screenshot(path=SHOTS / "02_explorer_niblack.png")
    k.locator(".noUi-handle").first.press("ArrowRight")
    wait_for_new_picture(page, after)
    explorer.screenshot(path=SHOTS / "02_explorer_niblack_k_moved.png")
    page.close()


def test_morphology_notebook_runs_its_explorer_reacts_and_shows_again_after_save(browser, lab):
    page, explorer, before = explorer_after_run_all(browser, lab, "03_morphology.ipynb")
    explorer.locator(".widget-dropdown select").first.select_option("dilate")
    wait_for_new_picture(page, before)
    explorer.screenshot(path=SHOTS / "03_explorer_dilate.png")
    menu(page, "File", "Save Notebook")
    page.locator(".jp-Notebook.jp-mod-dirty, .lm-TabBar-tab.jp-mod-dirty").first.wait_for(state="detached")
    page.close()
    reopened = open_notebook(browser, lab, "03_morphology.ipynb")  # the saved widget state, no run
    explorer = reopened.locator(".widget-vbox").filter(has=reopened.locator(".widget-dropdown")).first
    explorer.wait_for(timeout=60_000)
    explorer.scroll_into_view_if_needed()
    explorer.screenshot(path=SHOTS / "03_explorer_after_save_and_reopen.png")
    assert reopened.get_by_text("Error displaying widget").count() == 0
    reopened.close()


def test_end_to_end_notebook_reads_an_uploaded_photo(browser, lab):
    page = open_notebook(browser, lab, "09_end_to_end.ipynb")
    run_all(page)
    assert error_outputs(page) == []
    photo = "clean_2.jpg"
    truth = next(p.lines for p in read_labels(BENCHMARK_DIR) if p.file == photo)
    button = page.get_by_role("button", name="Your photo")
    button.scroll_into_view_if_needed()
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(str(BENCHMARK_DIR / photo))
    reader = page.locator(".jp-CodeCell").filter(has_text="if uploaded_file(upload):").first
    reader.locator(".jp-InputArea-editor").first.click()
    page.keyboard.press("Shift+Enter")
    expected = f"lines read: {list(truth)}"
    reader.locator(".jp-OutputArea-output", has_text=expected).first.wait_for(timeout=120_000)
    reader.screenshot(path=SHOTS / "09_upload_read.png")
    assert error_outputs(page) == []
    page.close()
