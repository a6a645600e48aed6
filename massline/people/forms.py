"""Forms of mass work. They parse and validate input; services do the writes and hold the
rules (emails, phones, countries, sizes), so a form error and a service error read the same."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit, User
from massline.core.countries import country_choices
from massline.people import segments
from massline.people.models import (
    Assessment,
    Constituency,
    Contact,
    Interaction,
    Site,
    Struggle,
)


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _country_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=lambda: [("", _("Unknown / none")), *country_choices()],
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _commas(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def constituency_choices() -> list[tuple[str, str]]:
    return [(c.key, c.label) for c in Constituency.objects.all()]


def _set_queryset(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class ContactSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Filter"),
        required=False,
        max_length=segments.MAX_LENGTH,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "spellcheck": "false",
                "placeholder": "constituency:workers assessment<=2 last_contact>30d",
            }
        ),
    )
    email = forms.CharField(
        label=_("Exact email"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Exact phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "inputmode": "tel"}),
    )


class ContactForm(forms.Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none()
    )
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    called_name = forms.CharField(
        label=_("As they call themselves"), required=False, max_length=200
    )
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        required=False,
        max_length=200,
        help_text=_("Use it instead of a real name where that is safer."),
    )
    emails = forms.CharField(
        label=_("Emails"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "inputmode": "email"}),
        help_text=_("One per line; the first is the main one."),
    )
    phones = forms.CharField(
        label=_("Phones"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "inputmode": "tel"}),
        help_text=_("One per line, with the country code, e.g. +7…"),
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    country = _country_field()
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=100,
        help_text=_("ISO codes separated by commas, e.g. ru, it."),
    )
    site: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Workplace or site"), required=False, queryset=Site.objects.none()
    )
    union = forms.CharField(label=_("Union"), required=False, max_length=120)
    status = forms.ChoiceField(
        label=_("Membership status"), choices=Contact.Status.choices, initial=Contact.Status.CONTACT
    )
    constituencies = forms.MultipleChoiceField(
        label=_("Constituencies"), required=False, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=600, help_text=_("Separate tags with commas.")
    )
    consent_email = forms.BooleanField(label=_("May be emailed"), required=False)
    consent_phone = forms.BooleanField(label=_("May be called"), required=False)
    consent_messaging = forms.BooleanField(label=_("May be messaged"), required=False)
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=120,
        help_text=_("Where we met: a picket, a leaflet, a meeting…"),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        sites: QuerySet[Site],
        contact: Contact | None = None,
        **kwargs: Any,
    ) -> None:
        if contact is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(contact)
        super().__init__(*args, **kwargs)
        _set_queryset(self, "unit", units)
        _set_queryset(self, "site", sites)
        cast(forms.ModelChoiceField, self.fields["site"]).empty_label = _("No site")
        cast(
            forms.MultipleChoiceField, self.fields["constituencies"]
        ).choices = constituency_choices()
        if contact is None and units.count() == 1:
            self.fields["unit"].initial = units.first()

    GROUPS = (
        (_("Who"), ("unit", "given_name", "family_name", "called_name", "pseudonym")),
        (
            _("How to reach them"),
            (
                "emails",
                "phones",
                "address",
                "country",
                "city",
                "languages",
                "consent_email",
                "consent_phone",
                "consent_messaging",
            ),
        ),
        (
            _("Where they stand"),
            ("site", "union", "status", "constituencies", "tags", "source", "notes"),
        ),
    )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields in the sections the form page shows them in."""
        return [(str(legend), [self[name] for name in names]) for legend, names in self.GROUPS]

    @staticmethod
    def initial_from(contact: Contact) -> dict[str, Any]:
        return {
            "unit": contact.unit_id,
            "given_name": contact.given_name,
            "family_name": contact.family_name,
            "called_name": contact.called_name,
            "pseudonym": contact.pseudonym,
            "emails": contact.emails,
            "phones": contact.phones,
            "address": contact.address,
            "country": contact.country,
            "city": contact.city,
            "languages": ", ".join(contact.languages or []),
            "site": contact.site_id,
            "union": contact.union,
            "status": contact.status,
            "constituencies": [c.key for c in contact.constituencies.all()],
            "tags": ", ".join(t.name for t in contact.tags.all()),
            "consent_email": contact.consent_email,
            "consent_phone": contact.consent_phone,
            "consent_messaging": contact.consent_messaging,
            "source": contact.source,
            "notes": contact.notes,
        }

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data as the keyword arguments of contact_create / contact_update."""
        data = dict(self.cleaned_data)
        data["emails"] = _lines(data["emails"])
        data["phones"] = _lines(data["phones"])
        data["tags"] = _commas(data["tags"])
        data["languages"] = [code.lower() for code in _commas(data["languages"])]
        data["constituencies"] = list(data["constituencies"])
        return data


class InteractionForm(forms.Form):
    """The quick entry: what happened, how they stand now, and what comes next."""

    kind = forms.ChoiceField(
        label=_("What"),
        choices=Interaction.Kind.choices,
        initial=Interaction.Kind.CONVERSATION,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Interaction.Outcome.choices,
        initial=Interaction.Outcome.NEUTRAL,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
    place = forms.CharField(label=_("Where"), required=False, max_length=500)
    occurred_at = forms.DateTimeField(
        label=_("When"), required=False, widget=DateTimeInput(), help_text=_("Leave empty for now.")
    )
    assessment = forms.TypedChoiceField(
        label=_("New assessment"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("No change")), *Assessment.Level.choices],
        widget=forms.RadioSelect,
    )
    due_on = forms.DateField(label=_("Next step due"), required=False, widget=DateInput())
    task = forms.CharField(
        label=_("What to do"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. bring the leaflet on shifts")}),
    )
    assigned_to: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Who does it"), required=False, queryset=User.objects.none()
    )

    def __init__(self, *args: Any, assignees: QuerySet[User], actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "assigned_to", assignees)
        self.fields["assigned_to"].initial = actor.pk
        cast(forms.ModelChoiceField, self.fields["assigned_to"]).empty_label = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("due_on") and not data.get("task"):
            self.add_error("task", _("Say what is to be done."))
        if data.get("task") and not data.get("due_on"):
            self.add_error("due_on", _("Give the date the next step is due."))
        return data


class SiteForm(forms.Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none()
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Site.Kind.choices)
    sector = forms.CharField(
        label=_("Sector"),
        required=False,
        max_length=80,
        help_text=_("e.g. logistics, health, education"),
    )
    size = forms.IntegerField(
        label=_("Size (people)"), required=False, min_value=0, max_value=10_000_000
    )
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    country = _country_field()
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], site: Site | None = None, **kwargs: Any
    ) -> None:
        if site is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "unit": site.unit_id,
                "name": site.name,
                "kind": site.kind,
                "sector": site.sector,
                "size": site.size,
                "city": site.city,
                "country": site.country,
                "notes": site.notes,
            }
        super().__init__(*args, **kwargs)
        _set_queryset(self, "unit", units)
        if site is not None:
            # A site stays in its unit: its contacts and struggles were filed there.
            self.fields["unit"].disabled = True
        elif units.count() == 1:
            self.fields["unit"].initial = units.first()


class StruggleForm(forms.Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Struggle.Kind.choices)
    status = forms.ChoiceField(
        label=_("Status"), choices=Struggle.Status.choices, initial=Struggle.Status.ACTIVE
    )
    started = forms.DateField(label=_("Started"), required=False, widget=DateInput())
    ended = forms.DateField(label=_("Ended"), required=False, widget=DateInput())
    sites: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Sites"),
        required=False,
        queryset=Site.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    constituencies = forms.MultipleChoiceField(
        label=_("Constituencies"), required=False, widget=forms.CheckboxSelectMultiple
    )
    contacts: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Contacts involved"),
        required=False,
        queryset=Contact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The contacts at its sites, and those already involved. Add anyone else "
            "from their own page."
        ),
    )
    description = forms.CharField(
        label=_("What it is about"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    our_support = forms.CharField(
        label=_("What we did to support it"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        sites: QuerySet[Site],
        contacts: QuerySet[Contact],
        struggle: Struggle | None = None,
        **kwargs: Any,
    ) -> None:
        if struggle is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "unit": struggle.unit_id,
                "title": struggle.title,
                "kind": struggle.kind,
                "status": struggle.status,
                "started": struggle.started,
                "ended": struggle.ended,
                "sites": [s.pk for s in struggle.sites.all()],
                "constituencies": [c.key for c in struggle.constituencies.all()],
                "contacts": [c.pk for c in struggle.contacts.all()],
                "description": struggle.description,
                "our_support": struggle.our_support,
            }
        super().__init__(*args, **kwargs)
        _set_queryset(self, "unit", units)
        _set_queryset(self, "sites", sites)
        _set_queryset(self, "contacts", contacts)
        cast(
            forms.MultipleChoiceField, self.fields["constituencies"]
        ).choices = constituency_choices()
        if struggle is None:
            del self.fields["contacts"]
            if units.count() == 1:
                self.fields["unit"].initial = units.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, ended = data.get("started"), data.get("ended")
        if started and ended and ended < started:
            self.add_error("ended", _("The end lies before the start."))
        return data


class ContactStruggleForm(forms.Form):
    struggle: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Struggle"), queryset=Struggle.objects.none()
    )

    def __init__(self, *args: Any, struggles: QuerySet[Struggle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "struggle", struggles)


class ConstituencyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=80, help_text=_("e.g. Pensioners, Migrant workers, Students")
    )


class SegmentForm(forms.Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        help_text=_("The segment holds contacts of this unit and the units below it."),
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    query = forms.CharField(
        label=_("Filter"),
        max_length=segments.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "unit", units)
        if "unit" not in self.initial and units.count() == 1:
            self.fields["unit"].initial = units.first()

    def clean_query(self) -> str:
        query = self.cleaned_data["query"].strip()
        try:
            segments.to_q(query)
        except segments.SegmentQueryError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return query
