"""Forms of the import pages: the upload and the column mapping."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit
from massline.core.countries import country_choices
from massline.people.importing.files import DETECT
from massline.people.importing.mapping import (
    DUPLICATE_CHOICES,
    DUPLICATE_SKIP,
    TARGETS,
    ImportOptions,
)
from massline.people.models import Constituency

ENCODING_LABELS = (
    (DETECT, _("Find out (UTF-8 or UTF-16)")),
    ("windows-1251", _("windows-1251 (Cyrillic, from Excel on Windows)")),
    ("koi8-r", _("KOI8-R (Cyrillic, older systems)")),
    ("windows-1252", _("windows-1252 (Western European, from Excel on Windows)")),
    ("latin-1", _("Latin-1 (ISO 8859-1)")),
)


class UploadForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Import into unit"), queryset=Unit.objects.none())
    file = forms.FileField(
        label=_("CSV or Excel file (.csv, .xlsx)"),
        help_text=_("The first row names the columns. Only the first sheet of a workbook is read."),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
    )
    encoding = forms.ChoiceField(
        label=_("Encoding of a CSV file"),
        choices=ENCODING_LABELS,
        initial=DETECT,
        help_text=_("Leave it to be found out; choose one if the upload asks for it."),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units
        if units.count() == 1:
            unit_field.initial = units.first()
        self.fields["file"].widget.attrs["accept"] = ".csv,.txt,.tsv,.xlsx"


def _target_choices() -> list[tuple[str, Any]]:
    return [(key, label) for key, label in TARGETS.items()]


class MappingForm(forms.Form):
    """One select per column of the file, then the options."""

    default_country = forms.ChoiceField(
        label=_("Country of phone numbers written without a country code"),
        required=False,
        help_text=_("Used when a row has no country of its own."),
    )
    constituencies = forms.MultipleChoiceField(
        label=_("Constituencies for every imported contact"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Tags for every imported contact"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. “picket 16 September, newsletter”."),
    )
    duplicates = forms.ChoiceField(
        label=_("A row with the email or phone of a contact you already have"),
        choices=list(DUPLICATE_CHOICES.items()),
        initial=DUPLICATE_SKIP,
        widget=forms.RadioSelect,
    )
    fuzzy = forms.BooleanField(
        label=_("Afterwards, look for contacts with similar names (possible duplicates) to review"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        columns: list[str],
        targets: list[str],
        samples: list[list[str]],
        options: ImportOptions,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.column_names = columns
        choices = _target_choices()
        for index, name in enumerate(columns):
            values = [row[index] for row in samples if index < len(row) and row[index].strip()]
            help_text = ", ".join(value[:40] for value in values[:3])
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=name,
                choices=choices,
                initial=targets[index] if index < len(targets) else "ignore",
                help_text=help_text,
            )
        country = self.fields["default_country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", _("None: numbers need their country code")), *country_choices()]
        constituencies = self.fields["constituencies"]
        assert isinstance(constituencies, forms.MultipleChoiceField)
        constituencies.choices = [(c.key, c.label) for c in Constituency.objects.all()]
        self.initial.update(
            default_country=options.default_country,
            constituencies=options.constituencies,
            tags=", ".join(options.tags),
            duplicates=options.duplicates,
            fuzzy=options.fuzzy,
        )

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{index}"] for index in range(len(self.column_names))]

    def option_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in ("default_country", "constituencies", "tags", "duplicates", "fuzzy")
        ]

    def targets(self) -> list[str]:
        return [self.cleaned_data[f"column_{index}"] for index in range(len(self.column_names))]

    def options(self) -> ImportOptions:
        data = self.cleaned_data
        return ImportOptions(
            default_country=data.get("default_country") or "",
            constituencies=list(data.get("constituencies") or []),
            tags=[tag.strip() for tag in (data.get("tags") or "").split(",") if tag.strip()],
            duplicates=data.get("duplicates") or DUPLICATE_SKIP,
            fuzzy=bool(data.get("fuzzy")),
        )
