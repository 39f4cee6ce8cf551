from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateInput
from leadership.models import LifeMeeting, Rectification, SeatAttendance, SpotCheck, StudySession
from orgs.models import GroupMember


class StudySessionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = StudySession
        fields = ["date", "topic", "half_days", "lecturer", "content"]
        widgets = {"date": DateInput(), "content": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"half_days": _("Two half-days make one day of study.")}


class AttendanceForm(BootstrapMixin, forms.Form):
    """A mark per seat valid on the day (tapped per name on a phone): present, excused with a
    reason, or absent, in fields `status_<seat>` and `reason_<seat>`. Made for a roll by
    `attendance_form`, which declares the fields on a class so that the input rules of
    `BootstrapMixin` reach every one."""

    seats: list[GroupMember] = []

    def rows(self):
        """(seat, status field, reason field, current status) for the template."""
        for seat in self.seats:
            status = self[f"status_{seat.pk}"]
            yield seat, status, self[f"reason_{seat.pk}"], status.value()

    def marks(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {seat.pk: (data[f"status_{seat.pk}"], data.get(f"reason_{seat.pk}") or "") for seat in self.seats}


def attendance_form(
    data, *, seats: list[GroupMember], initial_marks: dict[int, tuple[str, str]] | None = None
) -> AttendanceForm:
    fields: dict[str, object] = {"seats": seats, "__module__": __name__}
    for seat in seats:
        status, reason = (initial_marks or {}).get(seat.pk, (SeatAttendance.PRESENT, ""))
        fields[f"status_{seat.pk}"] = forms.ChoiceField(
            choices=SeatAttendance.choices, initial=status, label=seat.name, widget=forms.RadioSelect
        )
        fields[f"reason_{seat.pk}"] = forms.CharField(required=False, max_length=200, initial=reason, label=_("reason"))
    # type() defers to the forms' metaclass, which collects the declared fields
    roll = cast("type[AttendanceForm]", type("RollAttendanceForm", (AttendanceForm,), fields))
    return roll(data)


class SpotCheckForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SpotCheck
        fields = ["date", "subject", "findings", "rectification_needed", "rectify_by"]
        widgets = {"date": DateInput(), "rectify_by": DateInput(), "findings": forms.Textarea(attrs={"rows": 4})}


class DoneForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("date"), widget=DateInput())


class LifeMeetingPlanForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = LifeMeeting
        fields = ["year", "topic", "planned_date", "plan_reported_on"]
        widgets = {"planned_date": DateInput(), "plan_reported_on": DateInput()}


class LifeMeetingEditForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = LifeMeeting
        fields = ["topic", "planned_date", "postponement_reason", "plan_reported_on", "report_submitted_on"]
        widgets = {
            "planned_date": DateInput(),
            "plan_reported_on": DateInput(),
            "report_submitted_on": DateInput(),
        }
        help_texts = {"postponement_reason": _("Needed when the meeting moves to a later date.")}


class LifeMeetingRecordForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label=_("held on"), widget=DateInput())
    record = forms.CharField(label=_("meeting record"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    supervisors = forms.MultipleChoiceField(
        label=_("supervising bodies that attended"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, supervisors, **kw):
        super().__init__(*args, **kw)
        field = self.fields["supervisors"]
        assert isinstance(field, forms.MultipleChoiceField)  # declared above
        field.choices = [(str(s.body_id), s.body.name) for s in supervisors]

    def attended(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["supervisors"]}


class RectificationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Rectification
        fields = ["item", "owner_seat", "owner_name", "deadline"]
        widgets = {"deadline": DateInput()}
        help_texts = {"owner_name": _("Only when the owner holds no seat in the group.")}

    def __init__(self, *args, seats: list[GroupMember], **kw):
        super().__init__(*args, **kw)
        field = self.fields["owner_seat"]
        assert isinstance(field, forms.ModelChoiceField)  # a foreign key's form field
        field.queryset = GroupMember.objects.filter(pk__in=[s.pk for s in seats])
        field.required = False
