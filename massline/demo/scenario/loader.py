"""Loading the demo scenario through the services.

`load()` is idempotent: every row is found by a natural key (email, unit name under its parent,
short name, question title, dates) and only missing rows are created, through the services,
with the demo administrator as actor. Rows that exist are left as they are, so a second run
writes nothing, not even to the audit log.
"""

import textwrap
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from massline.accounts.models import Membership, Unit, User
from massline.accounts.services import membership_set, unit_create, user_create
from massline.demo.scenario.assemblies import load_assemblies
from massline.demo.scenario.campaigns import load_campaigns
from massline.demo.scenario.data import (
    DEMO_EMAILS,
    DEMO_FIGURES,
    DOSSIERS,
    FICTIONAL,
    ORGANIZATIONS,
    PASSWORD,
    PERSONAS,
    POSITIONS,
    RELATIONS,
    UNITS,
    WAR_QUESTION,
    WAR_QUESTION_DESCRIPTION,
    WAR_QUESTION_SINCE,
)
from massline.demo.scenario.events import load_events
from massline.demo.scenario.fronts import load_fronts
from massline.demo.scenario.letters import load_letters
from massline.demo.scenario.mass_work import load_mass_work
from massline.demo.scenario.petitions import load_petitions
from massline.demo.scenario.reviews import load_reviews
from massline.directory.models import (
    CountryDossier,
    DossierSource,
    Indicator,
    Organization,
    Position,
    Question,
    Relation,
)
from massline.directory.services import (
    dossier_source_add,
    dossier_update,
    indicator_add,
    organization_create,
    position_create,
    question_create,
    relation_create,
)


class DemoError(Exception):
    """The demo cannot be loaded into this database; the message says why."""


@dataclass
class Report:
    """What `load` created and what it found already there, per kind of record."""

    created: Counter[str] = field(default_factory=Counter)
    existing: Counter[str] = field(default_factory=Counter)

    def count(self, kind: str, created: bool) -> None:
        (self.created if created else self.existing)[kind] += 1


def _admin(report: Report, force: bool) -> User:
    others = User.objects.exclude(email__in=DEMO_EMAILS).count()
    if others and not force:
        raise DemoError(
            f"This database already has {others} account(s) that are not demo accounts. "
            "The demo creates an administrator whose password is printed, so load it only "
            "into a throwaway instance, or pass --force."
        )
    spec = PERSONAS[0]
    admin = User.objects.filter(email__iexact=spec.email).first()
    report.count("users", admin is None)
    if admin is None:
        admin = user_create(
            email=spec.email, password=PASSWORD, display_name=spec.display_name, is_superuser=True
        )
    if not (admin.is_active and admin.is_superuser):
        raise DemoError(f"{spec.email} exists but is not an active administrator.")
    return admin


def _units(admin: User, report: Report) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for spec in UNITS:
        parent = units[spec.parent] if spec.parent else None
        unit = Unit.objects.filter(parent=parent, name=spec.name).first()
        report.count("units", unit is None)
        if unit is None:
            unit = unit_create(actor=admin, name=spec.name, kind=spec.kind, parent=parent)
        units[spec.key] = unit
    return units


def _people(admin: User, units: dict[str, Unit], report: Report) -> None:
    for spec in PERSONAS[1:]:
        user = User.objects.filter(email__iexact=spec.email).first()
        report.count("users", user is None)
        if user is None:
            user = user_create(email=spec.email, password=PASSWORD, display_name=spec.display_name)
        unit = units[spec.unit]
        exists = Membership.objects.filter(user=user, unit=unit).exists()
        report.count("memberships", not exists)
        if not exists:
            membership_set(actor=admin, user=user, unit=unit, role=spec.role)


def _organizations(admin: User, units: dict[str, Unit], report: Report) -> dict[str, Organization]:
    found: dict[str, Organization] = {}
    for spec in ORGANIZATIONS:
        organization = Organization.objects.filter(short_name__iexact=spec.short_name).first()
        report.count("organizations", organization is None)
        if organization is None:
            unit = units[spec.confidential_unit] if spec.confidential_unit else None
            organization = organization_create(
                actor=admin,
                tags=list(spec.tags),
                short_name=spec.short_name,
                name=spec.name,
                name_own=spec.name_own,
                own_language=spec.own_language,
                aliases="\n".join(spec.aliases),
                country=spec.country,
                kind=spec.kind,
                relation_status=spec.relation_status,
                founded=spec.founded,
                notes=spec.notes,
                unit=unit,
                confidential=unit is not None,
            )
        found[spec.short_name] = organization
    return found


