"""Campaigns pages: the committee's list and a campaign's page (criteria, applications, namings
in force, expiring and ended), an application with its assessment and decision, an
organization's campaigns tab (apply, its namings, its pairings), a pairing with its joint
activities, a member's own activities (a phone is enough), the branch's list of its members'
records and the committee's counts per organization. Views stay thin: access → form → one
service → render."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import OVERSEE
from accounts.scope import require_capability, scope_paths
from campaigns import access, queries, rules, services
from campaigns.forms import (
    ApplicationForm,
    CampaignForm,
    CriterionForm,
    JointActivityForm,
    MemberActivityForm,
    NameForm,
    PairingForm,
    RefuseForm,
    ReviewForm,
    RevokeForm,
    assess_form,
)
from campaigns.models import Application, ApplicationStatus, Campaign, CampaignKind, MemberActivity, Naming
from core import clock
from core.errors import DomainError
from core.export import download
from core.forms import add_domain_error, errors_text
from core.pagination import paginate
from core.params import parse_id, year_param
from core.periods import add_months
from core.shortcuts import render_form
from orgs.models import PartyOrganization, _path_q
from work.services import lead_body

# A naming ending within this many months is listed as expiring on the campaign's page.
EXPIRING_MONTHS = 6


def _form_page(request, form, *, title: str, cancel_url: str, intro: str = ""):
    """The form page with file uploads (core/form.html has none)."""
    return render(
        request,
        "campaigns/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "intro": intro,
            "limit": rules.ATTACHMENT_MAX_MB.current(),
        },
    )


def _runner(campaign: Campaign) -> str:
    """The lead body of the campaign's matter in the authority list in force (or nothing)."""
    if not campaign.matter_code:
        return ""
    try:
        return lead_body(campaign.matter_code, clock.today()).name
    except DomainError:
        return ""


# -- the committee's side ---------------------------------------------------------------------


