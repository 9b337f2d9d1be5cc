"""The training recipe in quick mode, the model builders and the shipped model's record."""

import json
from dataclasses import replace

import numpy as np
import pytest

from helpers.augment import AugmentSettings, augment_batch, pen_skeletons
from helpers.data import DataFileError, load_mnist, sha256_of
from helpers.models import (
    MLP_HEURISTICS,
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


def test_builders_shapes_and_parameter_counts():
    example = build_keras_example()
    assert example.output_shape == (None, 10) and example.count_params() == 34_826
    cnn = build_digits_cnn()
    assert cnn.output_shape == (None, 10) and cnn.count_params() == 242_602
    quick = build_quick_cnn()
    assert quick.output_shape == (None, 10) and quick.count_params() == 77_866
    lenet = build_lenet5()
    assert lenet.output_shape == (None, 10) and lenet.count_params() == 61_706
    for hidden in MLP_HEURISTICS.values():
        mlp = build_mlp(hidden)
        assert mlp.output_shape == (None, 10)
        assert mlp.count_params() == 784 * hidden + hidden + hidden * 10 + 10


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
    record = read_record()
    assert not record["quick"] and record["accuracy"] >= 0.996  # the course target for the default model
    assert record["sha256"] == sha256_of(model_paths()[0])
    assert load_default().output_shape == (None, 10)


def test_a_damaged_model_file_is_refused_by_its_checksum(tmp_path):
    model_path, record_path = model_paths()
    (tmp_path / model_path.name).write_bytes(model_path.read_bytes()[:-10] + b"0123456789")
    (tmp_path / record_path.name).write_text(record_path.read_text())
    with pytest.raises(DataFileError, match=r"digits_cnn\.keras: sha256"):
        load_default(folder=tmp_path)


def test_an_older_keras_that_cannot_read_the_saved_config_gets_the_same_model(tmp_path, monkeypatch):
    """Colab's Keras 3.13 cannot deserialize the initializer arguments Keras 3.15 saves (checked by
    hand in a Keras 3.13 environment: same predictions); here the refusal is simulated."""
    import keras

    from helpers import models

    model_path, record_path = model_paths()
    for path in (model_path, record_path):  # a folder of its own: load_default caches per folder
        (tmp_path / path.name).write_bytes(path.read_bytes())

    def older_keras(*args, **kwargs):
        raise TypeError("GlorotUniform.__init__() got an unexpected keyword argument 'input_axes'")

    (_, _), (x_test, _) = load_mnist()
    digits = models.to_model_input(x_test[:200])
    saved = load_default().predict(digits, verbose=0)  # read by this Keras, before the refusal
    monkeypatch.setattr(keras.saving, "load_model", older_keras)
    rebuilt = load_default(folder=tmp_path)
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


def test_augmented_batches_redraw_from_the_packed_skeletons():
    (x_train, y_train), _ = load_mnist()
    images, labels = x_train[:40], y_train[:40]
    settings = AugmentSettings(redraw=1.0)
    batches = DigitBatches(images, labels, batch_size=40, seed=3, settings=settings)
    # the same draws, made by hand from the unpacked skeletons
    rng = np.random.default_rng(3)
    rows = rng.permutation(40)
    expected = augment_batch(images[rows], rng, settings, pen_skeletons(images)[rows])
    x, y = batches[0]
    assert np.array_equal(np.rint(255 * x[..., 0]).astype(np.uint8), expected)
    assert np.array_equal(y, labels[rows])


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


def test_quick_recipe_learns_from_a_few_thousand_digits():
    from helpers.models import digit_accuracy

    (x_train, y_train), (x_test, y_test) = load_mnist()
    model = train_quick(x_train[:3000], y_train[:3000], replace(QUICK, epochs=2, batch_size=64))
    assert digit_accuracy(model, x_test[:1000], y_test[:1000]) > 0.9


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
