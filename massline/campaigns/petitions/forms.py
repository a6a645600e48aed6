"""Forms of the petitions app: the public signing form and the coordinator's forms."""

from functools import lru_cache

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from massline.campaigns.petitions.models import (
    CITY_MAX,
    EMAIL_MAX,
    NAME_MAX,
    Petition,
    PetitionText,
    Signature,
)
from massline.core.countries import country_choices, is_country


class SignForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=NAME_MAX)
    email = forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX,
        help_text=_("We send you a link to confirm. It is stored encrypted and never shown."),
    )
    country = forms.CharField(label=_("Country"), widget=forms.Select)
    city = forms.CharField(label=_("City (optional)"), max_length=CITY_MAX, required=False)
    display = forms.ChoiceField(
        label=_("Show my name on the petition page"),
        choices=Signature.Display.choices,
        initial=Signature.Display.HIDDEN,
        widget=forms.RadioSelect,
    )
    consent_contact = forms.BooleanField(
        label=_("The campaign may email me about this case"), required=False
    )
    pow = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_country(self) -> str:
        code = self.cleaned_data["country"]
        if not is_country(code):
            raise forms.ValidationError(_("Choose your country."), code="invalid_choice")
        return code

    def with_choices(self) -> "SignForm":
        """Fill the country list, for rendering only: validating a POST needs no list of 250
        localized names."""
        widget = self.fields["country"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = _countries(translation.get_language() or "en")
        return self


@lru_cache(maxsize=8)
def _countries(language: str) -> list[tuple[str, str]]:
    return [("", "—"), *country_choices(language)]


class PetitionForm(forms.ModelForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), max_length=20000, widget=forms.Textarea)

    class Meta:
        model = Petition
        fields = ["slug", "target", "goal", "status", "language", "retention_days"]
        widgets = {"language": forms.Select(choices=settings.LANGUAGES)}


class PetitionEditForm(forms.ModelForm):
    class Meta:
        model = Petition
        fields = ["slug", "target", "goal", "status", "language", "retention_days"]
        widgets = {"language": forms.Select(choices=settings.LANGUAGES)}


class PetitionTextForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = PetitionText
        fields = ["language", "title", "text"]
