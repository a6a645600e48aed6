from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from massline.audit.models import AuditEntry
from massline.fronts import access, services
from massline.fronts.models import FrontMembership, MembershipApplication, Representative
from massline.fronts.selectors import represented_memberships, voting_memberships


def test_each_decision_is_kept_in_the_history_with_who_decided_and_why(fw):
    today = timezone.localdate()
    services.membership_decide(
        actor=fw.personas.organizer_a,
        membership=fw.mlpd_membership,
        status="suspended",
        decided_on=today - timedelta(days=2),
        reason="Dues unpaid for a year",
    )
    services.membership_decide(
        actor=fw.personas.secretary,
        membership=fw.mlpd_membership,
        status="member",
        decided_on=today,
        reason="Dues paid",
    )
    fw.mlpd_membership.refresh_from_db()
    assert fw.mlpd_membership.status == "member"
    history = list(fw.mlpd_membership.decisions.order_by("decided_on", "id"))
    assert [(d.status, d.reason, d.decided_by) for d in history] == [
        ("member", "", fw.personas.organizer_a),
        ("suspended", "Dues unpaid for a year", fw.personas.organizer_a),
        ("member", "Dues paid", fw.personas.secretary),
    ]
    assert AuditEntry.objects.filter(action="front.membership.decide").count() == 2


def test_a_suspended_member_does_not_vote_and_weights_follow_the_rules(fw):
    rows = voting_memberships(front=fw.front)
    weights = {m.organization.short_name: m.vote_weight for m in rows}  # type: ignore[attr-defined]
    assert weights == {"RMP": 2, "MLPD": 1}
    services.membership_decide(
        actor=fw.personas.organizer_a,
        membership=fw.rmp_membership,
        status="suspended",
        decided_on=timezone.localdate(),
    )
    assert [m.organization.short_name for m in voting_memberships(front=fw.front)] == ["MLPD"]


def test_only_coordinators_decide_on_memberships(fw):
    for user in (fw.personas.organizer_b, fw.personas.member_a, fw.delegate):
        with pytest.raises(PermissionDenied):
            services.membership_decide(
                actor=user,
                membership=fw.mlpd_membership,
                status="left",
                decided_on=timezone.localdate(),
            )
    fw.mlpd_membership.refresh_from_db()
    assert fw.mlpd_membership.status == "member"


def test_a_decision_in_the_future_or_of_an_unknown_kind_is_refused(fw):
    for status, day in (("member", timezone.localdate() + timedelta(days=1)), ("boss", None)):
        with pytest.raises(ValidationError):
            services.membership_decide(
                actor=fw.personas.organizer_a,
                membership=fw.mlpd_membership,
                status=status,
                decided_on=day or timezone.localdate(),
            )
    assert fw.mlpd_membership.decisions.count() == 1


def test_an_application_for_a_proposed_organization_needs_a_directory_record_to_accept(fw):
    with pytest.raises(ValidationError) as error:
        services.application_decide(
            actor=fw.personas.organizer_a,
            application=fw.application,
            status="member",
            decided_on=timezone.localdate(),
        )
    assert "organization" in error.value.message_dict
    fw.application.refresh_from_db()
    assert fw.application.status == "pending"
    services.application_decide(
        actor=fw.personas.organizer_a,
        application=fw.application,
        status="observer",
        decided_on=timezone.localdate(),
        reason="Welcome as observers first",
        organization=fw.outsider,
    )
    fw.application.refresh_from_db()
    membership = fw.application.membership
    assert fw.application.status == MembershipApplication.Status.ACCEPTED
    assert membership is not None and membership.status == "observer"
    assert membership.decisions.get().reason == "Welcome as observers first"
    representative = membership.representatives.get()
    assert (representative.display_name, representative.email) == ("Marta", "marta@example.org")


def test_an_application_is_decided_once(fw):
    services.application_decide(
        actor=fw.personas.organizer_a,
        application=fw.application,
        status="rejected",
        decided_on=timezone.localdate(),
        reason="Not active",
    )
    with pytest.raises(ValidationError):
        services.application_decide(
            actor=fw.personas.organizer_a,
            application=fw.application,
            status="member",
            decided_on=timezone.localdate(),
            organization=fw.outsider,
        )
    fw.application.refresh_from_db()
    assert fw.application.status == "rejected"


def test_representative_name_and_email_are_encrypted_at_rest(fw):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT display_name, email FROM fronts_representative WHERE id = %s",
            [fw.pending_rep.pk],
        )
        name, email = cursor.fetchone()
        cursor.execute(
            "SELECT representative_name, representative_email FROM fronts_membershipapplication"
        )
        application_row = cursor.fetchone()
    assert "Anna" not in name and "anna.rmp" not in email
    assert "Marta" not in application_row[0] and "marta" not in application_row[1]


def test_a_representative_account_holds_no_role_and_sees_only_its_front(fw):
    assert not fw.delegate.memberships.exists()
    assert access.can_see_front(fw.delegate, fw.front)
    assert not access.can_see_front(fw.delegate, fw.other_front)
    assert list(represented_memberships(user=fw.delegate, front=fw.front)) == [fw.mlpd_membership]


def test_an_ended_representation_loses_sight_of_the_front(fw):
    services.representative_end(actor=fw.personas.organizer_a, representative=fw.delegate_rep)
    fw.delegate.refresh_from_db()
    assert not access.can_see_front(fw.delegate, fw.front)
    assert not represented_memberships(user=fw.delegate, front=fw.front).exists()


def test_an_invitation_link_creates_the_account_once(fw):
    token = services.representative_invite(
        actor=fw.personas.organizer_a, representative=fw.pending_rep
    )
    assert services.representative_find(token=token) == fw.pending_rep
    user = services.representative_accept(
        token=token, password="a long passphrase 42", display_name="Anna"
    )
    assert user.email == "anna.rmp@example.org"
    with pytest.raises(ValidationError):
        services.representative_accept(
            token=token, password="a long passphrase 42", display_name="X"
        )
    assert Representative.objects.get(pk=fw.pending_rep.pk).user == user


def test_a_new_invitation_link_replaces_the_earlier_one(fw):
    first = services.representative_invite(
        actor=fw.personas.organizer_a, representative=fw.pending_rep
    )
    services.representative_invite(actor=fw.personas.organizer_a, representative=fw.pending_rep)
    assert services.representative_find(token=first) is None


def test_an_expired_invitation_link_is_refused(fw, time_machine):
    token = services.representative_invite(
        actor=fw.personas.organizer_a, representative=fw.pending_rep
    )
    time_machine.move_to(timezone.now() + timedelta(days=400))
    assert services.representative_find(token=token) is None


def test_an_organization_joins_a_front_once(fw):
    with pytest.raises(ValidationError):
        services.membership_add(
            actor=fw.personas.organizer_a,
            front=fw.front,
            organization=fw.rmp,
            status="member",
            decided_on=timezone.localdate(),
        )
    assert FrontMembership.objects.filter(front=fw.front, organization=fw.rmp).count() == 1
