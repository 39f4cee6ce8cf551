from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Explanation(models.Model):
    """Why a figure of a scope's annual report changed as it did (审核要点): written by the
    clerk beside the figure, shown with it and exported with it. `organization` is the scope's
    root (the committee's own organization for the committee's report); `figure` a key of
    `reports.annual`."""

    organization = models.ForeignKey("orgs.PartyOrganization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    figure = models.CharField(_("figure"), max_length=80)
    text = models.TextField(_("explanation"), max_length=1000)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization", "year", "figure"]
        verbose_name = _("explanation of a figure")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "figure"], name="one_explanation_per_figure")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year} {self.figure}"


class Filing(models.Model):
    """A scope's annual report as filed (报送): every figure as it stood when the clerk sent the
    report up, kept as filed. The year's report shows them, and next year's compares with them
    (上年数), rather than computing the closed year again; a later correction of the records
    does not change them (next year's start then differs from the filed end, which asks for an
    explanation, as 党内统计 does). To correct a filed report the clerk withdraws the filing and
    files again. `organization` is the scope's root, as for `Explanation`."""

    organization = models.ForeignKey("orgs.PartyOrganization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    figures = models.JSONField(_("figures"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filed_on = models.DateField(_("filed on"))

    class Meta:
        ordering = ["organization", "year"]
        verbose_name = _("filed annual report")
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_filing_per_scope_year")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}"
