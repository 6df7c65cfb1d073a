"""Entry point of the ``snappy-nn`` command line.

Each subcommand lives in its own module of this package and is registered
below, so that commands stay short and can be read one at a time.
"""

from __future__ import annotations

import sys

import click
from snappy_nn.cli.common import EXIT_INTERNAL, setup_logging
from snappy_nn.cli.detect import detect_command
from snappy_nn.cli.diagram import diagram_command
from snappy_nn.cli.experiment import experiment_command
from snappy_nn.cli.geometry import embed_command, linking_command
from snappy_nn.cli.invariants import invariants_command
from snappy_nn.cli.network import run_command, track_command, train_command

from snappy_nn import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="snappy-nn")
@click.option("-v", "--verbose", is_flag=True, help="Show progress and info messages on stderr.")
def app(verbose):
    """Follow what width-3 neural networks do to the linking of SnapPy links."""
    setup_logging(verbose)


app.add_command(embed_command)
app.add_command(linking_command)
app.add_command(run_command)
app.add_command(train_command)
app.add_command(track_command)
app.add_command(detect_command)
app.add_command(experiment_command)
app.add_command(invariants_command)
app.add_command(diagram_command)


def main():
    """Run the command line; unexpected errors exit with code 1 and a short message."""
    try:
        app.main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # an internal failure, not a user error
        click.echo(f"Internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("Please report this with the command you ran.", err=True)
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
