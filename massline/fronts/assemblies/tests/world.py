"""An assembly for tests: a front of unit A with four organizations and their delegates.

Weights (front weighted): PMLI 3, MLPD 2, RMP 1; KKE is an observer. Delegates: the `guest`
persona for PMLI, `pmli2` also for PMLI, `mlpd` for MLPD, `rmp` for RMP, `kke` for the
observer. Secretaries of the root unit prepare and chair; members of unit A follow; organizer
B sees nothing of it.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from massline.accounts.models import User
from massline.accounts.services import user_create
from massline.conftest import PASSWORD, Personas
from massline.directory.models import Organization
from massline.directory.tests.factories import OrganizationFactory
from massline.events.models import Event
from massline.fronts.assemblies.models import Assembly, Delegate, Vote
from massline.fronts.assemblies.services import assemblies as setup
from massline.fronts.assemblies.services import voting
from massline.fronts.models import Front, FrontMembership


@dataclass
class AssemblyWorld:
    personas: Personas
    front: Front
    event: Event
    assembly: Assembly
    memberships: dict[str, FrontMembership]
    delegates: dict[str, Delegate]
    users: dict[str, User] = field(default_factory=dict)

    @property
    def chair(self) -> User:
        return self.personas.secretary

    def yes_no(self, **kwargs: Any) -> Vote:
        vote = voting.vote_create(
            actor=self.chair, assembly=self.assembly, title="Adopt the resolution?", **kwargs
        )
        return voting.vote_open(actor=self.chair, vote=vote)

    def option(self, vote: Vote, role: str) -> int:
        return vote.options.get(role=role).pk


def build_assembly_world(
    personas: Personas, *, weighting: str = Front.Weighting.WEIGHTED, accredit: bool = True
) -> AssemblyWorld:
    admin = personas.admin
    front = Front.objects.create(
        slug="test-front",
        name="Test united front",
        short_name="TUF",
        unit=personas.unit_a,
        weighting=weighting,
    )
    event = Event.objects.create(
        slug="test-conference",
        kind=Event.Kind.CONFERENCE,
        title="First conference",
        unit=personas.unit_a,
        our_role=Event.Role.DELEGATION,
        starts_at=datetime(2023, 10, 7, 9, tzinfo=UTC),
        ends_at=datetime(2023, 10, 8, 18, tzinfo=UTC),
        venue="Gelsenkirchen (example venue)",
    )
    specs = [("pmli", "PMLI", 3, "member"), ("mlpd", "MLPD", 2, "member")]
    specs += [("rmp", "RMP", 1, "member"), ("kke", "KKE", 1, "observer")]
    memberships = {}
    for key, short, weight, status in specs:
        organization = Organization.objects.filter(
            short_name__iexact=short
        ).first() or OrganizationFactory.create(
            actor=admin, name=f"{short} party", short_name=short, kind=Organization.Kind.PARTY
        )
        memberships[key] = FrontMembership.objects.create(
            front=front, organization=organization, status=status, weight=weight
        )
    assembly = setup.assembly_create(
        actor=personas.secretary, front=front, event=event, title="First conference"
    )
    users = {"guest": personas.guest}
    for key in ("pmli2", "mlpd", "rmp", "kke"):
        users[key] = user_create(
            email=f"{key}.delegate@example.org", password=PASSWORD, display_name=f"{key} delegate"
        )
    seats = {"guest": "pmli", "pmli2": "pmli", "mlpd": "mlpd", "rmp": "rmp", "kke": "kke"}
    delegates = {}
    for key, org in seats.items():
        delegates[key] = setup.delegate_add(
            actor=personas.secretary,
            assembly=assembly,
            membership=memberships[org],
            user=users[key],
        )
        if accredit:
            setup.delegate_accredit(
                actor=personas.secretary, delegate=delegates[key], accredited=True
            )
    return AssemblyWorld(
        personas=personas,
        front=front,
        event=event,
        assembly=assembly,
        memberships=memberships,
        delegates=delegates,
        users=users,
    )
