"""A bounded store of per-step values, so a curve over a million steps costs as much as one over 20,000."""

from __future__ import annotations

import numpy as np

DEFAULT_CAPACITY = 20_000
_MIN_CAPACITY = 16


class CurveHistory:
    """Step numbers and one or more value columns, never more than ``capacity`` points.

    When the store fills up, the points already summarised are merged in pairs of buckets and the
    bucket width doubles; each bucket keeps its minimum and maximum ("peak" decimation, per column),
    so a spike in the loss survives however long the run. The resolution stays even over the whole
    run (the early drop of the loss is not squeezed away), and the latest partial bucket stays raw,
    so the newest steps are always drawn as they came. NaN and ±inf are stored as given; curves skip
    them with ``connect="finite"``.

    ``x`` and ``y`` are read-only views into the store, valid until the next ``append``/``clear``;
    hand them straight to ``setData`` and do not keep them.
    """

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < _MIN_CAPACITY:
            raise ValueError(f"capacity must be at least {_MIN_CAPACITY}")
        self.capacity = int(capacity)
        self._x = np.empty(0)
        self._y = np.empty((0, 1))
        self._columns: int | None = None  # None until the first append fixes the shape
        self._vector = True  # values were given as (k,), so ``y`` is 1-D
        self._n = 0  # points stored
        self._done = 0  # points [0, _done) are summarised buckets, [_done, _n) the raw tail
        self._stride = 1  # raw steps per stored point in the summarised part
        self.version = 0  # changes with every change of the points: a curve that drew this version is current

    # ----- reading ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._n

    @property
    def x(self) -> np.ndarray:
        return _read_only(self._x[: self._n])

    @property
    def y(self) -> np.ndarray:
        view = self._y[: self._n, 0] if self._vector else self._y[: self._n]
        return _read_only(view)

    @property
    def stride(self) -> int:
        """Raw steps each stored point stands for in the summarised part (1 until the first merge)."""
        return self._stride

    @property
    def last_x(self) -> float | None:
        return float(self._x[self._n - 1]) if self._n else None

    # ----- writing ----------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget every point; the buffers are kept for the next run."""
        self._n = self._done = 0
        self._stride = 1
        self.version += 1

    def truncate(self, last_x: float) -> None:
        """Drop the points after ``last_x`` (the trainer stepped back: those steps no longer happened)."""
        keep = int(np.searchsorted(self._x[: self._n], last_x, side="right"))
        self._n = keep
        self._done = min(self._done, keep)
        self.version += 1

    def append(self, steps: np.ndarray, values: np.ndarray) -> None:
        """Add ``k`` points: ``steps`` (k,) increasing, ``values`` (k,) or (k, c) with a fixed ``c``."""
        x = np.asarray(steps, dtype=np.float64).reshape(-1)
        raw = np.asarray(values, dtype=np.float64)
        y = raw.reshape(len(x), -1)
        if len(y) != len(x):
            raise ValueError(f"{len(x)} steps but {len(y)} values")
        if not len(x):
            return
        self._ensure_columns(y.shape[1], raw.ndim == 1)
        self.version += 1
        i, k = 0, len(x)
        while i < k:
            if self._n == self.capacity:
                self._make_room()
            room = self.capacity - self._n
            bucket = 2 * self._stride
            if self._stride == 1:
                m = min(room, k - i)
                self._x[self._n : self._n + m] = x[i : i + m]
                self._y[self._n : self._n + m] = y[i : i + m]
                self._n += m
                self._done = self._n
                i += m
            elif self._n == self._done and k - i >= bucket and room >= 2:
                # Whole buckets at once: a million new steps cost one vectorised pass.
                count = min((k - i) // bucket, room // 2)
                end = i + count * bucket
                bx, by = _peaks(x[i:end].reshape(count, bucket), y[i:end].reshape(count, bucket, -1))
                self._x[self._n : self._n + 2 * count] = bx
                self._y[self._n : self._n + 2 * count] = by
                self._n += 2 * count
                self._done = self._n
                i = end
            else:
                m = min(bucket - (self._n - self._done), k - i, room)
                self._x[self._n : self._n + m] = x[i : i + m]
                self._y[self._n : self._n + m] = y[i : i + m]
                self._n += m
                i += m
                if self._n - self._done >= bucket:
                    self._summarise_tail()

    # ----- internals --------------------------------------------------------------------------
    def _ensure_columns(self, columns: int, vector: bool) -> None:
        if self._columns is None or (self._n == 0 and columns != self._columns):
            self._columns = columns
            self._x = np.empty(self.capacity)
            self._y = np.empty((self.capacity, columns))
        elif columns != self._columns:
            raise ValueError(f"this history holds {self._columns} column(s), got {columns}")
        self._vector = vector and columns == 1

    def _summarise_tail(self) -> None:
        """Replace the raw tail by its minimum and maximum (in the order they occurred)."""
        start, end = self._done, self._n
        if end - start > 2:
            bx, by = _peaks(self._x[None, start:end], self._y[None, start:end])
            self._x[start : start + 2] = bx
            self._y[start : start + 2] = by
            self._n = start + 2
        self._done = self._n

    def _make_room(self) -> None:
        """The store is full: halve the summarised part (merging bucket pairs) and double the stride."""
        if self._n - self._done >= self.capacity // 2:
            self._summarise_tail()  # a huge raw tail (extremely long runs): summarise it early
            return
        merged = self._done - self._done % 4
        count = merged // 4
        bx, by = _peaks(self._x[:merged].reshape(count, 4), self._y[:merged].reshape(count, 4, -1))
        half = merged // 2
        self._x[:half] = bx
        self._y[:half] = by
        rest = self._n - merged  # an odd leftover bucket and the raw tail, moved down unchanged
        self._x[half : half + rest] = self._x[merged : self._n]
        self._y[half : half + rest] = self._y[merged : self._n]
        self._n = half + rest
        self._done -= merged - half
        self._stride *= 2


def _peaks(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two points per bucket: each column's minimum and maximum, in the order they occurred.

    ``x`` (m, L), ``y`` (m, L, c) → x (2m,), y (2m, c). With one column the points keep their exact
    steps; with several, the columns' extremes fall at different steps, so the bucket's first and
    last steps are used. NaN is ignored unless a whole bucket is NaN.
    """
    nan = np.isnan(y)
    lo = np.argmin(np.where(nan, np.inf, y), axis=1)  # (m, c)
    hi = np.argmax(np.where(nan, -np.inf, y), axis=1)
    first = np.minimum(lo, hi)
    second = np.maximum(lo, hi)
    out_y = np.empty((2 * len(y), y.shape[2]))
    out_y[0::2] = np.take_along_axis(y, first[:, None, :], axis=1)[:, 0, :]
    out_y[1::2] = np.take_along_axis(y, second[:, None, :], axis=1)[:, 0, :]
    out_x = np.empty(2 * len(x))
    if y.shape[2] == 1:
        out_x[0::2] = np.take_along_axis(x, first, axis=1)[:, 0]
        out_x[1::2] = np.take_along_axis(x, second, axis=1)[:, 0]
    else:
        out_x[0::2] = x[:, 0]
        out_x[1::2] = x[:, -1]
    return out_x, out_y


def _read_only(view: np.ndarray) -> np.ndarray:
    view = view.view()
    view.flags.writeable = False
    return view
