"""Work that can be stopped: articles are read, cleaned and analysed in worker processes that the
parent watches, so that one article can neither stall the batch nor exhaust the machine.

Each stage of each article (reading, cleaning, analysis) has a time limit, and each worker process a
memory limit. A worker past either is stopped (``SIGKILL``; no code of its can delay that), the
article it was on is reported as :class:`Stopped`, a new worker takes its place and the rest of the
batch goes on. Work handed out in shares (the analysis parses a few articles together) that fails
or is stopped is tried again one article at a time, so that only the article at fault is reported.

Workers are forked from the parent, so they share what it has loaded (the spaCy model) and the
items, which are never pickled on the way in; results come back through a pipe. Where processes
cannot be forked, the work runs in the parent, without limits.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
#: ``work(items, stage)`` gives one result per item, in order; it calls ``stage("clean")`` when it moves
#: on to another stage of the item it is on.
Work = Callable[[list[Item], Callable[[str], None]], Iterable[Result]]

#: How often the parent looks at its workers' memory, in seconds.
POLL_SECONDS = 0.2
PARTICIPLES = {"read": "read", "clean": "cleaned", "analyse": "analysed"}


@dataclass(frozen=True)
class Limits:
    """How long one stage of one article may take, and how much memory a worker may hold (None: no limit)."""

    seconds: float | None = 60.0
    memory: int | None = 3000 * 2**20

    def describe_time(self) -> str:
        return f"{self.seconds:g} s"

    def describe_memory(self) -> str:
        assert self.memory is not None  # only a limit that is set is described
        return f"{self.memory / 2**20:,.0f} MB"


NO_LIMITS = Limits(None, None)
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Stopped:
    """An item whose work was stopped or failed, with a one-line reason: "took longer than 60 s to clean"."""

    stage: str
    reason: str


def can_stop_work() -> bool:
    """Whether work can run in worker processes that the parent stops (where processes can be forked)."""
    return "fork" in multiprocessing.get_all_start_methods()


#: What the workers of the current :func:`run` work on, set just before they are forked.
_job: tuple[Sequence[Any], Work] | None = None
#: The parent's ends of the pipes to its workers: a worker closes its copies of them, so that each
#: worker sees the end of its pipe (and exits) when the parent is gone, however it went.
_parents_ends: list[Connection] = []


def run(
    items: Sequence[Item], work: Work, *, first_stage: str, processes: int = 1, limits: Limits = DEFAULT_LIMITS,
    share: int = 1,
) -> Iterator[tuple[int, Result | Stopped]]:
    """``(index, result)`` for every item, in the order they are done: ``work``'s result, or
    :class:`Stopped` where the work of that item ran past ``limits`` or failed.

    Items are handed out ``share`` at a time to at most ``processes`` workers; ``first_stage`` names
    the stage each item starts in.
    """
    if not items:
        return
    shares = deque(list(range(i, min(i + share, len(items)))) for i in range(0, len(items), share))
    if not can_stop_work():
        yield from _run_here(items, work, first_stage, shares)
        return
    global _job
    _job = (items, work)
    pool = _Pool(min(processes, len(shares)), first_stage, limits)
    try:
        yield from pool.run(shares)
    finally:
        pool.close()
        _job = None


def _run_here(items: Sequence[Item], work: Work, first_stage: str, shares: deque[list[int]]) -> Iterator[tuple[int, Any]]:
    """The work in this process, without limits; a share that fails is tried again an item at a time."""
    while shares:
        indexes = shares.popleft()
        stage = [first_stage]
        done = 0
        try:
            for result in work([items[i] for i in indexes], stage.append):
                yield indexes[done], result
                done += 1
                stage.append(first_stage)
        except Exception as error:
            rest = indexes[done:]
            if len(rest) > 1:
                shares.extendleft([i] for i in reversed(rest))
            else:
                yield rest[0], Stopped(stage[-1], f"could not be {PARTICIPLES.get(stage[-1], stage[-1])} ({_one_line(error)})")


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    share: list[int] = field(default_factory=list)  # the items handed to it and not yet done
    stage: str = ""
    deadline: float | None = None

    @property
    def pid(self) -> int:
        pid = self.process.pid
        assert pid is not None  # a worker's process is started before it is handed work
        return pid


class _Pool:
    def __init__(self, size: int, first_stage: str, limits: Limits):
        self.size = max(1, size)
        self.first_stage = first_stage
        self.limits = limits
        self.idle: list[_Worker] = []
        self.busy: list[_Worker] = []
        self.context = multiprocessing.get_context("fork")

    def run(self, shares: deque[list[int]]) -> Iterator[tuple[int, Any]]:
        next_poll = time.monotonic() + POLL_SECONDS
        while shares or self.busy:
            while shares and len(self.busy) < self.size:
                self._hand_out(shares.popleft())
            now = time.monotonic()
            deadlines = [w.deadline for w in self.busy if w.deadline is not None]
            timeout = max(0.0, min([next_poll, *deadlines]) - now)
            for connection in wait([w.connection for w in self.busy], timeout):
                worker = next(w for w in self.busy if w.connection is connection)
                yield from self._receive(worker, shares)
            now = time.monotonic()
            for worker in list(self.busy):
                if worker.deadline is not None and now > worker.deadline:
                    yield from self._stop(worker, shares, f"took longer than {self.limits.describe_time()} to {worker.stage}; skipped")
            if now >= next_poll:
                next_poll = now + POLL_SECONDS
                for worker in list(self.busy):
                    if self.limits.memory is not None and resident_memory(worker.pid) > self.limits.memory:
                        yield from self._stop(worker, shares, f"needed more than {self.limits.describe_memory()} to {worker.stage}; skipped")

    def _hand_out(self, share: list[int]) -> None:
        worker = self.idle.pop() if self.idle else self._start()
        worker.share = list(share)
        self._enter(worker, self.first_stage)
        worker.connection.send(share)
        self.busy.append(worker)

    def _enter(self, worker: _Worker, stage: str) -> None:
        worker.stage = stage
        worker.deadline = None if self.limits.seconds is None else time.monotonic() + self.limits.seconds

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        _parents_ends.append(ours)
        process = self.context.Process(target=_serve, args=(theirs,), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def _receive(self, worker: _Worker, shares: deque[list[int]]) -> Iterator[tuple[int, Any]]:
        try:
            message = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join(1)
            code = worker.process.exitcode
            how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            doing = PARTICIPLES.get(worker.stage, worker.stage)
            yield from self._stop(worker, shares, f"its process ended while it was being {doing} ({how}); skipped")
            return
        kind = message[0]
        if kind == "stage":
            self._enter(worker, message[1])
        elif kind == "done":
            index = worker.share.pop(0)
            yield index, message[1]
            self._enter(worker, self.first_stage)
        elif kind == "failed":
            reason = f"could not be {PARTICIPLES.get(worker.stage, worker.stage)} ({message[1]})"
            yield from self._give_back(worker, shares, reason)
        if kind in ("failed", "finished"):
            self.busy.remove(worker)
            self._retire_or_keep(worker)

    def _retire_or_keep(self, worker: _Worker) -> None:
        """An idle worker is kept for the next share, unless it has grown to half its memory limit."""
        if self.limits.memory is not None and resident_memory(worker.pid) > self.limits.memory // 2:
            self._end(worker)
        else:
            self.idle.append(worker)

    def _stop(self, worker: _Worker, shares: deque[list[int]], reason: str) -> Iterator[tuple[int, Any]]:
        """Kill a worker that ran past a limit or died, and report (or try again) what it was on."""
        worker.process.kill()
        worker.process.join()
        _close(worker.connection)
        self.busy.remove(worker)
        yield from self._give_back(worker, shares, reason)

    def _give_back(self, worker: _Worker, shares: deque[list[int]], reason: str) -> Iterator[tuple[int, Any]]:
        rest, worker.share = worker.share, []
        if len(rest) > 1:  # not known which item was at fault: each alone, first
            shares.extendleft([i] for i in reversed(rest))
        elif rest:
            yield rest[0], Stopped(worker.stage, reason)

    def _end(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.connection.send(None)
        worker.process.join(5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        _close(worker.connection)

    def close(self) -> None:
        for worker in self.busy:  # still busy: the run was given up (Ctrl-C, an error in the caller)
            worker.process.kill()
            worker.process.join()
            _close(worker.connection)
        for worker in self.idle:
            self._end(worker)
        self.busy, self.idle = [], []


def _serve(connection: Connection) -> None:
    """A worker: takes shares of item indexes and sends back, per item, its result as it is done."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    for end in _parents_ends:
        end.close()
    assert _job is not None  # run() sets it before it forks the workers
    items, work = _job
    while True:
        try:
            share = connection.recv()
        except (EOFError, OSError):
            return
        if share is None:
            return
        try:
            for result in work([items[i] for i in share], lambda stage: connection.send(("stage", stage))):
                connection.send(("done", result))
        except Exception as error:
            connection.send(("failed", _one_line(error)))
            continue
        connection.send(("finished",))


def _close(connection: Connection) -> None:
    connection.close()
    if connection in _parents_ends:
        _parents_ends.remove(connection)


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:300]}" if text else type(error).__name__


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_memory(pid: int) -> int:
    """Resident memory of a process in bytes (0 where it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return 0
