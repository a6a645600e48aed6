"""The public page: the visitor's language, actions per country, letters, news, query counts."""

from datetime import date

import pytest

from massline.campaigns import services
from massline.campaigns.models import Action, SupporterLetter, Visibility
from massline.campaigns.tests.world import make_campaign

pytestmark = pytest.mark.django_db


def _translate(personas, campaign):
    services.campaign_text_set(
        actor=personas.organizer_a,
        campaign=campaign,
        language="ru",
        title="Свободу Анне",
        summary="Анна в тюрьме за пост.",
        goals="Освободить Анну",
    )
    services.news_create(
        actor=personas.organizer_a, campaign=campaign, language="ru", title="Новость по-русски"
    )
    services.news_create(
        actor=personas.organizer_a, campaign=campaign, language="en", title="News in English"
    )


def test_lang_in_the_address_picks_the_translation(personas, client):
    campaign = make_campaign(personas)
    _translate(personas, campaign)
    html = client.get(f"/campaigns/{campaign.slug}/?lang=ru").content.decode()
    assert "Свободу Анне" in html
    assert "Освободить Анну" in html
    assert "Новость по-русски" in html
    assert "News in English" not in html
    assert '<html lang="ru">' in html
    assert "Наши требования" in html  # the interface speaks Russian too


