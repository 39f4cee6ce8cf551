"""An election's pages: the request drafted from the term's reminder, and the election's own page,
which shows where it stands and, to whoever may take the present step (`access.may_act`), that
step's form. Every form posts to its own view, which calls one service; a refusal re-renders the
page with the message beside the field and what was typed kept."""

import math
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import EDIT_REGISTRY, HANDLE_DISCIPLINE
from accounts.scope import may
from audit.services import record
from core import clock
from core.errors import DomainError
from core.export import docx_response, download_name
from core.forms import add_domain_error
from elections import documents, queries, rules, services, tally
from elections.access import (
    get_election_for_document,
    get_election_for_user,
    get_election_to_act,
    may_act,
    may_act_for_organization,
    may_print,
)
from elections.forms import (
    APPROVE,
    RETURN,
    CancelForm,
    CandidatesForm,
    CloseVotingForm,
    ElectionForm,
    NominateForm,
    OfficersForm,
    ReplyForm,
    RequestForm,
    ReviewForm,
    RoundForm,
    WithdrawForm,
)
from elections.models import OPEN_STEPS, SUPERIOR_STEPS, Election, Method, Nominee, Standing, Step
from members.models import Member
from members.queries import member_pool
from orgs.access import get_organization_for_user
from orgs.models import PartyOrganization, PostRole

# The steps in the order an election goes through them, each with the date it was reached.
PROGRESS: list[tuple[str, Callable[[Election], object]]] = [
    (Step.DRAFT, lambda e: None),  # the draft's day is its step's while it is drafted
    (Step.REQUESTED, lambda e: e.requested_on),
    (Step.NOMINATING, lambda e: e.replied_on),
    (Step.REVIEW, lambda e: None),  # the list's date is kept only while it is under review
    (Step.FORMAL, lambda e: e.reviewed_on),
    (Step.VOTING, lambda e: e.held_on),
    (Step.OFFICERS, lambda e: e.held_on),  # the meeting filled the seats (its last round)
    (Step.REPORTED, lambda e: e.reported_on),
    (Step.DONE, lambda e: e.approved_on),
]
ORDER = [step for step, _date in PROGRESS]


def _election_url(election: Election) -> str:
    return reverse("elections:election", args=[election.pk])


