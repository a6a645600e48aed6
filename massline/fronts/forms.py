"""Forms of the fronts app. They only parse and bound input; services validate and write."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massline.core.countries import country_choices
from massline.fronts.models import (
    Front,
    FrontMembership,
    PlatformVersion,
    Representative,
    Signature,
)
from massline.fronts.services import split_principles

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value: Any) -> str | None:
        if hasattr(value, "strftime"):
            return str(timezone.localtime(value).strftime("%Y-%m-%dT%H:%M"))
        return cast(str | None, value)


class FrontForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=40)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        help_text=_("Used in links: lower-case letters, digits and hyphens."),
    )
    founded_on = forms.DateField(label=_("Founded on"), required=False, widget=DateInput())
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Coordinating unit"), queryset=None
    )
    secretariat: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Secretariat"),
        queryset=None,
        required=False,
        help_text=_("The organization that hosts the front's secretariat."),
    )
    we_host = forms.BooleanField(label=_("This instance hosts the secretariat"), required=False)
    admission = forms.ChoiceField(label=_("Admission"), choices=Front.Admission.choices)
    weighting = forms.ChoiceField(label=_("Vote weights"), choices=Front.Weighting.choices)
    quorum_percent = forms.IntegerField(
        label=_("Quorum (percent of voting weight)"), min_value=0, max_value=100, initial=50
    )
    majority = forms.ChoiceField(label=_("Default majority"), choices=Front.Majority.choices)

    def __init__(self, *args: Any, units: QuerySet, organizations: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        cast(forms.ModelChoiceField, self.fields["secretariat"]).queryset = organizations
        for code, name in settings.LANGUAGES:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": name},
                max_length=200,
                required=False,
            )

    def names(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"name_{code}", "") for code, _n in settings.LANGUAGES}

    def front_fields(self) -> dict[str, Any]:
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if not key.startswith("name_") and key != "unit"
        }


class MembershipAddForm(forms.Form):
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organization"), queryset=None
    )
    status = forms.ChoiceField(
        label=_("Joins as"),
        choices=[
            (FrontMembership.Status.MEMBER, _("Member")),
            (FrontMembership.Status.OBSERVER, _("Observer")),
        ],
    )
    weight = forms.IntegerField(label=_("Vote weight"), min_value=1, max_value=1000, initial=1)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason or reference"), max_length=2000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, organizations: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        self.fields["decided_on"].initial = timezone.localdate


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (s.value, s.label)
            for s in FrontMembership.Status
            if s != FrontMembership.Status.APPLIED
        ],
    )
    weight = forms.IntegerField(label=_("Vote weight"), min_value=1, max_value=1000)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate


class ApplicationForm(forms.Form):
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=None,
        required=False,
        help_text=_("Choose it if it is listed; otherwise give its name below."),
    )
    proposed_name = forms.CharField(label=_("Organization's name"), max_length=200, required=False)
    proposed_country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=lambda: [("", _("International / none")), *country_choices()],
    )
    proposed_website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    representative_name = forms.CharField(label=_("Representative's name"), max_length=120)
    representative_email = forms.EmailField(label=_("Representative's email"), max_length=254)
    motivation = forms.CharField(
        label=_("Why your organization wants to join"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, organizations: QuerySet | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is None:
            # the public form does not reveal the directory
            del self.fields["organization"]
        else:
            cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organization") and not (data.get("proposed_name") or "").strip():
            self.add_error("proposed_name", _("Choose an organization or give its name."))
        return data


class ApplicationDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (FrontMembership.Status.MEMBER, _("Accept as member")),
            (FrontMembership.Status.OBSERVER, _("Accept as observer")),
            (FrontMembership.Status.REJECTED, _("Reject")),
        ],
    )
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Directory record"),
        queryset=None,
        required=False,
        help_text=_("Needed to accept an organization that is not yet in the directory."),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organizations: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        self.fields["decided_on"].initial = timezone.localdate


class RepresentativeForm(forms.Form):
    display_name = forms.CharField(label=_("Name"), max_length=120)
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        required=False,
        help_text=_("Needed for an account and for sign-on links by mail."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Representative.Role.choices)


class VersionForm(forms.Form):
    note = forms.CharField(
        label=_("Note on this version"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"principles_{code}"] = forms.CharField(
                label=_("Principles in %(language)s") % {"language": name},
                required=False,
                max_length=100_000,
                widget=forms.Textarea(attrs={"rows": 12, "lang": code}),
                help_text=_("One principle per paragraph; separate them with an empty line."),
            )

    def texts(self) -> dict[str, list[str]]:
        return {
            code: split_principles(self.cleaned_data.get(f"principles_{code}", ""))
            for code, _n in settings.LANGUAGES
        }


def version_initial(version: PlatformVersion) -> dict[str, str]:
    initial: dict[str, str] = {"note": version.note}
    by_language: dict[str, list[str]] = {}
    for principle in version.principles.order_by("number"):
        by_language.setdefault(principle.language, []).append(principle.text)
    for code, texts in by_language.items():
        initial[f"principles_{code}"] = "\n\n".join(texts)
    return initial


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adopted_on"].initial = timezone.localdate


def _organization_of(membership: FrontMembership) -> str:
    return str(membership.organization)


class EndorsementForm(forms.Form):
    membership: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organization"), queryset=None
    )
    endorsed_on = forms.DateField(label=_("Endorsed on"), widget=DateInput())

    def __init__(
        self, *args: Any, memberships: QuerySet, numbers: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["membership"])
        field.queryset = memberships
        field.label_from_instance = _organization_of  # type: ignore[method-assign,assignment]
        self.fields["endorsed_on"].initial = timezone.localdate
        self.numbers = numbers
        for number in numbers:
            self.fields[f"reservation_{number}"] = forms.CharField(
                label=_("Reservation on principle %(number)d") % {"number": number},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def reservations(self) -> dict[int, str]:
        return {n: self.cleaned_data.get(f"reservation_{n}", "") for n in self.numbers}


class StatementForm(forms.Form):
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        help_text=_("The public page's address once published."),
    )

    def __init__(self, *args: Any, with_slug: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_slug:
            del self.fields["slug"]
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title in %(language)s") % {"language": name},
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"lang": code}),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": name},
                max_length=20000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 10, "lang": code}),
            )

    def texts(self) -> dict[str, tuple[str, str]]:
        return {
            code: (
                self.cleaned_data.get(f"title_{code}", ""),
                self.cleaned_data.get(f"body_{code}", ""),
            )
            for code, _n in settings.LANGUAGES
        }


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Sign-on deadline"),
        widget=DateTimeInput(),
        help_text=_("In the instance's time zone."),
    )


class SignForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your organization's decision"),
        widget=forms.RadioSelect,
        choices=[
            (Signature.Decision.SIGN, _("We sign")),
            (Signature.Decision.DECLINE, _("We decline")),
            (Signature.Decision.ABSTAIN, _("We abstain")),
        ],
    )
