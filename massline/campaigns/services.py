"""Writes to campaigns. Each service checks the actor's right, validates fully and audits.

Public submissions (endorsements, actions) have no actor: the views rate-limit them and the
services store them as pending, for a coordinator to decide.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts import access
from massline.accounts.models import Role, Unit, User
from massline.audit.services import audit_record
from massline.campaigns import images
from massline.campaigns.access import (
    can_coordinate,
    can_propose_to_directory,
    is_campaign_member,
)
from massline.campaigns.matching import find_organizations
from massline.campaigns.models import (
    RESERVED_SLUGS,
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
)
from massline.core.text import fold
from massline.core.validation import full_clean
from massline.directory import services as directory_services
from massline.directory.models import Organization
from massline.vault.fields import lookup_index

CAMPAIGN_FIELDS = frozenset(
    {"slug", "kind", "title", "summary", "body", "goals", "letter_guidance", "language", "status"}
)
TEXT_FIELDS = (
    "title",
    "summary",
    "body",
    "goals",
    "letter_guidance",
    *CampaignText.CASE_FIELDS,
)
CASE_FIELDS = frozenset(
    name for field in Case.FLAGGED for name in (field, f"{field}_visibility")
) - {"photo"}
HEARING_FIELDS = frozenset(
    {"held_on", "court", "description", "outcome", "visibility", "translations"}
)
TRANSFER_FIELDS = frozenset({"moved_on", "place", "note", "visibility", "translations"})
NEWS_FIELDS = frozenset({"language", "published_on", "title", "body", "link"})
TEMPLATE_FIELDS = frozenset({"language", "title", "body"})
LETTER_FIELDS = frozenset({"sender", "sender_alias", "sent_on", "language", "status", "note"})
ACTION_FIELDS = frozenset(
    {
        "kind",
        "held_on",
        "city",
        "country",
        "place",
        "organization",
        "group_name",
        "turnout",
        "description",
        "link",
    }
)


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _only(fields: dict[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    return {key: _strip(value) for key, value in fields.items()}


def _require_coordinator(actor: User, campaign: Campaign) -> None:
    if not can_coordinate(actor, campaign):
        raise PermissionDenied


def _changed(obj: Any, fields: dict[str, Any]) -> list[str]:
    return sorted(key for key, value in fields.items() if getattr(obj, key) != value)


# Campaigns -------------------------------------------------------------------------------


def _check_slug(campaign: Campaign) -> None:
    if campaign.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This address is reserved; choose another.")})
    clash = Campaign.objects.filter(slug=campaign.slug)
    if campaign.pk:
        clash = clash.exclude(pk=campaign.pk)
    if clash.exists():
        raise ValidationError({"slug": _("Another campaign already uses this address.")})


def _check_people(
    actor: User, coordinators: list[User] | None, partners: list[Organization] | None
) -> None:
    if partners is not None:
        visible = set(
            Organization.objects.filter(access.directory_scope(actor)).values_list("pk", flat=True)
        )
        if any(org.pk not in visible for org in partners):
            raise ValidationError({"partners": _("Choose organizations from the directory.")})
    if coordinators is not None and any(not user.is_active for user in coordinators):
        raise ValidationError({"coordinators": _("A coordinator must be an active account.")})


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    unit: Unit,
    coordinators: list[User] | None = None,
    partners: list[Organization] | None = None,
    **fields: Any,
) -> Campaign:
    """Start a campaign in a unit where the actor is organizer or above."""
    if not access.has_role(actor, Role.ORGANIZER, unit.pk):
        raise PermissionDenied
    campaign = Campaign(unit=unit, created_by=actor, **_only(fields, CAMPAIGN_FIELDS))
    _check_slug(campaign)
    _check_people(actor, coordinators, partners)
    full_clean(campaign)
    campaign.save()
    if coordinators:
        campaign.coordinators.set(coordinators)
    if partners:
        campaign.partners.set(partners)
    audit_record(actor=actor, action="campaign.create", obj=campaign, data={"slug": campaign.slug})
    return campaign


@transaction.atomic
def campaign_update(
    *,
    actor: User,
    campaign: Campaign,
    coordinators: list[User] | None = None,
    partners: list[Organization] | None = None,
    unit: Unit | None = None,
    **fields: Any,
) -> Campaign:
    """Change a campaign; None for coordinators/partners leaves them as they are. Locks it."""
    fields = _only(fields, CAMPAIGN_FIELDS)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_coordinator(actor, campaign)
    changed = _changed(campaign, fields)
    for key, value in fields.items():
        setattr(campaign, key, value)
    if unit is not None and unit.pk != campaign.unit_id:
        if not access.has_role(actor, Role.ORGANIZER, unit.pk):
            raise PermissionDenied
        campaign.unit = unit
        changed.append("unit")
    _check_slug(campaign)
    _check_people(actor, coordinators, partners)
    full_clean(campaign)
    campaign.save()
    if coordinators is not None:
        campaign.coordinators.set(coordinators)
        changed.append("coordinators")
    if partners is not None:
        campaign.partners.set(partners)
        changed.append("partners")
    audit_record(actor=actor, action="campaign.update", obj=campaign, data={"fields": changed})
    return campaign


@transaction.atomic
def campaign_text_set(
    *, actor: User, campaign: Campaign, language: str, **fields: Any
) -> CampaignText | None:
    """Set the campaign's texts in one language; all fields empty removes that language."""
    _require_coordinator(actor, campaign)
    fields = _only(fields, frozenset(TEXT_FIELDS))
    if language == campaign.language:
        raise ValidationError({"language": _("Edit the original language on the campaign itself.")})
    text = CampaignText.objects.filter(campaign=campaign, language=language).first()
    if not any(fields.values()):
        if text is not None:
            text.delete()
            audit_record(
                actor=actor,
                action="campaign.text.delete",
                obj=campaign,
                data={"language": language},
            )
        return None
    text = text or CampaignText(campaign=campaign, language=language)
    for key, value in fields.items():
        setattr(text, key, value)
    full_clean(text)
    text.save()
    audit_record(actor=actor, action="campaign.text.set", obj=campaign, data={"language": language})
    return text


