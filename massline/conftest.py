"""Named personas shared by the whole suite.

- admin: instance administrator
- secretary: international secretary of the whole organization (root unit)
- organizer_a / organizer_b: organizers of unit A and unit B, who must never see each other's
  compartments
- member_a: a rank-and-file member of unit A
- guest: a guest/delegate account of unit A
- anonymous: no login
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from massline.accounts.models import Role, Unit, User
from massline.accounts.services import membership_set, unit_create, user_create

pytest_plugins = ["massline.testing.browser", "massline.testing.smtp"]

PASSWORD = "correct horse battery staple"


@dataclass
class Personas:
    root: Unit
    unit_a: Unit
    unit_b: Unit
    admin: User
    secretary: User
    organizer_a: User
    organizer_b: User
    member_a: User
    guest: User

    NAMES = ("admin", "secretary", "organizer_a", "organizer_b", "member_a", "guest", "anonymous")

    def user(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)

    def client(self, name: str) -> Client:
        client = Client()
        user = self.user(name)
        if user is not None:
            client.force_login(user)
        return client


def make_personas() -> Personas:
    root = unit_create(actor=None, name="Whole party", kind=Unit.Kind.ORGANIZATION)
    unit_a = unit_create(actor=None, name="Unit A", kind=Unit.Kind.BRANCH, parent=root)
    unit_b = unit_create(actor=None, name="Unit B", kind=Unit.Kind.BRANCH, parent=root)

    def person(email: str, unit: Unit | None, role: Role | None, **extra: bool) -> User:
        user = user_create(
            email=email, password=PASSWORD, display_name=email.split("@")[0], **extra
        )
        if unit is not None and role is not None:
            membership_set(actor=None, user=user, unit=unit, role=role)
        return user

    return Personas(
        root=root,
        unit_a=unit_a,
        unit_b=unit_b,
        admin=person("admin@example.org", None, None, is_superuser=True),
        secretary=person("secretary@example.org", root, Role.SECRETARY),
        organizer_a=person("organizer.a@example.org", unit_a, Role.ORGANIZER),
        organizer_b=person("organizer.b@example.org", unit_b, Role.ORGANIZER),
        member_a=person("member.a@example.org", unit_a, Role.MEMBER),
        guest=person("guest@example.org", unit_a, Role.GUEST),
    )


@pytest.fixture
def personas(db) -> Personas:
    return make_personas()
