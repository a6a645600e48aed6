"""Counting a vote and applying its majority rule: pure functions, no database.

`count(...)` takes the options, the ballots (chosen option ids and weight) and the weights
entitled and present, and returns the tally as plain JSON-able data; `explain(tally)` says in
words which rule was applied and why the outcome follows. `digest(tally)` is the SHA-256 of the
tally's canonical JSON, kept with the result so that any later change shows.

Rules, with W(x) the weight of the ballots for x and E the weight entitled to vote:
- quorum: the weight present (accredited delegates and the proxies they carry) is at least
  `quorum_percent` of E; without quorum nothing is decided.
- yes/no: simple W(yes) > W(no); absolute W(yes) > E/2; two-thirds W(yes) >= 2/3 of
  W(yes)+W(no) (and some yes); consensus minus one: at most one voter says no (and some yes).
  Abstentions never count towards the votes cast.
- choice: the option with the most weight wins (simple), if it has more than E/2 (absolute),
  at least 2/3 of the non-abstaining weight (two-thirds), or all but at most one non-abstaining
  voter chose it (consensus minus one); a tie for first place decides nothing.
- election (block vote): each ballot marks up to `seats` candidates; candidates are ranked by
  weight; those meeting the rule's threshold (as for a choice, against the weight of non-blank
  ballots) take the seats in order; a tie across the last seat leaves that seat open.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

YES_NO = "yes_no"
CHOICE = "choice"
ELECTION = "election"

SIMPLE = "simple"
ABSOLUTE = "absolute"
TWO_THIRDS = "two_thirds"
CONSENSUS_MINUS_ONE = "consensus_minus_one"

ADOPTED = "adopted"
REJECTED = "rejected"
NO_QUORUM = "no_quorum"
DECIDED = "decided"
UNDECIDED = "undecided"
ELECTED = "elected"


@dataclass(frozen=True)
class Option:
    id: int
    role: str  # yes, no, abstain, option
    label: str


def _meets(rule: str, weight: int, *, entitled: int, cast: int, dissenters: int) -> bool:
    """Whether `weight` for one answer passes `rule`; `cast` excludes abstentions."""
    if weight <= 0:
        return False
    if rule == ABSOLUTE:
        return weight * 2 > entitled
    if rule == TWO_THIRDS:
        return weight * 3 >= cast * 2
    if rule == CONSENSUS_MINUS_ONE:
        return dissenters <= 1
    return True


def count(
    *,
    kind: str,
    rule: str,
    quorum_percent: int,
    seats: int,
    entitled: int,
    present: int,
    options: Sequence[Option],
    ballots: Iterable[tuple[Sequence[int], int]],
) -> dict[str, Any]:
    """The tally of a vote. `ballots` are (chosen option ids, weight); an empty choice is blank."""
    weights = {option.id: 0 for option in options}
    voters = {option.id: 0 for option in options}
    abstain_ids = {option.id for option in options if option.role == "abstain"}
    ballots_counted = 0
    weight_cast = 0
    blank_weight = 0
    blank_voters = 0
    marks: list[set[int]] = []
    for chosen, weight in ballots:
        ballots_counted += 1
        weight_cast += weight
        chosen_set = set(chosen)
        if not chosen_set or chosen_set <= abstain_ids:
            blank_weight += weight
            blank_voters += 1
        for option_id in chosen_set:
            weights[option_id] += weight
            voters[option_id] += 1
        marks.append(chosen_set - abstain_ids)
    quorum_weight = -(-entitled * quorum_percent // 100)  # ceiling
    quorum_met = present >= quorum_weight and present > 0
    tally: dict[str, Any] = {
        "kind": kind,
        "rule": rule,
        "quorum_percent": quorum_percent,
        "quorum_weight": quorum_weight,
        "seats": seats,
        "entitled": entitled,
        "present": present,
        "quorum_met": quorum_met,
        "ballots": ballots_counted,
        "weight_cast": weight_cast,
        "weight_abstained": blank_weight,
        "options": [
            {
                "id": option.id,
                "role": option.role,
                "label": option.label,
                "weight": weights[option.id],
                "voters": voters[option.id],
            }
            for option in options
        ],
        "winners": [],
        "tied": [],
    }
    counted = weight_cast - blank_weight
    tally["weight_counted"] = counted
    if not quorum_met:
        tally["outcome"] = NO_QUORUM
        return tally
    if kind == YES_NO:
        yes = next((o for o in options if o.role == "yes"), None)
        no = next((o for o in options if o.role == "no"), None)
        yes_w = weights[yes.id] if yes else 0
        no_w = weights[no.id] if no else 0
        no_voters = voters[no.id] if no else 0
        if rule == SIMPLE:
            passed = yes_w > no_w
        else:
            passed = _meets(rule, yes_w, entitled=entitled, cast=yes_w + no_w, dissenters=no_voters)
        tally["tie"] = rule == SIMPLE and yes_w == no_w
        tally["outcome"] = ADOPTED if passed else REJECTED
        return tally
    non_blank_voters = ballots_counted - blank_voters
    ranked = sorted(
        (o for o in options if o.role != "abstain"), key=lambda o: (-weights[o.id], o.id)
    )

    def qualifies(option: Option) -> bool:
        dissenters = sum(1 for chosen in marks if chosen and option.id not in chosen)
        return _meets(
            rule, weights[option.id], entitled=entitled, cast=counted, dissenters=dissenters
        )

    available = 1 if kind == CHOICE else seats
    qualified = [o for o in ranked if qualifies(o)]
    winners: list[Option] = []
    tied: list[Option] = []
    index = 0
    while index < len(qualified) and len(winners) < available:
        level = weights[qualified[index].id]
        group = [o for o in qualified[index:] if weights[o.id] == level]
        if len(winners) + len(group) <= available:
            winners.extend(group)
        else:
            tied = group
            break
        index += len(group)
    tally["winners"] = [o.id for o in winners]
    tally["tied"] = [o.id for o in tied]
    tally["non_blank_voters"] = non_blank_voters
    if kind == CHOICE:
        tally["outcome"] = DECIDED if winners else UNDECIDED
    else:
        tally["outcome"] = ELECTED if winners else UNDECIDED
    return tally


def digest(tally: dict[str, Any]) -> str:
    """SHA-256 of the tally's canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(tally, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _labels(tally: dict[str, Any], ids: list[int]) -> str:
    by_id = {option["id"]: option["label"] for option in tally["options"]}
    return ", ".join(str(by_id.get(i, i)) for i in ids)


