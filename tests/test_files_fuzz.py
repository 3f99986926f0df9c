"""Fuzzing the two file formats: experiment JSON and model files.

Every generated file is either accepted as something valid or refused with the format's own error
(``ExperimentError`` / ``ModelFileError``) - never another exception, never code run from a pickle.
Per run: 1,150 experiment files and 1,050 model files (``max_examples`` below; the last test checks
the counts when the whole module ran).
"""

from __future__ import annotations

import ast
import io
import json
import math
import os
import pickle
from collections import Counter, OrderedDict
from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import linreg_gui
from linreg_gui.core import experiment as experiment_module
from linreg_gui.core.config import (
    IMPLEMENTATIONS,
    INITS,
    MAX_FEATURES,
    MAX_LR,
    MAX_MAGNITUDE,
    MAX_SAMPLES,
    REDUCTIONS,
    DataConfig,
    TrainConfig,
)
from linreg_gui.core.experiment import (
    Experiment,
    ExperimentError,
    load_experiment,
    parse_experiment,
    save_experiment,
)
from linreg_gui.core.model_file import BIAS, WEIGHT, ModelFileError, load_model, save_model

# ----- example budget -----------------------------------------------------------------------------
EXPERIMENT_EXAMPLES = {
    "experiment_round_trip": 250,
    "experiment_save_load": 100,
    "arbitrary_json": 200,
    "mutated_documents": 400,
    "random_text": 100,
    "random_bytes_experiment": 100,
}
MODEL_EXAMPLES = {
    "model_round_trip": 200,
    "random_bytes_model": 200,
    "truncated_model": 200,
    "corrupted_model": 150,
    "wrong_structures": 300,
}
assert sum(EXPERIMENT_EXAMPLES.values()) >= 1000 and sum(MODEL_EXAMPLES.values()) >= 1000
COUNTS: Counter[str] = Counter()  # examples actually generated, per property


