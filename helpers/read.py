"""Read the handwritten digits in photos from the command line.

    python -m helpers.read photo.jpg                 # one text line per line of digits
    python -m helpers.read --json a.jpg b.png        # one JSON object per image, one per line
    python -m helpers.read --pipeline naive photo.jpg
    python -m helpers.read photos/                   # every image in a folder, in name order

A file that cannot be read gets a message naming it (in JSON, an "error" field) and the other
files are still read; the exit status is 1 only when no file could be read. In JSON, "rejected"
lists the blobs the reader dropped as no digit (words, grid pieces, blots), with their boxes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from helpers.images import ImageError, load_image
from helpers.pipeline import PIPELINES, read_digits


def read_file(path: str, pipeline: str, model) -> dict:
    """The JSON record of one file: image, lines, digits — or image and error."""
    try:
        reading = read_digits(load_image(path), pipeline=pipeline, model=model)
    except ImageError as error:
        message = str(error)
        return {"image": path, "error": message if message.startswith(path) else f"{path}: {message}"}
    if not reading.digits:
        why = f"{len(reading.rejected)} marks rejected as no digit" if reading.rejected else "the page looks blank"
        return {"image": path, "error": f"{path}: no digits found ({why})", "rejected": reading.to_dict()["rejected"]}
    return {"image": path, **reading.to_dict()}


#: What a folder given to the reader is searched for (files named explicitly are all tried).
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif", ".pgm", ".ppm", ".jp2"}


def _folder_images(folder: str) -> list[Path]:
    """The images of a folder (:data:`IMAGE_SUFFIXES`, any case), in name order, hidden files left out."""
    return sorted(
        p for p in Path(folder).iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and not p.name.startswith(".")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.read", description=__doc__.splitlines()[0])
    parser.add_argument("images", nargs="+", metavar="IMAGE", help="photo files (any format OpenCV reads) or folders")
    parser.add_argument("--json", action="store_true", help="one JSON object per image")
    parser.add_argument("--pipeline", choices=PIPELINES, default="improved")
    args = parser.parse_args(argv)

    from helpers.models import load_default

    model = load_default()
    # each file given, each image of each folder given; a folder without images, named as given
    paths = [str(p) for arg in args.images for p in ((_folder_images(arg) or [arg]) if Path(arg).is_dir() else [arg])]
    failed = []
    for path in paths:
        if Path(path).is_dir():
            kinds = ", ".join(sorted(IMAGE_SUFFIXES))
            record = {"image": path, "error": f"{path}: a folder with no images in it (looked for {kinds})"}
        else:
            record = read_file(path, args.pipeline, model)
        if "error" in record:
            failed.append(record["error"])
        if args.json:
            print(json.dumps(record), flush=True)
        else:
            if len(paths) > 1:
                print(f"== {path}")
            if "error" in record:
                print(f"error: {record['error']}", file=sys.stderr, flush=True)
            else:
                print("\n".join(record["lines"]), flush=True)
    if failed and len(paths) > 1:  # the batch's end says what went wrong, all in one place
        print(f"{len(failed)} of {len(paths)} files gave no digits:", file=sys.stderr)
        for error in failed:
            print(f"  {error}", file=sys.stderr)
    return 0 if len(failed) < len(paths) else 1


if __name__ == "__main__":
    sys.exit(main())
