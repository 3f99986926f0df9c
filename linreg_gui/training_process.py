"""Starting and ending the training process, and its two pipes (commands in, answers out).

Where the platform has one (Linux, macOS), processes come from a fork server that has imported torch
once: the first trainer of a session waits for that import, every later one starts in milliseconds.
Elsewhere (Windows) they are spawned. The server module is imported in the child only, so the window
never loads torch, and the training process never loads Qt.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from .protocol import Start

# What the fork server imports before it forks a trainer (and with it the slow part, torch).
PRELOAD = ("linreg_gui.training_server",)
START_METHOD: str | None = None  # None: the fork server where there is one, else spawn (tests may force one)


def context() -> multiprocessing.context.BaseContext:
    method = START_METHOD or ("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(list(PRELOAD))
    return ctx


def _serve(commands: Connection, answers: Connection, start: Start) -> None:
    """The child's entry point; it ends without tearing anything down (torch's teardown takes time)."""
    from .training_server import serve

    serve(commands, answers, start)
    os._exit(0)


def start_process(start: Start) -> tuple[BaseProcess, Connection, Connection]:
    """A new training process beginning with ``start``; returns it, the end to send commands to and the
    end its answers come from (which reads end-of-file when the process ends)."""
    ctx = context()
    command_out, command_in = ctx.Pipe(duplex=False)
    answer_out, answer_in = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_serve, args=(command_out, answer_in, start), name="linreg-trainer", daemon=True)
    process.start()
    command_out.close()  # the process holds its own copies
    answer_in.close()
    return process, command_in, answer_out


def end_process(process: BaseProcess, timeout_s: float) -> bool:
    """Wait for a process asked to stop; kill it if it does not within ``timeout_s``. True if it ended."""
    process.join(timeout_s)
    if process.exitcode is not None:
        return True
    process.kill()
    process.join(1.0)
    return False
