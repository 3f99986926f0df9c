"""The plot and readout panels, fed with hand-made snapshots (numpy only, no torch): what they draw."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView

from linreg_gui.core.snapshot import DataView, Snapshot, StepHistory, frozen_array
from linreg_gui.ui.panels import (
    BatchTable,
    CurveHistory,
    DataPanel,
    GradsPanel,
    LossPanel,
    ParamsPanel,
    ReadoutPanel,
    readout,
    style,
)
from linreg_gui.ui.panels.formatting import format_number
from linreg_gui.ui.panels.grads_panel import HISTORY_MIN_PANEL_PX, SHRINK_AFTER

TRUE_W = (2.0, -3.4)
TRUE_B = 4.2


# ----- fakes --------------------------------------------------------------------------------------
def make_view(n: int = 1000, w=TRUE_W, b: float = TRUE_B, noise: float = 0.01, seed: int = 0, generation: int = 1):
    """A DataView like the worker's: the note's synthetic data, all of it shown."""
    rng = np.random.default_rng(seed)
    w = np.asarray(w, dtype=np.float64)
    x = rng.normal(size=(n, len(w)))
    y = x @ w + b + rng.normal(scale=noise, size=n)
    design = np.column_stack([x, np.ones(n)])
    solution = np.linalg.lstsq(design, y, rcond=None)[0]
    return DataView(
        generation=generation,
        n=n,
        p=len(w),
        x=frozen_array(x),
        y=frozen_array(y),
        feature_means=frozen_array(x.mean(axis=0)),
        true_w=frozen_array(w),
        true_b=float(b),
        lstsq_w=frozen_array(solution[:-1]),
        lstsq_b=float(solution[-1]),
        gram=frozen_array(design.T @ design / n),  # the landscape's second moments, with A = [X, 1]
        moment=frozen_array(design.T @ y / n),
        y_sq_mean=float(y @ y / n),
    )


def make_history(first: int, k: int, p: int, loss=None, params=None, grads=None, epoch_ends=None) -> StepHistory:
    """``k`` steps starting at step ``first``, with given or made-up values."""
    steps = np.arange(first, first + k, dtype=np.int64)
    loss = np.exp(-steps / 50.0) if loss is None else np.asarray(loss, dtype=np.float64)
    params = np.tile(np.arange(1.0, p + 2.0), (k, 1)) if params is None else params
    grads = np.tile(np.linspace(-1, 1, p + 1), (k, 1)) if grads is None else grads
    ends = np.empty((0, 2)) if epoch_ends is None else np.asarray(epoch_ends, dtype=np.float64).reshape(-1, 2)
    return StepHistory(
        steps=frozen_array(steps),
        epochs=frozen_array(np.ones(k, dtype=np.int64)),
        batches=frozen_array(np.arange(1, k + 1)),
        batch_loss=frozen_array(loss),
        params=frozen_array(np.asarray(params, dtype=np.float64).reshape(k, p + 1)),
        grads=frozen_array(np.asarray(grads, dtype=np.float64).reshape(k, p + 1)),
        epoch_ends=frozen_array(ends),
    )


def make_snapshot(view: DataView, history: StepHistory | None = None, rows: int = 10, **fields) -> Snapshot:
    """A Snapshot at the end of ``history`` (default: no steps), with the first ``rows`` rows as the batch."""
    p = view.p
    history = make_history(1, 0, p) if history is None else history
    step = int(history.steps[-1]) if len(history) else 0
    indices = np.arange(rows, dtype=np.int64)
    values = {
        "generation": view.generation,
        "impl": "scratch",
        "step": step,
        "epoch": 1,
        "batch": step,
        "num_batches": math.ceil(view.n / max(rows, 1)),
        "epochs_done": 0,
        "phase": None,
        "w": frozen_array(np.full(p, 0.5)),
        "b": 0.25,
        "grad_w": frozen_array(np.linspace(-2.0, 3.0, p)),
        "grad_b": -1.5,
        "batch_loss": 0.125,
        "full_loss": 0.0625,
        "w_sq_error": 0.01,
        "b_sq_error": 0.0004,
        "w_sq_error_lstsq": 0.01,
        "b_sq_error_lstsq": 0.0004,
        "batch_indices": frozen_array(indices),
        "batch_x": frozen_array(view.x[indices]),
        "batch_y": frozen_array(view.y[indices]),
        "diverged_at": None,
        "history": history,
    }
    values.update(fields)
    for key in ("w", "grad_w"):
        values[key] = frozen_array(np.asarray(values[key], dtype=np.float64))
    return Snapshot(**values)


def simulate(view: DataView, steps: int, per_snapshot: int = 7, lr: float = 0.03, batch: int = 10, seed: int = 1):
    """Minibatch SGD on the view's data in numpy (a stand-in for the trainer), as a list of snapshots."""
    rng = np.random.default_rng(seed)
    x, y, n, p = np.asarray(view.x), np.asarray(view.y), view.n, view.p
    w, b = np.zeros(p), 0.0
    num_batches = math.ceil(n / batch)
    order = rng.permutation(n)
    rows, ends, snapshots = [], [], []
    for step in range(1, steps + 1):
        k = (step - 1) % num_batches
        if k == 0:
            order = rng.permutation(n)
        idx = order[k * batch : (k + 1) * batch]
        err = x[idx] @ w + b - y[idx]
        loss = float(np.mean(err**2) / 2)
        gw, gb = x[idx].T @ err / len(idx), float(err.mean())
        w, b = w - lr * gw, b - lr * gb
        rows.append((step, loss, *w, b, *gw, gb))
        if k == num_batches - 1:
            ends.append((step, float(np.mean((x @ w + b - y) ** 2) / 2)))
        if step % per_snapshot == 0 or step == steps:
            table = np.array(rows)
            history = StepHistory(
                steps=frozen_array(table[:, 0].astype(np.int64)),
                epochs=frozen_array(np.ones(len(table), dtype=np.int64)),
                batches=frozen_array(np.ones(len(table), dtype=np.int64)),
                batch_loss=frozen_array(table[:, 1]),
                params=frozen_array(table[:, 2 : p + 3]),
                grads=frozen_array(table[:, p + 3 :]),
                epoch_ends=frozen_array(np.array(ends).reshape(-1, 2)),
            )
            snapshots.append(
                make_snapshot(
                    view,
                    history,
                    step=step,
                    epoch=(step - 1) // num_batches + 1,
                    batch=k + 1,
                    num_batches=num_batches,
                    w=w.copy(),
                    b=b,
                    grad_w=gw,
                    grad_b=gb,
                    batch_loss=loss,
                    full_loss=float(np.mean((x @ w + b - y) ** 2) / 2),
                    w_sq_error=float(np.sum((w - view.true_w) ** 2)),
                    b_sq_error=(b - view.true_b) ** 2,
                    batch_indices=frozen_array(idx),
                    batch_x=frozen_array(x[idx]),
                    batch_y=frozen_array(y[idx]),
                )
            )
            rows, ends = [], []
    return snapshots


