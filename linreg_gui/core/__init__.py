"""Training core: data, the two implementations and the trainer. Pure Python + torch, never Qt."""

from .config import TrainConfig
from .data import DataConfig, SyntheticData, generate
from .phases import Phase
from .snapshot import Snapshot, StepHistory
from .trainer import Lockstep, Trainer

__all__ = [
    "DataConfig",
    "Lockstep",
    "Phase",
    "Snapshot",
    "StepHistory",
    "SyntheticData",
    "TrainConfig",
    "Trainer",
    "generate",
]
