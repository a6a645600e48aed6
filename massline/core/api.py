"""What every app's `api.py` is built from: strict input, bounded types, pages of results.

This module sits below every app: it imports Django, ninja and pydantic, never a Massline
app, so that `directory`, `people` and the others can share it without an upward arrow.

- Input schemas derive from `InputSchema`, which refuses unknown fields.
- Text fields are `PlainText` (no NUL, valid Unicode), dates `IsoDate` (YYYY-MM-DD only),
  moments `IsoDateTime` (with their UTC offset), ids `Id` (within the database's range).
- A change (PATCH) declares its fields `Omittable[X]`: left out means unchanged, null is
  refused.
- Lists take `Query[PageQuery]` and answer `paginate(queryset, page)`:
  `{"count": ..., "items": [...]}`.
"""

import re
import types
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias, TypeVar, Union, get_args, get_origin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    ConfigDict,
    model_validator,
)

MAX_PAGE_SIZE = 200
MAX_OFFSET = 1_000_000_000
MAX_ID = 2**63 - 1
# Moments outside these years are typing mistakes, and near the ends of Python's calendar a
# conversion to UTC would overflow.
FIRST_YEAR = 1900
LAST_YEAR = 2200

M = TypeVar("M", bound=Model)
T = TypeVar("T")


# Field types -----------------------------------------------------------------------------


def plain_text(value: str) -> str:
    """Refuse text the databases cannot store (PostgreSQL rejects NUL and lone surrogates)."""
    if "\x00" in value:
        raise ValueError(_("Text may not contain NUL characters."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(_("Text must be valid Unicode.")) from exc
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?"
    r"([Zz]|[+-]\d{2}:?\d{2})"
)


def _iso_date(value: object) -> object:
    """Dates are written YYYY-MM-DD; pydantic alone would also take numbers as timestamps."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise ValueError(_("Enter a valid date (YYYY-MM-DD)."))


def _iso_datetime(value: object) -> object:
    if isinstance(value, str) and _ISO_DATETIME.fullmatch(value):
        return value
    raise ValueError(
        _("Enter a date and time with its UTC offset, e.g. 2024-05-01T18:30:00+02:00.")
    )


def _plausible_moment(value: datetime) -> datetime:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            _("Enter a moment between the years %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return value.astimezone(UTC)


PlainText = Annotated[str, AfterValidator(plain_text)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[
    AwareDatetime, BeforeValidator(_iso_datetime), AfterValidator(_plausible_moment)
]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

if TYPE_CHECKING:
    Omittable: TypeAlias = T | None
else:

    class Omittable:
        """`Omittable[X]` is X for a field of a change: it may be left out (the default None
        stands for "unchanged" and is never validated) but not sent as null."""

        def __class_getitem__(cls, item: Any) -> Any:
            return item


def _takes_a_flag(annotation: Any) -> bool:
    if annotation is bool:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return all(m is bool or m is type(None) for m in get_args(annotation))
    return False


def _takes_a_number(annotation: Any) -> bool:
    if annotation is int or annotation is float:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        members = get_args(annotation)
        return bool not in members and any(_takes_a_number(m) for m in members)
    return False


class InputSchema(Schema):
    """Input refuses unknown fields, so that a misspelt field is an error, not a no-op, and
    takes numbers and true/false only as themselves (pydantic would read true as 1, 0 as false
    and "yes" as true)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _numbers_and_flags_as_themselves(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name, field in cls.model_fields.items():
                value = data.get(field.alias or name)
                if isinstance(value, bool) and _takes_a_number(field.annotation):
                    raise ValueError(f"{field.alias or name}: a number is expected, not {value}")
                if (
                    value is not None
                    and not isinstance(value, bool)
                    and _takes_a_flag(field.annotation)
                ):
                    raise ValueError(f"{field.alias or name}: true or false is expected")
        return data


# Pages -----------------------------------------------------------------------------------


class PageQuery(Schema):
    limit: int = Field(
        min(settings.API_PAGE_SIZE, MAX_PAGE_SIZE),
        ge=1,
        le=MAX_PAGE_SIZE,
        description="How many items to return (at most 200).",
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


def paginate(queryset: "QuerySet[M]", page: PageQuery) -> dict[str, Any]:
    """One page of an ordered queryset with the total count: the body of every list."""
    return {
        "count": queryset.count(),
        "items": list(queryset[page.offset : page.offset + page.limit]),
    }


# Errors ----------------------------------------------------------------------------------


@contextmanager
def fields_named(**names: str) -> Iterator[None]:
    """Report a service's field errors under the API's field names (`unit` as `unit_id`)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {names.get(name, name): errors for name, errors in exc.error_dict.items()}
        ) from exc
