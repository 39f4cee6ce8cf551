"""The forms of an election's steps: each one is what one service of `elections.services` needs.
The superior's replies carry the decision in the button pressed (`DECISION`), not in a field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import clock
from core.forms import BootstrapMixin, DateInput
from core.widgets import PickerMultipleField
from elections.models import Election, Nominee
from orgs.forms import member_label, member_picker

# The submit buttons of the superior's forms: name="decision", value one of these.
APPROVE, RETURN = "approve", "return"
# Rows for members written in by the voters (另选他人): a meeting rarely has more.
WRITE_IN_ROWS = 3


class ElectionForm(BootstrapMixin, forms.ModelForm):
    """The request (请示): how the organization means to elect its committee."""

    class Meta:
        model = Election
        fields = ["method", "dispersed", "seats", "deputies", "competitive", "planned_on"]
        widgets = {"planned_on": DateInput()}
        help_texts = {
            "dispersed": _("A congress of delegates may also elect where the members are many and dispersed."),
            "deputies": _("Besides the secretary; 0 if the committee has none."),
            "competitive": _("Candidates exceed the seats (差额选举)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seats"].widget.attrs.update(min="1", max="99")
        self.fields["deputies"].widget.attrs.update(min="0", max="9")


def _day(label) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), initial=clock.today)


def _note(label, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class RequestForm(BootstrapMixin, forms.Form):
    day = _day(_("date of the request"))


class ReplyForm(BootstrapMixin, forms.Form):
    """The superior's reply to the request, or its decision on the result."""

    day = _day(_("date of the reply"))
    note = _note(_("remarks (required to return)"))


