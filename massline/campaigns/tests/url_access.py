"""Who may open which page of campaigns; see massline/core/tests/test_url_access.py.

The campaign belongs to unit A. Coordinators: admin, secretary (above unit A), organizer_a.
member_a reads the members' page; organizer_b and the guest find no internal page (404).
Public pages answer everyone, a draft's answer nobody.
"""

from datetime import date
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from massline.campaigns import services
from massline.campaigns.models import Action, Campaign, SupporterLetter
from massline.campaigns.tests.world import case_of, jpeg_with_gps, make_campaign
from massline.core.tests.test_url_access import GET, LOGIN, POST, World, row

EVERYONE = row(200, 200, 200, 200, 200, 200, 200)
NOBODY = row(404, 404, 404, 404, 404, 404, 404)
COORD = row(200, 200, 200, 404, 403, 404, LOGIN)
COORD_WRITE = row(302, 302, 302, 404, 403, 404, LOGIN)
READ = row(200, 200, 200, 404, 200, 404, LOGIN)
POST_ONLY = row(405, 405, 405, 405, 405, 405, LOGIN)
MISSING = row(404, 404, 404, 404, 403, 404, LOGIN)


def _campaign(w: World) -> Campaign:
    def make(world: World) -> Campaign:
        campaign = make_campaign(world.personas)
        services.case_photo_set(
            actor=world.personas.organizer_a,
            case=case_of(campaign),
            upload=jpeg_with_gps(),
        )
        return campaign

    found: Campaign = w.once("campaign", make)
    return found


def _draft(w: World) -> Campaign:
    found: Campaign = w.once(
        "draft", lambda world: make_campaign(world.personas, slug="draft-one", status="draft")
    )
    return found


def slug(w: World) -> dict[str, Any]:
    return {"slug": _campaign(w).slug}


def draft_slug(w: World) -> dict[str, Any]:
    return {"slug": _draft(w).slug}


def pk(w: World) -> dict[str, Any]:
    return {"pk": _campaign(w).pk}


def draft_pk(w: World) -> dict[str, Any]:
    return {"pk": _draft(w).pk}


def missing(w: World) -> dict[str, Any]:
    return {"pk": 987654}


def none(w: World) -> dict[str, Any]:
    return {}


def language(w: World) -> dict[str, Any]:
    return {"pk": _campaign(w).pk, "language": "ru"}


def _item(key: str, make: Any) -> Any:
    def target(w: World) -> dict[str, Any]:
        campaign = _campaign(w)
        return {"pk": campaign.pk, "item": w.once(key, lambda world: make(world, campaign)).pk}

    target.__name__ = key
    return target


hearing = _item("hearing", lambda w, c: case_of(c).hearings.first())
transfer = _item("transfer", lambda w, c: case_of(c).transfers.first())
news = _item(
    "news",
    lambda w, c: services.news_create(
        actor=w.personas.organizer_a, campaign=c, language="en", title="Hearing set"
    ),
)
template = _item(
    "template",
    lambda w, c: services.letter_template_create(
        actor=w.personas.organizer_a, campaign=c, language="ru", title="Short", body="Hello"
    ),
)
endorsement = _item(
    "endorsement",
    lambda w, c: services.endorsement_submit(
        campaign=c,
        organization_name="Solidarity Committee (fictional)",
        country="IT",
        representative_name="Maria",
        contact_email="maria@example.org",
    ),
)
letter = _item(
    "letter",
    lambda w, c: services.letter_log(
        actor=w.personas.organizer_a,
        campaign=c,
        sender_alias="A friend",
        sent_on=date(2024, 3, 1),
        language="ru",
        status=SupporterLetter.Status.SENT,
    ),
)
action = _item(
    "action",
    lambda w, c: services.action_create(
        actor=w.personas.organizer_a,
        campaign=c,
        kind=Action.Kind.PICKET,
        held_on=date(2024, 3, 1),
        city="Roma",
        country="IT",
        group_name="Committee (fictional)",
        photo=jpeg_with_gps(),
    ),
)


