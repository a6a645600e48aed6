"""Who may read and change reviews, and who reads the anonymous criticism box.

The circle of a review depends on its confidentiality:

- "unit": members (and above) of the review's unit, which includes everybody holding a role
  in a unit above it, since roles reach downwards; and instance administrators.
- "leadership": secretaries (and above) of the unit, and instance administrators.
- "participants": the participants and the facilitator only. Instance administrators are NOT
  in this circle unless they took part: a review held in confidence is not read by whoever
  runs the server. (They still hold the database, which is why texts are encrypted at rest
  and the data key is kept off the database's disk.)

Participants and the facilitator are in every circle of their review: they were in the room.
Everyone outside the circle gets nothing: the review does not exist for them (404), it is not
listed, found or counted.

Guests and delegates never hold or read reviews of their units unless they took part.
"""

from django.db.models import Q

from massline.accounts.access import AnyUser, has_role, is_admin, units_with_role
from massline.accounts.models import Role
from massline.reviews.models import CorrectiveAction, Review

Confidentiality = Review.Confidentiality


def review_scope(user: AnyUser, prefix: str = "") -> Q:
    """A filter for the reviews the user may read (`prefix` for related models, e.g.
    "finding__review__")."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    attended = Review.participants.through.objects.filter(user_id=user.pk).values("review_id")
    circle = Q(**{f"{prefix}pk__in": attended}) | Q(**{f"{prefix}facilitator_id": user.pk})
    if is_admin(user):
        return circle | Q(
            **{f"{prefix}confidentiality__in": [Confidentiality.UNIT, Confidentiality.LEADERSHIP]}
        )
    members = units_with_role(user, Role.MEMBER)
    secretaries = units_with_role(user, Role.SECRETARY)
    return (
        circle
        | Q(**{f"{prefix}confidentiality": Confidentiality.UNIT, f"{prefix}unit_id__in": members})
        | Q(
            **{
                f"{prefix}confidentiality": Confidentiality.LEADERSHIP,
                f"{prefix}unit_id__in": secretaries,
            }
        )
    )


def in_circle(
    user: AnyUser,
    *,
    unit_id: int,
    confidentiality: str,
    facilitator_id: int | None,
    participant_ids: set[int],
) -> bool:
    """The same rule as `review_scope`, for a review that is not saved yet."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.pk == facilitator_id or user.pk in participant_ids:
        return True
    if confidentiality == Confidentiality.PARTICIPANTS:
        return False
    if confidentiality == Confidentiality.LEADERSHIP:
        return has_role(user, Role.SECRETARY, unit_id)
    return has_role(user, Role.MEMBER, unit_id)


def can_hold_reviews_in(user: AnyUser, unit_id: int) -> bool:
    """Organizers and above hold reviews of their units' work."""
    return has_role(user, Role.ORGANIZER, unit_id)


def can_hold_self_criticism_in(user: AnyUser, unit_id: int) -> bool:
    """Any member may write down their own self-criticism in a unit they belong to."""
    return has_role(user, Role.MEMBER, unit_id)


def can_hold_any_review(user: AnyUser) -> bool:
    return has_role(user, Role.MEMBER)


def can_edit_review(user: AnyUser, review: Review) -> bool:
    """Who records findings and actions of a review they can read: its facilitator, whoever
    opened it, and secretaries of the unit."""
    if not user.is_authenticated:
        return False
    if user.pk in (review.facilitator_id, review.created_by_id):
        return True
    return has_role(user, Role.SECRETARY, review.unit_id)


def can_verify(user: AnyUser, action: CorrectiveAction, review: Review) -> bool:
    """Anyone who may edit the review verifies a correction, except its owner."""
    return user.pk != action.owner_id and can_edit_review(user, review)


def can_report_done(user: AnyUser, action: CorrectiveAction, review: Review) -> bool:
    return user.pk == action.owner_id or can_edit_review(user, review)


def can_see_trends(user: AnyUser) -> bool:
    """The trends dashboard is for the leadership: secretaries and administrators."""
    return has_role(user, Role.SECRETARY)


# The anonymous box -----------------------------------------------------------------------


def box_units(user: AnyUser) -> set[int]:
    """Units a user may criticise anonymously: those they are a member of (or above)."""
    return units_with_role(user, Role.MEMBER)


def box_reviewer_units(user: AnyUser) -> set[int]:
    """Units whose released criticism a user reads and answers: secretaries of the unit."""
    return units_with_role(user, Role.SECRETARY)


def can_read_box(user: AnyUser) -> bool:
    return has_role(user, Role.SECRETARY)
