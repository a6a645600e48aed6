"""A copy of the database, read table by table with a raw cursor as someone who seized the
server would, holds no contact's name, email, phone or address in plaintext."""

from datetime import timedelta

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from massline.people.models import Contact
from massline.people.services.contacts import ensure_builtin_constituencies

PEOPLE = [
    {
        "given_name": "Svetlana",
        "family_name": "Abramovich",
        "called_name": "Sveta",
        "pseudonym": "Rowan",
        "emails": "svetlana.abramovich@example.org",
        "phones": "+7 916 555 0147",
        "address": "ulitsa Zhukovskogo 21, Nizhny Novgorod",
    },
    {
        "given_name": "Giacomo",
        "family_name": "Marzotto",
        "called_name": "",
        "pseudonym": "",
        "emails": "giacomo.marzotto@example.net\ng.marzotto@example.org",
        "phones": "+39 347 555 0199",
        "address": "Via Bartolomeo Bosco 57, Genova",
    },
]
SECRET_NOTES = "Works nights at the depot, afraid of the foreman"
SECRET_TASK = "Meet at the bakery on Corso Sardegna"


def plaintexts() -> list[str]:
    found = []
    for person in PEOPLE:
        for key in ("given_name", "family_name", "called_name", "pseudonym", "address"):
            if person[key]:
                found.append(person[key])
        found += person["emails"].splitlines()
        phone = person["phones"]
        found += [phone, phone.replace(" ", ""), phone.replace(" ", "")[1:]]
    return [*found, "Sveta Abramovich", SECRET_NOTES, SECRET_TASK]


def dump() -> str:
    """Every value of every row of every table, as text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    parts.append(str(value))
    return "\n".join(parts)


def test_contacts_made_through_the_pages_leave_no_plaintext_in_the_database(personas):
    ensure_builtin_constituencies()
    client = personas.client("organizer_a")
    for person in PEOPLE:
        response = client.post(
            reverse("people:contact_create"),
            {
                "unit": personas.unit_a.pk,
                "status": "contact",
                "constituencies": ["workers"],
                "notes": SECRET_NOTES,
                "tags": "night shift",
                **person,
            },
        )
        assert response.status_code == 302, response.content[:2000]
    contact = Contact.objects.order_by("id").first()
    assert contact is not None
    response = client.post(
        reverse("people:interaction_log", args=[contact.pk]),
        {
            "kind": "visit",
            "outcome": "positive",
            "place": PEOPLE[0]["address"],
            "notes": SECRET_NOTES,
            "assessment": "2",
            "task": SECRET_TASK,
            "due_on": (timezone.localdate() + timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 302
    client.get(reverse("people:contact_list"), {"email": PEOPLE[0]["emails"]})
    page = client.get(reverse("people:contact_detail", args=[contact.pk])).content.decode()
    assert "Abramovich" in page

    text = dump().casefold()
    assert "night shift" in text  # the dump does reach the contacts' own rows
    leaked = [secret for secret in plaintexts() if secret.casefold() in text]
    assert leaked == []
