"""Reads of campaigns, scoped to the acting user and to each field's safety level.

Three audiences read a case: the public (the public page, and any caller without rights),
members of the campaign's unit, and its coordinators. `case_view` builds what one level may
read and leaves every other field out, so a template or an API schema cannot show what it
was never given.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404

from massline.accounts import access as account_access
from massline.accounts.access import AnyUser
from massline.accounts.models import Role
from massline.campaigns import access
from massline.campaigns.matching import find_organizations
from massline.campaigns.models import (
    VISIBILITY_RANK,
    Action,
    Campaign,
    CampaignText,
    Case,
    Endorsement,
    Hearing,
    LetterTemplate,
    NewsItem,
    SupporterLetter,
    Transfer,
    Visibility,
    translated,
)
from massline.core.countries import country_name
from massline.directory.models import Organization

_PHOTO_PRESENT = ExpressionWrapper(Q(photo__isnull=False), output_field=BooleanField())

# Public page -----------------------------------------------------------------------------


def campaign_public_get(*, slug: str) -> Campaign:
    """The campaign behind a public address; 404 for drafts and unknown addresses."""
    try:
        return (
            Campaign.objects.exclude(status=Campaign.Status.DRAFT)
            .select_related("unit")
            .get(slug=slug)
        )
    except (Campaign.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def approved_endorsements(*, campaign: Campaign) -> QuerySet[Endorsement]:
    """Approved endorsements, by country and name, with `organization_name` and `country`.

    The representative's name and contact are deferred: they are never shown publicly.
    """
    return (
        Endorsement.objects.filter(campaign=campaign, status=Endorsement.Status.APPROVED)
        .only("id", "campaign_id", "organization_name", "country", "statement", "submitted_at")
        .order_by("country", "organization_name", "id")
    )


def visitor_language(requested: str | None, fallback: str) -> str:
    """A supported language code from `?lang=` or the active language."""
    codes = {code for code, _name in settings.LANGUAGES}
    if requested in codes:
        return str(requested)
    return fallback if fallback in codes else settings.LANGUAGE_CODE


@dataclass
class Texts:
    """The campaign's texts in one language, each falling back to the original."""

    language: str
    title: str
    summary: str
    body: str
    goals: list[str]
    letter_guidance: str
    translated: bool
    languages: list[str]
    source: CampaignText | None = None


def campaign_texts(*, campaign: Campaign, language: str) -> Texts:
    texts = {text.language: text for text in CampaignText.objects.filter(campaign=campaign)}
    chosen = texts.get(language) if language != campaign.language else None

    def pick(name: str) -> str:
        value = getattr(chosen, name, "") if chosen is not None else ""
        return value or getattr(campaign, name)

    goals = pick("goals")
    return Texts(
        language=language if chosen is not None else campaign.language,
        title=pick("title"),
        summary=pick("summary"),
        body=pick("body"),
        goals=[line.strip() for line in goals.splitlines() if line.strip()],
        letter_guidance=pick("letter_guidance"),
        translated=chosen is not None,
        languages=sorted({campaign.language, *texts}),
        source=chosen,
    )


@dataclass
class CaseView:
    """The parts of a case one safety level may read; hidden fields are absent (None)."""

    level: Visibility
    values: dict[str, Any]
    has_photo: bool
    hearings: list[Hearing] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def mail_address_shown(self) -> bool:
        return bool(self.values.get("detention_address"))


def _level_filter(level: Visibility) -> list[str]:
    return [v for v in Visibility if VISIBILITY_RANK[v] <= VISIBILITY_RANK[level]]


