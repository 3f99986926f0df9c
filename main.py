"""Linear Regression Lab: ``python main.py`` opens the window, ``python main.py --headless`` trains in the terminal."""

import sys

from linreg_gui.app import main

if __name__ == "__main__":
    sys.exit(main())
