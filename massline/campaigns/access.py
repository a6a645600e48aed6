"""Who may do what with a campaign, built on the instance's role primitives."""

from massline.accounts import access
from massline.accounts.access import AnyUser
from massline.accounts.models import Role
from massline.campaigns.models import VISIBILITY_RANK, Campaign, Visibility


def can_create_campaign(user: AnyUser) -> bool:
    """Organizers start campaigns in their units."""
    return access.has_role(user, Role.ORGANIZER)


def can_coordinate(user: AnyUser, campaign: Campaign) -> bool:
    """Organizers (and above) of the campaign's unit, and its named coordinators."""
    if not user.is_authenticated or not user.is_active:
        return False
    if access.has_role(user, Role.ORGANIZER, campaign.unit_id):
        return True
    cached = getattr(campaign, "_coordinator_ids", None)
    if cached is None:
        cached = set(campaign.coordinators.values_list("id", flat=True))
        campaign._coordinator_ids = cached  # type: ignore[attr-defined]
    return user.pk in cached


def is_campaign_member(user: AnyUser, campaign: Campaign) -> bool:
    """Members of the campaign's unit (and above) read the members-only parts of a case."""
    return access.has_role(user, Role.MEMBER, campaign.unit_id) or can_coordinate(user, campaign)


def viewer_level(user: AnyUser, campaign: Campaign) -> Visibility:
    """The highest safety level whose fields this user may read."""
    if can_coordinate(user, campaign):
        return Visibility.COORDINATORS
    if is_campaign_member(user, campaign):
        return Visibility.MEMBERS
    return Visibility.PUBLIC


def may_see(level: Visibility, flag: str) -> bool:
    """Whether a viewer at `level` reads a field flagged `flag`."""
    return VISIBILITY_RANK[Visibility(flag)] <= VISIBILITY_RANK[level]


def can_propose_to_directory(user: AnyUser) -> bool:
    """Secretaries create directory records directly; others queue a proposal."""
    return access.can_edit_directory(user)


def can_list_campaigns(user: AnyUser) -> bool:
    """The navigation shows campaigns to members and above, and to named coordinators."""
    if access.has_role(user, Role.MEMBER):
        return True
    return bool(
        user.is_authenticated
        and Campaign.coordinators.through.objects.filter(user_id=user.pk).exists()
    )
