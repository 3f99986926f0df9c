"""B6 and B7: does every single action answer at once, and does a storm of them queue up?

B6 clicks one widget (or triggers one menu action by its objectName) with the window otherwise idle
and reads a 5 ms probe timer on the UI thread: the worst gap between its ticks in the 1.5 s after
the action (for a Regenerate, after its data set is on screen: at n = 10⁶ that takes longer). An
action over target is done again in a second pass, in the same order, with each ``processEvents()``
call profiled; the top functions of the slowest call say what took the time.

B7 fires 600 seeded random actions with no pause: each one is posted to the event loop and followed
by exactly one ``processEvents()`` call, whose duration is the figure. At the end, an experiment
opened (as File ▸ Open Experiment does; it regenerates whether training runs or not, where the
Regenerate button may be disabled by a Run still in flight) with an n no other action uses must be on
screen within 0.5 s.

``python benchmarks/responsiveness.py`` runs both alone and prints their table; ``run.py`` runs this
script as a child process (it must not share a process with torch, which the window never loads).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer, qInstallMessageHandler
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox
from window import UiProbe, WindowBench, spin, wait_until

from linreg_gui.core.config import DataConfig, TrainConfig
from linreg_gui.core.experiment import Experiment
from linreg_gui.core.presets import PRESETS
from linreg_gui.protocol import Pause, RunState

WINDOW_SIZE = (1920, 1080)
AFTER_S = 1.5
IDLE_BEFORE_S = 0.3
GAP_TARGET_MS = 50.0
STORM_TARGET_MS = 250.0
STORM_EFFECT_S = 0.5
STORM_ACTIONS = 600
STORM_SEED = 20261206
STORM_LAST_N = 777  # the data set of the storm's final action: no other action sets this n
PROFILE_TOP = 3


@dataclass(frozen=True)
class Action:
    """What the user does; ``done`` (if given) says when its result is on screen, when that may take
    longer than the measured span (a large data set): the span then runs from the action until
    ``AFTER_S`` after it is done."""

    name: str
    do: Callable[[], None]
    done: Callable[[], bool] | None = None


@dataclass(frozen=True)
class Gap:
    action: str
    worst_ms: float
    cause: str = ""


class Driver:
    """The user's hands: clicks and menu triggers by objectName on one window."""

    def __init__(self, bench: WindowBench) -> None:
        self.bench = bench
        self.window = bench.window

    def click(self, name: str) -> Callable[[], None]:
        def do() -> None:
            button = self.window.findChild(QAbstractButton, name)
            if button.isEnabled():
                button.click()

        return do

    def trigger(self, name: str) -> Callable[[], None]:
        return lambda: self.window.findChild(QAction, name).trigger()

    def choose(self, combo_name: str, index: int) -> Callable[[], None]:
        """Pick an entry as from the popup: the current index and ``activated``, as Qt emits them."""

        def do() -> None:
            combo = self.window.findChild(QComboBox, combo_name)
            if combo.isEnabled() and index < combo.count():
                combo.setCurrentIndex(index)
                combo.activated.emit(index)

        return do

    def regenerate(self, n: int | None = None, p: int | None = None) -> Callable[[], None]:
        def do() -> None:
            controls = self.window.controls
            if n is not None:
                controls.n_spin.setValue(n)
            if p is not None:
                controls.features_spin.setValue(p)
            self.click("regenerateButton")()

        return do

    def shows(self, n: int, p: int) -> Callable[[], bool]:
        """Whether a data set of this size and a snapshot of it are on screen."""

        def done() -> bool:
            s, view = self.window.last_snapshot, self.window.data_view
            return view is not None and (view.n, view.p) == (n, p) and s is not None and s.generation >= view.generation

        return done

    def lecture(self, on: bool) -> Callable[[], None]:
        def do() -> None:
            action = self.window.findChild(QAction, "lectureModeAction")
            if action.isChecked() != on:
                action.trigger()

        return do

    def single_actions(self) -> list[Action]:
        """B6's list, in an order that leaves the window as it found it."""
        presets = [
            Action(f"preset: {name}", self.choose("presetCombo", index)) for index, name in enumerate(PRESETS, 1)
        ]
        return [
            Action("Step Batch", self.click("stepBatchButton")),
            Action("Step Phase", self.click("stepPhaseButton")),
            Action("Step Back", self.click("stepBackButton")),
            Action("Run Epoch", self.click("runEpochButton")),
            Action("Run (Run/Pause)", self.click("runPauseButton")),
            Action("Pause (Run/Pause)", self.click("runPauseButton")),
            Action("Built-in", self.click("implBuiltinButton")),
            Action("From scratch", self.click("implScratchButton")),
            Action("Reset", self.click("resetButton")),
            Action("Regenerate n=10³, p=10", self.regenerate(n=1_000, p=10), self.shows(1_000, 10)),
            Action("landscape horizontal axis → w3", self.choose("landscapeXCombo", 2)),
            Action("landscape vertical axis → b", self.choose("landscapeYCombo", 10)),
            Action("Regenerate n=10⁶, p=10", self.regenerate(n=1_000_000, p=10), self.shows(1_000_000, 10)),
            Action("feature count 10 → 2 (Regenerate n=10³)", self.regenerate(n=1_000, p=2), self.shows(1_000, 2)),
            Action("Compare on", self.click("compareButton")),
            Action("Compare off", self.click("compareButton")),
            *presets,
            Action("preset: The note's defaults (again)", self.choose("presetCombo", 1)),
            Action("language: 繁體中文", self.trigger("languageChineseAction")),
            Action("language: English", self.trigger("languageEnglishAction")),
            Action("lecture mode on", self.lecture(True)),
            Action("lecture mode off", self.lecture(False)),
            Action("theme: dark", self.trigger("darkThemeAction")),
            Action("theme: light", self.trigger("lightThemeAction")),
        ]

    def storm_actions(self) -> list[Action]:
        """B7's repertoire: every B6 action at the note's size (n=10³), with the feature count varied."""
        singles = [a for a in self.single_actions() if "10⁶" not in a.name and "feature count" not in a.name]
        features = [Action(f"feature count {p}", self.regenerate(n=1_000, p=p)) for p in (1, 2, 3, 5, 10)]
        return singles + features


