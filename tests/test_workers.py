"""Work that can be stopped: an item past its time or memory limit, or whose work fails or dies, is
reported alone; every other item is done, in any number of processes, and no process is left behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest

from briefing import workers
from briefing.workers import Limits, Stopped, run


def doubled(items, stage):
    for item in items:
        stage("clean")
        yield item * 2


def stalls_on(bad):
    def work(items, stage):
        for item in items:
            stage("clean")
            if item == bad:
                time.sleep(600)
            yield item * 2
    return work


def test_every_item_is_done_once_in_any_number_of_processes_and_shares():
    for processes, share in ((1, 1), (2, 1), (2, 3), (3, 8)):
        done = dict(run(list(range(20)), doubled, first_stage="read", processes=processes, share=share))
        assert done == {i: i * 2 for i in range(20)}
    assert not multiprocessing.active_children()


def test_an_item_past_the_time_limit_is_stopped_in_the_stage_it_was_in_and_the_rest_are_done():
    started = time.monotonic()
    done = dict(run(list(range(6)), stalls_on(3), first_stage="read", processes=2, limits=Limits(seconds=1), share=2))
    assert time.monotonic() - started < 30
    assert done[3] == Stopped("clean", "took longer than 1 s to clean; skipped")
    assert {i: v for i, v in done.items() if i != 3} == {0: 0, 1: 2, 2: 4, 4: 8, 5: 10}
    assert not multiprocessing.active_children()


def test_an_item_past_the_memory_limit_is_stopped():
    def hoards(items, stage):
        for item in items:
            if item == 1:
                hoard = bytearray(400 * 2**20)
                hoard[::4096] = b"x" * len(hoard[::4096])  # touched, so resident
                time.sleep(10)
            yield item

    done = dict(run([0, 1, 2], hoards, first_stage="analyse", limits=Limits(seconds=60, memory=300 * 2**20)))
    assert done[1] == Stopped("analyse", "needed more than 300 MB to analyse; skipped")
    assert done[0] == 0 and done[2] == 2


def test_a_share_that_fails_is_tried_again_an_item_at_a_time_and_only_the_failing_item_is_reported():
    def fails_on_two(items, stage):
        if 2 in items:
            stage("analyse")
        for item in items:
            if item == 2:
                raise ValueError("no verb in\nthe sentence")
            yield item

    done = dict(run(list(range(5)), fails_on_two, first_stage="analyse", share=5))
    assert done[2] == Stopped("analyse", "could not be analysed (ValueError: no verb in the sentence)")
    assert {i: done[i] for i in (0, 1, 3, 4)} == {0: 0, 1: 1, 3: 3, 4: 4}


def test_a_worker_that_dies_is_reported_for_its_item_and_replaced():
    def dies_on_one(items, stage):
        for item in items:
            if item == 1:
                os.kill(os.getpid(), signal.SIGKILL)
            yield item

    done = dict(run([0, 1, 2, 3], dies_on_one, first_stage="read", processes=1))
    assert done[1] == Stopped("read", "its process ended while it was being read (killed by signal 9); skipped")
    assert [done[i] for i in (0, 2, 3)] == [0, 2, 3]


def test_without_fork_the_work_runs_here_with_the_same_results(monkeypatch):
    monkeypatch.setattr(workers, "can_stop_work", lambda: False)

    def fails_on_two(items, stage):
        for item in items:
            if item == 2:
                raise ValueError("broken")
            yield item * 2

    done = dict(run(list(range(5)), fails_on_two, first_stage="clean", share=2))
    assert done == {0: 0, 1: 2, 2: Stopped("clean", "could not be cleaned (ValueError: broken)"), 3: 6, 4: 8}


def test_workers_end_when_the_run_is_given_up():
    results = run(list(range(10)), stalls_on(0), first_stage="read", processes=2, limits=Limits(seconds=None))
    first = next(results)  # item 1 is done while item 0 stalls
    assert first == (1, 2)
    assert len(multiprocessing.active_children()) == 2
    results.close()  # the caller stops asking (Ctrl-C, an error)
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("seconds, megabytes, expected", [(60, 3000, Limits(60, 3000 * 2**20)), (0, 0, Limits(None, None))])
def test_zero_means_no_limit(seconds, megabytes, expected):
    from briefing.cli import limits_of

    assert limits_of(seconds, megabytes) == expected
