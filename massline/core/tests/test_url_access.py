"""Who may open which page: every HTML URL pattern of the project × every persona.

`ACCESS` has one entry per named URL pattern. Each entry lists cases: the HTTP method, the object
that fills the URL's parameters, an optional POST payload, and the outcome for each persona in
the order of `Personas.NAMES`. An app may keep the entries of its own URLs beside it, in
`massline/<app>/tests/url_access.py` (an `ACCESS` dict built with the helpers of this module).
A pattern added to the project without an entry makes
`test_every_url_pattern_has_an_entry_in_the_access_table` fail.

Left out: the Django admin, allauth's own pages (login, logout, password, two-factor), the API
under api/v1/ (tested with the API), static files and the language switch.
"""

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.urls.resolvers import RegexPattern

from massline.accounts.models import ApiToken, Invitation, Membership, Role
from massline.accounts.services import api_token_create, invitation_create
from massline.conftest import Personas
from massline.core.views import healthz
from massline.directory.models import Organization, Position, Question, Relation
from massline.directory.tests.factories import (
    OrganizationFactory,
    PositionFactory,
    QuestionFactory,
    RelationFactory,
)

LOGIN = "login"  # a redirect to the login page
Outcome = int | str


def row(*outcomes: Outcome) -> dict[str, Outcome]:
    """Outcomes in the order of Personas.NAMES:
    admin, secretary, organizer_a, organizer_b, member_a, guest, anonymous."""
    return dict(zip(Personas.NAMES, outcomes, strict=True))


LOGGED_IN = row(200, 200, 200, 200, 200, 200, LOGIN)
EVERYONE = row(200, 200, 200, 200, 200, 200, 200)
READERS = row(200, 200, 200, 200, 200, 403, LOGIN)
EDITORS = row(200, 200, 403, 403, 403, 403, LOGIN)
EDITORS_WRITE = row(302, 302, 403, 403, 403, 403, LOGIN)
POST_ONLY = row(405, 405, 405, 405, 405, 405, LOGIN)
MISSING_FOR_READERS = row(404, 404, 404, 404, 404, 403, LOGIN)


@dataclass
class World:
    """The records whose ids fill the URL parameters."""

    personas: Personas
    open_org: Organization
    other_org: Organization
    confidential_org: Organization
    relation: Relation
    question: Question
    position: Position
    invitation: Invitation
    invitation_token: str
    token: ApiToken
    membership: Membership
    extra: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, make: Callable[["World"], Any]) -> Any:
        """An object built on first use and shared by the cases of one test."""
        if key not in self.extra:
            self.extra[key] = make(self)
        return self.extra[key]


def build_world(personas: Personas) -> World:
    admin = personas.admin
    open_org = OrganizationFactory.create(
        actor=admin, name="Partito marxista-leninista italiano", short_name="PMLI", country="IT"
    )
    other_org = OrganizationFactory.create(
        actor=admin, name="Marxistisch-Leninistische Partei", short_name="MLPD", country="DE"
    )
    confidential_org = OrganizationFactory.create(
        actor=admin,
        name="Российская маоистская партия",
        short_name="RMP",
        country="RU",
        unit=personas.unit_a,
        confidential=True,
    )
    question = QuestionFactory.create(actor=admin, title="The war since 24 February 2022")
    invitation, invitation_token = invitation_create(
        actor=personas.secretary,
        email="newcomer@example.org",
        unit=personas.unit_a,
        role=Role.MEMBER,
    )
    token, _secret = api_token_create(user=personas.organizer_a, name="script", scope="read")
    return World(
        personas=personas,
        open_org=open_org,
        other_org=other_org,
        confidential_org=confidential_org,
        relation=RelationFactory.create(actor=admin, source=open_org, target=other_org),
        question=question,
        position=PositionFactory.create(actor=admin, organization=open_org, question=question),
        invitation=invitation,
        invitation_token=invitation_token,
        token=token,
        membership=Membership.objects.get(user=personas.member_a, unit=personas.unit_a),
    )


MISSING_PK = 987654

TARGETS: dict[str, Callable[[World], dict[str, Any]]] = {
    "none": lambda w: {},
    "open_org": lambda w: {"pk": w.open_org.pk},
    "confidential_org": lambda w: {"pk": w.confidential_org.pk},
    "missing": lambda w: {"pk": MISSING_PK},
    "relation": lambda w: {"pk": w.relation.pk},
    "position": lambda w: {"pk": w.position.pk},
    "question": lambda w: {"pk": w.question.pk},
    "unit_a": lambda w: {"pk": w.personas.unit_a.pk},
    "invitation": lambda w: {"pk": w.invitation.pk},
    "membership": lambda w: {"pk": w.membership.pk},
    "token": lambda w: {"pk": w.token.pk},
    "invitation_link": lambda w: {"token": w.invitation_token},
    "bogus_link": lambda w: {"token": "no-such-invitation"},
    "country": lambda w: {"code": "IT"},
    "unknown_country": lambda w: {"code": "XX"},
}


