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


FLAT = 1e-10  # a curvature this small against the largest is none: that direction's level sets are lines
MAX_SEGMENT = 1 / 400  # longest drawn segment inside the box, as a fraction of the box's larger side
REFINE_ROUNDS = 14


def level_set(
    gram: np.ndarray,
    moment: np.ndarray,
    y_sq_mean: float,
    theta: np.ndarray,
    i: int,
    j: int,
    level: float,
    box: tuple[float, float, float, float],
) -> np.ndarray:
    """The points where L(θ_i, θ_j) = ``level`` (others held at ``theta``) inside ``box`` = (x0, x1, y0, y1).

    Exact: L is a quadratic in (θ_i, θ_j), so its level sets are ellipses, or where the 2×2 Hessian is
    singular parabolas or pairs of lines, or lines. Returns (k, 2) points, runs separated by a NaN row,
    each run reaching one short segment past the box; empty if the level is not reached in the box.
    """
    base = np.asarray(theta, dtype=np.float64)
    g_base = gram @ base
    loss0 = float(base @ g_base - 2 * base @ moment + y_sq_mean)
    grad = 2 * np.array([g_base[i] - moment[i], g_base[j] - moment[j]])
    hessian = np.array([[gram[i, i], gram[i, j]], [gram[i, j], gram[j, j]]], dtype=np.float64)
    curvature, axes = np.linalg.eigh(hessian)  # L = loss0 + a·r + Σ λ_k r_k², r = axesᵀ (θ - base)
    a = axes.T @ grad
    x0, x1, y0, y1 = box
    corners = np.array([[x0, y0], [x1, y0], [x0, y1], [x1, y1]]) - [base[i], base[j]]
    r_lo, r_hi = (corners @ axes).min(axis=0), (corners @ axes).max(axis=0)
    flat = curvature <= FLAT * max(float(curvature.max()), 0.0) if curvature.max() > 0 else np.array([True, True])
    curve = _conic(loss0, a, curvature, flat, level, r_lo, r_hi)
    if curve is None:
        return np.empty((0, 2))
    origin = np.array([base[i], base[j]])

    def points(t: np.ndarray) -> np.ndarray:
        return curve(t) @ axes.T + origin

    parameter, closed = (np.linspace(0, 2 * np.pi, 1025), True) if not flat.any() else (_span(r_lo, r_hi), False)
    return _clip(points, parameter, box, closed)


def _span(r_lo: np.ndarray, r_hi: np.ndarray) -> np.ndarray:
    reach = float(np.max(np.abs(np.concatenate([r_lo, r_hi])))) * 1.5 + 1e-300
    return np.linspace(-reach, reach, 1025)


def _conic(loss0, a, curvature, flat, level, r_lo, r_hi):
    """The level set in the Hessian's axes as a function of one parameter, or None if it is empty."""
    if not flat.any():  # an ellipse around the minimum
        centre = -a / (2 * curvature)
        lowest = loss0 - float(np.sum(a**2 / (4 * curvature)))
        if not level > lowest:
            return None
        radii = np.sqrt((level - lowest) / curvature)
        return lambda t: np.column_stack([centre[0] + radii[0] * np.cos(t), centre[1] + radii[1] * np.sin(t)])
    if flat.all():  # a plane: one straight line
        norm2 = float(a @ a)
        if norm2 == 0:
            return None
        foot = a * (level - loss0) / norm2
        along = np.array([-a[1], a[0]]) / np.sqrt(norm2)
        return lambda t: foot + t[:, None] * along
    k = int(np.argmax(~flat))  # the curved direction; the other one, f, is flat
    f = 1 - k
    centre = -a[k] / (2 * curvature[k])
    lowest = loss0 - a[k] ** 2 / (4 * curvature[k])
    extent = max(abs(r_lo[f]), abs(r_hi[f]), 1e-300)
    if abs(a[f]) * extent > 1e-12 * max(abs(level), abs(lowest), 1e-300):  # a parabola opening along -a_f

        def parabola(t: np.ndarray) -> np.ndarray:
            out = np.empty((len(t), 2))
            out[:, k] = t
            out[:, f] = (level - lowest - curvature[k] * (t - centre) ** 2) / a[f]
            return out

        return parabola
    if not level > lowest:
        return None
    half = np.sqrt((level - lowest) / curvature[k])  # a valley: two parallel lines

    def lines(t: np.ndarray) -> np.ndarray:
        out = np.empty((2 * len(t) + 1, 2))
        out[: len(t), k], out[len(t) + 1 :, k] = centre - half, centre + half
        out[: len(t), f] = out[len(t) + 1 :, f] = t
        out[len(t)] = np.nan
        return out

    return lines


def _clip(points, parameter: np.ndarray, box: tuple[float, float, float, float], closed: bool) -> np.ndarray:
    """Sample ``points(t)`` finely enough inside ``box`` and keep the runs that lie in it."""
    x0, x1, y0, y1 = box
    scale = max(x1 - x0, y1 - y0)
    t = parameter
    for _ in range(REFINE_ROUNDS):
        p = points(t)
        if len(p) != len(t):  # two lines in one array: refine each on the same parameter
            break
        lo, hi = np.minimum(p[:-1], p[1:]), np.maximum(p[:-1], p[1:])
        near = (hi[:, 0] >= x0) & (lo[:, 0] <= x1) & (hi[:, 1] >= y0) & (lo[:, 1] <= y1)
        long = near & (np.hypot(*(p[1:] - p[:-1]).T) > MAX_SEGMENT * scale)
        if not long.any():
            break
        t = np.sort(np.concatenate([t, (t[:-1][long] + t[1:][long]) / 2]))
    else:
        p = points(t)
    if len(p) != len(t):
        t = np.linspace(parameter[0], parameter[-1], round(2 / MAX_SEGMENT) + 1)
        p = points(t)
    inside = (p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= y0) & (p[:, 1] <= y1)
    keep = inside.copy()
    keep[:-1] |= inside[1:]
    keep[1:] |= inside[:-1]
    if closed and inside[0]:
        keep[-1] = True
    if not keep.any():
        return np.empty((0, 2))
    out = np.where(keep[:, None], p, np.nan)
    runs = np.isfinite(out[:, 0])
    first_of_gap = ~runs & np.concatenate([[True], runs[:-1]])
    return out[runs | first_of_gap]