def case_view(
    *,
    campaign: Campaign,
    level: Visibility,
    language: str = "",
    translation: CampaignText | None = None,
) -> CaseView | None:
    """What a viewer at `level` may read of the campaign's case; None without a case.

    With a `translation` (the campaign's texts in the reader's language), its non-empty case
    texts replace the original ones, each still shown only at the level of its field; with a
    `language`, hearings and transfers show their texts in it where they have them.
    """
    case = (
        Case.objects.filter(campaign=campaign)
        .defer("photo")
        .annotate(photo_present=_PHOTO_PRESENT)
        .first()
    )
    if case is None:
        return None
    allowed = _level_filter(level)
    values: dict[str, Any] = {}
    for name in Case.FLAGGED:
        if name == "photo":
            continue
        if getattr(case, f"{name}_visibility") in allowed:
            text = getattr(translation, name, "") if translation is not None else ""
            values[name] = text or getattr(case, name)
    has_photo = bool(case.photo_present) and case.photo_visibility in allowed  # type: ignore[attr-defined]
    hearings = list(case.hearings.filter(visibility__in=allowed))
    transfers = list(case.transfers.filter(visibility__in=allowed))
    if language and language != campaign.language:
        for entry in [*hearings, *transfers]:
            translated(entry, language)
    return CaseView(
        level=level,
        values=values,
        has_photo=has_photo,
        hearings=hearings,
        transfers=transfers,
    )


def case_photo(*, user: AnyUser, campaign: Campaign) -> bytes:
    """The photo's JPEG bytes if the user's level may see it; 404 otherwise."""
    level = access.viewer_level(user, campaign)
    if campaign.status == Campaign.Status.DRAFT and level != Visibility.COORDINATORS:
        raise Http404
    row = (
        Case.objects.filter(
            campaign=campaign, photo__isnull=False, photo_visibility__in=_level_filter(level)
        )
        .values_list("photo", flat=True)
        .first()
    )
    if row is None:
        raise Http404
    return bytes(row)


def public_partners(*, campaign: Campaign) -> list[Organization]:
    """Partner organizations that may be named publicly: confidential ones never are."""
    return list(campaign.partners.filter(confidential=False).order_by("name"))


def news_list(*, campaign: Campaign, language: str) -> list[NewsItem]:
    """News written in `language`, or in the original language when there are none."""
    items = list(NewsItem.objects.filter(campaign=campaign, language=language))
    if not items and language != campaign.language:
        items = list(NewsItem.objects.filter(campaign=campaign, language=campaign.language))
    return items


def letter_templates(*, campaign: Campaign, language: str) -> list[LetterTemplate]:
    """Template letters in `language`, or in the original language when there are none."""
    found = list(LetterTemplate.objects.filter(campaign=campaign, language=language))
    if not found and language != campaign.language:
        found = list(LetterTemplate.objects.filter(campaign=campaign, language=campaign.language))
    return found


@dataclass
class CountryActions:
    code: str
    name: str
    actions: list[Action]


def _with_photo_flag(qs: QuerySet[Action]) -> QuerySet[Action]:
    return qs.defer("photo").annotate(has_photo=_PHOTO_PRESENT)


def actions_by_country(*, campaign: Campaign) -> list[CountryActions]:
    """Approved actions grouped by country (countries sorted by their localized name)."""
    groups: dict[str, list[Action]] = OrderedDict()
    qs = _with_photo_flag(
        Action.objects.filter(campaign=campaign, status=Action.Status.APPROVED)
    ).select_related("organization")
    for action in qs.order_by("country", "-held_on", "id"):
        if action.organization is not None and action.organization.confidential:
            # a confidential directory record never leaves the instance by its name
            action.organization = None
        groups.setdefault(action.country, []).append(action)
    rows = [CountryActions(code, country_name(code), actions) for code, actions in groups.items()]
    return sorted(rows, key=lambda row: row.name.casefold())


def action_photo(*, user: AnyUser, campaign: Campaign, action_id: int) -> bytes:
    """An action's photo: public once the action is approved, else for coordinators."""
    qs = Action.objects.filter(campaign=campaign, pk=action_id, photo__isnull=False)
    if not access.can_coordinate(user, campaign):
        if campaign.status == Campaign.Status.DRAFT:
            raise Http404
        qs = qs.filter(status=Action.Status.APPROVED)
    row = qs.values_list("photo", flat=True).first()
    if row is None:
        raise Http404
    return bytes(row)


@dataclass
class LetterCounts:
    total: int
    returned: int
    censored: int


def letter_counts(*, campaign: Campaign) -> LetterCounts:
    figures = SupporterLetter.objects.filter(campaign=campaign).aggregate(
        total=Count("id"),
        returned=Count("id", filter=Q(status=SupporterLetter.Status.RETURNED)),
        censored=Count("id", filter=Q(status=SupporterLetter.Status.CENSORED)),
    )
    return LetterCounts(**figures)


