import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from massline.accounts.models import User
from massline.accounts.services import user_create
from massline.demo import scenario
from massline.demo.scenario import loader
from massline.directory import selectors
from massline.directory.models import (
    CountryDossier,
    DossierSource,
    Indicator,
    Organization,
    Position,
    Question,
    Relation,
)

pytestmark = pytest.mark.django_db

LOGIN = re.compile(r"email:\s+(\S+@example\.org)\s+password:\s+(\S+)")


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in ("accounts", "directory", "audit", "people")
        for model in apps.get_app_config(app).get_models()
    }


def user(email: str) -> User:
    return User.objects.get(email=email)


def visible_short_names(email: str) -> set[str]:
    return set(selectors.organization_list(user=user(email)).values_list("short_name", flat=True))


def test_running_it_twice_changes_nothing():
    run_demo()
    first = row_counts()
    output = run_demo()
    assert row_counts() == first
    assert first["directory.Organization"] == len(scenario.ORGANIZATIONS)
    assert first["directory.Position"] == len(scenario.POSITIONS)
    assert " 0 created" in output and "already there" in output


def test_the_printed_logins_work():
    logins = LOGIN.findall(run_demo())
    assert {email for email, _password in logins} == scenario.DEMO_EMAILS
    for email, password in logins:
        assert Client().login(email=email, password=password), email


def test_the_logins_are_printed_by_default_and_not_when_quiet():
    assert "admin@example.org" in run_demo()
    assert run_demo("--quiet") == ""


def test_the_urals_organizer_does_not_see_the_confidential_organization():
    run_demo()
    organizer = user("urals.organizer@example.org")
    confidential = Organization.objects.get(short_name=scenario.CONFIDENTIAL_SHORT_NAME)
    question = Question.objects.get(title=scenario.WAR_QUESTION)

    visible = visible_short_names(organizer.email)
    assert scenario.CONFIDENTIAL_SHORT_NAME not in visible
    assert len(visible) == len(scenario.ORGANIZATIONS) - 1
    stances = selectors.question_stances(user=organizer, question=question)
    assert confidential not in [row.organization for row in stances]
    assert all(
        confidential not in (r.source, r.target) for r in selectors.relation_list(user=organizer)
    )

    client = Client()
    client.force_login(organizer)
    detail = reverse("directory:organization_detail", args=[confidential.pk])
    assert client.get(detail).status_code == 404


def test_the_secretary_and_the_admin_see_the_confidential_organization():
    run_demo()
    confidential = Organization.objects.get(short_name=scenario.CONFIDENTIAL_SHORT_NAME)
    for email in ("secretary@example.org", "admin@example.org"):
        assert scenario.CONFIDENTIAL_SHORT_NAME in visible_short_names(email)
        client = Client()
        client.force_login(user(email))
        detail = reverse("directory:organization_detail", args=[confidential.pk])
        assert client.get(detail).status_code == 200


def test_members_and_organizers_read_only_the_open_directory():
    run_demo()
    for email in ("moscow.organizer@example.org", "member@example.org"):
        assert scenario.CONFIDENTIAL_SHORT_NAME not in visible_short_names(email)
        assert "RMP" in visible_short_names(email)


def test_the_delegate_does_not_read_the_directory():
    run_demo()
    with pytest.raises(PermissionDenied):
        selectors.organization_list(user=user("delegate@example.org"))


def test_the_country_pages_draw_a_chart():
    run_demo()
    client = Client()
    client.force_login(user("secretary@example.org"))
    for code in ("RU", "IT", "DE"):
        response = client.get(reverse("directory:country_detail", args=[code]))
        assert response.status_code == 200
        assert "<polyline" in response.content.decode()


def test_positions_differ_and_some_change_over_time():
    run_demo()
    stances = set(Position.objects.values_list("stance", flat=True))
    assert len(stances) >= 4
    per_org: dict[int, set[str]] = {}
    for org_id, stance in Position.objects.values_list("organization_id", "stance"):
        per_org.setdefault(org_id, set()).add(stance)
    assert any(len(changes) > 1 for changes in per_org.values())
    fictional = Organization.objects.exclude(short_name__in=scenario.REAL_SHORT_NAMES)
    assert set(fictional.values_list("pk", flat=True)) == set(per_org)


def test_nothing_in_it_is_real_personal_data():
    run_demo()
    assert set(User.objects.values_list("email", flat=True)) == scenario.DEMO_EMAILS
    assert all(email.endswith("@example.org") for email in scenario.DEMO_EMAILS)

    real = Organization.objects.filter(short_name__in=scenario.REAL_SHORT_NAMES)
    assert set(real.values_list("short_name", flat=True)) == {"RMP", "PMLI", "MLPD", "United Front"}
    for organization in Organization.objects.exclude(pk__in=real):
        assert scenario.FICTIONAL in organization.notes, organization
    assert not Organization.objects.exclude(website="").exists()
    assert not real.exclude(founded=None).exists()

    for position in Position.objects.all():
        assert scenario.FICTIONAL in position.summary
        assert position.source_url == ""
    for relation in Relation.objects.exclude(source__in=real, target__in=real):
        assert scenario.FICTIONAL in relation.source_note, relation

    for dossier in CountryDossier.objects.all():
        assert scenario.FICTIONAL in dossier.summary
    for source in DossierSource.objects.all():
        assert scenario.FICTIONAL in source.title
        assert source.url == "" or urlsplit(source.url).hostname == "example.org"
    for indicator in Indicator.objects.all():
        assert scenario.FICTIONAL in indicator.source
        assert "demo figure" in indicator.name


def test_it_refuses_a_database_with_other_accounts_unless_forced():
    user_create(email="someone@example.net", password=scenario.PASSWORD)
    with pytest.raises(CommandError, match="not demo accounts"):
        run_demo()
    assert not Organization.objects.exists()
    run_demo("--force", "--quiet")
    assert Organization.objects.count() == len(scenario.ORGANIZATIONS)


def test_it_writes_nothing_when_a_step_fails(monkeypatch):
    def broken(**kwargs: object) -> None:
        raise PermissionDenied

    monkeypatch.setattr(loader, "indicator_add", broken)
    with pytest.raises(CommandError):
        run_demo()
    assert not User.objects.exists()
    assert not Organization.objects.exists()


def test_each_branch_organizer_sees_only_the_contacts_of_the_branch():
    from massline.people import selectors as people

    run_demo("--quiet")
    moscow = people.contact_base(user=user("moscow.organizer@example.org"))
    urals = people.contact_base(user=user("urals.organizer@example.org"))
    assert moscow.count() > 20 and urals.count() > 10
    assert {c.unit.name for c in moscow} == {"Moscow branch"}
    assert {c.unit.name for c in urals} == {"Urals branch"}
    assert not set(moscow.values_list("pk", flat=True)) & set(urals.values_list("pk", flat=True))
    with pytest.raises(PermissionDenied):
        people.contact_base(user=user("member@example.org"))


def test_the_demo_segment_finds_young_logistics_workers_to_mobilise():
    from massline.people import selectors as people
    from massline.people.models import Segment

    run_demo("--quiet")
    segment = Segment.objects.get(unit__name="Moscow branch")
    organizer = user("moscow.organizer@example.org")
    members = list(people.segment_members(user=organizer, segment=segment))
    assert members
    for contact in members:
        assert contact.site is not None and contact.site.sector == "logistics"
        assert contact.assessment is not None and contact.assessment <= 2
