"""Model files: safetensors weights with the JSON configuration in the header.

A file contains tensors and text only, so loading one never runs code. The
configuration (architecture, width, depth, activation, training facts) sits
in the safetensors metadata under the key ``snappy_nn``.
"""

from __future__ import annotations

import json
from pathlib import Path

from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from snappy_nn.errors import ModelFileError, SnappyNNError
from snappy_nn.nn.models import build_model

METADATA_KEY = "snappy_nn"
FORMAT_VERSION = 1


def save_model(model, path, *, training=None):
    """Write a model's weights and configuration to a ``.safetensors`` file.

    Parameters
    ----------
    model : WidthModel
        A model from :mod:`snappy_nn.nn.models`.
    path : str or Path
        Destination file.
    training : dict, optional
        JSON-ready facts about the training run, stored with the configuration.

    Examples
    --------
    >>> import tempfile, os
    >>> from snappy_nn.nn.models import build_model
    >>> model = build_model({"architecture": "resnet", "depth": 2}, seed=0)
    >>> path = os.path.join(tempfile.mkdtemp(), "hopf.safetensors")
    >>> save_model(model, path, training={"seed": 0})
    >>> load_model(path).config() == model.config()
    True
    """
    header = {"format": FORMAT_VERSION, "config": model.config(), "training": training or {}}
    tensors = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    save_file(tensors, str(path), metadata={METADATA_KEY: json.dumps(header)})


def read_header(path):
    """Return the stored configuration and training facts of a model file as a dict."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"model file {path} not found; write one with `snappy-nn train`")
    try:
        from safetensors import safe_open

        with safe_open(str(path), framework="pt") as handle:
            metadata = handle.metadata() or {}
    except (SafetensorError, OSError, ValueError) as exc:
        raise ModelFileError(
            f"{path} is not a readable safetensors file ({exc}); write a model with "
            "`snappy-nn train` or snappy_nn.nn.save_model"
        ) from exc
    if METADATA_KEY not in metadata:
        raise ModelFileError(
            f"{path} is a safetensors file without a snappy_nn configuration, so it was not "
            "written by snappy_nn; save the model with snappy_nn.nn.save_model"
        )
    try:
        header = json.loads(metadata[METADATA_KEY])
        config = header["config"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ModelFileError(
            f"the snappy_nn configuration in {path} is damaged ({exc}); save the model again"
        ) from exc
    if not isinstance(config, dict):
        raise ModelFileError(
            f"the configuration in {path} is not a JSON object; save the model again"
        )
    return header


def load_model(path):
    """Return the model stored in ``path``, in evaluation mode.

    Raises
    ------
    ModelFileError
        If the file is missing, not safetensors, written by another program,
        or its weights do not fit its configuration.
    """
    header = read_header(path)
    try:
        model = build_model(header["config"], seed=0)
    except SnappyNNError as exc:
        raise ModelFileError(f"{path}: {exc}; the file may come from a newer snappy_nn") from exc
    try:
        state = load_file(str(path))
        model.load_state_dict(state)
    except (SafetensorError, RuntimeError) as exc:
        raise ModelFileError(
            f"weights in {path} do not fit its configuration {header['config']} ({exc}); "
            "save the model again"
        ) from exc
    model.training_info = header.get("training", {})
    return model.eval()
