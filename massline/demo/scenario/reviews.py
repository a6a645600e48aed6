"""Criticism and self-criticism in the demo: a review of the release campaign, an earlier
monthly review of the Moscow branch, a member's self-criticism, a follow-up, and a released
batch of anonymous criticism with a public answer.

Every finding, action, criticism and answer is invented and says so with `FICTIONAL`. The
campaign is looked up by its slug; while it is not there, the Moscow branch's work is reviewed
instead and the review is pointed at the campaign on a later run. Each record is found by a
natural key (titles, descriptions) so that a second run writes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.utils import timezone

from massline.accounts.models import Unit, User
from massline.demo.scenario.data import FICTIONAL
from massline.reviews import services
from massline.reviews.models import (
    CorrectiveAction,
    CriticismAnswer,
    CriticismBatch,
    Finding,
    Review,
)

CAMPAIGN_SLUG = "free-boris-kagarlitsky"
CAMPAIGN_REVIEW = "Review of the release campaign's first month"
MONTHLY_REVIEW = "Moscow branch: monthly review of mass work"
SELF_CRITICISM = "Self-criticism: the late translation of the appeal"
FOLLOW_UP = "Follow-up: release campaign, three months on"

Count = Callable[[str, bool], None]
Status = CorrectiveAction.Status


@dataclass(frozen=True)
class ActionSpec:
    description: str
    owner: str  # a key of the people dict
    due_in_days: int
    status: str = Status.OPEN
    verifier: str = ""
    reason: str = ""


@dataclass(frozen=True)
class FindingSpec:
    kind: str
    title: str
    facts: str = ""
    root_cause: str = ""
    tendencies: tuple[str, ...] = ()
    raised_by: str = ""  # empty: anonymous
    actions: tuple[ActionSpec, ...] = ()


CAMPAIGN_FINDINGS = (
    FindingSpec(
        Finding.Kind.STRENGTH,
        "Endorsements came from organizations in six countries within three weeks",
        f"{FICTIONAL} The international commission wrote to every fraternal organization in "
        "the directory in its own language.",
        raised_by="secretary",
    ),
    FindingSpec(
        Finding.Kind.ERROR,
        "The petition was passed around among our own members only",
        f"{FICTIONAL} Of the first 400 signatures, almost all came from members and their "
        "families; no stall was held outside a workplace.",
        "We treated the campaign as an internal duty, not as a way to reach new people.",
        ("sectarianism", "isolation"),
        raised_by="organizer",
        actions=(
            ActionSpec(
                "Hold two petition stalls at the tractor plant's gate",
                "organizer",
                10,
                Status.VERIFIED,
                verifier="secretary",
            ),
            ActionSpec(
                "Ask the union committee of the depot to discuss the appeal",
                "member",
                5,
                Status.OPEN,
            ),
        ),
    ),
    FindingSpec(
        Finding.Kind.ERROR,
        "The leaflet repeated old formulas nobody at the factory understood",
        f"{FICTIONAL} Workers asked who the prisoner was; the leaflet answered with quotations.",
        "Nobody read the draft with a worker before printing.",
        ("dogmatism",),
        actions=(
            ActionSpec(
                "Rewrite the leaflet with two workers from the depot",
                "member",
                7,
                Status.DONE,
            ),
        ),
    ),
    FindingSpec(
        Finding.Kind.ERROR,
        "A picket was called for the whole city without asking the branches",
        f"{FICTIONAL} Three comrades came; the branches learnt of it the evening before.",
        "The date was fixed by the coordination alone.",
        ("commandism",),
        raised_by="member",
        actions=(
            ActionSpec(
                "Agree picket dates with each branch a week ahead",
                "secretary",
                14,
                Status.DROPPED,
                reason=f"{FICTIONAL} Pickets were replaced by the letter-writing evenings.",
            ),
        ),
    ),
)

MONTHLY_FINDINGS = (
    FindingSpec(
        Finding.Kind.ERROR,
        "Only members' friends were invited to the open meeting",
        f"{FICTIONAL} The invitation went out through our own chat only.",
        "The habit of talking among ourselves.",
        ("sectarianism",),
        actions=(
            ActionSpec(
                "Post the next invitation at the canteen and the laundry",
                "organizer",
                3,
                Status.OPEN,
            ),
        ),
    ),
    FindingSpec(
        Finding.Kind.ERROR,
        "Minutes were written but nobody followed them up",
        f"{FICTIONAL} Four decisions of March had no owner.",
        "Procedure took the place of checking the work.",
        ("bureaucratism", "formalism"),
    ),
)

SELF_FINDINGS = (
    FindingSpec(
        Finding.Kind.ERROR,
        "I promised to translate the appeal and delivered it two weeks late",
        f"{FICTIONAL} I did not say I was overloaded and let the deadline pass quietly.",
        "I put my own convenience before the collective's plan and avoided asking for help.",
        ("individualism", "liberalism"),
        raised_by="member",
        actions=(
            ActionSpec(
                "Tell the branch at once when a task cannot be done in time",
                "member",
                21,
                Status.OPEN,
            ),
        ),
    ),
)

URALS_REVIEWS = (
    (
        "Urals branch: review of the spring strike support",
        120,
        (
            FindingSpec(
                Finding.Kind.ERROR,
                "We stopped visiting the strikers once the strike was lost",
                f"{FICTIONAL} After the third week nobody went back to the depot.",
                "We judged the struggle by its outcome only.",
                ("defeatism",),
            ),
            FindingSpec(
                Finding.Kind.ERROR,
                "The solidarity fund was run by one comrade alone",
                f"{FICTIONAL} Nobody else knew what had been collected.",
                "No one asked; trust replaced control.",
                ("liberalism",),
            ),
        ),
    ),
    (
        "Urals branch: review of the autumn leafleting",
        40,
        (
            FindingSpec(
                Finding.Kind.ERROR,
                "Leafleting was cancelled after one hostile reaction",
                f"{FICTIONAL} A foreman shouted at us; we did not come back.",
                "We expected no resistance.",
                ("defeatism", "subjectivism"),
                actions=(
                    ActionSpec(
                        "Return to the same gate twice a month until the end of the year",
                        "urals",
                        30,
                        Status.OPEN,
                    ),
                ),
            ),
        ),
    ),
)

CRITICISM = (
    ("leadership", "The branch committee decides the campaign's dates without asking us."),
    ("unit", "Our meetings start forty minutes late every week."),
    ("leadership", "Criticism in meetings is brushed aside as 'negativity'."),
    ("unit", "Nobody checks whether new contacts are called back."),
    ("unit", "The literature table has not changed in a year."),
)
ANSWER = (
    "From next month the campaign's dates are put to the branch meeting before they are fixed, "
    "and the committee reports back on each one."
)


def _campaign() -> models.Model | None:
    try:
        model = apps.get_model("campaigns", "Campaign")
    except LookupError:
        return None
    return model._default_manager.filter(slug=CAMPAIGN_SLUG).first()


def _people() -> dict[str, User]:
    emails = {
        "secretary": "secretary@example.org",
        "organizer": "moscow.organizer@example.org",
        "member": "member@example.org",
        "urals": "urals.organizer@example.org",
    }
    return {key: User.objects.get(email=email) for key, email in emails.items()}


def _findings(
    review: Review,
    specs: tuple[FindingSpec, ...],
    people: dict[str, User],
    actor: User,
    count: Count,
) -> None:
    for spec in specs:
        finding = review.findings.filter(title=spec.title).first()
        count("review findings", finding is None)
        if finding is None:
            finding = services.finding_add(
                actor=actor,
                review=review,
                kind=spec.kind,
                title=spec.title,
                facts=spec.facts,
                root_cause=spec.root_cause,
                tendencies=list(spec.tendencies),
                raised_by=people[spec.raised_by] if spec.raised_by else None,
            )
        for action_spec in spec.actions:
            _action(finding, action_spec, people, actor, count)


def _action(
    finding: Finding, spec: ActionSpec, people: dict[str, User], actor: User, count: Count
) -> None:
    action = finding.actions.filter(description__startswith=spec.description).first()
    count("corrective actions", action is None)
    if action is not None:
        return
    owner = people[spec.owner]
    review = finding.review
    if owner.pk != review.facilitator_id and not review.participants.filter(pk=owner.pk).exists():
        owner = review.facilitator
    action = services.action_add(
        actor=actor,
        finding=finding,
        description=f"{spec.description} {FICTIONAL}",
        owner=owner,
        due_on=timezone.localdate() + timedelta(days=spec.due_in_days),
    )
    if spec.status in (Status.DONE, Status.VERIFIED):
        action = services.action_set_status(
            actor=owner, action=action, status=Status.DONE, note=f"{FICTIONAL} Done."
        )
    if spec.status == Status.VERIFIED:
        services.action_verify(
            actor=people[spec.verifier], action=action, note=f"{FICTIONAL} Checked on the spot."
        )
    if spec.status == Status.DROPPED:
        services.action_set_status(
            actor=actor, action=action, status=Status.DROPPED, reason=spec.reason
        )


def _review(
    *,
    title: str,
    actor: User,
    kind: str,
    subject_id: int,
    unit: Unit | None,
    held_days_ago: int,
    facilitator: User,
    participants: list[User],
    confidentiality: str,
    summary: str,
    count: Count,
) -> Review:
    review = Review.objects.filter(title=title).first()
    count("reviews", review is None)
    if review is None:
        review = services.review_create(
            actor=actor,
            subject_kind=kind,
            subject_id=subject_id,
            unit=unit,
            title=title,
            held_on=timezone.localdate() - timedelta(days=held_days_ago),
            facilitator=facilitator,
            participants=participants,
            confidentiality=confidentiality,
            summary=summary,
        )
    return review


def _box(moscow: Unit, people: dict[str, User], count: Count) -> None:
    """A full (so released) batch of anonymous criticism of the Moscow branch, one answered."""
    exists = CriticismBatch.objects.filter(unit=moscow).exists()
    count("criticism batches", not exists)
    if not exists:
        authors = [people["member"], people["organizer"], people["secretary"]]
        for index, (about, text) in enumerate(CRITICISM):
            services.criticism_submit(
                actor=authors[index % len(authors)],
                unit=moscow,
                about=about,
                text=f"{FICTIONAL} {text}",
            )
        # the demo's personas start the day with their daily allowance of the box intact
        today = timezone.localdate()
        cache.delete_many([services.rate_key(author, today) for author in authors])
    batch = next((b for b in CriticismBatch.objects.filter(unit=moscow) if b.is_released), None)
    if batch is None:
        return
    answered = CriticismAnswer.objects.filter(criticism__batch__unit=moscow).exists()
    count("criticism answers", not answered)
    if answered:
        return
    criticism = next(
        (c for c in batch.items.all() if "dates" in c.text), batch.items.order_by("id").first()
    )
    if criticism is not None:
        services.criticism_answer(
            actor=people["secretary"],
            criticism=criticism,
            summary=f"{FICTIONAL} Members say campaign dates are fixed without them.",
            text=f"{FICTIONAL} {ANSWER}",
        )


def load_reviews(admin: User, units: dict[str, Unit], count: Count) -> None:
    services.ensure_builtin_tendencies()
    people = _people()
    moscow = units["moscow"]
    secretary, organizer, member = people["secretary"], people["organizer"], people["member"]

    campaign = _campaign()
    if campaign is not None:
        subject_kind, subject_id = "campaign", int(campaign.pk)
        review_unit_id = int(getattr(campaign, "unit_id", moscow.pk))
    else:
        subject_kind, subject_id, review_unit_id = "unit", moscow.pk, moscow.pk
    allowed = set(services.unit_people(review_unit_id).values_list("id", flat=True))
    campaign_review = _review(
        title=CAMPAIGN_REVIEW,
        actor=admin,
        kind=subject_kind,
        subject_id=subject_id,
        unit=None,
        held_days_ago=20,
        facilitator=secretary,
        participants=[person for person in (organizer, member) if person.pk in allowed],
        confidentiality=Review.Confidentiality.UNIT,
        summary=f"{FICTIONAL} A month after the campaign started: wide support abroad, "
        "little reach among workers at home.",
        count=count,
    )
    if (
        campaign is not None
        and campaign_review.subject_type.model != "campaign"
        and review_unit_id == campaign_review.unit_id
    ):
        for review in (campaign_review, *campaign_review.follow_ups.all()):
            services.review_subject_set(
                actor=admin, review=review, subject_kind="campaign", subject_id=subject_id
            )
    _findings(campaign_review, CAMPAIGN_FINDINGS, people, admin, count)

    monthly = _review(
        title=MONTHLY_REVIEW,
        actor=admin,
        kind="unit",
        subject_id=moscow.pk,
        unit=None,
        held_days_ago=75,
        facilitator=organizer,
        participants=[member],
        confidentiality=Review.Confidentiality.UNIT,
        summary=f"{FICTIONAL} The branch's mass work in the spring.",
        count=count,
    )
    _findings(monthly, MONTHLY_FINDINGS, people, admin, count)

    self_criticism = Review.objects.filter(title=SELF_CRITICISM).first()
    count("reviews", self_criticism is None)
    if self_criticism is None:
        self_criticism = services.review_create(
            actor=member,
            subject_kind="self",
            subject_id=member.pk,
            unit=moscow,
            title=SELF_CRITICISM,
            held_on=timezone.localdate() - timedelta(days=10),
            facilitator=organizer,
            participants=[member],
            confidentiality=Review.Confidentiality.LEADERSHIP,
            summary=f"{FICTIONAL} Written by the member and discussed with the branch organizer.",
        )
    _findings(self_criticism, SELF_FINDINGS, people, organizer, count)

    follow_up = Review.objects.filter(title=FOLLOW_UP).first()
    count("reviews", follow_up is None)
    if follow_up is None:
        services.follow_up_schedule(
            actor=admin,
            review=campaign_review,
            held_on=timezone.localdate() + timedelta(days=70),
            title=FOLLOW_UP,
        )

    urals = units["urals"]
    for title, days_ago, findings in URALS_REVIEWS:
        review = _review(
            title=title,
            actor=admin,
            kind="unit",
            subject_id=urals.pk,
            unit=None,
            held_days_ago=days_ago,
            facilitator=people["urals"],
            participants=[],
            confidentiality=Review.Confidentiality.UNIT,
            summary=f"{FICTIONAL} The Urals branch looks back at its work.",
            count=count,
        )
        _findings(review, findings, people, admin, count)

    _overdue()
    _box(moscow, people, count)


def _overdue() -> None:
    """Backdate one open action so that the demo shows an overdue correction: the services
    refuse due dates in the past, as they should for real work."""
    description = "Post the next invitation at the canteen and the laundry"
    action = CorrectiveAction.objects.filter(
        description__startswith=description, status=Status.OPEN
    ).first()
    if action is not None and action.due_on >= timezone.localdate():
        CorrectiveAction.objects.filter(pk=action.pk).update(
            due_on=timezone.localdate() - timedelta(days=4)
        )
