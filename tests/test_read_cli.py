"""The reader CLI: JSON shape, and one test per kind of bad input (each named, others still read)."""

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from test_images import _png_claiming
from test_pipeline import blank_paper

from helpers.config import BENCHMARK_DIR, ROOT
from helpers.images import load_image
from helpers.read import main

GOOD = str(BENCHMARK_DIR / "clean_1.jpg")


def _json_lines(capsys):
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_json_shape(capsys):
    assert main(["--json", GOOD]) == 0
    (record,) = _json_lines(capsys)
    assert record["image"] == GOOD
    assert isinstance(record["lines"], list) and all(line.isdigit() for line in record["lines"])
    assert len(record["digits"]) == sum(map(len, record["lines"]))
    for digit in record["digits"]:
        assert set(digit) == {"label", "confidence", "box", "line"}
        assert 0 <= digit["label"] <= 9 and 0 <= digit["confidence"] <= 1
        assert len(digit["box"]) == 4 and all(isinstance(v, int) for v in digit["box"])
    assert [d["line"] for d in record["digits"]] == sorted(d["line"] for d in record["digits"])
    assert record["rejected"] == []  # a clean page: nothing dropped as no digit


def test_a_page_of_scribbles_has_no_digits_and_says_what_it_rejected(tmp_path, capsys):
    from helpers.clutter import scribble

    rng = np.random.default_rng(3)
    page = np.full((400, 1200), 225, np.uint8)
    for k in range(4):
        mark = cv2.resize(scribble(rng), None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST)[:300, :250]
        page[50 : 50 + mark.shape[0], 30 + 280 * k : 30 + 280 * k + mark.shape[1]][mark > 0] = 40
    path = tmp_path / "scribbles.png"
    cv2.imwrite(str(path), page)
    assert main(["--json", str(path)]) == 1
    (record,) = _json_lines(capsys)
    assert record["error"].endswith("no digits found (4 marks rejected as no digit)")
    assert len(record["rejected"]) == 4 and all(len(r["box"]) == 4 for r in record["rejected"])


