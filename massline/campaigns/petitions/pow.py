"""The proof of work a browser solves before signing (ALTCHA, SHA-256, self-hosted).

A challenge is made here, signed with a key derived from SECRET_KEY, and expires after
`CHALLENGE_SECONDS`. The browser searches the number whose hash matches (static/petitions/
sign.js) and sends the solution in the hidden field `pow`. A solution is spent once: the
challenge is remembered in `UsedChallenge` (inside the signing transaction) until it expires.
"""

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import altcha
from django.conf import settings
from django.utils import timezone

CHALLENGE_SECONDS = 20 * 60
MAX_PAYLOAD = 2000


def _key() -> bytes:
    return hashlib.sha256(b"massline.petitions.pow:" + settings.SECRET_KEY.encode()).digest()


def challenge_new() -> dict[str, Any]:
    """A fresh challenge, as the browser script expects it."""
    expires = datetime.now(UTC) + timedelta(seconds=CHALLENGE_SECONDS)
    challenge = altcha.create_challenge_v1(
        altcha.ChallengeOptionsV1(
            algorithm="SHA-256",
            max_number=settings.MASSLINE_PETITION_POW_MAX_NUMBER,
            hmac_key=_key(),
            expires=expires,
        )
    )
    return challenge.to_dict()


class PowError(ValueError):
    """The solution is malformed, wrong or expired."""


@dataclass(frozen=True)
class Solved:
    challenge: str
    expires_at: datetime


def solution_check(payload: str) -> Solved:
    """Check a solution sent by a browser; raise `PowError` unless it is right and unexpired.

    Whether it was already spent is the caller's business (`UsedChallenge`).
    """
    if not payload or len(payload) > MAX_PAYLOAD:
        raise PowError("missing or oversized")
    try:
        data = json.loads(base64.b64decode(payload, validate=True))
    except ValueError as exc:
        raise PowError("malformed") from exc
    if not isinstance(data, dict) or not isinstance(data.get("challenge"), str):
        raise PowError("malformed")
    try:
        ok, _error = altcha.verify_solution_v1(cast(Any, data), _key(), check_expires=True)
    except (KeyError, TypeError, ValueError) as exc:
        raise PowError("malformed") from exc
    if not ok:
        raise PowError("wrong or expired")
    salt = str(data.get("salt", ""))
    expires_at = timezone.now() + timedelta(seconds=CHALLENGE_SECONDS)
    for part in salt.split("?", 1)[-1].split("&"):
        if part.startswith("expires="):
            try:
                expires_at = datetime.fromtimestamp(int(part[8:]), tz=UTC)
            except ValueError as exc:
                raise PowError("malformed") from exc
    return Solved(challenge=data["challenge"][:128], expires_at=expires_at)
