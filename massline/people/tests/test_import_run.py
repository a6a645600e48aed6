"""The import, its dry run, duplicates, resuming after a crash, undo, and what is stored."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from massline.accounts.models import Role
from massline.accounts.services import membership_set
from massline.audit.models import AuditEntry
from massline.people.importing import services
from massline.people.importing.run import import_check_run, import_run, preview_rows
from massline.people.models import (
    Constituency,
    Contact,
    ContactIdentifier,
    ImportBatch,
    MergeRecord,
    Site,
    Tag,
)
from massline.people.services.contacts import contact_create
from massline.people.tests.test_import_support import (  # noqa: F401
    csv_bytes,
    import_dir,
    mapped_batch,
    run_import,
    stored_files,
)

pytestmark = pytest.mark.usefixtures("import_dir")

HEADER = [
    "Имя",
    "Фамилия",
    "E-mail",
    "Телефон",
    "Место работы",
    "Отрасль",
    "Город",
    "Country",
    "Tags",
    "Constituency",
    "Notizen",
]


def people(count: int, start: int = 0) -> list[list[str]]:
    return [
        [
            f"Имя{i}",
            f"Фамилия{i}",
            f"person{i}@example.org",
            f"+7 916 {1000000 + i}",
            "Завод" if i % 2 else "",
            "metal" if i % 2 else "",
            "Москва",
            "RU",
            "picket",
            "workers",
            f"note {i}",
        ]
        for i in range(start, start + count)
    ]


def batch_of(personas, rows, actor=None, unit=None, **options):
    return mapped_batch(
        actor or personas.secretary,
        unit or personas.unit_a,
        csv_bytes(rows, header=HEADER),
        **options,
    )


def counts() -> tuple[int, ...]:
    return (
        Contact.objects.count(),
        ContactIdentifier.objects.count(),
        Site.objects.count(),
        Tag.objects.count(),
        Contact.constituencies.through.objects.count(),
        Contact.tags.through.objects.count(),
    )


def test_an_import_creates_contacts_that_read_like_any_other(
    personas, django_capture_on_commit_callbacks
):
    rows = [
        *people(3),
        [
            "Anna",
            "Rossi",
            "Anna.Rossi@Example.IT",
            "347 123 4567",
            "Fiat",
            "auto",
            "Firenze",
            "Italia",
            "picket, strike",
            "Giovani",
            '=HYPERLINK("x")',
        ],
    ]
    batch = batch_of(personas, rows, default_country="IT", tags=["import 2023"])
    with django_capture_on_commit_callbacks(execute=True):
        result = run_import(batch, personas.secretary)
    assert (result.status, result.created_count, result.error_count) == ("done", 4, 0)
    anna = Contact.objects.get(country="IT")
    assert (anna.given_name, anna.family_name, anna.city) == ("Anna", "Rossi", "Firenze")
    assert anna.emails == "anna.rossi@example.it"
    assert anna.phones == "+393471234567"
    assert anna.notes == '=HYPERLINK("x")'
    assert anna.unit == personas.unit_a and anna.created_by == personas.secretary
    assert anna.import_batch == batch
    assert sorted(anna.tags.values_list("name", flat=True)) == ["import 2023", "picket", "strike"]
    assert list(anna.constituencies.values_list("key", flat=True)) == ["youth"]
    assert anna.site is not None
    assert anna.site.name == "Fiat" and anna.site.sector == "auto"
    assert anna.site.unit == personas.unit_a
    assert Site.objects.filter(name="Завод").count() == 1
    assert set(anna.identifiers.values_list("kind", flat=True)) == {"email", "phone"}
    found = Contact.objects.filter(
        identifiers__value_index=anna.identifiers.filter(kind="email").get().value_index
    )
    assert list(found) == [anna]
    actions = list(
        AuditEntry.objects.filter(object_id=str(batch.pk)).values_list("action", flat=True)
    )
    assert {"import.upload", "import.map", "import.queue", "import.start", "import.done"} <= set(
        actions
    )
    assert result.stored_file == "" and stored_files() == []


def test_the_pool_of_workers_gives_the_same_result_as_one_process(personas):
    rows = people(50) + people(10)  # the last 10 repeat the first ones
    inline = run_import(batch_of(personas, rows), personas.secretary, workers=0, chunk_rows=7)
    Contact.objects.all().delete()
    pooled = run_import(batch_of(personas, rows), personas.secretary, workers=2, chunk_rows=7)
    assert (pooled.created_count, pooled.duplicate_count) == (50, 10)
    assert (inline.created_count, inline.duplicate_count) == (50, 10)
    assert Contact.objects.count() == 50


def test_a_dry_run_writes_nothing_and_counts_what_the_import_would_do(personas):
    contact_create(
        actor=personas.organizer_a,
        unit=personas.unit_a,
        given_name="Old",
        emails=["person1@example.org"],
    )
    rows = [
        *people(5),
        people(1, start=3)[0],
        ["", "", "bad email", "", "", "", "", "", "", "", ""],
    ]
    rows.append(["Нов", "Завод", "new@example.org", "", "Новый цех", "", "", "", "", "", ""])
    batch = batch_of(personas, rows)
    before = counts()
    report = import_check_run(batch_id=batch.pk, actor_id=personas.secretary.pk, chunk_rows=2)
    assert counts() == before
    assert report["state"] == "done"
    assert (
        report["rows"],
        report["created"],
        report["in_file"],
        report["existing"],
        report["error_rows"],
    ) == (8, 5, 1, 1, 1)
    assert report["new_sites"] == 2
    assert report["errors"] == [{"row": 8, "column": "E-mail", "code": "email", "params": {}}]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.MAPPED and batch.report["check"]["created"] == 5
    assert stored_files()


def test_duplicates_inside_the_file_are_found_across_chunks(personas):
    rows = [
        *people(6),
        ["ИМЯ0", "фамилия0", "  PERSON0@EXAMPLE.ORG ", "", "", "", "", "", "", "", ""],
        ["Другой", "Человек", "", "8 916 100-00-05", "", "", "", "RU", "", "", ""],
    ]
    result = run_import(batch_of(personas, rows), personas.secretary, chunk_rows=2)
    assert (result.created_count, result.duplicate_count) == (6, 2)
    assert result.report["run"]["in_file"] == 2
    assert Contact.objects.count() == 6


def test_duplicates_of_existing_contacts_are_skipped(personas):
    existing = contact_create(
        actor=personas.organizer_a,
        unit=personas.unit_a,
        given_name="Ivan",
        emails=["person2@example.org"],
    )
    result = run_import(batch_of(personas, people(4)), personas.secretary)
    assert (result.created_count, result.duplicate_count) == (3, 1)
    assert result.report["run"]["existing"] == 1
    existing.refresh_from_db()
    assert existing.family_name == "" and existing.phones == ""


def test_duplicates_of_existing_contacts_can_fill_in_their_empty_fields(personas):
    existing = contact_create(
        actor=personas.organizer_a,
        unit=personas.unit_a,
        given_name="Ivan",
        city="Тверь",
        emails=["person2@example.org"],
    )
    result = run_import(batch_of(personas, people(4), duplicates="fill"), personas.secretary)
    assert (result.created_count, result.report["run"]["filled"]) == (3, 1)
    existing = Contact.objects.get(pk=existing.pk)
    assert existing.given_name == "Ivan" and existing.city == "Тверь"  # not overwritten
    assert existing.family_name == "Фамилия2"
    assert existing.phones == "+79161000002"
    assert existing.notes == "note 2"
    assert list(existing.tags.values_list("name", flat=True)) == ["picket"]
    assert set(existing.identifiers.values_list("kind", flat=True)) == {"email", "phone"}
    assert AuditEntry.objects.filter(action="import.fill").count() == 1


def test_organizer_b_never_matches_or_sees_unit_a_contacts(personas):
    membership_set(actor=None, user=personas.organizer_b, unit=personas.unit_b, role=Role.SECRETARY)
    secret = contact_create(
        actor=personas.organizer_a,
        unit=personas.unit_a,
        given_name="Засекреченный",
        family_name="Контакт",
        emails=["person0@example.org"],
        phones=["+7 916 1000001"],
    )
    batch = batch_of(personas, people(3), actor=personas.organizer_b, unit=personas.unit_b)
    preview = preview_rows(actor=personas.organizer_b, batch=batch)
    assert [row.duplicate for row in preview] == ["", "", ""]
    report = import_check_run(batch_id=batch.pk, actor_id=personas.organizer_b.pk)
    assert report["existing"] == 0 and report["created"] == 3
    page = personas.client("organizer_b").get(f"/people/imports/{batch.pk}/").content.decode()
    assert "Засекреченный" not in page and "Контакт" not in page
    result = run_import(batch, personas.organizer_b)
    assert result.created_count == 3 and result.duplicate_count == 0
    assert Contact.objects.filter(unit=personas.unit_b).count() == 3
    assert Contact.objects.get(pk=secret.pk).unit == personas.unit_a
    # the same file, imported by the secretary who sees unit A, finds the duplicates
    batch = batch_of(personas, people(3))
    assert [row.duplicate for row in preview_rows(actor=personas.secretary, batch=batch)] == [
        "existing",
        "existing",
        "existing",
    ]


def test_an_import_killed_half_way_leaves_whole_chunks_and_resumes_to_the_exact_total(
    personas, django_capture_on_commit_callbacks
):
    rows = people(10) + people(3) + people(5, start=10)  # 18 rows, 3 repeats, across chunks
    batch = batch_of(personas, rows)
    chunks_done = []

    def crash_in_third_chunk(batch, tally):
        chunks_done.append(tally.rows)
        if len(chunks_done) == 3:
            raise RuntimeError("killed")

    result = run_import(batch, personas.secretary, chunk_rows=4, on_chunk=crash_in_third_chunk)
    assert result.status == ImportBatch.Status.FAILED
    assert result.processed_rows == 8
    assert Contact.objects.count() == result.created_count == 8
    assert ContactIdentifier.objects.count() == 16
    assert result.stored_file and services.can_resume(result)

    with django_capture_on_commit_callbacks(execute=False):
        services.import_resume(actor=personas.secretary, batch=result)
    with django_capture_on_commit_callbacks(execute=True):
        resumed = import_run(batch_id=batch.pk, actor_id=personas.secretary.pk, chunk_rows=4)
    assert resumed is not None and resumed.status == ImportBatch.Status.DONE
    assert (resumed.processed_rows, resumed.created_count, resumed.duplicate_count) == (18, 15, 3)
    assert resumed.report["run"]["in_file"] == 3
    assert Contact.objects.count() == 15
    assert len(set(Contact.objects.values_list("name_index", flat=True))) == 15
    assert stored_files() == []


def test_a_run_that_died_without_a_word_can_be_resumed_once_it_is_stale(personas):
    batch = batch_of(personas, people(4))
    services.import_start(actor=personas.secretary, batch=batch, enqueue=False)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING, progress_at=timezone.now()
    )
    batch.refresh_from_db()
    assert not services.can_resume(batch)
    with pytest.raises(ValidationError):
        services.import_resume(actor=personas.secretary, batch=batch)
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert services.can_resume(batch)
        services.import_resume(actor=personas.secretary, batch=batch)
        result = import_run(batch_id=batch.pk, actor_id=personas.secretary.pk)
    assert result is not None and result.created_count == 4


def test_a_run_stops_when_another_run_takes_the_batch_over(personas):
    batch = batch_of(personas, people(9))

    def taken_over(batch, tally):
        if tally.rows == 3:
            ImportBatch.objects.filter(pk=batch.pk).update(
                report={"run": {"token": "someone-else"}}
            )

    services.import_start(actor=personas.secretary, batch=batch, enqueue=False)
    assert (
        import_run(
            batch_id=batch.pk, actor_id=personas.secretary.pk, chunk_rows=3, progress=taken_over
        )
        is None
    )
    batch.refresh_from_db()
    assert batch.processed_rows == 3 and batch.status == ImportBatch.Status.RUNNING
    assert Contact.objects.count() == 3


def test_undo_deletes_the_contacts_of_the_import(personas):
    earlier = contact_create(actor=personas.organizer_a, unit=personas.unit_a, given_name="Old")
    batch = run_import(batch_of(personas, people(5)), personas.secretary)
    result = services.import_undo(actor=personas.secretary, batch=batch)
    assert result == {"deleted": 5, "kept_merged": 0, "gone": 0}
    assert list(Contact.objects.all()) == [earlier]
    assert ContactIdentifier.objects.filter(contact__import_batch=batch).count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UNDONE
    assert AuditEntry.objects.filter(action="import.undo", object_id=str(batch.pk)).exists()
    with pytest.raises(ValidationError):
        services.import_undo(actor=personas.secretary, batch=batch)


def test_undo_keeps_contacts_that_others_were_merged_into(personas):
    batch = run_import(batch_of(personas, people(3)), personas.secretary)
    kept = Contact.objects.filter(import_batch=batch).first()
    assert kept is not None
    MergeRecord.objects.create(
        kept=kept, merged_contact_id=999_999, snapshot="{}", by=personas.secretary
    )
    other = Contact.objects.filter(import_batch=batch).exclude(pk=kept.pk).first()
    assert other is not None
    other.delete()
    result = services.import_undo(actor=personas.secretary, batch=batch)
    assert result == {"deleted": 1, "kept_merged": 1, "gone": 1}
    assert list(Contact.objects.all()) == [kept]


def test_only_the_units_secretaries_may_import(personas):
    batch = batch_of(personas, people(2))
    for persona in (personas.organizer_a, personas.member_a, personas.organizer_b):
        with pytest.raises(Exception) as raised:
            services.import_start(actor=persona, batch=batch)
        assert raised.type.__name__ == "PermissionDenied"


def test_the_database_holds_no_plaintext_after_an_import(personas):
    rows = [
        [
            "Зинаида",
            "Шпаликова",
            "zinaida.shpalikova@example.org",
            "+7 903 555-12-34",
            "Кондитерская фабрика",
            "food",
            "Тверь",
            "RU",
            "picket",
            "women",
            "боится увольнения",
        ],
        [
            "Gökhan",
            "Yıldırımoğlu",
            "gokhan.y@example.com.tr",
            "0532 987 65 43",
            "",
            "",
            "İzmir",
            "Türkiye",
            "",
            "",
            "Sendika üyesi değil",
        ],
    ]
    batch = batch_of(
        personas,
        [
            *rows,
            ["Broken", "Row", "zz at nowhere", "", "", "", "", "", "", "", "секретная заметка"],
        ],
        default_country="TR",
    )
    result = run_import(batch, personas.secretary)
    assert result.created_count == 2 and result.error_count == 1
    secrets = [
        "Зинаида",
        "Шпаликова",
        "zinaida.shpalikova",
        "903555",
        "555-12-34",
        "Gökhan",
        "Yıldırımoğlu",
        "gokhan.y",
        "5329876543",
        "987 65 43",
        "боится увольнения",
        "Sendika",
        "секретная",
        "zz at nowhere",
        "contacts.csv",
    ]
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            for record in cursor.fetchall():
                text = " ".join(str(value) for value in record)
                found += [(table, secret) for secret in secrets if secret in text]
    assert found == []


def test_constituencies_of_the_options_must_exist(personas):
    with pytest.raises(ValidationError, match="Unknown constituency"):
        batch_of(personas, people(1), constituencies=["martians"])
    assert Constituency.objects.filter(key="workers").exists()


def test_similar_names_are_looked_for_afterwards_when_asked(personas):
    from massline.people.models import DuplicateCandidate

    contact_create(
        actor=personas.organizer_a,
        unit=personas.unit_a,
        given_name="Иван",
        family_name="Петров",
        city="Москва",
    )
    rows = [["Ivan", "Petrov", "ivan.p@example.org", "", "", "", "Москва", "RU", "", "", ""]]
    result = run_import(batch_of(personas, rows, fuzzy=True), personas.secretary)
    assert result.status == ImportBatch.Status.DONE
    assert result.report["run"]["fuzzy"] >= 1
    assert (
        DuplicateCandidate.objects.filter(import_batch=result).count()
        == (result.report["run"]["fuzzy"])
    )


def test_a_dry_run_in_progress_holds_the_mapping_until_it_is_over_or_stale(personas):
    from massline.people.importing.mapping import ImportOptions

    batch = batch_of(personas, people(3))
    services.import_check(actor=personas.secretary, batch=batch)
    batch.refresh_from_db()
    assert services.check_running(batch)
    with pytest.raises(ValidationError, match="dry run"):
        services.import_map(
            actor=personas.secretary,
            batch=batch,
            targets=batch.mapping["targets"],
            options=ImportOptions(),
        )
    with pytest.raises(ValidationError, match="being checked"):
        services.import_check(actor=personas.secretary, batch=batch)
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        services.import_check(actor=personas.secretary, batch=batch)
        report = import_check_run(batch_id=batch.pk, actor_id=personas.secretary.pk)
    assert report["state"] == "done" and report["created"] == 3


def test_a_dry_run_stops_writing_once_the_mapping_changed(personas):
    from massline.people.importing.mapping import ImportOptions

    batch = batch_of(personas, people(6))

    def remap(batch, tally):
        ImportBatch.objects.filter(pk=batch.pk).update(report={})
        services.import_map(
            actor=personas.secretary,
            batch=ImportBatch.objects.get(pk=batch.pk),
            targets=batch.mapping["targets"],
            options=ImportOptions(tags=["new"]),
        )

    report = import_check_run(
        batch_id=batch.pk, actor_id=personas.secretary.pk, chunk_rows=2, progress=remap
    )
    assert report["state"] == "superseded"
    batch.refresh_from_db()
    assert "check" not in batch.report
