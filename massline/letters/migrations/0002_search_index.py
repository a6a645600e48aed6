"""The full-text index of letter versions, one per database vendor.

SQLite: an FTS5 table holding each version's subject and text, stemmed in the version's
language by `massline.letters.stemming` (rowid = version id). PostgreSQL: a GIN index on the
version's tsvector, which the services fill in the language's text search configuration.
"""

from django.db import migrations

SQLITE_FORWARD = (
    "CREATE VIRTUAL TABLE letters_fts USING fts5("
    "content, letter_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_BACKWARD = "DROP TABLE IF EXISTS letters_fts"
POSTGRES_FORWARD = (
    "CREATE INDEX IF NOT EXISTS letters_letterversion_search_gin "
    "ON letters_letterversion USING gin (search)"
)
POSTGRES_BACKWARD = "DROP INDEX IF EXISTS letters_letterversion_search_gin"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
