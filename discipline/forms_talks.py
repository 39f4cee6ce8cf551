"""The talk forms: recording (kind, person, date, talker, gist, follow-up) and correcting."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import clock
from core.forms import BootstrapMixin, DateInput
from discipline.models import TalkKind
from orgs.forms import member_picker

GIST_MAX_LENGTH = 4000


class TalkEditForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput(), initial=clock.today)
    talker = forms.CharField(label=_("talked by"), max_length=100)
    gist = forms.CharField(label=_("gist"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    follow_up = forms.CharField(label=_("follow-up"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    max_lengths = {"gist": GIST_MAX_LENGTH, "follow_up": GIST_MAX_LENGTH}


class TalkForm(TalkEditForm):
    """`kinds`: the kinds the user records here; `members`: `members.queries.member_pool(user,
    organization=...)`, whom the picker offers."""

    def __init__(self, *args, kinds, members, organization_id: int | None = None, **kwargs):
        # The fields that depend on the user join the declared ones before the form is made, so
        # that BootstrapMixin gives them their classes and input rules like every field.
        extra = {
            "kind": forms.ChoiceField(
                label=_("kind of talk"), choices=[(k, label) for k, label in TalkKind.choices if k in kinds]
            ),
            "member": member_picker(members, label=_("person talked to"), organization=organization_id),
        }
        self.base_fields = {**type(self).base_fields, **extra}  # type: ignore[misc]
        super().__init__(*args, **kwargs)
        self.order_fields(["kind", "member", "date", "talker", "gist", "follow_up"])