def wait_idle_window(bench: WindowBench, keep_running: bool = False) -> None:
    """Paused (unless ``keep_running``), data and snapshot of its own snapshot on screen, the event loop
    quiet for a moment."""
    window = bench.window
    if window.run_state != RunState.IDLE and not keep_running:
        window.training.send(Pause())
        bench.wait_idle(60)

    def drawn() -> bool:
        s, view = window.last_snapshot, window.data_view
        return s is not None and view is not None and s.generation >= view.generation

    wait_until(drawn, window.snapshotShown, 60, "the current data set on screen")
    spin(IDLE_BEFORE_S)


def settle_action(bench: WindowBench, action: Action) -> None:
    """Let an action that starts a run end (Run Epoch, Run) before the next one is measured."""
    window = bench.window
    if action.name.startswith("Run (") or window.run_state == RunState.IDLE:
        return
    deadline = time.perf_counter() + 120
    while window.run_state != RunState.IDLE and time.perf_counter() < deadline:
        spin(0.1)


def measure_single(bench: WindowBench, action: Action, probe: UiProbe) -> float:
    """Worst probe gap (ms) from the last tick before the action to ``AFTER_S`` after it."""
    probe.start()
    spin(0.05)
    started = time.perf_counter()
    action.do()
    if action.done is not None:
        wait_until(action.done, bench.window.snapshotShown, 120, action.name)
    spin(AFTER_S)
    probe.stop()
    ticks = probe.ticks
    before = [t for t in ticks if t < started]
    since = before[-1] if before else started
    gaps = probe.gaps_ms(since)
    return float(gaps.max()) if len(gaps) else AFTER_S * 1000


