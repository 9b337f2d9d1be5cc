"""Digit classifiers: the architectures the course trains, and the shipped default model.

Convention: models take float32 batches shaped (n, 28, 28, 1) with ink = 1.0 on background = 0.0
(MNIST divided by 255) and return softmax probabilities over the ten digits.

The default model lives in ``data/models/<name>.keras`` next to ``<name>.json`` (its sha256 and
training record, written by ``python -m helpers.train``) and the model card ``README.md``.
"""

from __future__ import annotations

import json
import weakref
from functools import lru_cache
from pathlib import Path

import keras
import numpy as np
from keras import layers

from helpers.config import MODELS_DIR
from helpers.data import DataFileError, verified_path

DEFAULT_MODEL = "digits_cnn"
#: The model that tells digits from clutter (:func:`load_rejector`): a committee of
#: REJECTOR_MEMBERS quick CNNs (:func:`committee`).
REJECTOR_MODEL = "clutter_cnn"
REJECTOR_MEMBERS = 5
#: The line reader of notebook 10 (:mod:`helpers.sequence`, :func:`load_sequence`).
SEQUENCE_MODEL = "sequence_crnn"


#: Hidden-unit rules of thumb for a one-hidden-layer MLP on 784 inputs and 10 outputs, with sources.
MLP_HEURISTICS = {
    "geometric mean of inputs and outputs, √(784·10) (Masters 1993)": 89,
    "between output and input size: their mean, (784 + 10) / 2 (Heaton 2008)": 397,
    "2/3 of the inputs plus the outputs, 2/3·784 + 10 (Heaton 2008)": 533,
    "800 hidden units, the MLP of Simard et al. (2003)": 800,
}


def build_mlp(hidden: int = 89, dropout: float = 0.2) -> keras.Model:
    """A multilayer perceptron: flatten → dense ``hidden`` ReLU → dropout → dense 10 softmax.

    >>> build_mlp(89).count_params()
    70765
    """
    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Flatten(),
            layers.Dense(hidden, activation="relu"),
            layers.Dropout(dropout),
            layers.Dense(10, activation="softmax"),
        ],
        name=f"mlp_{hidden}",
    )


def build_lenet5() -> keras.Model:
    """LeNet-5 (LeCun et al. 1998) on 28×28 input: the first convolution pads by 2, as the original
    read 32×32 images; tanh, average pooling, 6-16-120-84-10 (61 706 parameters)."""
    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(6, 5, padding="same", activation="tanh"),
            layers.AveragePooling2D(2),
            layers.Conv2D(16, 5, activation="tanh"),
            layers.AveragePooling2D(2),
            layers.Conv2D(120, 5, activation="tanh"),
            layers.Flatten(),
            layers.Dense(84, activation="tanh"),
            layers.Dense(10, activation="softmax"),
        ],
        name="lenet5",
    )


def build_keras_example() -> keras.Model:
    """The convnet of the Keras "Simple MNIST convnet" example (34 826 parameters)."""
    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(10, activation="softmax"),
        ],
        name="keras_example",
    )


def build_digits_cnn(widths: tuple[int, int, int] = (32, 64, 128), dropout: float = 0.3) -> keras.Model:
    """The course's small CNN: three 3×3 conv blocks with batch norm, global pooling, softmax.

    28×28 → conv·BN·ReLU → pool → 14×14 → conv·BN·ReLU → pool → 7×7 → conv·BN·ReLU →
    conv (valid) · BN · ReLU → 5×5 → global average → dropout → dense 10.
    """
    inputs = keras.Input((28, 28, 1))
    h = inputs
    for block, width in enumerate(widths):
        h = layers.Conv2D(width, 3, padding="same", use_bias=False)(h)
        h = layers.BatchNormalization()(h)
        h = layers.ReLU()(h)
        if block < 2:
            h = layers.MaxPooling2D(2)(h)
    h = layers.Conv2D(widths[-1], 3, use_bias=False)(h)
    h = layers.BatchNormalization()(h)
    h = layers.ReLU()(h)
    h = layers.GlobalAveragePooling2D()(h)
    h = layers.Dropout(dropout)(h)
    outputs = layers.Dense(10, activation="softmax")(h)
    return keras.Model(inputs, outputs, name="digits_cnn")


