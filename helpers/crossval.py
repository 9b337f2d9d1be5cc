"""k-fold cross-validation of Keras digit classifiers, done right.

* folds from scikit-learn's :class:`~sklearn.model_selection.StratifiedKFold` (every fold has each
  digit in MNIST's proportions; folds are disjoint and together cover the data once);
* a **fresh model built and compiled inside each fold** from a ``build`` function — reusing one
  model would carry the weights (and the optimiser's state) of the previous fold into the next;
* the same seed for every fold's initialisation, so folds differ by their data only;
* the spread of the fold scores compared with the binomial noise of a fold's size,
  √(p (1 − p) / n): a spread far above it means the score depends on which digits were held out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sklearn.model_selection import StratifiedKFold

from helpers.config import set_seed


@dataclass
class CrossValidation:
    """Fold accuracies, fold sizes, each fold's per-epoch history and its trained model."""

    accuracies: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    histories: list[dict] = field(default_factory=list)
    models: list = field(default_factory=list)

    @property
    def mean(self) -> float:
        return float(np.mean(self.accuracies))

    @property
    def std(self) -> float:
        """Standard deviation of the fold accuracies (ddof = 1)."""
        return float(np.std(self.accuracies, ddof=1)) if len(self.accuracies) > 1 else 0.0

    @property
    def binomial_sd(self) -> float:
        """The spread expected from the fold size alone: √(p (1 − p) / n) at the mean accuracy."""
        return float(np.sqrt(self.mean * (1 - self.mean) / np.mean(self.sizes)))

    def summary(self) -> str:
        return (
            f"{len(self.accuracies)} folds: accuracy {self.mean:.2%} ± {self.std:.2%} "
            f"(binomial noise of a {int(np.mean(self.sizes))}-digit fold: ± {self.binomial_sd:.2%})"
        )


def stratified_folds(labels: np.ndarray, folds: int, seed: int = 42) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train indices, validation indices) of each fold, stratified by label and shuffled.

    >>> labels = np.repeat(np.arange(10), 10)
    >>> [len(v) for _, v in stratified_folds(labels, 5)]
    [20, 20, 20, 20, 20]
    """
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(labels)), labels))


def cross_validate(
    build: Callable,
    fit: Callable,
    images: np.ndarray,
    labels: np.ndarray,
    folds: int = 5,
    seed: int = 42,
) -> CrossValidation:
    """Cross-validate: for each fold, ``build()`` a fresh model, ``fit(model, images, labels,
    validation)`` it on the other folds, and score it on the held-out fold.

    ``images`` are uint8 (n, 28, 28) digits, ``labels`` their digits. ``fit`` gets the training
    folds' uint8 images (so it can augment them) and ``validation`` = (model input, labels) of the
    held-out fold, for the learning curves; it returns a Keras History.
    """
    from helpers.models import predict_digits, to_model_input

    result = CrossValidation()
    for train_rows, held_out in stratified_folds(labels, folds, seed):
        set_seed(seed)  # the same initial weights in every fold
        model = build()
        validation = (to_model_input(images[held_out]), labels[held_out])
        history = fit(model, images[train_rows], labels[train_rows], validation)
        probabilities = predict_digits(model, images[held_out])
        result.accuracies.append(float((probabilities.argmax(axis=1) == labels[held_out]).mean()))
        result.sizes.append(len(held_out))
        result.histories.append(dict(history.history))
        result.models.append(model)
    return result
