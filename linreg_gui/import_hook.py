"""PySide6's ``__feature__`` import hook, switched off where a loop must run as in the training process.

Importing PySide6 replaces ``builtins.__import__`` by a hook that runs a Python function (it looks at
the caller's frame) before every ``import`` statement, so that ``from __feature__ import snake_case``
can switch Qt's API per module; PySide keeps the import it replaced in ``builtins.__orig_import__``.
torch imports inside functions it calls every step, and through the hook each import costs several
times more. The training process never loads PySide6, so it has no hook; the benchmark's in-process
loops (where the window's Qt is loaded) switch it off to run as the training process does.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager


def drop_feature_hook() -> None:
    """Use the import PySide6 replaced (a no-op where PySide6 is not loaded or installed no hook)."""
    original = getattr(builtins, "__orig_import__", None)
    if original is not None:
        builtins.__import__ = original


@contextmanager
def feature_hook_dropped() -> Iterator[None]:
    """Without the hook for the duration of the block (the benchmark's loops without Qt)."""
    saved = builtins.__import__
    drop_feature_hook()
    try:
        yield
    finally:
        builtins.__import__ = saved
