"""Forms of the de-duplication pages: starting a scan, and choosing field by field what a
merge keeps. The merge form speaks of contacts A and B (the pair as shown); `merge_arguments`
turns that into the service's keep/other terms."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit
from massline.core.countries import country_name
from massline.people.models import Contact
from massline.people.services.merge import (
    BOTH,
    FIELD_LABELS,
    KEEP,
    MERGE_FIELDS,
    OTHER,
    default_choices,
    field_values,
)

A, B = "a", "b"
NOTES_PREVIEW = 300


class ScanForm(forms.Form):
    unit = forms.ChoiceField(label=_("Look for duplicates in"), required=False)

    def __init__(self, *args: Any, units: Iterable[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("all my units")), *((str(u.pk), u.name) for u in units)]

    def unit_ids(self) -> list[int] | None:
        value = self.cleaned_data.get("unit")
        return [int(value)] if value else None


def display_value(contact: Contact, name: str) -> str:
    """A field's value of a contact as the reviewer reads it."""
    if name == "emails":
        return ", ".join(contact.email_list)
    if name == "phones":
        return ", ".join(contact.phone_list)
    if name == "languages":
        return ", ".join(contact.languages or [])
    if name == "country":
        return country_name(contact.country) if contact.country else ""
    if name == "site":
        return contact.site.name if contact.site else ""
    if name == "unit":
        return contact.unit.name
    if name == "status":
        return str(contact.get_status_display())
    if name == "constituencies":
        return ", ".join(c.label for c in contact.constituencies.all())
    if name == "tags":
        return ", ".join(t.name for t in contact.tags.all())
    if name == "notes" and len(contact.notes) > NOTES_PREVIEW:
        return contact.notes[:NOTES_PREVIEW] + "…"
    return str(getattr(contact, name) or "")


class MergeForm(forms.Form):
    """A radio per field where A and B differ; fields they agree on need no choice."""

    survivor = forms.ChoiceField(
        label=_("Which record stays"),
        widget=forms.RadioSelect,
        choices=[
            (A, _("A (its links and history stay valid)")),
            (B, _("B (its links and history stay valid)")),
        ],
        initial=A,
        help_text=_("The other record is removed; what it held is kept as chosen below."),
    )

    def __init__(self, *args: Any, first: Contact, second: Contact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.first, self.second = first, second
        mine, theirs = field_values(first), field_values(second)
        defaults = default_choices(first, second)
        self.same: list[tuple[str, str]] = []
        empty = _("(empty)")
        for name, allowed in MERGE_FIELDS.items():
            label = FIELD_LABELS[name]
            if mine[name] == theirs[name]:
                if mine[name]:
                    self.same.append((str(label), display_value(first, name)))
                continue
            choices = [
                (A, display_value(first, name) or empty),
                (B, display_value(second, name) or empty),
            ]
            if BOTH in allowed:
                choices.append((BOTH, _("both")))
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=choices,
                widget=forms.RadioSelect,
                initial={KEEP: A, OTHER: B, BOTH: BOTH}[defaults[name]],
            )

    def choice_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name != "survivor"]

    def merge_arguments(self) -> tuple[Contact, Contact, dict[str, str]]:
        """(keep, other, choices) for `contact_merge`."""
        keep_first = self.cleaned_data["survivor"] == A
        keep, other = (self.first, self.second) if keep_first else (self.second, self.first)
        mine = A if keep_first else B
        choices = {}
        for name in MERGE_FIELDS:
            value = self.cleaned_data.get(name)
            if not value:
                choices[name] = KEEP  # A and B agree
            else:
                choices[name] = BOTH if value == BOTH else (KEEP if value == mine else OTHER)
        return keep, other, choices
