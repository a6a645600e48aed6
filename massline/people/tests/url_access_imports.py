"""Who may open which page of this area; see massline/people/tests/url_access.py."""

from typing import Any

ACCESS: dict[str, list[Any]] = {}
