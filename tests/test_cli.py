"""The headless command line: the note's printouts, JSON, lockstep comparison, CSV, and clean errors."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from linreg_gui.cli import main
from linreg_gui.core.steplog import csv_columns

ROOT = Path(__file__).resolve().parents[1]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


@pytest.mark.parametrize("impl", ["scratch", "builtin"])
def test_default_output_mirrors_the_note(impl):
    code, text = run("--impl", impl)
    lines = text.splitlines()
    assert code == 0
    losses = [float(m.group(1)) for line in lines if (m := re.fullmatch(r"epoch \d, loss (\S+)", line))]
    assert len(losses) == 3 and losses[-1] < 2e-4
    assert lines[3].startswith("estimate w: [") and lines[4] == "true w: [2.0, -3.4]"
    assert lines[5].startswith("mse of parameter estimation: ") and lines[7] == "true b: 4.2"


def test_json_lines():
    code, text = run("--json", "--true-w", "1,2,3")
    records = [json.loads(line) for line in text.splitlines()]
    assert code == 0 and len(records) == 3
    keys = {"epoch", "loss", "w", "b", "grad_w", "grad_b", "w_sq_error", "b_sq_error"}
    assert all(set(r) == keys for r in records) and len(records[0]["w"]) == 3
    assert [r["epoch"] for r in records] == [1, 2, 3]


def test_compare_reports_a_tiny_gap():
    code, text = run("--compare")
    gaps = [float(v) for v in re.findall(r"max \|Δ[wb]\| over 300 steps: (\S+)", text)]
    assert code == 0 and len(gaps) == 2 and max(gaps) <= 1e-6


def test_log_csv_has_a_row_per_step(tmp_path):
    path = tmp_path / "log.csv"
    assert run("--log-csv", str(path))[0] == 0
    rows = list(csv.reader(path.read_text().splitlines()))
    assert rows[0] == csv_columns(2) and len(rows) == 301
    assert rows[100][4] != "" and rows[99][4] == ""  # full-data loss where an epoch ended


@pytest.mark.parametrize(
    "argv",
    [["--n", "-5"], ["--true-w", ",".join(["1"] * 11)], ["--batch-size", "0"], ["--lr", "abc"],
     ["--noise", "-1"], ["--log-csv", "/no/such/dir/log.csv"], ["--impl", "magic"]],
)  # fmt: skip
def test_bad_arguments_exit_2_with_one_line(argv):
    result = subprocess.run([sys.executable, "main.py", "--headless", *argv], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "error" in result.stderr
    assert "Traceback" not in result.stderr


def test_divergence_exits_1_naming_the_step():
    result = subprocess.run(
        [sys.executable, "main.py", "--headless", "--lr", "10"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1 and re.search(r"diverged at step \d+", result.stderr)


def test_switches_run():
    assert run("--no-zero-grad", "--lr", "0.001", "--epochs", "1")[0] == 0
    assert run("--no-shuffle", "--reduction", "sum", "--lr", "0.001", "--epochs", "1")[0] == 0
