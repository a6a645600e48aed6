"""Reads of the reviews app, always scoped to what the acting user may see.

A review outside the user's circle (see `access`) does not exist for them: 404, never 403,
and it is not listed, found or counted.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from massline.accounts.access import AnyUser, units_with_role
from massline.accounts.models import Role, Unit, User
from massline.reviews import access, subjects
from massline.reviews.models import (
    CorrectiveAction,
    Criticism,
    CriticismAnswer,
    CriticismBatch,
    Finding,
    Review,
    Tendency,
)

Status = CorrectiveAction.Status


@dataclass(frozen=True)
class ReviewFilters:
    """Filters of the review list; unknown values are ignored, not errors."""

    q: str = ""
    unit: int | None = None
    kind: str = ""
    tendency: str = ""

    @classmethod
    def from_params(cls, params: Any) -> "ReviewFilters":
        def one(name: str, limit: int = 200) -> str:
            return str(params.get(name, "") or "").strip()[:limit]

        unit = one("unit", 18)
        kind = one("kind", 20)
        return cls(
            q=one("q"),
            unit=int(unit) if unit.isdigit() else None,
            kind=kind if subjects.kind_by_code(kind) else "",
            tendency=one("tendency", 40),
        )


def visible_reviews(user: AnyUser) -> QuerySet[Review]:
    return Review.objects.filter(access.review_scope(user))


def review_list(*, user: AnyUser, filters: ReviewFilters | None = None) -> QuerySet[Review]:
    filters = filters or ReviewFilters()
    qs = visible_reviews(user)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(subject_label__icontains=filters.q))
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    if filters.kind:
        kind = subjects.kind_by_code(filters.kind)
        assert kind is not None
        app_label, model = kind.model_label.lower().split(".")
        qs = qs.filter(subject_type__app_label=app_label, subject_type__model=model)
    if filters.tendency:
        qs = qs.filter(
            Exists(Finding.objects.filter(review=OuterRef("pk"), tendencies__code=filters.tendency))
        )
    return (
        qs.select_related("unit", "facilitator", "subject_type", "follows")
        .annotate(
            finding_count=Count("findings", distinct=True),
            open_count=Count(
                "findings__actions",
                filter=Q(findings__actions__status=Status.OPEN),
                distinct=True,
            ),
        )
        .order_by("-held_on", "-id")
    )


def access_review(*, user: AnyUser, review_id: int) -> Review:
    """One review in the user's circle; 404 for ones that do not exist or lie outside it."""
    try:
        return (
            visible_reviews(user)
            .select_related("unit", "facilitator", "subject_type", "created_by", "follows")
            .prefetch_related("participants")
            .get(pk=review_id)
        )
    except (Review.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_review_for_edit(*, user: AnyUser, review_id: int) -> Review:
    review = access_review(user=user, review_id=review_id)
    if not access.can_edit_review(user, review):
        raise PermissionDenied
    return review


def finding_list(*, user: AnyUser, review: Review) -> QuerySet[Finding]:
    """The findings of a review the user may read, with tendencies and actions."""
    if not visible_reviews(user).filter(pk=review.pk).exists():
        raise Http404
    return (
        Finding.objects.filter(review=review)
        .select_related("raised_by")
        .prefetch_related(
            "tendencies",
            Prefetch(
                "actions",
                queryset=CorrectiveAction.objects.select_related("owner", "verified_by"),
            ),
        )
        .order_by("kind", "id")
    )


def access_finding(*, user: AnyUser, finding_id: int) -> Finding:
    try:
        return (
            Finding.objects.filter(access.review_scope(user, "review__"))
            .select_related("review", "raised_by")
            .prefetch_related("tendencies")
            .get(pk=finding_id)
        )
    except (Finding.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def visible_actions(user: AnyUser) -> QuerySet[CorrectiveAction]:
    return CorrectiveAction.objects.filter(access.review_scope(user, "finding__review__"))


def action_list(
    *, user: AnyUser, mine: bool = False, status: str = "", overdue: bool = False
) -> QuerySet[CorrectiveAction]:
    qs = visible_actions(user)
    if mine:
        qs = qs.filter(owner_id=user.pk)
    if status in Status.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=Status.OPEN, due_on__lt=timezone.localdate())
    return qs.select_related("owner", "verified_by", "finding__review__unit", "finding").order_by(
        "due_on", "id"
    )


def access_action(*, user: AnyUser, action_id: int) -> CorrectiveAction:
    try:
        return visible_actions(user).select_related("owner", "finding__review").get(pk=action_id)
    except (CorrectiveAction.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def earlier_findings(*, user: AnyUser, review: Review) -> list[Finding]:
    """For a follow-up: the findings of the reviews it follows (nearest first, up to five
    back), with the current state of their corrections; only reviews the user may read."""
    found: list[Finding] = []
    seen: set[int] = set()
    current = review
    for _step in range(5):
        if current.follows_id is None or current.follows_id in seen:
            break
        seen.add(current.follows_id)
        earlier = visible_reviews(user).filter(pk=current.follows_id).first()
        if earlier is None:
            break
        found.extend(finding_list(user=user, review=earlier).select_related("review"))
        current = earlier
    return found


def follow_ups(*, user: AnyUser, review: Review) -> QuerySet[Review]:
    return visible_reviews(user).filter(follows=review).order_by("held_on", "id")


def tendency_list(*, active_only: bool = True) -> QuerySet[Tendency]:
    qs = Tendency.objects.all()
    if active_only:
        qs = qs.filter(active=True)
    return qs.order_by("position", "code")


def participant_choices(*, user: AnyUser) -> QuerySet[User]:
    """People the user may name in reviews: anyone with a role in a unit the user belongs to,
    in a unit above or below it, and the user."""
    units = units_with_role(user, Role.MEMBER)
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    chain: set[int] = set(units)  # the units reached include those below
    for unit_id in units:
        current: int | None = unit_id
        while current is not None:
            chain.add(current)
            current = parents.get(current)
    return (
        User.objects.filter(Q(is_active=True, memberships__unit_id__in=chain) | Q(pk=user.pk))
        .distinct()
        .order_by("display_name", "email")
    )


# Trends ----------------------------------------------------------------------------------


def _month_starts(months: int, today: date) -> list[date]:
    first = today.replace(day=1)
    starts = [first]
    for _i in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return list(reversed(starts))


def trends(*, user: AnyUser, months: int = 12, unit_id: int | None = None) -> dict[str, Any]:
    """What the leadership dashboard shows, counted only over reviews the user may read:
    errors per tendency per month, recurrence per unit, overdue corrections, share verified.
    """
    if not access.can_see_trends(user):
        raise PermissionDenied
    months = max(1, min(months, 36))
    today = timezone.localdate()
    starts = _month_starts(months, today)
    reviews = visible_reviews(user).filter(held_on__gte=starts[0], held_on__lte=today)
    if unit_id is not None:
        reviews = reviews.filter(unit_id=unit_id)
    review_ids = reviews.values("pk")
    tagged = Finding.tendencies.through.objects.filter(
        finding__review__in=review_ids, finding__kind=Finding.Kind.ERROR
    ).values_list(
        "tendency__code",
        "finding__review__held_on",
        "finding__review__unit_id",
        "finding__review_id",
    )
    names = {t.code: t.name for t in Tendency.objects.all()}
    per_month: dict[str, list[int]] = {}
    per_unit: dict[int, dict[str, set[int]]] = {}
    totals: dict[str, int] = {}
    for code, held_on, review_unit, review_id in tagged:
        index = max(i for i, start in enumerate(starts) if start <= held_on)
        per_month.setdefault(code, [0] * len(starts))[index] += 1
        per_unit.setdefault(review_unit, {}).setdefault(code, set()).add(review_id)
        totals[code] = totals.get(code, 0) + 1
    unit_names = dict(Unit.objects.filter(pk__in=per_unit).values_list("id", "name"))
    recurring: list[dict[str, Any]] = sorted(
        (
            {
                "unit": unit_names.get(u, ""),
                "unit_id": u,
                "tendency": names.get(code, code),
                "code": code,
                "reviews": len(ids),
            }
            for u, by_code in per_unit.items()
            for code, ids in by_code.items()
            if len(ids) >= 2
        ),
        key=lambda row: (-row["reviews"], row["unit"], row["tendency"]),
    )
    actions = CorrectiveAction.objects.filter(finding__review__in=review_ids)
    by_unit = (
        actions.values("finding__review__unit_id", "finding__review__unit__name")
        .annotate(
            total=Count("pk"),
            dropped=Count("pk", filter=Q(status=Status.DROPPED)),
            verified=Count("pk", filter=Q(status=Status.VERIFIED)),
            overdue=Count("pk", filter=Q(status=Status.OPEN, due_on__lt=today)),
        )
        .order_by("finding__review__unit__name")
    )
    units = []
    for row in by_unit:
        counted = row["total"] - row["dropped"]
        units.append(
            {
                "unit_id": row["finding__review__unit_id"],
                "unit": row["finding__review__unit__name"],
                "total": row["total"],
                "verified": row["verified"],
                "overdue": row["overdue"],
                "share_verified": round(100 * row["verified"] / counted) if counted else None,
            }
        )
    top = sorted(totals, key=lambda code: (-totals[code], code))
    unit_order = sorted(per_unit, key=lambda u: unit_names.get(u, ""))
    return {
        "unit_names": [unit_names.get(u, "") for u in unit_order],
        "unit_series": [
            (names.get(code, code), [len(per_unit[u].get(code, ())) for u in unit_order])
            for code in top[:6]
        ],
        "months": [start.strftime("%Y-%m") for start in starts],
        "series": [(names.get(code, code), code, per_month[code]) for code in top],
        "totals": [(names.get(code, code), code, totals[code]) for code in top],
        "recurring": recurring,
        "units": units,
        "review_count": reviews.count(),
        "overdue": list(
            actions.filter(status=Status.OPEN, due_on__lt=today)
            .select_related("owner", "finding__review__unit")
            .order_by("due_on", "id")[:50]
        ),
    }


def trend_units(*, user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=units_with_role(user, Role.SECRETARY)).order_by("name")


# The anonymous box -----------------------------------------------------------------------


def box_unit_choices(*, user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=access.box_units(user)).order_by("name")


def released_batches(*, user: AnyUser) -> QuerySet[CriticismBatch]:
    """Batches of units the user reviews that are readable: full, or their week is over.
    Their submissions come in random order (by their random keys)."""
    if not access.can_read_box(user):
        raise PermissionDenied
    today = timezone.localdate()
    return (
        CriticismBatch.objects.filter(unit_id__in=access.box_reviewer_units(user))
        .filter(Q(size__gte=F("threshold")) | Q(period_end__lte=today))
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=Criticism.objects.select_related("answer", "answer__answered_by").order_by(
                    "id"
                ),
            )
        )
        .order_by("-period_start", "unit__name", "-sequence")
    )


def access_criticism(*, user: AnyUser, criticism_id: Any) -> Criticism:
    try:
        criticism = (
            Criticism.objects.select_related("batch", "batch__unit")
            .filter(batch__unit_id__in=access.box_reviewer_units(user))
            .get(pk=criticism_id)
        )
    except (Criticism.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not criticism.batch.is_released:
        raise Http404
    return criticism


def public_answers(*, user: AnyUser) -> QuerySet[CriticismAnswer]:
    """Answers to criticism of the units the user belongs to."""
    return (
        CriticismAnswer.objects.filter(criticism__batch__unit_id__in=access.box_units(user))
        .select_related("answered_by", "criticism__batch__unit")
        .order_by("-answered_at")
    )
