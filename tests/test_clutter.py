"""Not a digit: the clutter generator and the shipped rejector that learned from it."""

import numpy as np
import pytest

from helpers.clutter import KINDS, NOT_A_DIGIT, clutter_masks, fragment, normalised, training_set
from helpers.clutter import main as clutter_main
from helpers.data import load_mnist, sha256_of
from helpers.models import (
    REJECTOR_MEMBERS,
    REJECTOR_MODEL,
    build_quick_cnn,
    committee,
    load_rejector,
    model_paths,
    predict_digits,
    read_record,
)


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_every_kind_of_clutter_is_drawn_as_binary_ink(mnist):
    (x_train, _), _ = mnist
    masks = clutter_masks(3 * len(KINDS), np.random.default_rng(0), x_train[:100])
    assert len(masks) == 3 * len(KINDS)
    for mask in masks:
        assert mask.dtype == np.uint8 and set(np.unique(mask)) == {0, 255}
        assert mask[0].any() and mask[-1].any() and mask[:, 0].any() and mask[:, -1].any()  # trimmed to its ink
    crops = normalised(masks)
    assert crops.shape == (len(masks), 28, 28) and crops.dtype == np.uint8


def test_a_fragment_of_a_digit_is_never_a_lone_upright_stroke(mnist):
    (x_train, _), _ = mnist
    rng = np.random.default_rng(1)
    shapes = [fragment(rng, x_train[:200]).shape for _ in range(200)]
    assert all(w >= 0.5 * h for h, w in shapes)  # the left third of a "4" would be a "1"


def test_training_set_holds_digits_and_clutter_with_the_eleventh_label(mnist):
    (x_train, y_train), _ = mnist
    images, labels = training_set(x_train[:200], y_train[:200], clutter_share=0.5, seed=3)
    assert images.shape == (300, 28, 28)
    assert (labels[:200] == y_train[:200]).all() and (labels[200:] == NOT_A_DIGIT).all()
    again, _ = training_set(x_train[:200], y_train[:200], clutter_share=0.5, seed=3)
    assert (again == images).all()  # deterministic from its seed


def test_shipped_rejector_tells_new_digits_from_new_clutter(mnist):
    record = read_record(REJECTOR_MODEL)
    assert not record["quick"] and record["sha256"] == sha256_of(model_paths(REJECTOR_MODEL)[0])
    (_, _), (x_test, y_test) = mnist
    images, labels = training_set(x_test[:1000], y_test[:1000], clutter_share=0.5, seed=2026)
    clutter = predict_digits(load_rejector(), images)[:, NOT_A_DIGIT] > 0.5
    digit = labels < NOT_A_DIGIT
    assert clutter[digit].mean() < 0.02  # MNIST test digits taken for clutter
    assert clutter[~digit].mean() > 0.9  # clutter it has never seen, caught


def test_a_committee_gives_the_mean_of_its_members_probabilities(mnist):
    (_, _), (x_test, _) = mnist
    members = [build_quick_cnn(classes=NOT_A_DIGIT + 1) for _ in range(3)]
    for k, member in enumerate(members):  # members that differ: each its own random weights, scaled
        member.set_weights([w * (1 + k) for w in member.get_weights()])
    each = np.stack([predict_digits(member, x_test[:50]) for member in members])
    assert np.abs(each[0] - each[2]).max() > 0.05
    together = predict_digits(committee(members), x_test[:50])
    assert np.allclose(together, each.mean(axis=0), atol=1e-6)
    assert np.allclose(together.sum(axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_quick_training_writes_a_loadable_rejector(tmp_path):
    assert clutter_main(["--quick", "--out", str(tmp_path)]) == 0
    record = read_record(REJECTOR_MODEL, tmp_path)
    assert record["quick"] and record["epochs"] == 1 and record["digits"] == 2000
    assert record["members"] == len(record["member_scores"]) == REJECTOR_MEMBERS
    assert record["test_seed"] == record["seed"] + REJECTOR_MEMBERS  # a draw of clutter no member learned from
    rejector = load_rejector(tmp_path)
    assert rejector.output_shape == (None, NOT_A_DIGIT + 1)
    assert [layer.name for layer in rejector.layers[1:-1]] == [f"member_{k}" for k in range(REJECTOR_MEMBERS)]
