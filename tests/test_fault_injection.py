"""SIGKILL during a batch import and during submission, then resume: nothing lost, nothing
twice, ledger sound. (bench/fault_injection.py runs many more trials and prints figures.)"""

from __future__ import annotations

import pytest

from testkit.fault_injection import concurrent_trials, import_trials, make_inbox, submit_trials

pytestmark = pytest.mark.slow  # a real browser, server or killed processes: not in test-fast


def test_killed_imports_resume_without_loss_or_duplicates(tmp_path) -> None:
    inbox, _ = make_inbox(tmp_path / "inbox", seed=3)
    figures = import_trials(3, seed=11, inbox=inbox, work=tmp_path)
    assert figures.killed_midway >= 1, "at least one kill must land inside the batch"
    assert (figures.lost, figures.duplicates, figures.integrity_failures) == (0, 0, [])


def test_killed_submissions_resume_exactly_once(tmp_path) -> None:
    figures = submit_trials(3, seed=11, records=12, work=tmp_path)
    assert figures.killed_midway >= 1
    assert (figures.lost, figures.duplicates, figures.integrity_failures) == (0, 0, [])


@pytest.mark.parametrize(
    ("senders", "target"),
    [(2, "honest"), (4, "honest"), (2, "lying-lookup"), (2, "no-id-after-store"),
     (2, "no-lookup")],
)  # fmt: skip
def test_concurrent_senders_and_lying_targets_send_once_and_confirm_only_what_arrived(
    tmp_path, senders: int, target: str
) -> None:
    figures = concurrent_trials(2, seed=5, records=8, work=tmp_path, senders=senders, target=target)
    assert (figures.duplicates, figures.lost, figures.integrity_failures) == (0, 0, [])
    if target == "honest":
        assert figures.in_doubt == 0, "an honest target with a lookup settles everything"
