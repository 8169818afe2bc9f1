"""``python -m reflow``: the same as the ``reflow`` command."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
