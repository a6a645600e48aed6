"""Forms of the reviews pages. They parse and bound input; the services decide."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from massline.accounts.models import Unit, User
from massline.reviews import subjects
from massline.reviews.models import CorrectiveAction, Criticism, Finding, Review, Tendency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 4})


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name or obj.email)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name or obj.email)


class ReviewForm(forms.Form):
    subject = forms.ChoiceField(label=_("What is reviewed"))
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Only for a self-criticism: the unit it is held in."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    facilitator = PersonChoiceField(label=_("Facilitator"), queryset=User.objects.none())
    participants = PeopleChoiceField(
        label=_("Participants"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Review.Confidentiality.choices,
        initial=Review.Confidentiality.UNIT,
        widget=forms.RadioSelect,
        help_text=_(
            "The unit: its members and the units above. The leadership: secretaries of the "
            "unit. Participants only: the people in the room (not even administrators)."
        ),
    )
    summary = forms.CharField(
        label=_("Summary"), max_length=10000, required=False, widget=SHORT_TEXT
    )

    def __init__(
        self,
        *args: Any,
        subject_groups: list[tuple[subjects.Kind, list[tuple[str, str]]]],
        units: QuerySet[Unit],
        people: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        subject_field = self.fields["subject"]
        assert isinstance(subject_field, forms.ChoiceField)
        subject_field.choices = [("", "—")] + [
            (str(kind.label), choices) for kind, choices in subject_groups
        ]
        for name, queryset in (("unit", units), ("facilitator", people), ("participants", people)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset


class ReviewEditForm(forms.ModelForm):
    facilitator = PersonChoiceField(label=_("Facilitator"), queryset=User.objects.none())
    participants = PeopleChoiceField(
        label=_("Participants"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Review
        fields = ["title", "held_on", "facilitator", "participants", "confidentiality", "summary"]
        widgets = {
            "held_on": DATE,
            "confidentiality": forms.RadioSelect,
            "summary": SHORT_TEXT,
        }

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("facilitator", "participants"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = people


class TendencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Finding.Kind.choices,
        initial=Finding.Kind.ERROR,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Finding"), max_length=200)
    facts = forms.CharField(label=_("Facts"), max_length=5000, required=False, widget=SHORT_TEXT)
    root_cause = forms.CharField(
        label=_("Root cause"),
        max_length=5000,
        required=False,
        widget=SHORT_TEXT,
        help_text=_("Why it happened, not only what happened."),
    )
    tendencies = TendencyChoiceField(
        label=_("Tendencies this error shows"),
        queryset=Tendency.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    raised_by = PersonChoiceField(
        label=_("Raised by"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Anonymous"),
    )

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tendencies = self.fields["tendencies"]
        assert isinstance(tendencies, forms.ModelMultipleChoiceField)
        tendencies.queryset = Tendency.objects.filter(active=True).order_by("position", "code")
        raised_by = self.fields["raised_by"]
        assert isinstance(raised_by, forms.ModelChoiceField)
        raised_by.queryset = circle_people(review)


def circle_people(review: Review) -> QuerySet[User]:
    """The participants and the facilitator of a review."""
    ids = {person.pk for person in review.participants.all()} | {review.facilitator_id}
    return User.objects.filter(pk__in=ids).order_by("display_name", "email")


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Corrective action"), max_length=500)
    owner = PersonChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due date"), widget=DATE)

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = circle_people(review)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (CorrectiveAction.Status.DONE, _("Done")),
            (CorrectiveAction.Status.OPEN, _("Open again")),
            (CorrectiveAction.Status.DROPPED, _("Dropped")),
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)
    reason = forms.CharField(
        label=_("Reason for dropping"),
        max_length=2000,
        required=False,
        help_text=_("Needed when the action is dropped."),
    )


class VerifyForm(forms.Form):
    note = forms.CharField(label=_("How it was checked"), max_length=2000, required=False)


class FollowUpForm(forms.Form):
    held_on = forms.DateField(label=_("Date of the follow-up"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


class BoxForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    about = forms.ChoiceField(
        label=_("About"),
        choices=Criticism.About.choices,
        initial=Criticism.About.UNIT,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your criticism"),
        max_length=5000,
        widget=SHORT_TEXT,
        help_text=_(
            "Avoid details that only you could know if you want to stay unrecognisable: "
            "the reviewers read your words."
        ),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units


class AnswerForm(forms.Form):
    summary = forms.CharField(
        label=_("The criticism, in your words"),
        max_length=1000,
        widget=SHORT_TEXT,
        help_text=_(
            "Shown to the unit instead of the original text, so that its wording does not "
            "give the author away."
        ),
    )
    text = forms.CharField(label=_("Answer"), max_length=5000, widget=SHORT_TEXT)