# News ------------------------------------------------------------------------------------


@transaction.atomic
def news_create(*, actor: User, campaign: Campaign, **fields: Any) -> NewsItem:
    _require_coordinator(actor, campaign)
    item = NewsItem(campaign=campaign, created_by=actor, **_only(fields, NEWS_FIELDS))
    full_clean(item)
    item.save()
    audit_record(actor=actor, action="campaign.news.create", obj=item)
    return item


@transaction.atomic
def news_update(*, actor: User, item: NewsItem, **fields: Any) -> NewsItem:
    _require_coordinator(actor, item.campaign)
    fields = _only(fields, NEWS_FIELDS)
    changed = _changed(item, fields)
    for key, value in fields.items():
        setattr(item, key, value)
    full_clean(item)
    item.save()
    audit_record(actor=actor, action="campaign.news.update", obj=item, data={"fields": changed})
    return item


@transaction.atomic
def news_delete(*, actor: User, item: NewsItem) -> None:
    _require_coordinator(actor, item.campaign)
    audit_record(actor=actor, action="campaign.news.delete", obj=item)
    item.delete()


# The prisoner's case ---------------------------------------------------------------------


@transaction.atomic
def case_set(*, actor: User, campaign: Campaign, **fields: Any) -> Case:
    """Create or change the case of a campaign. Locks the case row."""
    _require_coordinator(actor, campaign)
    fields = _only(fields, CASE_FIELDS)
    case = Case.objects.select_for_update().filter(campaign=campaign).first()
    created = case is None
    case = case or Case(campaign=campaign)
    changed = _changed(case, fields)
    for key, value in fields.items():
        setattr(case, key, value)
    full_clean(case)
    case.save()
    audit_record(
        actor=actor,
        action="campaign.case.create" if created else "campaign.case.update",
        obj=case,
        # names of changed fields only: the values (an address) must not sit in the log
        data={"fields": changed},
    )
    return case


@transaction.atomic
def case_photo_set(*, actor: User, case: Case, upload: Any) -> Case:
    """Store the photo re-encoded without metadata; ValidationError if it is no image."""
    _require_coordinator(actor, case.campaign)
    try:
        data = images.clean_photo(upload)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from exc
    case.photo = data
    case.save(update_fields=["photo", "updated_at"])
    audit_record(actor=actor, action="campaign.case.photo", obj=case, data={"bytes": len(data)})
    return case


@transaction.atomic
def case_photo_remove(*, actor: User, case: Case) -> Case:
    _require_coordinator(actor, case.campaign)
    case.photo = None
    case.save(update_fields=["photo", "updated_at"])
    audit_record(actor=actor, action="campaign.case.photo_remove", obj=case)
    return case


@transaction.atomic
def hearing_create(*, actor: User, case: Case, **fields: Any) -> Hearing:
    _require_coordinator(actor, case.campaign)
    hearing = Hearing(case=case, **_only(fields, HEARING_FIELDS))
    full_clean(hearing)
    hearing.save()
    audit_record(actor=actor, action="campaign.hearing.create", obj=hearing)
    return hearing


