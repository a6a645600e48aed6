"""The building blocks of the API access tables: rows, and who gets what.

`massline/api/tests/test_access.py` holds the rows of the directory and mass-work operations; an
app may keep the rows of its own operations beside it, in `massline/<app>/tests/api_access.py`
(a `TABLE` list of `Row`). A row's `params(world)` fills the path's own placeholders; objects an
app needs are built once per test with `world.once(key, make)`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from massline.api.tests.conftest import World

Body = Callable[[World], dict[str, Any]]


def readers(ok: int) -> dict[str, int]:
    """Members and above read the directory; a guest may not; anonymous must log in."""
    return {
        "admin": ok,
        "secretary": ok,
        "organizer_a": ok,
        "organizer_b": ok,
        "member_a": ok,
        "guest": 403,
        "anonymous": 401,
    }


def editors(ok: int) -> dict[str, int]:
    """Only secretaries and administrators change the directory."""
    return {
        "admin": ok,
        "secretary": ok,
        "organizer_a": 403,
        "organizer_b": 403,
        "member_a": 403,
        "guest": 403,
        "anonymous": 401,
    }


def organizers(ok: int, organizer_b: int = 404) -> dict[str, int]:
    """Mass work of unit A: organizers and above; organizer_b finds nothing there (404) or
    may not file anything there (403); members and guests never do mass work."""
    return {
        "admin": ok,
        "secretary": ok,
        "organizer_a": ok,
        "organizer_b": organizer_b,
        "member_a": 403,
        "guest": 403,
        "anonymous": 401,
    }


def everywhere(ok: int) -> dict[str, int]:
    """Lists and counts of mass work: each organizer gets their own units' records."""
    return organizers(ok, organizer_b=ok)


def secretaries(ok: int) -> dict[str, int]:
    """Imports belong to the secretaries of the unit."""
    return {
        "admin": ok,
        "secretary": ok,
        "organizer_a": 403,
        "organizer_b": 403,
        "member_a": 403,
        "guest": 403,
        "anonymous": 401,
    }


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


EVERYONE_LOGGED_IN = {
    "admin": 200,
    "secretary": 200,
    "organizer_a": 200,
    "organizer_b": 200,
    "member_a": 200,
    "guest": 200,
    "anonymous": 401,
}


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expect: dict[str, int]
    body: Body | None = field(default=None, compare=False)
    params: Callable[[World], dict[str, Any]] | None = field(default=None, compare=False)

    def url(self, w: World) -> str:
        d, mass = w.directory, w.mass
        extra = self.params(w) if self.params is not None else {}
        return self.path.format(
            **extra,
            organization_id=d.open_org.pk,
            relation_id=d.relation.pk,
            question_id=d.question.pk,
            position_id=d.position.pk,
            contact_id=mass.anna.pk,
            follow_up_id=mass.follow_up_a.pk,
            segment_id=mass.segment_a.pk,
            import_id=w.import_a.pk,
        )
