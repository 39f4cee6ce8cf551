"""Commendation pages: the rounds list, a round's page for the committee (categories, the quota
table, every nomination with its eligibility and the review, the notice with its objections, the
decision, the documents), the quota table's form with a fill suggested by membership, and a
nominating organization's page for a round (its seats left, its nominations, the form to add one
— usable on a phone). Views stay thin: access → form → one service → render."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import EDIT_REGISTRY
from accounts.scope import scope_paths, scope_queryset
from audit.services import record
from commendations import documents, eligibility, queries, rules, services
from commendations.access import (
    get_nominating_organization,
    get_nomination_for_user,
    get_round_for_user,
    oversees,
    reads_discipline,
    require_oversight,
    require_rounds,
    reviewable_among,
)
from commendations.forms import (
    CategoryForm,
    DecisionForm,
    NominationForm,
    NoticeForm,
    ObjectionForm,
    QuotaForm,
    ReviewForm,
    RoundForm,
)
from commendations.models import NominationStatus, Round, Status
from core import clock
from core.errors import DomainError
from core.export import docx_response, download, download_name
from core.forms import add_domain_error, errors_text
from core.params import id_param
from members.queries import member_pool
from orgs.models import PartyOrganization


def _findings(request, nominations, round_: Round) -> dict:
    return eligibility.findings(
        nominations, eligibility.check_day(round_), discipline_details=reads_discipline(request.user, nominations)
    )


def _rows(request, nominations, round_: Round) -> list[dict]:
    """Each nomination with its findings and whether it bars the approval."""
    found = _findings(request, nominations, round_)
    reviewable = reviewable_among(request.user, nominations)
    return [
        {
            "n": n,
            "findings": found.get(n.pk, []),
            "barred": any(f.bars for f in found.get(n.pk, [])),
            "may_review": n.pk in reviewable,
        }
        for n in nominations
    ]


@login_required
@require_GET
def rounds(request):
    """The rounds, latest first; a nominating officer sees links to their organizations' pages."""
    require_rounds(request.user)
    # the committee goes to each round's page; an officer to their organizations' pages
    paths = [] if oversees(request.user) else scope_paths(request.user, EDIT_REGISTRY)
    rows = []
    for round_ in Round.objects.all():
        nominating = queries.nominating_organizations(round_) if paths else []
        mine = [o for o in nominating if any(o.path.startswith(p) for p in paths)]
        rows.append({"round": round_, "mine": mine[:20], "more": max(len(mine) - 20, 0)})
    return render(request, "commendations/rounds.html", {"rows": rows, "oversees": oversees(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    require_oversight(request.user)
    year = clock.today().year
    initial = {"name": _("%(year)s commendation of the organs") % {"year": year}}
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.do_create_round(
                name=data["name"],
                year=data["year"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                standards=data["standards"],
                local_categories=form.local_categories(),
                level=data["level"],
                checks={k: data[k] for k in ("check_full_member", "check_discipline", "check_evaluation")}
                | {"flag_term_overdue": data["flag_term_overdue"]},
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Round opened. Set the quotas next."))
            return redirect("commendations:quotas", pk=round_.pk)
    return render(
        request,
        "commendations/round_form.html",
        {"form": form, "cycle": rules.CYCLE_YEARS, "cancel_url": reverse("commendations:rounds")},
    )


@login_required
@require_GET
def round_detail(request, pk):
    """The committee's page of a round."""
    round_ = get_round_for_user(request.user, pk, oversee=True)
    categories = queries.categories(round_)
    organizations = queries.nominating_organizations(round_)
    table, held = queries.quota_table(round_), queries.held(round_)
    # the round is district-wide, its nominations are seen within the user's registry scope
    visible = set(scope_queryset(request.user, round_.nominations.all()).values_list("pk", flat=True))
    nominations = [n for n in queries.nominations_of(round_) if n.pk in visible]
    rows = _rows(request, nominations, round_)
    by_org: dict[int, list] = {}
    for row in rows:
        by_org.setdefault(row["n"].organization_id, []).append(row)
    quota_rows = [
        {
            "org": org,
            "cells": [(c, table.get((org.pk, c.pk), 0), held.get((org.pk, c.pk), 0)) for c in categories],
            "nominations": by_org.get(org.pk, []),
        }
        for org in organizations
    ]
    return render(
        request,
        "commendations/round.html",
        {
            "round": round_,
            "categories": categories,
            "quota_rows": quota_rows,
            "others": [r for r in rows if r["n"].organization_id not in {o.pk for o in organizations}],
            "counts": queries.counts(round_),
            "check_day": eligibility.check_day(round_),
            "rules": rules,
            "category_form": CategoryForm(),
            "notice_form": NoticeForm(initial={"starts": max(clock.today(), round_.closes_on + dt.timedelta(days=1))}),
            "decision_form": DecisionForm(initial={"decided_on": clock.today()}),
            "today": clock.today(),
            "review_form": ReviewForm(),
            "Status": Status,
            "NominationStatus": NominationStatus,
        },
    )


def _back(round_: Round, *, anchor: str = ""):
    return redirect(reverse("commendations:round", args=[round_.pk]) + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def category_add(request, pk):
    round_ = get_round_for_user(request.user, pk, oversee=True)
    form = CategoryForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _back(round_)
    try:
        services.do_add_category(round_, **form.cleaned_data, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Category added."))
    return _back(round_)


@login_required
@require_http_methods(["GET", "POST"])
def quotas(request, pk):
    """The quota table: organizations (those the committee leads by default) × categories. A
    fill suggested by membership pre-fills the table; nothing is saved until the clerk saves."""
    round_ = get_round_for_user(request.user, pk, oversee=True)
    categories = queries.categories(round_)
    table = queries.quota_table(round_)
    listed = {o.pk: o for o in queries.nominating_organizations(round_)}
    for org in queries.default_nominating(clock.today()):
        listed.setdefault(org.pk, org)
    organizations = sorted(listed.values(), key=lambda o: o.path)
    form = QuotaForm(
        request.POST or None,
        organizations=organizations,
        categories=categories,
        initial={f"q-{o}-{c}": n for (o, c), n in table.items()},
    )
    errors: list[str] = []
    if request.method == "POST":
        if not form.is_valid():
            errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        elif request.POST.get("action") == "suggest":
            wanted = {c.pk: n for c in categories if (n := form.cleaned_data[f"total-{c.pk}"]) is not None}
            suggested = services.suggest_quotas(wanted, organizations, clock.today())
            form = QuotaForm(
                organizations=organizations,
                categories=categories,
                initial={
                    **{f"q-{o}-{c}": n for (o, c), n in suggested.items()},
                    **{f"total-{c}": n for c, n in wanted.items()},
                },
            )
            messages.info(request, _("Quotas suggested by members on the roll: check them and save."))
        else:
            try:
                services.do_set_quotas(round_, form.seats(), acting_user=request.user)
            except DomainError as e:
                errors.append(e.message)
            else:
                messages.success(request, _("Quotas saved."))
                return _back(round_)
    rows = [{"org": org, "cells": [(c, form[f"q-{org.pk}-{c.pk}"]) for c in categories]} for org in organizations]
    totals = [(c, form[f"total-{c.pk}"]) for c in categories]
    return render(
        request,
        "commendations/quotas.html",
        {"round": round_, "categories": categories, "rows": rows, "errors": errors, "totals": totals},
    )


def _round_param(request, org: PartyOrganization) -> Round | None:
    """The round asked for (?round=), else the latest round in nomination where `org` nominates."""
    rounds = queries.rounds_for([org.pk])
    pk = id_param(request, "round")
    if pk is not None:
        return rounds.filter(pk=pk).first()
    return rounds.filter(status=Status.NOMINATION).order_by("-year").first() or rounds.order_by("-year").first()


@login_required
@require_GET
def organization(request, pk):
    """A nominating organization's page of a round: its seats left, its nominations and their
    eligibility, the way to add one."""
    org = get_nominating_organization(request.user, pk)
    round_ = _round_param(request, org)
    context: dict = {"org": org, "round": round_, "rounds": queries.rounds_for([org.pk]).order_by("-year")}
    if round_ is not None:
        table, held = queries.quota_table(round_), queries.held(round_)
        context["seats"] = [
            {
                "category": c,
                "quota": table.get((org.pk, c.pk), 0),
                "held": held.get((org.pk, c.pk), 0),
                "left": max(table.get((org.pk, c.pk), 0) - held.get((org.pk, c.pk), 0), 0),
            }
            for c in queries.categories(round_)
            if table.get((org.pk, c.pk))
        ]
        context["rows"] = _rows(request, queries.nominations_of(round_, org), round_)
        today = clock.today()
        context["open"] = round_.status == Status.NOMINATION and round_.opens_on <= today <= round_.closes_on
    return render(request, "commendations/organization.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request, pk):
    org = get_nominating_organization(request.user, pk)
    round_ = _round_param(request, org)
    page = reverse("commendations:organization", args=[org.pk])
    if round_ is None:
        messages.error(request, _("%(org)s has no quota in any commendation round.") % {"org": org.name})
        return redirect(page)
    table = queries.quota_table(round_)
    categories = round_.categories.filter(pk__in=[c for (o, c), n in table.items() if o == org.pk and n])
    nominees = PartyOrganization.objects.filter(path__startswith=org.path, dissolved__isnull=True).order_by("path")
    form = NominationForm(
        request.POST or None,
        request.FILES or None,
        categories=categories,
        members=member_pool(request.user, organization=org.pk),
        organizations=nominees,
        organization=org,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        category = data["category"]
        try:
            services.do_nominate(
                round_,
                org,
                category=category,
                member=data["member"] if category.for_members else None,
                nominee=None if category.for_members else data["nominee"],
                basis=data["basis"],
                upload=data["file"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Nomination recorded."))
            return redirect(f"{page}?round={round_.pk}")
    return render(
        request,
        "commendations/nominate.html",
        {"org": org, "round": round_, "form": form, "cancel_url": f"{page}?round={round_.pk}"},
    )


@login_required
@require_POST
def withdraw(request, pk):
    nomination = get_nomination_for_user(request.user, pk, withdraw=True)
    try:
        services.do_withdraw_nomination(nomination, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Nomination withdrawn."))
    page = reverse("commendations:organization", args=[nomination.organization_id])
    return redirect(f"{page}?round={nomination.round_id}")


@login_required
@require_POST
def review(request, pk):
    nomination = get_nomination_for_user(request.user, pk, review=True)
    form = ReviewForm(request.POST)
    approve = request.POST.get("action") == "approve"
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _back(nomination.round, anchor=f"n{nomination.pk}")
    try:
        services.do_review_nomination(
            nomination, approve=approve, reason=form.cleaned_data["reason"], acting_user=request.user
        )
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Nomination approved.") if approve else _("Nomination rejected."))
    return _back(nomination.round, anchor=f"n{nomination.pk}")


@login_required
@require_POST
def notice(request, pk):
    round_ = get_round_for_user(request.user, pk, oversee=True)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _back(round_)
    try:
        round_, warning = services.do_start_notice(round_, starts=form.cleaned_data["starts"], acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            _("Public notice from %(starts)s to %(ends)s.")
            % {"starts": round_.notice_starts.isoformat(), "ends": round_.notice_ends.isoformat()},  # type: ignore[union-attr]
        )
        if warning:
            messages.warning(request, warning)
    return _back(round_)


@login_required
@require_POST
def objection(request, pk):
    nomination = get_nomination_for_user(request.user, pk, review=True)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        try:
            services.do_record_objection(nomination, **form.cleaned_data, acting_user=request.user)
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Objection recorded."))
    return _back(nomination.round, anchor=f"n{nomination.pk}")


@login_required
@require_POST
def decide(request, pk):
    round_ = get_round_for_user(request.user, pk, oversee=True)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _back(round_)
    try:
        services.do_decide(round_, **form.cleaned_data, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Decision recorded: the honours are on the records."))
    return _back(round_)


@login_required
@require_GET
def round_document(request, pk):
    """The notice's list, or the decision's (.docx)."""
    round_ = get_round_for_user(request.user, pk, oversee=True)
    try:
        content = documents.round_list(round_)
    except DomainError as e:
        messages.error(request, e.message)
        return _back(round_)
    with transaction.atomic():
        record("commendations.document.printed", actor=request.user, target=round_, new={"document": "round_list"})
    title = _("Decision list") if round_.decided else _("Notice list")
    return docx_response(content, download_name(title, scope=round_.name, ext="docx"))


@login_required
@require_GET
def certificate(request, pk):
    """The certificate of an honour (.docx), for the committee and the nominating officers."""
    nomination = get_nomination_for_user(request.user, pk)
    try:
        content = documents.certificate(nomination)
    except DomainError as e:
        messages.error(request, e.message)
        page = reverse("commendations:organization", args=[nomination.organization_id])
        return redirect(f"{page}?round={nomination.round_id}")
    with transaction.atomic():
        record(
            "commendations.document.printed",
            actor=request.user,
            target=nomination,
            organization=nomination.organization,
            new={"document": "certificate"},
        )
    return docx_response(content, download_name(_("Certificate"), scope=str(nomination.nominee), ext="docx"))


@login_required
@require_GET
def attachment(request, pk):
    """A nomination's file, to its organization's officers and the committee: the only way out."""
    nomination = get_nomination_for_user(request.user, pk)
    if not nomination.file:
        raise Http404
    try:
        content = nomination.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return download(content, nomination.file_name, nomination.content_type)
