"""Forms of the register. They parse and validate input; the services write."""

import re
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massline.core.countries import country_choices
from massline.directory.models import Organization
from massline.letters.models import BODY_MAX, SIGNATORIES_MAX, SUBJECT_MAX, Letter
from massline.letters.services import RecipientSpec

LANGUAGE_CHOICES = [
    ("ru", "русский"),
    ("it", "italiano"),
    ("de", "Deutsch"),
    ("en", "English"),
    ("fr", "français"),
    ("es", "español"),
    ("pt", "português"),
    ("uk", "українська"),
    ("tr", "Türkçe"),
    ("zh", "中文"),
]
MAX_RECIPIENTS = 100


class DateInput(forms.DateInput):
    input_type = "date"


def _limit(field: forms.Field, queryset: QuerySet) -> None:
    cast(forms.ModelChoiceField, field).queryset = queryset


class RecipientsField(forms.CharField):
    """One recipient per line: the organization's short name, the address, and optionally
    the language codes it gets (e.g. `PMLI pmli@example.org it,en`)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20_000)
        super().__init__(**kwargs)
        self.organizations: QuerySet[Organization] = Organization.objects.none()

    def clean(self, value: Any) -> list[RecipientSpec]:  # type: ignore[override]
        text = super().clean(value) or ""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > MAX_RECIPIENTS:
            raise ValidationError(_("At most %(n)d recipients.") % {"n": MAX_RECIPIENTS})
        specs = []
        errors = []
        for line in lines:
            parts = line.split()
            email = next((p for p in parts if "@" in p), "")
            languages = next((p for p in parts if re.fullmatch(r"[a-z]{2,3}(,[a-z]{2,3})*", p)), "")
            name_parts = [p for p in parts if p not in {email, languages}]
            name = " ".join(name_parts)
            organization = self.organizations.filter(short_name__iexact=name).first()
            if organization is None:
                organization = self.organizations.filter(name__iexact=name).first()
            if organization is None:
                errors.append(
                    _("%(name)s: no such organization in the directory.") % {"name": name[:80]}
                )
                continue
            try:
                forms.EmailField(required=False, max_length=254).clean(email)
            except ValidationError:
                errors.append(_("%(name)s: the address is not valid.") % {"name": name[:80]})
                continue
            specs.append(RecipientSpec(organization=organization, email=email, languages=languages))
        if errors:
            raise ValidationError(errors)
        return specs


def recipients_text(letter: Letter) -> str:
    return "\n".join(
        " ".join(part for part in (r.organization.short_name, r.email, r.languages) if part)
        for r in letter.recipients.select_related("organization")
    )


class LetterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Letter.Kind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    recipients = RecipientsField(
        label=_("Recipients"),
        required=False,
        help_text=_(
            "One per line: short name of the organization, email address, and the languages "
            "it gets (optional), e.g. “PMLI pmli@example.org it,en”."
        ),
    )
    co_signers = forms.ModelMultipleChoiceField(
        label=_("Signed jointly with"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Organizations that sign the letter with us."),
    )
    signatories = forms.CharField(
        label=_("Signatories"),
        required=False,
        max_length=SIGNATORIES_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('One per line: a body such as "Central Committee" or a named person.'),
    )
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    letter_date = forms.DateField(label=_("Date of the letter"), required=False, widget=DateInput())
    event = forms.ModelChoiceField(
        label=_("Event"), queryset=Organization.objects.none(), required=False
    )
    anniversary = forms.ModelChoiceField(
        label=_("Anniversary"),
        queryset=Organization.objects.none(),
        required=False,
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Organization.objects.none(), required=False
    )
    confidential = forms.BooleanField(label=_("Confidential"), required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet,
        organizations: QuerySet,
        events: QuerySet,
        anniversaries: QuerySet,
        campaigns: QuerySet,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["unit"], units)
        _limit(self.fields["co_signers"], organizations)
        _limit(self.fields["event"], events)
        _limit(self.fields["anniversary"], anniversaries)
        _limit(self.fields["campaign"], campaigns)
        cast(RecipientsField, self.fields["recipients"]).organizations = organizations


class NewLetterForm(LetterForm):
    language = forms.ChoiceField(label=_("Language of the original"), choices=LANGUAGE_CHOICES)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Separate paragraphs with an empty line."),
    )


class VersionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Separate paragraphs with an empty line."),
    )
    is_original = forms.BooleanField(label=_("This is the original"), required=False)
    translator = forms.CharField(
        label=_("Translated by"),
        max_length=200,
        required=False,
        help_text=_("Credit for the translation, as it should appear under the letter."),
    )


class InboundForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Organization.objects.none())
    sender = forms.ModelChoiceField(label=_("From"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Letter.Kind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    pdf = forms.FileField(
        label=_("PDF of the letter"),
        required=False,
        help_text=_("A PDF file; it is stored encrypted."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    in_reply_to = forms.ModelChoiceField(
        label=_("In reply to our letter"),
        queryset=Organization.objects.none(),
        required=False,
    )
    event = forms.ModelChoiceField(
        label=_("Event"), queryset=Organization.objects.none(), required=False
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Organization.objects.none(), required=False
    )
    confidential = forms.BooleanField(label=_("Confidential"), required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet,
        organizations: QuerySet,
        letters: QuerySet,
        events: QuerySet,
        campaigns: QuerySet,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["unit"], units)
        _limit(self.fields["sender"], organizations)
        _limit(self.fields["in_reply_to"], letters)
        _limit(self.fields["event"], events)
        _limit(self.fields["campaign"], campaigns)

    def clean_received_on(self) -> Any:
        value = self.cleaned_data["received_on"]
        if value and value > timezone.localdate():
            raise ValidationError(_("This date lies in the future."))
        return value

    def pdf_bytes(self) -> tuple[bytes | None, str]:
        upload = self.cleaned_data.get("pdf")
        if not upload:
            return None, ""
        from massline.letters.attachments import max_bytes

        data = upload.read(max_bytes() + 1)
        return data, str(upload.name or "")[-200:]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MarkSentForm(forms.Form):
    via = forms.ChoiceField(label=_("Sent by"), choices=Letter.SentVia.choices)
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())


class PublishForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(LANGUAGE_CHOICES)
        cast(forms.MultipleChoiceField, self.fields["languages"]).choices = [
            (code, labels.get(code, code)) for code in languages
        ]


class AcknowledgeForm(forms.Form):
    reply = forms.ModelChoiceField(label=_("The reply"), queryset=Organization.objects.none())

    def __init__(self, *args: Any, letters: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["reply"], letters)


class GreetingForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Organization.objects.none())
    language = forms.ChoiceField(label=_("Language of the original"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, units: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["unit"], units)


class LetterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=lambda: [("", "—"), *country_choices()]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "—"), *Letter.Kind.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    direction = forms.ChoiceField(
        label=_("Direction"), required=False, choices=[("", "—"), *Letter.Direction.choices]
    )

    def __init__(self, *args: Any, organizations: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["organization"], organizations)
