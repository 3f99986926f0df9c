"""The full-data loss as a function of the parameters, from the data's second moments (numpy only).

The mean squared error is the quadratic L(θ) = θᵀGθ - 2θᵀc + ȳ² in θ = (w, b), with G = AᵀA/n,
c = Aᵀy/n and A = [X, 1]; so a whole contour grid costs a few array operations, never a pass over
the data, and n = 10⁶ draws as fast as n = 10.
"""

from __future__ import annotations

import numpy as np


def loss_grid(
    gram: np.ndarray,
    moment: np.ndarray,
    y_sq_mean: float,
    theta: np.ndarray,
    i: int,
    j: int,
    xs: np.ndarray,
    ys: np.ndarray,
) -> np.ndarray:
    """L over the grid θ_i = xs, θ_j = ys with the other parameters held at ``theta``; shape (len(xs), len(ys))."""
    base = np.asarray(theta, dtype=np.float64)
    # L(θ + u e_i + v e_j) expands into terms in u, v, u², v², uv around the held point.
    g_base = gram @ base
    loss0 = base @ g_base - 2 * base @ moment + y_sq_mean
    u = np.asarray(xs, dtype=np.float64)[:, None] - base[i]
    v = np.asarray(ys, dtype=np.float64)[None, :] - base[j]
    grad_i, grad_j = 2 * (g_base[i] - moment[i]), 2 * (g_base[j] - moment[j])
    return loss0 + grad_i * u + grad_j * v + gram[i, i] * u**2 + gram[j, j] * v**2 + 2 * gram[i, j] * u * v
