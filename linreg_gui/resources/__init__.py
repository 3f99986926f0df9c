"""Files the app reads at run time (translations, the icon, the desktop entry).

They are found through ``importlib.resources``, so a checkout, an editable install and a wheel read
the very same files.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """The packaged file or folder at ``parts`` under ``linreg_gui/resources``."""
    return resources.files(__name__).joinpath(*parts)