def _points(curve) -> int:
    """How many points a PlotDataItem holds (an emptied one holds None)."""
    x = curve.getOriginalDataset()[0]
    return 0 if x is None else len(x)


@pytest.fixture
def view() -> DataView:
    return make_view()


# ----- CurveHistory ------------------------------------------------------------------------------
def test_curve_history_appends_and_clears():
    store = CurveHistory(capacity=100)
    store.append(np.arange(1, 11), np.arange(10.0))
    assert len(store) == 10 and store.y.shape == (10,)
    np.testing.assert_array_equal(store.x, np.arange(1, 11))
    assert not store.x.flags.writeable
    store.clear()
    assert len(store) == 0 and store.last_x is None


def test_curve_history_is_bounded_and_keeps_the_spikes():
    store = CurveHistory()  # default capacity 20,000
    rng = np.random.default_rng(0)
    for chunk in range(1000):  # 1,000,000 points, as a long run delivers them: in snapshots
        steps = np.arange(chunk * 1000 + 1, chunk * 1000 + 1001)
        values = 1.0 + 0.01 * rng.random(1000)
        if chunk == 321:
            values[456] = 50.0  # one spike
            values[457] = -7.0  # and a dip right after it
        if chunk == 700:
            values[:10] = np.nan
            values[10] = np.inf
        store.append(steps, values)
        assert len(store) <= store.capacity
    assert store.capacity == 20_000 and len(store) > store.capacity // 2
    finite = np.isfinite(store.y)
    assert store.y[finite].max() == 50.0 and store.y[finite].min() == -7.0
    assert store.x[np.argmax(np.where(finite, store.y, -1))] == 321 * 1000 + 457
    assert np.isinf(store.y).any()  # non-finite values are stored as they came
    assert np.all(np.diff(store.x) >= 0)
    assert store.x[-1] == 1_000_000
    counts, _ = np.histogram(store.x, bins=10, range=(0, 1_000_000))
    assert counts.min() > 0.8 * counts.max()  # even resolution: the start of the run is not squeezed away


