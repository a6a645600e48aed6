"""Forms of campaigns. They only parse and validate input; services do the writes."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from massline.campaigns.images import MAX_UPLOAD_BYTES
from massline.campaigns.models import (
    HEARING_TEXT_LIMITS,
    TRANSFER_TEXT_LIMITS,
    Action,
    Campaign,
    CampaignText,
    Case,
    Hearing,
    LetterTemplate,
    NewsItem,
    SupporterLetter,
    Transfer,
)
from massline.core.countries import country_choices, language_name

# Languages letters and templates are commonly written in, besides the interface's own.
LETTER_LANGUAGES = ("en", "ru", "it", "de", "fr", "es", "pt", "uk", "pl", "tr", "el", "zh")


class DateInput(forms.DateInput):
    input_type = "date"


def interface_language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code, code)) for code, _name in settings.LANGUAGES]


def letter_language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in LETTER_LANGUAGES]


def _country_field(required: bool) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Country"),
        required=required,
        choices=lambda: [
            ("", _("International / none") if not required else "—"),
            *country_choices(),
        ],
    )


class ServiceForm(forms.ModelForm):
    """A model form whose model validation runs in the service, inside its transaction."""

    def _post_clean(self) -> None:
        pass


class Honeypot(forms.Form):
    """A field people never see (hidden by the stylesheet) and bots fill in."""

    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""


class CampaignForm(ServiceForm):
    language = forms.ChoiceField(label=_("Original language"), choices=interface_language_choices)

    class Meta:
        model = Campaign
        fields = [
            "title",
            "slug",
            "kind",
            "status",
            "language",
            "unit",
            "summary",
            "body",
            "goals",
            "letter_guidance",
            "coordinators",
            "partners",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "letter_guidance": forms.Textarea(attrs={"rows": 4}),
            "coordinators": forms.SelectMultiple(attrs={"size": 6}),
            "partners": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {"slug": _("The last part of the public page's address, e.g. free-anna.")}

    def __init__(
        self,
        *args: Any,
        units: QuerySet,
        people: QuerySet,
        organizations: QuerySet,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        cast(forms.ModelMultipleChoiceField, self.fields["coordinators"]).queryset = people
        cast(forms.ModelMultipleChoiceField, self.fields["partners"]).queryset = organizations


class CampaignTextForm(ServiceForm):
    class Meta:
        model = CampaignText
        fields = [
            "title",
            "summary",
            "body",
            "goals",
            "letter_guidance",
            *CampaignText.CASE_FIELDS,
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "letter_guidance": forms.Textarea(attrs={"rows": 4}),
            "about": forms.Textarea(attrs={"rows": 3}),
            "charges": forms.Textarea(attrs={"rows": 3}),
            "sentence": forms.Textarea(attrs={"rows": 2}),
            "mail_rules": forms.Textarea(attrs={"rows": 3}),
        }


class CaseForm(ServiceForm):
    photo_upload = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("A JPEG, PNG or WebP image; its metadata (camera, place) is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = Case
        fields = [
            name
            for field in Case.FLAGGED
            for name in (field, f"{field}_visibility")
            if name != "photo"
        ]
        widgets = {
            "about": forms.Textarea(attrs={"rows": 3}),
            "charges": forms.Textarea(attrs={"rows": 3}),
            "sentence": forms.Textarea(attrs={"rows": 2}),
            "detention_address": forms.Textarea(attrs={"rows": 3}),
            "mail_rules": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_photo_upload(self) -> Any:
        upload = self.cleaned_data.get("photo_upload")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The photo is too large: at most %(mb)d MB."),
                params={"mb": MAX_UPLOAD_BYTES // 2**20},
            )
        return upload

    def service_fields(self) -> dict[str, Any]:
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in {"photo_upload", "remove_photo"}
        }

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(field, its visibility) for the template, in page order."""
        return [
            (self[name], self[f"{name}_visibility"]) for name in Case.FLAGGED if name != "photo"
        ]


