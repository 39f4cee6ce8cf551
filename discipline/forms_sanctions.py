from django import forms
from django.utils.translation import gettext_lazy as _

from core import clock
from core.forms import BootstrapMixin, DateInput
from discipline.models import SanctionKind
from orgs.forms import member_picker

YEARS = [("", "—"), ("1", _("1 year")), ("2", _("2 years"))]


class _Decision(BootstrapMixin, forms.Form):
    """What a sanction decision says: the kind, the term of a probation, who decided, the facts."""

    kind = forms.ChoiceField(label=_("sanction"), choices=SanctionKind.choices)
    probation_years = forms.TypedChoiceField(
        label=_("probation (years)"), choices=YEARS, coerce=int, empty_value=None, required=False
    )
    decided_by = forms.CharField(label=_("decided by"), max_length=100)
    narrative = forms.CharField(label=_("facts and reasons"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class SanctionForm(_Decision):
    decided_on = forms.DateField(label=_("decided on"), widget=DateInput(), initial=clock.today)

    def __init__(self, *args, members, **kwargs):
        """`members`: the members on the roll in the user's discipline scope."""
        super().__init__(*args, **kwargs)
        self.fields["member"] = member_picker(members, label=_("member"))
        self.order_fields(["member", "kind", "probation_years", "decided_on", "decided_by", "narrative"])


class RevokeForm(BootstrapMixin, forms.Form):
    """申诉 decided: revoke the sanction, or change it to another (a new decision from that day)."""

    day = forms.DateField(label=_("revoked on"), widget=DateInput(), initial=clock.today)
    reason = forms.CharField(label=_("reason (the decision on the appeal)"), widget=forms.Textarea(attrs={"rows": 3}))
    change_to = forms.ChoiceField(
        label=_("replace with"),
        choices=[("", _("nothing: revoke only")), *SanctionKind.choices],
        required=False,
    )
    probation_years = forms.TypedChoiceField(
        label=_("probation (years)"), choices=YEARS, coerce=int, empty_value=None, required=False
    )
    decided_by = forms.CharField(label=_("decided by (the new decision)"), max_length=100, required=False)
    narrative = forms.CharField(
        label=_("facts and reasons (the new decision)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