@transaction.atomic
def hearing_update(*, actor: User, hearing: Hearing, **fields: Any) -> Hearing:
    _require_coordinator(actor, hearing.case.campaign)
    fields = _only(fields, HEARING_FIELDS)
    changed = _changed(hearing, fields)
    for key, value in fields.items():
        setattr(hearing, key, value)
    full_clean(hearing)
    hearing.save()
    audit_record(
        actor=actor, action="campaign.hearing.update", obj=hearing, data={"fields": changed}
    )
    return hearing


@transaction.atomic
def hearing_delete(*, actor: User, hearing: Hearing) -> None:
    _require_coordinator(actor, hearing.case.campaign)
    audit_record(actor=actor, action="campaign.hearing.delete", obj=hearing)
    hearing.delete()


@transaction.atomic
def transfer_create(*, actor: User, case: Case, **fields: Any) -> Transfer:
    _require_coordinator(actor, case.campaign)
    transfer = Transfer(case=case, **_only(fields, TRANSFER_FIELDS))
    full_clean(transfer)
    transfer.save()
    audit_record(actor=actor, action="campaign.transfer.create", obj=transfer)
    return transfer


@transaction.atomic
def transfer_update(*, actor: User, transfer: Transfer, **fields: Any) -> Transfer:
    _require_coordinator(actor, transfer.case.campaign)
    fields = _only(fields, TRANSFER_FIELDS)
    changed = _changed(transfer, fields)
    for key, value in fields.items():
        setattr(transfer, key, value)
    full_clean(transfer)
    transfer.save()
    audit_record(
        actor=actor, action="campaign.transfer.update", obj=transfer, data={"fields": changed}
    )
    return transfer


@transaction.atomic
def transfer_delete(*, actor: User, transfer: Transfer) -> None:
    _require_coordinator(actor, transfer.case.campaign)
    audit_record(actor=actor, action="campaign.transfer.delete", obj=transfer)
    transfer.delete()


# Endorsements ----------------------------------------------------------------------------


def _clean_email(value: str) -> str:
    value = (value or "").strip()
    try:
        validate_email(value)
    except ValidationError as exc:
        raise ValidationError({"contact_email": _("Enter a valid email address.")}) from exc
    return value


@transaction.atomic
def endorsement_submit(
    *,
    campaign: Campaign,
    organization_name: str,
    country: str,
    representative_name: str,
    contact_email: str,
    statement: str = "",
    language: str = "",
) -> Endorsement:
    """A public sign-on, stored pending; matched to a directory organization when one fits.

    The same organization (by folded name and country) or the same contact address cannot
    endorse one campaign twice while an earlier endorsement is pending or approved.
    """
    if not campaign.is_public or campaign.status != Campaign.Status.ACTIVE:
        raise ValidationError(_("This campaign does not take endorsements any more."))
    endorsement = Endorsement(
        campaign=campaign,
        organization_name=(organization_name or "").strip(),
        country=(country or "").strip().upper(),
        representative_name=(representative_name or "").strip(),
        contact_email=_clean_email(contact_email),
        statement=(statement or "").strip(),
        language=(language or "")[:3],
    )
    full_clean(endorsement)
    open_ones = Endorsement.objects.filter(campaign=campaign).exclude(
        status=Endorsement.Status.REJECTED
    )
    index = lookup_index(Endorsement, "email_index", endorsement.contact_email)
    if open_ones.filter(email_index=index).exists():
        raise ValidationError(
            {"contact_email": _("An endorsement from this address is already on file.")}
        )
    key = fold(endorsement.organization_name)
    for name in open_ones.filter(country=endorsement.country).values_list(
        "organization_name", flat=True
    ):
        if fold(name) == key:
            raise ValidationError(
                {"organization_name": _("This organization has already endorsed the campaign.")}
            )
    matches = find_organizations(
        name=endorsement.organization_name,
        country=endorsement.country,
        queryset=Organization.objects.filter(confidential=False),
    )
    endorsement.organization = matches[0] if len(matches) == 1 else None
    endorsement.save()
    audit_record(
        actor=None,
        action="campaign.endorsement.submit",
        obj=endorsement,
        data={"campaign": campaign.pk, "matched": endorsement.organization_id},
    )
    return endorsement


