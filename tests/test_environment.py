"""The environment files agree: requirements.txt, constraints.txt, environment.yml and binder/."""

import re
import sys
from importlib.metadata import version

import yaml

from helpers.config import ROOT


def _pins(lines) -> dict[str, tuple[str, str]]:
    """name → (version, environment marker or "") of every ``name==version`` line, e.g.
    ``tensorflow==2.21.0 ; platform_machine == "arm64"``."""
    pins = {}
    for line in lines:
        line = line.split("#")[0].strip()
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)\s*(?:;\s*(.+))?", line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = (match.group(2), match.group(3) or "")
    return pins


def test_requirements_are_all_pinned():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    entries = [line for line in lines if line and not line.startswith("#")]
    assert entries and len(_pins(entries)) == len(entries), "every requirement must be pinned with =="
    assert "opencv-python-headless" in _pins(entries) and "opencv-python" not in _pins(entries)


def test_binder_conda_and_constraints_name_the_same_versions():
    requirements = _pins((ROOT / "requirements.txt").read_text().splitlines())
    binder = _pins((ROOT / "binder/requirements.txt").read_text().splitlines())
    assert binder == requirements
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in environment["dependencies"]
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert _pins(pip_section) == requirements
    constraints = _pins((ROOT / "constraints.txt").read_text().splitlines())
    for name, pinned in requirements.items():
        assert constraints.get(name, ("",))[0] == pinned[0], f"constraints.txt disagrees on {name}"
    assert (ROOT / "binder/runtime.txt").read_text().strip() == "python-3.11"


def test_installed_versions_are_the_pinned_ones():
    from packaging.markers import Marker

    assert sys.version_info[:2] == (3, 11)
    for name, (pinned, marker) in _pins((ROOT / "requirements.txt").read_text().splitlines()).items():
        if not marker or Marker(marker).evaluate():  # installed on this machine
            assert version(name) == pinned, f"{name}: installed {version(name)}, pinned {pinned}"


def test_tensorflow_has_one_pin_for_every_machine_it_has_wheels_for():
    from packaging.markers import Marker

    pins = _pins((ROOT / "requirements.txt").read_text().splitlines())
    markers = {name: Marker(pins[name][1]) for name in ("tensorflow-cpu", "tensorflow")}
    for machine in ("x86_64", "AMD64", "arm64", "aarch64"):  # Linux/Intel Mac, Windows, Apple silicon, Linux arm
        chosen = [name for name, marker in markers.items() if marker.evaluate({"platform_machine": machine})]
        assert len(chosen) == 1, f"{machine}: {chosen}"


def test_binder_scripts_are_executable_and_strict():
    post_build = ROOT / "binder/postBuild"
    start = ROOT / "binder/start"
    assert post_build.stat().st_mode & 0o111 and start.stat().st_mode & 0o111
    assert "set -e" in post_build.read_text()
    text = start.read_text()
    assert "KERAS_BACKEND=tensorflow" in text and text.rstrip().endswith('exec "$@"')


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    ci = (ROOT / ".ci/run").read_text()
    assert "set -euo pipefail" in ci and "\nmake test" in ci


def test_citation_file_is_valid_cff_with_the_data_it_builds_on():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0" and citation["title"].startswith("Digits in the Wild")
    assert citation["authors"] and citation["license"] == "MIT"
    assert any("MNIST" in reference["title"] for reference in citation["references"])


def test_binder_pins_every_package_starts_in_quick_mode_closes_kernels_and_saves_widget_state():
    import json

    assert "-c ../constraints.txt" in (ROOT / "binder/requirements.txt").read_text().splitlines()
    assert 'export DIGITS_QUICK="${DIGITS_QUICK:-1}"' in (ROOT / "binder/start").read_text()
    overrides = json.loads((ROOT / "binder/overrides.json").read_text())
    assert overrides["@jupyterlab/notebook-extension:tracker"]["kernelShutdown"] is True
    assert overrides["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True
    assert "binder/overrides.json" in (ROOT / "binder/postBuild").read_text()
    assert "cp binder/overrides.json $(VENV)/share/jupyter/lab/settings/" in (ROOT / "Makefile").read_text()


def test_every_badge_link_and_clone_line_uses_the_one_repository_address():
    import tomllib
    from urllib.parse import quote

    address = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    owner_name = address.removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text()
    assert f"mybinder.org/v2/gh/{owner_name}/main" in readme
    assert f"colab.research.google.com/github/{owner_name}/blob/main/" in readme
    assert quote(address, safe="") in (ROOT / "docs/instructors.md").read_text()  # the nbgitpuller link
    for twin in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py")):
        clones = re.findall(r"git clone --depth 1 (\S+)", twin.read_text())
        assert clones == [address], twin.name
    everywhere = [readme, (ROOT / "docs/instructors.md").read_text(), (ROOT / "CONTRIBUTING.md").read_text()]
    others = {m for text in everywhere for m in re.findall(r"github\.com/([\w.-]+/[\w.-]+)", text)}
    assert others <= {owner_name}, others
