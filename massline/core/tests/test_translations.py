"""Every user-facing string is translated into ru, it and de, and the .mo files are current.

The project's catalog is `massline/locale`; an app may keep its own beside its code
(`massline/<app>/locale`), where `makemessages` puts the strings of that app's files. Every
catalog is checked.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

PACKAGE = Path(settings.BASE_DIR)
LOCALE_DIRS = sorted(
    path for path in PACKAGE.rglob("locale") if path.is_dir() and "tests" not in path.parts
)
LANGUAGES = ["ru", "it", "de"]
CATALOGS = [(locale, language) for locale in LOCALE_DIRS for language in LANGUAGES]


def _name(catalog) -> str:
    locale, language = catalog
    return f"{locale.parent.relative_to(PACKAGE.parent)}:{language}"


CATALOG_IDS = [_name(catalog) for catalog in CATALOGS]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _catalog(locale: Path, language: str):
    with (locale / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


@pytest.mark.parametrize(("locale", "language"), CATALOGS, ids=CATALOG_IDS)
def test_every_message_is_translated(locale, language):
    missing = []
    for message in _catalog(locale, language):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    assert missing == [], f"{language}: {len(missing)} untranslated: {missing[:10]}"


@pytest.mark.parametrize(("locale", "language"), CATALOGS, ids=CATALOG_IDS)
def test_translations_keep_the_placeholders(locale, language):
    wrong = []
    for message in _catalog(locale, language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = _placeholders(ids[-1])
        for string in strings:
            # a plural form may leave out the count ("один" for 1), but never invent a name
            if not _placeholders(string) <= expected | _placeholders(ids[0]):
                wrong.append(ids[0])
    assert wrong == [], f"{language}: placeholders differ in {wrong[:10]}"


@pytest.mark.parametrize(("locale", "language"), CATALOGS, ids=CATALOG_IDS)
def test_the_compiled_catalog_matches_the_source(locale, language):
    mo_path = locale / language / "LC_MESSAGES" / "django.mo"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for message in _catalog(locale, language):
        if not message.id or message.pluralizable:
            continue
        key = f"{message.context}\x04{message.id}" if message.context else message.id
        if compiled._catalog.get(key) != message.string:  # type: ignore[attr-defined]
            stale.append(message.id)
    assert stale == [], f"{language}: .mo is stale for {stale[:10]}; run make messages"


def test_the_catalogs_contain_every_string_of_the_source(tmp_path):
    """Extract messages afresh and compare with the committed catalog."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xgettext (gettext) is needed in CI to check the catalogs")
        pytest.skip("gettext tools not installed: catalog freshness not checked here")
    copy = tmp_path / "massline"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "locale"))
    for locale in LOCALE_DIRS:
        (copy / locale.relative_to(PACKAGE)).mkdir()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "de",
            "--no-obsolete",
            "--no-location",
            "--ignore",
            "tests/*",
            "--ignore",
            "testing/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "massline.settings",
            "PYTHONPATH": str(tmp_path),
        },
    )
    missing = []
    for locale in LOCALE_DIRS:
        fresh_po = copy / locale.relative_to(PACKAGE) / "de" / "LC_MESSAGES" / "django.po"
        if not fresh_po.exists():
            continue
        with fresh_po.open("rb") as handle:
            fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
        committed = {
            m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(locale, "de") if m.id
        }
        missing += [f"{_name((locale, 'de'))}: {text}" for text in sorted(fresh - committed)]
    assert missing == [], f"strings missing from the catalogs: {missing[:15]}; run make messages"
