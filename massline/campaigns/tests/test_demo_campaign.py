"""The demo's release campaign: loaded twice without duplicates, invented parts marked, the
safety levels holding on its public page."""

import pytest
from django.test import Client

from massline.campaigns.models import Action, Campaign, Endorsement, SupporterLetter
from massline.demo.scenario import loader
from massline.demo.scenario.campaigns import SLUG, load_campaigns
from massline.demo.scenario.data import FICTIONAL, REAL_SHORT_NAMES

pytestmark = pytest.mark.django_db


def _load() -> loader.Report:
    report = loader.Report()
    admin = loader._admin(report, False)
    units = loader._units(admin, report)
    loader._people(admin, units, report)
    organizations = loader._organizations(admin, units, report)
    load_campaigns(admin, units, organizations, report.count)
    return report


def test_the_demo_campaign_loads_once_and_marks_what_is_invented():
    first = _load()
    assert first.created["campaigns"] == 1
    second = _load()
    assert not +second.created
    campaign = Campaign.objects.get(slug=SLUG)
    assert campaign.status == Campaign.Status.ACTIVE
    assert {t.language for t in campaign.texts.all()} == {"ru", "it", "de"}
    assert FICTIONAL in campaign.case.detention_address
    assert FICTIONAL in campaign.case.mail_rules
    for endorsement in Endorsement.objects.filter(campaign=campaign):
        assert FICTIONAL in endorsement.representative_name
        matched = endorsement.organization
        assert FICTIONAL in endorsement.organization_name or (
            matched is not None and FICTIONAL in matched.notes
        ), endorsement.organization_name
        assert matched is None or matched.short_name not in REAL_SHORT_NAMES
    for action in Action.objects.filter(campaign=campaign):
        assert FICTIONAL in action.description
    for letter in SupporterLetter.objects.filter(campaign=campaign):
        assert FICTIONAL in letter.note


@pytest.mark.parametrize("language", ["en", "ru", "it", "de"])
def test_the_demo_campaign_page_reads_in_each_language_without_the_address(language):
    _load()
    response = Client().get(f"/campaigns/{SLUG}/?lang={language}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert "000000 Example Region" not in html  # the postal address is for members
    assert "Rabkor" in html or "Рабкор" in html