@login_required
@require_GET
def index(request):
    """Every campaign with its applications awaiting assessment and its namings in force."""
    require_capability(request.user, OVERSEE)
    today = clock.today()
    paths = scope_paths(request.user, OVERSEE)
    in_force = dict(
        Naming.objects.filter(Naming.scope_q(paths), queries.in_force_q(today))
        .values_list("campaign")
        .annotate(n=Count("pk"))
        .order_by()
    )
    waiting = Q(applications__status=ApplicationStatus.SUBMITTED) & _path_q("applications__organization__path", paths)
    campaigns = Campaign.objects.annotate(waiting=Count("applications", filter=waiting))
    rows = [(c, in_force.get(c.pk, 0)) for c in campaigns]
    return render(request, "campaigns/index.html", {"rows": rows, "year": today.year})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    require_capability(request.user, OVERSEE)
    form = CampaignForm(request.POST or None, initial={"first_year": clock.today().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.do_create_campaign(**data, acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Campaign created: %(name)s.") % {"name": campaign.name})
            return redirect("campaigns:campaign", campaign.pk)
    return render_form(request, form, title=_("New campaign"), cancel_url=reverse("campaigns:index"))


@login_required
@require_GET
def campaign(request, pk):
    """A campaign: its criteria, the year's applications, the namings in force (expiring soon
    marked) and those ended, and for the five-good campaigns the coverage per committee."""
    campaign = access.get_campaign_for_committee(request.user, pk)
    today = clock.today()
    year = year_param(request, default=today.year)
    criteria = [(c, queries.source_label(c.indicator) if c.is_computed else "") for c in campaign.criteria.all()]
    paths = scope_paths(request.user, OVERSEE)  # the committee's subtree: nothing outside it is named
    applications = (
        Application.objects.filter(Application.scope_q(paths), campaign=campaign, year=year)
        .select_related("organization")
        .order_by("status")
    )
    namings = list(
        campaign.namings.filter(Naming.scope_q(paths)).select_related("organization").prefetch_related("reviews")
    )
    soon = add_months(today, EXPIRING_MONTHS)
    in_force = [n for n in namings if n.in_force(today)]
    ended = [n for n in namings if not n.in_force(today) and n.named_on <= today]
    coverage = []
    if campaign.applicant_kinds and set(campaign.applicant_kinds) <= {"branch", "temporary_branch"}:
        figures = queries.coverage(campaign, today)
        orgs = PartyOrganization.objects.filter(PartyOrganization.scope_q(paths)).in_bulk(
            [k for k, (n, _t) in figures.items() if n]
        )
        coverage = sorted(((orgs[k], n, t) for k, (n, t) in figures.items() if k in orgs), key=lambda row: row[0].path)
    return render(
        request,
        "campaigns/campaign.html",
        {
            "campaign": campaign,
            "runner": _runner(campaign),
            "criteria": criteria,
            "criterion_form": CriterionForm() if campaign.kind == CampaignKind.NAMING else None,
            "year": year,
            "applications": applications,
            "in_force": in_force,
            "soon": soon,
            "ended": ended,
            "coverage": coverage,
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_add(request, pk):
    campaign = access.get_campaign_for_committee(request.user, pk)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_add_criterion(campaign, **form.cleaned_data, acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Criterion added."))
            return redirect("campaigns:campaign", campaign.pk)
    return render_form(
        request,
        form,
        title=_("A criterion of %(name)s") % {"name": campaign.name},
        cancel_url=reverse("campaigns:campaign", args=[campaign.pk]),
    )


# -- applications -----------------------------------------------------------------------------


def _application_url(application: Application) -> str:
    return reverse("campaigns:application", args=[application.pk])


@login_required
@require_GET
def application(request, pk):
    """An application: the statement, each criterion (a computed one with the registry's
    figure and its records), the committee's findings and decision."""
    application = access.get_application_for_user(request.user, pk)
    may_decide = access.oversees(request.user, application.organization)
    figures = queries.computed_figures(application)
    found = {a.criterion_id: a for a in application.assessments.all()}
    criteria = list(application.campaign.criteria.all())
    rows = [
        {
            "criterion": c,
            "source": queries.source_label(c.indicator) if c.is_computed else "",
            "figure": figures.get(c.pk),
            "live_met": queries.met(c, figures[c.pk].value) if c.is_computed else None,
            "assessment": found.get(c.pk),
        }
        for c in criteria
    ]
    open_ = application.status == ApplicationStatus.SUBMITTED
    assessed = [c for c in criteria if not c.is_computed]
    context = {
        "application": application,
        "rows": rows,
        "figure_year": queries.figure_year(application),
        "may_decide": may_decide and open_,
        "naming": Naming.objects.filter(application=application).first(),
    }
    if may_decide and open_:
        initial = {}
        for c in assessed:
            if c.pk in found:
                initial[f"met_{c.pk}"], initial[f"comment_{c.pk}"] = found[c.pk].met, found[c.pk].comment
        context |= {
            "assess_form": assess_form(assessed)(initial=initial),
            "assessed": [(c, f"met_{c.pk}", f"comment_{c.pk}") for c in assessed],
            "all_assessed": bool(criteria) and all(c.pk in found for c in criteria),
            "all_met": all(a.met for a in found.values()) and len(found) == len(criteria),
            "name_form": NameForm(initial={"named_on": clock.today()}),
            "refuse_form": RefuseForm(),
        }
    return render(request, "campaigns/application.html", context)


def _post_back(request, application: Application, form, act) -> object:
    """Run `act(cleaned_data)` for a form posted from the application's page; a refusal or a
    form error is shown there as a message."""
    if form.is_valid():
        try:
            message = act(form.cleaned_data)
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, message)
    else:
        messages.error(request, errors_text(form))
    return redirect(_application_url(application))


@login_required
@require_POST
def assess(request, pk):
    application = access.get_application_for_user(request.user, pk, to_decide=True)
    assessed = [c for c in application.campaign.criteria.all() if not c.is_computed]
    form = assess_form(assessed)(request.POST)

    def act(_data):
        services.do_assess(application, findings=form.findings(), acting_user=request.user)
        return _("Assessment recorded.")

    return _post_back(request, application, form, act)


@login_required
@require_POST
def name(request, pk):
    application = access.get_application_for_user(request.user, pk, to_decide=True)

    def act(data):
        naming = services.do_name(application, **data, acting_user=request.user)
        return _("%(org)s named under “%(campaign)s”.") % {
            "org": naming.organization.name,
            "campaign": naming.campaign.name,
        }

    return _post_back(request, application, NameForm(request.POST), act)


@login_required
@require_POST
def refuse(request, pk):
    application = access.get_application_for_user(request.user, pk, to_decide=True)

    def act(data):
        services.do_refuse(application, reason=data["reason"], acting_user=request.user)
        return _("The application is refused; the organization sees the reason.")

    return _post_back(request, application, RefuseForm(request.POST), act)


@login_required
@require_GET
def application_file(request, pk):
    application = access.get_application_for_user(request.user, pk)
    if not application.file:
        raise Http404
    try:
        content = application.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return download(content, application.file_name, application.content_type)


# -- namings ----------------------------------------------------------------------------------


def _naming_back(naming: Naming) -> str:
    return reverse("campaigns:campaign", args=[naming.campaign_id]) + f"?year={naming.named_on.year}"


@login_required
@require_POST
def review(request, pk):
    naming = access.get_naming_to_decide(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.do_review(naming, **form.cleaned_data, acting_user=request.user)
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Review recorded."))
    else:
        messages.error(request, errors_text(form))
    return redirect(_naming_back(naming))


@login_required
@require_POST
def revoke(request, pk):
    naming = access.get_naming_to_decide(request.user, pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.do_revoke(naming, **form.cleaned_data, acting_user=request.user)
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("The naming is revoked."))
    else:
        messages.error(request, errors_text(form))
    return redirect(_naming_back(naming))


# -- an organization's tab --------------------------------------------------------------------


def _open_campaigns(org):
    year = clock.today().year
    return [
        c
        for c in Campaign.objects.filter(kind=CampaignKind.NAMING).filter(
            Q(last_year__isnull=True) | Q(last_year__gte=year)
        )
        if c.may_apply(org.kind) and (c.is_active(year) or c.is_active(year + 1))
    ]


@login_required
@require_GET
def organization(request, pk):
    """An organization's campaigns: namings in force and ended, applications, pairings, and
    the campaigns it may apply to."""
    org = access.get_organization_for_campaigns(request.user, pk)
    today = clock.today()
    namings = Naming.objects.filter(organization=org).select_related("campaign").prefetch_related("reviews")
    can_act = access.may_act_for(request.user, org)
    return render(
        request,
        "campaigns/organization.html",
        {
            "org": org,
            "today": today,
            "in_force": [n for n in namings if n.in_force(today)],
            "ended": [n for n in namings if not n.in_force(today)],
            "unit_namings": [n for n in queries.namings_of(org, today) if n.organization_id != org.pk],
            "applications": Application.objects.filter(organization=org).select_related("campaign"),
            "pairings": queries.pairings_of(org),
            "open_campaigns": _open_campaigns(org) if can_act else [],
            "can_act": can_act,
            "holds_members": org.holds_members,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, pk):
    org = access.get_organization_for_campaigns(request.user, pk, for_write=True)
    open_ = _open_campaigns(org)
    initial = {"year": clock.today().year}
    if (wanted := parse_id(request.GET.get("campaign", ""))) is not None:
        initial["campaign"] = wanted
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        campaigns=Campaign.objects.filter(pk__in=[c.pk for c in open_]),
        initial=initial,
    )
    back = reverse("campaigns:organization", args=[org.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.do_apply(
                data["campaign"],
                org,
                year=data["year"],
                statement=data["statement"],
                upload=data["file"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Application submitted: the committee assesses it."))
            return redirect(_application_url(application))
    intro = _("Criteria the system computes are read from the records; write only what the records do not show.")
    return _form_page(request, form, title=_("Apply: %(org)s") % {"org": org.name}, cancel_url=back, intro=intro)


# -- pairings ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pairing_create(request, pk):
    org = access.get_organization_for_campaigns(request.user, pk, for_write=True)
    form = PairingForm(request.POST or None, user=request.user, initial={"started_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            pairing = services.do_create_pairing(org, **form.cleaned_data, acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Pairing recorded."))
            return redirect("campaigns:pairing", pairing.pk)
    return render_form(
        request,
        form,
        title=_("A pairing of %(org)s") % {"org": org.name},
        cancel_url=reverse("campaigns:organization", args=[org.pk]),
    )


@login_required
@require_GET
def pairing(request, pk):
    pairing = access.get_pairing_for_user(request.user, pk)
    sides = access.sides_for(request.user, pairing)
    page, query = paginate(request, pairing.activities.select_related("side"))
    return render(
        request,
        "campaigns/pairing.html",
        {
            "pairing": pairing,
            "page": page,
            "query": query,
            "can_record": bool(sides),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def joint_activity_add(request, pk):
    pairing = access.get_pairing_for_user(request.user, pk, for_write=True)
    sides = access.sides_for(request.user, pairing)
    form = JointActivityForm(
        request.POST or None, sides=sides, initial={"date": min(clock.today(), pairing.ended_on or clock.today())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_joint_activity(pairing, **form.cleaned_data, acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Joint activity recorded."))
            return redirect("campaigns:pairing", pairing.pk)
    return render_form(
        request,
        form,
        title=_("A joint activity: %(pairing)s") % {"pairing": str(pairing)},
        cancel_url=reverse("campaigns:pairing", args=[pairing.pk]),
    )


# -- members' own activities ------------------------------------------------------------------


def _member_campaigns(day: dt.date):
    return Campaign.objects.filter(members_record=True, first_year__lte=day.year).filter(
        Q(last_year__isnull=True) | Q(last_year__gte=day.year)
    )


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """The member's own activities and the form to record one (no points, no quota)."""
    member = getattr(request.user, "member", None)
    campaigns = _member_campaigns(clock.today())
    form = None
    if member is not None:
        form = MemberActivityForm(
            request.POST or None, request.FILES or None, campaigns=campaigns, initial={"date": clock.today()}
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.do_record_member_activity(
                    member,
                    data["campaign"],
                    date=data["date"],
                    description=data["description"],
                    for_whom=data["for_whom"],
                    upload=data["file"],
                    acting_user=request.user,
                )
            except DomainError as e:
                add_domain_error(form, e)
            else:
                messages.success(request, _("Activity recorded."))
                return redirect("campaigns:mine")
    records = (
        MemberActivity.objects.filter(member=member).select_related("campaign")
        if member is not None
        else MemberActivity.objects.none()
    )
    page, query = paginate(request, records)
    return render(
        request,
        "campaigns/mine.html",
        {"member": member, "form": form, "page": page, "query": query, "limit": rules.ATTACHMENT_MAX_MB.current()},
    )


@login_required
@require_GET
def branch_activities(request, pk):
    """The records of the organization's members (its officers), newest first."""
    org = access.get_organization_for_campaigns(request.user, pk, for_write=True)
    year = year_param(request, default=clock.today().year)
    records = MemberActivity.objects.filter(organization=org, date__year=year).select_related("member", "campaign")
    page, query = paginate(request, records)
    return render(request, "campaigns/branch_activities.html", {"org": org, "year": year, "page": page, "query": query})


@login_required
@require_GET
def activities(request):
    """The committee's view: records and members taking part per organization and campaign
    (counts only: nobody is ranked)."""
    require_capability(request.user, OVERSEE)
    year = year_param(request, default=clock.today().year)
    rows = queries.member_activity_counts(scope_paths(request.user, OVERSEE), year)
    page, query = paginate(request, rows)
    return render(request, "campaigns/activities.html", {"year": year, "page": page, "query": query})


@login_required
@require_GET
def activity_photo(request, pk):
    activity = access.get_member_activity_for_user(request.user, pk)
    if not activity.photo:
        raise Http404
    try:
        content = activity.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return download(content, activity.photo_name, activity.content_type)
