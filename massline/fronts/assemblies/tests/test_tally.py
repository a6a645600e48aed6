"""Majority rules, weights, quorum, ties and abstentions, checked by hand case by case.

Yes/no cases: options yes=1, no=2, abstain=3; a ballot is (chosen ids, weight).
"""

import pytest

from massline.fronts.assemblies import tally
from massline.fronts.assemblies.tally import Option

YES_NO = [Option(1, "yes", "Yes"), Option(2, "no", "No"), Option(3, "abstain", "Abstain")]


def ballots(yes: int = 0, no: int = 0, abstain: int = 0, weight: int = 1) -> list:
    return [([1], weight)] * yes + [([2], weight)] * no + [([3], weight)] * abstain


# rule, entitled, present, quorum %, ballots, outcome — each checked by hand
YES_NO_CASES = [
    ("simple", 10, 10, 50, ballots(6, 3, 1), "adopted"),  # 6 > 3
    ("simple", 10, 10, 50, ballots(4, 4, 2), "rejected"),  # tie: not adopted
    ("simple", 10, 10, 50, ballots(2, 1, 7), "adopted"),  # abstentions do not count
    ("simple", 10, 10, 50, ballots(0, 0, 10), "rejected"),  # nobody for it
    ("absolute", 10, 10, 50, ballots(5, 0, 5), "rejected"),  # 5 is not more than 10/2
    ("absolute", 10, 10, 50, ballots(6, 4), "adopted"),  # 6 > 5
    ("absolute", 10, 8, 50, ballots(5, 0, 3), "rejected"),  # absent weight counts against
    ("two_thirds", 10, 10, 50, ballots(6, 3, 1), "adopted"),  # 6 = 2/3 of 9
    ("two_thirds", 10, 10, 50, ballots(5, 3, 2), "rejected"),  # 5 < 2/3 of 8 = 5.33
    ("two_thirds", 10, 10, 50, ballots(2, 1, 7), "adopted"),  # abstentions left out: 2 of 3
    ("consensus_minus_one", 10, 10, 50, ballots(8, 1, 1), "adopted"),  # one objection
    ("consensus_minus_one", 10, 10, 50, ballots(8, 2), "rejected"),  # two objections
    ("consensus_minus_one", 10, 10, 50, ballots(0, 0, 10), "rejected"),  # nobody for it
    ("simple", 10, 4, 50, ballots(4), "no_quorum"),  # 4 present, 5 needed
    ("simple", 10, 5, 50, ballots(3, 2), "adopted"),  # exactly the quorum
    ("simple", 7, 3, 50, ballots(3), "no_quorum"),  # half of 7 rounds up to 4
    ("simple", 7, 4, 50, ballots(3, 1), "adopted"),
    ("simple", 10, 10, 0, ballots(1), "adopted"),  # no quorum rule
]


@pytest.mark.parametrize(("rule", "entitled", "present", "quorum", "cast", "outcome"), YES_NO_CASES)
def test_yes_no_rules_give_the_hand_checked_outcome(rule, entitled, present, quorum, cast, outcome):
    result = tally.count(
        kind="yes_no",
        rule=rule,
        quorum_percent=quorum,
        seats=1,
        entitled=entitled,
        present=present,
        options=YES_NO,
        ballots=cast,
    )
    assert result["outcome"] == outcome
    assert result["ballots"] == len(cast)


def test_weights_count_as_weight_not_as_heads():
    # PMLI (3) for, MLPD (2) and RMP (1) against: 3 against 3 is a tie, so not adopted;
    # by heads it would be 1 against 2.
    cast = [([1], 3), ([2], 2), ([2], 1)]
    result = tally.count(
        kind="yes_no",
        rule="simple",
        quorum_percent=50,
        seats=1,
        entitled=6,
        present=6,
        options=YES_NO,
        ballots=cast,
    )
    assert result["outcome"] == "rejected"
    assert result["tie"] is True
    assert [o["weight"] for o in result["options"]] == [3, 3, 0]
    assert [o["voters"] for o in result["options"]] == [1, 2, 0]


