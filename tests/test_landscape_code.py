"""The loss-landscape panel and the code pane, fed with hand-made data views and snapshots (numpy only)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from test_panels import make_view as panel_view

from linreg_gui.core.landscape import level_set, loss_grid
from linreg_gui.core.phases import Phase
from linreg_gui.core.snapshot import DataView, Snapshot, StepHistory, frozen_array
from linreg_gui.ui.code_pane import CodePane
from linreg_gui.ui.panels.landscape_panel import PATH_CAPACITY, LandscapePanel

TRUE_W = (2.0, -3.4)
TRUE_B = 4.2


def make_view(n: int = 500, w=TRUE_W, b: float = TRUE_B, noise: float = 0.1, seed: int = 0) -> DataView:
    """The panels' DataView with a noisier, smaller data set: the landscape's minimum is off the truth."""
    return panel_view(n=n, w=w, b=b, noise=noise, seed=seed)


def make_history(first: int, params: np.ndarray) -> StepHistory:
    params = np.asarray(params, dtype=np.float64)
    k = len(params)
    return StepHistory(
        steps=frozen_array(np.arange(first, first + k, dtype=np.int64)),
        epochs=frozen_array(np.ones(k, dtype=np.int64)),
        batches=frozen_array(np.arange(1, k + 1)),
        batch_loss=frozen_array(np.ones(k)),
        params=frozen_array(params),
        grads=frozen_array(np.zeros_like(params)),
        epoch_ends=frozen_array(np.empty((0, 2))),
    )


def make_snapshot(
    theta,
    history: StepHistory | None = None,
    grad=(1.0, -2.0, 0.5),
    full_grad=(0.5, -1.0, 0.2),
    step: int | None = None,
):
    theta = np.asarray(theta, dtype=np.float64)
    p = len(theta) - 1
    history = make_history(1, np.empty((0, p + 1))) if history is None else history
    if step is None:
        step = int(history.steps[-1]) if len(history) else 0
    grad, full_grad = np.asarray(grad, dtype=np.float64), np.asarray(full_grad, dtype=np.float64)
    return Snapshot(
        generation=1, impl="scratch", step=step, epoch=1, batch=step, num_batches=50, epochs_done=0, phase=None,
        w=frozen_array(theta[:p]), b=float(theta[p]), grad_w=frozen_array(grad[:p]), grad_b=float(grad[p]),
        batch_loss=1.0, full_loss=1.0, w_sq_error=0.0, b_sq_error=0.0, w_sq_error_lstsq=0.0, b_sq_error_lstsq=0.0,
        batch_indices=frozen_array(np.arange(3)), batch_x=frozen_array(np.zeros((3, p))),
        batch_y=frozen_array(np.zeros(3)), diverged_at=None, history=history,
        full_grad_w=frozen_array(full_grad[:p]), full_grad_b=float(full_grad[p]),
    )  # fmt: skip


def path_to(start, end, k: int, first: int = 1):
    """``k`` steps on the straight line from ``start`` towards ``end`` (the last row is ``end``)."""
    t = np.linspace(0, 1, k + 1)[1:, None]
    rows = np.asarray(start, dtype=np.float64) + t * (np.asarray(end) - np.asarray(start))
    return make_history(first, rows)


@pytest.fixture
def panel(qtbot):
    widget = LandscapePanel()
    qtbot.addWidget(widget)
    widget.resize(640, 480)
    widget.new_data(make_view())
    widget.new_run(keep_previous=True)
    return widget


def test_names_and_combos(panel):
    assert panel.plot.objectName() == "landscapePlot"
    assert panel.x_combo.objectName() == "landscapeXCombo"
    assert panel.y_combo.objectName() == "landscapeYCombo"
    assert [panel.x_combo.itemText(k) for k in range(panel.x_combo.count())] == ["w1", "w2", "b"]
    assert panel.pair == (0, 1)


def test_image_shape_and_minimum_near_least_squares(panel):
    view = panel.view
    panel.show_snapshot(make_snapshot([0.0, 0.0, view.lstsq_b]))
    assert panel.image_data.shape == (panel.grid_size, panel.grid_size)
    assert panel.image.image.shape == (panel.grid_size, panel.grid_size)
    a, b = np.unravel_index(np.argmin(panel.image_data), panel.image_data.shape)
    cell = panel.xs[1] - panel.xs[0]
    assert abs(panel.xs[a] - view.lstsq_w[0]) <= cell
    assert abs(panel.ys[b] - view.lstsq_w[1]) <= cell
    # the range covers the start and the truth
    x0, x1 = panel.xs[[0, -1]]
    y0, y1 = panel.ys[[0, -1]]
    assert x0 < min(0.0, TRUE_W[0]) and x1 > max(0.0, TRUE_W[0])
    assert y0 < min(0.0, TRUE_W[1]) and y1 > max(0.0, TRUE_W[1])


def test_p1_uses_w1_and_b(qtbot):
    widget = LandscapePanel()
    qtbot.addWidget(widget)
    view = make_view(w=(1.5,), b=-0.5)
    widget.new_data(view)
    assert widget.pair == (0, 1)
    assert [widget.x_combo.itemText(k) for k in range(widget.x_combo.count())] == ["w1", "b"]
    widget.show_snapshot(make_snapshot([0.0, 0.0], grad=(1.0, 1.0), full_grad=(1.0, 1.0)))
    a, b = np.unravel_index(np.argmin(widget.image_data), widget.image_data.shape)
    assert abs(widget.xs[a] - view.lstsq_w[0]) <= widget.xs[1] - widget.xs[0]
    assert abs(widget.ys[b] - view.lstsq_b) <= widget.ys[1] - widget.ys[0]


def test_path_grows_with_history_and_empty_history_is_fine(panel):
    start = np.array([0.0, 0.0, 0.0])
    panel.show_snapshot(make_snapshot(start))  # step 0, empty history
    assert len(panel.path_points) == 1
    h1 = path_to(start, [0.5, -0.5, 0.5], 10)
    panel.show_snapshot(make_snapshot(h1.params[-1], h1))
    assert len(panel.path_points) == 11
    h2 = path_to(h1.params[-1], [1.0, -1.0, 1.0], 25, first=11)
    panel.show_snapshot(make_snapshot(h2.params[-1], h2))
    assert len(panel.path_points) == 36
    np.testing.assert_allclose(panel.path_points[-1], [1.0, -1.0])
    panel.show_snapshot(make_snapshot(h2.params[-1], step=35))  # a snapshot without new steps adds nothing
    assert len(panel.path_points) == 36
    panel.show_snapshot(make_snapshot(h1.params[4], step=5))  # back to step 5 (a checkpoint): the path is cut
    assert len(panel.path_points) == 6
    panel.new_run(keep_previous=True)
    assert len(panel.path_points) == 0


def test_path_is_bounded_and_keeps_the_newest_point(panel):
    start = np.zeros(3)
    first = 1
    theta = start
    for _ in range(4):
        history = path_to(theta, theta + np.array([0.1, 0.1, 0.0]), 3_000, first=first)
        theta = history.params[-1]
        first += 3_000
        panel.show_snapshot(make_snapshot(theta, history))
        assert len(panel.path_points) <= PATH_CAPACITY
    np.testing.assert_allclose(panel.path_points[-1], theta[:2])
    assert len(panel.path_points) > PATH_CAPACITY // 4


def test_a_path_that_turns_back_is_drawn_whole(panel):
    """Downsampling and clipping to the view assume x grows along a curve; a path in parameter space
    does not, so neither may drop points of it."""
    there = path_to(np.zeros(3), np.array([0.3, 0.2, 0.0]), 400)
    back = path_to(there.params[-1], np.array([0.05, 0.3, 0.0]), 400, first=401)
    panel.show_snapshot(make_snapshot(there.params[-1], there))
    panel.show_snapshot(make_snapshot(back.params[-1], back))
    x, y = panel.path_curve.getData()
    assert len(x) == len(panel.path_points) == 800
    np.testing.assert_allclose(np.column_stack([x, y]), panel.path_points)


def drawn_runs(panel) -> list[np.ndarray]:
    """The contour curve's runs (split at its NaN rows) as (k, 2) points."""
    x, y = panel.contours.getData()
    points = np.column_stack([x, y])
    breaks = np.flatnonzero(np.isnan(points[:, 0]))
    runs = [part[np.isfinite(part[:, 0])] for part in np.split(points, breaks)]
    return [run for run in runs if len(run)]


