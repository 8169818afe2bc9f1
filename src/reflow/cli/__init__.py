"""The ``reflow`` command line (see :mod:`reflow.cli.main`).

- :mod:`~reflow.cli.args`: flags, Options and TOML in one place; the checked :class:`Settings`.
- :mod:`~reflow.cli.io`: inputs (files, folders, stdin) and outputs (complete or absent).
- :mod:`~reflow.cli.jobs`: work units with typed results, run in order, in worker processes.
- :mod:`~reflow.cli.records`: JSONL records edited in place (other fields byte for byte).
- :mod:`~reflow.cli.reports`: messages, the progress line, --stats and --markers.
"""

from .main import main

__all__ = ["main"]
