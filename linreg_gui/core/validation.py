"""Field checks whose errors name the field, so the CLI, the window and file loading can show them as they are."""

from __future__ import annotations

import math


def require(condition: bool, field_name: str, message: str) -> None:
    """Raise ``ValueError("field: message")`` unless ``condition`` holds."""
    if not condition:
        raise ValueError(f"{field_name}: {message}")


def is_real(value: object) -> bool:
    """A finite int or float (bools are not numbers here)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond float's range, e.g. 10**400 in a JSON file
        return False


def is_whole(value: object) -> bool:
    """An int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)
