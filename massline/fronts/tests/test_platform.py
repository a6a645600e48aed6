import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from massline.fronts import services
from massline.fronts.models import Principle
from massline.fronts.platform_diff import platform_diff, word_diff
from massline.fronts.selectors import principles_in
from massline.fronts.tests.world import PRINCIPLES_V1


def test_a_new_draft_starts_from_the_newest_version(fw):
    assert [p.text for p in principles_in(fw.v1, "en")] == PRINCIPLES_V1
    assert fw.v2.number == 2 and fw.v2.is_draft


def test_an_adopted_version_is_frozen(fw):
    with pytest.raises(ValidationError):
        services.version_update(
            actor=fw.personas.organizer_a, version=fw.v1, texts={"en": ["Something else"]}
        )
    assert [p.text for p in principles_in(fw.v1, "en")] == PRINCIPLES_V1


def test_only_one_draft_at_a_time(fw):
    with pytest.raises(ValidationError):
        services.version_draft(actor=fw.personas.organizer_a, front=fw.front)


def test_languages_must_agree_on_the_number_of_principles(fw):
    with pytest.raises(ValidationError) as error:
        services.version_update(
            actor=fw.personas.organizer_a,
            version=fw.v2,
            texts={"en": ["One", "Two"], "ru": ["Один"]},
        )
    assert "en: 2" in str(error.value)
    assert Principle.objects.filter(version=fw.v2).count() == 4


def test_an_oversized_principle_is_refused_and_nothing_changes(fw):
    with pytest.raises(ValidationError) as error:
        services.version_update(
            actor=fw.personas.organizer_a, version=fw.v2, texts={"en": ["x" * 4001]}
        )
    assert "principles_en" in error.value.message_dict
    assert Principle.objects.filter(version=fw.v2).count() == 4


def test_the_diff_names_each_added_removed_and_changed_principle():
    class P:
        def __init__(self, number, text):
            self.number, self.text = number, text

    old = [P(1, "Against war."), P(2, "Against fascism in every form."), P(3, "Old point.")]
    new = [
        P(1, "Against war."),
        P(2, "Against fascism and repression in every form."),
        P(3, "A completely unrelated new demand."),
    ]
    changes = platform_diff(old, new)
    assert [(c.kind, c.old_number, c.new_number) for c in changes] == [
        ("same", 1, 1),
        ("changed", 2, 2),
        ("removed", 3, None),
        ("added", None, 3),
    ]
    changed = changes[1]
    assert [(p.kind, p.text) for p in changed.pieces if p.kind != "same"] == [
        ("added", " and repression"),
    ]


def test_the_word_diff_keeps_every_word_of_both_texts():
    pieces = word_diff("the working class unites", "the whole working people unite")
    old = "".join(p.text for p in pieces if p.kind != "added")
    new = "".join(p.text for p in pieces if p.kind != "removed")
    assert old == "the working class unites"
    assert new == "the whole working people unite"


def test_an_endorsement_keeps_its_reservations_per_principle(fw):
    v2 = services.version_adopt(
        actor=fw.personas.organizer_a, version=fw.v2, adopted_on=timezone.localdate()
    )
    endorsement = services.endorsement_record(
        actor=fw.delegate,
        version=v2,
        membership=fw.mlpd_membership,
        endorsed_on=timezone.localdate(),
        reservations={2: "We would name the repression of unions.", 4: "  "},
    )
    assert [(r.principle_number, r.text) for r in endorsement.reservations.all()] == [
        (2, "We would name the repression of unions.")
    ]


def test_a_reservation_on_a_principle_that_does_not_exist_is_refused(fw):
    with pytest.raises(ValidationError) as error:
        services.endorsement_record(
            actor=fw.personas.organizer_a,
            version=fw.v1,
            membership=fw.mlpd_membership,
            endorsed_on=timezone.localdate(),
            reservations={9: "No such point"},
        )
    assert "reservations" in error.value.message_dict
    assert not fw.mlpd_membership.endorsements.exists()


def test_a_draft_cannot_be_endorsed(fw):
    with pytest.raises(ValidationError):
        services.endorsement_record(
            actor=fw.personas.organizer_a,
            version=fw.v2,
            membership=fw.mlpd_membership,
            endorsed_on=timezone.localdate(),
        )


def test_a_representative_endorses_only_for_their_own_organization(fw):
    with pytest.raises(PermissionDenied):
        services.endorsement_record(
            actor=fw.delegate,
            version=fw.v1,
            membership=fw.rmp_membership,
            endorsed_on=timezone.localdate(),
        )
    with pytest.raises(PermissionDenied):
        services.endorsement_record(
            actor=fw.personas.member_a,
            version=fw.v1,
            membership=fw.rmp_membership,
            endorsed_on=timezone.localdate(),
        )