def test_curve_history_columns_and_bulk_append():
    store = CurveHistory(capacity=1000)
    steps = np.arange(1, 1_000_001)
    values = np.column_stack([np.sin(steps / 1e4), np.cos(steps / 1e4), np.full(len(steps), np.nan)])
    values[123_456, 0] = 9.0
    store.append(steps, values)
    assert len(store) <= 1000 and store.y.shape[1] == 3
    assert np.nanmax(store.y[:, 0]) == 9.0 and np.nanmin(store.y[:, 1]) == values[:, 1].min()
    assert np.isnan(store.y[:, 2]).all()
    with pytest.raises(ValueError):
        store.append([1_000_001], [[1.0, 2.0]])


def test_curve_history_truncate_after_a_step_back():
    store = CurveHistory(capacity=100)
    store.append(np.arange(1, 51), np.arange(50.0))
    store.truncate(30)
    assert store.last_x == 30 and len(store) == 30
    store.append([31], [99.0])
    assert store.y[-1] == 99.0


# ----- data panel ---------------------------------------------------------------------------------
def test_data_panel_draws_scatter_lines_and_batch(qtbot, view):
    panel = DataPanel()
    qtbot.addWidget(panel)
    panel.new_data(view)
    assert panel.plot.objectName() == "dataPlot"
    assert panel.findChild(type(panel.feature_combo), "featureCombo") is panel.feature_combo
    assert [panel.feature_combo.itemText(i) for i in range(panel.feature_combo.count())] == ["x1", "x2"]
    assert len(panel.scatter.data) == len(view.x)

    s = make_snapshot(view, rows=10, w=[1.5, -2.0], b=0.75)
    panel.show_snapshot(s)
    assert len(panel.batch_scatter.data) == 10
    np.testing.assert_allclose(panel.batch_scatter.data["y"], s.batch_y)

    mx, my = panel.model_line.getData()
    means = view.feature_means
    expected = 1.5 * mx + 0.75 + (-2.0) * means[1]
    np.testing.assert_allclose(my, expected)
    np.testing.assert_allclose([mx.min(), mx.max()], [view.x[:, 0].min(), view.x[:, 0].max()])
    tx, ty = panel.true_line.getData()
    np.testing.assert_allclose(ty, TRUE_W[0] * tx + TRUE_B + TRUE_W[1] * means[1])
    assert "x1" in panel.plot.getPlotItem().titleLabel.text


def test_data_panel_switches_feature(qtbot, view):
    panel = DataPanel()
    qtbot.addWidget(panel)
    panel.new_data(view)
    s = make_snapshot(view, w=[1.5, -2.0], b=0.75)
    panel.show_snapshot(s)
    panel.feature_combo.setCurrentIndex(1)
    np.testing.assert_allclose(panel.scatter.data["x"], view.x[:, 1])
    np.testing.assert_allclose(panel.batch_scatter.data["x"], s.batch_x[:, 1])
    mx, my = panel.model_line.getData()
    np.testing.assert_allclose(my, -2.0 * mx + 0.75 + 1.5 * view.feature_means[0])
    assert panel.plot.getPlotItem().getAxis("bottom").labelText == "x2"
    assert "x2" in panel.plot.getPlotItem().titleLabel.text


