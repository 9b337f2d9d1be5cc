"""Digits in the Wild: helpers for the course notebooks and the digit reader.

Importing the package fixes the Keras backend to TensorFlow (the only backend the course pins) and
quietens TensorFlow's start-up log, so every notebook, test and command-line tool behaves alike.
"""

import os

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

__version__ = "0.1.0"