def profile_single(bench: WindowBench, action: Action) -> str:
    """Do ``action`` again, driving the event loop by hand, and name what the slowest call spent."""
    app = QApplication.instance()
    worst, worst_profile = 0.0, None
    keepalive = QTimer(interval=5)  # processEvents(WaitForMoreEvents) returns at least every 5 ms
    keepalive.timeout.connect(lambda: None)
    keepalive.start()
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    action.do()
    profile.disable()
    worst, worst_profile = (time.perf_counter() - started) * 1000, profile
    end = time.perf_counter() + AFTER_S
    while time.perf_counter() < end or (action.done is not None and not action.done()):
        profile = cProfile.Profile()
        t0 = time.perf_counter()
        profile.enable()
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        profile.disable()
        took = (time.perf_counter() - t0) * 1000
        if took > worst:
            worst, worst_profile = took, profile
    keepalive.stop()
    return f"(profiled {worst:.0f} ms) " + top_functions(worst_profile)


def top_functions(profile: cProfile.Profile) -> str:
    """The functions with the most own time, and the app's own function with the most time under it."""
    stats = pstats.Stats(profile)
    rows = stats.stats  # {(file, line, name): (calls, primitive, tottime, cumtime, callers)}
    own = sorted(rows.items(), key=lambda kv: kv[1][2], reverse=True)[:PROFILE_TOP]
    ours = [kv for kv in rows.items() if "linreg_gui" in kv[0][0] and kv[0][2] not in ("do", "<lambda>")]
    parts = [f"{_where(key)} {value[2] * 1000:.0f} ms own" for key, value in own]
    if ours:
        key, value = max(ours, key=lambda kv: kv[1][3])
        parts.append(f"under {_where(key)} {value[3] * 1000:.0f} ms")
    return "; ".join(parts)


def _where(key: tuple[str, int, str]) -> str:
    path, _line, name = key
    module = path.replace("\\", "/").rsplit("/", 2)
    return f"`{'/'.join(module[-2:]) if path.startswith('/') else path}:{name}`"


def bench_single_actions(bench: WindowBench) -> list[Gap]:
    """B6: every single action once, idle before and after; over-target actions profiled in a second pass."""
    window = bench.window
    window.resize(*WINDOW_SIZE)
    bench.load(DataConfig(), TrainConfig(), "scratch")
    driver = Driver(bench)
    actions = driver.single_actions()
    probe = UiProbe()
    worst: dict[str, float] = {}
    for action in actions:
        wait_idle_window(bench, keep_running=action.name.startswith("Pause"))
        worst[action.name] = measure_single(bench, action, probe)
        print(f"B6 {action.name}: {worst[action.name]:.0f} ms", file=sys.stderr, flush=True)
        settle_action(bench, action)
    missed = {name for name, ms in worst.items() if ms > GAP_TARGET_MS}
    causes: dict[str, str] = {}
    if missed:
        bench.load(DataConfig(), TrainConfig(), "scratch")
        for action in actions:
            wait_idle_window(bench, keep_running=action.name.startswith("Pause"))
            if action.name in missed:
                causes[action.name] = profile_single(bench, action)
            else:
                action.do()
                if action.done is not None:
                    wait_until(action.done, bench.window.snapshotShown, 120, action.name)
                spin(AFTER_S)
            settle_action(bench, action)
    wait_idle_window(bench)
    return [Gap(a.name, worst[a.name], causes.get(a.name, "")) for a in actions]


@dataclass(frozen=True)
class Storm:
    worst_ms: float
    worst_action: str
    over_target: int
    effect_s: float