def test_data_panel_survives_divergence_and_an_empty_batch(qtbot, view):
    panel = DataPanel()
    qtbot.addWidget(panel)
    panel.new_data(view)
    panel.show_snapshot(make_snapshot(view, rows=0))
    assert len(panel.batch_scatter.data) == 0
    panel.show_snapshot(make_snapshot(view, w=[np.inf, np.nan], b=np.nan, diverged_at=3))
    panel.grab()  # paints without raising


# ----- loss panel ---------------------------------------------------------------------------------
def test_loss_curve_grows_by_the_history_length(qtbot, view):
    panel = LossPanel()
    qtbot.addWidget(panel)
    assert panel.plot.objectName() == "lossPlot"
    assert panel.plot.getPlotItem().ctrl.logYCheck.isChecked()
    panel.show_snapshot(make_snapshot(view, make_history(1, 7, 2)))
    assert len(panel.batch_curve.getOriginalDataset()[0]) == 7
    panel.show_snapshot(make_snapshot(view, make_history(8, 5, 2, epoch_ends=[[12, 0.3]])))
    x, _ = panel.batch_curve.getOriginalDataset()
    assert len(x) == 12 and x[-1] == 12
    fx, fy = panel.full_curve.getOriginalDataset()
    assert list(fx) == [12] and fy[0] == pytest.approx(0.3)
    labels = [label.text for _, label in panel.legend.items]
    assert labels == ["batch loss", "full-data loss"]


def test_loss_new_run_keeps_one_previous_curve(qtbot, view):
    panel = LossPanel()
    qtbot.addWidget(panel)
    panel.show_snapshot(make_snapshot(view, make_history(1, 20, 2)))
    panel.new_run(keep_previous=True)
    assert len(panel.previous_curve.getOriginalDataset()[0]) == 20
    assert len(panel.batch_history) == 0
    assert "previous run" in [label.text for _, label in panel.legend.items]
    panel.show_snapshot(make_snapshot(view, make_history(1, 5, 2)))
    panel.new_run(keep_previous=True)
    assert len(panel.previous_curve.getOriginalDataset()[0]) == 5  # only the latest run is kept
    panel.new_run(keep_previous=True)  # a run without steps does not wipe it
    assert len(panel.previous_curve.getOriginalDataset()[0]) == 5
    panel.new_run(keep_previous=False)
    assert not panel.has_previous
    assert "previous run" not in [label.text for _, label in panel.legend.items]


def test_loss_panel_skips_non_finite_and_zero(qtbot, view):
    panel = LossPanel()
    qtbot.addWidget(panel)
    loss = [1.0, 0.0, np.nan, np.inf, 0.5]
    panel.show_snapshot(make_snapshot(view, make_history(1, 5, 2, loss=loss)))
    _, y = panel.batch_curve.getOriginalDataset()
    assert y[1] == pytest.approx(1e-12) and np.isnan(y[2]) and np.isnan(y[3]) and y[4] == 0.5
    panel.resize(600, 400)
    panel.grab()  # log of the data and painting raise no warning (warnings are errors here)


def test_loss_panel_truncates_after_a_step_back(qtbot, view):
    panel = LossPanel()
    qtbot.addWidget(panel)
    panel.show_snapshot(make_snapshot(view, make_history(1, 10, 2)))
    panel.show_snapshot(make_snapshot(view, step=9))  # stepped back one step: no history, step 9
    assert panel.batch_curve.getOriginalDataset()[0][-1] == 9


