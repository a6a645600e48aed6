"""The approval rule, the frozen text and sending."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from massline.letters import services
from massline.letters.models import Letter, LetterRecipient, LetterRevision, LetterVersion
from massline.letters.tests.world import build_letters_world, draft


@pytest.fixture
def world(personas):
    return build_letters_world(personas)


def test_a_letter_cannot_be_sent_before_it_is_approved(personas, world):
    letter = world.review_a
    with pytest.raises(ValidationError, match="approved"):
        services.letter_send(actor=personas.secretary, letter=letter)
    with pytest.raises(ValidationError, match="approved"):
        services.letter_mark_sent(
            actor=personas.secretary,
            letter=letter,
            via="post",
            sent_on=timezone.localdate(),
        )
    letter.refresh_from_db()
    assert letter.status == Letter.Status.REVIEW
    assert letter.sent_on is None


def test_an_organizer_cannot_approve(personas, world):
    with pytest.raises(PermissionDenied):
        services.letter_approve(actor=personas.organizer_a, letter=world.review_a)


def test_the_author_cannot_approve_their_own_letter_but_another_secretary_can(personas, world):
    letter = draft(personas, unit=personas.root, author=personas.secretary, orgs=[world.pmli])
    services.letter_submit(actor=personas.secretary, letter=letter)
    with pytest.raises(PermissionDenied):
        services.letter_approve(actor=personas.secretary, letter=letter)
    services.letter_approve(actor=personas.admin, letter=letter)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.APPROVED
    assert len(letter.approved_hash) == 64


def test_approved_text_cannot_be_changed_without_reopening(personas, world):
    letter = world.approved_root
    with pytest.raises(ValidationError, match="frozen"):
        services.version_save(
            actor=personas.secretary, letter=letter, language="ru", subject="x", body="changed"
        )
    with pytest.raises(ValidationError, match="frozen"):
        services.letter_update(actor=personas.secretary, letter=letter, subject="Other")
    assert "changed" not in LetterVersion.objects.get(letter=letter, language="ru").body


def test_reopening_is_recorded_and_needs_a_new_approval(personas, world):
    letter = world.approved_root
    with pytest.raises(ValidationError):
        services.letter_reopen(actor=personas.secretary, letter=letter, reason="  ")
    services.letter_reopen(actor=personas.secretary, letter=letter, reason="A typo in Italian")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT and letter.approved_hash == ""
    revision = LetterRevision.objects.filter(letter=letter, action="reopen").get()
    assert revision.data["reason"] == "A typo in Italian"
    assert revision.actor == personas.secretary
    services.version_save(
        actor=personas.secretary, letter=letter, language="it", subject="Saluti", body="Nuovo"
    )
    edit = LetterRevision.objects.filter(letter=letter, action="version").last()
    assert edit is not None and edit.data["after"]["body"] == "Nuovo"
    with pytest.raises(ValidationError):
        services.letter_send(actor=personas.secretary, letter=letter)


def test_sending_refuses_text_changed_behind_the_services_back(personas, world):
    letter = world.approved_root
    LetterVersion.objects.filter(letter=letter, language="it").update(body="Forged text")
    with pytest.raises(services.LetterTampered):
        services.letter_send(actor=personas.secretary, letter=letter)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.APPROVED


def test_delivery_refuses_text_changed_after_sending_was_queued(personas, world, mailbox):
    letter = world.approved_root
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.SENT)
    LetterVersion.objects.filter(letter=letter, language="ru").update(body="Forged")
    counts = services.letter_deliver(letter_id=letter.pk)
    assert counts == {"sent": 0, "failed": 1}
    assert mailbox.messages == []
    assert LetterRecipient.objects.get(letter=letter).delivery == LetterRecipient.Delivery.FAILED


def test_sending_mails_each_recipient_the_pdf_of_each_language(
    personas, world, mailbox, django_capture_on_commit_callbacks
):
    letter = world.approved_root
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_send(actor=personas.secretary, letter=letter)
    message = mailbox.wait_for(to="pmli@example.org")
    assert letter.register_number in message.subject
    files = message.attachments()
    assert sorted(name for name, _type, _data in files) == [
        f"letter-{letter.register_year}-{letter.register_seq:03d}-it.pdf",
        f"letter-{letter.register_year}-{letter.register_seq:03d}-ru.pdf",
    ]
    assert all(data.startswith(b"%PDF-") for _n, _t, data in files)
    assert "Дорогие товарищи" in message.text
    recipient = LetterRecipient.objects.get(letter=letter)
    assert recipient.delivery == LetterRecipient.Delivery.SENT
    assert recipient.delivered_at is not None


def test_a_recipient_gets_only_the_languages_asked_for(
    personas, world, mailbox, django_capture_on_commit_callbacks
):
    letter = world.approved_root
    services.letter_reopen(actor=personas.secretary, letter=letter, reason="languages")
    services.letter_update(
        actor=personas.secretary,
        letter=letter,
        recipients=[services.RecipientSpec(world.pmli, "pmli@example.org", "it")],
    )
    services.letter_submit(actor=personas.secretary, letter=letter)
    services.letter_approve(actor=personas.admin, letter=letter)
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_send(actor=personas.secretary, letter=letter)
    files = mailbox.wait_for(to="pmli@example.org").attachments()
    assert [name[-6:] for name, _t, _d in files] == ["it.pdf"]


def test_marking_sent_by_post_records_the_date(personas, world):
    letter = world.approved_root
    today = timezone.localdate()
    services.letter_mark_sent(actor=personas.secretary, letter=letter, via="post", sent_on=today)
    letter.refresh_from_db()
    assert (letter.status, letter.sent_via, letter.sent_on) == ("sent", "post", today)
    assert LetterRecipient.objects.get(letter=letter).delivery == "post"


def test_a_reply_received_acknowledges_the_letter(personas, world):
    letter = world.approved_root
    services.letter_mark_sent(
        actor=personas.secretary, letter=letter, via="email", sent_on=timezone.localdate()
    )
    reply = services.inbound_register(
        actor=personas.secretary,
        unit=personas.root,
        sender=world.pmli,
        kind=Letter.Kind.REPLY,
        subject="Re: greetings",
        received_on=timezone.localdate(),
        language="it",
        body="Grazie.",
        in_reply_to=letter,
    )
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ACKNOWLEDGED
    assert list(letter.replies.all()) == [reply]


def test_only_secretaries_publish_and_only_approved_letters(personas, world):
    with pytest.raises(ValidationError):
        services.letter_publish(actor=personas.secretary, letter=world.review_a, languages=["ru"])
    with pytest.raises(PermissionDenied):
        services.letter_publish(
            actor=personas.organizer_a, letter=world.approved_root, languages=["ru"]
        )
    services.letter_publish(
        actor=personas.secretary, letter=world.approved_root, languages=["ru", "it"]
    )
    assert LetterVersion.objects.filter(published_at__isnull=False).count() == 2
    services.letter_unpublish(
        actor=personas.secretary, letter=world.approved_root, languages=["it"]
    )
    assert LetterVersion.objects.filter(published_at__isnull=False).count() == 1


def test_every_change_is_in_the_revision_history(personas, world):
    actions = list(
        LetterRevision.objects.filter(letter=world.approved_root).values_list("action", flat=True)
    )
    assert actions == ["create", "version", "submit", "approve", "publish"]
