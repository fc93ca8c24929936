"""Plan and record sheets in a state folder the way `mksheet FILE` does, for tests that need a
ledger with sheets in it but no PDF."""

from __future__ import annotations

from sheets import ledger
from sheets.ledger import folder as state_folder
from sheets.ledger import store as state
from sheets.make import steps as run
from sheets.model import CodeSet, Job


def plan_each(
    where: str, code_sets: list[CodeSet], today: str, owner: str | None = None
) -> list[ledger.Plan]:
    """Plan sheets for code sets as one run would; nothing is saved."""
    with state_folder.locked(where):
        book = state.load(where, create_key=True)
        if not book.key_on_disk:  # record() loads again: the key must be the one planned with
            state.save(book)
    pages = [Job(codes, owner, codes.source or "codes.txt") for codes in code_sets]
    planned = run.plan(book, pages, today)
    if planned.refused:
        raise planned.refused[0][1]
    return [p for p in planned.plans if p is not None]


def record(where: str, chosen: ledger.Plan, today: str) -> None:
    """Record a planned sheet as written, under the state folder's lock."""
    with state_folder.locked(where):
        run.commit(state.load(where, create_key=True), [chosen], today)