class TranslationsForm(ServiceForm):
    """A form with a field per language for each translatable text of its record.

    The fields are named `<text>__<language>`; `clean` gathers them into `translations`
    (`{language: {text: value}}`, empty ones left out), which the service stores.
    """

    LIMITS: dict[str, int] = {}
    LONG: frozenset[str] = frozenset()

    def __init__(self, *args: Any, languages: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = languages or []
        stored = self.instance.translations if self.instance.pk else {}
        for language in self.languages:
            for name, limit in self.LIMITS.items():
                key = f"{name}__{language}"
                self.fields[key] = forms.CharField(
                    label=f"{self.fields[name].label} ({language_name(language, language)})",
                    required=False,
                    max_length=limit,
                    widget=forms.Textarea(attrs={"rows": 2}) if name in self.LONG else None,
                )
                self.initial[key] = (stored.get(language) or {}).get(name, "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        translations: dict[str, dict[str, str]] = {}
        for language in self.languages:
            texts = {}
            for name in self.LIMITS:
                value = (data.pop(f"{name}__{language}", "") or "").strip()
                if value:
                    texts[name] = value
            if texts:
                translations[language] = texts
        data["translations"] = translations
        return data


class HearingForm(TranslationsForm):
    LIMITS = HEARING_TEXT_LIMITS
    LONG = frozenset({"description", "outcome"})

    class Meta:
        model = Hearing
        fields = ["held_on", "court", "description", "outcome", "visibility"]
        widgets = {
            "held_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }


class TransferForm(TranslationsForm):
    LIMITS = TRANSFER_TEXT_LIMITS
    LONG = frozenset({"note"})

    class Meta:
        model = Transfer
        fields = ["moved_on", "place", "note", "visibility"]
        widgets = {"moved_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}


class NewsForm(ServiceForm):
    language = forms.ChoiceField(label=_("Language"), choices=interface_language_choices)
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = NewsItem
        fields = ["language", "published_on", "title", "body", "link"]
        widgets = {"published_on": DateInput(), "body": forms.Textarea(attrs={"rows": 5})}


class LetterTemplateForm(ServiceForm):
    language = forms.ChoiceField(label=_("Language"), choices=letter_language_choices)

    class Meta:
        model = LetterTemplate
        fields = ["language", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


class LetterForm(ServiceForm):
    language = forms.ChoiceField(label=_("Language"), choices=letter_language_choices)

    class Meta:
        model = SupporterLetter
        fields = ["sender", "sender_alias", "sent_on", "language", "status", "note"]
        widgets = {"sent_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "sender_alias": _("For someone without an account; an alias protects them."),
        }

    def __init__(self, *args: Any, people: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["sender"]).queryset = people


class OwnLetterForm(ServiceForm):
    """A member logs a letter they wrote themselves."""

    language = forms.ChoiceField(label=_("Language"), choices=letter_language_choices)

    class Meta:
        model = SupporterLetter
        fields = ["sent_on", "language", "note"]
        widgets = {"sent_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}


class ActionForm(ServiceForm):
    country = _country_field(required=True)
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    photo_upload = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("A JPEG, PNG or WebP image; its metadata (camera, place) is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Action
        fields = [
            "kind",
            "held_on",
            "city",
            "country",
            "place",
            "organization",
            "group_name",
            "turnout",
            "description",
            "link",
        ]
        widgets = {"held_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, organizations: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations

    def clean_photo_upload(self) -> Any:
        upload = self.cleaned_data.get("photo_upload")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The photo is too large: at most %(mb)d MB."),
                params={"mb": MAX_UPLOAD_BYTES // 2**20},
            )
        return upload

    def service_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"photo_upload", "website"}}


class PublicActionForm(ActionForm, Honeypot):
    """The public report of an action: no directory choice, a honeypot against bots."""

    class Meta(ActionForm.Meta):
        fields = [f for f in ActionForm.Meta.fields if f != "organization"]


class EndorsementForm(Honeypot):
    organization_name = forms.CharField(label=_("Organization"), max_length=200)
    country = _country_field(required=False)
    representative_name = forms.CharField(
        label=_("Representative"),
        max_length=200,
        help_text=_("Who signs for the organization. Never shown publicly."),
    )
    contact_email = forms.EmailField(
        label=_("Contact email"),
        max_length=254,
        help_text=_("For the coordinators' questions only. Never shown publicly."),
    )
    statement = forms.CharField(
        label=_("Statement (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown with your endorsement on the campaign page."),
    )

    field_order = [
        "organization_name",
        "country",
        "representative_name",
        "contact_email",
        "statement",
        "website",
    ]
