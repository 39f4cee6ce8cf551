from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateInput
from core.params import IdField
from core.widgets import PickerField
from members.codes import HAN, ethnicity_name
from members.models import (
    Category,
    Education,
    EventKind,
    FlagKind,
    Gender,
    Member,
    Occupation,
    Status,
    SuspensionKind,
)
from orgs.models import MEMBER_HOLDING_KINDS, PartyOrganization

OCCUPATION_HELP = _(
    "The occupation category of the party statistics. Retirement is not a category: enter the date of"
    " retirement below and keep the occupation held before it."
)

AGE_BANDS = [
    ("", _("All ages")),
    ("-35", _("35 and under")),
    ("36-45", _("36 to 45")),
    ("46-55", _("46 to 55")),
    ("56-", _("56 and over")),
]


# the filters' values for "no value" and "any nationality but 汉族"
NOT_FILLED = "none"
MINORITY = "minority"


class MemberFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name, pinyin (zhangsan / zs) or last digits of ID number")}),
    )
    organization = IdField(required=False, widget=forms.HiddenInput)
    category = forms.ChoiceField(
        label=_("category"), choices=[("", _("All categories")), *Category.choices], required=False
    )
    status = forms.ChoiceField(label=_("status"), choices=[*Status.choices, ("all", _("All statuses"))], required=False)
    gender = forms.ChoiceField(label=_("gender"), choices=[("", _("All genders")), *Gender.choices], required=False)
    age = forms.ChoiceField(label=_("age"), choices=AGE_BANDS, required=False)
    education = forms.ChoiceField(
        label=_("education"), choices=[("", _("All education levels")), *Education.choices], required=False
    )
    leading_cadre = forms.ChoiceField(
        label=_("leading cadre"),
        choices=[("", _("All")), ("yes", _("Leading cadres")), ("no", _("Not leading cadres"))],
        required=False,
    )
    # NOT_FILLED finds the records whose old values the code tables could not read
    occupation = forms.ChoiceField(
        label=_("occupation"),
        choices=[("", _("All occupations")), *Occupation.choices, (NOT_FILLED, _("Occupation not filled in"))],
        required=False,
    )
    ethnicity = forms.ChoiceField(
        label=_("ethnicity"),
        choices=[
            ("", _("All nationalities")),
            (HAN, ethnicity_name(HAN)),
            (MINORITY, _("Ethnic minorities")),
            (NOT_FILLED, _("Nationality not filled in")),
        ],
        required=False,
    )
    retired = forms.ChoiceField(
        label=_("retired"),
        choices=[("", _("Retired or not")), ("yes", _("Retired")), ("no", _("Not retired"))],
        required=False,
    )


class MemberForm(BootstrapMixin, forms.ModelForm):
    id_number = forms.CharField(label=_("ID number"), max_length=30)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)

    class Meta:
        model = Member
        fields = [
            "name",
            "ethnicity",
            "education",
            "degree",
            "join_date",
            "full_member_date",
            "is_leading_cadre",
            "cadre_rank",
            "work_post",
            "occupation",
            "retired_on",
        ]
        widgets = {"join_date": DateInput(), "full_member_date": DateInput(), "retired_on": DateInput()}
        help_texts = {
            "full_member_date": _("Leave empty for a probationary member."),
            "occupation": OCCUPATION_HELP,
            "retired_on": _("Leave empty for a member not retired."),
        }

    field_order = ["name", "id_number", "phone", "ethnicity", "education", "degree", "join_date", "full_member_date"]

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # "" is only an old record's unknown value: whoever saves the record names the nationality
        self.fields["ethnicity"].required = True
        if editing:
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = _("Leave empty to keep the current number.")
            self.fields["phone"].help_text = _("Leave empty to keep the current number; enter - to clear it.")


class NewMemberForm(MemberForm):
    field_order = ["organization", *MemberForm.field_order, "since"]
    organization = PickerField(
        PartyOrganization.objects.none(),
        label=_("branch"),
        source="orgs:pick",
        params={"pool": "edit", "kinds": "holding"},
        label_from_instance=lambda o: f"{o.name}（{o.code}）",
    )
    since = forms.DateField(
        label=_("in this branch since"),
        widget=DateInput(),
        help_text=_("Default: the date joined the party."),
        required=False,
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        # The picker's pool "edit"/"holding" (orgs.queries.organization_pool) is these rows.
        self.fields["organization"].queryset = organizations.filter(
            kind__in=MEMBER_HOLDING_KINDS, dissolved__isnull=True
        ).order_by("path")


class VotingSuspensionForm(BootstrapMixin, forms.Form):
    # 留党察看 and detention come from the discipline module's decisions, not from this form.
    kind = forms.ChoiceField(
        label=_("kind"), choices=[(SuspensionKind.APPROVED_ABSENCE.value, SuspensionKind.APPROVED_ABSENCE.label)]
    )
    valid_from = forms.DateField(label=_("from"), widget=DateInput())
    valid_to = forms.DateField(
        label=_("until (exclusive)"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty while it lasts."),
    )
    basis = forms.CharField(
        label=_("basis"),
        max_length=200,
        help_text=_("The decision or approval, e.g. 区纪委〔2026〕12号 or 支委会2026-03-02批准."),
    )


class EndSuspensionForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("counted again from"), widget=DateInput())


class MemberEventForm(BootstrapMixin, forms.Form):
    """A 党籍 event recorded by an officer: only the kinds `members.standing.offered_kinds`
    offers for this member; the branch that takes a suspended member back for 恢复党籍."""

    kind = forms.ChoiceField(label=_("event"), choices=())
    day = forms.DateField(label=_("date"), widget=DateInput())
    organization = PickerField(
        PartyOrganization.objects.none(),
        label=_("branch that takes the member back"),
        source="orgs:pick",
        params={"pool": "edit", "kinds": "holding"},
        label_from_instance=lambda o: f"{o.name}（{o.code}）",
        required=False,
        help_text=_("Only for restoring a suspended membership."),
    )
    note = forms.CharField(
        label=_("note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The decision (meeting, approval, document number) and the reason."),
    )

    def __init__(self, *args, kinds: list[str], organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        self.fields["kind"].choices = [(k, EventKind(k).label) for k in kinds]
        if EventKind.RESTORED in kinds:
            self.fields["organization"].queryset = organizations.filter(
                kind__in=MEMBER_HOLDING_KINDS, dissolved__isnull=True
            ).order_by("path")
        else:
            del self.fields["organization"]

    def clean(self):
        # A kind not offered says why, in words, rather than "not one of the choices".
        kind = self.data.get("kind", "")
        if kind == EventKind.EXPELLED and "kind" in self.errors:
            self.errors["kind"] = self.error_class(
                [_("Expulsion from the party is recorded by the discipline decision that imposes it, not here.")]
            )
        elif kind in EventKind.values and "kind" in self.errors:
            self.errors["kind"] = self.error_class(
                [_("This event cannot be recorded for this member: the events offered are those that may be.")]
            )
        return super().clean()


class FlagForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=FlagKind.choices)
    valid_from = forms.DateField(label=_("from"), widget=DateInput())
    valid_to = forms.DateField(
        label=_("until (exclusive)"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty while it lasts."),
    )
    place = forms.CharField(
        label=_("where"), max_length=100, required=False, help_text=_("A city, a unit, a country or region.")
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class EndFlagForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("ended on"), widget=DateInput(), help_text=_("Back in contact or returned on."))


class FlagFilterForm(BootstrapMixin, forms.Form):
    organization = IdField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("kind"), choices=[("", _("All kinds")), *FlagKind.choices], required=False)