# Internal pages --------------------------------------------------------------------------


def campaign_list(*, user: AnyUser) -> QuerySet[Campaign]:
    """Campaigns of the user's units (drafts only for their coordinators) and coordinated ones."""
    if not user.is_authenticated:
        raise PermissionDenied
    member_of = account_access.unit_scope(user, Role.MEMBER)
    organizer_of = account_access.unit_scope(user, Role.ORGANIZER)
    coordinated = Q(coordinators=user)
    visible = (member_of & ~Q(status=Campaign.Status.DRAFT)) | organizer_of | coordinated
    pending = Endorsement.objects.filter(campaign=OuterRef("pk"), status=Endorsement.Status.PENDING)
    return (
        Campaign.objects.filter(pk__in=Campaign.objects.filter(visible).values("pk"))
        .select_related("unit")
        .annotate(
            endorsement_count=Count(
                "endorsements",
                filter=Q(endorsements__status=Endorsement.Status.APPROVED),
                distinct=True,
            ),
            has_pending=Exists(pending),
        )
        .order_by("-created_at", "pk")
    )


def access_campaign(*, user: AnyUser, campaign_id: int) -> Campaign:
    """A campaign the user may read internally (members of its unit, coordinators)."""
    try:
        campaign = Campaign.objects.select_related("unit").get(pk=campaign_id)
    except (Campaign.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    level = access.viewer_level(user, campaign)
    if level == Visibility.PUBLIC:
        raise Http404
    if campaign.status == Campaign.Status.DRAFT and level != Visibility.COORDINATORS:
        raise Http404
    return campaign


def access_campaign_by_slug(*, user: AnyUser, slug: str) -> Campaign:
    pk = Campaign.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404
    return access_campaign(user=user, campaign_id=pk)


def access_campaign_for_coordination(*, user: AnyUser, campaign_id: int) -> Campaign:
    """A campaign the user coordinates; 404 if they cannot even read it, else 403."""
    campaign = access_campaign(user=user, campaign_id=campaign_id)
    if not access.can_coordinate(user, campaign):
        raise PermissionDenied
    return campaign


def campaign_detail(*, campaign: Campaign) -> Campaign:
    """The campaign with coordinators and partners loaded, for the management page."""
    return (
        Campaign.objects.select_related("unit")
        .prefetch_related(
            Prefetch("coordinators"), Prefetch("partners", Organization.objects.order_by("name"))
        )
        .get(pk=campaign.pk)
    )


def endorsement_list(
    *, user: AnyUser, campaign: Campaign, status: str = ""
) -> QuerySet[Endorsement]:
    """Endorsements with their contacts, for coordinators only."""
    if not access.can_coordinate(user, campaign):
        raise PermissionDenied
    qs = Endorsement.objects.filter(campaign=campaign).select_related("organization")
    if status in Endorsement.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-submitted_at", "-id")


def access_endorsement(*, user: AnyUser, campaign: Campaign, endorsement_id: int) -> Endorsement:
    try:
        return endorsement_list(user=user, campaign=campaign).get(pk=endorsement_id)
    except (Endorsement.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def endorsement_candidates(*, user: AnyUser, endorsement: Endorsement) -> list[Organization]:
    """Directory organizations the user can see whose name matches the endorser's."""
    if not account_access.can_read_directory(user):
        return []
    return find_organizations(
        name=endorsement.organization_name,
        country=endorsement.country,
        queryset=Organization.objects.filter(account_access.directory_scope(user)),
    )


def directory_proposals(*, user: AnyUser) -> QuerySet[Endorsement]:
    """Endorsers queued for the directory, for secretaries, across the campaigns they see."""
    if not account_access.can_edit_directory(user):
        raise PermissionDenied
    visible = campaign_list(user=user).values("pk")
    return (
        Endorsement.objects.filter(
            proposal=Endorsement.Proposal.QUEUED,
            organization__isnull=True,
            campaign__in=visible,
        )
        .select_related("campaign")
        .order_by("submitted_at", "id")
    )


def letter_log(*, user: AnyUser, campaign: Campaign) -> QuerySet[SupporterLetter]:
    """The log of letters to the prisoner: coordinators see all, members their own."""
    qs = SupporterLetter.objects.filter(campaign=campaign).select_related("sender")
    if access.can_coordinate(user, campaign):
        return qs
    if access.is_campaign_member(user, campaign):
        return qs.filter(sender_id=user.pk)
    raise PermissionDenied


def access_letter(*, user: AnyUser, campaign: Campaign, letter_id: int) -> SupporterLetter:
    if not access.can_coordinate(user, campaign):
        raise PermissionDenied
    try:
        return SupporterLetter.objects.select_related("campaign").get(
            campaign=campaign, pk=letter_id
        )
    except (SupporterLetter.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def action_list(*, user: AnyUser, campaign: Campaign, status: str = "") -> QuerySet[Action]:
    """Every action of a campaign, pending ones included, for its coordinators."""
    if not access.can_coordinate(user, campaign):
        raise PermissionDenied
    qs = _with_photo_flag(Action.objects.filter(campaign=campaign)).select_related("organization")
    if status in Action.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("status", "country", "-held_on", "id")


def public_actions(*, campaign: Campaign) -> QuerySet[Action]:
    return (
        _with_photo_flag(Action.objects.filter(campaign=campaign, status=Action.Status.APPROVED))
        .select_related("organization")
        .order_by("country", "-held_on", "id")
    )


def _child(model: Any, user: AnyUser, campaign: Campaign, pk: int, where: dict[str, Any]) -> Any:
    if not access.can_coordinate(user, campaign):
        raise PermissionDenied
    try:
        return model.objects.get(pk=pk, **where)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_action(*, user: AnyUser, campaign: Campaign, action_id: int) -> Action:
    action: Action = _child(Action, user, campaign, action_id, {"campaign": campaign})
    return action


def access_news(*, user: AnyUser, campaign: Campaign, news_id: int) -> NewsItem:
    item: NewsItem = _child(NewsItem, user, campaign, news_id, {"campaign": campaign})
    return item


def access_template(*, user: AnyUser, campaign: Campaign, template_id: int) -> LetterTemplate:
    found: LetterTemplate = _child(
        LetterTemplate, user, campaign, template_id, {"campaign": campaign}
    )
    return found


def access_hearing(*, user: AnyUser, campaign: Campaign, hearing_id: int) -> Hearing:
    found: Hearing = _child(Hearing, user, campaign, hearing_id, {"case__campaign": campaign})
    return found


def access_transfer(*, user: AnyUser, campaign: Campaign, transfer_id: int) -> Transfer:
    found: Transfer = _child(Transfer, user, campaign, transfer_id, {"case__campaign": campaign})
    return found


def case_for_edit(*, user: AnyUser, campaign: Campaign) -> Case | None:
    if not access.can_coordinate(user, campaign):
        raise PermissionDenied
    return (
        Case.objects.filter(campaign=campaign)
        .defer("photo")
        .annotate(photo_present=_PHOTO_PRESENT)
        .first()
    )


def campaign_text_for(*, user: AnyUser, campaign: Campaign, language: str) -> CampaignText | None:
    if not access.can_coordinate(user, campaign):
        raise PermissionDenied
    return CampaignText.objects.filter(campaign=campaign, language=language).first()


def management_counts(*, campaign: Campaign) -> dict[str, int]:
    """Figures for the management page."""
    endorsements = Endorsement.objects.filter(campaign=campaign).aggregate(
        pending=Count("id", filter=Q(status=Endorsement.Status.PENDING)),
        approved=Count("id", filter=Q(status=Endorsement.Status.APPROVED)),
    )
    actions = Action.objects.filter(campaign=campaign).aggregate(
        pending=Count("id", filter=Q(status=Action.Status.PENDING)),
        approved=Count("id", filter=Q(status=Action.Status.APPROVED)),
    )
    return {
        "endorsements_pending": endorsements["pending"],
        "endorsements_approved": endorsements["approved"],
        "actions_pending": actions["pending"],
        "actions_approved": actions["approved"],
        "letters": SupporterLetter.objects.filter(campaign=campaign).count(),
    }