def build_quick_cnn(widths: tuple[int, int, int] = (32, 64, 64), classes: int = 10) -> keras.Model:
    """A CNN that learns MNIST in one epoch on 2 CPU cores: the resolution is halved twice by
    strided convolutions (not pooling), the second one on non-overlapping 2×2 patches, so most of
    the work happens on 7×7 maps; no dropout (one epoch underfits rather than overfits).

    28×28 → conv 5×5 / 2 · BN · ReLU → 14×14 → conv 2×2 / 2 · BN · ReLU → 7×7 → conv 3×3 · BN ·
    ReLU → flatten → dense 10 (77 866 parameters); ``classes=11`` adds "not a digit"
    (:mod:`helpers.clutter`).
    """
    inputs = keras.Input((28, 28, 1))
    h = inputs
    for width, size, stride in zip(widths, (5, 2, 3), (2, 2, 1)):
        h = layers.Conv2D(width, size, strides=stride, padding="same", use_bias=False)(h)
        h = layers.BatchNormalization(momentum=0.9)(h)  # short runs: running statistics must catch up fast
        h = layers.ReLU()(h)
    h = layers.Flatten()(h)
    outputs = layers.Dense(classes, activation="softmax")(h)
    return keras.Model(inputs, outputs, name="quick_cnn")


def committee(members: list[keras.Model]) -> keras.Model:
    """One model whose output is the mean of the outputs of ``members`` (models with the same input
    and output shapes, trained apart): a committee. Networks trained from different seeds make
    different mistakes on what none of them was trained on, and their mean makes fewer. The members
    are renamed ``member_0``, ``member_1``, … (a model's layers need distinct names).

    >>> committee([build_quick_cnn(classes=11) for _ in range(3)]).output_shape
    (None, 11)
    """
    for k, member in enumerate(members):
        member.name = f"member_{k}"
    inputs = keras.Input(members[0].input_shape[1:])
    outputs = [member(inputs) for member in members]
    mean = layers.Average()(outputs) if len(outputs) > 1 else outputs[0]
    return keras.Model(inputs, mean, name="committee")


def to_model_input(images: np.ndarray) -> np.ndarray:
    """uint8 (n, 28, 28) MNIST-style digits → float32 (n, 28, 28, 1) in [0, 1]."""
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise ValueError(f"expected digits shaped (n, 28, 28), got {images.shape}")
    return (images.astype(np.float32) / 255.0)[..., None]


def model_paths(name: str = DEFAULT_MODEL, folder: Path = MODELS_DIR) -> tuple[Path, Path]:
    """Paths of a shipped model file and of its JSON record."""
    return folder / f"{name}.keras", folder / f"{name}.json"


def read_record(name: str = DEFAULT_MODEL, folder: Path = MODELS_DIR) -> dict:
    """The training record of a shipped model (sha256, accuracy, command, …)."""
    _, record_path = model_paths(name, folder)
    if not record_path.is_file():
        raise DataFileError(
            f"{record_path}: model record is missing. Restore it with `git checkout -- {record_path}` "
            "or retrain with `python -m helpers.train`."
        )
    return json.loads(record_path.read_text())


@lru_cache(maxsize=4)
def _load(name: str, folder: Path) -> keras.Model:
    model_path, _ = model_paths(name, folder)
    verified_path(model_path, read_record(name, folder)["sha256"])
    try:
        return keras.saving.load_model(model_path, compile=False)
    except (TypeError, ValueError):
        # An older Keras (Colab's 3.13) cannot read the layer settings a newer one saved (Keras
        # 3.15 writes initializer arguments 3.13 lacks). The file is intact (its sha256 matched):
        # build the same architecture in code and load the archive's weights into it.
        if name not in ARCHITECTURES:
            raise
        model = ARCHITECTURES[name]()
        model.load_weights(model_path)
        return model


