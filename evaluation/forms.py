from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateInput
from evaluation.models import FollowUp, Grade

VOTE_FIELDS = ("votes_excellent", "votes_qualified", "votes_basically_qualified", "votes_unqualified")


class RoundForm(BootstrapMixin, forms.Form):
    day = forms.DateField(
        label=_("date"),
        widget=DateInput(),
        help_text=_("The roll is the branch's members on this day; the round is the evaluation of its year."),
    )
    meeting = forms.CharField(
        label=_("meeting where the verdicts were given"),
        required=False,
        max_length=200,
        help_text=_("Optional, e.g. the branch general meeting held with the organizational life meeting."),
    )


class ParticipantForm(BootstrapMixin, forms.Form):
    """One member's row of the round. A probationary member's form offers no grade: such a
    member takes part but is not graded (a posted grade is not a valid choice)."""

    self_assessed = forms.BooleanField(label=_("self-assessment received"), required=False)
    self_assessment = forms.CharField(
        label=_("self-assessment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    mutual_assessed = forms.BooleanField(label=_("mutual assessment done"), required=False)
    votes_excellent = forms.IntegerField(label=_("votes for excellent"), min_value=0, max_value=9999, initial=0)
    votes_qualified = forms.IntegerField(label=_("votes for qualified"), min_value=0, max_value=9999, initial=0)
    votes_basically_qualified = forms.IntegerField(
        label=_("votes for basically qualified"), min_value=0, max_value=9999, initial=0
    )
    votes_unqualified = forms.IntegerField(label=_("votes for unqualified"), min_value=0, max_value=9999, initial=0)
    grade = forms.ChoiceField(label=_("verdict"), required=False)

    def __init__(self, *args, probationary: bool, **kwargs):
        super().__init__(*args, **kwargs)
        grade = self.fields["grade"]
        if probationary:
            grade.choices = [("", _("Probationary member · not graded"))]
            grade.help_text = _("Probationary members take part in the evaluation but are not graded.")
        else:
            grade.choices = [("", _("Not yet given")), *Grade.choices]

    @property
    def votes(self) -> tuple[int, int, int, int]:
        return tuple(self.cleaned_data[name] for name in VOTE_FIELDS)  # type: ignore[return-value]


class ConcludeForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("verdicts given on"), widget=DateInput())
    meeting = forms.CharField(label=_("meeting where the verdicts were given"), required=False, max_length=200)


class FollowUpForm(BootstrapMixin, forms.Form):
    follow_up = forms.ChoiceField(label=_("follow-up"), choices=FollowUp.choices)
    note = forms.CharField(
        label=_("follow-up decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was decided and by whom (e.g. the time limit for correction, the meeting's decision)."),
    )
    day = forms.DateField(label=_("decided on"), widget=DateInput())