@transaction.atomic
def endorsement_decide(*, actor: User, endorsement: Endorsement, approve: bool) -> Endorsement:
    """Approve or reject an endorsement (again, if a coordinator changes their mind)."""
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    _require_coordinator(actor, endorsement.campaign)
    endorsement.status = Endorsement.Status.APPROVED if approve else Endorsement.Status.REJECTED
    endorsement.decided_at = timezone.now()
    endorsement.decided_by = actor
    endorsement.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        action="campaign.endorsement.approve" if approve else "campaign.endorsement.reject",
        obj=endorsement,
    )
    return endorsement


@transaction.atomic
def endorsement_match(
    *, actor: User, endorsement: Endorsement, organization: Organization | None
) -> Endorsement:
    """Link an endorsement to a directory organization the actor can see, or unlink it."""
    _require_coordinator(actor, endorsement.campaign)
    if organization is not None and not access.can_read_directory(actor):
        raise PermissionDenied
    if (
        organization is not None
        and not Organization.objects.filter(
            access.directory_scope(actor), pk=organization.pk
        ).exists()
    ):
        raise ValidationError({"organization": _("Choose an organization from the directory.")})
    endorsement.organization = organization
    if organization is not None and endorsement.proposal == Endorsement.Proposal.QUEUED:
        endorsement.proposal = Endorsement.Proposal.DONE
    endorsement.save(update_fields=["organization", "proposal"])
    audit_record(
        actor=actor,
        action="campaign.endorsement.match",
        obj=endorsement,
        data={"organization": organization.pk if organization else None},
    )
    return endorsement


def _free_short_name(name: str) -> str:
    base = (name[:36] or "org").strip()
    candidate = base
    number = 2
    while Organization.objects.filter(short_name__iexact=candidate).exists():
        candidate = f"{base[:34]} {number}"
        number += 1
    return candidate


@transaction.atomic
def endorsement_propose(
    *, actor: User, endorsement: Endorsement, kind: str = Organization.Kind.OTHER
) -> Endorsement:
    """Put an unmatched endorser into the directory.

    A coordinator with secretary rights creates the organization through the directory's
    services at once (and the endorsement is linked to it); any other coordinator queues the
    proposal, which a secretary completes later with `endorsement_propose` too.
    """
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    _require_coordinator(actor, endorsement.campaign)
    if endorsement.organization_id is not None:
        raise ValidationError(_("This endorsement is already linked to the directory."))
    if not can_propose_to_directory(actor):
        if endorsement.proposal != Endorsement.Proposal.QUEUED:
            endorsement.proposal = Endorsement.Proposal.QUEUED
            endorsement.save(update_fields=["proposal"])
            audit_record(actor=actor, action="campaign.endorsement.propose", obj=endorsement)
        return endorsement
    organization = directory_services.organization_create(
        actor=actor,
        name=endorsement.organization_name,
        short_name=_free_short_name(endorsement.organization_name),
        country=endorsement.country,
        kind=kind,
        relation_status=Organization.RelationStatus.CONTACT,
        notes=_("Endorsed the campaign “%(title)s”.") % {"title": endorsement.campaign.title},
    )
    endorsement.organization = organization
    endorsement.proposal = Endorsement.Proposal.DONE
    endorsement.save(update_fields=["organization", "proposal"])
    audit_record(
        actor=actor,
        action="campaign.endorsement.to_directory",
        obj=endorsement,
        data={"organization": organization.pk},
    )
    return endorsement


# Letter-writing --------------------------------------------------------------------------


@transaction.atomic
def letter_template_create(*, actor: User, campaign: Campaign, **fields: Any) -> LetterTemplate:
    _require_coordinator(actor, campaign)
    template = LetterTemplate(campaign=campaign, **_only(fields, TEMPLATE_FIELDS))
    full_clean(template)
    template.save()
    audit_record(actor=actor, action="campaign.letter_template.create", obj=template)
    return template


@transaction.atomic
def letter_template_update(
    *, actor: User, template: LetterTemplate, **fields: Any
) -> LetterTemplate:
    _require_coordinator(actor, template.campaign)
    fields = _only(fields, TEMPLATE_FIELDS)
    changed = _changed(template, fields)
    for key, value in fields.items():
        setattr(template, key, value)
    full_clean(template)
    template.save()
    audit_record(
        actor=actor,
        action="campaign.letter_template.update",
        obj=template,
        data={"fields": changed},
    )
    return template


@transaction.atomic
def letter_template_delete(*, actor: User, template: LetterTemplate) -> None:
    _require_coordinator(actor, template.campaign)
    audit_record(actor=actor, action="campaign.letter_template.delete", obj=template)
    template.delete()


def _check_sender(letter: SupporterLetter) -> None:
    if letter.sender_id is None and not letter.sender_alias:
        raise ValidationError(
            {"sender_alias": _("Name the member who wrote, or give a name or alias.")}
        )