#: How each shipped model is built (for :func:`_load`'s fallback on an older Keras).
def _build_sequence() -> keras.Model:
    from helpers.sequence import build_crnn  # it builds on keras only; imported when first needed

    return build_crnn()


ARCHITECTURES = {
    DEFAULT_MODEL: build_digits_cnn,
    REJECTOR_MODEL: lambda: committee([build_quick_cnn(classes=11) for _ in range(REJECTOR_MEMBERS)]),
    SEQUENCE_MODEL: _build_sequence,
}


def load_default(name: str = DEFAULT_MODEL, folder: Path | str = MODELS_DIR) -> keras.Model:
    """Load the shipped model (checked against its recorded sha256); cached after the first call.

    >>> model = load_default()
    >>> model.output_shape
    (None, 10)
    """
    return _load(name, Path(folder).resolve())


def load_rejector(folder: Path | str = MODELS_DIR) -> keras.Model:
    """Load the shipped digit-or-clutter model (11 classes, the last "not a digit"; a
    :func:`committee` of quick CNNs, :mod:`helpers.clutter`), checked against its recorded sha256; cached after the first call.

    >>> load_rejector().output_shape
    (None, 11)
    """
    return _load(REJECTOR_MODEL, Path(folder).resolve())


def load_sequence(folder: Path | str = MODELS_DIR) -> keras.Model:
    """Load the shipped line reader (:mod:`helpers.sequence`: 11 logits per frame, blank first),
    checked against its recorded sha256; cached after the first call."""
    return _load(SEQUENCE_MODEL, Path(folder).resolve())


_FORWARD: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def forward_pass(model: keras.Model):
    """The model's forward pass as one TensorFlow graph, traced once for any batch size (and any
    line width, for the sequence reader's lines): calling a Keras model eagerly costs more than the
    arithmetic on the few dozen digits of a photo. The graph is forgotten with its model (a
    notebook that trains many models must not keep them all)."""
    forward = _FORWARD.get(model)
    if forward is None:
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")  # one graph per model is the point: no "retracing" warnings
        model_ref = weakref.ref(model)  # a strong reference here would keep the model alive forever
        forward = _FORWARD[model] = tf.function(
            lambda x: model_ref()(x, training=False),
            input_signature=[tf.TensorSpec([None, *model.input_shape[1:]], tf.float32)],
        )
    return forward


def digit_accuracy(model: keras.Model, images: np.ndarray, labels: np.ndarray) -> float:
    """Share of uint8 (n, 28, 28) digits that ``model`` reads as their ``labels``.

    >>> digit_accuracy(load_default(), np.zeros((2, 28, 28), np.uint8), np.array([0, 1])) <= 0.5
    True
    """
    return float(np.mean(predict_digits(model, images).argmax(axis=1) == np.asarray(labels)))


#: Test-time augmentation: the digit as it is and moved by one pixel in each direction.
TTA_SHIFTS = ((0, 0), (0, 1), (0, -1), (1, 0), (-1, 0))


def predict_digits(model: keras.Model, images: np.ndarray, batch_size: int = 1024, shifts=((0, 0),)) -> np.ndarray:
    """Softmax probabilities (n, classes) for uint8 (n, 28, 28) MNIST-style digits, averaged over the
    digits moved by each (rows, columns) of ``shifts`` (:data:`TTA_SHIFTS`: test-time augmentation).

    >>> model = load_default()
    >>> predict_digits(model, np.zeros((2, 28, 28), np.uint8), shifts=TTA_SHIFTS).shape
    (2, 10)
    """
    classes = model.output_shape[-1]
    if len(images) == 0:
        return np.zeros((0, classes), np.float32)
    forward = forward_pass(model)
    total = np.zeros((len(images), classes), np.float32)
    for shift in shifts:
        x = to_model_input(np.roll(images, shift, axis=(1, 2)))  # MNIST's 4-px margin: nothing wraps
        total += np.concatenate([forward(x[i : i + batch_size]).numpy() for i in range(0, len(x), batch_size)])
    return total / len(shifts)
