"""Finding candidate duplicates: exact identifiers, fuzzy names, scope and idempotence."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from massline.accounts.models import Role
from massline.accounts.services import membership_set, user_create
from massline.people.models import DuplicateCandidate, ImportBatch
from massline.people.services.contacts import contact_create
from massline.people.services.dedupe import (
    DedupeRules,
    dedupe_scan,
    matching_key,
    reason_label,
)

pytestmark = pytest.mark.django_db


def make(personas, unit=None, **fields):
    return contact_create(actor=personas.admin, unit=unit or personas.unit_a, **fields)


def pairs():
    return {(c.first_id, c.second_id): c for c in DuplicateCandidate.objects.all()}


def pair_of(a, b):
    return pairs().get((min(a.pk, b.pk), max(a.pk, b.pk)))


def test_it_pairs_contacts_that_share_an_email(personas):
    a = make(personas, given_name="Anna", family_name="Smirnova", emails=["anna@example.org"])
    b = make(personas, pseudonym="Red Anna", emails=["ANNA@example.org"], city="Tula")
    assert dedupe_scan(actor=personas.secretary) == 1
    candidate = pair_of(a, b)
    assert candidate.reasons == ["same email"]
    assert 0.85 <= candidate.score <= 1


def test_it_pairs_contacts_that_share_a_phone_written_differently(personas):
    a = make(personas, given_name="Oleg", phones=["+7 916 123-45-67"], emails=["o@example.org"])
    b = make(personas, given_name="Oleg", phones=["+79161234567"], emails=["oleg@example.net"])
    assert dedupe_scan(actor=personas.secretary) == 1
    assert pair_of(a, b).reasons == ["same phone", "name 100%"]


def test_it_finds_the_same_name_in_latin_cyrillic_swapped_and_german_spelling(personas):
    a = make(personas, given_name="Ivan", family_name="Petrov", city="Moscow")
    b = make(personas, given_name="Иван", family_name="Петров", city="Moscow")
    c = make(personas, given_name="Petrov", family_name="Ivan", city="moscow")
    d = make(personas, given_name="Iwan", family_name="Petrow", city="MOSCOW")
    assert dedupe_scan(actor=personas.secretary) == 6
    for x, y in [(a, b), (a, c), (a, d), (b, d), (c, d), (b, c)]:
        assert pair_of(x, y).reasons == ["name 100% + same city"]


def test_it_finds_a_name_with_a_typo_in_the_same_city_but_not_in_another(personas):
    a = make(personas, given_name="Giulia", family_name="Bernardini", city="Firenze")
    b = make(personas, given_name="Guilia", family_name="Bernardini", city="Firenze")
    c = make(personas, given_name="Giulia", family_name="Bernardini", city="Roma")
    assert dedupe_scan(actor=personas.secretary) == 1
    reason = pair_of(a, b).reasons[0]
    assert reason.startswith("name 9") and reason.endswith("% + same city")
    assert pair_of(a, c) is None


def test_the_same_site_counts_as_a_place(personas):
    from massline.people.services.contacts import site_create

    site = site_create(actor=personas.admin, unit=personas.unit_a, name="Depot 4", kind="workplace")
    a = make(personas, given_name="Marco", family_name="Rossi", site=site)
    b = make(personas, given_name="Marco", family_name="Rosssi", site=site)
    assert dedupe_scan(actor=personas.secretary) == 1
    assert pair_of(a, b).reasons[0].endswith("same site")


def test_different_people_in_the_same_city_are_not_paired(personas):
    make(personas, given_name="Anna", family_name="Ivanova", city="Tver")
    make(personas, given_name="Ivan", family_name="Ivanov", city="Tver")
    make(personas, given_name="Marina", family_name="Sokolova", city="Tver")
    assert dedupe_scan(actor=personas.secretary) == 0


def test_a_second_scan_adds_nothing_and_a_decided_pair_never_comes_back(personas):
    a = make(personas, given_name="Ivan", family_name="Petrov", city="Moscow")
    b = make(personas, given_name="Ivan", family_name="Petrov", city="Moscow")
    assert dedupe_scan(actor=personas.secretary) == 1
    assert dedupe_scan(actor=personas.secretary) == 0
    DuplicateCandidate.objects.update(status=DuplicateCandidate.Status.KEPT_APART)
    assert dedupe_scan(actor=personas.secretary) == 0
    assert pair_of(a, b).status == DuplicateCandidate.Status.KEPT_APART


def test_a_secretary_of_unit_b_never_gets_pairs_involving_unit_a(personas):
    secretary_b = user_create(email="sec.b@example.org", password="x" * 12)
    membership_set(actor=None, user=secretary_b, unit=personas.unit_b, role=Role.SECRETARY)
    make(personas, given_name="Ivan", family_name="Petrov", emails=["ivan@example.org"])
    make(
        personas,
        unit=personas.unit_b,
        given_name="Ivan",
        family_name="Petrov",
        emails=["ivan@example.org"],
    )
    b1 = make(personas, unit=personas.unit_b, given_name="Olga", emails=["olga@example.org"])
    b2 = make(personas, unit=personas.unit_b, given_name="Olga", emails=["olga@example.org"])
    assert dedupe_scan(actor=secretary_b) == 1
    assert set(pairs()) == {(b1.pk, b2.pk)}


def test_organizers_may_not_scan(personas):
    with pytest.raises(PermissionDenied):
        dedupe_scan(actor=personas.organizer_a)


def test_unit_ids_narrow_the_scan(personas):
    make(personas, given_name="Ivan", emails=["ivan@example.org"])
    make(personas, given_name="Ivan", emails=["ivan@example.org"])
    assert dedupe_scan(actor=personas.secretary, unit_ids={personas.unit_b.pk}) == 0
    assert dedupe_scan(actor=personas.secretary, unit_ids={personas.unit_a.pk}) == 1


def test_an_import_batch_scan_only_pairs_contacts_of_the_batch(personas):
    batch = ImportBatch.objects.create(
        unit=personas.unit_a, created_by=personas.secretary, file_format="csv"
    )
    old1 = make(personas, given_name="Ivan", family_name="Petrov", city="Moscow")
    old2 = make(personas, given_name="Ivan", family_name="Petrov", city="Moscow")
    new = make(personas, given_name="Иван", family_name="Петров", city="Moscow")
    far = make(personas, given_name="Olga", emails=["olga@example.org"], city="Kazan")
    near = make(personas, given_name="Olga", emails=["olga@example.org"], city="Samara")
    type(new).objects.filter(pk__in=[new.pk, near.pk]).update(import_batch=batch)
    assert dedupe_scan(actor=personas.secretary, import_batch=batch) == 3, pairs()
    assert pair_of(old1, old2) is None
    assert pair_of(old1, new).import_batch == batch
    assert pair_of(far, near).reasons == ["same email", "name 100%"]


def test_a_shared_office_address_is_not_evidence(personas):
    for n in range(5):
        make(personas, given_name=f"Person{n}", emails=["office@union.example.org"])
    assert (
        dedupe_scan(actor=personas.secretary, rules=DedupeRules(max_candidates_per_contact=3)) == 0
    )


def test_each_contact_keeps_at_most_the_allowed_number_of_pairs_the_best_first(personas):
    hub = make(personas, given_name="Lev", emails=["lev@example.org"], phones=["+74951234567"])
    by_email = make(personas, given_name="Lev", emails=["lev@example.org"])
    make(personas, given_name="Leo", phones=["+74951234567"])
    assert (
        dedupe_scan(actor=personas.secretary, rules=DedupeRules(max_candidates_per_contact=1)) == 1
    )
    assert pair_of(hub, by_email) is not None


def test_a_name_held_by_many_contacts_of_one_place_is_not_evidence(personas):
    for _ in range(4):
        make(personas, given_name="Ivan", family_name="Petrov", city="Moscow")
    assert (
        dedupe_scan(actor=personas.secretary, rules=DedupeRules(max_candidates_per_contact=2)) == 0
    )


def test_rules_outside_their_range_are_refused():
    with pytest.raises(ValidationError):
        DedupeRules(name_threshold=20)
    with pytest.raises(ValidationError):
        DedupeRules(max_candidates_per_contact=0)


def test_the_matching_key_evens_out_transliteration():
    assert matching_key("Юлия", "Щербакова") == matching_key("Julija", "Schtscherbakowa")
    assert matching_key("Yulia", "Shcherbakova") == matching_key("Юлия", "Щербакова")
    assert matching_key("Пётр", "Жуков") == matching_key("Pjotr", "Schukow")
    assert matching_key("Dmitriy", "") == matching_key("Дмитрий", "")
    assert matching_key("", "") == ""


def test_reasons_are_shown_in_the_users_language(settings):
    from django.utils import translation

    with translation.override("en"):
        assert reason_label("name 94% + same city") == "name 94% + same city"
        assert reason_label("same phone") == "same phone"


def test_different_phones_or_sites_rule_out_a_match_on_the_name_alone(personas):
    from massline.people.services.contacts import site_create

    depot = site_create(actor=personas.admin, unit=personas.unit_a, name="Depot", kind="workplace")
    port = site_create(actor=personas.admin, unit=personas.unit_a, name="Port", kind="workplace")
    make(personas, given_name="Lev", family_name="Gurvich", city="Tver", phones=["+74951111111"])
    make(personas, given_name="Lev", family_name="Gurvich", city="Tver", phones=["+74952222222"])
    make(personas, given_name="Rosa", family_name="Zetkina", city="Tver", site=depot)
    make(personas, given_name="Rosa", family_name="Zetkina", city="Tver", site=port)
    assert dedupe_scan(actor=personas.secretary) == 0
    assert dedupe_scan(actor=personas.secretary, rules=DedupeRules(conflicts_rule_out=False)) == 2


def test_a_name_common_in_its_city_is_not_enough_but_a_rare_one_is(personas):
    for n in range(120):
        make(personas, given_name="Anna", family_name=f"Kovaleva{n:03d}", city="Tver")
        make(personas, given_name=f"Mila{n:03d}", family_name="Ivanova", city="Tver")
    common = [
        make(personas, given_name="Anna", family_name="Ivanova", city="Tver") for _ in range(2)
    ]
    rare = [
        make(personas, given_name="Ekaterina", family_name="Shcheglova", city="Tver")
        for _ in range(2)
    ]
    dedupe_scan(actor=personas.secretary)
    assert pair_of(*rare) is not None
    assert pair_of(*common) is None
    dedupe_scan(actor=personas.secretary, rules=DedupeRules(namesake_limit=100))
    assert pair_of(*common) is not None


def test_a_scan_shared_with_worker_processes_finds_the_same_pairs(personas, settings):
    for n in range(30):
        make(personas, given_name=f"Ivan{n:02d}", family_name=f"Petrov{n:02d}", city="Moscow")
        make(
            personas,
            given_name=f"Иван{n:02d}",
            family_name=f"Петров{n:02d}",
            city="Moscow",
            emails=[f"p{n}@example.org"],
        )
        make(personas, given_name="Olga", emails=[f"p{n}@example.org"], city="Kazan")
    settings.MASSLINE_DEDUPE_PROCESSES = 1
    alone = dedupe_scan(actor=personas.secretary)
    assert alone >= 60
    stored = {(p, tuple(c.reasons)) for p, c in pairs().items()}
    DuplicateCandidate.objects.all().delete()
    settings.MASSLINE_DEDUPE_PROCESSES = 2
    assert dedupe_scan(actor=personas.secretary) == alone
    assert {(p, tuple(c.reasons)) for p, c in pairs().items()} == stored


def test_the_scan_reports_its_progress_up_to_the_end(personas):
    make(personas, given_name="Ivan", emails=["ivan@example.org"])
    make(personas, given_name="Ivan", emails=["ivan@example.org"])
    calls = []
    dedupe_scan(actor=personas.secretary, progress=lambda done, total: calls.append((done, total)))
    assert calls
    assert calls[-1][0] == calls[-1][1] > 0
    assert all(done <= total for done, total in calls)


def test_a_batch_scan_never_pairs_two_contacts_outside_the_batch(personas):
    batch = ImportBatch.objects.create(
        unit=personas.unit_a, created_by=personas.secretary, file_format="csv"
    )
    old = make(personas, given_name="Giulia", family_name="Bernardini", city="Firenze")
    old_typo = make(personas, given_name="Guilia", family_name="Bernardini", city="Firenze")
    new = make(personas, given_name="Giulia", family_name="Bernardini", city="Firenze")
    type(new).objects.filter(pk=new.pk).update(import_batch=batch)
    assert dedupe_scan(actor=personas.secretary, import_batch=batch) == 2
    assert pair_of(old, old_typo) is None
    assert pair_of(old, new) is not None and pair_of(old_typo, new) is not None


def test_two_spellings_in_use_are_two_names_but_a_rare_one_is_a_slip(personas):
    for family in ("Conti", "Greco", "Bruno"):
        make(personas, given_name="Federica", family_name=family, city="Bari")
        make(personas, given_name="Federico", family_name=family, city="Lecce")
    federica = make(personas, given_name="Federica", family_name="Pellegrina", city="Roma")
    federico = make(personas, given_name="Federico", family_name="Pellegrina", city="Roma")
    slip = make(personas, given_name="Federcia", family_name="Pellegrina", city="Roma")
    dedupe_scan(actor=personas.secretary)
    assert pair_of(federica, federico) is None
    assert pair_of(federica, slip) is not None
