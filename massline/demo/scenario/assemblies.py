"""The demo's assembly: the united front's first conference, with delegates, an agenda, a
motion whose amendment was adopted and merged, and closed votes.

Looks the front (`anti-imperialist-antifascist-united-front`) and the conference event
(`united-front-first-conference`) up by slug and does nothing when either is missing. All
texts are fictional examples and say so. Idempotent: an existing assembly of that front at
that event is left as it is.
"""

from collections.abc import Callable
from datetime import timedelta

from massline.accounts.models import User
from massline.demo.scenario.data import FICTIONAL
from massline.events.models import Event
from massline.fronts.assemblies.models import Assembly, Delegate, Vote
from massline.fronts.assemblies.services import assemblies as setup
from massline.fronts.assemblies.services import motions, voting
from massline.fronts.models import Front, FrontMembership

FRONT_SLUG = "anti-imperialist-antifascist-united-front"
EVENT_SLUG = "united-front-first-conference"
TITLE = "First conference of the front"
# Personas who stand in as delegates of member organizations that have no representative
# account in the demo.
STAND_INS = ("secretary@example.org", "moscow.organizer@example.org", "urals.organizer@example.org")

MOTION_TITLE = "For a common week of action against war and fascism"
MOTION_TEXT = "\n".join(
    [
        f"{FICTIONAL} The conference notes the rise of far-right violence in several countries.",
        "It notes that the member organizations act alone and rarely together.",
        "It resolves to hold a common week of action every year in May.",
        "Each member organization chooses its own forms of action.",
        "The secretariat publishes a joint call one month before.",
    ]
)
AMENDMENT_TEXT = f"{FICTIONAL} It resolves to hold a common week of action every year in September."


def _delegates(admin: User, assembly: Assembly) -> list[Delegate]:
    from massline.fronts.models import Representative
    from massline.fronts.selectors import represented_memberships

    members = list(
        FrontMembership.objects.filter(
            front=assembly.front, status=FrontMembership.Status.MEMBER
        ).order_by("pk")
    )
    if not members:
        return []
    chosen: dict[int, User] = {}  # membership id -> user
    used: set[int] = set()
    persona = User.objects.filter(email__iexact="delegate@example.org").first()
    if persona is not None:
        own = represented_memberships(user=persona, front=assembly.front).first()
        target = own if own is not None and own in members else members[0]
        chosen[target.pk] = persona
        used.add(persona.pk)
    for representative in Representative.objects.filter(
        membership__in=members, user__isnull=False, ended_at__isnull=True
    ).order_by("pk"):
        if representative.membership_id not in chosen and representative.user_id not in used:
            assert representative.user is not None
            chosen[representative.membership_id] = representative.user
            used.add(representative.user.pk)
    stand_ins = [u for u in User.objects.filter(email__in=STAND_INS) if u.pk not in used]
    for membership in members:
        if membership.pk not in chosen and stand_ins:
            chosen[membership.pk] = stand_ins.pop(0)
    by_pk = {m.pk: m for m in members}
    delegates = []
    for membership_id, user in chosen.items():
        delegate = setup.delegate_add(
            actor=admin, assembly=assembly, membership=by_pk[membership_id], user=user
        )
        setup.delegate_accredit(actor=admin, delegate=delegate, accredited=True)
        delegates.append(delegate)
    return delegates


def load_assemblies(admin: User, count: Callable[[str, bool], None]) -> None:
    front = Front.objects.filter(slug=FRONT_SLUG).first()
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    if front is None or event is None:
        return
    existing = Assembly.objects.filter(front=front, event=event).first()
    count("assemblies", existing is None)
    if existing is not None:
        return
    assembly = setup.assembly_create(
        actor=admin,
        front=front,
        event=event,
        title=TITLE,
        motion_deadline=event.starts_at - timedelta(days=7),
        amendment_deadline=event.starts_at,
        min_supporters=2,
        speaking_seconds=180,
    )
    delegates = _delegates(admin, assembly)
    items = [
        setup.agenda_item_add(actor=admin, assembly=assembly, title=title)
        for title in (
            "Opening, accreditation and agenda",
            "Common week of action",
            "Election of the secretariat",
        )
    ]
    setup.agenda_item_open(actor=admin, item=items[1])
    if not delegates:
        return
    first = delegates[0]
    motion = motions.motion_submit(
        actor=admin,
        assembly=assembly,
        title=f"{MOTION_TITLE} {FICTIONAL}",
        text=MOTION_TEXT,
        reason=f"{FICTIONAL} A week in common makes each organization's action visible.",
        organization=first.membership,
        agenda_item=items[1],
    )
    count("motions", True)
    amendment = motions.amendment_submit(
        actor=admin,
        motion=motion,
        kind="replace",
        first_line=3,
        last_line=3,
        new_text=AMENDMENT_TEXT,
        reason=f"{FICTIONAL} May is already full of each organization's own dates.",
        organization=delegates[-1].membership,
    )
    for delegate in delegates[:3]:
        setup.speaker_request(actor=delegate.user, item=items[1])

    def decide(vote: Vote, answers: list[str]) -> None:
        voting.vote_open(actor=admin, vote=vote)
        roles = {o.role: o.pk for o in vote.options.all()}
        for delegate, answer in zip(delegates, answers, strict=False):
            voting.vote_cast(actor=delegate.user, vote=vote, choices=[roles[answer]])
        voting.vote_close(actor=admin, vote=vote)
        count("votes", True)

    pattern = ["yes", "yes", "no", "yes", "abstain", "yes"]
    decide(
        voting.vote_create(
            actor=admin,
            assembly=assembly,
            title=f"Amendment A{amendment.number} to M{motion.number}",
            amendment=amendment,
        ),
        pattern,
    )
    decide(
        voting.vote_create(
            actor=admin,
            assembly=assembly,
            title=f"Adopt M{motion.number} as amended",
            motion=motion,
            secret=True,
        ),
        ["yes", "yes", "yes", "abstain", "yes", "no"],
    )