def loss_at(panel, points: np.ndarray) -> np.ndarray:
    i, j = panel.pair
    held = panel._grid_theta
    return np.array([loss_grid(panel._gram, panel._moment, panel._y_sq, held, i, j, [x], [y])[0, 0] for x, y in points])


@pytest.mark.parametrize("pair", [(0, 1), (0, 2), (2, 1)])
def test_contours_lie_on_their_levels(panel, pair):
    panel.show_snapshot(make_snapshot([0.5, -0.5, 1.0]))
    panel.set_pair(*pair)
    levels = panel.contour_levels
    lo, hi = 10 ** panel.image_data.min(), 10 ** panel.image_data.max()
    assert len(levels) == 9 and np.all((levels > lo) & (levels < hi))
    runs = drawn_runs(panel)
    assert runs
    seen = set()
    for run in runs:
        loss = loss_at(panel, run)
        level = int(np.argmin(np.abs(levels - loss[0])))
        np.testing.assert_allclose(loss, levels[level], rtol=1e-9)
        seen.add(level)
    assert seen == set(range(9))  # each level crosses the map, as the grid spans lo … hi
    # inside the image, a step of at most a few pixels: smooth curves, not polygons
    rect = panel.image.mapRectToParent(panel.image.boundingRect())
    for run in runs:
        inside = (run[:, 0] > rect.left()) & (run[:, 0] < rect.right())
        steps = np.hypot(*np.diff(run[inside], axis=0).T)
        assert np.all(steps <= rect.width() / 300)


