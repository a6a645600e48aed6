from massline.directory.tests.factories import OrganizationFactory
from massline.fronts.models import Front, FrontMembership, Representative
from massline.fronts.selectors import represented_memberships, voting_memberships

ADMIN: list = []


def make_front(personas, weighting=Front.Weighting.EQUAL) -> Front:
    ADMIN[:] = [personas.admin]
    return Front.objects.create(
        slug="test-front",
        name="Test front",
        short_name="TF",
        unit=personas.root,
        weighting=weighting,
    )


def member(front, status, weight=1) -> FrontMembership:
    org = OrganizationFactory.create(actor=ADMIN[0])
    return FrontMembership.objects.create(
        front=front, organization=org, status=status, weight=weight
    )


def test_only_members_vote_with_their_weight_when_the_front_weighs(personas):
    front = make_front(personas, Front.Weighting.WEIGHTED)
    voter = member(front, FrontMembership.Status.MEMBER, weight=3)
    member(front, FrontMembership.Status.OBSERVER)
    member(front, FrontMembership.Status.SUSPENDED)
    rows = list(voting_memberships(front=front))
    weights = [(m.pk, m.vote_weight) for m in rows]  # type: ignore[attr-defined]
    assert weights == [(voter.pk, 3)]


def test_every_member_weighs_one_under_one_organization_one_vote(personas):
    front = make_front(personas)
    member(front, FrontMembership.Status.MEMBER, weight=5)
    rows = list(voting_memberships(front=front))
    assert [m.vote_weight for m in rows] == [1]  # type: ignore[attr-defined]


def test_a_user_represents_only_the_memberships_they_hold_actively(personas):
    front = make_front(personas)
    mine = member(front, FrontMembership.Status.MEMBER)
    ended = member(front, FrontMembership.Status.MEMBER)
    member(front, FrontMembership.Status.MEMBER)
    Representative.objects.create(membership=mine, user=personas.guest, display_name="G")
    from django.utils import timezone

    Representative.objects.create(
        membership=ended, user=personas.guest, display_name="G", ended_at=timezone.now()
    )
    assert list(represented_memberships(user=personas.guest, front=front)) == [mine]
    assert list(represented_memberships(user=personas.member_a, front=front)) == []
