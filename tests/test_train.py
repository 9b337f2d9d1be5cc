"""The training recipe in quick mode, the model builders and the shipped model's record."""

import json
from dataclasses import replace

import cv2
import numpy as np
import pytest

from helpers.augment import AugmentSettings
from helpers.data import DataFileError, load_mnist, sha256_of
from helpers.models import (
    DEFAULT_MODEL,
    MLP_HEURISTICS,
    REJECTOR_MODEL,
    build_digits_cnn,
    build_keras_example,
    build_lenet5,
    build_mlp,
    build_quick_cnn,
    load_default,
    model_paths,
    read_record,
    to_model_input,
)
from helpers.train import QUICK, SPEED_RECORD, DigitBatches, fit, train_quick, warmup_cosine, write_card
from helpers.train import main as train_main


def test_builders_match_their_published_sizes():
    # Keras' own "Simple MNIST convnet" example reports 34,826 parameters; LeNet-5 as it is usually
    # rebuilt from LeCun et al. (1998) — 6, 16 and 120 filters of 5×5 (C3 fully connected), 84, 10 —
    # has 61,706
    assert build_keras_example().count_params() == 34_826
    assert build_lenet5().count_params() == 61_706
    # the rules of thumb give the hidden-layer sizes their formulas say, and the MLP has that layer
    assert sorted(MLP_HEURISTICS.values()) == [round((784 * 10) ** 0.5), (784 + 10) // 2, round(2 / 3 * 784 + 10), 800]
    for hidden in MLP_HEURISTICS.values():
        mlp = build_mlp(hidden)
        widths = [layer.units for layer in mlp.layers if hasattr(layer, "units")]
        assert widths == [hidden, 10] and mlp.output_shape == (None, 10)
    for build in (build_digits_cnn, build_quick_cnn):
        assert build().output_shape == (None, 10)


@pytest.mark.slow
def test_quick_training_writes_a_loadable_model_with_its_card(tmp_path):
    assert train_main(["--quick", "--out", str(tmp_path), "--name", "tiny"]) == 0
    model_path, record_path = model_paths("tiny", tmp_path)
    record = json.loads(record_path.read_text())
    assert record["quick"] and record["epochs"] == 1 and record["seed"] == 42
    assert record["sha256"] == sha256_of(model_path)
    card = (tmp_path / "README.md").read_text()
    assert "python -m helpers.train --quick" in card and record["sha256"] in card
    model = load_default("tiny", tmp_path)
    assert model.predict(np.zeros((2, 28, 28, 1), np.float32), verbose=0).shape == (2, 10)
    # the training-speed benchmark's record joins the card when present
    speed = {"date": "2026-11-25", "cores": 2, "target": 0.99, "quick_params": 1, "example_epochs": 8}
    speed |= {"example_seconds": 240.0, "example_cpu_seconds": 400.0, "example_curve": "98%", "quick_epochs": 1}
    speed |= {"quick_seconds": 30.0, "quick_cpu_seconds": 50.0}
    speed |= {"quick_curve": "99%", "ratio": 8.0, "cpu_ratio": 6.0}
    (tmp_path / SPEED_RECORD).write_text(json.dumps(speed))
    card = write_card(tmp_path, "tiny").read_text()
    assert "**8.0× faster** to 99.0% by the wall clock" in card and "6.0× by CPU seconds" in card


def test_shipped_model_is_the_full_recipe_and_strong_on_mnist():
    from helpers.models import digit_accuracy

    record = read_record()
    assert not record["quick"] and record["sha256"] == sha256_of(model_paths()[0])
    (_, _), (x_test, y_test) = load_mnist()
    measured = digit_accuracy(load_default(), x_test, y_test)  # all 10 000 test digits, ~2 s
    assert measured >= 0.996  # the course's target for the default model
    assert measured == pytest.approx(record["accuracy"], abs=5e-4)  # its card says what it does
    assert load_default().count_params() == build_digits_cnn().count_params()


def test_a_damaged_model_file_is_refused_by_its_checksum(tmp_path):
    model_path, record_path = model_paths()
    (tmp_path / model_path.name).write_bytes(model_path.read_bytes()[:-10] + b"0123456789")
    (tmp_path / record_path.name).write_text(record_path.read_text())
    with pytest.raises(DataFileError, match=r"digits_cnn\.keras: sha256"):
        load_default(folder=tmp_path)


@pytest.mark.parametrize("name", [DEFAULT_MODEL, REJECTOR_MODEL])
def test_an_older_keras_that_cannot_read_the_saved_config_gets_the_same_model(tmp_path, monkeypatch, name):
    """Colab's Keras 3.13 cannot deserialize the initializer arguments Keras 3.15 saves (checked by
    hand in a Keras 3.13 environment: same predictions); here the refusal is simulated."""
    import keras

    from helpers import models

    model_path, record_path = model_paths(name)
    for path in (model_path, record_path):  # a folder of its own: load_default caches per folder
        (tmp_path / path.name).write_bytes(path.read_bytes())

    def older_keras(*args, **kwargs):
        raise TypeError("GlorotUniform.__init__() got an unexpected keyword argument 'input_axes'")

    (_, _), (x_test, _) = load_mnist()
    digits = models.to_model_input(x_test[:200])
    saved = load_default(name).predict(digits, verbose=0)  # read by this Keras, before the refusal
    monkeypatch.setattr(keras.saving, "load_model", older_keras)
    rebuilt = load_default(name, folder=tmp_path)
    assert np.allclose(rebuilt.predict(digits, verbose=0), saved, atol=1e-5)


def test_warmup_cosine_rises_to_its_peak_then_falls_to_zero():
    schedule = warmup_cosine(1000, start=1e-4, peak=3e-3, warmup=0.1)
    assert float(schedule(0)) == pytest.approx(1e-4)
    assert float(schedule(100)) == pytest.approx(3e-3)
    assert float(schedule(550)) == pytest.approx(1.5e-3, rel=0.01)  # half-way down the cosine
    assert float(schedule(1000)) == pytest.approx(0.0, abs=1e-9)


def test_batches_cover_every_digit_once_per_epoch_in_a_new_order():
    (x_train, y_train), _ = load_mnist()
    images, labels = x_train[:250], y_train[:250]
    batches = DigitBatches(images, labels, batch_size=64, seed=0)
    assert len(batches) == 4  # 64 + 64 + 64 + 58
    epochs = []
    for _ in range(2):
        x = np.concatenate([batches[i][0] for i in range(len(batches))])
        y = np.concatenate([batches[i][1] for i in range(len(batches))])
        assert x.dtype == np.float32 and x.shape == (250, 28, 28, 1) and x.max() == 1.0
        order = [int(np.flatnonzero((images == np.rint(255 * digit[..., 0])).all(axis=(1, 2)))[0]) for digit in x]
        assert sorted(order) == list(range(250)) and np.array_equal(labels[order], y)
        epochs.append(order)
        batches.on_epoch_end()
    assert epochs[0] != epochs[1]


def test_augmented_batches_redraw_each_digit_with_its_own_label():
    (x_train, y_train), _ = load_mnist()
    images, labels = x_train[:40], y_train[:40]
    only_redraw = AugmentSettings(
        rotate=0.0, shear=0.0, scale=(1.0, 1.0), aspect=(1.0, 1.0), shift=0.0, thicken=0.0, thin=0.0, redraw=1.0
    )
    batches = DigitBatches(images, labels, batch_size=40, seed=3, settings=only_redraw)
    x, y = batches[0]

    def blurred(digits):  # smoothed and standardised, so that a thinner pen still matches its digit
        flat = np.stack([cv2.GaussianBlur(np.float32(d), (0, 0), 2) for d in digits]).reshape(len(digits), -1)
        flat -= flat.mean(axis=1, keepdims=True)
        return flat / np.linalg.norm(flat, axis=1, keepdims=True)

    likeness = blurred(x[..., 0]) @ blurred(images / 255).T
    nearest = likeness.argmax(axis=1)  # the digit each redrawn one looks most like
    assert np.array_equal(labels[nearest], y) and likeness.max(axis=1).min() > 0.9
    changed = [np.count_nonzero((x[k, ..., 0] > 0.5) != (images[nearest[k]] > 127)) for k in range(40)]
    assert np.median(changed) > 20  # a new pen, not a copy
    again, _ = DigitBatches(images, labels, batch_size=40, seed=3, settings=only_redraw)[0]
    assert np.array_equal(x, again)  # a seed gives the same batches


@pytest.mark.slow
def test_training_releases_its_traced_graphs_and_can_continue():
    from tensorflow.python.framework import ops

    (x_train, y_train), (x_test, y_test) = load_mnist()
    before = set(ops.gradient_registry.list())
    model = build_quick_cnn()
    recipe = replace(QUICK, batch_size=64)
    fit(model, x_train[:640], y_train[:640], recipe)
    assert set(ops.gradient_registry.list()) == before  # each one would keep a traced graph alive
    assert model.train_function is None
    history = fit(model, x_train[640:1280], y_train[640:1280], recipe)  # traces afresh
    assert len(history.history["loss"]) == 1 and set(ops.gradient_registry.list()) == before
    assert model.predict(to_model_input(x_test[:100]), verbose=0).shape == (100, 10)


@pytest.mark.slow
def test_quick_recipe_learns_from_a_few_thousand_digits():
    from helpers.models import digit_accuracy

    (x_train, y_train), (x_test, y_test) = load_mnist()
    model = train_quick(x_train[:3000], y_train[:3000], replace(QUICK, epochs=2, batch_size=64))
    assert digit_accuracy(model, x_test[:1000], y_test[:1000]) > 0.9


@pytest.mark.slow
def test_fine_tuning_learns_a_new_hand_and_leaves_the_original_model_alone():
    from helpers.models import build_quick_cnn, digit_accuracy
    from helpers.train import fine_tune

    (x_train, y_train), (x_test, y_test) = load_mnist()
    base = train_quick(x_train[:3000], y_train[:3000], replace(QUICK, epochs=2, batch_size=64))
    before = [w.copy() for w in base.get_weights()]
    # a "new hand": digits mirrored left to right, which the base model has never seen
    own, own_labels = x_train[3000:3600, :, ::-1], y_train[3000:3600]
    held_out, held_labels = x_test[:500, :, ::-1], y_test[:500]
    tuned = fine_tune(base, own, own_labels, epochs=3, learning_rate=1e-3)
    assert all(np.array_equal(a, b) for a, b in zip(before, base.get_weights()))
    assert digit_accuracy(tuned, held_out, held_labels) > digit_accuracy(base, held_out, held_labels) + 0.1
    assert digit_accuracy(tuned, x_test[:500], y_test[:500]) > 0.85  # MNIST not forgotten
    assert build_quick_cnn().count_params() == tuned.count_params()
