"""Bad input: script in every text field is escaped everywhere; malformed uploads are refused
with a clear message and nothing is written."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from massline.letters import services
from massline.letters.models import Letter, LetterVersion
from massline.letters.pdf import letterhead_html
from massline.letters.tests.world import MINIMAL_PDF, build_letters_world

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def world(personas):
    return build_letters_world(personas)


@pytest.fixture
def hostile(personas, world):
    """An approved, published letter of the root unit with script in every text field."""
    letter = services.letter_create(
        actor=personas.secretary,
        unit=personas.root,
        kind=Letter.Kind.SOLIDARITY,
        subject=f"Subject {SCRIPT}",
        signatories=f"Committee {SCRIPT}",
        place=f"Place {SCRIPT}",
        recipients=[services.RecipientSpec(world.pmli, "pmli@example.org", "")],
        language="ru",
        body=f"Body {SCRIPT}",
    )
    services.version_save(
        actor=personas.secretary,
        letter=letter,
        language="it",
        subject=f"Oggetto {SCRIPT}",
        body=f"Testo {SCRIPT}",
        translator=f"Translator {SCRIPT}",
    )
    services.letter_submit(actor=personas.secretary, letter=letter)
    services.comment_add(actor=personas.admin, letter=letter, body=f"Comment {SCRIPT}")
    services.letter_approve(actor=personas.admin, letter=letter)
    services.letter_publish(actor=personas.secretary, letter=letter, languages=["ru", "it"])
    return letter


def _assert_escaped(content: bytes) -> None:
    text = content.decode()
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert" in text


def test_script_is_escaped_on_the_letter_page(personas, hostile):
    response = personas.client("secretary").get(reverse("letters:letter_detail", args=[hostile.pk]))
    assert response.status_code == 200
    _assert_escaped(response.content)


def test_script_is_escaped_in_the_register_and_its_search(personas, hostile):
    client = personas.client("secretary")
    _assert_escaped(client.get(reverse("letters:letter_list")).content)
    _assert_escaped(client.get(reverse("letters:letter_list"), {"q": "Testo"}).content)


def test_script_is_escaped_on_the_public_pages_and_in_the_feeds(client, hostile):
    for language in ("ru", "it"):
        page = client.get(
            reverse(
                "letters:public_letter",
                args=[hostile.register_year, hostile.register_seq, language],
            )
        )
        assert page.status_code == 200
        _assert_escaped(page.content)
        _assert_escaped(client.get(reverse("letters:public_list", args=[language])).content)
        for feed in ("letters:feed_atom", "letters:feed_rss"):
            content = client.get(reverse(feed, args=[language])).content
            assert b"<script>" not in content
            assert b"&lt;script&gt;" in content


def test_script_is_escaped_in_the_html_of_the_letterhead(personas, hostile):
    for version in hostile.versions.all():
        html = letterhead_html(hostile, version)
        assert "<script>alert" not in html
        assert html.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;") >= 3


def test_the_pdf_is_made_without_loading_anything(personas, hostile):
    response = personas.client("secretary").get(
        reverse("letters:letter_pdf", args=[hostile.pk, "ru"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def _inbound(personas, world, pdf: bytes | None, body: str = ""):
    return services.inbound_register(
        actor=personas.organizer_a,
        unit=personas.unit_a,
        sender=world.mlpd,
        kind=Letter.Kind.SOLIDARITY,
        subject="Solidarität",
        received_on=timezone.localdate(),
        language="de",
        body=body,
        pdf=pdf,
        pdf_name="brief.pdf",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"GIF89a not a pdf at all", "not a PDF"),
        (b"%PDF-1.4 but cut off without its end", "not a PDF"),
    ],
)
def test_a_malformed_upload_is_refused_and_nothing_is_written(personas, world, data, message):
    before = (Letter.objects.count(), LetterVersion.objects.count())
    with pytest.raises(ValidationError, match=message):
        _inbound(personas, world, data, body="Liebe Genossen")
    assert (Letter.objects.count(), LetterVersion.objects.count()) == before


def test_an_oversized_upload_is_refused(personas, world, settings):
    settings.LETTERS_UPLOAD_MAX_BYTES = 2048
    big = b"%PDF-1.4\n" + b"0" * 4096 + b"\n%%EOF\n"
    count = Letter.objects.count()
    with pytest.raises(ValidationError, match="larger"):
        _inbound(personas, world, big)
    assert Letter.objects.count() == count


def test_the_upload_form_says_what_is_wrong(personas, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    count = Letter.objects.count()
    response = personas.client("organizer_a").post(
        reverse("letters:inbound_create"),
        {
            "unit": personas.unit_a.pk,
            "sender": world.mlpd.pk,
            "kind": "solidarity",
            "subject": "Solidarität",
            "received_on": timezone.localdate().isoformat(),
            "language": "de",
            "pdf": SimpleUploadedFile("brief.pdf", b"MZ\x90\x00 an executable", "application/pdf"),
        },
    )
    assert response.status_code == 400
    assert "This file is not a PDF." in response.content.decode()
    assert Letter.objects.count() == count


def test_a_pdf_is_stored_encrypted_and_comes_back_intact(personas, world):
    letter = _inbound(personas, world, MINIMAL_PDF)
    attachment = Letter.objects.get(pk=letter.pk).attachment
    assert attachment is not None
    stored = bytes(attachment)
    assert MINIMAL_PDF not in stored and b"%PDF" not in stored
    response = personas.client("organizer_a").get(
        reverse("letters:letter_attachment", args=[letter.pk])
    )
    assert response.content == MINIMAL_PDF


def test_a_letter_received_needs_text_or_a_pdf(personas, world):
    with pytest.raises(ValidationError, match="Paste the text"):
        _inbound(personas, world, None)


def test_a_date_received_in_the_future_is_refused(personas, world):
    response = personas.client("organizer_a").post(
        reverse("letters:inbound_create"),
        {
            "unit": personas.unit_a.pk,
            "sender": world.mlpd.pk,
            "kind": "solidarity",
            "subject": "Solidarität",
            "received_on": "2999-01-01",
            "language": "de",
            "body": "Liebe Genossen",
        },
    )
    assert response.status_code == 400
    assert "This date lies in the future." in response.content.decode()


def test_an_unknown_recipient_is_named_in_the_error(personas, world):
    count = Letter.objects.count()
    response = personas.client("organizer_a").post(
        reverse("letters:letter_create"),
        {
            "unit": personas.unit_a.pk,
            "kind": "greeting",
            "subject": "Greetings",
            "recipients": "NOSUCHPARTY nobody@example.org",
            "language": "ru",
            "body": "Товарищи!",
        },
    )
    assert response.status_code == 400
    assert "NOSUCHPARTY: no such organization in the directory." in response.content.decode()
    assert Letter.objects.count() == count


def test_overlong_text_is_refused_through_the_api(personas, world):
    from massline.accounts.services import api_token_create

    _token, secret = api_token_create(user=personas.organizer_a, name="t", scope="write")
    response = personas.client("anonymous").put(
        f"/api/v1/letters/{world.draft_a.pk}/versions/it",
        data={"subject": "x", "body": "x" * 60_000},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 422
    assert not world.draft_a.versions.filter(language="it").exists()
