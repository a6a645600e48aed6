"""A real SMTP server for tests: aiosmtpd on a free loopback port, collecting what it receives.

    def test_it_mails_a_link(mailbox):
        signature_add(...)
        message = mailbox.wait_for(to="anna@example.org")
        assert "confirm" in message.text

The `mailbox` fixture starts the server, points Django's SMTP backend at it for the test, and
stops it afterwards. Messages arrive as `email.message.EmailMessage` objects, parsed with the
default policy, so headers are decoded and `message.text` / `message.html` give the bodies.
"""

import email
import email.policy
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One message as the SMTP server got it."""

    envelope_from: str
    envelope_to: list[str]
    message: EmailMessage

    def _body(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        return "" if part is None else str(part.get_content())  # type: ignore[attr-defined]

    @property
    def text(self) -> str:
        return self._body("plain")

    @property
    def html(self) -> str:
        return self._body("html")

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    def attachments(self) -> list[tuple[str, str, bytes]]:
        """(file name, content type, bytes) of each attachment."""
        found = []
        for part in self.message.iter_attachments():
            payload = part.get_payload(decode=True)
            found.append(
                (
                    part.get_filename() or "",
                    part.get_content_type(),
                    payload if isinstance(payload, bytes) else b"",
                )
            )
        return found


@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[Received] = field(default_factory=list)
    _arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append(
                Received(
                    envelope_from=envelope.mail_from,
                    envelope_to=list(envelope.rcpt_tos),
                    message=parsed,  # type: ignore[arg-type]
                )
            )
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.envelope_to]

    def wait_for(self, *, to: str, count: int = 1, timeout: float = 10.0) -> Received:
        """The `count`-th message to `address`, waiting up to `timeout` seconds for it."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.to(to)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"no message #{count} to {to} within {timeout} s; "
                        f"got {[(m.envelope_to, m.subject) for m in self.messages]}"
                    )
                self._arrived.wait(left)
            return self.to(to)[count - 1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mailbox(settings: Any) -> Iterator[Mailbox]:
    box = Mailbox(host="127.0.0.1", port=_free_port())
    controller = Controller(box, hostname=box.host, port=box.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = box.host
    settings.EMAIL_PORT = box.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield box
    finally:
        controller.stop()