def fuzz(name: str):
    """Hypothesis settings for one property: its share of the budget, no deadline (file I/O)."""
    budget = {**EXPERIMENT_EXAMPLES, **MODEL_EXAMPLES}[name]
    return settings(
        max_examples=budget,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One directory for the whole module (hypothesis runs many examples per test function)."""
    return tmp_path_factory.mktemp("fuzz")


# ----- strategies: valid experiments ----------------------------------------------------------------
magnitudes = st.floats(-MAX_MAGNITUDE, MAX_MAGNITUDE, allow_nan=False) | st.integers(-(10**6), 10**6)
data_configs = st.builds(
    DataConfig,
    n=st.integers(1, MAX_SAMPLES),
    true_w=st.lists(magnitudes, min_size=1, max_size=MAX_FEATURES).map(tuple),
    true_b=magnitudes,
    noise=st.floats(0, MAX_MAGNITUDE, allow_nan=False) | st.integers(0, 10**6),
    seed=st.integers(0, 2**63 - 1),
)
train_configs = st.builds(
    TrainConfig,
    lr=st.floats(0, MAX_LR, exclude_min=True) | st.integers(1, int(MAX_LR)),
    batch_size=st.integers(1, 2**64),
    epochs=st.integers(0, 1_000_000),
    init=st.sampled_from(INITS),
    reduction=st.sampled_from(REDUCTIONS),
    shuffle=st.booleans(),
    zero_grad=st.booleans(),
    seed=st.integers(0, 2**63 - 1),
)
experiments = st.builds(Experiment, data_configs, train_configs, st.sampled_from(IMPLEMENTATIONS))


def assert_valid(experiment: Experiment) -> None:
    """An accepted experiment is a real one: it re-serialises and re-parses to itself."""
    assert isinstance(experiment, Experiment)
    assert isinstance(experiment.data, DataConfig) and isinstance(experiment.training, TrainConfig)
    assert experiment.impl in IMPLEMENTATIONS
    assert parse_experiment(experiment.to_json()) == experiment


@fuzz("experiment_round_trip")
@given(experiments)
def test_experiment_round_trip(experiment: Experiment) -> None:
    COUNTS["experiment_round_trip"] += 1
    text = experiment.to_json()
    json.loads(text)  # strict JSON: no NaN/Infinity tokens
    assert parse_experiment(text) == experiment


@fuzz("experiment_save_load")
@given(experiment=experiments)
def test_experiment_save_load(workdir: Path, experiment: Experiment) -> None:
    COUNTS["experiment_save_load"] += 1
    path = workdir / "round_trip.json"
    save_experiment(path, experiment)
    assert load_experiment(path) == experiment
    assert sorted(p.name for p in workdir.iterdir() if p.name.startswith(".")) == []  # no temp file left


# ----- strategies: hostile experiment documents -----------------------------------------------------
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats()  # NaN and ±inf included: json.dumps writes NaN / Infinity tokens
    | st.text(max_size=20)
    | st.sampled_from(["fast", "", "1", "0.03", "note", "scratch", "mean", "true", "NaN"])
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)


def refused_or_valid(text: str) -> ExperimentError | None:
    """parse_experiment's contract: an Experiment that is valid, or an ExperimentError with a message."""
    try:
        experiment = parse_experiment(text)
    except ExperimentError as error:
        assert str(error).strip(), "an ExperimentError must say what is wrong"
        return error
    assert_valid(experiment)
    return None


@fuzz("arbitrary_json")
@given(json_values)
def test_arbitrary_json_is_refused_or_valid(document: object) -> None:
    COUNTS["arbitrary_json"] += 1
    refused_or_valid(json.dumps(document))


# A value that replaces a field: JSON values, plus raw tokens json.dumps cannot (or will not) write.
RAW_TOKENS = {
    "NaN": "NaN",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
    "1e999": "1e999",  # parses to inf
    "-0": "-0",
    "5000 digits": "1" * 5000,  # beyond Python's int-from-string limit: a ValueError inside json.loads
    "10**400": str(10**400),  # an int no float can hold
    "-10**400": str(-(10**400)),
    "2**63": str(2**63),
    "2**64": str(2**64),
    "deep list": "[" * 5000 + "]" * 5000,  # deeper than the interpreter's recursion limit
    "deep dict": '{"a":' * 5000 + "1" + "}" * 5000,
    "1e-400": "1e-400",  # underflows to 0.0
    "subnormal": "5e-324",
}
SPECIAL_VALUES = ["fast", "", "0.03", None, True, False, -1, 0, 1, -1.5, 1e300, -1e300, [], [[1]], {}, [1, [2]]]
# Every field of a document, as a path of keys.
FIELDS = [
    ("format",),
    ("impl",),
    ("data",),
    ("training",),
    *(("data", f) for f in ("n", "true_w", "true_b", "noise", "seed")),
    *(("training", f) for f in ("lr", "batch_size", "epochs", "init", "reduction", "shuffle", "zero_grad", "seed")),
]
# Errors about the text itself, which cannot name a field.
JSON_LEVEL = ("not a JSON file", "not a usable JSON file")
PLACEHOLDER = "\x00placeholder\x00"


@st.composite
def mutated_documents(draw):
    """(text, path of the mutated field, kind, description) from one mutation of a valid document."""
    document = json.loads(draw(experiments).to_json())
    path = draw(st.sampled_from(FIELDS))
    kind = draw(st.sampled_from(["drop", "unknown key", "raw token", "special value", "random value"]))
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    raw = None
    if kind == "drop":
        del parent[path[-1]]
    elif kind == "unknown key":
        unknown = draw(st.sampled_from(["speed", "Lr", "lr ", "", "true_w2", "__class__", "format"]))
        target = parent[path[-1]] if isinstance(parent[path[-1]], dict) else parent
        if unknown in target:
            unknown += "_extra"
        target[unknown] = draw(json_values)
        path = (*path[:-1], unknown) if target is parent else (*path, unknown)
    elif kind == "raw token":
        raw = RAW_TOKENS[draw(st.sampled_from(sorted(RAW_TOKENS)))]
        parent[path[-1]] = PLACEHOLDER
    elif kind == "special value":
        parent[path[-1]] = draw(st.sampled_from(SPECIAL_VALUES))
    else:
        parent[path[-1]] = draw(json_values)
    text = json.dumps(document, indent=draw(st.sampled_from([None, 2])))
    if raw is not None:
        text = text.replace(json.dumps(PLACEHOLDER), raw)
    return text, path, kind


def check_mutation(text: str, path: tuple[str, ...], kind: str) -> None:
    error = refused_or_valid(text)
    if kind in ("drop", "unknown key"):
        assert error is not None, f"{kind} {'.'.join(path)} was accepted"
    if error is not None and not str(error).startswith(JSON_LEVEL):
        # "training.lr: must be …", "data: must be a JSON object", "training.speed: unknown key"
        assert ".".join(path) in str(error), f"{error} does not name {'.'.join(path)}"


@fuzz("mutated_documents")
@given(mutated_documents())
def test_mutated_documents_are_refused_by_name_or_valid(case) -> None:
    COUNTS["mutated_documents"] += 1
    check_mutation(*case)


@pytest.mark.parametrize("token", sorted(RAW_TOKENS))
def test_every_field_with_every_raw_token(token: str) -> None:
    """The raw tokens are rare in the random mutations; here each one goes into every field."""
    for path in FIELDS:
        document = json.loads(Experiment(DataConfig(), TrainConfig()).to_json())
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = PLACEHOLDER
        check_mutation(json.dumps(document).replace(json.dumps(PLACEHOLDER), RAW_TOKENS[token]), path, "raw token")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("training.lr", '"fast"'),
        ("training.lr", "NaN"),
        ("training.lr", "Infinity"),
        ("training.lr", str(10**400)),
        ("training.lr", "-0.03"),
        ("training.lr", "[0.03]"),
        ("training.lr", "true"),
        ("training.batch_size", "10.0"),
        ("training.batch_size", "0"),
        ("training.epochs", "-1"),
        ("training.shuffle", "1"),
        ("training.seed", str(2**63)),
        ("data.n", str(MAX_SAMPLES + 1)),
        ("data.n", "true"),
        ("data.true_w", "[]"),
        ("data.true_w", "[1, [2]]"),
        ("data.true_w", f"[{10**400}]"),
        ("data.true_w", "[1e300]"),
        ("data.true_b", "-1e300"),
        ("data.true_b", "1e999"),
        ("data.noise", "-0.01"),
        ("data.noise", str(10**400)),
        ("data.seed", "-1"),
        ("data", "[]"),
        ("impl", '"fast"'),
        ("format", "2"),
        ("format", "true"),
    ],
    ids=lambda value: value if len(value) < 30 else f"{value[:6]}...({len(value)} chars)",
)
def test_known_bad_values_are_named(field: str, value: str) -> None:
    document = json.loads(Experiment(DataConfig(), TrainConfig()).to_json())
    *parents, key = field.split(".")
    section = document
    for name in parents:
        section = section[name]
    section[key] = PLACEHOLDER
    text = json.dumps(document).replace(json.dumps(PLACEHOLDER), value)
    with pytest.raises(ExperimentError, match=rf"^{field}\b"):
        parse_experiment(text)


