"""Synthetic regression data ``y = Xw + b + ε``, generated exactly as the lecture note does."""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from .config import DataConfig
from .snapshot import DataView, frozen_array


@dataclass(frozen=True)
class SyntheticData:
    """A generated data set with its closed-form least-squares fit, the best any training can reach."""

    config: DataConfig
    features: torch.Tensor  # (n, p)
    labels: torch.Tensor  # (n, 1)
    lstsq_w: torch.Tensor = field(repr=False)  # (p,)
    lstsq_b: float = 0.0
    gram: torch.Tensor = field(repr=False, default=None)  # AᵀA / n, A = [X, 1], float64
    moment: torch.Tensor = field(repr=False, default=None)  # Aᵀy / n, float64
    y_sq_mean: float = 0.0

    @property
    def hessian_max_eig(self) -> float:
        """Largest eigenvalue of the full-data mean loss's Hessian 2G; SGD with mean reduction is
        stable only for lr < 2/λ_max (with sum reduction the step is B times larger)."""
        return float(torch.linalg.eigvalsh(2 * self.gram)[-1])

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
    if config.sort_by_y:
        order = labels.reshape(-1).argsort()
        features, labels = features[order], labels[order]
    if config.outlier is not None:
        labels[4, 0] = config.outlier
    lstsq_w, lstsq_b = least_squares(features, labels)
    design = torch.cat([features.double(), torch.ones(config.n, 1, dtype=torch.float64)], dim=1)
    y = labels.double().reshape(-1)
    gram, moment = design.T @ design / config.n, design.T @ y / config.n
    return SyntheticData(config, features, labels, lstsq_w, lstsq_b, gram, moment, float(y @ y) / config.n)


def display_view(data: SyntheticData, generation: int, max_points: int) -> DataView:
    """The data panel's copy of ``data``: at most ``max_points`` rows, chosen once by the data seed."""
    rows = torch.arange(data.n)
    if data.n > max_points:
        generator = torch.Generator().manual_seed(data.config.seed)
        rows = torch.randperm(data.n, generator=generator)[:max_points].sort().values
    return DataView(
        generation=generation,
        n=data.n,
        p=data.p,
        x=frozen_array(data.features[rows].numpy()),
        y=frozen_array(data.labels[rows, 0].numpy()),
        feature_means=frozen_array(data.features.mean(dim=0).numpy()),
        true_w=frozen_array(data.config.true_w),
        true_b=data.config.true_b,
        lstsq_w=frozen_array(data.lstsq_w.numpy()),
        lstsq_b=data.lstsq_b,
        gram=frozen_array(data.gram.numpy()),
        moment=frozen_array(data.moment.numpy()),
        y_sq_mean=data.y_sq_mean,
        hessian_max_eig=data.hessian_max_eig,
    )
