from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateInput
from core.validators import MODERN_ERA
from core.widgets import PickerField
from orgs.models import (
    GroupMember,
    LeadershipGroup,
    OrgKind,
    PartyOrganization,
    Post,
    Unit,
    UnitCategory,
    UnitLevel,
    WorkingBody,
)


def member_picker(members, *, label=None, required: bool = True, **pool) -> PickerField:
    """A member picker over `members`, which must be `members.queries.member_pool(user, **pool)`:
    the endpoint offers the same rows (orgs sits below members, so the caller passes them)."""
    return PickerField(
        members,
        source="members:pick",
        params={k: v for k, v in pool.items() if v is not None},
        label=label or _("member"),
        required=required,
        label_from_instance=member_label,
        placeholder=_("Type a name, pinyin initials or the ID number's last digits"),
    )


def member_label(member) -> str:
    """A member as a picker shows them: enough to tell namesakes apart (birth year, branch)."""
    return _("%(name)s (born %(year)s, %(branch)s)") % {
        "name": member.name,
        "year": member.birth_date.year,
        "branch": member.organization,
    }


class UnitForm(BootstrapMixin, forms.ModelForm):
    staffing = forms.CharField(
        label=_("Establishment by post"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One post per line: post, establishment, actual staff. Example: 行政编制, 20, 22"),
    )
    # A government unit may be older than the Party.
    date_windows = {"established": MODERN_ERA, "abolished": MODERN_ERA}

    class Meta:
        model = Unit
        fields = ["name", "code", "level", "category", "established", "abolished"]
        widgets = {"established": DateInput(), "abolished": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["staffing"] = "\n".join(
                f"{s.post}, {s.establishment}, {s.actual}" for s in self.instance.staffing.all()
            )

    def clean_staffing(self) -> list[tuple[str, int, int]]:
        lines = []
        text = self.cleaned_data["staffing"].replace("，", ",")
        for n, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            parts = [p.strip() for p in raw.split(",")]
            if len(parts) != 3 or not parts[0] or not parts[1].isdigit() or not parts[2].isdigit():
                raise forms.ValidationError(
                    _("Line %(n)s: write the post, the establishment and the actual staff, separated by commas.")
                    % {"n": n}
                )
            lines.append((parts[0], int(parts[1]), int(parts[2])))
        return lines


class UnitCategoryForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = UnitCategory
        fields = ["name", "unit_type"]
        labels = {"name": _("Category name")}
        help_texts = {
            "unit_type": _("The annual statistics report counts the units of this category as this type."),
        }

    def validate_unique(self) -> None:
        """A name already used is refused by the service (`orgs.services.check_unit_category`),
        in its own words, with every other path that names categories."""


class UnitFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    level = forms.ChoiceField(label=_("level"), choices=[("", _("All levels")), *UnitLevel.choices], required=False)
    category = forms.ModelChoiceField(
        label=_("category"), queryset=UnitCategory.objects.all(), required=False, empty_label=_("All categories")
    )


class OrganizationForm(BootstrapMixin, forms.ModelForm):
    superior = PickerField(
        PartyOrganization.objects.none(),
        label=_("superior organization"),
        source="orgs:pick",
        params={"pool": "edit", "kinds": "leading"},
        label_from_instance=lambda o: f"{o.name}（{o.code}）",
    )
    effective = forms.DateField(
        label=_("effective date of the new superior"),
        required=False,
        widget=DateInput(),
        help_text=_("Only when the superior changes; default today."),
    )

    class Meta:
        model = PartyOrganization
        # The term's length and end are not typed: they follow the rules in force when the term
        # starts; an election writes a new term, and only the superior's approval of a delay or
        # an advance (elections.TermChange) moves an end (选举工作条例 第三条).
        fields = ["name", "code", "kind", "unit", "founded", "dissolved", "term_start"]
        help_texts = {
            "term_start": _(
                "Leave empty for a working committee or a temporary branch: they have no term. The end follows"
                " from the term rules; a delay or an advance is asked of the superior on the election page."
            ),
        }
        widgets = {
            "founded": DateInput(),
            "dissolved": DateInput(),
            "term_start": DateInput(),
        }

    def __init__(self, *args, superiors, units, restructure: bool = True, **kwargs):
        """`restructure`: whether the user may change the organization's superior, kind and
        dissolution (`orgs.services.may_restructure`); if not, those fields are shown but
        disabled, so a value posted for them is ignored (and the service would refuse it)."""
        super().__init__(*args, **kwargs)
        # Organizations that lead others; the tree service checks the exact kind rule.
        self.fields["superior"].queryset = superiors.exclude(
            kind__in=[OrgKind.BRANCH, OrgKind.TEMPORARY_BRANCH, OrgKind.DISCIPLINE_COMMITTEE]
        ).order_by("path")
        self.fields["unit"].queryset = units
        if not self.instance.pk:
            del self.fields["effective"]
            del self.fields["dissolved"]
            return
        if not restructure:
            del self.fields["effective"]
            for name in ("superior", "kind", "dissolved"):
                self.fields[name].disabled = True
            self.fields["superior"].help_text = _("Decided by the superior organization.")
        elif self.instance.dissolved:
            self.fields["dissolved"].disabled = True

    def save(self, commit: bool = True) -> PartyOrganization:
        org = super().save(commit=False)
        if "term_start" in self.changed_data:
            org.term_end = None  # counted again from the new start (orgs.services.apply_term_rules)
        if commit:
            org.save()
        return org


class PostForm(BootstrapMixin, forms.ModelForm):
    # Shown (a checkbox) only when the member is under a discipline effect period on the day:
    # the appointing body decides, having seen it (`ask_confirmation`).
    confirm_restrictions = forms.BooleanField(
        label=_("I have seen this and confirm the appointment"), required=False, widget=forms.HiddenInput()
    )

    class Meta:
        model = Post
        fields = ["member", "role", "full_time", "rank", "valid_from"]
        labels = {"member": _("Member")}
        widgets = {"valid_from": DateInput()}

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = member_picker(members, organization=self.instance.organization_id)

    def ask_confirmation(self, warning: str) -> None:
        """Show the confirmation checkbox with `warning` beside it (not a refusal)."""
        self.fields["confirm_restrictions"].widget = forms.CheckboxInput(attrs={"class": "form-check-input"})
        self.add_error("confirm_restrictions", warning)


class EndPostForm(BootstrapMixin, forms.Form):
    valid_to = forms.DateField(label=_("date the post ends"), widget=DateInput())


class WorkingBodyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = WorkingBody
        fields = ["name", "established", "abolished"]
        widgets = {"established": DateInput(), "abolished": DateInput()}


class OrgSearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search organizations"), required=False)


class LeadershipGroupForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = LeadershipGroup
        fields = ["kind", "name", "valid_from"]
        widgets = {"valid_from": DateInput()}


class GroupMemberForm(BootstrapMixin, forms.ModelForm):
    """A seat: a member on the roll, or a name for someone who is not."""

    class Meta:
        model = GroupMember
        fields = ["member", "name", "post", "title", "valid_from"]
        labels = {"member": _("Member on the roll")}
        widgets = {"valid_from": DateInput()}
        help_texts = {"name": _("Only for someone not on the roll; a member's name comes from their record.")}

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = member_picker(
            members, unit=self.instance.group.unit_id, required=False, label=_("Member on the roll")
        )
        self.fields["name"].required = False

    def clean(self):
        data = super().clean()
        if data.get("member"):
            data["name"] = data["member"].name
        elif not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Choose a member on the roll or write a name."))
        return data


class EndGroupMemberForm(BootstrapMixin, forms.Form):
    valid_to = forms.DateField(label=_("date the seat ends"), widget=DateInput())
