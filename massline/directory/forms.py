"""Forms of the directory. They only parse and validate input; services do the writes."""

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from massline.core.countries import country_choices
from massline.directory.models import Organization, Position, Question, Relation


class DateInput(forms.DateInput):
    input_type = "date"


def _country_field(required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Country"),
        required=required,
        choices=lambda: [("", _("International / none")), *country_choices()],
    )


class OrganizationForm(forms.ModelForm):
    country = _country_field(required=False)
    website = forms.URLField(
        label=_("Website"), required=False, max_length=300, assume_scheme="https"
    )
    tags = forms.CharField(
        label=_("Tendency tags"),
        required=False,
        max_length=600,
        help_text=_("Separate tags with commas."),
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "name_own",
            "own_language",
            "aliases",
            "country",
            "kind",
            "website",
            "founded",
            "relation_status",
            "notes",
            "unit",
            "confidential",
        ]
        widgets = {"founded": DateInput(), "aliases": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, units: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        if self.instance.pk:
            self.initial["tags"] = ", ".join(t.name for t in self.instance.tags.all())

    def tag_names(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data.get("tags", "").split(",")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("confidential") and not data.get("unit"):
            self.add_error("unit", _("A confidential organization needs an owning unit."))
        return data

    def _post_clean(self) -> None:
        # Model validation runs in the service, inside its transaction.
        pass


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=lambda: [("", _("All countries")), *country_choices()],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Organization.Kind.choices]
    )
    relation_status = forms.ChoiceField(
        label=_("Our relation"),
        required=False,
        choices=[("", _("Any relation")), *Organization.RelationStatus.choices],
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False)

    def __init__(self, *args: Any, tags: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["tag"]).choices = [
            ("", _("Any tag")),
            *((t, t) for t in tags),
        ]


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Relation"), choices=Relation.Kind.choices)
    target: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Other organization"), queryset=Organization.objects.none()
    )
    started = forms.DateField(label=_("Since"), required=False, widget=DateInput())
    ended = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    source_note = forms.CharField(label=_("Source"), required=False, max_length=500)

    def __init__(self, *args: Any, targets: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["target"]).queryset = targets


class PositionForm(forms.Form):
    question: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Question"), queryset=Question.objects.none()
    )
    stance = forms.ChoiceField(label=_("Stance"), choices=Position.Stance.choices)
    stated_on = forms.DateField(label=_("Date"), widget=DateInput())
    summary = forms.CharField(label=_("Summary"), required=False, max_length=500)
    source_url = forms.URLField(
        label=_("Source link"), required=False, max_length=500, assume_scheme="https"
    )
    quote = forms.CharField(
        label=_("Quote in the original language"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    quote_language = forms.CharField(
        label=_("Quote language (ISO code, e.g. ru)"), required=False, max_length=3
    )

    def __init__(self, *args: Any, questions: QuerySet[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["question"]).queryset = questions


class QuestionForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    since = forms.DateField(label=_("Since"), required=False, widget=DateInput())


class DossierForm(forms.Form):
    summary = forms.CharField(
        label=_("Concrete conditions"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class DossierSourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=120)
    value = forms.DecimalField(label=_("Value"), max_digits=18, decimal_places=4)
    unit_label = forms.CharField(label=_("Unit"), required=False, max_length=30)
    measured_on = forms.DateField(label=_("Date"), widget=DateInput())
    source = forms.CharField(label=_("Source"), required=False, max_length=300)