def action_photo(w: World) -> dict[str, Any]:
    return {"slug": _campaign(w).slug, "pk": action(w)["item"]}


def campaign_payload(w: World) -> dict[str, Any]:
    return {
        "title": "Free Anna",
        "slug": "free-anna-new",
        "kind": "release",
        "status": "draft",
        "language": "en",
        "unit": w.personas.unit_a.pk,
    }


def campaign_edit_payload(w: World) -> dict[str, Any]:
    return {**campaign_payload(w), "slug": "free-anna", "status": "active"}


def case_payload(w: World) -> dict[str, Any]:
    data: dict[str, Any] = {"person_name": "Anna Example"}
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
    ):
        data[f"{name}_visibility"] = "public"
    data["photo_upload"] = SimpleUploadedFile("p.jpg", jpeg_with_gps(), "image/jpeg")
    return data


def action_payload(w: World) -> dict[str, Any]:
    return {
        "kind": "rally",
        "held_on": "2024-03-02",
        "city": "Berlin",
        "country": "DE",
        "group_name": "Group (fictional)",
        "photo_upload": SimpleUploadedFile("p.png", _png(), "image/png"),
    }


def _png() -> bytes:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (20, 20)).save(out, format="PNG")
    return out.getvalue()


def endorse_payload(w: World) -> dict[str, Any]:
    return {
        "organization_name": "Comité de solidarité (fictional)",
        "country": "FR",
        "representative_name": "Jeanne",
        "contact_email": "jeanne@example.org",
    }


