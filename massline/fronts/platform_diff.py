"""The difference between two platform versions, principle by principle and word by word.

`difflib` pairs the principles of the two versions (by text, so a moved or renumbered principle
is recognised), then marks the changed words inside each changed principle. Templates show
each change with a sign and a label as well as a colour, so that it reads without colour.
"""

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

Kind = Literal["same", "added", "removed", "changed"]
_WORD = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    kind: Literal["same", "added", "removed"]
    text: str


@dataclass
class PrincipleChange:
    kind: Kind
    old_number: int | None
    new_number: int | None
    old_text: str = ""
    new_text: str = ""
    pieces: list[Piece] = field(default_factory=list)


class Numbered(Protocol):
    number: int
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """The words of `new` against `old`: kept, removed and added pieces, in reading order."""
    a = _WORD.findall(old)
    b = _WORD.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if tag in ("replace", "delete"):
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if tag in ("replace", "insert"):
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces


def _similar(old: str, new: str) -> bool:
    return difflib.SequenceMatcher(None, old, new, autojunk=False).ratio() >= 0.5


def platform_diff(old: Sequence[Numbered], new: Sequence[Numbered]) -> list[PrincipleChange]:
    """Changes from the principles `old` to `new` (each list in one language, by number)."""
    a = [p.text for p in old]
    b = [p.text for p in new]
    changes: list[PrincipleChange] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                changes.append(PrincipleChange("same", old[i].number, new[j].number, a[i], b[j]))
            continue
        removed = list(range(i1, i2))
        added = list(range(j1, j2))
        # pair replaced principles that still resemble each other as changed ones
        while removed and added and tag == "replace" and _similar(a[removed[0]], b[added[0]]):
            i, j = removed.pop(0), added.pop(0)
            changes.append(
                PrincipleChange(
                    "changed",
                    old[i].number,
                    new[j].number,
                    a[i],
                    b[j],
                    word_diff(a[i], b[j]),
                )
            )
        for i in removed:
            changes.append(PrincipleChange("removed", old[i].number, None, old_text=a[i]))
        for j in added:
            changes.append(PrincipleChange("added", None, new[j].number, new_text=b[j]))
    return changes


def summary(changes: list[PrincipleChange]) -> dict[str, int]:
    counts = {"same": 0, "added": 0, "removed": 0, "changed": 0}
    for change in changes:
        counts[change.kind] += 1
    return counts
