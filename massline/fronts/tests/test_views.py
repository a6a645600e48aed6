from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from massline.fronts import services, statements
from massline.fronts.models import Front, Signature, Statement, StatementComment
from massline.fronts.tests.world import make_representative_account

SCRIPT = "<script>alert('x')</script>"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_representative_sees_only_their_own_front(fw):
    client = client_for(fw.delegate)
    assert client.get(reverse("fronts:detail", args=[fw.front.slug])).status_code == 200
    assert client.get(reverse("fronts:detail", args=[fw.other_front.slug])).status_code == 404
    listing = client.get(reverse("fronts:list")).content.decode()
    assert fw.front.name in listing and fw.other_front.name not in listing


def test_a_representative_of_another_front_sees_nothing_of_this_one(fw):
    client = client_for(fw.stranger)
    for name, kwargs in (
        ("fronts:detail", {"slug": fw.front.slug}),
        ("fronts:platform", {"slug": fw.front.slug}),
        ("fronts:statement_list", {"slug": fw.front.slug}),
        ("fronts:membership_detail", {"slug": fw.front.slug, "pk": fw.mlpd_membership.pk}),
        ("fronts:statement_detail", {"slug": fw.front.slug, "pk": fw.open_statement.pk}),
    ):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    assert client.get(reverse("fronts:detail", args=[fw.other_front.slug])).status_code == 200


def test_a_representative_does_not_see_the_directory_or_other_modules(fw):
    client = client_for(fw.delegate)
    assert client.get(reverse("directory:organization_list")).status_code == 403
    home = client.get(reverse("home")).content.decode()
    assert reverse("fronts:list") in home
    assert reverse("directory:organization_list") not in home


def test_a_guest_of_our_organization_sees_no_front(fw):
    client = fw.personas.client("guest")
    assert client.get(reverse("fronts:list")).status_code == 403
    assert client.get(reverse("fronts:detail", args=[fw.front.slug])).status_code == 403


def test_representative_contact_data_is_shown_only_to_coordinators(fw):
    url = reverse("fronts:membership_detail", args=[fw.front.slug, fw.rmp_membership.pk])
    assert "anna.rmp@example.org" in fw.personas.client("organizer_a").get(url).content.decode()
    assert "anna.rmp@example.org" not in fw.personas.client("member_a").get(url).content.decode()
    assert "anna.rmp@example.org" not in client_for(fw.delegate).get(url).content.decode()


