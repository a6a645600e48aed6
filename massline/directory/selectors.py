"""Reads of the directory, always scoped to what the acting user may see."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from massline.accounts import access
from massline.accounts.models import User
from massline.core.countries import is_country
from massline.core.text import query_key
from massline.directory.models import (
    CountryDossier,
    Organization,
    Position,
    Question,
    Relation,
)


def _require_reader(user: User) -> None:
    if not access.can_read_directory(user):
        raise PermissionDenied


@dataclass(frozen=True)
class OrganizationFilters:
    """Filters of the organization list; unknown values are ignored, not errors."""

    q: str = ""
    country: str = ""
    kind: str = ""
    relation_status: str = ""
    tag: str = ""

    @classmethod
    def from_params(cls, params: Any) -> "OrganizationFilters":
        def one(name: str, limit: int = 200) -> str:
            return str(params.get(name, "") or "").strip()[:limit]

        country = one("country", 2).upper()
        kind = one("kind")
        relation = one("relation_status")
        return cls(
            q=one("q"),
            country=country if is_country(country) else "",
            kind=kind if kind in Organization.Kind.values else "",
            relation_status=relation if relation in Organization.RelationStatus.values else "",
            tag=one("tag", 60),
        )


def organization_list(
    *, user: User, filters: OrganizationFilters | None = None
) -> QuerySet[Organization]:
    _require_reader(user)
    filters = filters or OrganizationFilters()
    qs = Organization.objects.filter(access.directory_scope(user))
    if filters.q:
        qs = qs.filter(search_key__contains=query_key(filters.q))
    if filters.country:
        qs = qs.filter(country=filters.country)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.relation_status:
        qs = qs.filter(relation_status=filters.relation_status)
    if filters.tag:
        qs = qs.filter(tags__name__iexact=filters.tag)
    return qs.prefetch_related("tags").order_by("name", "id").distinct()


def organization_choices(*, user: access.AnyUser) -> QuerySet[Organization]:
    """The organizations the user may pick in another module's form (hosts, recipients,
    partners): what the directory shows them, by name."""
    return Organization.objects.filter(access.directory_scope(user)).order_by("name")


def access_organization(*, user: User, organization_id: int) -> Organization:
    """One visible organization; 404 for ones that do not exist or are hidden from the user."""
    _require_reader(user)
    try:
        return (
            Organization.objects.filter(access.directory_scope(user))
            .select_related("unit")
            .prefetch_related("tags")
            .get(pk=organization_id)
        )
    except (Organization.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_organization_for_edit(*, user: User, organization_id: int) -> Organization:
    organization = access_organization(user=user, organization_id=organization_id)
    if not access.can_edit_record_of_unit(
        user, unit_id=organization.unit_id, confidential=organization.confidential
    ):
        raise PermissionDenied
    return organization


def relation_list(*, user: User, organization: Organization | None = None) -> QuerySet[Relation]:
    """Relations whose both ends the user may see."""
    _require_reader(user)
    qs = Relation.objects.filter(access.directory_scope(user, "source__")).filter(
        access.directory_scope(user, "target__")
    )
    if organization is not None:
        qs = qs.filter(Q(source=organization) | Q(target=organization))
    return qs.select_related("source", "target").order_by(
        "kind", "source__name", "target__name", "id"
    )


def access_relation(*, user: User, relation_id: int) -> Relation:
    try:
        return relation_list(user=user).get(pk=relation_id)
    except (Relation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def question_list(*, user: User) -> QuerySet[Question]:
    _require_reader(user)
    visible = Position.objects.filter(access.directory_scope(user, "organization__"))
    return Question.objects.annotate(
        organization_count=Count(
            "positions__organization", distinct=True, filter=Q(positions__in=visible)
        )
    ).order_by("title")


def access_question(*, user: User, question_id: int) -> Question:
    _require_reader(user)
    try:
        return Question.objects.get(pk=question_id)
    except (Question.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def position_list(
    *, user: User, question: Question | None = None, organization: Organization | None = None
) -> QuerySet[Position]:
    _require_reader(user)
    qs = Position.objects.filter(access.directory_scope(user, "organization__"))
    if question is not None:
        qs = qs.filter(question=question)
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs.select_related("organization", "question").order_by("-stated_on", "id")


def access_position(*, user: User, position_id: int) -> Position:
    try:
        return position_list(user=user).get(pk=position_id)
    except (Position.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass
class StanceRow:
    organization: Organization
    current: Position
    history: list[Position] = field(default_factory=list)


def question_stances(*, user: User, question: Question) -> list[StanceRow]:
    """Every visible organization's latest stance on a question, with earlier ones."""
    rows: dict[int, StanceRow] = {}
    for position in position_list(user=user, question=question):
        row = rows.get(position.organization_id)
        if row is None:
            rows[position.organization_id] = StanceRow(position.organization, position)
        else:
            row.history.append(position)
    return sorted(rows.values(), key=lambda r: (r.current.stance, r.organization.name.casefold()))


def country_list(*, user: User) -> list[dict[str, Any]]:
    """Countries with visible organizations or a dossier, with counts."""
    _require_reader(user)
    counts = dict(
        Organization.objects.filter(access.directory_scope(user))
        .exclude(country="")
        .values_list("country")
        .annotate(n=Count("id"))
        .values_list("country", "n")
    )
    for code in CountryDossier.objects.values_list("country", flat=True):
        counts.setdefault(code, 0)
    return [{"code": code, "organizations": n} for code, n in counts.items()]


def country_detail(*, user: User, country: str) -> dict[str, Any]:
    _require_reader(user)
    if not is_country(country):
        raise Http404
    dossier = (
        CountryDossier.objects.filter(country=country)
        .prefetch_related(Prefetch("sources"), Prefetch("indicators"))
        .first()
    )
    return {
        "country": country,
        "organizations": organization_list(user=user, filters=OrganizationFilters(country=country)),
        "dossier": dossier,
    }


def directory_counts(*, user: User) -> dict[str, Any]:
    """Figures for the dashboard: visible organizations by relation status and by country."""
    if not access.can_read_directory(user):
        return {}
    visible = Organization.objects.filter(access.directory_scope(user))
    by_status = dict(
        visible.values_list("relation_status")
        .annotate(n=Count("id"))
        .values_list("relation_status", "n")
    )
    by_country = list(
        visible.exclude(country="")
        .values_list("country")
        .annotate(n=Count("id"))
        .order_by("-n", "country")
        .values_list("country", "n")[:12]
    )
    return {
        "total": sum(by_status.values()),
        "by_status": by_status,
        "by_country": by_country,
        "questions": Question.objects.count(),
    }


def tag_names(*, user: User) -> list[str]:
    _require_reader(user)
    return list(
        Organization.objects.filter(access.directory_scope(user))
        .exclude(tags=None)
        .values_list("tags__name", flat=True)
        .distinct()
        .order_by("tags__name")
    )
