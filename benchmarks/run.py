"""Performance benchmark of the window: ``python benchmarks/run.py [--quick] [--long-steps N]``.

Every figure is a ratio or a bound measured inside this one run, so a slow or busy machine moves
both sides of a comparison together. Prints a Markdown table and exits 1 if a target is missed.

B1 training throughput in the live window against the note's bare loop (both implementations)
B2 UI responsiveness while B1 runs (a 5 ms probe timer on the UI thread)
B3 time to the first painted window against importing torch + PySide6 + pyqtgraph
B4 one million examples, ten features: generation, an epoch through the window, data-panel frame
B5 a long run: resident memory growth and the loss panel's frame time at the end
B6 each single action (buttons, presets, language, lecture mode, theme, …): the worst UI gap after it
B7 a storm of 600 random actions with no pause: the worst ``processEvents()``, and nothing queued

torch runs single-threaded (``torch.set_num_threads(1)``) in the window's training process and in
the bare loops alike, so the comparison is not about how many cores torch grabs on a shared machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import torch
from bare import LOOPS, LoopRun
from PySide6.QtCore import QMessageLogContext, QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication
from startup import measure_startup
from window import WindowBench, WindowRun, frame_ms, spin

from linreg_gui.core.config import DataConfig, TrainConfig
from linreg_gui.core.data import generate
from linreg_gui.core.session import Session
from linreg_gui.import_hook import feature_hook_dropped

IMPLS = ("scratch", "builtin")
TEN_WEIGHTS = (2.0, -3.4, 1.5, -0.5, 0.8, -1.2, 3.0, -2.2, 0.3, 1.0)


@dataclass(frozen=True)
class Budget:
    """How long each figure measures; ``QUICK`` only proves the benchmark runs (for the smoke test)."""

    b1_pairs: int
    b1_warmup_s: float
    b1_seconds: float
    b3_runs: int
    b4_n: int
    b4_batch: int
    b4_pairs: int
    long_steps: int
    frames: int
    storm_actions: int


FULL = Budget(
    b1_pairs=7,
    b1_warmup_s=1.0,
    b1_seconds=5.0,
    b3_runs=5,
    b4_n=1_000_000,
    b4_batch=1000,
    b4_pairs=15,
    long_steps=1_000_000,
    frames=9,
    storm_actions=600,
)
QUICK = Budget(
    b1_pairs=1,
    b1_warmup_s=0.5,
    b1_seconds=1.0,
    b3_runs=1,
    b4_n=100_000,
    b4_batch=100,
    b4_pairs=1,
    long_steps=3_000,
    frames=3,
    storm_actions=60,
)


@dataclass(frozen=True)
class Figure:
    """One row of the table; ``ok`` is None for a figure that is reported, not judged."""

    key: str
    name: str
    measured: str
    target: str
    ok: bool | None


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process (psutil is not installed: read /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# ----- B1, B2 ---------------------------------------------------------------------------------------
def bench_throughput(bench: WindowBench, budget: Budget) -> list[Figure]:
    """Bare loop and window alternate (bare, window, bare, window) per implementation; medians compared."""
    config = DataConfig(n=100_000)
    data = generate(config)
    figures, gaps = [], []
    for impl in IMPLS:
        bench.load(config, TrainConfig(batch_size=10), impl)
        bare_loop(impl, data, 10, seconds=0.5)  # first-call costs, not counted
        bare, window = [], []
        for _ in range(budget.b1_pairs):
            bare.append(bare_loop(impl, data, 10, seconds=budget.b1_seconds).rate)
            run = bench.run_for(budget.b1_warmup_s, budget.b1_seconds)
            window.append(run.rate)
            gaps.append(run.gaps_ms)
        ratio = statistics.median(window) / statistics.median(bare)
        pairs = ", ".join(f"{w / b:.2f}" for w, b in zip(window, bare, strict=True))
        core = core_rate(data, impl, budget.b1_seconds)
        figures.append(
            Figure(
                "B1",
                f"throughput, {impl}: window / bare loop (n=100,000, p=2, batch 10, {budget.b1_seconds:g} s each)",
                f"{statistics.median(window):,.0f} / {statistics.median(bare):,.0f} steps/s = **{ratio:.3f}** "
                f"(pairs {pairs})",
                "≥ 0.90",
                ratio >= 0.90,
            )
        )
        figures.append(
            Figure(
                "B1",
                f"of which the training core, {impl}: `Session.run_batches` without Qt / bare loop (same setup)",
                f"{core:,.0f} / {statistics.median(bare):,.0f} steps/s = **{core / statistics.median(bare):.3f}**",
                "report",
                None,
            )
        )
    figures.extend(responsiveness(np.concatenate(gaps)))
    return figures


def bare_loop(impl: str, data, batch_size: int, **stop) -> LoopRun:
    """The note's loop, run as in a process without Qt: PySide6's import hook is off meanwhile (the
    training process never loads PySide6, so it has no hook; see ``linreg_gui.import_hook``)."""
    with feature_hook_dropped():
        return LOOPS[impl](data.features, data.labels, batch_size, **stop)


@feature_hook_dropped()
def core_rate(data, impl: str, seconds: float) -> float:
    """Steps/s of the window's training core alone, in this thread with no Qt involved: the training
    process's full-speed loop (``Session.run_batches`` in 10 ms slices) with a snapshot drained four times a
    second, as the window's frames drain it. Shows how much of B1's gap is the core, how much the UI."""
    session = Session(data, TrainConfig(batch_size=10), impl)
    session.run_batches(1 << 30, time.perf_counter() + 0.5)  # first-call costs, not counted
    started = last_snapshot = time.perf_counter()
    steps = 0
    while time.perf_counter() - started < seconds:
        steps += session.run_batches(1 << 30, time.perf_counter() + 0.010)
        if time.perf_counter() - last_snapshot >= 0.25:
            session.snapshot(1, math.nan, 1000, live=True)  # a live frame makes no pass over the data
            last_snapshot = time.perf_counter()
    return steps / (time.perf_counter() - started)


def responsiveness(gaps_ms: np.ndarray) -> list[Figure]:
    p99, worst = float(np.percentile(gaps_ms, 99)), float(gaps_ms.max())
    scope = f"5 ms probe during B1's window runs, {len(gaps_ms):,} gaps"
    return [
        Figure("B2", f"UI gap p99 ({scope})", f"{p99:.1f} ms", "≤ 33 ms", p99 <= 33),
        Figure("B2", "UI gap max (same)", f"{worst:.1f} ms", "≤ 100 ms", worst <= 100),
    ]


# ----- B3 -------------------------------------------------------------------------------------------
def bench_startup(budget: Budget, settings_dir: str) -> list[Figure]:
    result = measure_startup(budget.b3_runs, settings_dir)
    paint, imports = statistics.median(result.first_paint_s), statistics.median(result.import_s)
    return [
        Figure(
            "B3",
            f"first painted window / `import torch, PySide6.QtWidgets, pyqtgraph` (median of {budget.b3_runs})",
            f"{paint:.2f} s / {imports:.2f} s = **{result.ratio:.3f}**",
            "≤ 0.60",
            result.ratio <= 0.6,
        )
    ]


# ----- B4 -------------------------------------------------------------------------------------------
def bench_large_data(bench: WindowBench, budget: Budget) -> list[Figure]:
    """One epoch of ``n / batch`` steps, bare loop and window alternating (from scratch only: the note's
    DataLoader collates a 1000-row batch item by item, ≈ 10 s an epoch, too slow for the budget)."""
    config = DataConfig(n=budget.b4_n, true_w=TEN_WEIGHTS)
    started = time.perf_counter()
    data = generate(config)
    generate_s = time.perf_counter() - started
    load_s = bench.load(config, TrainConfig(batch_size=budget.b4_batch), "scratch")
    bare, window = [], []
    for _ in range(budget.b4_pairs):
        bare.append(bare_loop("scratch", data, budget.b4_batch, epochs=1).seconds)
        window.append(bench.run_epoch())
    ratio = statistics.median(bare) / statistics.median(window)
    panel = bench.window.data_panel
    frame = frame_ms(panel.plot, budget.frames, lambda: panel.show_snapshot(bench.window.last_snapshot))
    setup = f"n={budget.b4_n:,}, p=10"
    steps = budget.b4_n // budget.b4_batch
    return [
        Figure(
            "B4",
            f"data generation ({setup})",
            f"{generate_s:.2f} s (window: regenerate → drawn {load_s:.2f} s)",
            "report",
            None,
        ),
        Figure(
            "B4",
            f"one epoch, from scratch: bare / window time ({setup}, batch {budget.b4_batch} = {steps:,} steps, "
            f"median of {budget.b4_pairs})",
            f"{statistics.median(bare):.3f} s / {statistics.median(window):.3f} s = **{ratio:.3f}**",
            "≥ 0.90",
            ratio >= 0.90,
        ),
        Figure(
            "B4",
            "data-panel frame: show_snapshot + grab() of the plot (20,000 points shown)",
            f"{frame:.1f} ms",
            "≤ 33 ms",
            frame <= 33,
        ),
    ]


# ----- B5 -------------------------------------------------------------------------------------------
def bench_long_run(bench: WindowBench, budget: Budget, steps: int) -> list[Figure]:
    """A fresh run of ``steps`` steps at full speed; memory is read after a warm-up and after the run."""
    bench.load(DataConfig(n=100_000), TrainConfig(batch_size=10), "scratch")
    bench.run_for(1.0, 0.1)  # warm-up: first-call allocations are not growth
    gc.collect()
    trainer = bench.window.training.process.pid
    before = rss_mb() + rss_mb(trainer)
    run: WindowRun = bench.run_steps(steps, timeout_s=steps / 200 + 60)
    spin(0.5)
    gc.collect()
    growth = rss_mb() + rss_mb(trainer) - before
    frame = frame_ms(bench.window.loss_panel.plot, budget.frames)
    done = bench.window.last_snapshot.step
    scope = f"{steps:,} steps from scratch, n=100,000, batch 10; {run.rate:,.0f} steps/s, {run.seconds:.0f} s"
    return [
        Figure(
            "B5",
            f"resident memory growth, window and training processes together ({scope})",
            f"{growth:+.1f} MB ({before:.0f} → {before + growth:.0f})",
            "≤ 100 MB",
            growth <= 100,
        ),
        Figure(
            "B5",
            f"loss-panel frame: grab() of the plot after {done:,} steps",
            f"{frame:.1f} ms",
            "≤ 20 ms",
            frame <= 20,
        ),
    ]


# ----- B6, B7 ---------------------------------------------------------------------------------------
def bench_actions(budget: Budget, only: set[str], settings_dir: str) -> list[Figure]:
    """B6 and B7 in a child process that never imports torch, as the app's window process does not:
    a process holding torch's objects would pay for them in every full garbage collection."""
    command = [sys.executable, str(Path(__file__).with_name("responsiveness.py")), "--json"]
    command += ["--only", ",".join(sorted(only & {"B6", "B7"})), "--storm-actions", str(budget.storm_actions)]
    env = {**os.environ, "LINREG_BENCH_SETTINGS": settings_dir}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"B6/B7 failed:\n{result.stderr[-4000:]}")
    return [Figure(**row) for row in json.loads(result.stdout)]


