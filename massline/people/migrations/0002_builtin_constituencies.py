"""The four built-in constituencies always exist: workers, women, youth, oppressed nationalities."""

from django.db import migrations

BUILTIN = {
    "workers": "Workers",
    "women": "Women",
    "youth": "Youth",
    "oppressed-nationalities": "Oppressed nationalities",
}


def seed(apps, schema_editor):
    Constituency = apps.get_model("people", "Constituency")
    for key, name in BUILTIN.items():
        Constituency.objects.update_or_create(key=key, defaults={"name": name, "builtin": True})


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