def test_script_in_texts_is_escaped_everywhere(fw):
    coordinator = fw.personas.organizer_a
    services.front_update(actor=coordinator, front=fw.front, names={"de": SCRIPT})
    services.version_update(actor=coordinator, version=fw.v2, texts={"en": [SCRIPT, "Two"]})
    statement = statements.statement_create(
        actor=coordinator, front=fw.front, slug="xss", texts={"en": (SCRIPT, SCRIPT)}
    )
    statements.statement_comment_add(actor=coordinator, statement=statement, text=SCRIPT)
    client = fw.personas.client("organizer_a")
    urls = [
        reverse("fronts:detail", args=[fw.front.slug]),
        reverse("fronts:version_detail", args=[fw.front.slug, 2]),
        reverse("fronts:version_diff", args=[fw.front.slug]) + "?from=1&to=2",
        reverse("fronts:statement_detail", args=[fw.front.slug, statement.pk]),
        reverse("fronts:statement_list", args=[fw.front.slug]),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert SCRIPT not in body, url
        assert "&lt;script&gt;" in body, url


def test_an_application_with_script_and_oversized_fields_is_refused_without_writing(fw):
    url = reverse("fronts:apply", args=[fw.front.slug])
    response = Client().post(
        url,
        {
            "proposed_name": "x" * 201,
            "representative_name": SCRIPT,
            "representative_email": "not an address",
            "motivation": "m" * 5001,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert SCRIPT not in body
    assert fw.front.applications.count() == 1


def test_a_public_application_is_recorded_and_the_form_does_not_reveal_the_directory(fw):
    url = reverse("fronts:apply", args=[fw.front.slug])
    page = Client().get(url).content.decode()
    assert "Russian Maoist Party" not in page
    response = Client().post(
        url,
        {
            "proposed_name": "Peasants' Union",
            "representative_name": "Ravi",
            "representative_email": "ravi@example.org",
            "motivation": "We share the platform.",
        },
    )
    assert response.status_code == 200
    assert fw.front.applications.filter(proposed_name="Peasants' Union").exists()


def test_an_invitation_only_front_takes_no_applications(fw):
    Front.objects.filter(pk=fw.front.pk).update(admission=Front.Admission.INVITATION)
    assert Client().get(reverse("fronts:apply", args=[fw.front.slug])).status_code == 404


def test_an_oversized_comment_is_refused(fw):
    url = reverse("fronts:statement_comment", args=[fw.front.slug, fw.draft.pk])
    response = fw.personas.client("member_a").post(url, {"text": "c" * 5001})
    assert response.status_code == 400
    assert not StatementComment.objects.filter(statement=fw.draft).exists()


def test_the_sign_page_refuses_after_the_deadline_and_says_so(fw, time_machine):
    row = Signature.objects.select_related("statement").get(
        statement=fw.open_statement, membership=fw.mlpd_membership
    )
    url = reverse("fronts:sign", args=[statements.signon_token(row)])
    time_machine.move_to(timezone.now() + timedelta(days=8))
    response = Client().post(url, {"decision": "sign"})
    assert response.status_code == 410
    assert "closed" in response.content.decode()
    assert Signature.objects.get(pk=row.pk).decision == "pending"


def test_the_sign_page_records_a_decision_and_gives_the_next_link(fw):
    row = Signature.objects.select_related("statement").get(
        statement=fw.open_statement, membership=fw.mlpd_membership
    )
    url = reverse("fronts:sign", args=[statements.signon_token(row)])
    response = Client().post(url, {"decision": "abstain"})
    assert response.status_code == 200
    assert Signature.objects.get(pk=row.pk).decision == "abstain"
    again = Client().post(url, {"decision": "sign"})
    assert again.status_code == 409
    assert Signature.objects.get(pk=row.pk).decision == "abstain"


def test_a_bad_decision_value_is_refused(fw):
    row = Signature.objects.select_related("statement").get(
        statement=fw.open_statement, membership=fw.mlpd_membership
    )
    url = reverse("fronts:sign", args=[statements.signon_token(row)])
    assert Client().post(url, {"decision": "veto"}).status_code == 400
    assert Signature.objects.get(pk=row.pk).decision == "pending"


def test_the_public_statement_lists_signatories_in_the_pages_language(fw):
    response = Client().get(reverse("fronts:statement_public_in", args=[fw.published.slug, "ru"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Солидарность" in body
    assert "Российская маоистская партия" in body
    assert "Marxist-Leninist Party of Germany" not in body  # declined
    assert "<script" not in body.split("</head>")[1].replace('<script src="/static/', "")


def test_a_withdrawn_or_draft_statement_has_no_public_page(fw):
    for slug in (fw.draft.slug, fw.open_statement.slug):
        assert Client().get(reverse("fronts:statement_public", args=[slug])).status_code == 404


def test_a_representative_decides_from_the_statement_page(fw):
    client = client_for(fw.delegate)
    page = client.get(
        reverse("fronts:statement_detail", args=[fw.front.slug, fw.open_statement.pk])
    )
    body = page.content.decode()
    assert "/fronts/sign/" in body
    # the representative sees only their own organization's link
    assert body.count("/fronts/sign/") == 1


def test_accepting_an_invitation_logs_the_representative_in_to_the_front(fw):
    token = services.representative_invite(
        actor=fw.personas.organizer_a, representative=fw.pending_rep
    )
    client = Client()
    url = reverse("fronts:representative_accept", args=[token])
    response = client.post(
        url,
        {
            "display_name": "Anna",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("fronts:detail", args=[fw.front.slug])
    assert client.get(response["Location"]).status_code == 200
    assert client.get(url).status_code == 404  # the link is spent


@pytest.mark.parametrize(
    "name",
    ["fronts:list", "fronts:membership_list", "fronts:statement_list", "fronts:platform"],
)
def test_list_pages_need_a_fixed_number_of_queries(fw, django_assert_max_num_queries, name):
    coordinator = fw.personas.organizer_a
    for n in range(8):
        statements.statement_create(
            actor=coordinator, front=fw.front, slug=f"extra-{n}", texts={"en": ("T", "B")}
        )
        services.front_create(
            actor=coordinator,
            unit=fw.personas.unit_a,
            slug=f"front-{n}",
            name=f"F{n}",
            short_name=f"F{n}",
            names={"ru": f"Ф{n}"},
        )
        services.membership_add(
            actor=coordinator,
            front=fw.front,
            organization=front_org(fw, n),
            status="member",
            decided_on=timezone.localdate(),
        )
    client = fw.personas.client("organizer_a")
    kwargs = {} if name == "fronts:list" else {"slug": fw.front.slug}
    with django_assert_max_num_queries(16):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


def front_org(fw, n):
    from massline.directory.tests.factories import OrganizationFactory

    return OrganizationFactory.create(
        actor=fw.personas.admin, name=f"Extra party {n}", short_name=f"XP{n}", country="BR"
    )


def test_a_representative_account_made_twice_for_one_email_is_refused(fw):
    with pytest.raises(ValidationError):
        make_representative_account(
            actor=fw.personas.organizer_a,
            membership=fw.rmp_membership,
            email="delegate.mlpd@example.org",
        )
    assert Statement.objects.filter(front=fw.front).count() == 3
