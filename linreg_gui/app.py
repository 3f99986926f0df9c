"""Entry point shared by ``python main.py`` and the ``linreg-gui`` console script."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """``--headless`` trains in the terminal; anything else opens the window (Qt is imported only then)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--headless" in args:
        from .cli import main as headless_main

        try:
            return headless_main(args)
        except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
            sys.stderr.close()
            return 1
    from .ui.launch import run

    return run(args)
