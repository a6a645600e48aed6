"""Adding, changing and deleting organizations through the pages, each write audited."""

from django.urls import reverse

from massline.audit.models import AuditEntry
from massline.audit.services import audit_verify
from massline.directory.models import Organization, Relation, Tag
from massline.directory.tests.factories import OrganizationFactory, RelationFactory


def test_a_secretary_adds_an_organization_with_tags(personas):
    Tag.objects.create(name="Maoist")
    response = personas.client("secretary").post(
        reverse("directory:organization_create"),
        {
            "name": "Российская маоистская партия",
            "short_name": "РМП",
            "country": "RU",
            "kind": "party",
            "relation_status": "fraternal",
            "tags": " maoist , Anti-imperialist,,",
            "website": "https://maoism.ru",
        },
    )
    organization = Organization.objects.get(short_name="РМП")
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:organization_detail", args=[organization.pk])
    assert sorted(t.name for t in organization.tags.all()) == ["Anti-imperialist", "Maoist"]
    assert Tag.objects.count() == 2
    entry = AuditEntry.objects.get(action="organization.create")
    assert entry.actor == personas.secretary
    assert entry.object_id == str(organization.pk)


def test_an_international_organization_needs_no_country(personas):
    response = personas.client("secretary").post(
        reverse("directory:organization_create"),
        {
            "name": "Anti-imperialist and Antifascist United Front",
            "short_name": "AAUF",
            "country": "",
            "kind": "coalition",
            "relation_status": "ours",
        },
    )
    assert response.status_code == 302
    organization = Organization.objects.get(short_name="AAUF")
    content = (
        personas.client("member_a")
        .get(reverse("directory:organization_detail", args=[organization.pk]))
        .content.decode()
    )
    assert "International" in content


def test_a_secretary_edits_an_organization_and_the_change_is_audited(personas):
    organization = OrganizationFactory.create(
        actor=personas.admin, name="Old name", short_name="ON", tags=["Maoist"]
    )
    response = personas.client("secretary").post(
        reverse("directory:organization_edit", args=[organization.pk]),
        {
            "name": "New name",
            "short_name": "ON",
            "country": "IT",
            "kind": "party",
            "relation_status": "friendly",
            "tags": "",
        },
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == "New name"
    assert list(organization.tags.all()) == []
    entry = AuditEntry.objects.filter(action="organization.update").get()
    assert set(entry.data["fields"]) >= {"name", "relation_status", "tags"}


def test_deleting_an_organization_takes_its_relations_along(personas):
    organization = OrganizationFactory.create(actor=personas.admin)
    other = OrganizationFactory.create(actor=personas.admin)
    RelationFactory.create(actor=personas.admin, source=organization, target=other)
    RelationFactory.create(
        actor=personas.admin, source=other, target=organization, kind="split_from"
    )
    response = personas.client("secretary").post(
        reverse("directory:organization_delete", args=[organization.pk])
    )
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=organization.pk).exists()
    assert not Relation.objects.exists()
    assert AuditEntry.objects.filter(
        action="organization.delete", object_id=str(organization.pk)
    ).exists()
    assert audit_verify() == (True, None)


def test_an_organizer_cannot_edit_or_delete(personas):
    organization = OrganizationFactory.create(actor=personas.admin, name="Kept")
    client = personas.client("organizer_a")
    edit = client.post(
        reverse("directory:organization_edit", args=[organization.pk]),
        {"name": "Changed", "short_name": "X", "kind": "party"},
    )
    delete = client.post(reverse("directory:organization_delete", args=[organization.pk]))
    assert (edit.status_code, delete.status_code) == (403, 403)
    organization.refresh_from_db()
    assert organization.name == "Kept"
