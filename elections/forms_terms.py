from django import forms
from django.utils.translation import gettext_lazy as _

from core import clock
from core.forms import BootstrapMixin, DateInput
from elections.models import TermChange, TermChangeKind


class TermChangeForm(BootstrapMixin, forms.ModelForm):
    """A request to delay or advance the election (第三条); the window is the service's."""

    kind = forms.ChoiceField(label=_("what is asked"), choices=TermChangeKind.choices)

    class Meta:
        model = TermChange
        fields = ["kind", "new_end", "reason"]
        widgets = {"new_end": DateInput(), "reason": forms.Textarea(attrs={"rows": 4})}
        labels = {"new_end": _("new term end (the election by then)")}


class TermChangeDecisionForm(BootstrapMixin, forms.Form):
    """The superior's reply to a request: the button pressed says approve or not."""

    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("approve", _("Approve")), ("return", _("Do not approve"))],
        widget=forms.HiddenInput,
    )
    day = forms.DateField(label=_("date of the reply"), widget=DateInput(), initial=clock.today)
    note = forms.CharField(
        label=_("remarks"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the request is not approved."),
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"
