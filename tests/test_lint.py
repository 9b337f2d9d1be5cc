"""ruff keeps helpers, tools, tests, benchmarks and the notebooks' text twins clean (make lint)."""

import subprocess
import sys

from helpers.config import ROOT

PATHS = ["helpers", "tools", "tests", "tests_browser", "benchmarks", "notebooks"]


def test_ruff_check_and_format():
    check = subprocess.run([sys.executable, "-m", "ruff", "check", *PATHS], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    text_twins = [str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.py")]
    paths = ["helpers", "tests", "tests_browser", "benchmarks", *text_twins]
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", *paths], cwd=ROOT, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout
