from django import forms
from django.utils.translation import gettext_lazy as _

from authority.models import AuthorityList, Domain, Matter, RoleKind
from core.forms import BootstrapMixin, DateInput
from core.validators import LONG_TEXT_MAX_LENGTH


class ListForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = AuthorityList
        fields = ["name", "round", "based_on", "rationale"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 3})}


class MatterForm(BootstrapMixin, forms.ModelForm):
    """A matter and, for each body, its role (lead, co, guide, informed or none)."""

    # They quote the regulation that assigns the matter, which may run past a page.
    max_lengths = {"description": LONG_TEXT_MAX_LENGTH, "division_rule": LONG_TEXT_MAX_LENGTH}

    class Meta:
        model = Matter
        fields = [
            "code",
            "name",
            "domain",
            "description",
            "division_rule",
            "basis_document",
            "basis_date",
            "basis_article",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "division_rule": forms.Textarea(attrs={"rows": 2}),
            "basis_date": DateInput(),
        }

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        current = {r.body_id: r.role for r in self.instance.roles.all()} if self.instance.pk else {}
        self.bodies = list(bodies)
        for body in self.bodies:
            self.fields[f"role_{body.pk}"] = forms.ChoiceField(
                label=body.name,
                required=False,
                choices=[("", "—"), *RoleKind.choices],
                initial=current.get(body.pk, ""),
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def roles(self) -> dict[int, str]:
        return {b.pk: self.cleaned_data.get(f"role_{b.pk}", "") for b in self.bodies}


class AdoptForm(BootstrapMixin, forms.Form):
    effective_from = forms.DateField(label=_("effective from"), widget=DateInput())


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class MatrixFilterForm(BootstrapMixin, forms.Form):
    body = forms.IntegerField(label=_("Body"), required=False, widget=forms.Select)
    domain = forms.ChoiceField(label=_("Domain"), required=False, choices=[("", _("All domains")), *Domain.choices])
