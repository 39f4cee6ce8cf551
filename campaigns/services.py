"""Campaigns: the only writers of campaigns, their criteria, applications, assessments,
namings and their reviews, pairings and joint activities, and members' activities. Each change
is one transaction with its audit event; a refusal names the rule and writes nothing.

- An application is for a year the campaign runs, by an organization of a kind it admits, once a
  year; the committee assesses it (computed criteria read from `reports.indicators` for the year
  before the application — a complete year of records — never typed), then names it if every
  criterion is met, or refuses it with a reason.
- A naming holds `validity_years` from the day named (core.periods: 《民法典》 periods, the last
  day the corresponding day); with an annual 复查, each year after the naming's up to its end is
  reviewed once; a failed review revokes the naming that day. The committee may revoke a naming
  at any time with a reason.
- Days are facts: nothing is recorded on a day to come."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import known_user, record
from campaigns import rules
from campaigns.models import (
    Application,
    ApplicationStatus,
    Assessment,
    Campaign,
    CampaignKind,
    Comparison,
    Criterion,
    JointActivity,
    MemberActivity,
    Naming,
    Pairing,
    PartnerKind,
    Review,
)
from campaigns.queries import computed_figures, met
from core import clock
from core.errors import DomainError
from core.periods import add_years
from core.uploads import check_attachment
from members.models import Member
from members.models import Status as MemberStatus
from orgs.models import OrgKind, PartyOrganization
from reports import indicators


def _not_later_than_today(day: dt.date, field: str = "date") -> None:
    if day > clock.today():
        raise DomainError(_("This is recorded once it has happened: not on a day to come."), field=field)


def _check_file(upload, *, photo: bool = False) -> tuple[str, str]:
    rule = rules.ATTACHMENT_MAX_MB
    name, content_type = check_attachment(upload, max_mb=int(rule.current()), citation=rule.citation)
    if photo and not content_type.startswith("image/"):
        raise DomainError(_("Attach a photo as a JPG or PNG file."), field="file")
    return name, content_type


# -- campaigns as data ------------------------------------------------------------------------


def do_create_campaign(
    *,
    name: str,
    kind: str,
    first_year: int,
    last_year: int | None = None,
    matter_code: str = "",
    description: str = "",
    applicant_kinds: list[str] | None = None,
    for_unit: bool = False,
    validity_years: int | None = None,
    annual_review: bool = False,
    members_record: bool = False,
    acting_user: User | None,
) -> Campaign:
    """A campaign as the committee defines it (criteria are added one by one)."""
    name = name.strip()
    if not name:
        raise DomainError(_("Please give the campaign's name."), field="name")
    if Campaign.objects.filter(name=name).exists():
        raise DomainError(_("A campaign of this name exists already."), field="name")
    if kind not in CampaignKind.values:
        raise DomainError(_("Please choose the kind of campaign."), field="kind")
    if last_year is not None and last_year < first_year:
        raise DomainError(_("The last year comes after the first."), field="last_year")
    kinds = list(applicant_kinds or [])
    if any(k not in OrgKind.values for k in kinds):
        raise DomainError(_("Please choose the kinds of organization that may apply."), field="applicant_kinds")
    if kind == CampaignKind.NAMING and members_record:
        raise DomainError(_("Members record activities of a carrier activity, not of a creation."), field="kind")
    if kind == CampaignKind.ACTIVITY and (validity_years or annual_review or kinds or for_unit):
        raise DomainError(
            _("Only a creation campaign names organizations: a carrier activity has no applicants or validity."),
            field="kind",
        )
    if annual_review and (validity_years or 0) < 2:
        raise DomainError(_("An annual review needs a naming valid for two years or more."), field="validity_years")
    campaign = Campaign(
        name=name,
        kind=kind,
        first_year=first_year,
        last_year=last_year,
        matter_code=matter_code.strip(),
        description=description,
        applicant_kinds=kinds,
        for_unit=for_unit,
        validity_years=validity_years,
        annual_review=annual_review,
        members_record=members_record,
    )
    with transaction.atomic():
        campaign.save()
        record(
            "campaigns.campaign.created",
            actor=acting_user,
            target=campaign,
            new={
                "name": name,
                "kind": kind,
                "first_year": first_year,
                "last_year": last_year,
                "validity_years": validity_years,
                "annual_review": annual_review,
            },
        )
    return campaign


def do_add_criterion(
    campaign: Campaign,
    *,
    text: str,
    indicator: str = "",
    comparison: str = "",
    threshold: Decimal | None = None,
    acting_user: User | None,
) -> Criterion:
    """A criterion: computed (a registry key, at least / at most a threshold) or assessed."""
    text = text.strip()
    if not text:
        raise DomainError(_("Please write the criterion."), field="text")
    if campaign.kind != CampaignKind.NAMING:
        raise DomainError(_("Criteria belong to creation campaigns."), field="text")
    if indicator:
        if indicator not in indicators.SOURCES:
            raise DomainError(_("Please choose a figure the system computes."), field="indicator")
        if comparison not in Comparison.values:
            raise DomainError(_("Please choose at least or at most."), field="comparison")
        if threshold is None or not threshold.is_finite() or not Decimal(0) <= threshold <= Decimal(100000):
            raise DomainError(_("Please give the threshold, between 0 and 100000."), field="threshold")
    else:
        comparison, threshold = "", None
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        number = (campaign.criteria.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        criterion = Criterion.objects.create(
            campaign=campaign,
            number=number,
            text=text,
            indicator=indicator,
            comparison=comparison,
            threshold=threshold,
        )
        record(
            "campaigns.criterion.added",
            actor=acting_user,
            target=campaign,
            new={
                "text": text,
                "indicator": indicator,
                "comparison": comparison,
                "threshold": None if threshold is None else str(threshold),
            },
        )
    return criterion


# -- applications, assessment, naming ---------------------------------------------------------


def do_apply(
    campaign: Campaign,
    organization: PartyOrganization,
    *,
    year: int,
    statement: str,
    upload=None,
    acting_user: User | None,
) -> Application:
    """`organization` applies for `year` (the year under way or the next), with a statement and
    an optional attachment."""
    this = clock.today().year
    if campaign.kind != CampaignKind.NAMING:
        raise DomainError(_("Organizations apply to creation campaigns only."), field="campaign")
    if year not in (this, this + 1) or not campaign.is_active(year):
        raise DomainError(
            _("“%(campaign)s” takes applications for %(year)s only while it runs, this year or next.")
            % {"campaign": campaign.name, "year": year},
            field="year",
        )
    if not campaign.may_apply(organization.kind):
        raise DomainError(
            _("“%(campaign)s” is open to: %(kinds)s.")
            % {"campaign": campaign.name, "kinds": campaign.applicant_kinds_display()},
            field="campaign",
        )
    if not statement.strip():
        raise DomainError(_("Please write the statement of the application."), field="statement")
    checked = _check_file(upload) if upload is not None else None
    with transaction.atomic():
        if Application.objects.filter(campaign=campaign, organization=organization, year=year).exists():
            raise DomainError(
                _("%(org)s has applied to “%(campaign)s” for %(year)s already.")
                % {"org": organization.name, "campaign": campaign.name, "year": year},
                field="campaign",
            )
        application = Application(
            campaign=campaign,
            organization=organization,
            year=year,
            statement=statement,
            submitted_on=clock.today(),
            submitted_by=known_user(acting_user),
        )
        if checked is not None:
            application.file.save(checked[0], upload, save=False)
            application.file_name, application.content_type = checked
        application.save()
        record(
            "campaigns.application.submitted",
            actor=acting_user,
            target=application,
            organization=organization,
            new={"campaign": campaign.name, "year": year, **({"file_name": checked[0]} if checked else {})},
        )
    return application


def _locked_open(application: Application) -> Application:
    application = (
        Application.objects.select_for_update().select_related("campaign", "organization").get(pk=application.pk)
    )
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(_("This application has been decided already."))
    return application


def do_assess(
    application: Application,
    *,
    findings: dict[int, tuple[bool, str]],
    acting_user: User | None,
) -> list[Assessment]:
    """Assess every criterion of an application awaiting a decision: the computed ones from the
    registry's figures (the application's year), the assessed ones as `findings`
    (criterion id → (met, comment)) says; a finding of "not met" needs a comment. Assessing
    again replaces the earlier findings."""
    criteria = list(application.campaign.criteria.all())
    figures = computed_figures(application)
    rows: list[Assessment] = []
    today = clock.today()
    for criterion in criteria:
        if criterion.is_computed:
            figure = figures[criterion.pk]
            rows.append(
                Assessment(
                    criterion=criterion,
                    met=met(criterion, figure.value),
                    figure=None if figure.value is None else figure.value.quantize(Decimal("0.01")),
                    assessed_on=today,
                )
            )
            continue
        if criterion.pk not in findings:
            raise DomainError(
                _("Please assess criterion %(number)s: “%(text)s”.")
                % {"number": criterion.number, "text": criterion.text}
            )
        ok, comment = findings[criterion.pk]
        comment = comment.strip()
        if not ok and not comment:
            raise DomainError(_("Criterion %(number)s is not met: please say why.") % {"number": criterion.number})
        rows.append(Assessment(criterion=criterion, met=ok, comment=comment, assessed_on=today))
    with transaction.atomic():
        application = _locked_open(application)
        application.assessments.all().delete()
        for row in rows:
            row.application = application
        Assessment.objects.bulk_create(rows)
        record(
            "campaigns.application.assessed",
            actor=acting_user,
            target=application,
            organization=application.organization,
            new={
                "met": sum(r.met for r in rows),
                "criteria": len(rows),
                "figures": {str(r.criterion.number): str(r.figure) for r in rows if r.figure is not None},
            },
        )
    return rows


def valid_until(campaign: Campaign, named_on: dt.date) -> dt.date | None:
    """The last day of a naming from `named_on` (core.periods, the corresponding day)."""
    return add_years(named_on, campaign.validity_years) if campaign.validity_years else None


def do_name(
    application: Application,
    *,
    named_on: dt.date,
    document_number: str,
    acting_user: User | None,
) -> Naming:
    """Name the applicant: every criterion assessed and met; the naming holds from `named_on`
    (a day of the application's year, not later than today) for the campaign's validity."""
    document_number = document_number.strip()
    if not document_number:
        raise DomainError(_("Please give the number of the naming document."), field="document_number")
    _not_later_than_today(named_on, "named_on")
    if named_on.year != application.year:
        raise DomainError(
            _("A naming of %(year)s is dated in %(year)s.") % {"year": application.year}, field="named_on"
        )
    with transaction.atomic():
        application = _locked_open(application)
        found = {a.criterion_id: a for a in application.assessments.all()}
        criteria = list(application.campaign.criteria.all())
        if any(c.pk not in found for c in criteria):
            raise DomainError(_("Assess every criterion before naming."))
        unmet = [c for c in criteria if not found[c.pk].met]
        if unmet:
            raise DomainError(
                _("Not every criterion is met (criterion %(numbers)s): the application can be refused, not named.")
                % {"numbers": "、".join(str(c.number) for c in unmet)}
            )
        campaign = application.campaign
        naming = Naming.objects.create(
            campaign=campaign,
            organization=application.organization,
            application=application,
            named_on=named_on,
            valid_until=valid_until(campaign, named_on),
            document_number=document_number,
        )
        application.status, application.decided_on = ApplicationStatus.NAMED, named_on
        application.save(update_fields=["status", "decided_on"])
        record(
            "campaigns.naming.named",
            actor=acting_user,
            target=naming,
            organization=application.organization,
            new={
                "campaign": campaign.name,
                "named_on": named_on.isoformat(),
                "valid_until": naming.valid_until.isoformat() if naming.valid_until else None,
                "document_number": document_number,
            },
        )
    return naming


def do_refuse(application: Application, *, reason: str, acting_user: User | None) -> Application:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Please give the reason for not naming."), field="reason")
    with transaction.atomic():
        application = _locked_open(application)
        application.status, application.decided_on, application.reason = (
            ApplicationStatus.REFUSED,
            clock.today(),
            reason,
        )
        application.save(update_fields=["status", "decided_on", "reason"])
        record(
            "campaigns.application.refused",
            actor=acting_user,
            target=application,
            organization=application.organization,
            new={"campaign": application.campaign.name, "year": application.year},
            reason=reason,
        )
    return application


def review_years(naming: Naming) -> list[int]:
    """The years whose 复查 a naming takes: those after the naming's year up to its end."""
    if not naming.campaign.annual_review or naming.valid_until is None:
        return []
    return list(range(naming.named_on.year + 1, naming.valid_until.year + 1))


def _locked_naming(naming: Naming) -> Naming:
    return Naming.objects.select_for_update().select_related("campaign", "organization").get(pk=naming.pk)


def do_review(
    naming: Naming,
    *,
    year: int,
    passed: bool,
    reviewed_on: dt.date,
    comment: str = "",
    acting_user: User | None,
) -> Review:
    """The 复查 of `year`, on a day of that year while the naming is in force; failed, it revokes
    the naming that day (with the comment as the reason, which it then needs)."""
    comment = comment.strip()
    _not_later_than_today(reviewed_on, "reviewed_on")
    with transaction.atomic():
        naming = _locked_naming(naming)
        if year not in review_years(naming):
            raise DomainError(_("This naming has no annual review for %(year)s.") % {"year": year}, field="year")
        if reviewed_on.year != year or not naming.in_force(reviewed_on):
            raise DomainError(
                _("The review of %(year)s is held in %(year)s while the naming is in force.") % {"year": year},
                field="reviewed_on",
            )
        if naming.reviews.filter(year=year).exists():
            raise DomainError(_("The review of %(year)s is recorded already.") % {"year": year}, field="year")
        if not passed and not comment:
            raise DomainError(_("A failed review needs its reason."), field="comment")
        review = Review.objects.create(
            naming=naming, year=year, reviewed_on=reviewed_on, passed=passed, comment=comment
        )
        if not passed:
            naming.revoked_on, naming.revoke_reason = reviewed_on, comment
            naming.save(update_fields=["revoked_on", "revoke_reason"])
        record(
            "campaigns.naming.reviewed",
            actor=acting_user,
            target=naming,
            organization=naming.organization,
            new={"year": year, "passed": passed, "reviewed_on": reviewed_on.isoformat()},
            reason=comment,
        )
    return review


def do_revoke(naming: Naming, *, revoked_on: dt.date, reason: str, acting_user: User | None) -> Naming:
    """Revoke a naming in force from `revoked_on` (not later than today) with a reason."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Please give the reason for revoking."), field="reason")
    _not_later_than_today(revoked_on, "revoked_on")
    with transaction.atomic():
        naming = _locked_naming(naming)
        if not naming.in_force(revoked_on):
            raise DomainError(_("The naming is not in force on that day."), field="revoked_on")
        naming.revoked_on, naming.revoke_reason = revoked_on, reason
        naming.save(update_fields=["revoked_on", "revoke_reason"])
        record(
            "campaigns.naming.revoked",
            actor=acting_user,
            target=naming,
            organization=naming.organization,
            new={"revoked_on": revoked_on.isoformat()},
            reason=reason,
        )
    return naming


# -- pairings ---------------------------------------------------------------------------------


def do_create_pairing(
    organization: PartyOrganization,
    *,
    partner_kind: str,
    partner: PartyOrganization | None = None,
    partner_name: str = "",
    started_on: dt.date,
    ended_on: dt.date | None = None,
    purpose: str,
    acting_user: User | None,
) -> Pairing:
    """A pairing of `organization` with another organization or a community or village."""
    partner_name = partner_name.strip()
    if partner_kind == PartnerKind.ORGANIZATION:
        if partner is None:
            raise DomainError(_("Please choose the partner organization."), field="partner")
        if partner.pk == organization.pk:
            raise DomainError(_("An organization is not paired with itself."), field="partner")
        partner_name = ""
    elif partner_kind in PartnerKind.values:
        if not partner_name:
            raise DomainError(_("Please give the name of the community or village."), field="partner_name")
        partner = None
    else:
        raise DomainError(_("Please choose the kind of partner."), field="partner_kind")
    if ended_on is not None and ended_on < started_on:
        raise DomainError(_("A pairing ends after it starts."), field="ended_on")
    if not purpose.strip():
        raise DomainError(_("Please write what the pairing is for."), field="purpose")
    with transaction.atomic():
        pairing = Pairing.objects.create(
            organization=organization,
            partner_kind=partner_kind,
            partner=partner,
            partner_name=partner_name,
            started_on=started_on,
            ended_on=ended_on,
            purpose=purpose,
            recorded_by=known_user(acting_user),
        )
        record(
            "campaigns.pairing.created",
            actor=acting_user,
            target=pairing,
            organization=organization,
            new={"partner": pairing.partner_label, "partner_kind": partner_kind, "started_on": started_on.isoformat()},
        )
    return pairing


def do_record_joint_activity(
    pairing: Pairing,
    *,
    side: PartyOrganization,
    date: dt.date,
    title: str,
    description: str,
    participants: int,
    acting_user: User | None,
) -> JointActivity:
    """A joint activity recorded by either side, on a day of the pairing, not later than today."""
    if side.pk not in (pairing.organization_id, pairing.partner_id):
        raise DomainError(_("A joint activity is recorded by one side of the pairing."))
    _not_later_than_today(date)
    if date < pairing.started_on or (pairing.ended_on is not None and date > pairing.ended_on):
        raise DomainError(_("The activity falls outside the pairing's dates."), field="date")
    if not title.strip() or not description.strip():
        raise DomainError(_("Please give the title and what was done."), field="title")
    if not 1 <= participants <= 100000:
        raise DomainError(_("Please give the number of participants."), field="participants")
    with transaction.atomic():
        activity = JointActivity.objects.create(
            pairing=pairing,
            side=side,
            date=date,
            title=title.strip(),
            description=description,
            participants=participants,
            recorded_by=known_user(acting_user),
        )
        record(
            "campaigns.joint_activity.recorded",
            actor=acting_user,
            target=pairing,
            organization=side,
            new={"date": date.isoformat(), "title": activity.title, "participants": participants},
        )
    return activity


# -- members' own activities ------------------------------------------------------------------


def do_record_member_activity(
    member: Member,
    campaign: Campaign,
    *,
    date: dt.date,
    description: str,
    for_whom: str,
    upload=None,
    acting_user: User | None,
) -> MemberActivity:
    """What `member` did under a member campaign; a photo only if they wish."""
    if not campaign.members_record or not campaign.is_active(date.year):
        raise DomainError(_("Members record activities of this campaign only while it runs."), field="campaign")
    if member.organization_id is None or member.status != MemberStatus.ACTIVE:
        raise DomainError(_("Only a member on the roll records activities."))
    _not_later_than_today(date)
    if date.year < clock.today().year - 1:
        raise DomainError(_("Activities are recorded within the year or the year before."), field="date")
    if not description.strip() or not for_whom.strip():
        raise DomainError(_("Please say what was done and for whom."), field="description")
    checked = _check_file(upload, photo=True) if upload is not None else None
    with transaction.atomic():
        activity = MemberActivity(
            campaign=campaign,
            member=member,
            organization_id=member.organization_id,
            date=date,
            description=description,
            for_whom=for_whom.strip(),
        )
        if checked is not None:
            activity.photo.save(checked[0], upload, save=False)
            activity.photo_name, activity.content_type = checked
        activity.save()
        record(
            "campaigns.member_activity.recorded",
            actor=acting_user,
            target=member,
            organization=activity.organization,
            new={"campaign": campaign.name, "date": date.isoformat()},
        )
    return activity
