"""Animate the straight-line homotopy of a folding layer and watch the linking number jump.

A layer f is reached from the identity by H_t(x) = (1 − t)·x + t·f(x). The
fold x ↦ |x| of the first coordinate pushes one circle of the Hopf link
through the other at t = 1/2, so the linking number goes from −1 to 0 and is
undefined in between. The paper's two-token attention fold
(snappy_nn.nn.fold_attention) is a smooth version of the same move.

Usage: python examples/fold_homotopy.py [--layer abs|attention] [--quick] [--out DIR]
"""

import argparse
from pathlib import Path

import numpy as np

import snappy_nn
from snappy_nn.animation import coordinate_fold, homotopy_frames, write_homotopy_gif


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layer", choices=["abs", "attention"], default="abs",
                        help="the |x| fold of x_0, or the two-token attention fold of x_0")
    parser.add_argument("--quick", action="store_true", help="fewer frames (for CI)")
    parser.add_argument("--out", type=Path, default=Path("example_output/fold_homotopy"))
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    arguments.out.mkdir(parents=True, exist_ok=True)
    frames_count = 9 if arguments.quick else 21

    link = snappy_nn.hopf_link(40 if arguments.quick else 80)
    if arguments.layer == "abs":
        layer, title = coordinate_fold(0), "fold x0 -> |x0| on the Hopf link"
    else:
        from snappy_nn.nn import fold_attention

        # The attention fold has its minimum near x0 = -0.015: centre the link there.
        link = link.transformed(translation=np.array([-0.015, 0.0, 0.0]))
        layer, title = fold_attention(3, 0), "two-token attention fold"

    frames = homotopy_frames(link, layer, frames=frames_count)
    for frame in frames:
        print(frame.label() + ("  <- located crossing" if frame.crossing else ""))
    gif = write_homotopy_gif(frames, arguments.out / f"{arguments.layer}_fold.gif", title=title)
    print(f"wrote {gif} ({gif.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
