"""Writes to the directory. Each service checks the actor's right, validates fully and audits."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts import access
from massline.accounts.models import Unit, User
from massline.audit.services import audit_record
from massline.core.text import search_key
from massline.core.validation import full_clean
from massline.directory.models import (
    CountryDossier,
    DossierSource,
    Indicator,
    Organization,
    Position,
    Question,
    Relation,
    Tag,
)

ORGANIZATION_FIELDS = (
    "name",
    "short_name",
    "name_own",
    "own_language",
    "aliases",
    "country",
    "kind",
    "website",
    "founded",
    "relation_status",
    "notes",
    "unit",
    "confidential",
)


def _require_edit(actor: User, organization: Organization) -> None:
    if not access.can_edit_record_of_unit(
        actor, unit_id=organization.unit_id, confidential=organization.confidential
    ):
        raise PermissionDenied


def _clean_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _refresh_search_key(organization: Organization) -> None:
    organization.search_key = search_key(
        organization.name,
        organization.short_name,
        organization.name_own,
        *organization.aliases.splitlines(),
    )


def _check_short_name_free(organization: Organization) -> None:
    clash = Organization.objects.filter(short_name__iexact=organization.short_name)
    if organization.pk:
        clash = clash.exclude(pk=organization.pk)
    if clash.exists():
        raise ValidationError(
            {"short_name": _("Another organization already uses this short name.")}
        )


def _tags_from_names(names: list[str]) -> list[Tag]:
    cleaned = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        if len(name) > 60:
            raise ValidationError({"tags": _("A tag may have at most 60 characters.")})
        cleaned.append(name)
    tags = []
    for name in dict.fromkeys(cleaned):
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        tags.append(tag)
    return tags


@transaction.atomic
def organization_create(
    *, actor: User, tags: list[str] | None = None, **fields: Any
) -> Organization:
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    organization = Organization(**{k: _clean_text(v) for k, v in fields.items()})
    _require_edit(actor, organization)
    _check_short_name_free(organization)
    _refresh_search_key(organization)
    full_clean(organization)
    organization.save()
    if tags is not None:
        organization.tags.set(_tags_from_names(tags))
    audit_record(
        actor=actor,
        action="organization.create",
        obj=organization,
        data={"short_name": organization.short_name},
    )
    return organization


@transaction.atomic
def organization_update(
    *, actor: User, organization: Organization, tags: list[str] | None = None, **fields: Any
) -> Organization:
    """Change fields of an organization. Locks its row."""
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    _require_edit(actor, organization)
    changed = sorted(k for k, v in fields.items() if getattr(organization, k) != _clean_text(v))
    for key, value in fields.items():
        setattr(organization, key, _clean_text(value))
    _require_edit(actor, organization)
    _check_short_name_free(organization)
    _refresh_search_key(organization)
    organization.updated_at = timezone.now()
    full_clean(organization)
    organization.save()
    if tags is not None:
        organization.tags.set(_tags_from_names(tags))
        changed.append("tags")
    audit_record(
        actor=actor, action="organization.update", obj=organization, data={"fields": changed}
    )
    return organization


@transaction.atomic
def organization_delete(*, actor: User, organization: Organization) -> None:
    _require_edit(actor, organization)
    audit_record(
        actor=actor,
        action="organization.delete",
        obj=organization,
        data={"short_name": organization.short_name},
    )
    organization.delete()


@transaction.atomic
def relation_create(
    *,
    actor: User,
    source: Organization,
    target: Organization,
    kind: str,
    started: date | None = None,
    ended: date | None = None,
    source_note: str = "",
) -> Relation:
    _require_edit(actor, source)
    if not Organization.objects.filter(access.directory_scope(actor), pk=target.pk).exists():
        # a hidden organization is treated as one that does not exist
        raise ValidationError({"target": _("Choose an organization from the directory.")})
    relation = Relation(
        source=source,
        target=target,
        kind=kind,
        started=started,
        ended=ended,
        source_note=source_note.strip(),
    )
    full_clean(relation)
    relation.save()
    audit_record(
        actor=actor,
        action="relation.create",
        obj=relation,
        data={"source": source.pk, "target": target.pk, "kind": kind},
    )
    return relation


@transaction.atomic
def relation_update(*, actor: User, relation: Relation, **fields: Any) -> Relation:
    allowed = {"kind", "started", "ended", "source_note", "target"}
    if set(fields) - allowed:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(set(fields) - allowed))}
        )
    _require_edit(actor, relation.source)
    for key, value in fields.items():
        setattr(relation, key, _clean_text(value))
    full_clean(relation)
    relation.save()
    audit_record(
        actor=actor, action="relation.update", obj=relation, data={"fields": sorted(fields)}
    )
    return relation


@transaction.atomic
def relation_delete(*, actor: User, relation: Relation) -> None:
    _require_edit(actor, relation.source)
    audit_record(actor=actor, action="relation.delete", obj=relation)
    relation.delete()


@transaction.atomic
def question_create(
    *, actor: User, title: str, description: str = "", since: date | None = None
) -> Question:
    if not access.can_edit_directory(actor):
        raise PermissionDenied
    question = Question(title=title.strip(), description=description.strip(), since=since)
    full_clean(question)
    question.save()
    audit_record(actor=actor, action="question.create", obj=question)
    return question


POSITION_FIELDS = ("stance", "summary", "stated_on", "source_url", "quote", "quote_language")


@transaction.atomic
def position_create(
    *, actor: User, organization: Organization, question: Question, **fields: Any
) -> Position:
    if set(fields) - set(POSITION_FIELDS):
        raise ValidationError(
            _("Unknown fields: %(fields)s")
            % {"fields": ", ".join(sorted(set(fields) - set(POSITION_FIELDS)))}
        )
    _require_edit(actor, organization)
    position = Position(
        organization=organization,
        question=question,
        **{k: _clean_text(v) for k, v in fields.items()},
    )
    full_clean(position)
    position.save()
    audit_record(
        actor=actor,
        action="position.create",
        obj=position,
        data={"organization": organization.pk, "question": question.pk},
    )
    return position


@transaction.atomic
def position_update(*, actor: User, position: Position, **fields: Any) -> Position:
    if set(fields) - set(POSITION_FIELDS):
        raise ValidationError(
            _("Unknown fields: %(fields)s")
            % {"fields": ", ".join(sorted(set(fields) - set(POSITION_FIELDS)))}
        )
    _require_edit(actor, position.organization)
    for key, value in fields.items():
        setattr(position, key, _clean_text(value))
    full_clean(position)
    position.save()
    audit_record(
        actor=actor, action="position.update", obj=position, data={"fields": sorted(fields)}
    )
    return position


@transaction.atomic
def position_delete(*, actor: User, position: Position) -> None:
    _require_edit(actor, position.organization)
    audit_record(actor=actor, action="position.delete", obj=position)
    position.delete()


@transaction.atomic
def dossier_update(*, actor: User, country: str, summary: str) -> CountryDossier:
    if not access.can_edit_directory(actor):
        raise PermissionDenied
    dossier = CountryDossier.objects.filter(country=country).first() or CountryDossier(
        country=country
    )
    dossier.summary = summary.strip()
    dossier.updated_at = timezone.now()
    full_clean(dossier)
    dossier.save()
    audit_record(actor=actor, action="dossier.update", obj=dossier)
    return dossier


def _dossier_for(actor: User, country: str) -> CountryDossier:
    if not access.can_edit_directory(actor):
        raise PermissionDenied
    dossier = CountryDossier.objects.filter(country=country).first()
    if dossier is None:
        dossier = CountryDossier(country=country)
        full_clean(dossier)
        dossier.save()
    return dossier


@transaction.atomic
def dossier_source_add(
    *, actor: User, country: str, title: str, url: str = "", note: str = ""
) -> DossierSource:
    dossier = _dossier_for(actor, country)
    source = DossierSource(dossier=dossier, title=title.strip(), url=url.strip(), note=note.strip())
    full_clean(source)
    source.save()
    audit_record(actor=actor, action="dossier.source_add", obj=source)
    return source


@transaction.atomic
def indicator_add(
    *,
    actor: User,
    country: str,
    name: str,
    value: Decimal,
    measured_on: date,
    unit_label: str = "",
    source: str = "",
) -> Indicator:
    dossier = _dossier_for(actor, country)
    indicator = Indicator(
        dossier=dossier,
        name=name.strip(),
        value=Decimal(str(value)),
        measured_on=measured_on,
        unit_label=unit_label.strip(),
        source=source.strip(),
    )
    full_clean(indicator)
    indicator.save()
    audit_record(actor=actor, action="dossier.indicator_add", obj=indicator)
    return indicator


def unit_for_confidential(*, actor: User, unit: Unit | None) -> Unit | None:
    """Check that the actor may file a confidential record under `unit`."""
    if unit is not None and not access.can_edit_record_of_unit(
        actor, unit_id=unit.pk, confidential=True
    ):
        raise PermissionDenied
    return unit
