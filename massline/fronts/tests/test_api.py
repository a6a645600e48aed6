import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from massline.accounts.services import api_token_create
from massline.fronts.models import Signature


def call(user, method, path, body=None):
    _token, secret = api_token_create(user=user, name="test", scope="write")
    client = Client()
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(f"/api/v1/fronts{path}", **kwargs)


def test_a_representative_signs_for_their_own_organization_only(fw):
    path = f"/{fw.front.slug}/statements/{fw.open_statement.pk}/signatures"
    own = call(
        fw.delegate, "post", path, {"membership_id": fw.mlpd_membership.pk, "decision": "sign"}
    )
    assert own.status_code == 200, own.content
    assert own.json()["decision"] == "sign"
    other = call(
        fw.delegate, "post", path, {"membership_id": fw.rmp_membership.pk, "decision": "sign"}
    )
    assert other.status_code == 403
    assert (
        Signature.objects.get(statement=fw.open_statement, membership=fw.rmp_membership).decision
        == "pending"
    )


def test_after_the_deadline_the_api_refuses_a_signature(fw, time_machine):
    time_machine.move_to(timezone.now() + timedelta(days=8))
    path = f"/{fw.front.slug}/statements/{fw.open_statement.pk}/signatures"
    response = call(
        fw.delegate, "post", path, {"membership_id": fw.mlpd_membership.pk, "decision": "sign"}
    )
    assert response.status_code == 422
    assert "closed" in response.content.decode()


def test_a_representative_of_another_front_finds_nothing(fw):
    assert call(fw.stranger, "get", f"/{fw.front.slug}").status_code == 404
    listing = call(fw.stranger, "get", "").json()
    assert [item["slug"] for item in listing["items"]] == [fw.other_front.slug]


def test_the_diff_names_each_change(fw):
    response = call(fw.personas.member_a, "get", f"/{fw.front.slug}/platform/diff?from=1&to=2")
    assert response.status_code == 200
    kinds = [change["kind"] for change in response.json()["changes"]]
    assert kinds == ["same", "changed", "same", "added"]


def test_oversized_or_unbalanced_principles_are_refused(fw):
    path = f"/{fw.front.slug}/platform/versions/2/principles"
    too_long = call(fw.personas.organizer_a, "put", path, {"principles": {"en": ["x" * 4001]}})
    assert too_long.status_code == 422
    unbalanced = call(
        fw.personas.organizer_a, "put", path, {"principles": {"en": ["a", "b"], "de": ["a"]}}
    )
    assert unbalanced.status_code == 422
    assert fw.v2.principles.count() == 4


def test_an_endorsement_with_reservations_through_the_api(fw):
    response = call(
        fw.delegate,
        "post",
        f"/{fw.front.slug}/platform/versions/1/endorsements",
        {
            "membership_id": fw.mlpd_membership.pk,
            "endorsed_on": timezone.localdate().isoformat(),
            "reservations": {"2": "We would name the repression of unions."},
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["reservations"] == [
        {"principle_number": 2, "text": "We would name the repression of unions."}
    ]
