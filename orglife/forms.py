from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core import clock
from core.forms import BootstrapMixin, DateInput
from orglife.models import AttendanceStatus, Meeting, MeetingKind, PartyGroup, PlanItem
from orgs.forms import member_picker

# A roll of more people than this is chosen from with the member picker, not a <select>.
SELECT_LIMIT = 100


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class PartyGroupForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("name of the party group"), max_length=50)
    day = forms.DateField(label=_("set up on"), widget=DateInput(), initial=clock.today)


class RenameGroupForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("name of the party group"), max_length=50)


class DayForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("date"), widget=DateInput(), initial=clock.today)


class AssignForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("joins the group on"), widget=DateInput(), initial=clock.today)
    is_leader = forms.BooleanField(label=_("group leader"), required=False)

    def __init__(self, *args, members, organization_id: int, **kwargs):
        """`members`: `members.queries.member_pool(user, organization=...)`, whom the picker offers."""
        super().__init__(*args, **kwargs)
        self.fields["member"] = member_picker(members, label=_("member"), organization=organization_id)
        self.order_fields(["member", "day", "is_leader"])


class GeneratePlanForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)


class PlanItemForm(BootstrapMixin, forms.ModelForm):
    """A planned meeting: its kind and month when added; date, time, place and topic always."""

    class Meta:
        model = PlanItem
        fields = ["kind", "month", "planned_date", "start_time", "place", "topic"]
        widgets = {"planned_date": DateInput(), "start_time": TimeInput()}

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].widget = forms.Select(
            choices=[(m, _("%(m)s month") % {"m": m}) for m in range(1, 13)], attrs={"class": "form-select"}
        )
        if editing:
            del self.fields["kind"]
            del self.fields["month"]


def _person_field(roll, label, *, organization_id: int, required: bool = False):
    """A choice among the meeting's roll: a select of it when it is short, else the picker."""
    if len(roll) <= SELECT_LIMIT:
        field = forms.ModelChoiceField(queryset=_members_of(roll), label=label, required=required, empty_label="—")
        field.label_from_instance = _name  # type: ignore[method-assign,assignment]
        return field
    return member_picker(_members_of(roll), label=label, required=required, organization=organization_id)


def _name(member) -> str:
    return member.name


def _members_of(roll):
    from members.models import Member

    return Member.objects.filter(pk__in=[m.pk for m in roll]).order_by("name_pinyin", "pk")


class MeetingForm(BootstrapMixin, forms.ModelForm):
    """A meeting as it was held, with one three-way choice per person on its roll
    (`att_<member id>`, present by default) and the reason of an excused absence
    (`reason_<member id>`). The roll is the one proposed for the meeting's kind and date."""

    class Meta:
        model = Meeting
        fields = [
            "date",
            "start_time",
            "end_time",
            "place",
            "topic",
            "content",
            "decisions",
            "host",
            "recorder",
            "lecturer",
            "party_group",
            "hours",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "content": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, kind: str, roll, people, groups, organization_id: int, **kwargs):
        """`roll`: the members expected (their attendance is asked); `people`: whom host and
        recorder (and a talk's two people) are chosen from; `groups`: the branch's party groups."""
        self.kind = kind
        self.roll = list(roll)
        # The fields that depend on the meeting join the declared ones before the form is made,
        # so that BootstrapMixin gives them their classes and input rules like every field.
        extra = {
            "host": _person_field(people, _("host"), organization_id=organization_id),
            "recorder": _person_field(people, _("recorder"), organization_id=organization_id),
        }
        if kind == MeetingKind.TALK:
            extra["pair_a"] = _person_field(people, _("first person"), organization_id=organization_id, required=True)
            extra["pair_b"] = _person_field(people, _("second person"), organization_id=organization_id, required=True)
        for member in self.roll:
            extra[f"att_{member.pk}"] = forms.ChoiceField(
                label=member.name,
                choices=AttendanceStatus.choices,
                initial=AttendanceStatus.PRESENT,
                widget=forms.RadioSelect,
                required=False,
            )
            extra[f"reason_{member.pk}"] = forms.CharField(
                label=_("reason for the absence"), max_length=200, required=False
            )
        # The roll the page showed: a date changed before saving proposes another roll, whose
        # marks nobody made; such a post is refused and the new roll shown to be marked.
        extra["shown_roll"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.base_fields = {**type(self).base_fields, **extra}  # type: ignore[misc]
        super().__init__(*args, **kwargs)
        current = ",".join(str(m.pk) for m in self.roll)
        self.posted_roll: str | None = None
        if self.is_bound:
            self.posted_roll = self.data.get("shown_roll")
            self.data = self.data.copy()
            self.data["shown_roll"] = current
        else:
            self.initial["shown_roll"] = current
        if kind == MeetingKind.GROUP:
            group_field = cast(forms.ModelChoiceField, self.fields["party_group"])
            group_field.queryset = PartyGroup.objects.filter(pk__in=[g.pk for g in groups])
            group_field.required = True
            group_field.empty_label = "—"
        else:
            del self.fields["party_group"]
        if kind != MeetingKind.LECTURE:
            del self.fields["lecturer"]
        self.fields["hours"].help_text = _("Class hours each member present earns.")
        self.order_fields(["date", "start_time", "end_time", "party_group", "pair_a", "pair_b", "place", "topic"])

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if self.posted_roll is not None and self.posted_roll != ",".join(str(m.pk) for m in self.roll):
            self.add_error(
                None,
                _(
                    "The roll changed with the date or the party group: it now shows who was on the roll that day. "
                    "Please mark their attendance and save again."
                ),
            )
        for member in self.roll:
            status = data.get(f"att_{member.pk}") or AttendanceStatus.PRESENT
            data[f"att_{member.pk}"] = status
            if status == AttendanceStatus.EXCUSED and not (data.get(f"reason_{member.pk}") or "").strip():
                self.add_error(
                    f"reason_{member.pk}",
                    _("%(name)s is excused: give the reason for the absence.") % {"name": member.name},
                )
        a, b = data.get("pair_a"), data.get("pair_b")
        if a is not None and a == b:
            self.add_error("pair_b", _("A talk is between two different people."))
        return data

    def attendance(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {m.pk: (d[f"att_{m.pk}"], d.get(f"reason_{m.pk}", "")) for m in self.roll}

    def pair(self) -> list:
        d = self.cleaned_data
        return [p for p in (d.get("pair_a"), d.get("pair_b")) if p is not None]

    def meeting_fields(self) -> dict:
        d = self.cleaned_data
        names = (
            "start_time",
            "end_time",
            "place",
            "content",
            "decisions",
            "host",
            "recorder",
            "lecturer",
            "party_group",
            "hours",
        )
        return {n: d.get(n, "" if n in {"place", "content", "decisions", "lecturer"} else None) for n in names}

    def rows(self):
        """(member, chosen status, reason field) per person on the roll, for the template."""
        return [(m, self._status_of(m), self[f"reason_{m.pk}"]) for m in self.roll]

    def _status_of(self, member) -> str:
        status = (self.data if self.is_bound else self.initial).get(f"att_{member.pk}")
        return status if status in AttendanceStatus.values else AttendanceStatus.PRESENT

    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in AttendanceStatus.values}
        for m in self.roll:
            counts[self._status_of(m)] += 1
        return counts

    def plain_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith(("att_", "reason_"))]


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("PDF, JPG, PNG or Word (.docx)."))
