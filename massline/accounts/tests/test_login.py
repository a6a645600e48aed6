"""Logging in by email; no way to create an account except by invitation."""

from django.test import Client
from django.urls import reverse

from massline.accounts.models import User
from massline.conftest import PASSWORD


def test_there_is_no_open_sign_up(personas):
    users = User.objects.count()
    client = Client()
    page = client.get(reverse("account_signup"))
    assert page.status_code == 200
    assert 'name="password1"' not in page.content.decode()
    response = client.post(
        reverse("account_signup"),
        {
            "email": "intruder@example.org",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert response.status_code == 200
    assert "closed" in response.content.decode().lower()
    assert User.objects.count() == users
    assert not User.objects.filter(email="intruder@example.org").exists()
    assert "_auth_user_id" not in client.session


def test_the_login_page_points_to_invitations(personas):
    response = Client().get(reverse("account_login"))
    assert response.status_code == 200
    assert "invitation" in response.content.decode()


def test_login_by_email_works(personas):
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "organizer.a@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).wsgi_request.user == personas.organizer_a


def test_login_by_email_ignores_the_case_of_the_address(personas):
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "Organizer.A@EXAMPLE.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == personas.organizer_a


def test_a_wrong_password_does_not_log_in(personas):
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "organizer.a@example.org", "password": "wrong password"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_deactivated_account_cannot_log_in(personas):
    User.objects.filter(pk=personas.member_a.pk).update(is_active=False)
    client = Client()
    client.post(reverse("account_login"), {"login": "member.a@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_page_behind_login_sends_an_anonymous_visitor_to_the_login_page(personas):
    response = Client().get(reverse("directory:organization_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/directory/" in response["Location"]


def test_logout_needs_a_post(personas):
    client = personas.client("member_a")
    assert client.get(reverse("account_logout")).status_code == 200
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