# ----- params and gradients -----------------------------------------------------------------------
def test_params_panel_has_a_curve_and_a_true_line_per_parameter(qtbot, view):
    panel = ParamsPanel()
    qtbot.addWidget(panel)
    panel.new_data(view)
    assert panel.plot.objectName() == "paramsPlot"
    assert len(panel.curves) == 3 and len(panel.true_lines) == 3
    assert [line.value() for line in panel.true_lines] == pytest.approx([*TRUE_W, TRUE_B])
    assert [label.text for _, label in panel.legend.items] == ["w1", "w2", "b"]
    params = np.column_stack([np.linspace(0, 2, 6), np.linspace(0, -3.4, 6), np.linspace(0, 4.2, 6)])
    panel.show_snapshot(make_snapshot(view, make_history(1, 6, 2, params=params)))
    for j, curve in enumerate(panel.curves):
        np.testing.assert_allclose(curve.getOriginalDataset()[1], params[:, j])
    curves_before = list(panel.curves)
    panel.new_data(make_view(seed=5))  # same p: the same curves
    assert panel.curves == curves_before
    panel.new_data(make_view(w=(1.0, 2.0, 3.0)))  # p changes: the curves there are kept, one added
    assert len(panel.curves) == 4 and len(panel.true_lines) == 4
    assert panel.curves[:3] == curves_before
    assert all(_points(curve) == 0 for curve in panel.curves)  # the old run's values are gone
    panel.new_run(keep_previous=True)
    assert all(_points(curve) == 0 for curve in panel.curves)
    for p in (3, 1, 5):  # names, colours and the legend as for a panel made for p features
        panel.new_data(make_view(w=tuple(float(k + 1) for k in range(p))))
        names = [*(f"w{k + 1}" for k in range(p)), "b"]
        assert [curve.name() for curve in panel.curves] == names
        assert [label.text for _, label in panel.legend.items] == names
        colors = [QColor(style.param_color(k, p)) for k in range(p + 1)]
        assert [curve.opts["pen"].color() for curve in panel.curves] == colors
        assert [line.pen.color() for line in panel.true_lines] == colors
        assert [line.value() for line in panel.true_lines] == pytest.approx([*range(1, p + 1), TRUE_B])
        assert len(panel.plot.getPlotItem().items) == len(fresh_items(qtbot, p))


def fresh_items(qtbot, p: int) -> list:
    panel = ParamsPanel()
    qtbot.addWidget(panel)
    panel.new_data(make_view(w=tuple(float(k + 1) for k in range(p))))
    return panel.plot.getPlotItem().items


def test_grads_panel_keeps_its_curves_across_feature_counts(qtbot, view):
    panel = GradsPanel()
    qtbot.addWidget(panel)
    panel.new_data(view)
    before = list(panel.curves)
    for p in (4, 1, 2):
        panel.new_data(make_view(w=tuple(float(k + 1) for k in range(p))))
        names = [*(f"w{k + 1}" for k in range(p)), "b"]
        assert panel.curves[: min(len(before), p + 1)] == before[: p + 1]
        assert [curve.name() for curve in panel.curves] == names
        assert [label.text for _, label in panel.history_legend.items] == names
        assert [c.opts["pen"].color() for c in panel.curves] == [QColor(style.param_color(k, p)) for k in range(p + 1)]
        assert len(panel.history_plot.getPlotItem().listDataItems()) == p + 1
        before = list(panel.curves)


def test_grads_bars_are_the_signed_gradients(qtbot, view):
    panel = GradsPanel()
    qtbot.addWidget(panel)
    panel.new_data(view)
    assert panel.plot.objectName() == "gradsPlot"
    assert panel.history_plot.objectName() == "gradsHistoryPlot"
    panel.show_snapshot(make_snapshot(view, make_history(1, 4, 2), grad_w=[0.5, -1.25], grad_b=2.0))
    np.testing.assert_allclose(panel.bars.opts["height"], [0.5, -1.25, 2.0])
    ticks = panel.plot.getPlotItem().getAxis("bottom")._tickLevels[0]
    assert [label for _, label in ticks] == ["∂L/∂w1", "∂L/∂w2", "∂L/∂b"]
    assert len(panel.curves) == 3
    assert len(panel.curves[0].getOriginalDataset()[0]) == 4
    ymin, ymax = panel.plot.getPlotItem().viewRange()[1]
    assert ymin < -1.25 and ymax > 2.0