ACCESS = {
    "campaigns:campaign_list": [GET(none, row(200, 200, 200, 200, 200, 200, LOGIN))],
    "campaigns:campaign_create": [
        GET(none, row(200, 200, 200, 200, 403, 403, LOGIN)),
        # organizer_b may not choose unit A: the form comes back with an error
        POST(none, row(302, 302, 302, 400, 403, 403, LOGIN), campaign_payload),
    ],
    "campaigns:directory_proposals": [GET(none, row(200, 200, 403, 403, 403, 403, LOGIN))],
    "campaigns:manage": [
        GET(pk, COORD),
        GET(draft_pk, row(200, 200, 200, 404, 404, 404, LOGIN)),
        GET(missing, row(404, 404, 404, 404, 404, 404, LOGIN)),
    ],
    "campaigns:campaign_edit": [GET(pk, COORD), POST(pk, COORD_WRITE, campaign_edit_payload)],
    "campaigns:text_edit": [
        GET(language, COORD),
        POST(language, COORD_WRITE, lambda w: {"title": "Свободу Анне"}),
    ],
    "campaigns:case_edit": [GET(pk, COORD), POST(pk, COORD_WRITE, case_payload)],
    "campaigns:hearing_add": [
        GET(pk, COORD),
        POST(
            pk,
            COORD_WRITE,
            lambda w: {"held_on": "2024-05-01", "court": "Court", "visibility": "public"},
        ),
    ],
    "campaigns:hearing_edit": [
        GET(hearing, COORD),
        POST(
            hearing,
            COORD_WRITE,
            lambda w: {"held_on": "2024-05-01", "court": "Court", "visibility": "members"},
        ),
    ],
    "campaigns:hearing_delete": [GET(hearing, POST_ONLY), POST(hearing, COORD_WRITE)],
    "campaigns:transfer_add": [
        GET(pk, COORD),
        POST(
            pk,
            COORD_WRITE,
            lambda w: {"moved_on": "2024-05-01", "place": "SIZO", "visibility": "members"},
        ),
    ],
    "campaigns:transfer_edit": [
        GET(transfer, COORD),
        POST(
            transfer,
            COORD_WRITE,
            lambda w: {"moved_on": "2024-05-01", "place": "SIZO", "visibility": "public"},
        ),
    ],
    "campaigns:transfer_delete": [GET(transfer, POST_ONLY), POST(transfer, COORD_WRITE)],
    "campaigns:news_add": [
        GET(pk, COORD),
        POST(
            pk,
            COORD_WRITE,
            lambda w: {"language": "en", "published_on": "2024-05-01", "title": "News"},
        ),
    ],
    "campaigns:news_edit": [
        GET(news, COORD),
        POST(
            news,
            COORD_WRITE,
            lambda w: {"language": "ru", "published_on": "2024-05-01", "title": "Новости"},
        ),
    ],
    "campaigns:news_delete": [GET(news, POST_ONLY), POST(news, COORD_WRITE)],
    "campaigns:template_add": [
        GET(pk, COORD),
        POST(pk, COORD_WRITE, lambda w: {"language": "de", "title": "Kurz", "body": "Hallo"}),
    ],
    "campaigns:template_edit": [
        GET(template, COORD),
        POST(template, COORD_WRITE, lambda w: {"language": "de", "title": "Kurz", "body": "Hallo"}),
    ],
    "campaigns:template_delete": [GET(template, POST_ONLY), POST(template, COORD_WRITE)],
    "campaigns:endorsement_list": [GET(pk, COORD)],
    "campaigns:endorsement_review": [
        GET(endorsement, COORD),
        POST(endorsement, COORD_WRITE, lambda w: {"decision": "approve"}),
        POST(endorsement, COORD_WRITE, lambda w: {"decision": "propose"}),
    ],
    "campaigns:letter_list": [
        GET(pk, COORD),
        POST(
            pk,
            COORD_WRITE,
            lambda w: {
                "sender_alias": "Friend",
                "sent_on": "2024-03-01",
                "language": "it",
                "status": "sent",
            },
        ),
    ],
    "campaigns:letter_edit": [
        GET(letter, COORD),
        POST(
            letter,
            COORD_WRITE,
            lambda w: {
                "sender_alias": "Friend",
                "sent_on": "2024-03-01",
                "language": "it",
                "status": "censored",
            },
        ),
    ],
    "campaigns:letter_delete": [GET(letter, POST_ONLY), POST(letter, COORD_WRITE)],
    "campaigns:action_list": [GET(pk, COORD)],
    "campaigns:action_add": [GET(pk, COORD), POST(pk, COORD_WRITE, action_payload)],
    "campaigns:action_edit": [GET(action, COORD), POST(action, COORD_WRITE, action_payload)],
    "campaigns:action_delete": [GET(action, POST_ONLY), POST(action, COORD_WRITE)],
    "campaigns:action_decide": [
        GET(action, POST_ONLY),
        POST(action, COORD_WRITE, lambda w: {"decision": "reject"}),
    ],
    "campaigns:public": [GET(slug, EVERYONE), GET(draft_slug, NOBODY)],
    "campaigns:case_photo": [GET(slug, EVERYONE), GET(draft_slug, NOBODY)],
    "campaigns:action_photo": [GET(action_photo, EVERYONE)],
    "campaigns:endorse": [
        GET(slug, EVERYONE),
        POST(slug, row(302, 302, 302, 302, 302, 302, 302), endorse_payload),
        GET(draft_slug, NOBODY),
    ],
    "campaigns:endorse_thanks": [GET(slug, EVERYONE)],
    "campaigns:action_report": [
        GET(slug, EVERYONE),
        POST(slug, EVERYONE, action_payload),
    ],
    "campaigns:member_page": [
        GET(slug, READ),
        POST(
            slug,
            row(302, 302, 302, 404, 302, 404, LOGIN),
            lambda w: {"sent_on": "2024-03-01", "language": "ru"},
        ),
        GET(draft_slug, row(200, 200, 200, 404, 404, 404, LOGIN)),
    ],
}
