"""Who is calling the API.

- `Authorization: Bearer <token>` with a personal API token works for every method. A token
  with the `read` scope may only read (GET); anything else is refused with 403.
- Without that header, the browser session of a logged-in user is accepted for GET only.
  Changes always need a token, so a page on another site can never make a logged-in
  browser change data (no CSRF exposure), and nothing the API does relies on cookies for
  writes.

A bad token is refused with 401 whatever the method: an unknown, revoked or expired token
is not silently replaced by the session.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from massline.accounts.models import ApiToken, User
from massline.accounts.services import api_token_authenticate
from massline.api import problems

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REALM = 'Bearer realm="Massline API"'


def _not_authenticated(detail: str) -> problems.ApiProblem:
    return problems.ApiProblem(
        problems.NOT_AUTHENTICATED, detail, headers={"WWW-Authenticate": REALM}
    )


def _invalid_token(detail: str) -> problems.ApiProblem:
    return problems.ApiProblem(
        problems.INVALID_TOKEN,
        detail,
        headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'},
    )


class BearerToken(HttpBearer):
    """Personal API tokens; the session for reading. See the module docstring.

    On success `request.user` is the acting user and `request.auth` the token (or the user,
    for a session); every refusal raises a problem instead of returning None.
    """

    def __call__(self, request: HttpRequest) -> ApiToken | User:
        header = request.headers.get("Authorization")
        if header is not None:
            return self._from_header(request, header)
        user = request.user
        if isinstance(user, User) and user.is_authenticated and user.is_active:
            if request.method in SAFE_METHODS:
                return user
            raise _not_authenticated(
                _(
                    "A browser session may only read. Send an API token with the write scope "
                    "in the header 'Authorization: Bearer <token>' to make changes."
                )
            )
        raise _not_authenticated(problems.not_authenticated_detail())

    def _from_header(self, request: HttpRequest, header: str) -> ApiToken:
        parts = header.split()
        if len(parts) != 2 or parts[0].lower() != "bearer":
            raise _invalid_token(_("The Authorization header must read 'Bearer <token>'."))
        token = self.authenticate(request, parts[1])
        if token is None:
            raise _invalid_token(
                _("This API token is not valid: it is unknown, revoked or expired.")
            )
        if request.method not in SAFE_METHODS and token.scope != ApiToken.Scope.WRITE:
            raise problems.ApiProblem(
                problems.INSUFFICIENT_SCOPE,
                _(
                    "This API token may only read. Create a token with the write scope to make "
                    "changes."
                ),
                headers={"WWW-Authenticate": f'{REALM}, error="insufficient_scope"'},
            )
        request.user = token.user
        return token

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return api_token_authenticate(secret=token)


def request_token(request: HttpRequest) -> ApiToken | None:
    """The token the current request was authenticated with; None for a session."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None
