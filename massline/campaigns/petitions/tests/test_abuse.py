"""Bad input, proof of work and per-network limits: clear errors, nothing stored."""

import base64
import json

import altcha
import pytest
from django.test import Client, override_settings

from massline.campaigns.petitions import pow, ratelimit
from massline.campaigns.petitions.models import Signature, UsedChallenge
from massline.campaigns.petitions.tests.world import make_petition, sign
from massline.conftest import Personas

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><b onmouseover="x()">'


@pytest.fixture
def petition(personas: Personas):
    return make_petition(personas)


def solved_payload(client: Client) -> str:
    """What the browser script sends: a fresh challenge from the server, solved."""
    challenge = client.get("/petitions/challenge/").json()
    solution = altcha.solve_challenge_v1(
        challenge["challenge"],
        challenge["salt"],
        challenge["algorithm"],
        challenge["maxnumber"] if "maxnumber" in challenge else challenge["maxNumber"],
    )
    assert solution is not None
    payload = {
        "algorithm": challenge["algorithm"],
        "challenge": challenge["challenge"],
        "number": solution.number,
        "salt": challenge["salt"],
        "signature": challenge["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": None}, "name", "This field is required."),
        ({"name": "x" * 121}, "name", "at most 120 characters"),
        ({"email": ""}, "email", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": "a@b"}, "email", "Enter a valid email address."),
        ({"email": "x" * 250 + "@example.org"}, "email", "at most 254 characters"),
        ({"country": ""}, "country", "This field is required."),
        ({"country": "XX"}, "country", "Choose your country."),
        ({"city": "c" * 121}, "city", "at most 120 characters"),
        ({"display": "everything"}, "display", "Select a valid choice."),
        ({"pow": "p" * 2001}, "pow", "anti-spam check failed"),
        ({"name": "Olga\x00Petrova"}, "name", "Null characters are not allowed."),
    ],
)
def test_bad_input_gets_a_clear_error_and_stores_nothing(petition, changes, field, message) -> None:
    response = sign(Client(), petition, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["form"].errors[field]
    assert Signature.objects.count() == 0


def test_markup_in_every_text_field_is_shown_as_text(petition, personas: Personas) -> None:
    from massline.campaigns.petitions import services

    services.petition_update(actor=personas.organizer_a, petition=petition, target=SCRIPT)
    services.petition_text_save(
        actor=personas.organizer_a, petition=petition, language="en", title=SCRIPT, text=SCRIPT
    )
    response = sign(Client(), petition, name=SCRIPT, city=SCRIPT, email="x@")
    page = response.content.decode()
    assert response.status_code == 400
    assert "<script>alert" not in page
    assert 'onmouseover="x()"' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    for url in (f"/petitions/{petition.slug}/", f"/petitions/{petition.slug}/thanks/"):
        shown = Client().get(url).content.decode()
        assert "<script>alert" not in shown and "&lt;script&gt;" in shown
    manage = personas.client("organizer_a").get(f"/petitions/{petition.slug}/manage/")
    assert "<script>alert" not in manage.content.decode()


def test_a_solved_proof_of_work_is_accepted_once(petition) -> None:
    client = Client()
    payload = solved_payload(client)
    assert sign(client, petition, pow=payload).status_code == 302
    assert UsedChallenge.objects.count() == 1
    replay = sign(client, petition, pow=payload, email="other@example.org")
    assert replay.status_code == 400
    assert "already used" in replay.content.decode()
    assert Signature.objects.count() == 1


@pytest.mark.parametrize(
    "mangle",
    [
        lambda p: p[:-4] + "AAAA",
        lambda p: "not base64 !",
        lambda p: base64.b64encode(b"[1, 2]").decode(),
        lambda p: base64.b64encode(
            json.dumps({**json.loads(base64.b64decode(p)), "number": 10**9}).encode()
        ).decode(),
    ],
)
def test_a_wrong_or_forged_proof_of_work_is_refused(petition, mangle) -> None:
    client = Client()
    response = sign(client, petition, pow=mangle(solved_payload(client)))
    assert response.status_code == 400
    assert "anti-spam check failed" in response.content.decode()
    assert Signature.objects.count() == 0


@override_settings(MASSLINE_PETITION_RATE_LIMIT_NO_POW=2, MASSLINE_PETITION_RATE_LIMIT=3)
def test_a_network_over_its_limit_is_told_to_wait_and_nothing_is_stored(petition) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    neighbour = Client(REMOTE_ADDR="203.0.113.200")
    elsewhere = Client(REMOTE_ADDR="198.51.100.1")
    assert sign(client, petition, email="a1@example.org").status_code == 302
    assert sign(neighbour, petition, email="a2@example.org").status_code == 302
    refused = sign(client, petition, email="a3@example.org")
    assert refused.status_code == 429
    assert "Too many signatures came from your network" in refused.content.decode()
    assert sign(elsewhere, petition, email="a4@example.org").status_code == 302
    # with a solved proof of work the same network has its own, larger allowance
    assert (
        sign(client, petition, email="a5@example.org", pow=solved_payload(client)).status_code
        == 302
    )
    assert Signature.objects.count() == 4


def test_networks_are_slash_24_and_slash_56() -> None:
    assert ratelimit.network_of("203.0.113.77") == "203.0.113.0/24"
    assert ratelimit.network_of("2001:db8:abcd:12ff:1::1") == "2001:db8:abcd:1200::/56"
    assert ratelimit.network_of("::ffff:203.0.113.9") == "203.0.113.0/24"
    assert ratelimit.network_of("garbage") == "garbage"


def test_an_expired_challenge_is_refused() -> None:
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    client = Client()
    payload = solved_payload(client)
    later = timezone.now() + timedelta(seconds=pow.CHALLENGE_SECONDS + 5)
    with time_machine.travel(later), pytest.raises(pow.PowError):
        pow.solution_check(payload)
