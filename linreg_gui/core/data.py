"""Synthetic regression data ``y = Xw + b + ε``, generated exactly as the lecture note does."""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from .validation import is_real, is_whole, require

MAX_SAMPLES = 1_000_000
MAX_FEATURES = 10


@dataclass(frozen=True)
class DataConfig:
    """Everything that determines the data set; the defaults are the note's (n=1000, w=[2, -3.4], b=4.2, σ=0.01)."""

    n: int = 1000
    true_w: tuple[float, ...] = (2.0, -3.4)
    true_b: float = 4.2
    noise: float = 0.01
    seed: int = 0

    def __post_init__(self) -> None:
        require(is_whole(self.n), "n", "must be a whole number")
        require(1 <= self.n <= MAX_SAMPLES, "n", f"must be between 1 and {MAX_SAMPLES:,}")
        object.__setattr__(self, "true_w", tuple(self.true_w))
        require(1 <= len(self.true_w) <= MAX_FEATURES, "true_w", f"needs 1 to {MAX_FEATURES} weights")
        require(all(is_real(v) for v in self.true_w), "true_w", "every weight must be a finite number")
        object.__setattr__(self, "true_w", tuple(float(v) for v in self.true_w))
        require(is_real(self.true_b), "true_b", "must be a finite number")
        require(is_real(self.noise) and self.noise >= 0, "noise", "must be a finite number ≥ 0")
        require(is_whole(self.seed), "seed", "must be a whole number")
        require(0 <= self.seed < 2**63, "seed", "must be between 0 and 2^63 - 1")

    @property
    def p(self) -> int:
        """Number of features, the length of the true weight vector."""
        return len(self.true_w)


@dataclass(frozen=True)
class SyntheticData:
    """A generated data set with its closed-form least-squares fit, the best any training can reach."""

    config: DataConfig
    features: torch.Tensor  # (n, p)
    labels: torch.Tensor  # (n, 1)
    lstsq_w: torch.Tensor = field(repr=False)  # (p,)
    lstsq_b: float = 0.0

    @property
    def n(self) -> int:
        return self.features.shape[0]

    @property
    def p(self) -> int:
        return self.features.shape[1]

    @property
    def true_w(self) -> torch.Tensor:
        return torch.tensor(self.config.true_w)


def synthetic_data(w: torch.Tensor, b: float, num_examples: int, noise: float, generator: torch.Generator):
    """The note's ``synthetic_data``, with the noise level as a parameter and a seeded generator."""
    p = len(w)
    X = torch.normal(0, 1, (num_examples, p), generator=generator)
    y = torch.matmul(X, w) + b
    y += torch.normal(0, noise, y.shape, generator=generator) if noise > 0 else 0.0
    return X, y.reshape((-1, 1))


def least_squares(features: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, float]:
    """Solve ``min ||[X, 1] θ - y||²`` in float64; returns (w of shape (p,), b)."""
    design = torch.cat([features.double(), torch.ones(features.shape[0], 1, dtype=torch.float64)], dim=1)
    solution = torch.linalg.lstsq(design, labels.double(), driver="gelsd").solution.reshape(-1)
    return solution[:-1].float(), float(solution[-1])


def generate(config: DataConfig) -> SyntheticData:
    """Draw features and labels from a generator seeded with ``config.seed`` (no global RNG state is touched)."""
    generator = torch.Generator().manual_seed(config.seed)
    features, labels = synthetic_data(torch.tensor(config.true_w), config.true_b, config.n, config.noise, generator)
    lstsq_w, lstsq_b = least_squares(features, labels)
    return SyntheticData(config, features, labels, lstsq_w, lstsq_b)