@pytest.mark.parametrize(
    "text",
    ["1" * 5000, "[" * 100_000, '{"format":' * 50_000, "", "\ufeff{}", "\x00", "null", "[]", '"x"', "1e999"],
    ids=["digits", "deep-list", "deep-dict", "empty", "bom", "nul", "null", "list", "string", "inf"],
)
def test_hostile_json_text_is_an_experiment_error(text: str) -> None:
    with pytest.raises(ExperimentError) as raised:
        parse_experiment(text)
    assert str(raised.value)


@fuzz("random_text")
@given(st.text(max_size=200) | st.text(alphabet='{}[]":,0123456789.eE-+ntruefalsNIfiy \n', max_size=200))
def test_random_text_is_refused_or_valid(text: str) -> None:
    COUNTS["random_text"] += 1
    refused_or_valid(text)


@fuzz("random_bytes_experiment")
@given(payload=st.binary(max_size=300))
def test_random_bytes_file_is_refused(workdir: Path, payload: bytes) -> None:
    COUNTS["random_bytes_experiment"] += 1
    path = workdir / "random.json"
    path.write_bytes(payload)
    with pytest.raises(ExperimentError) as raised:
        load_experiment(path)
    assert str(raised.value)


def test_unreadable_and_oversized_experiment_files(tmp_path: Path) -> None:
    with pytest.raises(ExperimentError, match="cannot read"):
        load_experiment(tmp_path / "missing.json")
    with pytest.raises(ExperimentError, match="cannot read"):
        load_experiment(tmp_path)  # a directory
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (experiment_module.MAX_FILE_BYTES + 1))
    with pytest.raises(ExperimentError, match="bytes"):
        load_experiment(big)
    latin = tmp_path / "latin1.json"
    latin.write_bytes(b'{"impl": "\xe9"}')
    with pytest.raises(ExperimentError, match="not a text file"):
        load_experiment(latin)