@transaction.atomic
def letter_log(*, actor: User, campaign: Campaign, **fields: Any) -> SupporterLetter:
    """Record a letter sent to the prisoner.

    Coordinators record anyone's letter; a member of the campaign's unit records their own.
    """
    fields = _only(fields, LETTER_FIELDS)
    if not can_coordinate(actor, campaign):
        if not is_campaign_member(actor, campaign):
            raise PermissionDenied
        fields["sender"] = actor
        fields["sender_alias"] = ""
        fields["status"] = SupporterLetter.Status.SENT
    fields.setdefault("sent_on", timezone.localdate())
    letter = SupporterLetter(campaign=campaign, created_by=actor, **fields)
    _check_sender(letter)
    if letter.sent_on and letter.sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("This date lies in the future.")})
    full_clean(letter)
    letter.save()
    audit_record(
        actor=actor,
        action="campaign.letter.log",
        obj=letter,
        data={"language": letter.language, "status": letter.status},
    )
    return letter


@transaction.atomic
def letter_update(*, actor: User, letter: SupporterLetter, **fields: Any) -> SupporterLetter:
    """Change a logged letter, e.g. mark it returned or censored."""
    _require_coordinator(actor, letter.campaign)
    fields = _only(fields, LETTER_FIELDS)
    changed = _changed(letter, fields)
    for key, value in fields.items():
        setattr(letter, key, value)
    _check_sender(letter)
    if letter.sent_on and letter.sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("This date lies in the future.")})
    full_clean(letter)
    letter.save()
    audit_record(actor=actor, action="campaign.letter.update", obj=letter, data={"fields": changed})
    return letter


@transaction.atomic
def letter_delete(*, actor: User, letter: SupporterLetter) -> None:
    _require_coordinator(actor, letter.campaign)
    audit_record(actor=actor, action="campaign.letter.delete", obj=letter)
    letter.delete()


# Actions ---------------------------------------------------------------------------------


def _check_action(action: Action) -> None:
    if action.organization_id is None and not action.group_name:
        raise ValidationError(
            {"group_name": _("Name the organizing group or choose it from the directory.")}
        )


@transaction.atomic
def action_create(*, actor: User, campaign: Campaign, photo: Any = None, **fields: Any) -> Action:
    _require_coordinator(actor, campaign)
    action = Action(campaign=campaign, created_by=actor, **_only(fields, ACTION_FIELDS))
    _check_action(action)
    full_clean(action)
    if photo is not None:
        action.photo = _photo(photo)
    action.save()
    audit_record(actor=actor, action="campaign.action.create", obj=action)
    return action


@transaction.atomic
def action_update(*, actor: User, action: Action, photo: Any = None, **fields: Any) -> Action:
    _require_coordinator(actor, action.campaign)
    fields = _only(fields, ACTION_FIELDS)
    changed = _changed(action, fields)
    for key, value in fields.items():
        setattr(action, key, value)
    _check_action(action)
    full_clean(action)
    if photo is not None:
        action.photo = _photo(photo)
        changed.append("photo")
    action.save()
    audit_record(actor=actor, action="campaign.action.update", obj=action, data={"fields": changed})
    return action


@transaction.atomic
def action_delete(*, actor: User, action: Action) -> None:
    _require_coordinator(actor, action.campaign)
    audit_record(actor=actor, action="campaign.action.delete", obj=action)
    action.delete()


@transaction.atomic
def action_submit(*, campaign: Campaign, photo: Any = None, **fields: Any) -> Action:
    """A public report of an action, pending until a coordinator approves it."""
    if campaign.status != Campaign.Status.ACTIVE:
        raise ValidationError(_("This campaign does not take reports of actions any more."))
    fields = _only(fields, ACTION_FIELDS - {"organization"})
    action = Action(campaign=campaign, status=Action.Status.PENDING, **fields)
    _check_action(action)
    full_clean(action)
    if photo is not None:
        action.photo = _photo(photo)
    action.save()
    audit_record(
        actor=None, action="campaign.action.submit", obj=action, data={"campaign": campaign.pk}
    )
    return action


@transaction.atomic
def action_decide(*, actor: User, action: Action, approve: bool) -> Action:
    _require_coordinator(actor, action.campaign)
    action.status = Action.Status.APPROVED if approve else Action.Status.REJECTED
    action.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="campaign.action.approve" if approve else "campaign.action.reject",
        obj=action,
    )
    return action


def _photo(upload: Any) -> bytes:
    try:
        return images.clean_photo(upload)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from exc
