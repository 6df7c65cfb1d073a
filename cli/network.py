"""``snappy-nn run``, ``snappy-nn train`` and ``snappy-nn track``: links through networks."""

from __future__ import annotations

import math
import sys
import textwrap
import time
from pathlib import Path

import click
from snappy_nn.cli.common import EXIT_INTERNAL, BadInput, echo_json, load_link_argument

from snappy_nn.errors import SnappyNNError
from snappy_nn.links import DEFAULT_LINK

# The three width-3 networks of the main job: (report name, configuration).
RUN_MODELS = [
    ("relu-feedforward", {"architecture": "feedforward", "activation": "relu"}),
    ("gelu-feedforward", {"architecture": "feedforward", "activation": "gelu"}),
    ("relu-resnet", {"architecture": "resnet", "activation": "relu"}),
]

DEFAULT_RESOLUTION = 100


def _finite(ctx, param, value):
    """Reject NaN and infinity, which click's float ranges let through."""
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number")
    return value


def _common_training_options(command):
    options = [
        click.option("--depth", default=4, show_default=True, type=click.IntRange(min=1),
                     help="Layer maps R^3 -> R^3 per network (the head is extra)."),
        click.option("--epochs", default=150, show_default=True, type=click.IntRange(min=1),
                     help="Maximum training epochs (early stopping may end sooner)."),
        click.option("--learning-rate", default=1e-2, show_default=True,
                     type=click.FloatRange(min=0, min_open=True), callback=_finite,
                     help="Adam learning rate."),
        click.option("--points", default=500, show_default=True, type=click.IntRange(min=2),
                     help="Training points sampled near each component."),
        click.option("--noise", default=0.1, show_default=True,
                     type=click.FloatRange(min=0), callback=_finite,
                     help="Noise std as a fraction of the distance between components."),
        click.option("--seed", default=0, show_default=True,
                     help="Seed for data, initial weights and batch order."),
        click.option("-n", "--resolution", default=DEFAULT_RESOLUTION, show_default=True,
                     help="Vertices per component before adaptive refinement."),
        click.option("--progress/--no-progress", default=None,
                     help="Show training progress bars [default: when stderr is a terminal]."),
        click.option("--json", "as_json", is_flag=True,
                     help="Print a JSON report instead of text."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _tracking_options(command):
    command = click.option("--fine/--coarse", default=False, show_default=True,
                           help="Track after every affine map and activation separately.")(command)
    command = click.option("--diagram/--no-diagram", default=True, show_default=True,
                           help="Cross-check each layer with a rebuilt diagram.")(command)
    command = click.option(
        "--invariants", "invariant_names", default=None, metavar="LIST",
        help="Comma-separated invariants per layer beyond linking: group, milnor, knots, "
             "or none [default: milnor,knots for links of 3 or more components, else none].",
    )(command)
    return command


def _parse_invariants(text, polygons):
    """Return the invariant names to track, from the --invariants option."""
    from snappy_nn.invariants import REPORT_PARTS

    if text is None:
        return ("milnor", "knots") if len(polygons) >= 3 else ()
    names = tuple(n.strip() for n in text.split(",") if n.strip() and n.strip() != "none")
    unknown = sorted(set(names) - set(REPORT_PARTS))
    if unknown:
        raise BadInput(f"unknown invariants {unknown} in --invariants {text!r}; "
                       f"choose from {', '.join(REPORT_PARTS)} or none")
    return names


@click.command("run")
@click.argument("link", default=DEFAULT_LINK)
@_common_training_options
@_tracking_options
@click.option("--out", type=click.Path(file_okay=False),
              help="Write report.json, layers.png and the model files to this folder.")
def run_command(link, depth, epochs, learning_rate, points, noise, seed, resolution, progress,
                as_json, fine, diagram, invariant_names, out):
    """Train ReLU, GELU and ReLU-ResNet width-3 networks on LINK and track it through them.

    LINK is a table name (default L2a1), a PD or DT code, or a polygon file.
    """
    from snappy_nn.nn.modelfile import save_model
    from snappy_nn.plotting import plot_traces

    started = time.perf_counter()
    polygons = load_link_argument(link, resolution)
    _require_two_components(polygons, link)
    invariants = _parse_invariants(invariant_names, polygons)
    results = []
    for name, config in RUN_MODELS:
        model, training = _train(polygons, {**config, "depth": depth}, epochs, learning_rate,
                                 points, noise, seed, progress)
        trace = _track(polygons, model, fine, diagram, name, invariants)
        trace.info["training"] = training.to_dict()
        results.append((name, model, training, trace))

    report = {
        "link": link,
        "seed": seed,
        "depth": depth,
        "models": [{"name": name, "config": model.config(), **trace.to_dict()}
                   for name, model, _, trace in results],
    }
    if out:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for name, model, training, _ in results:
            save_model(model, folder / f"{name}.safetensors",
                       training={**training.to_dict(), "link": link, "seed": seed})
        plot_traces([trace for *_, trace in results], folder / "layers.png")
        report["out"] = str(folder)
    report["seconds"] = round(time.perf_counter() - started, 2)
    if out:
        _write_json(report, Path(out) / "report.json")

    if as_json:
        echo_json(report)
    else:
        click.echo(f"{polygons!r}, seed {seed}")
        for name, _, training, trace in results:
            click.echo("")
            click.echo(_model_header(name, training))
            click.echo(trace.table())
        click.echo("\n" + textwrap.fill(TABLE_LEGEND, 88))
        click.echo(f"\nfinished in {report['seconds']:.1f} s"
                   + (f"; files in {out}" if out else ""))
    _exit_on_errors([trace for *_, trace in results])


@click.command("train")
@click.argument("link", default=DEFAULT_LINK)
@_common_training_options
@click.option("--arch", "architecture", default="feedforward", show_default=True,
              type=click.Choice(["feedforward", "resnet", "transformer", "flow"]),
              help="Network family.")
@click.option("--activation", default="relu", show_default=True,
              help="Activation (relu, gelu, swish, abs, tanh, ...).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Model file to write (.safetensors).")
def train_command(link, depth, epochs, learning_rate, points, noise, seed, resolution, progress,
                  as_json, architecture, activation, output):
    """Train one width-3 network to tell the components of LINK apart and save it."""
    if Path(output).suffix != ".safetensors":
        raise BadInput(f"model file {output!r} must end in .safetensors, the format written "
                       "and read by snappy-nn")
    from snappy_nn.nn.modelfile import save_model

    polygons = load_link_argument(link, resolution)
    _require_two_components(polygons, link)
    config = {"architecture": architecture, "depth": depth}
    if architecture != "flow":
        config["activation"] = activation
    model, training = _train(polygons, config, epochs, learning_rate, points, noise, seed,
                             progress)
    save_model(model, output, training={**training.to_dict(), "link": link, "seed": seed})
    report = {"link": link, "seed": seed, "config": model.config(),
              "training": training.to_dict(), "output": output}
    if as_json:
        echo_json(report)
        return
    click.echo(_model_header(architecture, training))
    click.echo(f"wrote {output}")


@click.command("track")
@click.argument("model_file", metavar="MODEL")
@click.argument("link", default=DEFAULT_LINK)
@_tracking_options
@click.option("-n", "--resolution", default=DEFAULT_RESOLUTION, show_default=True,
              help="Vertices per component before adaptive refinement.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report instead of text.")
def track_command(model_file, link, fine, diagram, invariant_names, resolution, as_json):
    """Track LINK (name, PD/DT code or polygon FILE) through the layers of a saved MODEL."""
    from snappy_nn.errors import ModelFileError
    from snappy_nn.nn.modelfile import load_model

    _parse_invariants(invariant_names, ())  # reject unknown names before any slow step
    try:
        model = load_model(model_file)
    except ModelFileError as exc:
        raise BadInput(str(exc)) from exc
    polygons = load_link_argument(link, resolution)
    invariants = _parse_invariants(invariant_names, polygons)
    trace = _track(polygons, model, fine, diagram, Path(model_file).stem, invariants)
    if as_json:
        echo_json({"model_file": model_file, "config": model.config(), **trace.to_dict()})
    else:
        click.echo(f"{polygons!r} through {model_file}")
        click.echo(trace.table())
        click.echo("\n" + textwrap.fill(TABLE_LEGEND, 88))
    _exit_on_errors([trace])


def _train(polygons, config, epochs, learning_rate, points, noise, seed, progress):
    from snappy_nn.nn.data import sample_link_points
    from snappy_nn.nn.models import build_model
    from snappy_nn.nn.training import train_classifier

    try:
        data, labels = sample_link_points(polygons, points, noise=noise, seed=seed)
        model = build_model({**config, "d": polygons.dimension, "n_classes": len(polygons)},
                            seed=seed)
        result = train_classifier(model, data, labels, epochs=epochs, seed=seed,
                                  learning_rate=learning_rate, progress=progress)
    except SnappyNNError as exc:
        raise BadInput(str(exc)) from exc
    return model, result


def _track(polygons, model, fine, diagram, name, invariants=()):
    from snappy_nn.tracking import track

    try:
        return track(polygons, model, fine=fine, diagram=diagram, name=name,
                     invariants=invariants)
    except SnappyNNError as exc:
        raise BadInput(str(exc)) from exc


def _require_two_components(polygons, link):
    if len(polygons) < 2:
        raise BadInput(f"{link} has one component, so there are no classes to tell apart; "
                       "pass a link with two or more components, such as L2a1")


def _model_header(name, training):
    return (f"{name}: validation accuracy {100 * training.best_val_accuracy:.1f}% "
            f"(best epoch {training.best_epoch} of {training.epochs_run} run, "
            f"{training.seconds:.1f} s)")


TABLE_LEGEND = (
    "linking: the linking matrix (one number for two components, else the upper "
    "triangle lk(0,1) lk(0,2) ... lk(1,2) ...); d_min: smallest distance between components; "
    "status: linked, unlinked (every linking number and computed Milnor invariant "
    "is 0) or undefined (components touch, or the image could not be resolved); "
    "vertices: most vertices of a component after refinement; diagram: cross-check "
    "against a diagram rebuilt with spherogram."
)


def _write_json(report, path):
    import json

    from snappy_nn.cli.common import to_jsonable

    path.write_text(json.dumps(to_jsonable(report), indent=2))


def _exit_on_errors(traces):
    errors = [message for trace in traces for message in trace.errors]
    if errors:
        for message in errors:
            click.echo(f"Error: {message}", err=True)
        sys.exit(EXIT_INTERNAL)