def test_the_browser_language_picks_the_translation(personas, client):
    campaign = make_campaign(personas)
    _translate(personas, campaign)
    html = client.get(f"/campaigns/{campaign.slug}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Свободу Анне" in html


def test_an_untranslated_language_falls_back_to_the_original(personas, client):
    campaign = make_campaign(personas)
    _translate(personas, campaign)
    html = client.get(f"/campaigns/{campaign.slug}/?lang=de").content.decode()
    assert "Free Anna" in html
    assert "Release Anna" in html
    assert "News in English" in html
    assert '<html lang="de">' in html


def test_an_empty_translated_field_falls_back_field_by_field(personas, client):
    campaign = make_campaign(personas)
    services.campaign_text_set(
        actor=personas.organizer_a, campaign=campaign, language="it", title="Libertà per Anna"
    )
    html = client.get(f"/campaigns/{campaign.slug}/?lang=it").content.decode()
    assert "Libertà per Anna" in html
    assert "Anna is jailed for a post." in html


def test_an_unknown_lang_is_ignored(personas, client):
    campaign = make_campaign(personas)
    response = client.get(f"/campaigns/{campaign.slug}/?lang=xx")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_the_language_switcher_is_not_overridden_by_the_old_lang(personas, client):
    campaign = make_campaign(personas)
    html = client.get(f"/campaigns/{campaign.slug}/?lang=ru").content.decode()
    assert f'name="next" type="hidden" value="/campaigns/{campaign.slug}/"' in html


def _action(personas, campaign, city, country, **extra):
    return services.action_create(
        actor=personas.organizer_a,
        campaign=campaign,
        kind=Action.Kind.PICKET,
        held_on=date(2024, 3, 1),
        city=city,
        country=country,
        group_name=f"Group of {city}",
        **extra,
    )


def test_actions_are_listed_per_country_and_pending_ones_hidden(personas, client):
    campaign = make_campaign(personas)
    _action(personas, campaign, "Roma", "IT", turnout=40)
    _action(personas, campaign, "Berlin", "DE")
    _action(personas, campaign, "Milano", "IT")
    services.action_submit(
        campaign=campaign,
        kind=Action.Kind.BANNER,
        held_on=date(2024, 3, 2),
        city="Pending City",
        country="FR",
        group_name="Unchecked",
    )
    html = client.get(f"/campaigns/{campaign.slug}/").content.decode()
    assert html.index("Germany") < html.index("Berlin") < html.index("Italy")
    assert html.index("Italy") < html.index("Roma") and html.index("Italy") < html.index("Milano")
    assert "40 people" in html
    assert "Pending City" not in html


def test_a_publicly_reported_action_shows_once_approved(personas, client):
    campaign = make_campaign(personas)
    response = client.post(
        f"/campaigns/{campaign.slug}/actions/report/",
        {
            "kind": "rally",
            "held_on": "2024-03-02",
            "city": "Lyon",
            "country": "FR",
            "group_name": "Comité (fictional)",
            "turnout": "25",
        },
    )
    assert response.status_code == 200
    action = Action.objects.get()
    assert action.status == Action.Status.PENDING
    assert "Lyon" not in client.get(f"/campaigns/{campaign.slug}/").content.decode()
    personas.client("organizer_a").post(
        f"/campaigns/manage/{campaign.pk}/actions/{action.pk}/decide/", {"decision": "approve"}
    )
    assert "Lyon" in client.get(f"/campaigns/{campaign.slug}/").content.decode()
    refused = personas.client("member_a").post(
        f"/campaigns/manage/{campaign.pk}/actions/{action.pk}/decide/", {"decision": "reject"}
    )
    assert refused.status_code == 403


def test_the_letter_section_shows_guidance_templates_and_counts(personas, client):
    campaign = make_campaign(personas)
    services.letter_template_create(
        actor=personas.organizer_a,
        campaign=campaign,
        language="en",
        title="A short letter",
        body="Dear Anna, we stand with you.",
    )
    services.letter_template_create(
        actor=personas.organizer_a,
        campaign=campaign,
        language="ru",
        title="Короткое письмо",
        body="Дорогая Анна!",
    )
    for status in ("sent", "returned", "censored"):
        services.letter_log(
            actor=personas.organizer_a,
            campaign=campaign,
            sender_alias="Friend",
            language="en",
            status=status,
        )
    html = client.get(f"/campaigns/{campaign.slug}/").content.decode()
    assert "Write simply." in html
    assert "A short letter" in html and "Короткое письмо" not in html
    assert "Russian only" in html  # mail rules are public in this case
    assert "3 letters sent so far." in html
    assert "Returned: 1; censored: 1." in html
    assert "Friend" not in html
    ru = client.get(f"/campaigns/{campaign.slug}/?lang=ru").content.decode()
    assert "Короткое письмо" in ru


def test_a_member_logs_their_own_letter_and_sees_only_theirs(personas):
    campaign = make_campaign(personas)
    services.letter_log(
        actor=personas.organizer_a, campaign=campaign, sender_alias="Secret friend", language="it"
    )
    client = personas.client("member_a")
    response = client.post(
        f"/campaigns/{campaign.slug}/case/", {"sent_on": "2024-03-01", "language": "ru"}
    )
    assert response.status_code == 302
    mine = SupporterLetter.objects.get(sender=personas.member_a)
    assert mine.status == SupporterLetter.Status.SENT
    html = client.get(f"/campaigns/{campaign.slug}/case/").content.decode()
    assert "Secret friend" not in html
    assert (
        personas.client("member_a").get(f"/campaigns/manage/{campaign.pk}/letters/").status_code
        == 403
    )


def test_a_coordinator_marks_a_letter_returned_or_censored(personas):
    campaign = make_campaign(personas)
    letter = services.letter_log(
        actor=personas.organizer_a, campaign=campaign, sender_alias="Friend", language="de"
    )
    response = personas.client("organizer_a").post(
        f"/campaigns/manage/{campaign.pk}/letters/{letter.pk}/",
        {
            "sender_alias": "Friend",
            "sent_on": letter.sent_on.isoformat(),
            "language": "de",
            "status": "censored",
            "note": "Blacked out",
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == SupporterLetter.Status.CENSORED
    log = personas.client("organizer_a").get(f"/campaigns/manage/{campaign.pk}/letters/")
    assert "Censored" in log.content.decode()


def test_a_letter_in_the_future_is_refused(personas):
    from django.core.exceptions import ValidationError

    campaign = make_campaign(personas)
    with pytest.raises(ValidationError):
        services.letter_log(
            actor=personas.organizer_a,
            campaign=campaign,
            sender_alias="F",
            language="en",
            sent_on=date(2999, 1, 1),
        )


def _many(personas, campaign, count):
    for number in range(count):
        _action(personas, campaign, f"City {number}", ["IT", "DE", "FR", "BR"][number % 4])
        services.news_create(
            actor=personas.organizer_a, campaign=campaign, language="en", title=f"N{number}"
        )
        endorsement = services.endorsement_submit(
            campaign=campaign,
            organization_name=f"Org {number}",
            country="IT",
            representative_name="R",
            contact_email=f"r{number}@example.org",
        )
        services.endorsement_decide(
            actor=personas.organizer_a, endorsement=endorsement, approve=True
        )
        services.letter_log(
            actor=personas.organizer_a, campaign=campaign, sender_alias=f"F{number}", language="en"
        )


@pytest.mark.parametrize("count", [1, 12])
def test_the_public_page_needs_few_queries(personas, client, django_assert_max_num_queries, count):
    campaign = make_campaign(personas)
    services.case_set(
        actor=personas.organizer_a,
        campaign=campaign,
        detention_address_visibility=Visibility.PUBLIC,
    )
    _many(personas, campaign, count)
    with django_assert_max_num_queries(14):
        assert client.get(f"/campaigns/{campaign.slug}/").status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_the_coordinators_lists_need_few_queries(personas, django_assert_max_num_queries, count):
    campaign = make_campaign(personas)
    _many(personas, campaign, count)
    client = personas.client("organizer_a")
    for url in [
        "/campaigns/",
        f"/campaigns/manage/{campaign.pk}/",
        f"/campaigns/manage/{campaign.pk}/endorsements/",
        f"/campaigns/manage/{campaign.pk}/letters/",
        f"/campaigns/manage/{campaign.pk}/actions/",
    ]:
        with django_assert_max_num_queries(22):
            assert client.get(url).status_code == 200, url


def test_the_case_is_shown_in_the_visitors_language_at_its_own_level(personas, client):
    campaign = make_campaign(personas)
    services.campaign_text_set(
        actor=personas.organizer_a,
        campaign=campaign,
        language="ru",
        person_name="Анна Пример",
        charges="Оправдание терроризма",
        mail_rules="Только по-русски",
    )
    services.case_set(
        actor=personas.organizer_a, campaign=campaign, charges_visibility=Visibility.MEMBERS
    )
    html = client.get(f"/campaigns/{campaign.slug}/?lang=ru").content.decode()
    assert "Анна Пример" in html
    assert "Только по-русски" in html
    # a members-only field stays hidden in every language
    assert "Оправдание терроризма" not in html
    assert "Justification of terrorism" not in html
    member = personas.client("member_a").get(
        f"/campaigns/{campaign.slug}/case/", HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert "Оправдание терроризма" in member.content.decode()
    english = client.get(f"/campaigns/{campaign.slug}/?lang=en").content.decode()
    assert "Anna Example" in english and "Анна Пример" not in english


def test_a_hearing_is_translated_through_its_form(personas, client):
    campaign = make_campaign(personas)
    hearing = campaign.case.hearings.get(court="Public court")
    response = personas.client("organizer_a").post(
        f"/campaigns/manage/{campaign.pk}/hearings/{hearing.pk}/",
        {
            "held_on": "2023-12-12",
            "court": "Public court",
            "outcome": "Fined",
            "visibility": "public",
            "court__ru": "Открытый суд",
            "outcome__ru": "Штраф",
            "court__de": "",
        },
    )
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.translations == {"ru": {"court": "Открытый суд", "outcome": "Штраф"}}
    ru = client.get(f"/campaigns/{campaign.slug}/?lang=ru").content.decode()
    assert "Открытый суд" in ru and "Public court" not in ru
    de = client.get(f"/campaigns/{campaign.slug}/?lang=de").content.decode()
    assert "Public court" in de
    form = personas.client("organizer_a").get(
        f"/campaigns/manage/{campaign.pk}/hearings/{hearing.pk}/"
    )
    assert 'value="Открытый суд"' in form.content.decode()


def test_an_oversized_translation_is_refused(personas):
    from django.core.exceptions import ValidationError

    campaign = make_campaign(personas)
    with pytest.raises(ValidationError):
        services.hearing_create(
            actor=personas.organizer_a,
            case=campaign.case,
            held_on=date(2024, 1, 1),
            court="Court",
            translations={"ru": {"court": "x" * 301}},
        )
    with pytest.raises(ValidationError):
        services.hearing_create(
            actor=personas.organizer_a,
            case=campaign.case,
            held_on=date(2024, 1, 1),
            court="Court",
            translations={"xx-not-a-language": {"court": "x"}},
        )
