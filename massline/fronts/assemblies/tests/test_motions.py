"""Motions in numbered lines, amendments to line ranges, merging into new versions."""

import pytest
from django.core.exceptions import ValidationError

from massline.fronts.assemblies import lines
from massline.fronts.assemblies.models import Amendment, Motion
from massline.fronts.assemblies.services import motions, voting
from massline.fronts.assemblies.tests.world import build_assembly_world

TEXT = "\n".join(f"Line {n} of the example motion." for n in range(1, 7))


@pytest.fixture
def world(personas):
    return build_assembly_world(personas)


@pytest.fixture
def motion(world):
    return motions.motion_submit(
        actor=world.users["guest"], assembly=world.assembly, title="On peace", text=TEXT
    )


def amend(world, motion, **kwargs):
    return motions.amendment_submit(actor=world.users["mlpd"], motion=motion, **kwargs)


def test_a_delegates_motion_needs_the_minimum_of_supporters(world):
    world.assembly.min_supporters = 2
    world.assembly.save()
    motion = motions.motion_submit(
        actor=world.users["guest"], assembly=world.assembly, title="On peace", text=TEXT
    )
    assert motion.status == Motion.Status.SUBMITTED
    motions.motion_support(actor=world.users["mlpd"], motion=motion)
    motion.refresh_from_db()
    assert motion.status == Motion.Status.ADMITTED


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        (
            {"kind": "replace", "first_line": 7, "last_line": 7, "new_text": "x"},
            "first_line",
            "Line 7 does not exist: the text has lines 1 to 6",
        ),
        (
            {"kind": "replace", "first_line": 0, "last_line": 2, "new_text": "x"},
            "first_line",
            "Line 0 does not exist",
        ),
        ({"kind": "delete", "first_line": 3, "last_line": 9}, "last_line", "between 3 and 6"),
        ({"kind": "delete", "first_line": 4, "last_line": 2}, "last_line", "between 4 and 6"),
        ({"kind": "insert", "first_line": 8, "new_text": "x"}, "first_line", "between 0"),
        (
            {"kind": "replace", "first_line": 1, "last_line": 1, "new_text": "  "},
            "new_text",
            "Write the new text",
        ),
        (
            {"kind": "delete", "first_line": 1, "last_line": 1, "new_text": "x"},
            "new_text",
            "takes no new text",
        ),
        (
            {"kind": "rewrite", "first_line": 1, "last_line": 1, "new_text": "x"},
            "kind",
            "replace, insert or delete",
        ),
    ],
)
def test_malformed_amendments_get_a_clear_error_on_the_field(world, motion, kwargs, field, message):
    with pytest.raises(ValidationError) as caught:
        amend(world, motion, **kwargs)
    assert field in caught.value.error_dict
    assert message in " ".join(caught.value.message_dict[field])
    assert not Amendment.objects.exists()


def test_overlapping_amendments_of_the_same_version_are_refused(world, motion):
    amend(world, motion, kind="replace", first_line=2, last_line=3, new_text="New two.")
    with pytest.raises(ValidationError, match="overlaps amendment A1"):
        amend(world, motion, kind="delete", first_line=3, last_line=4)
    with pytest.raises(ValidationError, match="overlaps amendment A1"):
        amend(world, motion, kind="insert", first_line=2, new_text="Between two and three.")
    amend(world, motion, kind="insert", first_line=3, new_text="After three.")  # adjacent: fine


def test_an_adopted_amendment_is_merged_into_a_new_version_and_others_move(world, motion):
    first = amend(world, motion, kind="replace", first_line=2, last_line=3, new_text="A\nB\nC")
    later = amend(world, motion, kind="delete", first_line=5, last_line=5)
    motions.amendment_decide(actor=world.chair, amendment=first, adopted=True)
    versions = list(motion.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].text == TEXT  # the old version is kept
    assert versions[1].lines[1:4] == ["A", "B", "C"]
    assert versions[1].amendment == first
    later.refresh_from_db()
    assert later.version == versions[1]
    assert (later.first_line, later.last_line) == (6, 6)  # one line more above it
    assert versions[1].lines[5] == "Line 5 of the example motion."
    motions.amendment_decide(actor=world.chair, amendment=later, adopted=True)
    assert "Line 5" not in motion.versions.order_by("-number").first().text


def test_a_vote_adopting_an_amendment_merges_it(world, motion):
    amendment = amend(world, motion, kind="insert", first_line=0, new_text="Preamble.")
    vote = voting.vote_create(
        actor=world.chair, assembly=world.assembly, title="A1", amendment=amendment
    )
    voting.vote_open(actor=world.chair, vote=vote)
    yes = vote.options.get(role="yes").pk
    for key in ("guest", "mlpd"):
        voting.vote_cast(actor=world.users[key], vote=vote, choices=[yes])
    voting.vote_close(actor=world.chair, vote=vote)
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.ADOPTED
    assert motions.current_version(motion).lines[0] == "Preamble."


def test_script_in_a_motion_is_kept_as_text(world):
    motion = motions.motion_submit(
        actor=world.users["guest"],
        assembly=world.assembly,
        title="<script>alert(1)</script>",
        text="<img src=x onerror=alert(1)>",
    )
    assert motion.title == "<script>alert(1)</script>"  # stored as text, escaped when shown


def test_an_empty_or_oversized_motion_is_refused(world):
    with pytest.raises(ValidationError, match="Write the text"):
        motions.motion_submit(
            actor=world.users["guest"], assembly=world.assembly, title="x", text=" "
        )
    with pytest.raises(ValidationError, match="at most 2000 lines"):
        motions.motion_submit(
            actor=world.users["guest"], assembly=world.assembly, title="x", text="a\n" * 2001
        )


def test_the_diff_of_a_replacement_strikes_old_lines_and_adds_new_ones():
    old = ["one", "two", "three", "four"]
    change = lines.Change("replace", 2, 3, ("TWO",))
    diff = lines.change_diff(old, change)
    assert [(d.kind, d.text) for d in diff] == [
        ("same", "one"),
        ("del", "two"),
        ("del", "three"),
        ("ins", "TWO"),
        ("same", "four"),
    ]
    assert lines.apply(old, change) == ["one", "TWO", "four"]
    insert = lines.Change("insert", 4, None, ("five",))
    assert lines.change_diff(old, insert)[-1] == lines.DiffLine("ins", None, "five")
