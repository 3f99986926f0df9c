"""Headless command line: trains without a window and prints what the lecture note prints."""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
from collections.abc import Sequence
from typing import TextIO

from . import version
from .arguments import OneLineParser
from .core.config import INITS, REDUCTIONS, TrainConfig
from .core.data import DataConfig, SyntheticData, generate
from .core.experiment import ExperimentError, load_experiment
from .core.session import Session
from .core.steplog import StepLogWriter
from .core.trainer import Trainer

EXIT_DIVERGED = 1


def _float_list(text: str) -> tuple[float, ...]:
    try:
        values = tuple(float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers such as 2,-3.4, not {text!r}") from None
    return values


def build_parser() -> argparse.ArgumentParser:
    defaults_d, defaults_t = DataConfig(), TrainConfig()
    parser = OneLineParser(
        prog="linreg-gui --headless",
        description="Train the lecture's linear regression without a window and print the note's figures.",
    )
    parser.add_argument("--headless", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"linreg-gui {version()}")
    data = parser.add_argument_group("data")
    data.add_argument("--n", type=int, default=defaults_d.n, help="number of examples (1 … 1,000,000)")
    data.add_argument(
        "--true-w",
        type=_float_list,
        default=defaults_d.true_w,
        metavar="W1,W2,…",
        help="true weights, one per feature (1 … 10); default 2,-3.4",
    )
    data.add_argument("--true-b", type=float, default=defaults_d.true_b, help="true bias; default 4.2")
    data.add_argument("--noise", type=float, default=defaults_d.noise, help="noise σ ≥ 0; default 0.01")
    data.add_argument("--data-seed", type=int, default=defaults_d.seed, help="seed of the data set")
    train = parser.add_argument_group("training")
    train.add_argument(
        "--impl",
        choices=("scratch", "builtin"),
        default="scratch",
        help="from-scratch code or torch's built-in modules",
    )
    train.add_argument("--lr", type=float, default=defaults_t.lr, help="learning rate; default 0.03")
    train.add_argument("--batch-size", type=int, default=defaults_t.batch_size, help="minibatch size; default 10")
    train.add_argument("--epochs", type=int, default=defaults_t.epochs, help="number of epochs; default 3")
    train.add_argument("--init", choices=INITS, default=defaults_t.init, help="initial parameters; default note")
    train.add_argument(
        "--reduction",
        choices=REDUCTIONS,
        default=defaults_t.reduction,
        help="how the training loss sums the batch; default mean",
    )
    train.add_argument("--no-shuffle", action="store_true", help="keep the data's order in every epoch")
    train.add_argument("--no-zero-grad", action="store_true", help="never clear gradients (the bug the note warns of)")
    train.add_argument("--seed", type=int, default=defaults_t.seed, help="seed of initial parameters and batch order")
    data.add_argument(
        "--experiment",
        metavar="FILE.json",
        help="take every data and training setting from a saved experiment (other options are ignored)",
    )
    out = parser.add_argument_group("output")
    out.add_argument("--json", action="store_true", help="one JSON object per epoch instead of text")
    out.add_argument("--compare", action="store_true", help="run both implementations in lockstep")
    out.add_argument("--log-csv", metavar="PATH", help="write a per-step training log as CSV")
    return parser


def _as_option(error: ValueError, seed_option: str) -> str:
    """Turn a config error ("batch_size: …") into the option the user typed ("--batch-size: …")."""
    field_name, _, message = str(error).partition(": ")
    option = seed_option if field_name == "seed" else "--" + field_name.replace("_", "-")
    return f"{option}: {message}"


def _configs(args: argparse.Namespace, parser: argparse.ArgumentParser) -> tuple[DataConfig, TrainConfig]:
    try:
        data = DataConfig(n=args.n, true_w=args.true_w, true_b=args.true_b, noise=args.noise, seed=args.data_seed)
    except ValueError as error:
        parser.error(_as_option(error, "--data-seed"))
    try:
        train = TrainConfig(
            lr=args.lr,
            batch_size=args.batch_size,
            epochs=args.epochs,
            init=args.init,
            reduction=args.reduction,
            shuffle=not args.no_shuffle,
            zero_grad=not args.no_zero_grad,
            seed=args.seed,
        )
    except ValueError as error:
        parser.error(_as_option(error, "--seed"))
    return data, train


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _epoch_record(trainer: Trainer, loss: float) -> dict:
    w, b = trainer.parameters()
    grad_w, grad_b = trainer.gradients()
    w_err, b_err = trainer.sq_errors(trainer.data.true_w, trainer.data.config.true_b)
    return {
        "epoch": trainer.epochs_done,
        "loss": _finite_or_none(loss),
        "w": [_finite_or_none(float(v)) for v in w],
        "b": _finite_or_none(b),
        "grad_w": [_finite_or_none(float(v)) for v in grad_w],
        "grad_b": _finite_or_none(grad_b),
        "w_sq_error": _finite_or_none(w_err),
        "b_sq_error": _finite_or_none(b_err),
    }


def _print_estimates(trainer: Trainer, out: TextIO) -> None:
    """The note's closing printout: estimate vs truth and the squared estimation error."""
    data: SyntheticData = trainer.data
    w, b = trainer.parameters()
    w_err, b_err = trainer.sq_errors(data.true_w, data.config.true_b)
    print(f"estimate w: {[round(float(v), 4) for v in w]}", file=out)
    print(f"true w: {list(data.config.true_w)}", file=out)
    print(f"mse of parameter estimation: {w_err}", file=out)
    print(f"estimate b: {round(b, 4)}", file=out)
    print(f"true b: {data.config.true_b}", file=out)
    print(f"mse of parameter estimation: {b_err}", file=out)


def _train(trainer: Trainer, epochs: int, args: argparse.Namespace, log: StepLogWriter | None, out: TextIO) -> int:
    for _ in range(epochs):
        finished = trainer.run_epoch()
        history = trainer.drain_history()
        if log is not None:
            log.write(history, trainer.impl_name)
        if not finished:
            print(
                f"diverged at step {trainer.diverged_at}: the loss is no longer a finite number; "
                f"try a smaller learning rate than {trainer.config.lr:g}",
                file=sys.stderr,
            )
            return EXIT_DIVERGED
        loss = float(history.epoch_ends[-1, 1])
        if args.json:
            print(json.dumps(_epoch_record(trainer, loss)), file=out)
        else:
            print(f"epoch {trainer.epochs_done}, loss {loss}", file=out)
    if not args.json:
        _print_estimates(trainer, out)
    return 0


def _compare(data: SyntheticData, config: TrainConfig, out: TextIO) -> int:
    """Both implementations side by side, as the window's compare mode trains them."""
    pair = Session(data, config, "scratch", compare=True)
    scratch, builtin = pair.trainer, pair.twin
    for _ in range(config.epochs):
        if not pair.run_epoch():
            print(f"diverged at step {scratch.diverged_at}", file=sys.stderr)
            return EXIT_DIVERGED
        loss = f"loss scratch {scratch.full_loss()}, builtin {builtin.full_loss()}"
        print(f"epoch {scratch.epochs_done}, {loss}", file=out)
    print(f"max |Δw| over {scratch.step} steps: {pair.max_dw:.3g}", file=out)
    print(f"max |Δb| over {scratch.step} steps: {pair.max_db:.3g}", file=out)
    return 0


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the headless CLI; returns the exit code (0 ok, 1 diverged, 2 bad arguments)."""
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    data_config, train_config = _configs(args, parser)
    if args.experiment:
        try:
            experiment = load_experiment(args.experiment)
        except ExperimentError as error:
            parser.error(f"--experiment: {error}")
        data_config, train_config, args.impl = experiment.data, experiment.training, experiment.impl
    with contextlib.ExitStack() as stack:
        log = None
        if args.log_csv:
            try:
                stream = stack.enter_context(open(args.log_csv, "w", newline="", encoding="utf-8"))
            except OSError as error:
                parser.error(f"--log-csv: cannot write {args.log_csv}: {error.strerror}")
            log = StepLogWriter(stream, data_config.p)
        data = generate(data_config)
        if args.compare:
            return _compare(data, train_config, out)
        return _train(Trainer(data, train_config, args.impl), train_config.epochs, args, log, out)
