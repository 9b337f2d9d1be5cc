"""Collection sheets: printed, filled (simulated), photographed at an angle, read back."""

import re
from dataclasses import replace

import cv2
import numpy as np
import pytest
from sklearn.model_selection import GroupKFold

from helpers.classroom import WRITERS, filled_sheet
from helpers.config import BENCHMARK_DIR
from helpers.models import load_default, predict_digits
from helpers.sheets import (
    COLUMNS,
    ROWS,
    SheetError,
    find_markers,
    load_own,
    main,
    make_sheet,
    read_sheet,
    save_sheet,
    write_sheet,
)


@pytest.fixture(scope="module")
def photo():
    """A sheet filled by a wide, left-leaning hand, a quarter of the boxes empty, on a table, at an
    angle, under a shadow."""
    return filled_sheet(WRITERS[2], seed=5, empty=0.25)


def test_a_filled_sheet_photographed_at_an_angle_is_read_back_with_every_label(photo):
    image, filled = photo
    sheet = read_sheet(image)
    assert sheet.paper == "A4" and sheet.sheet == 0
    assert [(d.row, d.column, d.label) for d in sheet.digits] == filled  # every filled box, its label
    assert sheet.empty == ROWS * COLUMNS - len(filled) > 20  # the empty boxes are dropped
    assert sheet.images.shape == (len(filled), 28, 28) and sheet.images.dtype == np.uint8
    # the crops hold the written digits: the MNIST model reads them
    predicted = predict_digits(load_default(), sheet.images).argmax(axis=1)
    assert (predicted == sheet.labels).mean() > 0.9


def test_faint_thin_ink_in_a_shadow_is_read_not_dropped():
    image, filled = filled_sheet(WRITERS[0], seed=22, sheet=2)  # a fine purple pen
    sheet = read_sheet(image)
    assert [(d.row, d.column) for d in sheet.digits] == [(row, column) for row, column, _ in filled]


def test_photos_that_are_not_sheets_get_a_clear_error_naming_the_file(photo):
    with pytest.raises(SheetError, match=r"clean_1\.jpg: no collection-sheet markers found"):
        read_sheet(BENCHMARK_DIR / "clean_1.jpg")
    image, _ = photo
    top_half = image[: image.shape[0] // 2]  # the bottom corner markers are cut off
    with pytest.raises(SheetError, match=r"my_photo: found 2 of the 4 corner markers of a A4 sheet"):
        read_sheet(top_half, source="my_photo")


def test_printed_sheets_have_findable_markers_and_a_true_page_size(tmp_path):
    for paper, ids, size in (("A4", {0, 1, 2, 3, 12}, (595, 842)), ("Letter", {4, 5, 6, 7, 12}, (612, 792))):
        assert set(find_markers(make_sheet(paper, sheet=2))) == ids
        png, pdf = write_sheet(tmp_path, paper, sheet=2)
        assert cv2.imread(str(png), cv2.IMREAD_GRAYSCALE).shape == make_sheet(paper, 2).shape
        box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)", pdf.read_bytes())
        assert (round(float(box[1])), round(float(box[2]))) == size  # points: A4 and US Letter
    with pytest.raises(ValueError, match="paper must be one of"):
        make_sheet("A5")


def test_saved_sheets_merge_into_a_classroom_set_that_keeps_writers_apart(photo, tmp_path):
    image, filled = photo
    sheet = read_sheet(image)
    other_photo = replace(sheet, digits=sheet.digits[:-1])  # another photo of the same sheet, one box fewer
    save_sheet(sheet, "ana", "IMG_0001.jpg", tmp_path)
    save_sheet(sheet, "ben", "IMG_0001.jpg", tmp_path)
    save_sheet(other_photo, "ben", "IMG_0001.jpg", tmp_path)  # same name, other digits: kept beside it
    with pytest.raises(SheetError, match="these digits are saved already"):
        save_sheet(sheet, "ben", "IMG_0001 copy.jpg", tmp_path)  # the same photo read twice
    save_sheet(sheet, "ben", "IMG_0001.jpg", tmp_path, replace=True)
    own = load_own(tmp_path)
    assert len(own.images) == 3 * len(filled) - 1
    assert (own.writers == "ben").sum() == 2 * len(filled) - 1 and len(set(own.sheets)) == 3
    for train, test in GroupKFold(n_splits=2).split(own.images, own.labels, own.writers):
        assert not set(own.writers[train]) & set(own.writers[test])  # a writer is on one side only
    for bad in ("../escape", "a/b", "x" * 65, "", "ana b"):
        with pytest.raises(ValueError, match="writer must be a name"):
            save_sheet(sheet, bad, "x.jpg", tmp_path)
    assert len(load_own(tmp_path / "nobody").images) == 0


def test_command_line_makes_and_reads_sheets(photo, tmp_path, capsys):
    assert main(["make", "--paper", "Letter", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "sheet_0_Letter.pdf").is_file()
    path = tmp_path / "filled.jpg"
    cv2.imwrite(str(path), photo[0])
    assert main(["read", str(path), "--writer", "ana", "--out", str(tmp_path / "own")]) == 0
    assert f"{len(photo[1])} digits" in capsys.readouterr().out
    assert main(["read", str(BENCHMARK_DIR / "clean_1.jpg"), "--out", str(tmp_path / "own")]) == 1
    assert "no collection-sheet markers" in capsys.readouterr().err
    assert main(["read", str(path), "--writer", "ana", "--out", str(tmp_path / "own")]) == 1
    assert "these digits are saved already (replace them with --replace)" in capsys.readouterr().err
    assert main(["read", str(path), "--writer", "ana", "--replace", "--out", str(tmp_path / "own")]) == 0
    with pytest.raises(SystemExit):  # refused before the photo is read
        main(["read", str(tmp_path / "no such photo.jpg"), "--writer", "../escape"])
    assert "--writer must be a name of letters, digits" in capsys.readouterr().err
