"""The directory's operations do what they say, through the services (and so the audit)."""

from massline.api.tests.conftest import Call, Directory
from massline.audit.models import AuditEntry
from massline.conftest import Personas
from massline.directory.models import Organization, Position, Relation, Tag


def test_creating_an_organization_answers_it_with_tags_and_country(
    personas: Personas,
    call: Call,
) -> None:
    body = {
        "name": "Revolutionary Communist Party",
        "short_name": " RCP ",
        "country": "GB",
        "kind": "party",
        "tags": ["Maoist", "anti-imperialist", "Maoist"],
        "aliases": ["Партия"],
        "founded": "1990-05-01",
        "website": "https://rcp.example",
    }
    response = call("secretary", "POST", "/organizations", body)
    assert response.status_code == 201, response.content
    org = response.json()
    assert org["short_name"] == "RCP"
    assert sorted(org["tags"]) == ["Maoist", "anti-imperialist"]
    assert (org["country"], org["country_name"]) == ("GB", "United Kingdom")
    assert org["aliases"] == ["Партия"]
    assert org["founded"] == "1990-05-01"
    assert org["confidential"] is False
    assert AuditEntry.objects.filter(
        action="organization.create", object_id=str(org["id"])
    ).exists()
    # The alias is searchable, transliterated, like in the web list.
    found = call("member_a", "GET", "/organizations?q=partiya").json()["items"]
    assert [item["id"] for item in found] == [org["id"]]


def test_creating_a_confidential_organization_files_it_in_the_unit(
    personas: Personas,
    call: Call,
) -> None:
    body = {
        "name": "Cell",
        "short_name": "CELL",
        "country": "RU",
        "kind": "other",
        "confidential": True,
        "unit_id": personas.unit_a.pk,
    }
    response = call("secretary", "POST", "/organizations", body)
    assert response.status_code == 201
    assert response.json()["unit_id"] == personas.unit_a.pk
    assert call("organizer_b", "GET", f"/organizations/{response.json()['id']}").status_code == 404


def test_an_unknown_unit_is_not_found(personas: Personas, call: Call) -> None:
    body = {
        "name": "Cell",
        "short_name": "CELL",
        "country": "RU",
        "kind": "other",
        "unit_id": 98765,
    }
    assert call("admin", "POST", "/organizations", body).status_code == 404


def test_a_change_touches_only_the_fields_sent(directory: Directory, call: Call) -> None:
    path = f"/organizations/{directory.open_org.pk}"
    response = call(
        "secretary", "PATCH", path, {"notes": "Greeted us on 16 September 2023", "tags": ["Maoist"]}
    )
    assert response.status_code == 200
    org = response.json()
    assert org["notes"] == "Greeted us on 16 September 2023"
    assert org["tags"] == ["Maoist"]
    assert (org["name"], org["relation_status"]) == (
        "Partito marxista-leninista italiano",
        "fraternal",
    )
    entry = AuditEntry.objects.filter(action="organization.update").latest("id")
    assert entry.data == {"fields": ["notes", "tags"]}


def test_a_change_may_clear_a_nullable_field(directory: Directory, call: Call) -> None:
    path = f"/organizations/{directory.open_org.pk}"
    call("admin", "PATCH", path, {"founded": "1977-04-10"})
    response = call("admin", "PATCH", path, {"founded": None})
    assert response.json()["founded"] is None


def test_deleting_an_organization_takes_its_relations_and_positions(
    directory: Directory,
    call: Call,
) -> None:
    path = f"/organizations/{directory.open_org.pk}"
    response = call("admin", "DELETE", path)
    assert response.status_code == 204
    assert response.content == b""
    assert call("admin", "GET", path).status_code == 404
    assert not Relation.objects.filter(pk=directory.relation.pk).exists()
    assert not Position.objects.filter(pk=directory.position.pk).exists()
    assert Tag.objects.filter(name="Marxist-Leninist").exists()


def test_a_relation_reads_from_source_to_target(directory: Directory, call: Call) -> None:
    body = {
        "source_id": directory.other_org.pk,
        "target_id": directory.open_org.pk,
        "kind": "hosts",
        "started": "2023-09-16",
        "source_note": "  conference  ",
    }
    response = call("secretary", "POST", "/relations", body)
    assert response.status_code == 201
    relation = response.json()
    assert relation["source"] == {
        "id": directory.other_org.pk,
        "name": directory.other_org.name,
        "short_name": "MLPD",
    }
    assert relation["target"]["short_name"] == "PMLI"
    assert (relation["kind"], relation["started"], relation["source_note"]) == (
        "hosts",
        "2023-09-16",
        "conference",
    )
    listed = call("member_a", "GET", f"/relations?organization_id={directory.other_org.pk}")
    assert {item["id"] for item in listed.json()["items"]} == {
        relation["id"],
        directory.relation.pk,
    }


def test_a_relation_may_change_its_target(
    directory: Directory, personas: Personas, call: Call
) -> None:
    third = call(
        "admin",
        "POST",
        "/organizations",
        {"name": "Third", "short_name": "THIRD", "country": "FR", "kind": "ngo"},
    ).json()
    path = f"/relations/{directory.relation.pk}"
    response = call("admin", "PATCH", path, {"target_id": third["id"], "kind": "opposes"})
    assert response.status_code == 200
    assert (response.json()["target"]["id"], response.json()["kind"]) == (third["id"], "opposes")
    assert call("admin", "DELETE", path).status_code == 204
    assert call("admin", "GET", path).status_code == 404


def test_questions_are_listed_created_and_read(directory: Directory, call: Call) -> None:
    response = call(
        "secretary",
        "POST",
        "/questions",
        {"title": "Sanctions", "description": "On Russia", "since": "2014-03-17"},
    )
    assert response.status_code == 201
    question = response.json()
    assert set(question) == {"id", "title", "description", "since", "created_at"}
    assert call("member_a", "GET", f"/questions/{question['id']}").json() == question
    titles = [q["title"] for q in call("member_a", "GET", "/questions").json()["items"]]
    assert titles == ["Sanctions", "The war since 24 February 2022"]


def test_a_position_is_recorded_changed_and_removed(directory: Directory, call: Call) -> None:
    body = {
        "organization_id": directory.other_org.pk,
        "question_id": directory.question.pk,
        "stance": "opposes",
        "stated_on": "2022-02-25",
        "quote": "Нет войне",
        "quote_language": "ru",
        "source_url": "https://example.org/statement",
    }
    response = call("secretary", "POST", "/positions", body)
    assert response.status_code == 201
    position = response.json()
    assert position["organization"]["short_name"] == "MLPD"
    assert position["question"] == {
        "id": directory.question.pk,
        "title": "The war since 24 February 2022",
    }
    on_question = call("member_a", "GET", f"/positions?question_id={directory.question.pk}")
    assert position["id"] in {item["id"] for item in on_question.json()["items"]}
    path = f"/positions/{position['id']}"
    changed = call("secretary", "PATCH", path, {"stance": "mixed", "summary": "Changed its line"})
    assert (changed.json()["stance"], changed.json()["quote"]) == ("mixed", "Нет войне")
    assert call("secretary", "DELETE", path).status_code == 204
    assert not Position.objects.filter(pk=position["id"]).exists()


def test_an_organizer_may_not_change_an_organization(directory: Directory, call: Call) -> None:
    path = f"/organizations/{directory.open_org.pk}"
    assert call("organizer_a", "PATCH", path, {"notes": "x"}).status_code == 403
    assert Organization.objects.get(pk=directory.open_org.pk).notes == ""