class NominateForm(BootstrapMixin, forms.Form):
    nominations = forms.IntegerField(
        label=_("nominations received"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("Optional: how many members' nominations named them."),
    )

    def __init__(self, *args, members, organization_id: int, **kwargs):
        """`members`: `members.queries.member_pool(user, organization=organization_id)`."""
        super().__init__(*args, **kwargs)
        self.fields["members"] = PickerMultipleField(
            members,
            source="members:pick",
            params={"organization": organization_id},
            label=_("members nominated"),
            error_messages={"invalid_choice": _("Choose one of the suggestions shown as you type.")},
            label_from_instance=member_label,
            placeholder=_("Type a name, pinyin initials or the ID number's last digits"),
        )
        self.order_fields(["members", "nominations"])


class WithdrawForm(BootstrapMixin, forms.Form):
    nominee = forms.ModelChoiceField(queryset=Nominee.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, election: Election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = election.nominees.all()


def _names(queryset, label, flags: dict[int, list[str]] | None = None) -> forms.ModelMultipleChoiceField:
    """Ticks for nominees, each named with what the review must see (`queries.candidate_flags`)."""
    field = forms.ModelMultipleChoiceField(
        queryset=queryset,
        label=label,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
    )
    flags = flags or {}

    def name(nominee) -> str:
        shown = flags.get(nominee.member_id)
        return f"{nominee.member.name}（{'；'.join(shown)}）" if shown else nominee.member.name

    field.label_from_instance = name  # type: ignore[method-assign]
    return field


class CandidatesForm(BootstrapMixin, forms.Form):
    """The preliminary list (预备人选) sent to the superior's review."""

    day = _day(_("date of the report"))

    def __init__(self, *args, nominees, flags=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominees"] = _names(nominees, _("preliminary candidates"), flags)
        self.order_fields(["nominees", "day"])


class ReviewForm(BootstrapMixin, forms.Form):
    day = _day(_("date of the review"))
    note = _note(_("remarks (required to return)"))

    def __init__(self, *args, nominees, flags=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominees"] = _names(nominees, _("approved as formal candidates"), flags)
        self.order_fields(["nominees", "day", "note"])


def _count(label, *, required: bool = True) -> forms.IntegerField:
    """A number of votes, added after the form is made: its Bootstrap class given here."""
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100000,
        required=required,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )


class RoundForm(BootstrapMixin, forms.Form):
    """One round's count: the figures, a votes field per name on the ballot (`vote_<nominee>`),
    a few rows for members written in, and the votes for other names."""

    held_on = _day(_("date of the meeting"))
    entitled = forms.IntegerField(label=_("delegates entitled to vote"), min_value=1, max_value=100000)
    # short enough for half a phone's width: the hint above the form says "with the right to vote"
    present = forms.IntegerField(label=_("voters present"), min_value=0, max_value=100000)
    issued = forms.IntegerField(label=_("ballots issued"), min_value=0, max_value=100000)
    returned = forms.IntegerField(label=_("ballots returned"), min_value=0, max_value=100000)
    invalid = forms.IntegerField(label=_("invalid ballots"), min_value=0, max_value=100000)
    other_votes = forms.IntegerField(
        label=_("votes for other names"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("Names written in that are no member of the organization, or may not stand."),
    )

    def __init__(self, *args, ballot: list[Nominee], members, organization_id: int, delegates: bool, **kwargs):
        """`ballot`: `services.on_ballot`; `members`: the write-in pickers' pool
        (`member_pool(user, organization=organization_id)`); `delegates`: a congress of
        delegates gives the number entitled (its first round only)."""
        super().__init__(*args, **kwargs)
        if not delegates:
            del self.fields["entitled"]
        self.ballot = ballot
        for nominee in ballot:
            self.fields[f"vote_{nominee.pk}"] = _count(nominee.member.name)
        for i in range(WRITE_IN_ROWS):
            self.fields[f"write_in_{i}"] = member_picker(
                members, label=_("written in (%(n)s)") % {"n": i + 1}, required=False, organization=organization_id
            )
            self.fields[f"write_in_votes_{i}"] = _count(_("their votes (%(n)s)") % {"n": i + 1}, required=False)

    def vote_fields(self):
        return [self[f"vote_{n.pk}"] for n in self.ballot]

    def write_in_rows(self):
        return [(self[f"write_in_{i}"], self[f"write_in_votes_{i}"]) for i in range(WRITE_IN_ROWS)]

    def figure_fields(self):
        names = ["held_on", "entitled", "present", "issued", "returned", "invalid"]
        return [self[name] for name in names if name in self.fields]

    def clean(self):
        data = super().clean()
        for i in range(WRITE_IN_ROWS):
            member, votes = data.get(f"write_in_{i}"), data.get(f"write_in_votes_{i}")
            if member is not None and votes is None:
                self.add_error(f"write_in_votes_{i}", _("Please enter the votes of the member written in."))
            elif member is None and votes:
                self.add_error(f"write_in_{i}", _("Please choose the member these votes were written for."))
        chosen = [data.get(f"write_in_{i}") for i in range(WRITE_IN_ROWS)]
        for i, member in enumerate(chosen):
            if member is not None and member in chosen[:i]:
                self.add_error(
                    f"write_in_{i}", _("This member is written in on a row above: enter all their votes there.")
                )
        return data

    def counts(self) -> dict:
        """The keyword arguments of `services.do_record_round` (all but the acting user)."""
        d = self.cleaned_data
        write_ins = {}
        for i in range(WRITE_IN_ROWS):
            if d.get(f"write_in_{i}") is not None:
                write_ins[d[f"write_in_{i}"]] = d[f"write_in_votes_{i}"]
        return {
            "held_on": d["held_on"],
            "present": d["present"],
            "issued": d["issued"],
            "returned": d["returned"],
            "invalid": d["invalid"],
            "votes": {n.pk: d[f"vote_{n.pk}"] for n in self.ballot},
            "write_ins": write_ins,
            "other_votes": d.get("other_votes") or 0,
            "entitled": d.get("entitled"),
        }


class OfficersForm(BootstrapMixin, forms.Form):
    """The new committee's first meeting: the secretary and deputies among its members."""

    day = _day(_("date of the committee's meeting"))

    def __init__(self, *args, elected, deputies: int, **kwargs):
        super().__init__(*args, **kwargs)
        # fields added after the form is made get their Bootstrap class here (BootstrapMixin ran)
        secretary = forms.ModelChoiceField(
            queryset=elected, label=_("secretary"), empty_label="—", widget=forms.Select(attrs={"class": "form-select"})
        )
        secretary.label_from_instance = lambda n: n.member.name  # type: ignore[method-assign]
        self.fields["secretary"] = secretary
        if deputies:
            self.fields["deputies"] = _names(elected, _("deputy secretaries (at most %(n)s)") % {"n": deputies})
        discipline = forms.ModelChoiceField(
            queryset=elected,
            label=_("discipline member (纪检委员)"),
            required=False,
            empty_label="—",
            widget=forms.Select(attrs={"class": "form-select"}),
            help_text=_("The other members of the committee take their posts as committee members."),
        )
        discipline.label_from_instance = lambda n: n.member.name  # type: ignore[method-assign]
        self.fields["discipline"] = discipline
        self.order_fields(["secretary", "deputies", "discipline", "day"])


class CloseVotingForm(BootstrapMixin, forms.Form):
    """The meeting holds no further round: the seats not filled stay empty."""

    day = _day(_("date of the decision"))
    note = _note(_("the meeting's decision and its reason"), required=True)


class CancelForm(BootstrapMixin, forms.Form):
    note = _note(_("reason for cancelling"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = _("Please say why the election is cancelled.")