def test_grads_axis_holds_while_running_and_fits_when_settled(qtbot, view):
    """Noisy minibatch gradients must not redraw the axis every frame of a run, but a step or a pause
    shows bars that fill it."""
    panel = GradsPanel()
    qtbot.addWidget(panel)
    panel.new_data(view)

    def show(grad: float, live: bool) -> float:
        panel.show_snapshot(make_snapshot(view, grad_w=[grad, -grad], grad_b=grad, live=live))
        return panel.plot.getPlotItem().viewRange()[1][1]

    assert show(4.0, live=False) == pytest.approx(5.0)
    assert show(0.04, live=True) == pytest.approx(5.0)  # a run: one small frame is no trend
    assert show(7.0, live=True) == pytest.approx(10.0)  # but it grows at once
    for _ in range(SHRINK_AFTER - 1):
        assert show(0.04, live=True) == pytest.approx(10.0)
    assert show(0.04, live=True) == pytest.approx(0.05)  # needed a quarter of it long enough: shrinks
    assert show(1.5, live=True) == pytest.approx(2.0)
    assert show(0.004, live=False) == pytest.approx(0.005)  # settled: fitted exactly


def test_grads_nan_is_an_empty_bar(qtbot, view):
    panel = GradsPanel()
    qtbot.addWidget(panel)
    panel.new_data(view)
    panel.show_snapshot(make_snapshot(view, grad_w=[np.nan, np.inf], grad_b=np.nan))
    np.testing.assert_array_equal(panel.bars.opts["height"], [0.0, 0.0, 0.0])
    assert len(panel.plot.getPlotItem().getAxis("bottom")._tickLevels[0]) == 3
    panel.new_run(keep_previous=True)
    assert len(panel.history) == 0


# ----- readout and batch table --------------------------------------------------------------------
def _label(panel, key: str) -> str:
    from PySide6.QtWidgets import QLabel

    return panel.findChild(QLabel, f"readout_{key}").text()


def test_readout_shows_the_snapshot(qtbot, view):
    panel = ReadoutPanel()
    qtbot.addWidget(panel)
    s = make_snapshot(
        view,
        make_history(1, 12, 2),
        epoch=2,
        batch=3,
        num_batches=100,
        w=[1.999953, -3.4],
        b=4.2,
        grad_w=[0.001234567, -2.5],
        grad_b=1e-9,
        batch_loss=0.000123,
        full_loss=5e-5,
        w_sq_error=2.5e-9,
        b_sq_error=0.0,
    )
    panel.show_snapshot(s)
    assert "12" in _label(panel, "step")
    assert _label(panel, "epoch") == "2"
    assert _label(panel, "batch") == "3 of 100"
    assert _label(panel, "w") == "2.0000\n-3.4000"  # w1 over w2
    assert _label(panel, "b") == "4.2000"
    assert "0.0012346" in _label(panel, "grad_w") and "-2.5000" in _label(panel, "grad_w")
    assert _label(panel, "grad_b") == "1.0000e-9"
    assert _label(panel, "batch_loss") == "1.2300e-4"
    assert _label(panel, "full_loss") == "5.0000e-5"
    assert _label(panel, "w_sq_error") == "2.5000e-9"
    assert _label(panel, "b_sq_error") == "0"
    assert panel.labels["step"].font().pointSize() >= 14


