"""What counts as a candidate pair: the rules, the matching keys of names, the reasons shown."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rapidfuzz.distance import OSA

from massline.core.text import fold
from massline.vault.normalize import normalize_name

Progress = Callable[[int, int], None]

# Reasons are stored in English and translated when shown (see `reason_label`).
SAME_EMAIL = gettext_noop("same email")
SAME_PHONE = gettext_noop("same phone")

# Weights of each kind of evidence; a pair's score combines them like independent signals,
# 1 - Π(1 - weight), so more evidence always scores higher and nothing passes 1.
EMAIL_WEIGHT = 0.9
PHONE_WEIGHT = 0.8
NAME_WEIGHT = 0.85

# A word of a name held by this many contacts is a spelling in use, not a misspelling.
ESTABLISHED_WORD = 3
# Before counting, every word of a name is taken to be as common as a name word usually is
# (half a percent) in a hundred contacts: a city with three contacts proves nothing.
PRIOR_WEIGHT = 100
PRIOR_FREQUENCY = 0.005
# Below this name similarity, two people on one phone are taken for a household.
HOUSEHOLD_NAME_FLOOR = 70

FETCH_SIZE = 20_000
# From this many contacts on, the scan shares its work with worker processes.
PARALLEL_ROWS = 50_000
# Up to this many contacts, their phones are looked up by id rather than in a full pass.
PHONE_LOOKUP_LIMIT = 300_000
WRITE_BATCH = 5_000
# A block larger than this is split further by the initials of the other words of the name:
# comparing every pair of a 20,000-contact block would dominate the scan.
LARGE_BLOCK = 1_500
PREFIX = 3


@dataclass(frozen=True)
class DedupeRules:
    """What counts as a candidate pair.

    `name_threshold` is the similarity in percent (rapidfuzz's optimal string alignment,
    normalized) two matching keys need at least. With
    `require_same_place` a name match counts only between contacts of the same city or the
    same site; without it every contact with a similar name is compared, which finds people
    who moved but also pairs namesakes. An email or phone held by more than
    `max_candidates_per_contact` + 1 contacts is treated as shared (an office switchboard, a
    common mailbox) and not as evidence. With `household_phones`, a phone shared by two
    contacts whose names are both known and less than 70 % alike is a household's line, and
    pairs them only if something else does. With `conflicts_rule_out`, two contacts that both
    have phones but none in common, or that belong to two different sites, are not paired on
    their names alone: namesakes are common in a big city, and most people keep their mobile
    number and their workplace. A name alone pairs two contacts only where their name is rare
    enough for its place: the expected number of other people of that name there (the place's
    size times the frequency of each word of the name in the city) must not pass
    `namesake_limit`; and two close names that are both spellings in use ("Federica",
    "Federico") never pair. "Anna Ivanova" in a city of 50,000
    contacts is likely two people; "Ekaterina Shcheglova-Vinter" is likely one. After scoring,
    each contact keeps at most `max_candidates_per_contact` pairs, the best first.
    """

    exact_email: bool = True
    exact_phone: bool = True
    name_threshold: int = 90
    require_same_place: bool = True
    max_candidates_per_contact: int = 10
    household_phones: bool = True
    conflicts_rule_out: bool = True
    namesake_limit: float = 0.05

    def __post_init__(self) -> None:
        if not 50 <= self.name_threshold <= 100:
            raise ValidationError(_("The name threshold lies between 50 and 100."))
        if self.namesake_limit < 0:
            raise ValidationError(_("The namesake limit cannot be negative."))
        if self.max_candidates_per_contact < 1:
            raise ValidationError(_("Allow at least one candidate per contact."))


_SKELETON_RULES = (
    ("schtsch", "sh"),
    ("shch", "sh"),
    ("tsch", "ch"),
    ("sch", "sh"),
    ("zh", "sh"),
    ("kh", "h"),
    ("ch", "h"),
    ("yo", "e"),
    ("jo", "e"),
    ("ye", "e"),
    ("je", "e"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("tz", "z"),
    ("ts", "z"),
    ("ue", "u"),
    ("oe", "o"),
    ("ou", "u"),
    ("y", "i"),
    ("j", "i"),
)


def skeleton(word: str) -> str:
    """A normalized word with transliteration variants evened out and doubled letters
    collapsed: "petrow" and "petrov" give "petrov", "iulija" and "yuliya" give "iulia"."""
    for old, new in _SKELETON_RULES:
        if old in word:
            word = word.replace(old, new)
    out = []
    previous = ""
    for ch in word:
        if ch != previous:
            out.append(ch)
        previous = ch
    return "".join(out)


@lru_cache(maxsize=500_000)
def _part_words(part: str) -> tuple[str, ...]:
    if not part:
        return ()
    return tuple(skeleton(word) for word in normalize_name(part).split())


def matching_words(given_name: str, family_name: str) -> tuple[str, ...]:
    """The words of `normalize_name` of the full name, each reduced by `skeleton`, sorted."""
    return tuple(sorted(_part_words(given_name) + _part_words(family_name)))


def matching_key(given_name: str, family_name: str) -> str:
    """The string names are compared on: `matching_words` joined. "" for no name."""
    return " ".join(matching_words(given_name, family_name))


@lru_cache(maxsize=100_000)
def place_key(city: str) -> str:
    return fold(city) if city else ""


def name_score(first: str, second: str) -> int:
    """Similarity of two matching keys in percent: one minus the optimal string alignment
    distance (a typo, a dropped or doubled letter, two swapped letters each count once) over
    the longer length, for the best order of the second key's words. Unlike an indel ratio
    it keeps "Sanelli" and "Sanellucci" apart."""
    if not first or not second:
        return 0
    if first == second:
        return 100
    best = OSA.normalized_similarity(first, second)
    words = second.split()
    if 1 < len(words) <= 4:
        for order in permutations(words):
            best = max(best, OSA.normalized_similarity(first, " ".join(order)))
    return int(100 * best + 1e-9)


def reason_label(reason: str) -> str:
    """The stored (English) reason in the user's language."""
    if reason in (SAME_EMAIL, SAME_PHONE):
        return _(reason)
    words = reason.split()
    if len(words) >= 2 and words[0] == "name" and words[1].endswith("%"):
        try:
            percent = int(words[1].rstrip("%"))
        except ValueError:
            return reason
        if reason.endswith("same city"):
            return _("name %(percent)d%% + same city") % {"percent": percent}
        if reason.endswith("same site"):
            return _("name %(percent)d%% + same site") % {"percent": percent}
        return _("name %(percent)d%%") % {"percent": percent}
    return reason


def _name_reason(percent: int, place: str) -> str:
    if place == "city":
        return f"name {percent}% + same city"
    if place == "site":
        return f"name {percent}% + same site"
    return f"name {percent}%"
