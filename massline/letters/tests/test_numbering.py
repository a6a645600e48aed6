"""Register numbers: YYYY/NNN per year, without gaps or duplicates, also under concurrency."""

import threading

import pytest
import time_machine
from django.db import connection, connections, transaction

from massline.letters.models import Letter
from massline.letters.tests.world import draft


def test_numbers_count_up_per_year_and_restart_in_a_new_year(personas):
    with time_machine.travel("2025-12-31 12:00 +00:00", tick=False):
        first = draft(personas)
        second = draft(personas)
    with time_machine.travel("2026-01-02 12:00 +00:00", tick=False):
        third = draft(personas)
    assert [first.register_number, second.register_number, third.register_number] == [
        "2025/001",
        "2025/002",
        "2026/001",
    ]


def test_a_letter_rolled_back_gives_its_number_back(personas):
    draft(personas)
    with pytest.raises(RuntimeError), transaction.atomic():
        draft(personas)
        raise RuntimeError("the surrounding work failed")
    after = draft(personas)
    assert after.register_seq == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the in-memory SQLite test database is shared-cache and refuses concurrent writers; "
    "SQLite writers are serialized by BEGIN IMMEDIATE anyway",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_letters_get_distinct_numbers_without_gaps(personas):
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for _ in range(5):
                draft(personas, subject=f"Letter {n}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    numbers = sorted(Letter.objects.values_list("register_seq", flat=True))
    assert numbers == list(range(1, 41))
