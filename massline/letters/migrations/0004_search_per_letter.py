"""SQLite: one full-text row per letter (rowid = letter id) instead of one per version, so a
match yields letter ids without a join through the versions."""

from django.db import migrations

from massline.letters.stemming import stemmed_text


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS letters_fts")
    schema_editor.execute(
        "CREATE VIRTUAL TABLE letters_fts USING fts5("
        "content, tokenize = 'unicode61 remove_diacritics 2')"
    )
    LetterVersion = apps.get_model("letters", "LetterVersion")
    texts: dict[int, list[str]] = {}
    for version in LetterVersion.objects.order_by("letter_id", "language").iterator():
        document = f"{version.subject}\n{version.body}"
        texts.setdefault(version.letter_id, []).append(stemmed_text(document, version.language))
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO letters_fts (rowid, content) VALUES (%s, %s)",
            [(pk, "\n".join(parts)) for pk, parts in texts.items()],
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS letters_fts")
    schema_editor.execute(
        "CREATE VIRTUAL TABLE letters_fts USING fts5("
        "content, letter_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
    )


class Migration(migrations.Migration):
    dependencies = [("letters", "0003_anniversary")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
