"""The speakers list: points of order first, alternation, speaking time."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from massline.fronts.assemblies.models import Assembly
from massline.fronts.assemblies.selectors import speaking_totals
from massline.fronts.assemblies.services import assemblies as setup
from massline.fronts.assemblies.tests.world import build_assembly_world


@pytest.fixture
def world(personas):
    return build_assembly_world(personas)


def test_points_of_order_go_first_then_speeches_in_order(world):
    item = setup.agenda_item_add(actor=world.chair, assembly=world.assembly, title="Debate")
    setup.speaker_request(actor=world.users["guest"], item=item)
    setup.speaker_request(actor=world.users["mlpd"], item=item)
    setup.speaker_request(actor=world.users["rmp"], item=item, kind="order")
    with pytest.raises(ValidationError, match="already on the list"):
        setup.speaker_request(actor=world.users["guest"], item=item)
    order = [r.delegate.user for r in setup.speakers_in_order(item)]
    assert order == [world.users["rmp"], world.users["guest"], world.users["mlpd"]]


def test_alternation_picks_the_next_speaker_of_another_declared_attribute(world):
    world.assembly.alternation = Assembly.Alternation.GENDER
    world.assembly.save()
    for key, attribute in [("guest", "man"), ("pmli2", "man"), ("mlpd", "woman")]:
        setup.delegate_declare(
            actor=world.users[key], delegate=world.delegates[key], attribute=attribute
        )
    item = setup.agenda_item_add(actor=world.chair, assembly=world.assembly, title="Debate")
    for key in ("guest", "pmli2", "mlpd"):
        setup.speaker_request(actor=world.users[key], item=item)
    called = [setup.speaker_next(actor=world.chair, item=item) for _ in range(3)]
    assert [r.delegate if r else None for r in called] == [
        world.delegates["guest"],
        world.delegates["mlpd"],
        world.delegates["pmli2"],
    ]


def test_speaking_time_adds_up_per_delegate_and_organization(world):
    item = setup.agenda_item_add(actor=world.chair, assembly=world.assembly, title="Debate")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        setup.speaker_request(actor=world.users["guest"], item=item)
        setup.speaker_request(actor=world.users["pmli2"], item=item)
        setup.speaker_next(actor=world.chair, item=item)
        traveller.shift(timedelta(seconds=90))
        setup.speaker_next(actor=world.chair, item=item)
        traveller.shift(timedelta(seconds=45))
        setup.speaker_stop(actor=world.chair, item=item)
    delegates, organizations = speaking_totals(world.assembly)
    assert delegates[world.delegates["guest"].pk] == 90
    assert delegates[world.delegates["pmli2"].pk] == 45
    assert organizations[world.memberships["pmli"].pk] == 135
