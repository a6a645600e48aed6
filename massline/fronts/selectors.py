"""Reads of fronts, platforms, memberships and statements, scoped to the acting user."""

from django.db.models import F, IntegerField, QuerySet, Value

from massline.accounts.access import AnyUser
from massline.fronts.models import Front, FrontMembership

# Standing in which a representative still speaks for the organization in the front.
REPRESENTED_STATUSES = (
    FrontMembership.Status.MEMBER,
    FrontMembership.Status.OBSERVER,
    FrontMembership.Status.SUSPENDED,
)


def voting_memberships(*, front: Front) -> QuerySet[FrontMembership]:
    """Members entitled to vote (status `member`), each annotated with `vote_weight`.

    `vote_weight` is 1 under "one organization, one vote", else the membership's weight.
    Observers, suspended members, applicants and former members do not vote.
    """
    if front.weighting == Front.Weighting.WEIGHTED:
        weight: F | Value = F("weight")
    else:
        weight = Value(1, output_field=IntegerField())
    return (
        FrontMembership.objects.filter(front=front, status=FrontMembership.Status.MEMBER)
        .select_related("organization")
        .annotate(vote_weight=weight)
        .order_by("organization__name", "pk")
    )


def represented_memberships(*, user: AnyUser, front: Front) -> QuerySet[FrontMembership]:
    """Memberships of `front` that `user` currently represents (accepted, not ended).

    Only memberships in standing member, observer or suspended count; combine with
    `voting_memberships` to know for whom the user may vote.
    """
    if not user.is_authenticated or not user.is_active:
        return FrontMembership.objects.none()
    return (
        FrontMembership.objects.filter(
            front=front,
            status__in=REPRESENTED_STATUSES,
            representatives__user=user,
            representatives__ended_at__isnull=True,
        )
        .select_related("organization")
        .distinct()
        .order_by("organization__name", "pk")
    )