def _relations(admin: User, organizations: dict[str, Organization], report: Report) -> None:
    for spec in RELATIONS:
        source, target = organizations[spec.source], organizations[spec.target]
        exists = Relation.objects.filter(
            source=source, target=target, kind=spec.kind, started=spec.started
        ).exists()
        report.count("relations", not exists)
        if not exists:
            relation_create(
                actor=admin,
                source=source,
                target=target,
                kind=spec.kind,
                started=spec.started,
                ended=spec.ended,
                source_note=spec.note,
            )


def _positions(admin: User, organizations: dict[str, Organization], report: Report) -> None:
    question = Question.objects.filter(title=WAR_QUESTION).first()
    report.count("questions", question is None)
    if question is None:
        question = question_create(
            actor=admin,
            title=WAR_QUESTION,
            description=WAR_QUESTION_DESCRIPTION,
            since=WAR_QUESTION_SINCE,
        )
    for spec in POSITIONS:
        organization = organizations[spec.organization]
        exists = Position.objects.filter(
            organization=organization, question=question, stated_on=spec.stated_on
        ).exists()
        report.count("positions", not exists)
        if not exists:
            position_create(
                actor=admin,
                organization=organization,
                question=question,
                stance=spec.stance,
                summary=f"{spec.summary} {FICTIONAL}",
                stated_on=spec.stated_on,
                quote=spec.quote,
                quote_language=spec.quote_language,
            )


def _dossiers(admin: User, report: Report) -> None:
    for spec in DOSSIERS:
        dossier = CountryDossier.objects.filter(country=spec.country).first()
        fresh = dossier is None or not dossier.summary
        report.count("country dossiers", fresh)
        if fresh:
            dossier = dossier_update(actor=admin, country=spec.country, summary=spec.summary)
        for title, url, note in spec.sources:
            exists = DossierSource.objects.filter(
                dossier__country=spec.country, title=title
            ).exists()
            report.count("dossier sources", not exists)
            if not exists:
                dossier_source_add(
                    actor=admin, country=spec.country, title=title, url=url, note=note
                )
        for name, unit_label, points in spec.indicators:
            for measured_on, value in points:
                exists = Indicator.objects.filter(
                    dossier__country=spec.country, name=name, measured_on=measured_on
                ).exists()
                report.count("indicator values", not exists)
                if not exists:
                    indicator_add(
                        actor=admin,
                        country=spec.country,
                        name=name,
                        value=Decimal(value),
                        measured_on=measured_on,
                        unit_label=unit_label,
                        source=DEMO_FIGURES,
                    )


@transaction.atomic
def load(*, force: bool = False) -> Report:
    """Create whatever part of the scenario is missing, all or nothing.

    Raises `DemoError` when the database holds accounts other than the demo's and `force`
    is false, and when the demo administrator exists without administrator rights.
    """
    report = Report()
    admin = _admin(report, force)
    units = _units(admin, report)
    _people(admin, units, report)
    organizations = _organizations(admin, units, report)
    _relations(admin, organizations, report)
    _positions(admin, organizations, report)
    _dossiers(admin, report)
    load_mass_work(admin, units, report.count)
    load_events(admin, units, organizations, report.count)
    load_letters(admin, units, organizations, report.count)
    load_campaigns(admin, units, organizations, report.count)
    load_petitions(admin, units, organizations, report.count)
    load_fronts(admin, units, organizations, report.count)
    load_assemblies(admin, report.count)
    load_reviews(admin, units, report.count)
    return report


def format_report(report: Report) -> str:
    """The text `massline demo` prints: what was loaded, then the demo logins."""
    kinds = list(dict.fromkeys([*report.created, *report.existing]))
    lines = ["Massline demo scenario loaded.", ""]
    lines += [
        f"  {kind:<18} {report.created[kind]:>3} created, {report.existing[kind]:>3} already there"
        for kind in kinds
    ]
    lines += [
        "",
        "Every person and unit is invented. Every organization other than RMP, PMLI, MLPD",
        "and the Anti-imperialist and Antifascist United Front is invented too, and marked",
        f'"{FICTIONAL}", as are all positions, dossier notes and figures.',
        "",
        f"Demo logins (the same password for all: {PASSWORD})",
        "",
    ]
    for persona in PERSONAS:
        lines += [
            f"  {persona.title} — {persona.display_name}",
            f"    email:    {persona.email}",
            f"    password: {PASSWORD}",
            textwrap.fill(
                persona.sees, width=92, initial_indent="    sees:     ", subsequent_indent=" " * 14
            ),
            "",
        ]
    return "\n".join(lines)
