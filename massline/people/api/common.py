"""Shared pieces of the people API: the router, the acting user, bulk-read audits, shared shapes."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import AfterValidator

from massline.accounts.models import Unit, User
from massline.audit.services import audit_record
from massline.core.api import (
    plain_text,
)
from massline.people import selectors
from massline.people.models import (
    Contact,
    ImportBatch,
    Interaction,
    Site,
)
from massline.people.segments import SegmentQueryError

router = Router()

BULK_READ = "api.contacts.read"

Email = Annotated[str, Field(min_length=1, max_length=254), AfterValidator(plain_text)]
Phone = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(plain_text)]
Language = Annotated[str, Field(min_length=2, max_length=3), AfterValidator(plain_text)]
ConstituencyKey = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(plain_text)]
TagName = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(plain_text)]
Level = Annotated[int, Field(ge=1, le=5)]

if TYPE_CHECKING:
    ContactStatus = str
    InteractionKind = str
    Outcome = str
    SiteKind = str
    ImportStatus = str
else:
    # Literal types built from the model choices: the schema lists them, pydantic checks them.
    ContactStatus = Literal[tuple(Contact.Status.values)]
    InteractionKind = Literal[tuple(Interaction.Kind.values)]
    Outcome = Literal[tuple(Interaction.Outcome.values)]
    SiteKind = Literal[tuple(Site.Kind.values)]
    ImportStatus = Literal[tuple(ImportBatch.Status.values)]


def _actor(request: HttpRequest) -> User:
    """The authenticated user; authentication ran before any operation."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _working_unit(actor: User, unit_id: int) -> Unit:
    """A unit where the actor organizes; any other id, existing or not, is refused alike."""
    unit = selectors.working_units(user=actor).filter(pk=unit_id).first()
    if unit is None:
        raise PermissionDenied
    return unit


@contextmanager
def _query_errors(field: str) -> Iterator[None]:
    """A segment query that does not parse is a validation problem on `field`, with the
    parser's message."""
    try:
        yield
    except SegmentQueryError as exc:
        raise ValidationError({field: [str(exc)]}) from exc


def _audit_bulk_read(
    actor: User,
    page: dict[str, Any],
    offset: int,
    *,
    query: str,
    obj: Model | None = None,
    **extra: Any,
) -> None:
    """One audit entry per page of contacts read: how many, of how many, and the filter."""
    audit_record(
        actor=actor,
        action=BULK_READ,
        obj=obj,
        data={
            "count": len(page["items"]),
            "total": page["count"],
            "offset": offset,
            "query": query,
            **extra,
        },
    )


# Shared shapes ---------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    name: str


class UserRef(Schema):
    id: int
    display_name: str


class SiteRef(Schema):
    id: int
    name: str


class ContactRef(Schema):
    id: int
    display_name: str


class CountOut(Schema):
    count: int
