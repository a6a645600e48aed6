"""Forms of the assemblies pages; the services validate again and have the last word."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import User
from massline.events.models import Event
from massline.fronts.assemblies.models import (
    AgendaItem,
    Amendment,
    Assembly,
    Delegate,
    Majority,
    Motion,
    SpeakerRequest,
    Vote,
)
from massline.fronts.models import Front, FrontMembership


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class AssemblyForm(forms.ModelForm[Assembly]):
    front = forms.ModelChoiceField(queryset=Front.objects.none(), label=_("Front"))
    event = forms.ModelChoiceField(
        queryset=Event.objects.none(),
        label=_("Event"),
        help_text=_("The conference or meeting that gives the date and place."),
    )
    chairs = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Chairs"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Assembly
        fields = [
            "front",
            "event",
            "title",
            "chairs",
            "quorum_percent",
            "majority",
            "proxy_limit",
            "min_supporters",
            "motion_deadline",
            "amendment_deadline",
            "speaking_seconds",
            "alternation",
        ]
        widgets = {
            "motion_deadline": DateTimeInput(),
            "amendment_deadline": DateTimeInput(),
        }

    def __init__(
        self,
        *args: Any,
        fronts: QuerySet[Front],
        events: QuerySet[Event],
        chairs: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["front"].queryset = fronts  # type: ignore[attr-defined]
        self.fields["event"].queryset = events  # type: ignore[attr-defined]
        self.fields["chairs"].queryset = chairs  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["front"]


class DelegateForm(forms.Form):
    membership = forms.ModelChoiceField(
        queryset=FrontMembership.objects.none(), label=_("Organization")
    )
    email = forms.EmailField(
        label=_("Email of the delegate's account"),
        max_length=254,
        help_text=_("The person needs an account here, e.g. from a representative's invitation."),
    )
    weight = forms.IntegerField(
        label=_("Vote weight at this assembly"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("Leave empty to use the organization's weight in the front."),
    )

    def __init__(self, *args: Any, memberships: QuerySet[FrontMembership], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships  # type: ignore[attr-defined]


class ProxyForm(forms.Form):
    giver = forms.ModelChoiceField(queryset=Delegate.objects.none(), label=_("Delegate giving"))
    holder = forms.ModelChoiceField(queryset=Delegate.objects.none(), label=_("Carried by"))

    def __init__(self, *args: Any, delegates: QuerySet[Delegate], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["giver"].queryset = delegates  # type: ignore[attr-defined]
        self.fields["holder"].queryset = delegates  # type: ignore[attr-defined]


class AgendaItemForm(forms.ModelForm[AgendaItem]):
    class Meta:
        model = AgendaItem
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class SpeakForm(forms.Form):
    kind = forms.ChoiceField(choices=SpeakerRequest.Kind.choices, label=_("Ask for"))


class DeclareForm(forms.Form):
    attribute = forms.CharField(
        label=_("Gender or constituency (optional)"),
        max_length=40,
        required=False,
        help_text=_("Self-declared; used only to alternate the speakers list."),
    )


class MotionForm(forms.ModelForm[Motion]):
    text = forms.CharField(
        label=_("Text"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One line per paragraph or sentence: amendments refer to line numbers."),
    )
    organization = forms.ModelChoiceField(
        queryset=FrontMembership.objects.none(),
        required=False,
        label=_("In the name of the organization"),
        help_text=_("Leave empty to submit as a delegate (supporters needed)."),
    )

    class Meta:
        model = Motion
        fields = ["title", "text", "reason", "organization", "agenda_item"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        *args: Any,
        memberships: QuerySet[FrontMembership],
        items: QuerySet[AgendaItem],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = memberships  # type: ignore[attr-defined]
        self.fields["agenda_item"].queryset = items  # type: ignore[attr-defined]


class AmendmentForm(forms.ModelForm[Amendment]):
    class Meta:
        model = Amendment
        fields = ["kind", "first_line", "last_line", "new_text", "reason"]
        widgets = {
            "new_text": forms.Textarea(attrs={"rows": 4}),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }


class VoteForm(forms.ModelForm[Vote]):
    options = forms.CharField(
        label=_("Options or candidates"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line; for a choice or an election only."),
    )

    class Meta:
        model = Vote
        fields = [
            "title",
            "kind",
            "options",
            "seats",
            "secret",
            "weighting",
            "majority",
            "quorum_percent",
            "results_while_open",
            "agenda_item",
            "motion",
            "amendment",
        ]

    def __init__(self, *args: Any, assembly: Assembly, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = assembly.items.all()  # type: ignore[attr-defined]
        self.fields["motion"].queryset = assembly.motions.all()  # type: ignore[attr-defined]
        self.fields["amendment"].queryset = Amendment.objects.filter(  # type: ignore[attr-defined]
            motion__assembly=assembly, status=Amendment.Status.SUBMITTED
        )
        self.fields["majority"].initial = assembly.majority
        self.fields["majority"].choices = Majority.choices  # type: ignore[attr-defined]
        self.fields["quorum_percent"].initial = assembly.quorum_percent

    def option_labels(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("options", "").splitlines()]
