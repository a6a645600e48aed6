"""The letter on letterhead as a PDF (WeasyPrint).

The letterhead shows our organization's name (`MASSLINE_LETTERHEAD_NAME`, else the root unit's
name) and address line, the register number, the date and place, the recipient, the text and
the signatories. Fonts are the DejaVu families installed on the machine (Cyrillic, Italian and
German glyphs included); the URL fetcher refuses every address, so nothing is ever loaded from
another host or from the disk while rendering.
"""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from massline.accounts.models import Unit
from massline.letters.models import Letter, LetterVersion


class FetchRefused(Exception):
    pass


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise FetchRefused(f"letterhead rendering loads nothing: {url[:80]}")


def organization_name() -> str:
    configured = getattr(settings, "LETTERS_LETTERHEAD_NAME", "")
    if configured:
        return configured
    root = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    return root.name if root else getattr(settings, "SITE_NAME", "")


def letterhead_html(
    letter: Letter, version: LetterVersion, recipient_names: list[str] | None = None
) -> str:
    """The HTML handed to WeasyPrint; every value is escaped by the template engine."""
    if recipient_names is None:
        recipient_names = [r.organization.name for r in letter.recipients.all()]
    with translation.override(version.language):
        return render_to_string(
            "letters/pdf/letterhead.html",
            {
                "letter": letter,
                "version": version,
                "organization_name": organization_name(),
                "organization_address": getattr(settings, "LETTERS_LETTERHEAD_ADDRESS", ""),
                "recipient_names": recipient_names,
                "co_signers": list(letter.co_signers.all()),
                "paragraphs": [p.strip() for p in version.body.split("\n\n") if p.strip()],
            },
        )


def render_pdf(
    letter: Letter, version: LetterVersion, recipient_names: list[str] | None = None
) -> bytes:
    from weasyprint import HTML

    html = letterhead_html(letter, version, recipient_names)
    return HTML(string=html, url_fetcher=_refuse_fetch, base_url="about:blank").write_pdf()
