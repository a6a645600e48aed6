"""Sign-on links for joint statements: signed, expiring, one decision per link.

A link carries the statement, the membership and the signature's `token_version`, signed
with the instance's secret key (Django's `signing`, salted for this use). It expires at the
statement's deadline. Recording a decision raises `token_version`, which spends the link; the
page that confirms a decision hands out the next link, so an organization can change its
decision until the deadline.
"""

from dataclasses import dataclass

from django.core import signing

SALT = "massline.fronts.signon"
MAX_TOKEN_LENGTH = 300


@dataclass(frozen=True)
class SignOnClaim:
    statement_id: int
    membership_id: int
    version: int
    expires: int  # Unix time of the deadline the link was issued for


def make_token(*, statement_id: int, membership_id: int, version: int, expires: int) -> str:
    return signing.dumps(
        {"s": statement_id, "m": membership_id, "v": version, "e": expires},
        salt=SALT,
        compress=False,
    )


def read_token(token: str) -> SignOnClaim | None:
    """The claim of a well-formed, untampered token; None otherwise (expiry is checked later)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    try:
        return SignOnClaim(
            statement_id=int(data["s"]),
            membership_id=int(data["m"]),
            version=int(data["v"]),
            expires=int(data["e"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
