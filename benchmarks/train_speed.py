"""Time two training recipes to 99.0 % MNIST test accuracy on this machine, in the same run.

    .venv/bin/python benchmarks/train_speed.py [--target 0.99] [--max-epochs 15] [--record]

* the Keras example's recipe ("Simple MNIST convnet", keras.io): its convnet, Adam with the
  default learning rate, batches of 128, 10 % of the training digits held out for validation;
* the course's quick recipe (:func:`helpers.train.train_quick`): a strided CNN, one epoch with a
  warm-up + cosine schedule, batches of 96, label smoothing 0.1.

After every epoch the test accuracy is measured (outside the timed training). Prints, for each,
the epochs and the training seconds (wall clock, and CPU seconds of the process) until the target
was first reached, and the ratio of the wall times (the course's target: the quick recipe at least
7× faster). On a shared 2-core machine the wall time of the same epoch can vary by half (CPU
seconds that stay put while the wall time doubles mean TensorFlow ran on one core): run it twice.
``--record`` writes the figures to
``data/models/train_speed.json`` and into the model card.
"""

from __future__ import annotations

import argparse
import json
import os
import time

import keras

from helpers.config import MODELS_DIR, set_seed
from helpers.data import load_mnist
from helpers.models import build_keras_example, build_quick_cnn, digit_accuracy, to_model_input
from helpers.train import SPEED_RECORD, train_quick, write_card


class TimeToTarget(keras.callbacks.Callback):
    """Training seconds and epochs until the test accuracy first reaches ``target``."""

    def __init__(self, x_test, y_test, target: float, stop: bool):
        super().__init__()
        self.x_test, self.y_test, self.target, self.stop = x_test, y_test, target, stop
        self.seconds, self.cpu_seconds, self.reached, self.accuracies = 0.0, 0.0, None, []

    def on_epoch_begin(self, epoch, logs=None):
        self.start, self.cpu_start = time.perf_counter(), time.process_time()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds += time.perf_counter() - self.start
        self.cpu_seconds += time.process_time() - self.cpu_start
        accuracy = digit_accuracy(self.model, self.x_test, self.y_test)
        self.accuracies.append(accuracy)
        print(
            f"  epoch {epoch + 1}: test accuracy {accuracy:.4f}, {self.seconds:.1f} s of training "
            f"({self.cpu_seconds:.0f} CPU s)",
            flush=True,
        )
        if self.reached is None and accuracy >= self.target:
            self.reached = (epoch + 1, self.seconds, self.cpu_seconds)
            self.model.stop_training = self.stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=float, default=0.99)
    parser.add_argument("--max-epochs", type=int, default=15, help="the Keras example trains 15 epochs")
    parser.add_argument("--record", action="store_true", help="write the figures into data/models (model card)")
    args = parser.parse_args()
    (images, labels), (x_test, y_test) = load_mnist()
    x_train = to_model_input(images)
    print(f"{os.cpu_count()} CPU cores, Keras {keras.__version__} ({keras.backend.backend()})")

    print("Keras example recipe")
    set_seed(42)
    example = build_keras_example()
    example.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    slow = TimeToTarget(x_test, y_test, args.target, stop=True)
    example.fit(
        x_train, labels, batch_size=128, epochs=args.max_epochs, validation_split=0.1, verbose=0, callbacks=[slow]
    )

    print("quick recipe")
    fast = TimeToTarget(x_test, y_test, args.target, stop=False)
    train_quick(images, labels, callbacks=[fast])

    for name, timer in (("Keras example", slow), ("quick recipe", fast)):
        if timer.reached:
            epochs, seconds, cpu_seconds = timer.reached
            print(
                f"{name:14s} reached {args.target:.1%} after {epochs} epochs, "
                f"{seconds:.1f} s of training ({cpu_seconds:.0f} CPU s)"
            )
        else:
            print(f"{name:14s} did not reach {args.target:.1%} (best {max(timer.accuracies):.2%})")
    if slow.reached and fast.reached:
        print(
            f"quick recipe / Keras example: {slow.reached[1] / fast.reached[1]:.1f}× faster (target ≥ 7×), "
            f"{slow.reached[2] / fast.reached[2]:.1f}× by CPU seconds"
        )
        if args.record:
            record = {
                "date": time.strftime("%Y-%m-%d"),
                "cores": os.cpu_count(),
                "target": args.target,
                "quick_params": build_quick_cnn().count_params(),
                "example_epochs": slow.reached[0],
                "example_seconds": slow.reached[1],
                "example_cpu_seconds": slow.reached[2],
                "example_curve": ", ".join(f"{a:.2%}" for a in slow.accuracies),
                "quick_epochs": fast.reached[0],
                "quick_seconds": fast.reached[1],
                "quick_cpu_seconds": fast.reached[2],
                "quick_curve": ", ".join(f"{a:.2%}" for a in fast.accuracies),
                "ratio": slow.reached[1] / fast.reached[1],
                "cpu_ratio": slow.reached[2] / fast.reached[2],
            }
            (MODELS_DIR / SPEED_RECORD).write_text(json.dumps(record, indent=2) + "\n")
            print(f"recorded in {write_card()}")


if __name__ == "__main__":
    main()