def test_contours_follow_a_held_parameter(panel):
    panel.show_snapshot(make_snapshot([0.0, 0.0, 0.0]))
    before = drawn_runs(panel)
    span = panel.xs[-1] - panel.xs[0]
    theta = np.array([0.0, 0.0, 0.5 * span])  # b, held, moves: the grid and its contours are redrawn
    panel.show_snapshot(make_snapshot(theta, make_history(1, theta[None, :])))
    after = drawn_runs(panel)
    assert not np.array_equal(np.concatenate(before), np.concatenate(after))
    for run in after:
        loss = loss_at(panel, run)
        np.testing.assert_allclose(loss, loss[0], rtol=1e-9)


@pytest.mark.parametrize(
    ("gram", "moment", "y_sq", "shape"),
    [
        (np.diag([1.0, 4.0, 1.0]), np.array([1.0, -2.0, 0.0]), 2.1, "ellipse"),
        (np.outer([1.0, 2.0, 1.0], [1.0, 2.0, 1.0]), np.array([3.0, 6.0, 3.0]), 9.0, "lines"),  # one example: rank 1
        (np.diag([1.0, 0.0, 1.0]), np.array([0.0, -1.0, 0.0]), 2.1, "parabola"),  # flat along θ_2, with a slope
        (np.zeros((3, 3)), np.array([1.0, 1.0, 0.0]), 2.1, "line"),  # no curvature at all
    ],
)
def test_level_sets_of_every_kind_of_quadratic(gram, moment, y_sq, shape):
    box, theta = (-3.0, 3.0, -2.0, 4.0), np.zeros(3)
    for level in (0.5, 2.0, 6.0):
        points = level_set(gram, moment, y_sq, theta, 0, 1, level, box)
        finite = points[np.isfinite(points[:, 0])]
        assert len(finite) > 10, (shape, level)
        loss = loss_grid(gram, moment, y_sq, theta, 0, 1, finite[:, 0], finite[:, 1]).diagonal()
        np.testing.assert_allclose(loss, level, rtol=1e-9, atol=1e-12)
        x0, x1, y0, y1 = box
        inside = (finite[:, 0] >= x0) & (finite[:, 0] <= x1) & (finite[:, 1] >= y0) & (finite[:, 1] <= y1)
        assert inside.mean() > 0.9  # what is drawn lies in the box, but for one step past its edges
    runs = np.isnan(level_set(gram, moment, y_sq, theta, 0, 1, 2.0, box)[:, 0]).sum() + 1
    assert runs >= {"ellipse": 1, "lines": 2, "parabola": 1, "line": 1}[shape]
    assert len(level_set(gram, moment, y_sq, theta, 0, 1, -1.0, box)) == 0 or shape in ("parabola", "line")


