"""A guard on real photos: the reader on the 43 development photos of ``../shared/realworld-dev``
(real photos and scans by about 20 writers, kept outside the repository; skipped where absent).

The bounds are the figures measured when the reader last changed (see the README's gains table)
with a margin of a few digits: a change that makes real photos read worse fails here, whatever it
does to the simulated benchmark.
"""

import pytest

from helpers.config import REALWORLD_DIR
from helpers.evaluate import evaluate
from helpers.pipeline import Options

#: Measured: see the README; the bounds leave room for a few digits of run-to-run variation.
MOST_DIGIT_ERROR = 0.07  # measured 6.37 % (67 of 1 051 digits)
FEWEST_EXACT_PHOTOS = 34  # measured 36 of 43


needs_real_photos = pytest.mark.skipif(
    not (REALWORLD_DIR / "labels.tsv").is_file(), reason=f"{REALWORLD_DIR} is not here"
)


@pytest.fixture(scope="module")
def segmenting(model):
    return evaluate(REALWORLD_DIR, model=model)


@needs_real_photos
def test_real_photos_read_no_worse_than_measured(segmenting):
    assert segmenting.digit_error <= MOST_DIGIT_ERROR, segmenting.summary()
    assert segmenting.exact >= FEWEST_EXACT_PHOTOS, segmenting.summary()
    for result in segmenting.results:
        read = sum(map(len, result.lines))
        # no photo reads half as many digits again as it holds (a single digit: one extra at most)
        assert read <= max(1.5 * result.digits, result.digits + 1), (
            f"{result.photo.file}: {read} read, {result.digits} there"
        )


@needs_real_photos
def test_sequence_reader_within_a_point_of_the_segmenting_reader(model, segmenting):
    # notebook 10: the reader of whole lines measured 7.61 % against 7.71 % for the segmenting reader
    # alone; the default, the segmenting reader that reads joined digits whole, 6.37 %
    sequence = evaluate(REALWORLD_DIR, "sequence", model=model)
    cutting = evaluate(REALWORLD_DIR, model=model, options=Options(read_joined=False))
    assert sequence.digit_error <= cutting.digit_error + 0.01, sequence.summary()
    assert segmenting.errors < min(sequence.errors, cutting.errors), segmenting.summary()