def _weight(tally: dict[str, Any], role: str) -> int:
    return sum(o["weight"] for o in tally["options"] if o["role"] == role)


def explain(tally: dict[str, Any]) -> str:
    """The rule applied and why the outcome follows, in the current language."""
    parts = [
        _("Quorum: %(present)s of %(entitled)s weight present, %(needed)s needed (%(percent)s%%).")
        % {
            "present": tally["present"],
            "entitled": tally["entitled"],
            "needed": tally["quorum_weight"],
            "percent": tally["quorum_percent"],
        }
    ]
    if tally["outcome"] == NO_QUORUM:
        parts.append(_("Without quorum the vote decides nothing."))
        return " ".join(parts)
    rule = tally["rule"]
    if tally["kind"] == YES_NO:
        yes, no, abstain = _weight(tally, "yes"), _weight(tally, "no"), _weight(tally, "abstain")
        parts.append(
            _("Yes %(yes)s, no %(no)s, abstentions %(abstain)s (abstentions are not counted).")
            % {"yes": yes, "no": no, "abstain": abstain}
        )
        if rule == SIMPLE:
            parts.append(_("Simple majority: more yes than no."))
            if tally.get("tie"):
                parts.append(_("Yes and no are tied, so the motion is not adopted."))
        elif rule == ABSOLUTE:
            parts.append(
                _("Absolute majority: yes must exceed half of the %(entitled)s weight entitled.")
                % {"entitled": tally["entitled"]}
            )
        elif rule == TWO_THIRDS:
            parts.append(
                _("Two-thirds majority: yes must be at least two thirds of %(cast)s (yes + no).")
                % {"cast": yes + no}
            )
        else:
            parts.append(_("Consensus minus one: adopted unless more than one voter says no."))
        parts.append(_("Adopted.") if tally["outcome"] == ADOPTED else _("Not adopted."))
        return " ".join(parts)
    rule_text = {
        SIMPLE: _("Simple majority: the most weight wins."),
        ABSOLUTE: _("Absolute majority: more than half of the %(entitled)s weight entitled.")
        % {"entitled": tally["entitled"]},
        TWO_THIRDS: _("Two-thirds majority: at least two thirds of the %(cast)s weight counted.")
        % {"cast": tally["weight_counted"]},
        CONSENSUS_MINUS_ONE: _("Consensus minus one: all but at most one voter agree."),
    }[rule]
    parts.append(rule_text)
    if tally["winners"]:
        if tally["kind"] == ELECTION:
            parts.append(
                ngettext("Elected: %(names)s.", "Elected: %(names)s.", len(tally["winners"]))
                % {"names": _labels(tally, tally["winners"])}
            )
        else:
            parts.append(_("Chosen: %(names)s.") % {"names": _labels(tally, tally["winners"])})
    if tally["tied"]:
        parts.append(
            _("Tied, no decision between: %(names)s.") % {"names": _labels(tally, tally["tied"])}
        )
    if not tally["winners"] and not tally["tied"]:
        parts.append(_("No option reached the majority."))
    return " ".join(parts)