def test_readout_values_are_selectable_while_the_pointer_is_over_them(qtbot, view):
    """Selectable labels cost a text layout per change, so they are selectable only under the pointer."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QEnterEvent
    from PySide6.QtWidgets import QApplication

    panel = ReadoutPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_snapshot(make_snapshot(view, make_history(1, 12, 2)))
    selectable = Qt.TextInteractionFlag.TextSelectableByMouse
    assert not any(label.textInteractionFlags() & selectable for label in panel.labels.values())
    QApplication.sendEvent(panel, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
    assert all(label.textInteractionFlags() & selectable for label in panel.labels.values())
    value = panel.labels["w"]
    qtbot.mouseDClick(value, Qt.MouseButton.LeftButton, pos=value.rect().center())
    assert value.hasSelectedText()
    QApplication.sendEvent(panel, QEvent(QEvent.Type.Leave))
    assert not any(label.textInteractionFlags() & selectable for label in panel.labels.values())


def test_readout_nan_is_a_dash_and_divergence_is_explicit(qtbot, view):
    panel = ReadoutPanel()
    qtbot.addWidget(panel)
    panel.show_snapshot(make_snapshot(view, step=0, batch=0, batch_loss=np.nan, grad_w=[np.nan, np.nan], grad_b=np.nan))
    assert _label(panel, "batch_loss") == "—"
    assert _label(panel, "grad_b") == "—"
    assert "nan" not in _label(panel, "grad_w").lower()
    assert panel.diverged_label.isHidden()
    panel.show_snapshot(make_snapshot(view, batch_loss=np.inf, full_loss=np.nan, w=[np.nan, -np.inf], diverged_at=7))
    assert _label(panel, "batch_loss") == "∞"
    assert _label(panel, "full_loss") == "diverged"
    assert "diverged" in _label(panel, "w") and "-∞" in _label(panel, "w")
    assert not panel.diverged_label.isHidden() and "7" in panel.diverged_label.text()
    texts = [label.text().lower() for label in panel.labels.values()]
    assert not any("nan" in text or "inf" in text for text in texts)


def _cell(table: BatchTable, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    model = table.model()
    return model.data(model.index(row, column), role)


def _big_batch(view: DataView, start: int = 100, rows: int = 1000) -> Snapshot:
    indices = np.arange(start, start + rows) % view.n
    return make_snapshot(
        view,
        batch_indices=frozen_array(indices),
        batch_x=frozen_array(view.x[indices]),
        batch_y=frozen_array(view.y[indices]),
    )


def test_batch_table_lists_the_batch(qtbot, view):
    table = BatchTable()
    qtbot.addWidget(table)
    table.show()
    assert table.objectName() == "batchTable"
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert table.selectionMode() == QAbstractItemView.SelectionMode.NoSelection
    model = table.model()
    s = make_snapshot(view, rows=10)
    table.show_snapshot(s)
    assert model.rowCount() == 10 and model.columnCount() == 4
    headers = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) for c in range(4)]
    assert headers == ["index", "x1", "x2", "y"]
    assert _cell(table, 0, 0) == "0"
    assert _cell(table, 0, 1) == format_number(view.x[0, 0], digits=5)
    assert float(_cell(table, 0, 1)) == pytest.approx(view.x[0, 0], rel=1e-4)
    assert float(_cell(table, 0, 3)) == pytest.approx(view.y[0], rel=1e-4)
    alignment = Qt.AlignmentFlag(_cell(table, 0, 1, Qt.ItemDataRole.TextAlignmentRole))
    assert alignment & Qt.AlignmentFlag.AlignRight
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    big = _big_batch(view)
    table.show_snapshot(big)
    assert model.rowCount() == 1000
    assert _cell(table, 999, 0) == str(1099 % view.n)
    assert _cell(table, 999, 2) == format_number(view.x[1099 % view.n, 1], digits=5)
    # Another batch of the same shape is a repaint, not a reset (which would forget the view's state) …
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged, timeout=1000):
        table.show_snapshot(_big_batch(view, start=200))
    assert _cell(table, 0, 0) == "200"
    # … and the same batch again (same data set, same indices) is not passed on at all.
    with qtbot.assertNotEmitted(model.dataChanged), qtbot.assertNotEmitted(model.modelReset):
        table.show_snapshot(_big_batch(view, start=200))
    table.show_snapshot(make_snapshot(view, rows=0))
    assert model.rowCount() == 0
    assert model.columnCount() == 4  # the headers stay


def test_batch_table_formats_only_the_cells_it_paints(qtbot, view, monkeypatch):
    """A 1,000-row batch costs no per-cell work until the view paints, and then only the visible cells."""
    calls = []

    def counting(value, *args, **kwargs):
        calls.append(value)
        return format_number(value, *args, **kwargs)

    monkeypatch.setattr(readout, "format_number", counting)
    table = BatchTable()
    qtbot.addWidget(table)
    table.resize(400, 500)
    table.show()
    table.show_snapshot(_big_batch(view))
    assert table.model().rowCount() == 1000
    assert calls == []  # nothing formatted ahead of painting
    table.grab()
    assert 0 < len(calls) < 200  # a screenful of the 3,000 numbers
    assert _cell(table, 500, 3) == format_number(view.y[600], digits=5)


def test_hidden_batch_table_fills_when_shown(qtbot, view):
    table = BatchTable()
    qtbot.addWidget(table)
    table.show_snapshot(make_snapshot(view, rows=7))
    assert table.model().rowCount() == 0  # hidden: nothing filled yet
    table.show()
    assert table.model().rowCount() == 7
    assert _cell(table, 6, 0) == "6"


def test_format_number():
    assert format_number(1.999953) == "2.0000"
    assert format_number(123456.7) == "1.2346e5"
    assert format_number(math.nan) == "—"
    assert format_number(math.nan, diverged=True) == "diverged"
    assert format_number(-math.inf) == "-∞"


# ----- a whole run, and the import rule -----------------------------------------------------------
def test_panels_follow_a_simulated_run(qtbot, view):
    panels = [DataPanel(), LossPanel(), ParamsPanel(), GradsPanel(), ReadoutPanel(), BatchTable()]
    for panel in panels:
        qtbot.addWidget(panel)
        panel.show()
        if hasattr(panel, "set_data"):
            panel.new_data(view)
    snapshots = simulate(view, 300)
    for s in snapshots:
        for panel in panels:
            panel.show_snapshot(s)
    _, loss, params, grads, readout, table = panels
    assert len(loss.batch_history) == 300
    assert len(loss.epoch_history) == 3
    last = params.curves[0].getOriginalDataset()[1][-1]
    assert last == pytest.approx(TRUE_W[0], abs=0.05)
    assert readout.text("step") == "300"
    assert table.model().rowCount() == 10
    assert _cell(table, 0, 0) == str(snapshots[-1].batch_indices[0])
    assert np.all(np.isfinite(grads.heights))


def test_panels_draw_a_diverged_run(qtbot, view):
    """Huge, infinite and NaN values (a learning rate far too large) are drawn without errors or warnings."""
    panels = [DataPanel(), LossPanel(), ParamsPanel(), GradsPanel(), ReadoutPanel(), BatchTable()]
    for panel in panels:
        qtbot.addWidget(panel)
        panel.resize(640, 440)
        panel.show()
        if hasattr(panel, "set_data"):
            panel.new_data(view)
    values = np.array([1.0, 1e10, 1e150, 1e300, np.inf, np.nan, np.nan, np.nan])
    table = np.column_stack([values, -values, values])
    loss = np.array([1.0, 1e20, 1e300, np.inf, np.inf, np.nan, np.nan, np.nan])
    history = make_history(1, len(values), 2, loss=loss, params=table, grads=-table, epoch_ends=[[8, np.nan]])
    s = make_snapshot(view, history, w=[np.nan, np.nan], b=np.nan, grad_w=[np.nan, np.inf], diverged_at=5)
    for panel in panels:
        panel.show_snapshot(s)
        panel.grab()
    assert panels[4].text("full_loss") == "0.062500"  # the fake's last full-data loss, still finite
    assert panels[4].text("b") == "diverged"


def test_panels_import_no_torch():
    code = (
        "import sys; import linreg_gui.ui.panels; "
        "bad = [m for m in sys.modules if m == 'torch' or m.startswith(('linreg_gui.core.trainer', "
        "'linreg_gui.core.data', 'linreg_gui.core.session'))]; "
        "assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_a_short_gradients_panel_shows_the_bars_only(qtbot):
    """Large fonts or a small window: two rows of plots would squeeze both unreadable."""
    panel = GradsPanel()
    qtbot.addWidget(panel)
    panel.resize(600, 500)
    panel.show()
    qtbot.waitUntil(lambda: panel.history_plot.isVisible())
    panel.resize(600, HISTORY_MIN_PANEL_PX - 40)
    qtbot.waitUntil(lambda: not panel.history_plot.isVisible())
    assert panel.plot.isVisible()
    panel.resize(600, 500)
    qtbot.waitUntil(lambda: panel.history_plot.isVisible())
