"""The ``snappy-nn`` command line, installed as :mod:`snappy_nn.cli`."""