def test_utf8_bom_file_loads(tmp_path: Path) -> None:
    """Notepad and other Windows editors may save UTF-8 with a byte-order mark."""
    experiment = Experiment(DataConfig(n=50), TrainConfig(lr=0.1))
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + experiment.to_json().encode("utf-8"))
    assert load_experiment(path) == experiment


def test_refused_file_leaves_the_good_one_alone(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    experiment = Experiment(DataConfig(n=123, true_w=(1.0,)), TrainConfig(lr=0.5), "builtin")
    save_experiment(good, experiment)
    before = good.read_bytes()
    loaded = load_experiment(good)
    bad.write_text(before.decode().replace('"lr": 0.5', '"lr": "fast"'))
    with pytest.raises(ExperimentError, match=r"^training\.lr"):
        load_experiment(bad)
    assert good.read_bytes() == before
    assert loaded == experiment == load_experiment(good)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "good.json"]


# ----- atomic saves -------------------------------------------------------------------------------
class Boom(OSError):
    pass


def _fail_replace(*args, **kwargs):
    raise Boom(28, "No space left on device")


def _fail_fsync(*args, **kwargs):
    raise Boom(5, "Input/output error")


class _HalfWriter:
    """A stream that writes half the payload, then fails like a full disk."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, payload: bytes) -> int:
        self._stream.write(payload[: len(payload) // 2])
        self._stream.flush()
        raise Boom(28, "No space left on device")

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._stream.close()


def _save_both(directory: Path) -> None:
    save_experiment(directory / "run.json", Experiment(DataConfig(n=77), TrainConfig(epochs=9)))
    save_model(directory / "model.pt", torch.tensor([9.0, 8.0]), 7.0)


@pytest.mark.parametrize("failure", ["replace", "fsync", "half write"])
@pytest.mark.parametrize("kind", ["experiment", "model"])
def test_interrupted_save_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str, kind: str
) -> None:
    _save_both(tmp_path)
    target = tmp_path / ("run.json" if kind == "experiment" else "model.pt")
    before = target.read_bytes()
    if failure == "replace":
        monkeypatch.setattr(os, "replace", _fail_replace)
    elif failure == "fsync":
        monkeypatch.setattr(os, "fsync", _fail_fsync)
    else:
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *a, **k: _HalfWriter(real_fdopen(*a, **k)))
    with pytest.raises(Boom):
        if kind == "experiment":
            save_experiment(target, Experiment(DataConfig(n=5), TrainConfig()))
        else:
            save_model(target, torch.tensor([1.0, 2.0]), 3.0)
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.pt", "run.json"]  # no temp file left
    if kind == "experiment":
        assert load_experiment(target) == Experiment(DataConfig(n=77), TrainConfig(epochs=9))
    else:
        w, b = load_model(target, 2)
        assert w.tolist() == [9.0, 8.0] and b == 7.0


def test_save_onto_a_directory_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    with pytest.raises(OSError):
        save_experiment(tmp_path / "taken", Experiment(DataConfig(), TrainConfig()))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert list((tmp_path / "taken").iterdir()) == []


@pytest.mark.parametrize("kind", ["experiment", "model"])
def test_save_into_unwritable_directory_creates_nothing(tmp_path: Path, kind: str) -> None:
    """chmod 0o500 stops writes, except for root; there a missing parent directory stands in."""
    if os.geteuid() == 0:
        locked = tmp_path / "does-not-exist"
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
    try:
        with pytest.raises(OSError):
            if kind == "experiment":
                save_experiment(locked / "run.json", Experiment(DataConfig(), TrainConfig()))
            else:
                save_model(locked / "model.pt", torch.zeros(2), 0.0)
        assert not (locked / "run.json").exists() and not (locked / "model.pt").exists()
        if locked.exists():
            assert list(locked.iterdir()) == []
        assert [p.name for p in tmp_path.iterdir()] == ([] if os.geteuid() == 0 else ["locked"])
    finally:
        if locked.exists():
            locked.chmod(0o700)


# ----- model files ------------------------------------------------------------------------------
float32s = st.floats(width=32, allow_nan=False, allow_infinity=False)


def _model_bytes(w: torch.Tensor, b: float) -> bytes:
    buffer = io.BytesIO()
    torch.save({WEIGHT: w.reshape(1, -1).float(), BIAS: torch.tensor([float(b)])}, buffer)
    return buffer.getvalue()


def refused_or_model(path: Path, p: int) -> ModelFileError | None:
    """load_model's contract: finite (w of shape (p,), float b) or a ModelFileError with a message."""
    try:
        w, b = load_model(path, p)
    except ModelFileError as error:
        assert str(error).strip()
        return error
    assert isinstance(w, torch.Tensor) and w.dtype == torch.float32 and tuple(w.shape) == (p,)
    assert not w.requires_grad
    assert torch.isfinite(w).all() and isinstance(b, float) and math.isfinite(b)
    assert math.isfinite(float(torch.tensor(b, dtype=torch.float32)))
    return None