def test_grid_recomputed_only_when_needed(panel):
    panel.show_snapshot(make_snapshot([0.0, 0.0, 0.0]))
    count = panel.grid_computations
    span = panel.xs[-1] - panel.xs[0]
    # only θ_i, θ_j (w1, w2) move: no new grid
    theta = np.zeros(3)
    for step in range(1, 30):
        theta = np.array([0.05 * step, -0.08 * step, 0.0])
        panel.show_snapshot(make_snapshot(theta, make_history(step, theta[None, :])))
    assert panel.grid_computations == count
    # the held b moves by less than 2 % of the span: still none
    theta = theta + np.array([0.0, 0.0, 0.01 * span])
    panel.show_snapshot(make_snapshot(theta, make_history(30, theta[None, :])))
    assert panel.grid_computations == count
    # b moves a lot: one new grid
    theta = theta + np.array([0.0, 0.0, 0.2 * span])
    panel.show_snapshot(make_snapshot(theta, make_history(31, theta[None, :])))
    assert panel.grid_computations == count + 1
    # now b is on an axis, w2 is held: moving b no longer redraws
    panel.y_combo.setCurrentIndex(2)
    assert panel.pair == (0, 2)
    assert panel.grid_computations == count + 2
    assert panel.plot.getPlotItem().getAxis("left").labelText == "b"
    theta = theta + np.array([0.0, 0.0, 0.5])
    panel.show_snapshot(make_snapshot(theta, make_history(32, theta[None, :])))
    assert panel.grid_computations == count + 2
    # new data: a new grid
    panel.new_data(make_view(seed=3))
    assert panel.grid_computations == count + 3


def test_same_parameter_on_both_axes_swaps(panel):
    panel.x_combo.setCurrentIndex(1)  # w2 across, where w2 was up
    assert panel.pair == (1, 0)
    assert panel.y_combo.currentIndex() == 0


def test_arrows_follow_gradients_and_hide_on_nan(panel):
    theta = np.array([0.0, 0.0, 0.0])
    panel.show_snapshot(make_snapshot(theta, grad=(1.0, 0.0, 0.0), full_grad=(0.0, 1.0, 0.0)))
    assert panel.arrows_visible == (True, True)
    xs, ys = panel.batch_arrow.shaft.getData()
    span = panel.xs[-1] - panel.xs[0]
    assert xs[1] < xs[0] and ys[1] == pytest.approx(ys[0])  # −gradient: to the left
    assert xs[0] - xs[1] == pytest.approx(0.15 * span)
    assert panel.batch_arrow.head.pos() == QPointF(xs[1], ys[1]) and panel.batch_arrow.head.rotation() == 0.0
    assert panel.current_marker.isVisible() and panel.current_marker.pos() == QPointF(0.0, 0.0)
    xs, ys = panel.full_arrow.shaft.getData()
    assert ys[1] < ys[0] and xs[1] == pytest.approx(xs[0])
    nan = (math.nan, math.nan, math.nan)
    panel.show_snapshot(make_snapshot(theta, grad=nan, full_grad=(0.5, 0.5, 0.5)))
    assert panel.arrows_visible == (False, True)
    panel.show_snapshot(make_snapshot(theta, grad=nan, full_grad=nan))
    assert panel.arrows_visible == (False, False)
    assert not panel.batch_arrow.head.isVisible()
    panel.show_snapshot(make_snapshot(np.array([0.2, -0.1, 0.0]), grad=(0.0, 1.0, 0.0)))
    assert panel.current_marker.pos() == QPointF(0.2, -0.1)
    assert panel.batch_arrow.head.rotation() == pytest.approx(-90.0)  # pointing down the screen's y: −∂/∂w2
    panel.show_snapshot(make_snapshot(np.array([math.nan, 0.0, 0.0])))
    assert not panel.current_marker.isVisible()


