"""Reading files into grayscale: orientation in every format that carries it, every pixel type,
and a clear ImageError naming the file for each problem — before memory is spent on it."""

import io
import struct
import zlib

import cv2
import numpy as np
import pytest
from PIL import Image, ImageOps

from helpers import images
from helpers.images import ImageError, decode_image, load_image, to_gray, upright

# an asymmetric picture: any wrong turn or flip shows
PICTURE = np.zeros((60, 90), np.uint8)
PICTURE[5:20, 10:40] = 255
PICTURE[30:55, 70:80] = 128


def _encoded(picture: np.ndarray, fmt: str, orientation: int) -> bytes:
    """``picture`` stored as the camera would store it when held with EXIF ``orientation``: the
    stored pixels turned so that applying the orientation gives ``picture`` back."""
    stored = Image.fromarray(picture)
    inverse = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
               5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
               8: Image.Transpose.ROTATE_270}  # fmt: skip
    if orientation in inverse:
        stored = stored.transpose(inverse[orientation])
    exif = Image.Exif()
    exif[images.ORIENTATION] = orientation
    buffer = io.BytesIO()
    options = {"lossless": True} if fmt == "WEBP" else {"quality": 100} if fmt == "JPEG" else {}
    stored.save(buffer, fmt, exif=exif.tobytes(), **options)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF"])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_back_upright_in_every_format(fmt, orientation):
    data = _encoded(PICTURE, fmt, orientation)
    # Pillow's own reading of the same file is the reference
    reference = _pillow_upright(data)
    assert reference.shape == PICTURE.shape and np.abs(reference.astype(int) - PICTURE).mean() < 4
    read = decode_image(data, f"photo.{fmt.lower()}")
    assert read.shape == PICTURE.shape
    assert np.abs(read.astype(int) - PICTURE).mean() < 4


def _pillow_upright(data: bytes) -> np.ndarray:
    return np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("L"))


def test_upright_matches_pillow_for_each_orientation():
    for orientation in range(1, 9):
        exif_image = Image.open(io.BytesIO(_encoded(PICTURE, "PNG", 1)))
        stored = np.asarray(exif_image)
        exif = exif_image.getexif()
        exif[images.ORIENTATION] = orientation
        exif_image.info["exif"] = exif.tobytes()
        expected = np.asarray(ImageOps.exif_transpose(exif_image))
        assert np.array_equal(upright(stored, orientation), expected), orientation


@pytest.mark.parametrize(
    "dtype, values",
    [(np.int16, (-3000, 3000)), (np.int32, (0, 1_000_000)), (np.uint32, (0, 70_000)), (np.int8, (0, 100))],
)
def test_integer_images_of_any_width_become_8_bit_with_their_contrast(dtype, values):
    low, high = values
    picture = np.where(PICTURE > 0, high, low).astype(dtype)
    gray = to_gray(picture)
    assert gray.dtype == np.uint8
    assert gray[PICTURE > 0].min() > gray[PICTURE == 0].max()  # ink and paper stay apart
    if high <= 255 and low >= 0:
        assert gray.max() == high  # values that fit are kept as they are


def test_an_int16_tiff_is_read(tmp_path):
    path = tmp_path / "scan.tif"
    assert cv2.imwrite(str(path), (PICTURE.astype(np.int16) - 128) * 100)
    gray = load_image(path)
    assert gray.shape == PICTURE.shape and gray[PICTURE == 255].min() > gray[PICTURE == 0].max()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny valid PNG whose header is rewritten to claim ``width`` × ``height`` pixels."""
    ok, png = cv2.imencode(".png", PICTURE)
    data = bytearray(png.tobytes())
    ihdr = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(ihdr))
    return bytes(data)


def test_too_many_pixels_are_refused_from_the_header_before_decoding(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_claiming(25_000, 25_000))
    with pytest.raises(ImageError, match=r"bomb\.png: 25000 × 25000 pixels, more than the 150,000,000"):
        load_image(path)


def test_the_pixel_budget_can_be_raised_or_lowered():
    data = cv2.imencode(".png", PICTURE)[1].tobytes()
    with pytest.raises(ImageError, match="more than the 100 this reader takes"):
        decode_image(data, "small.png", max_pixels=100)
    assert decode_image(data, "small.png", max_pixels=PICTURE.size).shape == PICTURE.shape


def test_a_file_too_large_to_be_a_photo_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "video.mp4"
    path.write_bytes(b"\0" * 5000)
    with pytest.raises(ImageError, match=r"video\.mp4: .* larger than any photo"):
        load_image(path)


@pytest.mark.parametrize(
    "array, message",
    [
        (np.zeros((0, 0), np.uint8), "has no pixels"),
        (np.zeros((0, 50, 3), np.uint8), "has no pixels"),
        (np.zeros((10, 10, 5), np.uint8), "shape"),
        (np.zeros((10, 10), np.complex64), "unsupported pixel type"),
    ],
)
def test_arrays_that_are_no_image_get_an_image_error(array, message):
    with pytest.raises(ImageError, match=message):
        to_gray(array, "upload.png")


def test_a_relative_path_is_named_once_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ImageError) as error:
        load_image("./missing.jpg")
    assert str(error.value) == "./missing.jpg: no such file"


def test_float_images_keep_their_range_despite_a_nan_or_an_infinite_pixel():
    picture = np.where(PICTURE > 0, 0.1, 0.9).astype(np.float32)  # dark ink on paper, 0–1
    for bad in (np.nan, np.inf, -np.inf):
        broken = picture.copy()
        broken[0, 0] = bad
        gray, paper = to_gray(broken), PICTURE == 0
        paper[0, 0] = False  # the broken pixel itself
        assert gray[PICTURE > 0].max() < 40 and gray[paper].min() > 215, bad
