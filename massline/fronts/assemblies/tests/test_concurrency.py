"""Two phones of the same organization press at the same instant: one vote counts.

Runs on PostgreSQL, where casts truly run side by side (SQLite serialises writers anyway).
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from massline.conftest import make_personas
from massline.fronts.assemblies.models import Ballot, VoteCast
from massline.fronts.assemblies.services import voting
from massline.fronts.assemblies.tests.world import build_assembly_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
def test_simultaneous_votes_for_one_organization_count_once():
    world = build_assembly_world(make_personas())
    vote = world.yes_no()
    yes, no = world.option(vote, "yes"), world.option(vote, "no")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def press(key: str, choice: int) -> None:
        try:
            barrier.wait()
            voting.vote_cast(actor=world.users[key], vote=vote.pk, choices=[choice])
            outcomes.append("counted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=press, args=("guest", yes)),
        threading.Thread(target=press, args=("pmli2", no)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["counted", "refused"]
    assert VoteCast.objects.filter(vote=vote).count() == 1
    assert Ballot.objects.filter(vote=vote).count() == 1
