"""PostgreSQL: keep the version table's rows narrow.

A search reads the matching versions' rows for their letter id. With the text and its tsvector
stored inline, each such row is a few kilobytes, and a common word that matches tens of
thousands of versions reads tens of megabytes. With a TOAST target of 128 bytes, PostgreSQL
moves the text and the tsvector out of line, so the rows a search touches fit by the hundred
in a page. (Existing rows move on their next update; `VACUUM FULL letters_letterversion`
moves them all at once.)
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE letters_letterversion SET (toast_tuple_target = 128)")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE letters_letterversion RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("letters", "0004_search_per_letter")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