# -- starting and editing the request ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def start(request, pk):
    """Draft the request (请示) of an organization whose term is ending or has ended."""
    org = get_organization_for_user(request.user, pk)
    if not may(request.user, EDIT_REGISTRY, org):
        raise PermissionDenied
    form = ElectionForm(request.POST or None, initial={"competitive": True, "method": Method.GENERAL_MEETING})
    if request.method == "POST" and form.is_valid():
        election = form.save(commit=False)
        election.organization = org
        try:
            election = services.do_draft_election(election, acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("The election request is drafted: send it to the superior when it is ready."))
            return redirect("elections:election", pk=election.pk)
    blocked = ""
    if request.method == "GET":
        try:
            services.check_may_start(org, clock.today())
        except DomainError as e:
            blocked = e.message
    return _request_page(
        request, form, org, title=_("Start the election: %(org)s") % {"org": org.name}, blocked=blocked
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """Change the draft of the request (also after the superior returned it)."""
    election = get_election_to_act(request.user, pk)
    if election.step != Step.DRAFT:
        return _moved_on(request, election)
    form = ElectionForm(request.POST or None, instance=election)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_draft_election(form.save(commit=False), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("The draft of the request is saved."))
            return redirect("elections:election", pk=election.pk)
    return _request_page(
        request,
        form,
        election.organization,
        title=_("Edit the request: %(org)s") % {"org": election.organization.name},
        election=election,
    )


def _request_page(request, form, org: PartyOrganization, *, title: str, blocked: str = "", election=None):
    """The request's form, beside what the rules make of it: the term, the least candidates a
    competitive election needs, when a congress of delegates may elect."""
    day = clock.today()
    seats = form["seats"].value()
    try:
        seats = int(seats) if seats not in (None, "") else None
    except (TypeError, ValueError):
        seats = None
    sizes = sorted({3, 5, 7, *([seats] if seats and 0 < seats <= 99 else [])})
    competition = rules.rule_on("min_competition_percent", day)
    congress = rules.rule_on("delegate_congress_min_members", day)
    return render(
        request,
        "elections/election_form.html",
        {
            "title": title,
            "form": form,
            "org": org,
            "election": election,
            "blocked": blocked,
            "term_status": _term_status_label(org, day),
            "term_status_overdue": org.term_end is not None and org.term_end < day,
            "members": Member.objects.under(org, day).count(),
            "min_candidates": [(n, tally.min_candidates(n, day)) for n in sizes],
            "competition": competition,
            "congress": congress,
            "cancel_url": _election_url(election) if election else _organization_url(org),
        },
    )


def _organization_url(org: PartyOrganization) -> str:
    return reverse("orgs:organization", args=[org.pk])


def _term_status_label(org: PartyOrganization, day) -> str:
    if org.term_end is None:
        return _("No term recorded")
    status = queries.term_status(org.term_end, day)
    if status == queries.OVERDUE:
        return _("Term overdue")
    if status == queries.IN_TERM:
        return _("In term")
    return _("Ending within %(n)s months") % {"n": status.removeprefix("due_").removesuffix("m")}


# -- the election's page ------------------------------------------------------------------------


@login_required
@require_GET
def election_detail(request, pk):
    return _page(request, get_election_for_user(request.user, pk))


def _page(request, election: Election, bound: dict[str, forms.Form] | None = None):
    """The election's page; `bound` holds a form just posted and refused, shown in place of the
    blank one."""
    user, org = request.user, election.organization
    today = clock.today()
    nominees = list(election.nominees.select_related("member", "member__organization"))
    flags = _flags(user, election, nominees)
    for n in nominees:
        n.flags = flags.get(n.member_id, [])
        n.role_label = PostRole(n.role).label if n.role else ""
    acting = may_act(user, election)
    context = {
        "election": election,
        "org": org,
        "progress": _progress(election),
        "nominees": nominees,
        "rounds": _rounds(election),
        "documents": [(name, documents.DOCUMENTS[name]) for name in documents.available(election)]
        if may_print(request.user, election)
        else [],
        "acting": acting,
        "superior_step": election.step in SUPERIOR_STEPS,
        "may_cancel": election.is_open and may_act_for_organization(user, election),
        "decision_approve": APPROVE,
        "decision_return": RETURN,
    }
    if context["may_cancel"]:
        context["cancel_form"] = (bound or {}).get("cancel") or CancelForm()
    if acting:
        context.update(_step_forms(request, election, nominees, bound or {}, today))
    return render(request, "elections/election_detail.html", context)


def _flags(user, election: Election, nominees: list[Nominee] | None = None) -> dict[int, list[str]]:
    """What the review must see of each nominee on the election day; an admonishment is named
    only to the discipline capability."""
    if nominees is None:
        nominees = list(election.nominees.select_related("member"))
    return queries.candidate_flags(
        [n.member for n in nominees],
        election.held_on or election.planned_on,
        discreet=not may(user, HANDLE_DISCIPLINE, election.organization),
    )


def _progress(election: Election) -> list[dict]:
    """Each step with its date and whether it is passed, present or ahead (a cancelled election
    shows the dates it reached)."""
    at = ORDER.index(election.step) if election.step in ORDER else None
    rows = []
    for i, (step, date_of) in enumerate(PROGRESS):
        day = date_of(election)
        if at is None:
            state = "done" if day else "ahead"
        else:
            state = "done" if i < at or election.step == Step.DONE else "present" if i == at else "ahead"
            if state == "ahead":
                day = None
        if step == election.step:
            day = day or election.step_since
        rows.append({"label": Step(step).label, "day": day, "state": state})
    return rows


def _rounds(election: Election) -> list[dict]:
    elected_in = dict(election.nominees.filter(elected_in__isnull=False).values_list("pk", "elected_in"))
    found = []
    for round_ in election.rounds.prefetch_related("votes__nominee__member"):
        votes = sorted(round_.votes.all(), key=lambda v: (-v.votes, v.nominee.member.name))
        found.append(
            {
                "round": round_,
                "valid": round_.returned - round_.invalid,
                "needed": tally.votes_needed(round_.present, round_.held_on),
                "votes": [
                    {
                        "name": v.nominee.member.name,
                        "votes": v.votes,
                        "elected": elected_in.get(v.nominee_id) == round_.number,
                        "write_in": v.nominee.standing == Standing.WRITE_IN,
                    }
                    for v in votes
                ],
            }
        )
    return found


def _step_forms(request, election: Election, nominees: list[Nominee], bound: dict, today) -> dict:
    """The present step's forms (blank, or the one refused), with what the page says beside them."""
    step = election.step
    found: dict = {}
    if step == Step.DRAFT:
        found["request_form"] = bound.get("request") or RequestForm()
    elif step == Step.REQUESTED:
        found["reply_form"] = bound.get("reply") or ReplyForm()
    elif step == Step.NOMINATING:
        found["nominate_form"] = bound.get("nominate") or _nominate_form(request, election)
        found["candidates_form"] = bound.get("candidates") or CandidatesForm(
            nominees=election.nominees.select_related("member"),
            flags={n.member_id: n.flags for n in nominees},
            initial={"nominees": [n.pk for n in nominees if n.standing == Standing.PRELIMINARY]},
        )
        found["needed"] = _needed(election)
    elif step == Step.REVIEW:
        preliminary = election.nominees.filter(standing=Standing.PRELIMINARY).select_related("member")
        found["review_form"] = bound.get("review") or ReviewForm(
            nominees=preliminary,
            flags={n.member_id: n.flags for n in nominees},
            initial={"nominees": [n.pk for n in preliminary]},
        )
        found["needed"] = _needed(election)
    elif step in (Step.FORMAL, Step.VOTING):
        found["round_form"] = bound.get("round") or _round_form(request, election)
        found.update(_meeting_figures(election, today))
        if step == Step.VOTING:
            found["close_voting_form"] = bound.get("close_voting") or CloseVotingForm()
    elif step == Step.OFFICERS:
        found["officers_form"] = bound.get("officers") or _officers_form(election)
    elif step == Step.REPORTED:
        found["decide_form"] = bound.get("decide") or _decide_form()
    return found


def _needed(election: Election) -> str:
    if not election.competitive:
        return _("A non-competitive election has as many candidates as seats: %(n)s.") % {"n": election.seats}
    rule = rules.rule_on("min_competition_percent", election.planned_on)
    return _("%(seats)s seats: at least %(n)s candidates (%(percent)s%% more, %(source)s).") % {
        "seats": election.seats,
        "n": tally.min_candidates(election.seats, election.planned_on),
        "percent": rule.current(),
        "source": rule.source,
    }


def _meeting_figures(election: Election, today) -> dict:
    """What the count is held against: the seats left, those entitled (counted today for a
    general meeting until the first round fixes them), and the rules' quorum and majority."""
    day = election.held_on or today
    if election.entitled is not None:
        entitled, counted_on = election.entitled, election.held_on
    elif election.method == Method.GENERAL_MEETING:
        entitled, counted_on = queries.entitled(election.organization, today).count(), today
    else:
        entitled, counted_on = None, None
    quorum = rules.rule_on("election_quorum", day)
    majority = rules.rule_on("election_majority", day)
    least = math.floor(rules.share("election_quorum", day) * entitled) + 1 if entitled is not None else None
    return {
        "seats_left": services.seats_left(election),
        "ballot": services.on_ballot(election),
        "entitled": entitled,
        "entitled_on": counted_on,
        "quorum": quorum,
        "least_present": least,
        "majority": majority,
        "first_round": not election.rounds.exists(),
    }


def _nominate_form(request, election: Election, data=None) -> NominateForm:
    org = election.organization
    return NominateForm(data, members=member_pool(request.user, organization=org.pk), organization_id=org.pk)


def _round_form(request, election: Election, data=None) -> RoundForm:
    org = election.organization
    first = not election.rounds.exists()
    last = election.rounds.order_by("-number").first()
    return RoundForm(
        data,
        ballot=services.on_ballot(election),
        members=member_pool(request.user, organization=org.pk),
        organization_id=org.pk,
        delegates=first and election.method == Method.DELEGATE_CONGRESS,
        initial={"held_on": last.held_on if last else clock.today(), "other_votes": 0, "present": election.present},
    )


def _officers_form(election: Election, data=None) -> OfficersForm:
    elected = election.nominees.filter(elected_in__isnull=False).select_related("member")
    return OfficersForm(data, elected=elected, deputies=election.deputies)


def _decide_form(data=None) -> ReplyForm:
    form = ReplyForm(data)
    form.fields["day"].label = _("date of the approval")
    return form


# -- the steps ----------------------------------------------------------------------------------


def _moved_on(request, election: Election):
    """A form sent for a step the election has left (another clerk was quicker)."""
    messages.warning(
        request,
        _("This election is now at the step “%(step)s”: please look at it again.")
        % {"step": election.get_step_display()},
    )
    return redirect("elections:election", pk=election.pk)


def _decision(request, form) -> bool | None:
    """The button pressed on a superior's form: approve (True) or return (False)."""
    choice = request.POST.get("decision")
    if choice in (APPROVE, RETURN):
        return choice == APPROVE
    form.add_error(None, _("Please approve or return."))
    return None


def _act(request, pk, steps, key: str, make_form, apply, *, election=None):
    """The shape of every step: the election the user may act on, at one of `steps`; the form
    posted; one service (`apply(election, form)` returns the success message); back to the page."""
    election = election or get_election_to_act(request.user, pk)
    if election.step not in steps:
        return _moved_on(request, election)
    form = make_form(election)
    if form.is_valid():
        try:
            done = apply(election, form)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            if done:
                messages.success(request, done)
                return redirect("elections:election", pk=election.pk)
    return _page(request, election, {key: form})


@login_required
@require_POST
def send_request(request, pk):
    def apply(election, form):
        services.do_send_request(election, day=form.cleaned_data["day"], acting_user=request.user)
        return _("The request is sent to %(org)s.") % {"org": election.approving.name}

    return _act(request, pk, {Step.DRAFT}, "request", lambda e: RequestForm(request.POST), apply)


@login_required
@require_POST
def reply(request, pk):
    def apply(election, form):
        approve = _decision(request, form)
        if approve is None:
            return None
        d = form.cleaned_data
        services.do_reply_request(election, approve=approve, day=d["day"], note=d["note"], acting_user=request.user)
        if approve:
            return _("The request is approved: the organization may nominate its candidates.")
        return _("The request is returned to the organization with your remarks.")

    return _act(request, pk, {Step.REQUESTED}, "reply", lambda e: ReplyForm(request.POST), apply)


@login_required
@require_POST
def nominate(request, pk):
    def apply(election, form):
        d = form.cleaned_data
        added = services.do_nominate(election, d["members"], nominations=d["nominations"], acting_user=request.user)
        return _("Nominated: %(names)s.") % {"names": "、".join(n.member.name for n in added)}

    return _act(request, pk, {Step.NOMINATING}, "nominate", lambda e: _nominate_form(request, e, request.POST), apply)


@login_required
@require_POST
def withdraw(request, pk):
    def apply(election, form):
        nominee = form.cleaned_data["nominee"]
        services.do_withdraw_nominee(nominee, acting_user=request.user)
        return _("%(name)s is withdrawn from the nominees.") % {"name": nominee.member.name}

    election = get_election_to_act(request.user, pk)
    form = WithdrawForm(request.POST, election=election)
    if election.step == Step.NOMINATING and not form.is_valid():
        messages.error(request, _("This nominee is no longer on the list."))
        return redirect("elections:election", pk=election.pk)
    return _act(request, pk, {Step.NOMINATING}, "withdraw", lambda e: form, apply, election=election)


@login_required
@require_POST
def send_candidates(request, pk):
    def apply(election, form):
        d = form.cleaned_data
        services.do_send_candidates(election, [n.pk for n in d["nominees"]], day=d["day"], acting_user=request.user)
        return _("The preliminary list is sent to %(org)s for review.") % {"org": election.approving.name}

    def make(election):
        return CandidatesForm(
            request.POST, nominees=election.nominees.select_related("member"), flags=_flags(request.user, election)
        )

    return _act(request, pk, {Step.NOMINATING}, "candidates", make, apply)


@login_required
@require_POST
def review(request, pk):
    def apply(election, form):
        approve = _decision(request, form)
        if approve is None:
            return None
        d = form.cleaned_data
        services.do_review_candidates(
            election,
            [n.pk for n in d["nominees"]],
            approve=approve,
            day=d["day"],
            note=d["note"],
            acting_user=request.user,
        )
        if approve:
            return _("The formal candidates are approved.")
        return _("The preliminary list is returned to the organization with your remarks.")

    def make(election):
        preliminary = election.nominees.filter(standing=Standing.PRELIMINARY).select_related("member")
        return ReviewForm(request.POST, nominees=preliminary, flags=_flags(request.user, election))

    return _act(request, pk, {Step.REVIEW}, "review", make, apply)


@login_required
@require_POST
def record_round(request, pk):
    def apply(election, form):
        round_ = services.do_record_round(election, **form.counts(), acting_user=request.user)
        left = services.seats_left(election)
        elected = list(election.nominees.filter(elected_in=round_.number).select_related("member"))
        names = "、".join(n.member.name for n in elected) or _("nobody")
        if left:
            return _("Round %(n)s is counted: elected %(names)s; %(left)s seats remain for another round.") % {
                "n": round_.number,
                "names": names,
                "left": left,
            }
        return _("Round %(n)s is counted: elected %(names)s. Every seat is filled: now the secretary.") % {
            "n": round_.number,
            "names": names,
        }

    return _act(
        request, pk, {Step.FORMAL, Step.VOTING}, "round", lambda e: _round_form(request, e, request.POST), apply
    )


@login_required
@require_POST
def officers(request, pk):
    def apply(election, form):
        d = form.cleaned_data
        services.do_elect_officers(
            election,
            day=d["day"],
            secretary=d["secretary"],
            deputies=d.get("deputies") or [],
            discipline=d.get("discipline"),
            acting_user=request.user,
        )
        return _("The secretary is elected and the result is reported to %(org)s.") % {"org": election.approving.name}

    return _act(request, pk, {Step.OFFICERS}, "officers", lambda e: _officers_form(e, request.POST), apply)


@login_required
@require_POST
def decide(request, pk):
    def apply(election, form):
        approve = _decision(request, form)
        if approve is None:
            return None
        d = form.cleaned_data
        services.do_decide_result(election, approve=approve, day=d["day"], note=d["note"], acting_user=request.user)
        if approve:
            return _("The result is approved: the new committee of %(org)s is in post.") % {
                "org": election.organization.name
            }
        return _("The result is returned to the organization with your remarks.")

    return _act(request, pk, {Step.REPORTED}, "decide", lambda e: _decide_form(request.POST), apply)


@login_required
@require_POST
def cancel(request, pk):
    """The organization cancels its election, at any open step, with its reason."""
    election = get_election_for_user(request.user, pk)
    if not may_act_for_organization(request.user, election):
        raise PermissionDenied
    if not election.is_open:
        return _moved_on(request, election)

    def apply(election, form):
        services.do_cancel_election(election, note=form.cleaned_data["note"], acting_user=request.user)
        return _("The election is cancelled.")

    return _act(request, pk, OPEN_STEPS, "cancel", lambda e: CancelForm(request.POST), apply, election=election)


@login_required
@require_POST
def close_voting(request, pk):
    def apply(election, form):
        d = form.cleaned_data
        services.do_close_voting(election, day=d["day"], note=d["note"], acting_user=request.user)
        return _("No further round: the committee is those elected. The committee now elects its secretary.")

    return _act(request, pk, {Step.VOTING}, "close_voting", lambda e: CloseVotingForm(request.POST), apply)


# -- documents ----------------------------------------------------------------------------------


@login_required
@require_GET
def document(request, pk, document):
    """One of the election's documents (.docx), for the organization's and the superior's officers."""
    election = get_election_for_document(request.user, pk)
    if document not in documents.DOCUMENTS:
        raise Http404
    try:
        content = documents.render(election, document)
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("elections:election", pk=election.pk)
    with transaction.atomic():
        record(
            "elections.document.printed",
            actor=request.user,
            target=election,
            organization=election.organization,
            new={"document": document},
        )
    title = documents.DOCUMENTS[document]
    return docx_response(content, download_name(title, scope=election.organization.name, ext="docx"))
