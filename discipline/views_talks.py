"""Talks (谈话): the list (filtered by kind and year, with the user's own talks), recording,
a talk's page and its correction. Phone first: one column of fields, a list of cards.

Two ways in to record: the discipline capability records every kind with anyone in its scope
(`talk_record`); the registry's officers record appointment and reminder talks from an
organization they edit (`talk_record_org`), which the to-do of a new leader links to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import EDIT_REGISTRY
from accounts.scope import get_for_user
from core.errors import DomainError
from core.forms import add_domain_error
from core.params import id_param, int_param, text_param
from discipline import access, talks
from discipline.forms_talks import TalkEditForm, TalkForm
from discipline.models import TalkKind
from members.queries import member_pool
from orgs.models import MEMBER_HOLDING_KINDS, PartyOrganization, Post

LIST_LIMIT = 300  # rows on one page; the filters narrow further


@login_required
@require_GET
def talks_list(request):
    """The talks the user sees for their work, filtered by kind and year, and the talks held
    with the user themselves ("my talks"): every signed-in user has this page."""
    user = request.user
    visible = access.talks_for(user)
    kinds = access.visible_talk_kinds(user)
    kind = text_param(request, "kind")
    if kind not in TalkKind.values:
        kind = ""
    year = int_param(request, "year", lo=2000, hi=2100, default=0, label=_("year"))
    rows = visible
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = rows.filter(date__year=year)
    rows = list(rows[: LIST_LIMIT + 1])
    own = list(access.own_talks(user))
    return render(
        request,
        "discipline/talks/list.html",
        {
            "rows": rows[:LIST_LIMIT],
            "more": len(rows) > LIST_LIMIT,
            "own": own,
            "kind": kind,
            "year": year or "",
            "kind_choices": [(k, TalkKind(k).label) for k in TalkKind.values if k in kinds or k == kind],
            "works_on_talks": access.records_talks(user),
            "discipline": access.handles_discipline(user),
            "record_org": _own_top_organization(user),
        },
    )


def _own_top_organization(user) -> PartyOrganization | None:
    """The highest organization the user edits: where their "record a talk" button leads."""
    from accounts.scope import scope_paths

    paths = scope_paths(user, EDIT_REGISTRY)
    if not paths:
        return None
    return PartyOrganization.objects.filter(path=min(paths, key=len)).first()


def _prefill(request, members) -> dict:
    """?member= and ?post= (from a member's page or a new leader's to-do): a person or post the
    user may not choose is a 404, as if it did not exist."""
    initial: dict = {}
    member_id = id_param(request, "member")
    post = None
    if member_id is not None:
        member = members.filter(pk=member_id).first()
        if member is None:
            raise Http404
        initial["member"] = member.pk
        post_id = id_param(request, "post")
        if post_id is not None:
            post = Post.objects.filter(pk=post_id, member=member, role__in=talks.LEADER_ROLES).first()
            if post is None:
                raise Http404
            initial["kind"] = TalkKind.APPOINTMENT
    kind = text_param(request, "kind")
    if kind in TalkKind.values and "kind" not in initial:
        initial["kind"] = kind
    return {"initial": initial, "post": post}


def _posted_post(request, member) -> Post | None:
    """The post an appointment talk answers (a hidden field carried from the to-do's link)."""
    post_id = id_param(request, "post")
    if post_id is None or member is None:
        return None
    return Post.objects.filter(pk=post_id, member=member, role__in=talks.LEADER_ROLES).first()


def _record(request, *, kinds, members, organization_id, cancel_url):
    prefill = _prefill(request, members)
    form = TalkForm(
        request.POST or None,
        initial=prefill["initial"],
        kinds=kinds,
        members=members,
        organization_id=organization_id,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        post = _posted_post(request, d["member"]) if d["kind"] == TalkKind.APPOINTMENT else None
        try:
            talk = talks.do_record_talk(
                kind=d["kind"],
                member=d["member"],
                date=d["date"],
                talker=d["talker"],
                gist=d["gist"],
                follow_up=d["follow_up"],
                post=post,
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Talk recorded."))
            return redirect("discipline:talk", pk=talk.pk)
    return render(
        request,
        "discipline/talks/form.html",
        {
            "form": form,
            "title": _("Record a talk"),
            "cancel_url": cancel_url,
            "post": prefill["post"],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def talk_record(request):
    """The discipline capability records any kind of talk with a member in its scope."""
    access.require_discipline(request.user)
    members = access.members_in_scope(request.user, member_pool(request.user))
    return _record(
        request,
        kinds=list(TalkKind.values),
        members=members,
        organization_id=None,
        cancel_url=reverse("discipline:talks"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def talk_record_org(request, pk):
    """An officer records an appointment or reminder talk with a member of an organization
    they edit (the kinds they may record with that member are checked when it is saved)."""
    org = get_for_user(request.user, PartyOrganization.objects.all(), pk, write_capability=EDIT_REGISTRY)
    kinds = access.talk_kinds_for(request.user, org)
    if org.kind not in MEMBER_HOLDING_KINDS and TalkKind.APPOINTMENT not in kinds:
        kinds = [TalkKind.APPOINTMENT, *kinds]  # with the members of the organizations below
    members = member_pool(request.user, organization=org.pk)
    return _record(
        request,
        kinds=[k for k in TalkKind.values if k in kinds],
        members=members,
        organization_id=org.pk,
        cancel_url=reverse("discipline:talks"),
    )


@login_required
@require_GET
def talk_detail(request, pk):
    talk = access.get_talk_for_user(request.user, pk)
    return render(request, "discipline/talks/detail.html", {"talk": talk})


@login_required
@require_http_methods(["GET", "POST"])
def talk_edit(request, pk):
    talk = access.get_talk_for_user(request.user, pk)
    initial = {"date": talk.date, "talker": talk.talker, "gist": talk.gist, "follow_up": talk.follow_up}
    form = TalkEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            talks.do_update_talk(
                talk,
                date=d["date"],
                talker=d["talker"],
                gist=d["gist"],
                follow_up=d["follow_up"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Talk corrected."))
            return redirect("discipline:talk", pk=talk.pk)
    return render(
        request,
        "discipline/talks/form.html",
        {
            "form": form,
            "talk": talk,
            "title": _("Correct the talk"),
            "cancel_url": reverse("discipline:talk", args=[talk.pk]),
        },
    )
