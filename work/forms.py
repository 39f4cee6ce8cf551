from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateInput
from orgs.forms import member_picker
from orgs.models import Rank
from work.models import WorkItem


class ItemForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = WorkItem
        fields = ["matter_code", "title", "description", "due_date"]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, matters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter_code"] = forms.ChoiceField(
            label=_("matter"), choices=[(m.code, f"{m.code} {m.name}") for m in matters]
        )


class CommentForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(BootstrapMixin, forms.Form):
    outcome = forms.CharField(label=_("outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AppointmentForm(BootstrapMixin, forms.Form):
    member = forms.ModelChoiceField(label=_("nominee"), queryset=None)  # a picker, set in __init__
    rank = forms.ChoiceField(label=_("rank"), choices=Rank.choices, initial=Rank.DEPUTY_DIVISION)
    valid_from = forms.DateField(label=_("from"), widget=DateInput())
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, members, organization: int, **kwargs):
        """`members`: `members.queries.member_pool(user, organization=organization)`."""
        super().__init__(*args, **kwargs)
        self.fields["member"] = member_picker(members, organization=organization, label=_("nominee"))


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput)
    reason = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
