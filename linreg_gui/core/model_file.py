"""Model files: the parameters as an ``nn.Linear``-style state_dict written by ``torch.save``.

Either implementation saves ``{"0.weight": (1, p), "0.bias": (1,)}``, exactly what
``nn.Sequential(nn.Linear(p, 1)).state_dict()`` holds, so a file loads into the note's built-in model
too. Loading uses ``weights_only=True`` (no pickle code runs) and checks every key, shape and value.
"""

from __future__ import annotations

import io
import os

import torch

from .experiment import write_atomically

WEIGHT, BIAS = "0.weight", "0.bias"
MAX_FILE_BYTES = 1_000_000


class ModelFileError(ValueError):
    """A refused model file; the message says what is wrong with it."""


def save_model(path: str | os.PathLike, w: torch.Tensor, b: float) -> None:
    state = {WEIGHT: w.detach().reshape(1, -1).clone().float(), BIAS: torch.tensor([float(b)])}
    buffer = io.BytesIO()
    torch.save(state, buffer)
    write_atomically(path, buffer.getvalue())


def load_model(path: str | os.PathLike, p: int) -> tuple[torch.Tensor, float]:
    """(w of shape (p,), b) from ``path``, for a model with ``p`` features."""
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise ModelFileError("the file is far larger than a linear model's parameters")
        state = torch.load(path, map_location="cpu", weights_only=True)
    except ModelFileError:
        raise
    except OSError as error:
        raise ModelFileError(f"cannot read {path}: {error.strerror or error}") from None
    except Exception as error:  # torch.load raises many types for a file that is not its format
        raise ModelFileError(f"not a model file saved by torch.save ({type(error).__name__})") from None
    if not isinstance(state, dict) or set(state) != {WEIGHT, BIAS}:
        keys = sorted(map(str, state)) if isinstance(state, dict) else type(state).__name__
        raise ModelFileError(f"expected the keys {WEIGHT!r} and {BIAS!r}, found {keys}")
    weight, bias = state[WEIGHT], state[BIAS]
    for key, tensor in ((WEIGHT, weight), (BIAS, bias)):
        if not isinstance(tensor, torch.Tensor) or not tensor.is_floating_point():
            raise ModelFileError(f"{key}: must be a floating-point tensor")
        if tensor.is_nested or tensor.layout != torch.strided or tensor.device.type != "cpu":
            raise ModelFileError(f"{key}: must be a plain (dense, CPU) tensor")
    # Shapes before values: a stride-0 view of one number can claim (10⁵, 10⁵) and exhaust memory.
    if tuple(weight.shape) != (1, p):
        raise ModelFileError(f"{WEIGHT}: shape {tuple(weight.shape)} does not fit this data's p = {p} (needs (1, {p}))")
    if tuple(bias.shape) != (1,):
        raise ModelFileError(f"{BIAS}: shape {tuple(bias.shape)}, needs (1,)")
    # Check the float32 values the model will hold: float64 1e300 is finite but becomes inf.
    weight, bias = weight.detach().reshape(-1).float().clone(), bias.detach().float()
    for key, tensor in ((WEIGHT, weight), (BIAS, bias)):
        if not torch.isfinite(tensor).all():
            raise ModelFileError(f"{key}: holds values that are not finite")
    return weight, float(bias)