def test_legend_names(panel):
    key = panel.legend.text().replace("\u2060", "").replace("\u00a0", " ")
    assert all(name in key for name in ("SGD path", "true", "least squares", "−minibatch gradient", "−full gradient"))


def test_markers_at_truth_and_least_squares(panel):
    view = panel.view
    xs, ys = panel.true_marker.getData()
    assert (xs[0], ys[0]) == pytest.approx(TRUE_W)
    xs, ys = panel.lstsq_marker.getData()
    assert (xs[0], ys[0]) == pytest.approx(tuple(view.lstsq_w))


# ----- code pane ----------------------------------------------------------------------------------
def fake_source():
    from linreg_gui.core.source import StepSource  # imports torch; fine in a test

    lines = (
        "def train_step(self, X, y):",
        "    y_hat = linreg(X, self.w, self.b)",
        "    self.batch_cost = self.loss(y_hat, y)",
        "    if self.zero_grad:",
        "        zero(self.w, self.b)",
        "    self.batch_cost.backward()",
        "    sgd((self.w, self.b), self.lr)",
    )
    phases = {Phase.FORWARD: (1,), Phase.LOSS: (2,), Phase.ZERO_GRAD: (3, 4), Phase.BACKWARD: (5,), Phase.UPDATE: (6,)}
    return StepSource(lines, phases)


def test_code_pane_highlights_the_phase(qtbot):
    pane = CodePane()
    qtbot.addWidget(pane)
    source = fake_source()
    pane.set_source(source, "From scratch: ScratchRegression.train_step")
    assert pane.objectName() == "codePane"
    assert pane.view.objectName() == "codeView"
    assert pane.view.isReadOnly()
    assert pane.view.font().pointSize() >= 13
    assert pane.caption.objectName() == "codeCaption"
    assert pane.caption.text() == "From scratch: ScratchRegression.train_step"
    assert pane.view.toPlainText().splitlines() == list(source.lines)
    assert pane.highlighted_lines == ()
    pane.highlight("backward")
    assert pane.highlighted_lines == source.phase_lines[Phase.BACKWARD]
    selected = [s.cursor.blockNumber() for s in pane.view.extraSelections()]
    assert tuple(selected) == source.phase_lines[Phase.BACKWARD]
    assert pane.phase_label.objectName() == "phaseLabel"
    assert pane.phase_label.text().startswith("backward")
    pane.highlight(Phase.ZERO_GRAD)
    assert pane.highlighted_lines == (3, 4)
    pane.highlight(None)
    assert pane.highlighted_lines == ()
    assert pane.view.extraSelections() == []


def test_code_pane_keeps_the_phase_across_sources(qtbot):
    pane = CodePane()
    qtbot.addWidget(pane)
    pane.highlight("update")  # before any source: nothing to highlight yet
    assert pane.highlighted_lines == ()
    pane.set_source(fake_source(), "Built-in: BuiltinRegression.train_step")
    assert pane.highlighted_lines == (6,)
    assert pane.caption.text() == "Built-in: BuiltinRegression.train_step"


def test_ui_modules_do_not_import_torch():
    import subprocess
    import sys

    code = (
        "import sys; import linreg_gui.ui.code_pane, linreg_gui.ui.panels.landscape_panel; "
        "assert 'torch' not in sys.modules, 'torch imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