@fuzz("model_round_trip")
@given(data=st.data())
def test_model_round_trip(workdir: Path, data: st.DataObject) -> None:
    COUNTS["model_round_trip"] += 1
    p = data.draw(st.integers(1, MAX_FEATURES), label="p")
    w = torch.tensor(data.draw(st.lists(float32s, min_size=p, max_size=p), label="w"), dtype=torch.float32)
    b = data.draw(float32s, label="b")
    path = workdir / "model.pt"
    save_model(path, w, b)
    loaded_w, loaded_b = load_model(path, p)
    assert torch.equal(loaded_w, w) and loaded_b == b
    for other in {1, MAX_FEATURES, p + 1} - {p}:
        with pytest.raises(ModelFileError, match="shape"):
            load_model(path, other)


@fuzz("random_bytes_model")
@given(payload=st.binary(max_size=2000) | st.binary(max_size=40).map(lambda tail: b"PK\x03\x04" + tail))
def test_random_bytes_model_is_refused(workdir: Path, payload: bytes) -> None:
    COUNTS["random_bytes_model"] += 1
    path = workdir / "random.pt"
    path.write_bytes(payload)
    with pytest.raises(ModelFileError):
        load_model(path, 2)


VALID_MODEL = _model_bytes(torch.tensor([2.0, -3.4]), 4.2)


@fuzz("truncated_model")
@given(cut=st.integers(0, len(VALID_MODEL) - 1))
def test_truncated_model_is_refused(workdir: Path, cut: int) -> None:
    COUNTS["truncated_model"] += 1
    path = workdir / "truncated.pt"
    path.write_bytes(VALID_MODEL[:cut])
    with pytest.raises(ModelFileError):
        load_model(path, 2)


@fuzz("corrupted_model")
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(VALID_MODEL) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    )
)
def test_corrupted_model_is_refused_or_valid(workdir: Path, edits: list[tuple[int, int]]) -> None:
    """Overwritten bytes: still a model (e.g. a changed weight), or refused; never anything else."""
    COUNTS["corrupted_model"] += 1
    payload = bytearray(VALID_MODEL)
    for offset, value in edits:
        payload[offset] = value
    path = workdir / "corrupted.pt"
    path.write_bytes(bytes(payload))
    refused_or_model(path, 2)


# Values that may sit under a model file's keys: (object, whether it is a valid one for p = 2).
def _sparse() -> torch.Tensor:
    return torch.sparse_coo_tensor(torch.tensor([[0], [1]]), torch.tensor([1.0]), (1, 2), check_invariants=True)


