"""Cross-validation: stratified, disjoint folds and a fresh model in every fold."""

import numpy as np

from helpers.crossval import cross_validate, stratified_folds
from helpers.data import load_mnist
from helpers.models import build_mlp, to_model_input


def test_folds_are_stratified_disjoint_and_cover_the_data_once():
    labels = np.repeat(np.arange(10), [30, 50, 40, 30, 60, 30, 40, 50, 30, 40])
    folds = stratified_folds(labels, 5)
    held_out = np.concatenate([v for _, v in folds])
    assert sorted(held_out.tolist()) == list(range(len(labels)))  # every row held out exactly once
    for train, validation in folds:
        assert not set(train) & set(validation)
        shares = np.bincount(labels[validation], minlength=10) / len(validation)
        assert np.allclose(shares, np.bincount(labels, minlength=10) / len(labels), atol=0.02)


def test_each_fold_builds_and_trains_a_fresh_model():
    (x, y), _ = load_mnist()
    built, initial = [], []

    def build():
        model = build_mlp(32)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        built.append(model)
        initial.append([w.numpy().copy() for w in model.weights])
        return model

    def fit(model, images, labels, validation):
        assert model.optimizer.iterations.numpy() == 0  # never trained before this fold
        assert images.dtype == np.uint8 and images.shape == (400, 28, 28)
        return model.fit(to_model_input(images), labels, validation_data=validation, epochs=6, batch_size=32, verbose=0)

    result = cross_validate(build, fit, x[:600], y[:600], folds=3)
    assert len(built) == 3 and len({id(m) for m in built}) == 3 and result.models == built
    assert len(result.accuracies) == 3 and result.sizes == [200, 200, 200]
    assert all(0.6 < a <= 1 for a in result.accuracies)  # 400 digits and 6 epochs learn something
    assert set(result.histories[0]) >= {"loss", "val_loss", "accuracy", "val_accuracy"}
    assert 0 < result.binomial_sd < 0.05 and "3 folds" in result.summary()
    # the same seed in every fold: every fold starts from the same weights, and ends elsewhere
    assert all(np.array_equal(a, b) for a, b in zip(initial[0], initial[2]))
    assert not np.array_equal(built[0].weights[0].numpy(), built[2].weights[0].numpy())
