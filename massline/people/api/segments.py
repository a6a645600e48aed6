"""Segments over HTTP: saved queries, their counts and members."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema, Status

from massline.core.api import (
    Id,
    InputSchema,
    Omittable,
    PageQuery,
    PlainText,
    fields_named,
    paginate,
)
from massline.people import selectors
from massline.people.api.common import (
    CountOut,
    UnitRef,
    _actor,
    _audit_bulk_read,
    _query_errors,
    _working_unit,
    router,
)
from massline.people.api.contacts import (
    ContactPage,
)
from massline.people.models import (
    Segment,
)
from massline.people.segments import MAX_LENGTH as QUERY_MAX_LENGTH
from massline.people.services import contacts

# Segments --------------------------------------------------------------------------------


class SegmentOut(Schema):
    id: int
    unit: UnitRef
    name: str
    query: str
    created_at: datetime
    updated_at: datetime


class SegmentPage(Schema):
    count: int
    items: list[SegmentOut]


class SegmentIn(InputSchema):
    unit_id: Id = Field(
        description="A unit where you organize; the segment finds contacts "
        "of this unit and those below it."
    )
    name: PlainText = Field(
        min_length=1, max_length=120, description="Unique in the unit, regardless of case."
    )
    query: PlainText = Field(max_length=QUERY_MAX_LENGTH, description="A segment query.")


class SegmentPatch(InputSchema):
    """Only the fields sent are changed."""

    unit_id: Omittable[Id] = None
    name: Omittable[PlainText] = Field(None, min_length=1, max_length=120)
    query: Omittable[PlainText] = Field(None, max_length=QUERY_MAX_LENGTH)


class CountQuery(Schema):
    q: PlainText = Field("", max_length=QUERY_MAX_LENGTH, description="A segment query.")
    unit_id: Id | None = Field(
        None, description="Count only in this unit (one where you organize) and those below it."
    )


_SEGMENT_NAMES = {"unit": "unit_id"}


@router.get(
    "/segments",
    response=SegmentPage,
    tags=["segments"],
    operation_id="segment_list",
    summary="List segments",
)
def segment_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """Segments of the units where the caller organizes, by name."""
    found = selectors.segment_list(user=_actor(request)).order_by("name", "id")
    return paginate(found, page)


@router.post(
    "/segments",
    response={201: SegmentOut},
    tags=["segments"],
    operation_id="segment_create",
    summary="Save a segment",
)
def segment_create(request: HttpRequest, payload: SegmentIn) -> Status[Segment]:
    """A query that does not parse is refused with the parser's message on `query`."""
    actor = _actor(request)
    unit = _working_unit(actor, payload.unit_id)
    with fields_named(**_SEGMENT_NAMES):
        segment = contacts.segment_create(
            actor=actor, unit=unit, name=payload.name, query=payload.query
        )
    return Status(201, selectors.access_segment(user=actor, segment_id=segment.pk))


@router.get(
    "/segments/count",
    response=CountOut,
    tags=["segments"],
    operation_id="segment_query_count",
    summary="Count the contacts of a query",
)
def segment_query_count(request: HttpRequest, filters: Query[CountQuery]) -> dict[str, int]:
    """How many contacts the caller may see an unsaved query finds; the live count of the
    filter box. A query that does not parse is a 422 with the parser's message on `q`."""
    actor = _actor(request)
    unit_id = None
    if filters.unit_id is not None:
        unit_id = _working_unit(actor, filters.unit_id).pk
    with _query_errors("q"):
        return {"count": selectors.segment_count(user=actor, query=filters.q, unit_id=unit_id)}


@router.get(
    "/segments/{int:segment_id}",
    response=SegmentOut,
    tags=["segments"],
    operation_id="segment_get",
    summary="Get a segment",
)
def segment_get(request: HttpRequest, segment_id: Id) -> Segment:
    return selectors.access_segment(user=_actor(request), segment_id=segment_id)


@router.patch(
    "/segments/{int:segment_id}",
    response=SegmentOut,
    tags=["segments"],
    operation_id="segment_update",
    summary="Change a segment",
)
def segment_update(request: HttpRequest, segment_id: Id, payload: SegmentPatch) -> Segment:
    actor = _actor(request)
    segment = selectors.access_segment(user=actor, segment_id=segment_id)
    data = payload.dict(exclude_unset=True)
    unit = _working_unit(actor, data["unit_id"]) if "unit_id" in data else None
    with fields_named(**_SEGMENT_NAMES):
        contacts.segment_update(
            actor=actor,
            segment=segment,
            unit=unit,
            name=data.get("name", segment.name),
            query=data.get("query", segment.query),
        )
    return selectors.access_segment(user=actor, segment_id=segment.pk)


@router.delete(
    "/segments/{int:segment_id}",
    response={204: None},
    tags=["segments"],
    operation_id="segment_delete",
    summary="Delete a segment",
)
def segment_delete(request: HttpRequest, segment_id: Id) -> Status[None]:
    """Deletes the saved filter only, never a contact."""
    actor = _actor(request)
    segment = selectors.access_segment(user=actor, segment_id=segment_id)
    contacts.segment_delete(actor=actor, segment=segment)
    return Status(204, None)


@router.get(
    "/segments/{int:segment_id}/count",
    response=CountOut,
    tags=["segments"],
    operation_id="segment_count",
    summary="Count a segment's members",
)
def segment_count(request: HttpRequest, segment_id: Id) -> dict[str, int]:
    """Contacts of the segment's unit (and below) that match its query and the caller may
    see."""
    actor = _actor(request)
    segment = selectors.access_segment(user=actor, segment_id=segment_id)
    with _query_errors("query"):
        return {
            "count": selectors.segment_count(
                user=actor, query=segment.query, unit_id=segment.unit_id
            )
        }


@router.get(
    "/segments/{int:segment_id}/members",
    response=ContactPage,
    tags=["segments"],
    operation_id="segment_members",
    summary="List a segment's members",
)
def segment_members(request: HttpRequest, segment_id: Id, page: Query[PageQuery]) -> dict[str, Any]:
    """Newest first, like the contact list. Audited as a bulk read."""
    actor = _actor(request)
    segment = selectors.access_segment(user=actor, segment_id=segment_id)
    with _query_errors("query"):
        members = selectors.segment_members(user=actor, segment=segment)
    result = paginate(members, page)
    _audit_bulk_read(actor, result, page.offset, query=segment.query, obj=segment)
    return result