def organization_payload(w: World) -> dict[str, Any]:
    return {
        "name": "Partito comunista dei lavoratori",
        "short_name": "PCL",
        "country": "IT",
        "kind": "party",
        "relation_status": "contact",
        "tags": "trotskyist",
    }


def confidential_payload(w: World) -> dict[str, Any]:
    return {
        "name": "Российская маоистская партия",
        "short_name": "RMP",
        "country": "RU",
        "kind": "party",
        "relation_status": "fraternal",
        "unit": w.personas.unit_a.pk,
        "confidential": "on",
    }


Target = str | Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    method: str
    target: Target
    expected: dict[str, Outcome]
    payload: Callable[[World], dict[str, Any]] | None = None

    @property
    def label(self) -> str:
        return self.target if isinstance(self.target, str) else self.target.__name__

    def kwargs(self, world: World) -> dict[str, Any]:
        if isinstance(self.target, str):
            return TARGETS[self.target](world)
        return self.target(world)


def GET(target: Target, expected: dict[str, Outcome]) -> Case:
    return Case("get", target, expected)


def POST(
    target: Target,
    expected: dict[str, Outcome],
    payload: Callable[[World], dict[str, Any]] | None = None,
) -> Case:
    return Case("post", target, expected, payload)


ACCESS: dict[str, list[Case]] = {
    "home": [GET("none", LOGGED_IN)],
    "healthz": [GET("none", EVERYONE), POST("none", row(*[405] * 7))],
    # accounts ------------------------------------------------------------------------------
    "accounts:settings": [GET("none", LOGGED_IN)],
    "accounts:api_token_create": [
        GET("none", POST_ONLY),
        POST(
            "none",
            LOGGED_IN,
            lambda w: {"name": "backup script", "scope": "read", "expires_in_days": "30"},
        ),
    ],
    "accounts:api_token_revoke": [
        GET("token", POST_ONLY),
        # only the owner (organizer_a) finds the token; it does not exist for anyone else
        POST("token", row(404, 404, 302, 404, 404, 404, LOGIN)),
    ],
    "accounts:unit_detail": [
        GET("unit_a", EDITORS),
        POST("unit_a", EDITORS, lambda w: {"email": "comrade@example.org", "role": "member"}),
        GET("missing", row(404, 404, 404, 404, 404, 404, LOGIN)),
    ],
    "accounts:invitation_revoke": [
        GET("invitation", POST_ONLY),
        POST("invitation", EDITORS_WRITE),
    ],
    "accounts:membership_remove": [
        GET("membership", POST_ONLY),
        POST("membership", EDITORS_WRITE),
    ],
    "accounts:invitation_accept": [
        GET("invitation_link", row(409, 409, 409, 409, 409, 409, 200)),
        GET("bogus_link", row(*[404] * 7)),
    ],
    # directory -----------------------------------------------------------------------------
    "directory:organization_list": [GET("none", READERS)],
    "directory:organization_create": [
        GET("none", EDITORS),
        POST("none", EDITORS_WRITE, organization_payload),
    ],
    "directory:organization_detail": [
        GET("open_org", READERS),
        GET("confidential_org", row(200, 200, 200, 404, 200, 403, LOGIN)),
        GET("missing", MISSING_FOR_READERS),
    ],
    "directory:organization_edit": [
        GET("open_org", EDITORS),
        POST("open_org", EDITORS_WRITE, organization_payload),
        GET("confidential_org", row(200, 200, 403, 404, 403, 403, LOGIN)),
        POST("confidential_org", row(302, 302, 403, 404, 403, 403, LOGIN), confidential_payload),
    ],
    "directory:organization_delete": [
        GET("open_org", POST_ONLY),
        POST("open_org", EDITORS_WRITE),
        POST("confidential_org", row(302, 302, 403, 404, 403, 403, LOGIN)),
    ],
    "directory:relation_add": [
        GET("open_org", POST_ONLY),
        POST("open_org", EDITORS_WRITE, lambda w: {"kind": "split_from", "target": w.other_org.pk}),
        POST(
            "confidential_org",
            row(302, 302, 403, 404, 403, 403, LOGIN),
            lambda w: {"kind": "fraternal", "target": w.open_org.pk},
        ),
    ],
    "directory:position_add": [
        GET("open_org", POST_ONLY),
        POST(
            "open_org",
            EDITORS_WRITE,
            lambda w: {"question": w.question.pk, "stance": "supports", "stated_on": "2023-09-16"},
        ),
    ],
    "directory:relation_delete": [
        GET("relation", POST_ONLY),
        POST("relation", EDITORS_WRITE),
        POST("missing", MISSING_FOR_READERS),
    ],
    "directory:position_delete": [
        GET("position", POST_ONLY),
        POST("position", EDITORS_WRITE),
        POST("missing", MISSING_FOR_READERS),
    ],
    "directory:question_list": [GET("none", READERS)],
    "directory:question_create": [
        GET("none", EDITORS),
        POST("none", EDITORS_WRITE, lambda w: {"title": "The strike wave of 2023"}),
    ],
    "directory:question_detail": [
        GET("question", READERS),
        GET("missing", MISSING_FOR_READERS),
    ],
    "directory:country_list": [GET("none", READERS)],
    "directory:country_detail": [
        GET("country", READERS),
        GET("unknown_country", MISSING_FOR_READERS),
    ],
    "directory:dossier_edit": [
        GET("country", POST_ONLY),
        POST("country", EDITORS_WRITE, lambda w: {"summary": "Rising strikes in logistics."}),
    ],
    "directory:dossier_source_add": [
        GET("country", POST_ONLY),
        POST(
            "country",
            EDITORS_WRITE,
            lambda w: {"title": "Labour statistics", "url": "https://example.org/stats"},
        ),
    ],
    "directory:indicator_add": [
        GET("country", POST_ONLY),
        POST(
            "country",
            EDITORS_WRITE,
            lambda w: {"name": "Strikes", "value": "412", "measured_on": "2023-06-30"},
        ),
    ],
}


