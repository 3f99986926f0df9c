"""Experiment files: every data and training setting as versioned, human-readable JSON.

Loading is strict: a file that is not JSON, has unknown or missing keys, wrong types or
out-of-range values is refused with an :class:`ExperimentError` naming the field, and nothing is
half-applied. Nothing is ever unpickled.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from .config import IMPLEMENTATIONS, DataConfig, TrainConfig

FORMAT_VERSION = 1
MAX_FILE_BYTES = 1_000_000


class ExperimentError(ValueError):
    """A refused experiment file; the message names the offending field."""


@dataclass(frozen=True)
class Experiment:
    data: DataConfig
    training: TrainConfig
    impl: str = "scratch"

    def to_json(self) -> str:
        document = {
            "format": FORMAT_VERSION,
            "impl": self.impl,
            "data": {**asdict(self.data), "true_w": list(self.data.true_w)},
            "training": asdict(self.training),
        }
        return json.dumps(document, indent=2, allow_nan=False) + "\n"


def parse_experiment(text: str) -> Experiment:
    """Validate a whole document before building anything from it."""
    try:
        document = json.loads(text)  # NaN/Infinity parse, then fail the field checks by name
    except json.JSONDecodeError as error:
        raise ExperimentError(f"not a JSON file ({error.msg}, line {error.lineno})") from None
    except ValueError:  # json.loads raises a plain ValueError for an int of more than 4,300 digits
        raise ExperimentError("not a usable JSON file (a number in it is too long)") from None
    except RecursionError:
        raise ExperimentError("not a usable JSON file (it is nested too deeply)") from None
    if not isinstance(document, dict):
        raise ExperimentError("the file must hold a JSON object")
    _check_keys(document, {"format", "impl", "data", "training"}, "")
    if document["format"] != FORMAT_VERSION or isinstance(document["format"], bool):
        raise ExperimentError(f"format: must be {FORMAT_VERSION}, not {document['format']!r}")
    if document["impl"] not in IMPLEMENTATIONS:
        raise ExperimentError(f"impl: must be one of {', '.join(IMPLEMENTATIONS)}")
    data = _build(DataConfig, document["data"], "data")
    training = _build(TrainConfig, document["training"], "training")
    return Experiment(data, training, document["impl"])


def _check_keys(section: object, expected: set[str], prefix: str) -> None:
    if not isinstance(section, dict):
        raise ExperimentError(f"{prefix.rstrip('.')}: must be a JSON object")
    unknown = sorted(set(section) - expected)
    missing = sorted(expected - set(section))
    if unknown:
        raise ExperimentError(f"{prefix}{unknown[0]}: unknown key")
    if missing:
        raise ExperimentError(f"{prefix}{missing[0]}: missing")


def _build(cls: type, section: object, name: str):
    _check_keys(section, {f.name for f in fields(cls)}, f"{name}.")
    values = dict(section)
    if name == "data":
        weights = values["true_w"]
        if not isinstance(weights, list):
            raise ExperimentError("data.true_w: must be a list of numbers")
        values["true_w"] = tuple(weights)
    for key, value in values.items():
        if isinstance(value, float) and not math.isfinite(value):
            raise ExperimentError(f"{name}.{key}: must be a finite number")
    try:
        return cls(**values)
    except (ValueError, TypeError) as error:
        raise ExperimentError(f"{name}.{error}") from None


def load_experiment(path: str | os.PathLike) -> Experiment:
    """Read and validate ``path``; an unreadable or oversized file is an ExperimentError too."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise ExperimentError(f"the file is {size:,} bytes; an experiment is a few hundred")
        text = Path(path).read_text(encoding="utf-8-sig")  # -sig: Windows editors may write a BOM
    except OSError as error:
        raise ExperimentError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ExperimentError("not a text file") from None
    return parse_experiment(text)


NEW_FILE_MODE = 0o644  # mkstemp's temporary file is private (0600); the saved file is an ordinary one


def write_atomically(path: str | os.PathLike, payload: bytes) -> None:
    """Write to a temporary file beside ``path``, then replace it: an interrupted save (full disk,
    crash) leaves the previous file intact instead of a half-written one."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, NEW_FILE_MODE)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_experiment(path: str | os.PathLike, experiment: Experiment) -> None:
    write_atomically(path, experiment.to_json().encode("utf-8"))