def test_plain_output_has_a_header_per_image_with_several(capsys):
    assert main([GOOD, str(BENCHMARK_DIR / "clean_2.jpg")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"== {GOOD}" and out[1].isdigit()
    assert any(line == f"== {BENCHMARK_DIR / 'clean_2.jpg'}" for line in out)


def _bad_inputs(tmp_path):
    not_image = tmp_path / "notes.txt"
    not_image.write_text("1 2 3")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    black = tmp_path / "black.png"
    cv2.imwrite(str(black), np.zeros((300, 400), np.uint8))
    blank = tmp_path / "blank.jpg"
    cv2.imwrite(str(blank), blank_paper())
    noise = tmp_path / "noise.png"
    cv2.imwrite(str(noise), np.random.default_rng(0).integers(0, 256, (600, 800), dtype=np.uint8))
    grey_noise = tmp_path / "grey_noise.png"
    cv2.imwrite(
        str(grey_noise), np.clip(np.random.default_rng(1).normal(128, 40, (1000, 1000)), 0, 255).astype(np.uint8)
    )
    strip = tmp_path / "strip.png"
    cv2.imwrite(str(strip), np.full((1, 2000), 200, np.uint8))
    int32 = tmp_path / "int32.tif"
    cv2.imwrite(str(int32), np.full((300, 400), 70_000, np.int32))
    huge = tmp_path / "huge.png"
    huge.write_bytes(_png_claiming(25_000, 25_000))
    no_images = tmp_path / "no_images"
    no_images.mkdir()
    (no_images / "notes.txt").write_text("no photo here")
    return {
        "missing": (str(tmp_path / "nope.jpg"), "no such file"),
        "not an image": (str(not_image), "not an image"),
        "empty file": (str(empty), "empty"),
        "all black": (str(black), "flat black"),
        "blank page": (str(blank), "no digits found"),
        "noise": (str(noise), "looks like noise"),
        "grey noise": (str(grey_noise), "looks like noise"),
        "strip": (str(strip), "too small to hold a digit"),
        "int32 tiff, one value": (str(int32), "flat"),
        "25000 × 25000 png": (str(huge), "25000 × 25000 pixels, more than"),
        "relative path": ("./nope.jpg", "./nope.jpg: no such file"),
        "folder without images": (str(no_images), "a folder with no images in it"),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "missing",
        "not an image",
        "empty file",
        "all black",
        "blank page",
        "noise",
        "grey noise",
        "strip",
        "int32 tiff, one value",
        "25000 × 25000 png",
        "relative path",
        "folder without images",
    ],
)
def test_each_bad_input_is_named_and_the_good_file_still_read(kind, tmp_path, capsys):
    path, message = _bad_inputs(tmp_path)[kind]
    assert main(["--json", path, GOOD]) == 0
    bad, good = _json_lines(capsys)
    assert bad["image"] == path and message in bad["error"] and bad["error"].startswith(path + ": ")
    assert bad["error"].count(path.lstrip("./")) == 1  # the file is named once
    assert "lines" not in bad and good["lines"]


def test_exit_status_is_non_zero_only_when_nothing_could_be_read(tmp_path, capsys):
    assert main([str(tmp_path / "a.jpg"), str(tmp_path / "b.jpg")]) == 1
    err = capsys.readouterr().err
    assert "a.jpg: no such file" in err and "b.jpg: no such file" in err


def test_huge_image_is_read(tmp_path, capsys):
    page = np.full((10_000, 10_000), 235, np.uint8)
    for k, digit in enumerate("731"):
        cv2.putText(page, digit, (2000 + 2200 * k, 6000), cv2.FONT_HERSHEY_SIMPLEX, 60, 20, 150)
    path = tmp_path / "huge.png"
    cv2.imwrite(str(path), page)
    assert main(["--json", str(path)]) == 0
    (record,) = _json_lines(capsys)
    assert record["lines"] == ["731"]
    assert record["digits"][0]["box"][1] > 3000  # boxes are in the original 10 000-pixel frame


def test_colour_16_bit_alpha_and_exif_orientation(tmp_path):
    gray = load_image(GOOD)
    colour = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    cv2.imwrite(str(tmp_path / "deep.png"), colour.astype(np.uint16) * 257)
    assert np.abs(load_image(tmp_path / "deep.png").astype(int) - gray).max() <= 1
    bgra = np.dstack([np.zeros_like(colour), 255 - gray])  # black ink whose alpha is the darkness
    cv2.imwrite(str(tmp_path / "alpha.png"), bgra)
    composited = load_image(tmp_path / "alpha.png")
    assert np.abs(composited.astype(int) - gray).max() <= 2  # on white paper again
    # a JPEG whose EXIF says "rotate 90° clockwise" (orientation 6) comes back upright
    ok, jpeg = cv2.imencode(".jpg", cv2.rotate(gray, cv2.ROTATE_90_COUNTERCLOCKWISE))
    exif = (
        b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00"
        b"\x00\x00\x00\x00"
    )
    app1 = b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif
    data = jpeg.tobytes()
    (tmp_path / "rotated.jpg").write_bytes(data[:2] + app1 + data[2:])
    upright = load_image(tmp_path / "rotated.jpg")
    assert upright.shape == gray.shape
    assert np.abs(upright.astype(int) - gray).mean() < 3


def test_cli_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "helpers.read", "--json", GOOD], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["lines"]


def test_a_folder_of_good_and_bad_files_reads_every_good_one_and_exits_0(tmp_path, capsys):
    import shutil

    (tmp_path / "bad").mkdir()
    bad = _bad_inputs(tmp_path / "bad")
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("clean_1.jpg", "clean_2.jpg"):
        shutil.copy(BENCHMARK_DIR / name, folder / name)
    for path, _ in bad.values():
        if Path(path).is_file():
            shutil.copy(path, folder / Path(path).name)
    (folder / "labels.tsv").write_text("file\tlines\n")  # not an image: left out, like notes.txt
    assert main(["--json", str(folder)]) == 0
    out, err = capsys.readouterr()
    records = {Path(r["image"]).name: r for r in map(json.loads, out.splitlines())}
    assert set(records) == {p.name for p in folder.iterdir()} - {"labels.tsv", "notes.txt"}
    assert (
        f"{len(records) - 2} of {len(records)} files gave no digits:" in err and "empty.png: the file is empty" in err
    )
    assert records["clean_1.jpg"]["lines"] and records["clean_2.jpg"]["lines"]
    assert all("error" in r for name, r in records.items() if not name.startswith("clean"))
