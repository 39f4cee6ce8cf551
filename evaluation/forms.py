from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateInput
from evaluation.models import FollowUp, Grade

VOTE_FIELDS = ("votes_excellent", "votes_qualified", "votes_basically_qualified", "votes_unqualified")
VOTE_LABELS = (_("Excellent"), _("Qualified"), _("Basically qualified"), _("Unqualified"))


def grade_choices(*, probationary: bool) -> list:
    """A probationary member is offered no grade: such a member takes part but is not graded
    (a posted grade is not a valid choice)."""
    if probationary:
        return [("", _("Probationary member · not graded"))]
    return [("", _("Not yet given")), *Grade.choices]


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
        grade.choices = grade_choices(probationary=probationary)
        if probationary:
            grade.help_text = _("Probationary members take part in the evaluation but are not graded.")

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


class RollForm(BootstrapMixin, forms.Form):
    """The whole roll at once, as the tally sheet reads: for each member, self-assessment
    received, mutual assessment done and the four 测评 counts (fields `<name>_<participant id>`)."""

    def __init__(self, *args, roll, **kwargs):
        super().__init__(*args, **kwargs)
        self.roll = roll
        for p in roll:
            self.fields[f"self_assessed_{p.pk}"] = forms.BooleanField(
                label=_("self-assessment received"), required=False, initial=p.self_assessed
            )
            self.fields[f"mutual_assessed_{p.pk}"] = forms.BooleanField(
                label=_("mutual assessment done"), required=False, initial=p.mutual_assessed
            )
            for name, label in zip(VOTE_FIELDS, VOTE_LABELS, strict=True):
                self.fields[f"{name}_{p.pk}"] = forms.IntegerField(
                    label=label, min_value=0, max_value=9999, initial=getattr(p, name)
                )
            grade = forms.ChoiceField(label=_("verdict"), required=False, initial=p.grade)
            grade.choices = grade_choices(probationary=p.probationary)
            self.fields[f"grade_{p.pk}"] = grade

    def rows(self):
        """(participant, [its bound fields]) for the template."""
        for p in self.roll:
            names = ["self_assessed", "mutual_assessed", *VOTE_FIELDS, "grade"]
            yield p, [self[f"{name}_{p.pk}"] for name in names]

    def entries(self) -> dict:
        from evaluation.services import RollEntry

        data = self.cleaned_data
        return {
            p.pk: RollEntry(
                self_assessed=data[f"self_assessed_{p.pk}"],
                mutual_assessed=data[f"mutual_assessed_{p.pk}"],
                votes=tuple(data[f"{name}_{p.pk}"] for name in VOTE_FIELDS),  # type: ignore[arg-type]
                grade=data[f"grade_{p.pk}"],
            )
            for p in self.roll
        }