def bench_storm(bench: WindowBench, actions: int = STORM_ACTIONS, seed: int = STORM_SEED) -> Storm:
    """B7: ``actions`` random actions, each posted and followed by one ``processEvents()``, no pause."""
    app = QApplication.instance()
    window = bench.window
    bench.load(DataConfig(), TrainConfig(), "scratch")
    wait_idle_window(bench)
    driver = Driver(bench)
    repertoire = driver.storm_actions()
    rng = random.Random(seed)
    plan = [rng.choice(repertoire) for _ in range(actions - 1)]
    last = Experiment(DataConfig(n=STORM_LAST_N), TrainConfig())
    plan.append(Action(f"open an experiment with n={STORM_LAST_N}", lambda: window.apply_experiment(last)))
    durations = []
    for action in plan:
        QTimer.singleShot(0, action.do)
        started = time.perf_counter()
        app.processEvents()
        durations.append(((time.perf_counter() - started) * 1000, action.name))
    ended = time.perf_counter()

    def shown() -> bool:
        s, view = window.last_snapshot, window.data_view
        return view is not None and view.n == STORM_LAST_N and s is not None and s.generation >= view.generation

    try:
        wait_until(shown, window.snapshotShown, 60, f"the storm's last data set (n={STORM_LAST_N})")
        effect_s = time.perf_counter() - ended
    except TimeoutError:
        effect_s = float("inf")
    worst_ms, worst_action = max(durations)
    for restore in (driver.lecture(False), driver.trigger("languageEnglishAction"), driver.trigger("lightThemeAction")):
        restore()
    wait_idle_window(bench)
    return Storm(worst_ms, worst_action, sum(ms > STORM_TARGET_MS for ms, _ in durations), effect_s)


# ----- standalone -----------------------------------------------------------------------------------
def figures(only: set[str], storm_actions: int) -> list[dict]:
    """The table's rows (as ``run.py``'s Figure fields) for B6 and/or B7, from one window."""
    bench = WindowBench()
    rows: list[dict] = []
    try:
        if "B6" in only:
            for gap in bench_single_actions(bench):
                rows.append(
                    {
                        "key": "B6",
                        "name": f"worst UI gap within {AFTER_S:g} s after: {gap.action}",
                        "measured": f"{gap.worst_ms:.0f} ms" + (f"; {gap.cause}" if gap.cause else ""),
                        "target": f"≤ {GAP_TARGET_MS:.0f} ms",
                        "ok": gap.worst_ms <= GAP_TARGET_MS,
                    }
                )
        if "B7" in only:
            storm = bench_storm(bench, storm_actions)
            rows.append(
                {
                    "key": "B7",
                    "name": f"storm of {storm_actions} seeded random actions, no pause: worst single `processEvents()`",
                    "measured": f"{storm.worst_ms:.0f} ms (with {storm.worst_action}; {storm.over_target} over target)",
                    "target": f"≤ {STORM_TARGET_MS:.0f} ms",
                    "ok": storm.worst_ms <= STORM_TARGET_MS,
                }
            )
            rows.append(
                {
                    "key": "B7",
                    "name": "the storm's last action (opening an experiment) on screen, after the storm ends",
                    "measured": f"{storm.effect_s:.2f} s",
                    "target": f"≤ {STORM_EFFECT_S:g} s",
                    "ok": storm.effect_s <= STORM_EFFECT_S,
                }
            )
    finally:
        bench.close()
        QApplication.processEvents()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="B6,B7", help="B6, B7 or B6,B7")
    parser.add_argument("--storm-actions", type=int, default=STORM_ACTIONS)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON (for run.py)")
    args = parser.parse_args()
    only = {key.strip().upper() for key in args.only.split(",")}
    with tempfile.TemporaryDirectory(prefix="linreg-bench-") as own_dir:
        app = QApplication(sys.argv[:1])
        qInstallMessageHandler(lambda _kind, _context, message: "propagateSizeHints" in message or print(message))
        settings_dir = os.environ.get("LINREG_BENCH_SETTINGS", own_dir)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
        rows = figures(only, args.storm_actions)
        del app
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        print("| # | figure | measured | target | ok |\n| --- | --- | --- | --- | --- |")
        for row in rows:
            ok = "yes" if row["ok"] else "**NO**"
            print(f"| {row['key']} | {row['name']} | {row['measured']} | {row['target']} | {ok} |")
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