def _quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """The offscreen platform says it cannot resize docks on every dock change; everything else is shown."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


# ----- table ----------------------------------------------------------------------------------------
def table(figures: Sequence[Figure]) -> str:
    marks = {True: "yes", False: "**NO**", None: "—"}
    lines = ["| # | figure | measured | target | ok |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {f.key} | {f.name} | {f.measured} | {f.target} | {marks[f.ok]} |" for f in figures]
    return "\n".join(lines)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs, only to prove the benchmark works")
    parser.add_argument(
        "--long-steps",
        type=int,
        help=f"B5's step count (default {FULL.long_steps:,}, as the issue asks)",
    )
    parser.add_argument(
        "--only",
        type=lambda text: {key.strip().upper() for key in text.split(",")},
        default={"B1", "B2", "B3", "B4", "B5", "B6", "B7"},
        help="comma-separated figures to measure, e.g. B6,B7 (B1 and B2 are measured together)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    budget = QUICK if args.quick else FULL
    steps = args.long_steps or budget.long_steps
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory(prefix="linreg-bench-") as settings_dir:
        figures = bench_startup(budget, settings_dir) if "B3" in args.only else []  # first: no window yet
        if args.only & {"B6", "B7"}:
            figures += bench_actions(budget, args.only, settings_dir)
        if args.only & {"B1", "B2", "B4", "B5"}:
            app = QApplication(sys.argv[:1])
            qInstallMessageHandler(_quiet_offscreen)
            QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
            bench = WindowBench()
            try:
                if args.only & {"B1", "B2"}:
                    figures += bench_throughput(bench, budget)
                if "B5" in args.only:  # before B4, whose freed 10⁶ rows would hide growth
                    figures += bench_long_run(bench, budget, steps)
                if "B4" in args.only:
                    figures += bench_large_data(bench, budget)
            finally:
                bench.close()
                app.processEvents()
    figures.sort(key=lambda f: f.key)
    print(f"torch threads: 1; budget: {'quick' if args.quick else 'full'}; B5 steps: {steps:,}\n")
    print(table(figures))
    missed = [f for f in figures if f.ok is False]
    if missed:
        print(f"\nmissed: {', '.join(f.key for f in missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
