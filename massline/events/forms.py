"""Forms of the events app. They parse and validate input; services do the writes.

Event times are entered as wall-clock times of the event's own time zone and converted to UTC
here (`services.local_to_utc`), so a commemoration at 15:00 in Florence stays at 15:00 in
Florence on either side of a daylight-saving change.
"""

import datetime
import zoneinfo
from functools import cache
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from massline.core.forms import add_service_errors
from massline.directory.models import validate_language
from massline.events.models import Anniversary, Event, Rsvp
from massline.events.services import local_to_utc, utc_to_local

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=LOCAL_FORMAT, **kwargs)


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date and time, left naive: the event's own zone is applied in `clean`,
    not the zone of whoever fills in the form."""

    def to_python(self, value: Any) -> datetime.datetime | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.replace(tzinfo=None)
        text = str(value).strip()
        for fmt in self.input_formats or ():
            try:
                return datetime.datetime.strptime(text, fmt)  # noqa: DTZ007 - naive on purpose
            except (ValueError, TypeError):
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")


@cache
def _zones() -> list[tuple[str, str]]:
    return [
        (name, name)
        for name in sorted(zoneinfo.available_timezones())
        if "/" in name or name == "UTC"
    ]


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        help_text=_("Letters, digits and hyphens: the end of the public page's address."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    language = forms.CharField(
        label=_("Original language"),
        max_length=3,
        initial="en",
        validators=[validate_language],
        help_text=_("Two-letter code, e.g. en, ru, it, de."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20000, widget=forms.Textarea
    )
    unit: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    host: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Host"), queryset=None, required=False
    )
    co_hosts: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Co-hosts"), queryset=None, required=False
    )
    our_role = forms.ChoiceField(label=_("Our role"), choices=Event.Role.choices)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_zones, initial="Europe/Rome")
    starts_local = LocalDateTimeField(
        label=_("Starts (local time)"),
        input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"],
        widget=DateTimeLocalInput(),
    )
    ends_local = LocalDateTimeField(
        label=_("Ends (local time)"),
        input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"],
        widget=DateTimeLocalInput(),
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address of the venue"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online link"), max_length=200, required=False, assume_scheme="https"
    )
    visibility = forms.ChoiceField(label=_("Who sees it"), choices=Event.Visibility.choices)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=1,
        max_value=1_000_000,
        help_text=_("Leave empty for no limit."),
    )
    waitlist = forms.BooleanField(label=_("Waitlist when full"), required=False, initial=True)
    rsvp_open = forms.BooleanField(label=_("Open for RSVPs"), required=False, initial=True)
    remind_hours_before = forms.IntegerField(
        label=_("Remind attendees this many hours before"),
        min_value=0,
        max_value=24 * 14,
        initial=24,
        help_text=_("0 sends no reminder."),
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet,
        organizations: QuerySet,
        event: Event | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        cast(forms.ModelChoiceField, self.fields["host"]).queryset = organizations
        cast(forms.ModelMultipleChoiceField, self.fields["co_hosts"]).queryset = organizations
        self.fields["description"].widget.attrs["rows"] = 6
        if event is not None and not self.is_bound:
            for name in (
                "title",
                "slug",
                "kind",
                "language",
                "description",
                "unit",
                "host",
                "our_role",
                "time_zone",
                "venue",
                "address",
                "online_url",
                "visibility",
                "capacity",
                "waitlist",
                "rsvp_open",
                "remind_hours_before",
            ):
                self.initial[name] = getattr(event, name)
            self.initial["co_hosts"] = list(event.co_hosts.all())
            self.initial["starts_local"] = utc_to_local(event.starts_at, event.time_zone).replace(
                tzinfo=None
            )
            self.initial["ends_local"] = utc_to_local(event.ends_at, event.time_zone).replace(
                tzinfo=None
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone = data.get("time_zone")
        if not zone:
            return data
        for local, stored in (("starts_local", "starts_at"), ("ends_local", "ends_at")):
            if data.get(local):
                try:
                    data[stored] = local_to_utc(data[local], zone, local)
                except ValidationError as exc:
                    add_service_errors(self, exc)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_local", _("The end must not be before the start."))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values under the services' field names (co-hosts apart)."""
        data = dict(self.cleaned_data)
        data.pop("starts_local", None)
        data.pop("ends_local", None)
        data.pop("co_hosts", None)
        data["capacity"] = data.get("capacity") or None
        return data


SERVICE_FIELD_TO_FORM = {"starts_at": "starts_local", "ends_at": "ends_local"}


def add_event_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service error on `starts_at`/`ends_at` belongs to the local-time inputs."""
    if hasattr(exc, "error_dict"):
        exc = ValidationError(
            {SERVICE_FIELD_TO_FORM.get(k, k): v for k, v in exc.error_dict.items()}
        )
    add_service_errors(form, exc)


class EventFilterForm(forms.Form):
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Event.Kind.choices]
    )
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Unit"), required=False, queryset=None, empty_label=_("All units")
    )

    def __init__(self, *args: Any, units: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units


class TranslationForm(forms.Form):
    language = forms.CharField(
        label=_("Language"),
        max_length=3,
        validators=[validate_language],
        help_text=_("Two-letter code, e.g. ru, it, de."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class PublicRsvpForm(forms.Form):
    """The public RSVP form: the minimum to hold a seat and send the ticket."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email"), max_length=254)
    organization_name = forms.CharField(
        label=_("Organization (optional)"), max_length=200, required=False
    )


class DelegationForm(forms.Form):
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organization"), queryset=None
    )
    notes = forms.CharField(
        label=_("Travel and visa notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Encrypted; only organizers of the event's unit read them."),
    )

    def __init__(self, *args: Any, organizations: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations


class DelegationNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Travel and visa notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DelegateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=Rsvp.DelegateRole.choices)
    email = forms.EmailField(label=_("Email (for the ticket)"), max_length=254, required=False)
    language = forms.ChoiceField(
        label=_("Language of the mails"),
        required=False,
        choices=[
            ("", "—"),
            ("en", "English"),
            ("ru", "Русский"),
            ("it", "Italiano"),
            ("de", "Deutsch"),
        ],
    )
    travel_notes = forms.CharField(
        label=_("Travel and visa notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CheckinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=300,
        help_text=_("Type the code or paste what the scanner read."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class AnniversaryForm(forms.ModelForm):
    class Meta:
        model = Anniversary
        fields = [
            "title",
            "kind",
            "day",
            "month",
            "year",
            "description",
            "organizations",
            "remind_days_before",
            "unit",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, units: QuerySet, organizations: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        cast(forms.ModelChoiceField, self.fields["unit"]).empty_label = _("Whole organization")
        cast(forms.ModelMultipleChoiceField, self.fields["organizations"]).queryset = organizations

    def _post_clean(self) -> None:
        # Model validation runs in the service, inside its transaction.
        pass