WRONG_VALUES = {
    "int tensor": lambda: torch.ones(1, 2, dtype=torch.int64),
    "bool tensor": lambda: torch.ones(1, 2, dtype=torch.bool),
    "complex tensor": lambda: torch.ones(1, 2, dtype=torch.complex64),
    "nan": lambda: torch.tensor([[math.nan, 1.0]]),
    "inf": lambda: torch.tensor([[1.0, -math.inf]]),
    "float64 beyond float32": lambda: torch.tensor([[1e300, 1.0]], dtype=torch.float64),
    "scalar tensor": lambda: torch.tensor(1.0),
    "wrong shape (2,)": lambda: torch.zeros(2),
    "wrong shape (2, 1)": lambda: torch.zeros(2, 1),
    "wrong shape (1, 3)": lambda: torch.zeros(1, 3),
    "empty": lambda: torch.zeros(0),
    "stride-0 giant": lambda: torch.zeros(1).expand(100_000, 100_000),
    "sparse": _sparse,
    "meta": lambda: torch.zeros(1, 2, device="meta"),
    "string": lambda: "0.weight",
    "float": lambda: 1.5,
    "list": lambda: [[1.0, 2.0]],
    "none": lambda: None,
    "nested dict": lambda: {"0.weight": torch.zeros(1, 2)},
    "tuple of tensors": lambda: (torch.zeros(1, 2),),
}
valid_weights = st.lists(float32s, min_size=2, max_size=2).map(lambda w: torch.tensor([w], dtype=torch.float32))
valid_biases = float32s.map(lambda b: torch.tensor([b], dtype=torch.float32))
half_precision = st.sampled_from([torch.float16, torch.bfloat16, torch.float64])


@st.composite
def model_states(draw):
    """(object to torch.save, expected to load) - mostly wrong, some right in unusual ways."""
    weight: object = draw(valid_weights)
    bias: object = draw(valid_biases)
    valid = True
    if draw(st.booleans()):
        dtype = draw(half_precision)  # any finite floating dtype is accepted, converted to float32
        weight, bias = weight.to(dtype), bias.to(dtype)
        if not (torch.isfinite(weight.float()).all() and torch.isfinite(bias.float()).all()):
            valid = False
    which = draw(st.sampled_from(["weight", "bias", "neither"]))
    if which != "neither":
        wrong = WRONG_VALUES[draw(st.sampled_from(sorted(WRONG_VALUES)))]()
        weight, bias = (wrong, bias) if which == "weight" else (weight, wrong)
        valid = False
    container = draw(st.sampled_from(["dict", "dict", "OrderedDict", "missing", "extra", "int key", "list", "top"]))
    if container in ("dict", "OrderedDict"):
        state = {WEIGHT: weight, BIAS: bias}
        state = OrderedDict(state) if container == "OrderedDict" else state
    elif container == "missing":
        state, valid = {draw(st.sampled_from([WEIGHT, BIAS])): weight}, False
    elif container == "extra":
        state, valid = {WEIGHT: weight, BIAS: bias, draw(st.sampled_from(["1.weight", "w", ""])): bias}, False
    elif container == "int key":
        state, valid = {0: weight, BIAS: bias}, False
    elif container == "list":
        state, valid = [weight, bias], False
    else:
        top = draw(st.sampled_from(["str", "int", "tensor", "none", "tuple", "nested"]))
        state = {
            "str": "model",
            "int": 42,
            "tensor": torch.zeros(1, 3),
            "none": None,
            "tuple": (weight, bias),
            "nested": {"model": {WEIGHT: weight, BIAS: bias}},
        }[top]
        valid = False
    return state, valid


@fuzz("wrong_structures")
@given(case=model_states())
def test_wrong_structures_are_refused(workdir: Path, case) -> None:
    COUNTS["wrong_structures"] += 1
    state, valid = case
    path = workdir / "structure.pt"
    torch.save(state, path)
    error = refused_or_model(path, 2)
    assert (error is None) == valid, f"expected {'accepted' if valid else 'refused'}: {error}"


def test_oversized_and_unreadable_model_files(tmp_path: Path) -> None:
    big = tmp_path / "big.pt"
    big.write_bytes(b"\0" * 1_000_001)
    with pytest.raises(ModelFileError, match="larger"):
        load_model(big, 2)
    with pytest.raises(ModelFileError, match="cannot read"):
        load_model(tmp_path / "missing.pt", 2)
    with pytest.raises(ModelFileError):
        load_model(tmp_path, 2)  # a directory


