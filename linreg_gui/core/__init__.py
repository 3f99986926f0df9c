"""Training core: data, the two implementations and the trainer. Pure Python + torch, never Qt.

Names are re-exported lazily: ``linreg_gui.core.config`` and ``.snapshot`` import without torch,
so the window can use them before torch has loaded.
"""

from importlib import import_module

_EXPORTS = {
    "DataConfig": "config",
    "TrainConfig": "config",
    "SyntheticData": "data",
    "generate": "data",
    "Phase": "phases",
    "Snapshot": "snapshot",
    "StepHistory": "snapshot",
    "Session": "session",
    "Trainer": "trainer",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(name)
