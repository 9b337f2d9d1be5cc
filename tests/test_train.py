"""The training recipe in quick mode, the model builders and the shipped model's record."""

import json

import numpy as np
import pytest

from helpers.data import DataFileError, sha256_of
from helpers.models import (
    MLP_HEURISTICS,
    build_digits_cnn,
    build_keras_example,
    build_lenet5,
    build_mlp,
    load_default,
    model_paths,
    read_record,
)
from helpers.train import main as train_main


def test_builders_shapes_and_parameter_counts():
    example = build_keras_example()
    assert example.output_shape == (None, 10) and example.count_params() == 34_826
    cnn = build_digits_cnn()
    assert cnn.output_shape == (None, 10) and cnn.count_params() == 137_026
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


def test_shipped_model_is_the_full_recipe_and_strong_on_mnist():
    record = read_record()
    assert not record["quick"] and record["accuracy"] >= 0.99
    assert record["sha256"] == sha256_of(model_paths()[0])
    assert load_default().output_shape == (None, 10)


def test_a_damaged_model_file_is_refused_by_its_checksum(tmp_path):
    model_path, record_path = model_paths()
    (tmp_path / model_path.name).write_bytes(model_path.read_bytes()[:-10] + b"0123456789")
    (tmp_path / record_path.name).write_text(record_path.read_text())
    with pytest.raises(DataFileError, match=r"digits_cnn\.keras: sha256"):
        load_default(folder=tmp_path)
