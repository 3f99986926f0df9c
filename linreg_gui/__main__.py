"""``python -m linreg_gui``: the same as ``linreg-gui`` and ``python main.py``."""

import sys

from linreg_gui.app import main

if __name__ == "__main__":
    sys.exit(main())