def _app_tables() -> dict[str, list[Case]]:
    """Entries kept beside the apps that own the URLs: `massline/<app>/tests/url_access.py`."""
    tables: dict[str, list[Case]] = {}
    for config in django_apps.get_app_configs():
        if not config.name.startswith("massline."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.url_access")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{config.name}.tests", f"{config.name}.tests.url_access"):
                raise
            continue
        twice = set(module.ACCESS) & (set(ACCESS) | set(tables))
        assert not twice, f"{config.name} repeats access entries: {sorted(twice)}"
        tables.update(module.ACCESS)
    return tables


ACCESS.update(_app_tables())

SKIPPED_MODULES = (
    "allauth.",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "django.views.static",
    "django.views.i18n",
)
SKIPPED_PREFIXES = ("admin/", "api/v1/", "static/", "i18n/")


def _url_patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, str]]:
    """(route, name, view module) of every pattern under a resolver, recursively."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _url_patterns(entry, route, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or route
            yield route, f"{namespace}:{name}" if namespace else name, entry.lookup_str


def html_pattern_names(resolver: URLResolver | None = None) -> set[str]:
    return {
        name
        for route, name, view in _url_patterns(resolver or get_resolver())
        if not route.startswith(SKIPPED_PREFIXES) and not view.startswith(SKIPPED_MODULES)
    }


def test_every_url_pattern_has_an_entry_in_the_access_table():
    discovered = html_pattern_names()
    missing = sorted(discovered - set(ACCESS))
    stale = sorted(set(ACCESS) - discovered)
    assert not missing, f"URL patterns without an access entry: {missing}"
    assert not stale, f"Access entries for URL patterns that no longer exist: {stale}"


def test_a_new_url_pattern_without_an_entry_is_caught():
    project = get_resolver()
    extended = URLResolver(
        RegexPattern(r"^/"),
        [
            *project.url_patterns,
            path("reports/", healthz, name="report_list"),
        ],
    )
    assert html_pattern_names(extended) - set(ACCESS) == {"report_list"}


def test_the_walk_finds_patterns_of_every_app():
    names = html_pattern_names()
    assert {"home", "accounts:unit_detail", "directory:organization_detail"} <= names
    assert not any(name.startswith(("admin:", "account_", "mfa_")) for name in names)


def _cases() -> Iterator[Any]:
    for name, cases in ACCESS.items():
        for case in cases:
            yield pytest.param(name, case, id=f"{name}-{case.method}-{case.label}")


def _outcome_problem(response: Any, expected: Outcome) -> str | None:
    """Why a response does not match the expected outcome, or None when it does."""
    login = reverse("account_login")
    if expected == LOGIN:
        if response.status_code != 302 or not response["Location"].startswith(login):
            return f"expected a redirect to the login page, got {response.status_code}"
        return None
    if response.status_code != expected:
        body = response.content[:300].decode(errors="replace")
        return f"expected {expected}, got {response.status_code}: {body}"
    if expected == 302 and response["Location"].startswith(login):
        return "expected a redirect, got one to the login page"
    return None


@pytest.mark.parametrize(("name", "case"), list(_cases()))
def test_each_persona_gets_the_expected_outcome(personas, name, case):
    """One world per case; each persona's request runs in a savepoint that is rolled back, so
    what one persona changes (a deletion, say) is undone before the next one tries."""
    world = build_world(personas)
    url = reverse(name, kwargs=case.kwargs(world))
    problems = []
    for persona in Personas.NAMES:
        client = personas.client(persona)
        payload = case.payload(world) if case.payload else {}  # fresh: files are read once
        with transaction.atomic():
            response = getattr(client, case.method)(url, payload)
            transaction.set_rollback(True)
        problem = _outcome_problem(response, case.expected[persona])
        if problem:
            problems.append(f"{persona}: {problem}")
    assert not problems, f"{case.method.upper()} {url}\n" + "\n".join(problems)


def test_organizer_b_gets_404_for_a_confidential_organization_of_unit_a(personas):
    world = build_world(personas)
    url = reverse("directory:organization_detail", args=[world.confidential_org.pk])
    assert personas.client("organizer_b").get(url).status_code == 404
    response = personas.client("organizer_a").get(url)
    assert response.status_code == 200
    assert "Российская маоистская партия" in response.content.decode()
