"""Atom and RSS feeds of the letters published in one language."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from massline.letters import selectors
from massline.letters.models import LetterVersion
from massline.letters.pdf import organization_name

FEED_SIZE = 50


class PublishedLettersAtom(Feed):
    feed_type: type[Any] = Atom1Feed

    def get_object(self, request: HttpRequest, language: str) -> str:  # type: ignore[override]
        selectors.published_versions(language=language)  # 404 for a malformed code
        return language

    def title(self, language: str) -> str:
        return _("Letters of %(name)s") % {"name": organization_name()}

    def link(self, language: str) -> str:
        return reverse("letters:public_list", args=[language])

    def subtitle(self, language: str) -> str:
        return _("Letters published in %(language)s.") % {"language": language}

    description = subtitle

    def language(self, language: str) -> str:  # type: ignore[override]
        return language

    def items(self, language: str) -> list[LetterVersion]:
        return list(selectors.published_versions(language=language)[:FEED_SIZE])

    def item_title(self, item: LetterVersion) -> str:
        return f"{item.letter.register_number} — {item.subject}"

    def item_description(self, item: LetterVersion) -> str:
        # Plain text; the feed generator escapes it.
        return item.body

    def item_link(self, item: LetterVersion) -> str:
        return reverse(
            "letters:public_letter",
            args=[item.letter.register_year, item.letter.register_seq, item.language],
        )

    def item_pubdate(self, item: LetterVersion) -> Any:
        return item.published_at

    def item_updateddate(self, item: LetterVersion) -> Any:
        return item.published_at


class PublishedLettersRss(PublishedLettersAtom):
    feed_type = Rss201rev2Feed
