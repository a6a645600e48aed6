"""What can be reviewed, resolved through contenttypes so that this app imports none of them.

`REVIEWABLE_KINDS` is the list: each kind names a model by its label. A kind whose app is not
installed (or whose model does not exist yet) is skipped everywhere. Every reviewable model has
a `unit` foreign key, except the unit itself (its own unit) and a member (a self-criticism,
held in a unit the member belongs to).
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from massline.accounts.access import AnyUser, units_with_role
from massline.accounts.models import Role

SELF = "self"
UNIT = "unit"


@dataclass(frozen=True)
class Kind:
    code: str
    model_label: str
    label: str | Promise


REVIEWABLE_KINDS: tuple[Kind, ...] = (
    Kind("campaign", "campaigns.Campaign", _("Campaign")),
    Kind("event", "events.Event", _("Event")),
    Kind("letter", "letters.Letter", _("Letter")),
    Kind("front", "fronts.Front", _("United front")),
    Kind(UNIT, "accounts.Unit", _("Unit")),
    Kind(SELF, "accounts.User", _("Self-criticism")),
)
PICKER_LIMIT = 200


def model_of(kind: Kind) -> type[models.Model] | None:
    """The kind's model, or None when its app is not installed or has no such model yet."""
    try:
        return apps.get_model(kind.model_label)
    except LookupError:
        return None


def installed_kinds() -> list[Kind]:
    return [kind for kind in REVIEWABLE_KINDS if model_of(kind) is not None]


def kind_by_code(code: str) -> Kind | None:
    for kind in installed_kinds():
        if kind.code == code:
            return kind
    return None


def kind_of_type(content_type: ContentType) -> Kind | None:
    label = f"{content_type.app_label}.{content_type.model}"
    for kind in installed_kinds():
        if kind.model_label.lower() == label:
            return kind
    return None


def subject_unit_id(kind: Kind, subject: models.Model) -> int | None:
    """The unit a subject belongs to; None for a member (the review names its unit)."""
    if kind.code == SELF:
        return None
    if kind.code == UNIT:
        return int(subject.pk)
    return getattr(subject, "unit_id", None)


def subject_label(subject: models.Model) -> str:
    for attribute in ("title", "name", "display_name"):
        value = getattr(subject, attribute, "")
        if value:
            return str(value)[:200]
    return str(subject)[:200]


def pickable(user: AnyUser) -> list[tuple[Kind, list[tuple[str, str]]]]:
    """Per installed kind, the (value, label) pairs of subjects the user may hold a review of:
    work of the units where they organize, and themselves for a self-criticism."""
    organizing = units_with_role(user, Role.ORGANIZER)
    groups: list[tuple[Kind, list[tuple[str, str]]]] = []
    for kind in installed_kinds():
        model = model_of(kind)
        assert model is not None
        if kind.code == SELF:
            if units_with_role(user, Role.MEMBER):
                groups.append((kind, [(f"{SELF}:{user.pk}", str(user))]))
            continue
        if not organizing:
            continue
        field = "pk" if kind.code == UNIT else "unit_id"
        rows = model._default_manager.filter(**{f"{field}__in": organizing}).order_by("-pk")[
            :PICKER_LIMIT
        ]
        choices = [(f"{kind.code}:{row.pk}", subject_label(row)) for row in rows]
        if choices:
            groups.append((kind, choices))
    return groups


def resolve(value: str) -> tuple[Kind, models.Model] | None:
    """The kind and object named by a picker value "<kind>:<id>", or None."""
    code, _sep, raw_id = value.partition(":")
    kind = kind_by_code(code)
    if kind is None or not raw_id.isdigit() or len(raw_id) > 18:
        return None
    model = model_of(kind)
    assert model is not None
    subject = model._default_manager.filter(pk=int(raw_id)).first()
    return (kind, subject) if subject is not None else None
