from django import forms
from django.utils.translation import gettext_lazy as _

from adjustments.models import AdjustmentPlan, OperationKind, PlanOperation
from core.forms import BootstrapMixin, DateInput
from core.widgets import PickerField
from orgs.models import OrgKind
from orgs.queries import organization_label, organization_pool, resolve_organization, unit_label, unit_pool

# What a person may write; restore and move_members come from reversals only.
DRAFTED_KINDS = [
    (k, label) for k, label in OperationKind.choices if k not in {OperationKind.RESTORE, OperationKind.MOVE_MEMBERS}
]
NEEDS = {
    OperationKind.MOVE: {"organization", "target"},
    OperationKind.CREATE: {"target", "new_name", "new_kind"},
    OperationKind.MERGE: {"organization", "target"},
    OperationKind.DISSOLVE: {"organization"},
    OperationKind.RENAME: {"organization", "new_name"},
    OperationKind.CHANGE_KIND: {"organization", "new_kind"},
}


class PlanForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = AdjustmentPlan
        fields = ["name", "effective", "rationale"]
        widgets = {"effective": DateInput(), "rationale": forms.Textarea(attrs={"rows": 4})}


def _organization_field(**kwargs) -> PickerField:
    """Any live organization of the district (plans are the committee's), with the picker; a
    name or code typed without choosing is resolved as before."""
    return PickerField(
        organization_pool(None, "district"),
        source="orgs:pick",
        params={"pool": "district"},
        required=False,
        resolve=resolve_organization,
        label_from_instance=organization_label,
        **kwargs,
    )


class OperationForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("operation"), choices=DRAFTED_KINDS)
    organization = _organization_field(
        label=_("organization"), help_text=_("The organization the step acts on: type its name, initials or code.")
    )
    target = _organization_field(
        label=_("new superior or merge target"),
        help_text=_("For a move or a new organization: the superior; for a merge: the organization merged into."),
    )
    target_step = forms.IntegerField(
        label=_("or: the organization created in step"),
        required=False,
        min_value=1,
        help_text=_("Use instead of the field above to name an organization this plan creates."),
    )
    new_name = forms.CharField(label=_("new name"), required=False, max_length=100)
    new_kind = forms.ChoiceField(label=_("new kind"), required=False, choices=[("", "—"), *OrgKind.choices])
    new_code = forms.CharField(label=_("new code"), required=False, max_length=30)
    unit = PickerField(
        unit_pool(None, "all"),
        source="orgs:unit_pick",
        params={"pool": "all"},
        label=_("unit"),
        required=False,
        label_from_instance=unit_label,
    )
    note = forms.CharField(label=_("note"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        needs = NEEDS[kind]
        if "target" in needs and data.get("target_step"):
            needs = needs - {"target"}
        for name in sorted(needs):
            if not data.get(name):
                self.add_error(name, _("Required for this operation."))
        for name in ("organization", "target"):
            if name not in needs or not data.get(name):
                data[name] = None
        return data

    def operation(self, plan: AdjustmentPlan) -> PlanOperation:
        d = self.cleaned_data
        return PlanOperation(
            plan=plan,
            kind=d["kind"],
            organization=d["organization"],
            target=d["target"],
            target_step=d.get("target_step") if not d["target"] else None,
            new_name=d.get("new_name", "").strip(),
            new_kind=d.get("new_kind") or "",
            new_code=d.get("new_code", "").strip(),
            unit=d.get("unit"),
            note=d.get("note", ""),
        )


class DecisionForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("decision note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
