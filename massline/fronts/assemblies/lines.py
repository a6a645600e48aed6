"""Motion texts in numbered lines, and amendments to a range of them: pure functions.

An amendment replaces lines `first`..`last`, deletes them, or inserts new lines after line
`first` (0 = before the first line). Line numbers count from 1 in the version amended.
"""

import difflib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REPLACE = "replace"
INSERT = "insert"
DELETE = "delete"


@dataclass(frozen=True)
class Change:
    kind: str
    first: int
    last: int | None  # None for an insertion
    new_lines: tuple[str, ...] = ()

    @property
    def span(self) -> tuple[int, int]:
        """Lines touched; an insertion after line p touches nothing (p + 1, p)."""
        if self.kind == INSERT:
            return self.first + 1, self.first
        assert self.last is not None
        return self.first, self.last

    def describe(self) -> str:
        if self.kind == INSERT:
            if self.first == 0:
                return _("insert at the top")
            return _("insert after line %(line)d") % {"line": self.first}
        if self.first == self.last:
            line = _("line %(line)d") % {"line": self.first}
        else:
            line = _("lines %(first)d–%(last)d") % {"first": self.first, "last": self.last}
        return (_("replace %(lines)s") if self.kind == REPLACE else _("delete %(lines)s")) % {
            "lines": line
        }


def split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if text else []


def validate(change: Change, line_count: int) -> None:
    """Raise ValidationError (on the field at fault) unless `change` fits a text of
    `line_count` lines."""
    if change.kind not in (REPLACE, INSERT, DELETE):
        raise ValidationError({"kind": _("Choose replace, insert or delete.")})
    if change.kind == INSERT:
        if not 0 <= change.first <= line_count:
            raise ValidationError(
                {
                    "first_line": _(
                        "Insert after a line between 0 (at the top) and %(count)d, the last line."
                    )
                    % {"count": line_count}
                }
            )
    else:
        if change.last is None:
            raise ValidationError({"last_line": _("Give the last line of the range.")})
        if not 1 <= change.first <= line_count:
            raise ValidationError(
                {
                    "first_line": _(
                        "Line %(line)d does not exist: the text has lines 1 to %(count)d."
                    )
                    % {"line": change.first, "count": line_count}
                }
            )
        if not change.first <= change.last <= line_count:
            raise ValidationError(
                {
                    "last_line": _(
                        "The last line must be between %(first)d and %(count)d, the last line "
                        "of the text."
                    )
                    % {"first": change.first, "count": line_count}
                }
            )
    if change.kind == DELETE and change.new_lines:
        raise ValidationError({"new_text": _("A deletion takes no new text.")})
    if change.kind != DELETE and not any(line.strip() for line in change.new_lines):
        raise ValidationError({"new_text": _("Write the new text.")})


def overlaps(a: Change, b: Change) -> bool:
    """Whether two changes to the same text touch the same place."""
    if a.kind == INSERT and b.kind == INSERT:
        return a.first == b.first
    if a.kind == INSERT or b.kind == INSERT:
        ins, rng = (a, b) if a.kind == INSERT else (b, a)
        first, last = rng.span
        return first <= ins.first < last
    a_first, a_last = a.span
    b_first, b_last = b.span
    return a_first <= b_last and b_first <= a_last


def apply(lines: list[str], change: Change) -> list[str]:
    """The text with the change made; `change` must have been validated against `lines`."""
    if change.kind == INSERT:
        return lines[: change.first] + list(change.new_lines) + lines[change.first :]
    assert change.last is not None
    return lines[: change.first - 1] + list(change.new_lines) + lines[change.last :]


def shift(pending: Change, merged: Change) -> Change:
    """`pending` (on the same version as `merged`, not overlapping it) moved to the text
    made by merging `merged`."""
    removed = 0 if merged.kind == INSERT else (merged.last or 0) - merged.first + 1
    delta = len(merged.new_lines) - removed
    boundary = merged.first if merged.kind == INSERT else (merged.last or 0)
    if pending.kind == INSERT:
        moves = pending.first > boundary or (merged.kind != INSERT and pending.first == boundary)
    else:
        moves = pending.first > boundary
    if not moves:
        return pending
    return Change(
        kind=pending.kind,
        first=pending.first + delta,
        last=None if pending.last is None else pending.last + delta,
        new_lines=pending.new_lines,
    )


@dataclass(frozen=True)
class DiffLine:
    kind: str  # same, del, ins
    number: int | None
    text: str


def change_diff(lines: list[str], change: Change, context: int = 2) -> list[DiffLine]:
    """The amended passage with a few lines around it: struck lines, new lines."""
    first, last = change.span
    start = max(1, first - context)
    end = min(len(lines), last + context)
    out: list[DiffLine] = []
    for number in range(start, end + 1):
        if change.kind == INSERT and number == change.first + 1:
            out.extend(DiffLine("ins", None, text) for text in change.new_lines)
        if first <= number <= last:
            out.append(DiffLine("del", number, lines[number - 1]))
            if number == last and change.kind == REPLACE:
                out.extend(DiffLine("ins", None, text) for text in change.new_lines)
        else:
            out.append(DiffLine("same", number, lines[number - 1]))
    if change.kind == INSERT and change.first >= end:
        out.extend(DiffLine("ins", None, text) for text in change.new_lines)
    return out


def version_diff(old: list[str], new: list[str]) -> list[DiffLine]:
    """Line diff between two versions, numbered in the new one."""
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(DiffLine("same", j1 + k + 1, new[j1 + k]) for k in range(j2 - j1))
            continue
        out.extend(DiffLine("del", None, old[k]) for k in range(i1, i2))
        out.extend(DiffLine("ins", k + 1, new[k]) for k in range(j1, j2))
    return out
