"""The panels that draw the training: they only draw what snapshots carry (no torch, no tensor math).

Import-light on purpose: only ``core.snapshot`` and ``core.config`` of the core may be imported
below this package, so the window shows before torch has loaded.
"""

from __future__ import annotations

from .base import Panel
from .data_panel import DataPanel
from .grads_panel import GradsPanel
from .history import CurveHistory
from .landscape_panel import LandscapePanel
from .loss_panel import LossPanel
from .params_panel import ParamsPanel
from .readout import BatchTable, ReadoutPanel

__all__ = [
    "BatchTable",
    "CurveHistory",
    "DataPanel",
    "GradsPanel",
    "LandscapePanel",
    "LossPanel",
    "Panel",
    "ParamsPanel",
    "ReadoutPanel",
]
