"""Train ReLU, GELU and ResNet width-3 networks on a link and track it through every layer.

Each network learns to tell the components of the link apart from points
sampled near them. The script then pushes the polygons of the link through
every layer and reports the exact linking matrix, the minimum distance between
components and the status per layer. It writes one figure with a row per
network and, when plotly is installed, an interactive HTML view of the ResNet.

Usage: python examples/track_three_architectures.py [--link L2a1] [--quick] [--out DIR]
"""

import argparse
import time
from pathlib import Path

import snappy_nn
from snappy_nn.nn import build_model, sample_link_points, train_classifier
from snappy_nn.plotting import plot_traces
from snappy_nn.tracking import track

ARCHITECTURES = {
    "ReLU": {"architecture": "feedforward", "activation": "relu"},
    "GELU": {"architecture": "feedforward", "activation": "gelu"},
    "ResNet": {"architecture": "resnet", "activation": "relu"},
}


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--link", default="L2a1", help="link name, PD code or DT code")
    parser.add_argument("--depth", type=int, default=4, help="layers per network")
    parser.add_argument("--seed", type=int, default=0, help="seed of data, weights and batches")
    parser.add_argument("--quick", action="store_true", help="fewer points and epochs (for CI)")
    parser.add_argument("--out", type=Path,
                        default=Path("example_output/track_three_architectures"))
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    arguments.out.mkdir(parents=True, exist_ok=True)
    points_per_component, epochs = (200, 20) if arguments.quick else (1000, 200)
    started = time.perf_counter()

    link = snappy_nn.embed(arguments.link, 60 if arguments.quick else 120)
    points, labels = sample_link_points(link, points_per_component, seed=arguments.seed)

    traces = []
    for name, config in ARCHITECTURES.items():
        model = build_model({**config, "depth": arguments.depth}, seed=arguments.seed)
        result = train_classifier(model, points, labels, epochs=epochs, seed=arguments.seed)
        trace = track(link, model, diagram=not arguments.quick, name=name,
                      max_vertices=400 if arguments.quick else 1500)
        trace.info["best_val_accuracy"] = result.best_val_accuracy
        traces.append(trace)
        print(f"\n{name}: best validation accuracy {result.best_val_accuracy:.3f}")
        print(trace.table())

    figure = plot_traces(traces, arguments.out / "layers.png", dpi=80)
    print(f"\nwrote {figure}")
    try:
        from snappy_nn.interactive import write_layer_view

        view = write_layer_view(traces[-1], arguments.out / "resnet_layers.html")
        print(f"wrote {view}")
    except ImportError as error:
        print(f"skipped the interactive view: {error}")
    print(f"done in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
