from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from massline.fronts import signon, statements
from massline.fronts.models import Signature, Statement


def _row(statement, membership) -> Signature:
    return Signature.objects.select_related("statement").get(
        statement=statement, membership=membership
    )


def test_opening_gives_every_member_a_row_but_not_observers(fw):
    rows = Signature.objects.filter(statement=fw.open_statement)
    assert {r.membership_id for r in rows} == {fw.rmp_membership.pk, fw.mlpd_membership.pk}
    assert {r.decision for r in rows} == {"pending"}


@pytest.mark.parametrize("decision", ["sign", "decline", "abstain"])
def test_a_member_decides_through_its_link(fw, decision):
    token = statements.signon_token(_row(fw.open_statement, fw.mlpd_membership))
    signature, next_token = statements.signature_decide(token=token, decision=decision)
    assert signature.decision == decision
    assert next_token != token
    assert _row(fw.open_statement, fw.rmp_membership).decision == "pending"


def test_a_link_records_one_decision_and_the_next_link_changes_it(fw):
    token = statements.signon_token(_row(fw.open_statement, fw.mlpd_membership))
    _signature, next_token = statements.signature_decide(token=token, decision="decline")
    with pytest.raises(statements.SignOnRefused):
        statements.signature_decide(token=token, decision="sign")
    statements.signature_decide(token=next_token, decision="sign")
    assert _row(fw.open_statement, fw.mlpd_membership).decision == "sign"


def test_a_forged_token_is_refused(fw):
    row = _row(fw.open_statement, fw.rmp_membership)
    forged = signing.dumps(
        {"s": fw.open_statement.pk, "m": row.membership_id, "v": 0, "e": 2_000_000_000},
        salt="some other salt",
    )
    for token in (forged, "garbage", "x" * 1000, statements.signon_token(row) + "x"):
        with pytest.raises(statements.SignOnRefused):
            statements.signature_decide(token=token, decision="sign")
    assert _row(fw.open_statement, fw.rmp_membership).decision == "pending"


def test_another_organizations_token_cannot_sign_for_this_one(fw):
    mlpd_token = statements.signon_token(_row(fw.open_statement, fw.mlpd_membership))
    signature, _next = statements.signature_decide(token=mlpd_token, decision="sign")
    assert signature.membership_id == fw.mlpd_membership.pk
    assert _row(fw.open_statement, fw.rmp_membership).decision == "pending"
    # the membership in a link cannot be swapped without breaking the signature
    claim = signon.read_token(mlpd_token)
    assert claim is not None
    _head, _sep, rest = mlpd_token.partition(":")
    swapped = signing.b64_encode(
        signing.JSONSerializer().dumps(
            {"s": claim.statement_id, "m": fw.rmp_membership.pk, "v": 1, "e": claim.expires}
        )
    ).decode()
    with pytest.raises(statements.SignOnRefused):
        statements.signature_decide(token=f"{swapped}:{rest}", decision="sign")
    assert _row(fw.open_statement, fw.rmp_membership).decision == "pending"


def test_a_link_for_another_statement_does_not_reach_this_one(fw):
    token = statements.signon_token(_row(fw.open_statement, fw.mlpd_membership))
    with pytest.raises(statements.SignOnRefused):
        statements.signon_resolve(token=token, statement_slug=fw.published.slug)


def test_after_the_deadline_nothing_changes(fw, time_machine):
    token = statements.signon_token(_row(fw.open_statement, fw.mlpd_membership))
    time_machine.move_to(timezone.now() + timedelta(days=8))
    with pytest.raises(statements.SignOnRefused) as refused:
        statements.signature_decide(token=token, decision="sign")
    assert refused.value.status == 410
    assert _row(fw.open_statement, fw.mlpd_membership).decision == "pending"


def test_an_expired_link_is_refused_even_if_the_deadline_moved(fw, time_machine):
    token = statements.signon_token(_row(fw.open_statement, fw.mlpd_membership))
    statements.statement_extend(
        actor=fw.personas.organizer_a,
        statement=fw.open_statement,
        deadline=timezone.now() + timedelta(days=30),
    )
    time_machine.move_to(timezone.now() + timedelta(days=8))
    with pytest.raises(statements.SignOnRefused):
        statements.signature_decide(token=token, decision="sign")


def test_publication_waits_for_the_deadline(fw):
    with pytest.raises(ValidationError):
        statements.statement_publish(actor=fw.personas.organizer_a, statement=fw.open_statement)
    assert Statement.objects.get(pk=fw.open_statement.pk).status == "open"


def test_the_text_is_fixed_once_open(fw):
    with pytest.raises(ValidationError):
        statements.statement_update(
            actor=fw.personas.organizer_a,
            statement=fw.open_statement,
            texts={"en": ("Changed", "Changed")},
        )


def test_a_deadline_in_the_past_is_refused(fw):
    with pytest.raises(ValidationError):
        statements.statement_open(
            actor=fw.personas.organizer_a,
            statement=fw.draft,
            deadline=timezone.now() - timedelta(hours=1),
        )
    assert Statement.objects.get(pk=fw.draft.pk).status == "draft"


def test_links_are_mailed_to_representatives_without_an_answer(
    fw, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = statements.statement_send_links(
            actor=fw.personas.organizer_a, statement=fw.open_statement
        )
    assert sent == 2
    message = mailbox.wait_for(to="delegate.mlpd@example.org")
    assert reverse("fronts:sign", args=["x"]).rsplit("x/", 1)[0] in message.text
