"""Bad input gets a clear error and changes nothing; user text is escaped on every page."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from massline.campaigns import images, services
from massline.campaigns.models import Action, Endorsement, LetterTemplate, Visibility
from massline.campaigns.tests.world import case_of, jpeg_with_gps, make_campaign

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><b onmouseover=1>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"

GOOD = {
    "organization_name": "Solidarity Group (fictional)",
    "country": "DE",
    "representative_name": "Karl",
    "contact_email": "karl@example.org",
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"organization_name": ""}, "This field is required."),
        ({"representative_name": ""}, "This field is required."),
        ({"contact_email": ""}, "This field is required."),
        ({"contact_email": "not-an-address"}, "Enter a valid email address."),
        ({"contact_email": "a@b@c.org"}, "Enter a valid email address."),
        ({"organization_name": "x" * 201}, "at most 200 characters"),
        ({"statement": "x" * 3001}, "at most 3000 characters"),
        ({"country": "XX"}, "Select a valid choice."),
        ({"website": "http://spam.example"}, "Leave this field empty."),
    ],
)
def test_a_bad_endorsement_is_refused_with_a_message(personas, client, changes, message):
    campaign = make_campaign(personas)
    response = client.post(f"/campaigns/{campaign.slug}/endorse/", {**GOOD, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Endorsement.objects.exists()


def test_the_service_refuses_a_bad_email_too(personas):
    from django.core.exceptions import ValidationError

    campaign = make_campaign(personas)
    with pytest.raises(ValidationError):
        services.endorsement_submit(campaign=campaign, **{**GOOD, "contact_email": "nope"})
    with pytest.raises(ValidationError):
        services.endorsement_submit(campaign=campaign, **{**GOOD, "organization_name": "y" * 300})
    assert not Endorsement.objects.exists()


def _fill_with_script(personas):
    campaign = make_campaign(personas)
    actor = personas.organizer_a
    services.campaign_update(
        actor=actor,
        campaign=campaign,
        title=f"Title {XSS}",
        summary=f"Summary {XSS}",
        body=f"Body {XSS}",
        goals=f"Goal {XSS}",
        letter_guidance=f"Guidance {XSS}",
    )
    services.campaign_text_set(
        actor=actor,
        campaign=campaign,
        language="ru",
        title=f"Заголовок {XSS}",
        summary=f"Кратко {XSS}",
        body=f"Текст {XSS}",
        goals=f"Цель {XSS}",
        letter_guidance=f"Письма {XSS}",
    )
    case = case_of(campaign)
    services.case_set(
        actor=actor,
        campaign=campaign,
        **{
            name: f"{name} {XSS}"[:200]
            for name in services.CASE_FIELDS
            if not name.endswith("_visibility")
        },
        **{
            f"{name}_visibility": Visibility.PUBLIC
            for name in ("detention_address", "case_numbers")
        },
    )
    services.hearing_create(
        actor=actor,
        case=case,
        held_on=date(2024, 1, 1),
        court=f"Court {XSS}",
        description=f"Desc {XSS}",
        outcome=f"Outcome {XSS}",
        visibility=Visibility.PUBLIC,
    )
    services.transfer_create(
        actor=actor,
        case=case,
        moved_on=date(2024, 2, 1),
        place=f"Place {XSS}",
        note=f"Note {XSS}",
        visibility=Visibility.PUBLIC,
    )
    services.news_create(
        actor=actor, campaign=campaign, language="en", title=f"News {XSS}", body=f"Story {XSS}"
    )
    services.news_create(
        actor=actor, campaign=campaign, language="ru", title=f"Новость {XSS}", body=XSS
    )
    services.letter_template_create(
        actor=actor, campaign=campaign, language="en", title=f"Tpl {XSS}", body=f"Dear {XSS}"
    )
    services.letter_log(
        actor=actor,
        campaign=campaign,
        sender_alias=f"Alias {XSS}",
        language="en",
        note=f"Note {XSS}",
    )
    endorsement = services.endorsement_submit(
        campaign=campaign,
        organization_name=f"Org {XSS}"[:200],
        country="IT",
        representative_name=f"Rep {XSS}",
        contact_email="rep@example.org",
        statement=f"Statement {XSS}",
    )
    services.endorsement_decide(actor=actor, endorsement=endorsement, approve=True)
    action = services.action_create(
        actor=actor,
        campaign=campaign,
        kind=Action.Kind.PICKET,
        held_on=date(2024, 3, 1),
        city=f"City {XSS}",
        country="IT",
        place=f"Square {XSS}",
        group_name=f"Group {XSS}",
        description=f"Desc {XSS}",
    )
    return campaign, endorsement, action


def test_html_in_every_text_field_is_escaped_on_every_page(personas):
    campaign, endorsement, action = _fill_with_script(personas)
    coordinator = personas.client("organizer_a")
    pages = {
        "anonymous": [
            f"/campaigns/{campaign.slug}/",
            f"/campaigns/{campaign.slug}/?lang=ru",
            f"/campaigns/{campaign.slug}/endorse/",
            f"/campaigns/{campaign.slug}/endorse/thanks/",
            f"/campaigns/{campaign.slug}/actions/report/",
        ],
        "organizer_a": [
            "/campaigns/",
            f"/campaigns/{campaign.slug}/case/",
            f"/campaigns/manage/{campaign.pk}/",
            f"/campaigns/manage/{campaign.pk}/edit/",
            f"/campaigns/manage/{campaign.pk}/case/",
            f"/campaigns/manage/{campaign.pk}/texts/ru/",
            f"/campaigns/manage/{campaign.pk}/endorsements/",
            f"/campaigns/manage/{campaign.pk}/endorsements/{endorsement.pk}/",
            f"/campaigns/manage/{campaign.pk}/letters/",
            f"/campaigns/manage/{campaign.pk}/actions/",
            f"/campaigns/manage/{campaign.pk}/actions/{action.pk}/",
        ],
    }
    checked = 0
    for persona, urls in pages.items():
        client = coordinator if persona == "organizer_a" else personas.client(persona)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert "<script>alert" not in html, url
            assert "<b onmouseover" not in html, url
            checked += html.count("&lt;script&gt;alert")
    assert checked > 40


def test_html_is_escaped_in_the_api_as_plain_json(personas, client):
    from massline.accounts.services import api_token_create

    campaign, _endorsement, _action = _fill_with_script(personas)
    _t, secret = api_token_create(user=personas.organizer_a, name="t", scope="read")
    body = client.get(
        f"/api/v1/campaigns/{campaign.pk}/case", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert body["Content-Type"].startswith("application/json")
    assert any(XSS in hearing["court"] for hearing in body.json()["hearings"])


def _png_bytes() -> bytes:
    out = BytesIO()
    Image.new("RGB", (30, 30), (0, 128, 0)).save(out, format="PNG")
    return out.getvalue()


def test_a_non_image_uploaded_as_photo_is_refused(personas):
    campaign = make_campaign(personas)
    url = f"/campaigns/manage/{campaign.pk}/case/"
    data = {
        "person_name": "Anna Example",
        **{
            f"{name}_visibility": "public"
            for name in (
                "person_name",
                "about",
                "photo",
                "charges",
                "case_numbers",
                "sentence",
                "detention_place",
                "detention_address",
                "mail_rules",
            )
        },
        "photo_upload": SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", "image/jpeg"),
    }
    response = personas.client("organizer_a").post(url, data)
    assert response.status_code == 400
    assert "not an image we can read" in response.content.decode()
    assert case_of(campaign).photo is None


def test_an_svg_is_not_taken_as_a_photo():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        images.clean_photo(svg)


def test_an_oversized_upload_is_refused(personas):
    campaign = make_campaign(personas)
    url = f"/campaigns/manage/{campaign.pk}/case/"
    big = SimpleUploadedFile(
        "big.jpg", b"\xff\xd8" + b"0" * (images.MAX_UPLOAD_BYTES + 10), "image/jpeg"
    )
    data = {
        "person_name": "Anna Example",
        **{
            f"{name}_visibility": "public"
            for name in (
                "person_name",
                "about",
                "photo",
                "charges",
                "case_numbers",
                "sentence",
                "detention_place",
                "detention_address",
                "mail_rules",
            )
        },
        "photo_upload": big,
    }
    response = personas.client("organizer_a").post(url, data)
    assert response.status_code == 400
    assert "too large" in response.content.decode()


def test_a_photo_loses_its_exif_and_gps_and_is_bounded(personas, client):
    original = jpeg_with_gps(size=(3000, 1500))
    with Image.open(BytesIO(original)) as probe:
        assert probe.getexif().get(0x8825)  # the test image does carry GPS
    campaign = make_campaign(personas)
    services.case_photo_set(actor=personas.organizer_a, case=case_of(campaign), upload=original)
    served = client.get(f"/campaigns/{campaign.slug}/photo.jpg")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    with Image.open(BytesIO(served.content)) as image:
        assert not image.getexif()
        assert "exif" not in image.info
        assert max(image.size) <= images.MAX_SIDE
    assert b"PhoneMaker" not in served.content


def test_a_public_action_report_with_a_broken_photo_stores_nothing(personas, client):
    campaign = make_campaign(personas)
    response = client.post(
        f"/campaigns/{campaign.slug}/actions/report/",
        {
            "kind": "picket",
            "held_on": "2024-03-01",
            "city": "Roma",
            "country": "IT",
            "group_name": "Group",
            "photo_upload": SimpleUploadedFile("x.png", b"GIF89a broken", "image/png"),
        },
    )
    assert response.status_code == 400
    assert not Action.objects.exists()


def test_a_template_without_a_body_is_refused_and_nothing_is_stored(personas):
    campaign = make_campaign(personas)
    response = personas.client("organizer_a").post(
        f"/campaigns/manage/{campaign.pk}/templates/new/",
        {"language": "en", "title": "Empty", "body": ""},
    )
    assert response.status_code == 400
    assert not LetterTemplate.objects.exists()


def test_a_reserved_or_taken_address_is_refused(personas):
    make_campaign(personas)
    client = personas.client("organizer_a")
    for slug, message in [("manage", "reserved"), ("free-anna", "already uses")]:
        response = client.post(
            "/campaigns/new/",
            {
                "title": "T",
                "slug": slug,
                "kind": "release",
                "status": "draft",
                "language": "en",
                "unit": personas.unit_a.pk,
            },
        )
        assert response.status_code == 400
        assert message in response.content.decode()


def test_the_api_refuses_bad_action_input(personas, client):
    from massline.accounts.services import api_token_create

    campaign = make_campaign(personas)
    _t, secret = api_token_create(user=personas.organizer_a, name="t", scope="write")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    url = f"/api/v1/campaigns/{campaign.pk}/actions"
    base = {
        "kind": "picket",
        "held_on": "2024-03-01",
        "city": "Roma",
        "country": "IT",
        "group_name": "G",
    }
    for bad in [
        {**base, "kind": "riot"},
        {**base, "held_on": "1 March"},
        {**base, "city": ""},
        {**base, "city": "x" * 121},
        {**base, "country": "ZZ"},
        {**base, "turnout": -1},
        {**base, "group_name": ""},
        {**base, "link": "javascript:alert(1)"},
        {**base, "unexpected": 1},
    ]:
        response = client.post(url, bad, content_type="application/json", **auth)
        assert response.status_code in (400, 422), bad
        assert response["Content-Type"].startswith("application/problem+json")
    assert not Action.objects.exists()
