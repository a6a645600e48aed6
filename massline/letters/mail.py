"""The mail that carries a letter: one per recipient, with a PDF per language it gets."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from massline.letters.models import Letter, LetterRecipient, LetterVersion
from massline.letters.pdf import organization_name, render_pdf


def versions_for(recipient: LetterRecipient, versions: list[LetterVersion]) -> list[LetterVersion]:
    """The language versions a recipient gets: those it asks for, else every one; the
    original first."""
    wanted = recipient.language_codes()
    chosen = [v for v in versions if not wanted or v.language in wanted]
    if not chosen:
        chosen = [v for v in versions if v.is_original] or versions
    return sorted(chosen, key=lambda v: (not v.is_original, v.language))


def send_letter(letter: Letter, recipient: LetterRecipient, versions: list[LetterVersion]) -> None:
    chosen = versions_for(recipient, versions)
    first = chosen[0]
    body = render_to_string(
        "letters/mail/letter.txt",
        {
            "letter": letter,
            "versions": chosen,
            "organization_name": organization_name(),
            "recipient": recipient,
        },
    )
    message = EmailMessage(
        subject=f"{letter.register_number} — {first.subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )
    names = [recipient.organization.name]
    for version in chosen:
        message.attach(
            f"letter-{letter.register_year}-{letter.register_seq:03d}-{version.language}.pdf",
            render_pdf(letter, version, names),
            "application/pdf",
        )
    message.send(fail_silently=False)