def test_consensus_minus_one_counts_objecting_voters_not_their_weight():
    cast = [([1], 1)] * 4 + [([2], 5)]
    result = tally.count(
        kind="yes_no",
        rule="consensus_minus_one",
        quorum_percent=50,
        seats=1,
        entitled=9,
        present=9,
        options=YES_NO,
        ballots=cast,
    )
    assert result["outcome"] == "adopted"


CHOICE = [Option(11, "option", "A"), Option(12, "option", "B"), Option(13, "option", "C")]
CHOICE.append(Option(14, "abstain", "Abstain"))

CHOICE_CASES = [
    ("simple", [([11], 5), ([12], 3), ([13], 2)], [11], []),
    ("simple", [([11], 4), ([12], 4), ([14], 2)], [], [11, 12]),  # tie for first place
    ("absolute", [([11], 5), ([12], 3), ([13], 2)], [], []),  # 5 is not more than 10/2
    ("absolute", [([11], 6), ([12], 4)], [11], []),
    ("two_thirds", [([11], 4), ([12], 2), ([14], 4)], [11], []),  # 4 of 6 counted
    ("two_thirds", [([11], 4), ([12], 3)], [], []),  # 4 < 2/3 of 7
    ("consensus_minus_one", [([11], 1)] * 5 + [([12], 1)], [11], []),
    ("consensus_minus_one", [([11], 1)] * 5 + [([12], 1), ([13], 1)], [], []),
]


@pytest.mark.parametrize(("rule", "cast", "winners", "tied"), CHOICE_CASES)
def test_a_choice_gives_the_hand_checked_winner(rule, cast, winners, tied):
    result = tally.count(
        kind="choice",
        rule=rule,
        quorum_percent=50,
        seats=1,
        entitled=10,
        present=10,
        options=CHOICE,
        ballots=cast,
    )
    assert result["winners"] == winners
    assert result["tied"] == tied
    assert result["outcome"] == ("decided" if winners else "undecided")


CANDIDATES = [Option(i, "option", name) for i, name in [(21, "Ana"), (22, "Bo"), (23, "Cy")]]
CANDIDATES += [Option(24, "option", "Di"), Option(25, "abstain", "Abstain")]

ELECTION_CASES = [
    # rule, seats, ballots, elected, tied
    ("simple", 2, [([21, 22], 3), ([21, 23], 2), ([22], 1)], [21, 22], []),  # 5, 4, 2
    ("simple", 2, [([21, 22], 1), ([21, 23], 1)], [21], [22, 23]),  # tie for the last seat
    ("simple", 3, [([21, 22], 2), ([23], 1), ([25], 5)], [21, 22, 23], []),  # blanks ignored
    ("absolute", 2, [([21, 22], 6), ([23], 4)], [21, 22], []),  # 6 > 10/2 each
    ("absolute", 2, [([21, 23], 5), ([22], 5)], [], []),  # nobody above 5
    ("two_thirds", 2, [([21, 22], 4), ([21], 2), ([23], 3)], [21], []),  # 6 >= 2/3 of 9; 4 not
]


@pytest.mark.parametrize(("rule", "seats", "cast", "elected", "tied"), ELECTION_CASES)
def test_an_election_fills_the_hand_checked_seats(rule, seats, cast, elected, tied):
    result = tally.count(
        kind="election",
        rule=rule,
        quorum_percent=50,
        seats=seats,
        entitled=10,
        present=10,
        options=CANDIDATES,
        ballots=cast,
    )
    assert result["winners"] == elected
    assert result["tied"] == tied


def test_the_digest_changes_with_any_figure():
    result = tally.count(
        kind="yes_no",
        rule="simple",
        quorum_percent=50,
        seats=1,
        entitled=10,
        present=10,
        options=YES_NO,
        ballots=ballots(6, 3, 1),
    )
    before = tally.digest(result)
    assert before == tally.digest(dict(result))
    result["options"][0]["weight"] += 1
    assert tally.digest(result) != before


def test_the_explanation_names_the_rule_and_the_figures():
    result = tally.count(
        kind="yes_no",
        rule="two_thirds",
        quorum_percent=50,
        seats=1,
        entitled=10,
        present=10,
        options=YES_NO,
        ballots=ballots(6, 3, 1),
    )
    text = tally.explain(result)
    assert "Yes 6, no 3, abstentions 1" in text
    assert "two thirds of 9" in text
    assert text.endswith("Adopted.")
