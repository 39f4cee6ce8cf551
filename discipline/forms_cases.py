"""Forms of clues and cases. Narratives are plain form text here; `discipline.cases` encrypts
them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from authority.models import Body
from core import clock
from core.forms import BootstrapMixin, DateInput
from discipline.cases import MANUAL_STEPS
from discipline.models import CaseStepKind, ClueSource, Disposal
from orgs.forms import member_picker


def _textarea(label, *, required: bool = True, help_text=""):
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": 4}), required=required, help_text=help_text
    )


class ClueForm(BootstrapMixin, forms.Form):
    received_on = forms.DateField(label=_("received on"), widget=DateInput(), initial=clock.today)
    source = forms.ChoiceField(label=_("source of the clue"), choices=ClueSource.choices)
    summary = _textarea(_("summary"), help_text=_("Stored encrypted; shown only to discipline officers."))

    def __init__(self, *args, members, **kwargs):
        """`members`: `members.queries.member_pool(user)`, whom the picker offers."""
        super().__init__(*args, **kwargs)
        self.fields["member"] = member_picker(members, label=_("person concerned"))
        self.order_fields(["received_on", "source", "member", "summary"])


class OverrideForm(BootstrapMixin, forms.Form):
    # the bodies that handle discipline on the clue's day (`routing.discipline_bodies`)
    body = forms.ModelChoiceField(label=_("handled by"), queryset=Body.objects.none(), empty_label="—")
    reason = _textarea(_("reason for overriding the routing"))

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class DisposeForm(BootstrapMixin, forms.Form):
    disposal = forms.ChoiceField(label=_("disposal"), choices=Disposal.choices)
    day = forms.DateField(label=_("disposed on"), widget=DateInput(), initial=clock.today)
    note = _textarea(_("disposal note"), required=False)


class CaseForm(BootstrapMixin, forms.Form):
    opened_on = forms.DateField(label=_("opened on"), widget=DateInput(), initial=clock.today)
    note = _textarea(_("note"), required=False)

    def __init__(self, *args, members=None, **kwargs):
        """With `members` (a case opened directly), a picker of the person concerned."""
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["member"] = member_picker(members, label=_("person concerned"))
            self.order_fields(["member", "opened_on", "note"])


class ExtendForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("date"), widget=DateInput(), initial=clock.today)
    reason = _textarea(_("reason for the extension"))


class StepForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("step"), choices=[(k.value, k.label) for k in CaseStepKind if k in MANUAL_STEPS])
    day = forms.DateField(label=_("date"), widget=DateInput(), initial=clock.today)
    note = _textarea(_("note"), required=False)


class CloseForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("closed on"), widget=DateInput(), initial=clock.today)
    decision = _textarea(_("decision"))
