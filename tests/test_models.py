"""Width-d models: layer maps, heads, the ready-made folds, flows and model files."""

import json

import numpy as np
import pytest
import torch

from snappy_nn.errors import ModelFileError, SnappyNNError
from snappy_nn.nn.modelfile import load_model, read_header, save_model
from snappy_nn.nn.models import (
    ARCHITECTURES,
    AutoEncoder,
    FeedForward,
    PureTransformer,
    ResNet,
    abs_block,
    build_model,
    fold_attention,
)


def _points(n=50, d=3, seed=0):
    return torch.as_tensor(np.random.default_rng(seed).normal(size=(n, d)))


@pytest.mark.parametrize("d", [2, 3, 5])
@pytest.mark.parametrize("name", ["feedforward", "resnet", "transformer", "flow"])
def test_layer_maps_stay_in_width(name, d):
    model = build_model({"architecture": name, "d": d, "depth": 2, "n_classes": 3}, seed=0)
    x = _points(d=d)
    for layer in model.layer_maps(fine=True):
        x = layer(x)
        assert x.shape == (50, d)
    assert model(_points(d=d)).shape == (50, 3)


def test_layer_maps_compose_to_features():
    model = build_model({"architecture": "transformer", "depth": 3}, seed=1)
    x = _points()
    y = x
    for layer in model.layer_maps(fine=True):
        y = layer(y)
    assert torch.allclose(y, model.features(x))


def test_fine_feedforward_alternates():
    names = [type(m).__name__ for m in FeedForward(depth=3, activation="tanh").layer_maps(True)]
    assert names == ["Linear", "Tanh"] * 3


def test_abs_block_equals_abs():
    x = _points(200)
    assert torch.equal(abs_block(3)(x), x.abs())


def test_post_relu_resnet_is_nonnegative():
    model = ResNet(depth=2, post_relu=True)
    assert (model.features(_points()) >= 0).all()


def test_fold_attention_formula():
    x = torch.linspace(-1, 1, 401, dtype=torch.float64)[:, None]
    expected = x + 1 - torch.sigmoid(25 * x + 3.5)
    assert torch.allclose(fold_attention(1, 0)(x), expected)


def test_fold_attention_v_shape():
    x = torch.linspace(-0.3, 0.3, 60001, dtype=torch.float64)[:, None]
    g = fold_attention(1, 0)(x)[:, 0].detach().numpy()
    lowest = int(np.argmin(g))
    assert x[lowest, 0].item() == pytest.approx(-0.0146, abs=1e-3)
    assert np.all(np.diff(g[lowest:]) > 0)
    # Decreasing on the left arm down to the minimum, so g is not monotone.
    left = (x[:, 0] > -0.2).numpy() & (np.arange(len(g)) <= lowest)
    assert np.all(np.diff(g[left]) < 0)


def test_fold_attention_other_coordinates_pass():
    x = _points()
    y = fold_attention(3, 1)(x)
    assert torch.allclose(y[:, [0, 2]], x[:, [0, 2]])
    assert torch.allclose(y[:, 1], x[:, 1] + 1 - torch.sigmoid(25 * x[:, 1] + 3.5))


def test_transformer_intermediate_dims_at_most_d():
    model = PureTransformer(d=3, depth=2, tokens=3)
    for parameter in model.layers.parameters():
        assert max(parameter.shape) <= 3


@pytest.mark.parametrize("seed", range(4))
def test_flow_inverse_exact(seed):
    flow = build_model({"architecture": "flow", "depth": 3}, seed=seed)
    x = _points(seed=seed)
    assert torch.allclose(flow.inverse(flow.features(x)), x, atol=1e-12)


def test_flow_orientation_sign_is_det_sign():
    for seed in range(6):
        flow = build_model({"architecture": "flow", "depth": 2}, seed=seed)
        x = torch.zeros(1, 3, dtype=torch.float64, requires_grad=True)
        jacobian = torch.autograd.functional.jacobian(flow.features, x)[0, :, 0, :]
        assert int(torch.sign(torch.linalg.det(jacobian))) == flow.orientation_sign()


def test_autoencoder_bottleneck():
    model = AutoEncoder(n=5, d=3, depth=2)
    x = _points(d=5)
    assert model.encode(x).shape == (50, 3)
    assert model.reconstruct(x).shape == (50, 5)
    assert model(x).shape == (50, 2)


def test_autoencoder_rejects_nonmonotone():
    with pytest.raises(SnappyNNError, match="monotone"):
        AutoEncoder(activation="gelu")


def test_autoencoder_rejects_narrow_input():
    with pytest.raises(SnappyNNError, match="n = 2 must be at least d = 3"):
        AutoEncoder(n=2, d=3)


def test_build_model_is_seeded():
    first = build_model({"architecture": "resnet"}, seed=3).state_dict()
    second = build_model({"architecture": "resnet"}, seed=3).state_dict()
    assert all(torch.equal(first[k], second[k]) for k in first)


def test_build_model_unknown_architecture():
    with pytest.raises(SnappyNNError, match="unknown architecture 'mlp'"):
        build_model({"architecture": "mlp"})


@pytest.mark.parametrize("name", sorted(ARCHITECTURES))
def test_model_file_round_trip(tmp_path, name):
    model = build_model({"architecture": name, "depth": 2}, seed=5)
    path = tmp_path / "model.safetensors"
    save_model(model, path, training={"seed": 5})
    loaded = load_model(path)
    x = _points()
    assert loaded.config() == model.config()
    assert torch.equal(loaded(x), model(x))
    assert read_header(path)["training"] == {"seed": 5}


def test_model_file_missing(tmp_path):
    with pytest.raises(ModelFileError, match="not found"):
        load_model(tmp_path / "absent.safetensors")


def test_model_file_corrupt(tmp_path):
    path = tmp_path / "bad.safetensors"
    path.write_bytes(b"\x00garbage")
    with pytest.raises(ModelFileError, match="bad.safetensors is not a readable safetensors"):
        load_model(path)


def test_model_file_foreign(tmp_path):
    from safetensors.torch import save_file

    path = tmp_path / "foreign.safetensors"
    save_file({"weight": torch.zeros(3)}, str(path))
    with pytest.raises(ModelFileError, match="not written by snappy_nn"):
        load_model(path)


def test_model_file_weights_mismatch(tmp_path):
    from safetensors.torch import save_file

    path = tmp_path / "mismatch.safetensors"
    header = {"format": 1, "config": {"architecture": "resnet", "depth": 2}, "training": {}}
    save_file({"weight": torch.zeros(3)}, str(path), metadata={"snappy_nn": json.dumps(header)})
    with pytest.raises(ModelFileError, match="do not fit its configuration"):
        load_model(path)
