"""Personal API tokens: shown once, kept only as a digest, revocable by their owner."""

import hashlib
import re
from datetime import timedelta

import time_machine
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from massline.accounts.models import ApiToken
from massline.accounts.services import api_token_authenticate
from massline.audit.models import AuditEntry


def create_token_by_page(client, **fields: str) -> str:
    data = {"name": "backup script", "scope": "read", "expires_in_days": "30", **fields}
    response = client.post(reverse("accounts:api_token_create"), data)
    assert response.status_code == 200, response.content[:2000]
    assert response["Cache-Control"].startswith("max-age=0")
    match = re.search(r'id="token-secret">([^<]+)<', response.content.decode())
    assert match, "the secret is shown on the page"
    return match.group(1)


def database_text() -> str:
    """Every value of every row of every table, as one text."""
    chunks: list[str] = []
    existing = set(connection.introspection.table_names())
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    with connection.cursor() as cursor:
        for table in sorted(tables & existing):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from the models
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_the_secret_is_shown_once_and_stored_only_as_a_digest(personas):
    client = personas.client("organizer_a")
    secret = create_token_by_page(client)
    token = ApiToken.objects.get(user=personas.organizer_a)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(f"ml_{token.prefix}_")
    random_part = secret.removeprefix(f"ml_{token.prefix}_")

    stored = database_text()
    assert token.digest in stored  # the dump does reach the token table
    assert secret not in stored
    assert random_part not in stored

    settings_page = client.get(reverse("accounts:settings")).content.decode()
    assert token.prefix in settings_page
    assert random_part not in settings_page


def test_a_token_authenticates_its_owner_until_revoked(personas):
    client = personas.client("organizer_a")
    secret = create_token_by_page(client)
    token = ApiToken.objects.get(user=personas.organizer_a)
    found = api_token_authenticate(secret=secret)
    assert found is not None and found.user == personas.organizer_a

    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(secret=secret) is None
    assert AuditEntry.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()
    assert "revoked" in client.get(reverse("accounts:settings")).content.decode()


def test_nobody_else_can_revoke_a_token(personas):
    create_token_by_page(personas.client("organizer_a"))
    token = ApiToken.objects.get(user=personas.organizer_a)
    for name in ("organizer_b", "secretary", "admin"):
        response = personas.client(name).post(reverse("accounts:api_token_revoke", args=[token.pk]))
        assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_stops_working_when_it_expires(personas):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        secret = create_token_by_page(personas.client("member_a"), expires_in_days="1")
        assert api_token_authenticate(secret=secret) is not None
        traveller.shift(timedelta(days=1, seconds=1))
        assert api_token_authenticate(secret=secret) is None


def test_a_token_of_a_deactivated_user_does_not_work(personas):
    secret = create_token_by_page(personas.client("member_a"))
    personas.member_a.is_active = False
    personas.member_a.save(update_fields=["is_active"])
    assert api_token_authenticate(secret=secret) is None


def test_bad_token_input_answers_400_and_creates_nothing(personas):
    client = personas.client("member_a")
    for data in (
        {"name": "", "scope": "read"},
        {"name": "x", "scope": "root"},
        {"name": "x", "scope": "read", "expires_in_days": "0"},
        {"name": "x" * 81, "scope": "read"},
    ):
        response = client.post(reverse("accounts:api_token_create"), data)
        assert response.status_code == 400
        assert 'class="errorlist' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_forged_secrets_are_refused(personas):
    create_token_by_page(personas.client("member_a"))
    token = ApiToken.objects.get()
    for secret in (
        "",
        "ml_",
        f"ml_{token.prefix}_",
        token.digest,
        "x" * 500,
        f"ml_{token.prefix}_{'A' * 43}",
    ):
        assert api_token_authenticate(secret=secret) is None