def test_parameter_and_builtin_state_dict_load(tmp_path: Path) -> None:
    """A state_dict of the note's nn.Sequential(nn.Linear(p, 1)) loads; so do saved nn.Parameters."""
    net = torch.nn.Sequential(torch.nn.Linear(3, 1))
    torch.save(net.state_dict(), tmp_path / "net.pt")
    w, b = load_model(tmp_path / "net.pt", 3)
    assert torch.equal(w, net[0].weight.detach().reshape(-1)) and b == net[0].bias.item()
    torch.save({WEIGHT: net[0].weight, BIAS: net[0].bias}, tmp_path / "params.pt")
    w, b = load_model(tmp_path / "params.pt", 3)
    assert not w.requires_grad and w.grad_fn is None


# ----- code execution through pickle ------------------------------------------------------------------
class _Exploit:
    """Unpickling this creates ``marker``: what a malicious "model" file would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        return (exec, (f"with open({self.marker!r}, 'w') as f: f.write('pwned')",))


def _exploit_files(directory: Path, marker: Path) -> dict[str, Path]:
    files = {
        "raw pickle": directory / "raw.pt",
        "torch.save zip": directory / "zip.pt",
        "torch.save legacy": directory / "legacy.pt",
        "inside a state_dict": directory / "state.pt",
    }
    files["raw pickle"].write_bytes(pickle.dumps({WEIGHT: _Exploit(marker), BIAS: 0}))
    torch.save(_Exploit(marker), files["torch.save zip"])
    torch.save(_Exploit(marker), files["torch.save legacy"], _use_new_zipfile_serialization=False)
    torch.save({WEIGHT: torch.zeros(1, 2), BIAS: _Exploit(marker)}, files["inside a state_dict"])
    return files


def test_pickled_code_is_refused_and_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    files = _exploit_files(tmp_path, marker)
    for name, path in files.items():
        with pytest.raises(ModelFileError, match="not a model file"):
            load_model(path, 2)
        assert not marker.exists(), f"{name}: load_model ran code from the file"
    # The control: these files really do run code when unpickled without weights_only.
    control = tmp_path / "control"
    control.mkdir()
    control_marker = control / "pwned"
    control_files = _exploit_files(control, control_marker)
    pickle.loads(control_files["raw pickle"].read_bytes())
    assert control_marker.read_text() == "pwned"
    assert not marker.exists()


def _python_sources() -> list[Path]:
    root = Path(linreg_gui.__file__).parent
    return sorted(root.rglob("*.py"))


def _is_torch_load(node: ast.AST) -> bool:
    """``torch.load(...)``."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "load"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "torch"
    )


UNSAFE_MODULES = {"pickle", "_pickle", "cPickle", "dill", "cloudpickle", "shelve", "marshal", "joblib"}
# The one exception: the messages on the pipes between the window and the training process it started
# (pipes no other process holds) are pickled. That module reads no file.
PIPE_MODULE = "protocol.py"


def test_no_module_imports_pickle_and_every_torch_load_is_weights_only() -> None:
    sources = _python_sources()
    assert len(sources) > 10
    loads = 0
    for source in sources:
        if source.name == PIPE_MODULE:
            assert "open(" not in source.read_text(encoding="utf-8")
            continue
        tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                names = {(node.module or "").split(".")[0]} | {alias.name for alias in node.names}
            else:
                names = set()
            assert not names & UNSAFE_MODULES, f"{source}:{node.lineno} imports {names & UNSAFE_MODULES}"
            if _is_torch_load(node):
                loads += 1
                flag = {k.arg: k.value for k in node.keywords}.get("weights_only")
                assert isinstance(flag, ast.Constant) and flag.value is True, f"{source}:{node.lineno}"
        assert "pickle.load" not in source.read_text(encoding="utf-8"), source
    assert loads >= 1  # model_file.load_model


# ----- the budget was spent ----------------------------------------------------------------------
def test_example_counts() -> None:
    """Runs last in this module: at least 1,000 experiment files and 1,000 model files were tried."""
    budget = {**EXPERIMENT_EXAMPLES, **MODEL_EXAMPLES}
    if set(COUNTS) != set(budget):
        pytest.skip(f"only part of the module ran: {sorted(set(budget) - set(COUNTS))} missing")
    experiment_files = sum(COUNTS[name] for name in EXPERIMENT_EXAMPLES)
    model_files = sum(COUNTS[name] for name in MODEL_EXAMPLES)
    print(f"examples: {dict(COUNTS)}; {experiment_files} experiment files, {model_files} model files")
    assert experiment_files >= 1000, COUNTS
    assert model_files >= 1000, COUNTS
