"""A united front with members, a platform, applications and statements, built through the
services, for the fronts tests.

The front is coordinated by unit A: organizer A (and the secretary and administrator above)
run it; organizer B and member A, members of our organization, only see it; the guest of
unit A sees no front. `delegate` represents MLPD in this front; `stranger` represents an
organization in another front only.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from massline.accounts.models import User
from massline.accounts.services import user_create
from massline.conftest import PASSWORD, Personas
from massline.directory.models import Organization
from massline.directory.tests.factories import OrganizationFactory
from massline.fronts import services, statements
from massline.fronts.models import (
    Front,
    FrontMembership,
    MembershipApplication,
    PlatformVersion,
    Representative,
    Signature,
    Statement,
)

PRINCIPLES_V1 = [
    "Against imperialist war and the division of the world among the great powers.",
    "Against fascism in every form, old and new.",
    "For the right of nations to self-determination.",
]
PRINCIPLES_V2 = [
    "Against imperialist war and the division of the world among the great powers.",
    "Against fascism and the persecution of the workers' movement, in every form.",
    "For the right of nations to self-determination.",
    "For the unity of action of the working class.",
]
PRINCIPLES_V1_RU = [
    "Против империалистической войны и передела мира великими державами.",
    "Против фашизма во всех его формах, старых и новых.",
    "За право наций на самоопределение.",
]


@dataclass
class FrontWorld:
    personas: Personas
    front: Front
    other_front: Front
    rmp: Organization
    mlpd: Organization
    pmli: Organization
    outsider: Organization
    rmp_membership: FrontMembership
    mlpd_membership: FrontMembership
    pmli_membership: FrontMembership
    delegate: User
    delegate_rep: Representative
    stranger: User
    pending_rep: Representative
    v1: PlatformVersion
    v2: PlatformVersion
    application: MembershipApplication
    draft: Statement
    open_statement: Statement
    published: Statement


def _org(admin: User, **fields: str) -> Organization:
    """The directory record with this short name (other worlds may have made it), or a new one."""
    found = Organization.objects.filter(short_name__iexact=fields["short_name"]).first()
    if found is not None:
        return found
    return OrganizationFactory.create(actor=admin, **fields)


def make_representative_account(
    *, actor: User, membership: FrontMembership, email: str
) -> tuple[User, Representative]:
    representative = services.representative_add(
        actor=actor,
        membership=membership,
        display_name=email.split("@")[0],
        email=email,
        role=Representative.Role.DELEGATE,
    )
    token = services.representative_invite(actor=actor, representative=representative)
    user = services.representative_accept(
        token=token, password=PASSWORD, display_name=email.split("@")[0]
    )
    representative.refresh_from_db()
    return user, representative


def build_front_world(personas: Personas) -> FrontWorld:
    admin = personas.admin
    coordinator = personas.organizer_a
    today = timezone.localdate()
    rmp = _org(
        admin,
        name="Russian Maoist Party",
        short_name="RMP",
        country="RU",
        name_own="Российская маоистская партия",
        own_language="ru",
    )
    mlpd = _org(
        admin,
        name="Marxist-Leninist Party of Germany",
        short_name="MLPD",
        country="DE",
        name_own="Marxistisch-Leninistische Partei Deutschlands",
        own_language="de",
    )
    pmli = _org(admin, name="Italian Marxist-Leninist Party", short_name="PMLI", country="IT")
    outsider = _org(admin, name="Workers' League of Nowhere", short_name="WLN", country="FR")
    front = services.front_create(
        actor=coordinator,
        unit=personas.unit_a,
        slug="test-united-front",
        name="Test United Front",
        short_name="TUF",
        founded_on=date(2023, 9, 1),
        secretariat=mlpd,
        weighting=Front.Weighting.WEIGHTED,
        names={"ru": "Тестовый единый фронт"},
    )
    other_front = services.front_create(
        actor=coordinator,
        unit=personas.unit_a,
        slug="other-front",
        name="Other Front",
        short_name="OF",
    )
    decided = today - timedelta(days=30)
    rmp_m = services.membership_add(
        actor=coordinator,
        front=front,
        organization=rmp,
        status="member",
        decided_on=decided,
        weight=2,
    )
    mlpd_m = services.membership_add(
        actor=coordinator, front=front, organization=mlpd, status="member", decided_on=decided
    )
    pmli_m = services.membership_add(
        actor=coordinator, front=front, organization=pmli, status="observer", decided_on=decided
    )
    outsider_m = services.membership_add(
        actor=coordinator,
        front=other_front,
        organization=outsider,
        status="member",
        decided_on=decided,
    )
    delegate, delegate_rep = make_representative_account(
        actor=coordinator, membership=mlpd_m, email="delegate.mlpd@example.org"
    )
    stranger, _rep = make_representative_account(
        actor=coordinator, membership=outsider_m, email="stranger@example.org"
    )
    pending_rep = services.representative_add(
        actor=coordinator,
        membership=rmp_m,
        display_name="Anna",
        email="anna.rmp@example.org",
        role=Representative.Role.DELEGATE,
    )
    v1 = services.version_draft(actor=coordinator, front=front)
    services.version_update(
        actor=coordinator, version=v1, texts={"en": PRINCIPLES_V1, "ru": PRINCIPLES_V1_RU}
    )
    services.version_adopt(actor=coordinator, version=v1, adopted_on=decided)
    services.endorsement_record(
        actor=coordinator,
        version=v1,
        membership=rmp_m,
        endorsed_on=decided,
        reservations={3: "We read self-determination as including secession."},
    )
    v2 = services.version_draft(actor=coordinator, front=front)
    services.version_update(actor=coordinator, version=v2, texts={"en": PRINCIPLES_V2})
    application = services.application_submit(
        front=front,
        submitted_by=None,
        organization=None,
        proposed_name="Communist Youth Collective",
        proposed_country="ES",
        proposed_website="",
        representative_name="Marta",
        representative_email="marta@example.org",
        motivation="We agree with the platform.",
    )
    draft = statements.statement_create(
        actor=coordinator,
        front=front,
        slug="draft-statement",
        texts={"en": ("A draft", "Draft text.")},
    )
    open_statement = statements.statement_create(
        actor=coordinator,
        front=front,
        slug="open-statement",
        texts={
            "en": ("Stop the war", "We call for an end to the war."),
            "ru": ("Остановить войну", "Мы призываем прекратить войну."),
        },
    )
    open_statement = statements.statement_open(
        actor=coordinator,
        statement=open_statement,
        deadline=timezone.now() + timedelta(days=7),
    )
    published = statements.statement_create(
        actor=coordinator,
        front=front,
        slug="published-statement",
        texts={
            "en": ("Solidarity", "Solidarity with the persecuted."),
            "ru": ("Солидарность", "Солидарность с преследуемыми."),
        },
    )
    statements.statement_open(
        actor=coordinator, statement=published, deadline=timezone.now() + timedelta(days=1)
    )
    for membership, decision in ((rmp_m, "sign"), (mlpd_m, "decline")):
        row = Signature.objects.get(statement=published, membership=membership)
        statements.signature_decide(token=statements.signon_token(row), decision=decision)
    # the window closes: move the deadline into the past, as time would
    Statement.objects.filter(pk=published.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    published.refresh_from_db()
    statements.statement_publish(actor=coordinator, statement=published)
    published.refresh_from_db()
    return FrontWorld(
        personas=personas,
        front=front,
        other_front=other_front,
        rmp=rmp,
        mlpd=mlpd,
        pmli=pmli,
        outsider=outsider,
        rmp_membership=rmp_m,
        mlpd_membership=mlpd_m,
        pmli_membership=pmli_m,
        delegate=delegate,
        delegate_rep=delegate_rep,
        stranger=stranger,
        pending_rep=pending_rep,
        v1=v1,
        v2=v2,
        application=application,
        draft=draft,
        open_statement=open_statement,
        published=published,
    )


def make_user(email: str) -> User:
    return user_create(email=email, password=PASSWORD, display_name=email.split("@")[0])
