"""The assessment's forms: a table's name and tiers, an item, a copy into a new year, the
self-assessment, a score with its reason, the 述职评议 record. The rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import DebriefGrade, IndicatorTable, Item, ItemKind, ScoreRule
from core.forms import BootstrapMixin, DateInput
from reports import indicators

POINTS = {"max_digits": 6, "decimal_places": 2}


class TableForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    good_from = forms.DecimalField(label=_("好 from (points)"), min_value=0, **POINTS)
    fair_from = forms.DecimalField(label=_("较好 from (points)"), min_value=0, **POINTS)
    average_from = forms.DecimalField(
        label=_("一般 from (points)"), min_value=0, help_text=_("Below it: 差."), **POINTS
    )


class CopyForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("year of the new table"), min_value=2000, max_value=2100)
    based_on = forms.ModelChoiceField(
        label=_("copy the items of"),
        queryset=IndicatorTable.objects.none(),
        required=False,
        empty_label=_("(start empty)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = IndicatorTable.objects.order_by("-year", "-pk")


class ItemForm(BootstrapMixin, forms.ModelForm):
    section_name = forms.CharField(label=_("section"), max_length=100)
    source = forms.ChoiceField(label=_("source"), required=False)

    class Meta:
        model = Item
        fields = ["code", "name", "kind", "points", "source", "rule", "threshold", "step", "criteria", "position"]
        help_texts = {
            "code": _("Matches the item in other years' tables, e.g. A1."),
            "points": _("A deduction: the most it takes; a bonus: its cap."),
            "threshold": _("Computed items: the figure the rule measures against."),
            "step": _("Rules that deduct per unit: the points per unit."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "—"), *indicators.choices()]
        self.fields["rule"].required = False
        if self.instance.pk:
            self.fields["section_name"].initial = self.instance.section.name


class SelfAssessmentForm(BootstrapMixin, forms.Form):
    overall = forms.CharField(label=_("overall self-assessment"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.item_fields = []
        for item in items:
            name = f"item_{item.pk}"
            self.fields[name] = forms.CharField(label=f"{item.code} {item.name}", required=False, max_length=500)
            self.item_fields.append(name)

    def per_item(self) -> dict[int, str]:
        return {int(name.removeprefix("item_")): self.cleaned_data.get(name, "") for name in self.item_fields}


class ScoreForm(BootstrapMixin, forms.Form):
    item = forms.ModelChoiceField(label=_("item"), queryset=Item.objects.none())
    points = forms.DecimalField(label=_("points"), min_value=0, **POINTS)
    reason = forms.CharField(label=_("reason"), max_length=500)

    def __init__(self, *args, table=None, **kwargs):
        super().__init__(*args, **kwargs)
        if table is not None:
            self.fields["item"].queryset = table.items.filter(
                kind__in=(ItemKind.MANUAL, ItemKind.DEDUCTION, ItemKind.BONUS)
            )


class DebriefForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput())
    secretary = forms.ChoiceField(label=_("secretary"), required=False)
    secretary_name = forms.CharField(label=_("secretary (when not in the registry)"), required=False, max_length=50)
    good = forms.IntegerField(label=_("votes 好"), min_value=0, max_value=100000, initial=0)
    fair = forms.IntegerField(label=_("votes 较好"), min_value=0, max_value=100000, initial=0)
    average = forms.IntegerField(label=_("votes 一般"), min_value=0, max_value=100000, initial=0)
    poor = forms.IntegerField(label=_("votes 差"), min_value=0, max_value=100000, initial=0)
    grade = forms.ChoiceField(
        label=_("grade"),
        required=False,
        choices=[("", "—"), *DebriefGrade.choices],
        help_text=_("When only a grade was given (no vote counts)."),
    )
    comments = forms.CharField(label=_("comments"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, posts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.posts = {str(p.pk): p for p in posts}
        self.fields["secretary"].choices = [("", "—"), *((str(p.pk), p.member.name) for p in posts)]

    def clean_secretary(self):
        value = self.cleaned_data["secretary"]
        return self.posts.get(value) if value else None


RULE_CHOICES = ScoreRule.choices
