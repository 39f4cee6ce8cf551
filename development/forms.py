from django import forms
from django.utils.translation import gettext_lazy as _

from core import clock
from core.forms import BootstrapMixin, DateInput
from core.widgets import PickerMultipleField
from development.models import Candidate, StepKind
from development.rules import rules_on
from members.models import Member
from orgs.forms import member_label


class ApplicationForm(BootstrapMixin, forms.ModelForm):
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    decided_by = forms.CharField(label=_("received by"), max_length=100, required=False)

    class Meta:
        model = Candidate
        fields = ["name", "ethnicity", "education", "degree", "work_post", "occupation", "applied_on"]
        widgets = {"applied_on": DateInput()}
        help_texts = {
            "occupation": _("The occupation category of the party statistics; the member record takes it on admission.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ethnicity"].required = True


# The fields each step needs beyond its date, who decided and a note.
TALLY = ["present", "yes", "no", "abstain", "written_yes", "written_no", "written_abstain"]
EXTRA = {
    StepKind.CONTACTS: ["members"],
    StepKind.SPONSORS: ["members"],
    StepKind.TRAINING: ["end_date", "hours"],
    StepKind.OBJECT_NOTICE: ["working_days"],
    StepKind.NOTICE: ["working_days"],
    StepKind.CONVERSION_NOTICE: ["working_days"],
    StepKind.PRE_EXAMINATION: ["reference"],
    StepKind.VOTE: TALLY,
    StepKind.CONVERSION_VOTE: TALLY,
    StepKind.EXTENSION_VOTE: ["months", *TALLY],
    StepKind.CANCELLATION_VOTE: TALLY,
}
DATE_LABELS = {
    StepKind.TRAINING: _("first day of training"),
    StepKind.OBJECT_NOTICE: _("first day of the notice"),
    StepKind.NOTICE: _("first day of the notice"),
    StepKind.CONVERSION_NOTICE: _("first day of the notice"),
    StepKind.VOTE: _("date of the branch general meeting"),
    StepKind.CONVERSION_VOTE: _("date of the branch general meeting"),
    StepKind.EXTENSION_VOTE: _("date of the branch general meeting"),
    StepKind.CANCELLATION_VOTE: _("date of the branch general meeting"),
}
NOTE_LABELS = {
    StepKind.POLITICAL_REVIEW: _("conclusion of the political review"),
    StepKind.OBJECT_NOTICE: _("objections received and how they were handled"),
    StepKind.NOTICE: _("objections received and how they were handled"),
    StepKind.CONVERSION_NOTICE: _("objections received and how they were handled"),
    StepKind.STOPPED: _("reason"),
    StepKind.CANCELLATION_VOTE: _("reason"),
}


class StepForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput(), initial=clock.today)
    decided_by = forms.CharField(
        label=_("decided by"),
        max_length=100,
        required=False,
        help_text=_(
            "The meeting or person who decided, e.g. the branch committee or the name of the superior's officer."
        ),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("members"), queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    end_date = forms.DateField(label=_("last day of training"), widget=DateInput(), required=False)
    hours = forms.IntegerField(label=_("class hours"), min_value=0, required=False)
    working_days = forms.IntegerField(label=_("working days"), min_value=1, max_value=30, required=False)
    present = forms.IntegerField(label=_("voting members present"), min_value=0)
    yes = forms.IntegerField(label=_("yes"), min_value=0)
    no = forms.IntegerField(label=_("no"), min_value=0)
    abstain = forms.IntegerField(label=_("abstain"), min_value=0)
    written_yes = forms.IntegerField(
        label=_("written opinions in favour"),
        min_value=0,
        initial=0,
        required=False,
        help_text=_("Absent full members' written opinions handed in before the meeting count in the tally."),
    )
    written_no = forms.IntegerField(label=_("written opinions against"), min_value=0, initial=0, required=False)
    written_abstain = forms.IntegerField(label=_("written abstentions"), min_value=0, initial=0, required=False)
    reference = forms.CharField(label=_("number of the application form"), max_length=30)
    months = forms.IntegerField(label=_("months of extension"), min_value=1, max_value=12, required=False)
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, kind: str, pool=None, pool_root: int | None = None, **kwargs):
        """`pool`: `development.queries.sponsor_pool`; `pool_root`: `sponsor_picker_root`'s pk,
        whose full members the picker offers."""
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {"date", "decided_by", "note", *EXTRA.get(kind, [])}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if kind in DATE_LABELS:
            self.fields["date"].label = DATE_LABELS[kind]
        if kind in NOTE_LABELS:
            self.fields["note"].label = NOTE_LABELS[kind]
            self.fields["note"].required = True
        if "members" in self.fields:
            self.fields["members"] = PickerMultipleField(
                pool if pool is not None else Member.objects.none(),
                source="members:pick",
                params={"organization": pool_root, "full": 1} if pool_root else {"full": 1},
                label=_("sponsors") if kind == StepKind.SPONSORS else _("contact persons"),
                required=False,
                label_from_instance=member_label,
                placeholder=_("Type a name, pinyin initials or the ID number's last digits"),
            )
        if "working_days" in self.fields:
            self.fields["working_days"].initial = rules_on(clock.today()).notice_working_days

    def step_fields(self) -> dict:
        d = self.cleaned_data
        fields = {"date": d["date"], "decided_by": d.get("decided_by", ""), "note": d.get("note", "")}
        if "end_date" in d:
            fields["end_date"] = d["end_date"]
        if "hours" in d:
            fields["number"] = d["hours"]
        if "working_days" in d:
            fields["number"] = d["working_days"]
        if "months" in d:
            fields["number"] = d["months"]
        for name in ("reference", *TALLY):
            if name in d:
                fields[name] = d[name] if d[name] is not None or not name.startswith("written_") else 0
        return fields


class RecordMoveForm(BootstrapMixin, forms.Form):
    destination = forms.CharField(
        label=_("receiving branch"), max_length=100, help_text=_("Name, part of the name, or code.")
    )
    day = forms.DateField(label=_("date of the transfer"), widget=DateInput(), initial=clock.today)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class QuotaForm(BootstrapMixin, forms.Form):
    organization = forms.CharField(label=_("organization"), help_text=_("Name, part of the name, or code."))
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    planned = forms.IntegerField(label=_("planned"), min_value=0, max_value=10000)
