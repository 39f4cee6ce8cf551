from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import EDIT_REGISTRY, REVEAL_PERSONAL, VIEW_REGISTRY
from accounts.scope import get_for_user, has_capability, may, require_capability, scope_queryset
from core import clock
from core.errors import DomainError
from core.forms import add_domain_error
from core.pagination import paginate
from core.params import id_param, text_param
from core.shortcuts import render_form
from exchange import lists
from exchange.queries import recent_exports
from members import services, standing
from members.access import get_absence_to_end, get_flag_to_end, get_member_for_user, get_member_to_reveal
from members.forms import (
    EndFlagForm,
    EndSuspensionForm,
    FlagFilterForm,
    FlagForm,
    MemberEventForm,
    MemberForm,
    NewMemberForm,
    VotingSuspensionForm,
)
from members.models import EventKind, FlagKind, Member
from members.queries import filtered, flags_of, is_id_tail, member_pool, open_flags, search_members
from orgs.access import get_organization_for_user
from orgs.forms import member_label
from orgs.queries import editable_organizations


@login_required
@require_GET
def member_list(request):
    form, members, organization = filtered(request.user, request.GET)
    page, query = paginate(request, members, by_key=True)
    flagged = flags_of([m.pk for m in page.object_list], clock.today())
    for m in page.object_list:
        m.open_flags = flagged.get(m.pk, [])
    return render(
        request,
        "members/member_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "organization": organization,
            "can_create": has_capability(request.user, EDIT_REGISTRY),
            # long exports written in the background: where to come back for them
            "exports": recent_exports(request.user),
        },
    )


@login_required
@require_GET
def member_export(request):
    """Exactly the filtered list, as .xlsx in the import template's columns (so it can be
    imported again). ID and phone numbers are masked unless the user may reveal them, and then
    the export is audited as a reveal of every row."""
    _form, members, organization = filtered(request.user, request.GET)
    return lists.members_response(
        members, query=request.GET.urlencode(), acting_user=request.user, organization=organization
    )


@login_required
@require_GET
def member_detail(request, pk):
    member = get_member_for_user(request.user, pk)
    can_edit = member.organization is not None and may(request.user, EDIT_REGISTRY, member)
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "memberships": member.memberships.select_related("organization").order_by("-valid_from"),
            "events": [(e, standing.event_label(e.kind)) for e in member.events.all()],
            "flags": [(f, standing.flag_warning(f, clock.today())) for f in member.flags.all()],
            "suspensions": member.voting_suspensions.all(),
            "transfers": member.transfers.select_related("source", "destination"),
            # A member sees their own record, not their transfers' pages: those are linked only
            # for whoever may open them.
            "visible_transfers": set(scope_queryset(request.user, member.transfers.all()).values_list("pk", flat=True)),
            "posts": member.posts.select_related("organization").order_by("-valid_from"),
            "can_edit": can_edit,
            "can_reveal": may(request.user, REVEAL_PERSONAL, member),
            "retired": member.retired_on is not None and member.retired_on <= clock.today(),
            "organization_url": _organization_url(request.user, member),
        },
    )


def _organization_url(user, member: Member) -> str:
    """Where the member's organization links to for this user: its page for those who see the
    registry there, the member's own-branch page for the member themselves, nothing otherwise
    (a link that answers 404 is worse than none)."""
    org = member.organization
    if org is None:
        return ""
    if may(user, VIEW_REGISTRY, org):
        return reverse("orgs:organization", args=[org.pk])
    if user.member_id == member.pk:
        return reverse("orgs:mine")
    return ""


@login_required
@require_POST
def member_reveal(request, pk):
    """Show the ID and phone numbers in full, once, and record that they were shown."""
    member = get_member_to_reveal(request.user, pk)
    services.do_reveal_personal_data(member, acting_user=request.user)
    return render(request, "members/member_detail.html#personal", {"member": member, "revealed": True})


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    require_capability(request.user, EDIT_REGISTRY)
    organizations = editable_organizations(request.user)
    initial = {}
    if org_pk := id_param(request, "organization"):
        initial["organization"] = get_for_user(request.user, organizations, org_pk)
    form = NewMemberForm(request.POST or None, initial=initial, organizations=organizations, instance=Member())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.do_create_member(
                form.save(commit=False),
                id_number=data["id_number"],
                phone=data["phone"],
                organization=data["organization"],
                since=data["since"] or data["join_date"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Member registered."))
            return redirect("members:member", pk=member.pk)
    return render_form(request, form, title=_("Register a party member"), cancel_url="members:list")


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = get_member_for_user(request.user, pk, for_write=True)
    form = MemberForm(request.POST or None, instance=member, editing=True)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        try:
            services.do_update_member(
                form.save(commit=False),
                id_number=form.cleaned_data["id_number"] or None,
                phone="" if phone == "-" else (phone or None),
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Member saved."))
            return redirect("members:member", pk=member.pk)
    return render_form(
        request,
        form,
        title=_("Edit %(name)s") % {"name": member.name},
        cancel_url=reverse("members:member", args=[member.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def voting_suspension(request, pk):
    """Record that a member does not count among those entitled to vote: 留党察看 or detention
    (rights suspended), or an absence the organization approved (seat only)."""
    member = get_member_for_user(request.user, pk, for_write=True)
    form = VotingSuspensionForm(request.POST or None, initial={"valid_from": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_record_voting_suspension(
                member,
                kind=data["kind"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                basis=data["basis"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Recorded."))
            return redirect("members:member", pk=member.pk)
    return render_form(
        request,
        form,
        title=_("Not counted among those entitled to vote: %(name)s") % {"name": member.name},
        cancel_url=reverse("members:member", args=[member.pk]),
        intro=_(
            "Votes of the branch general meeting count the full members who should attend and have the vote. "
            "Members under probation within the party or detained have no vote and cannot sponsor; an absence "
            "the organization approved only leaves them out of the count."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def voting_suspension_end(request, pk):
    """End an approved absence: the member counts among those entitled to vote again."""
    suspension = get_absence_to_end(request.user, pk)
    member = suspension.member
    form = EndSuspensionForm(request.POST or None, initial={"day": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_end_voting_suspension(suspension, day=form.cleaned_data["day"], acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Recorded."))
            return redirect("members:member", pk=member.pk)
    return render_form(
        request,
        form,
        title=_("Counted in votes again: %(name)s") % {"name": member.name},
        cancel_url=reverse("members:member", args=[member.pk]),
        intro=suspension.basis,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_event(request, pk):
    """Record a 党籍 event: the kinds an officer may record for this member, each with its
    conditions and their source (`?kind=` preselects one, e.g. 自行脱党 from the attention list
    of organizational life). 开除党籍 is the discipline decision's; the old "left" is no more."""
    member = get_member_for_user(request.user, pk, for_write=True)
    kinds = standing.offered_kinds(member)
    wanted = text_param(request, "kind", max_length=30)
    initial = {"day": clock.today(), **({"kind": wanted} if wanted in kinds else {})}
    form = MemberEventForm(
        request.POST or None, initial=initial, kinds=kinds, organizations=editable_organizations(request.user)
    )
    if request.method == "POST" and kinds and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_record_member_event(
                member,
                kind=data["kind"],
                day=data["day"],
                note=data["note"],
                organization=data.get("organization"),
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Event recorded."))
            return redirect("members:member", pk=member.pk)
    conditions = standing.conditions()
    return render(
        request,
        "members/member_event.html",
        {
            "member": member,
            "form": form,
            "kinds": [(EventKind(k).label, conditions[k]) for k in kinds],
            "flags": [(f, standing.flag_warning(f, clock.today())) for f in member.flags.as_of(clock.today())],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_create(request, pk):
    """Record that a member is out of contact, a 流动党员 or abroad: a flag, never a change of
    the roll."""
    member = get_member_for_user(request.user, pk, for_write=True)
    form = FlagForm(request.POST or None, initial={"valid_from": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_record_flag(
                member,
                kind=data["kind"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                place=data["place"],
                note=data["note"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Recorded."))
            return redirect("members:member", pk=member.pk)
    return render_form(
        request,
        form,
        title=_("Out of contact, away or abroad: %(name)s") % {"name": member.name},
        cancel_url=reverse("members:member", args=[member.pk]),
        intro=" ".join(f"{FlagKind(kind).label}：{text}" for kind, text in standing.FLAG_HELP.items()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_end(request, pk):
    """End a flag: back in contact, returned."""
    flag = get_flag_to_end(request.user, pk)
    member = flag.member
    form = EndFlagForm(request.POST or None, initial={"day": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_end_flag(flag, day=form.cleaned_data["day"], acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Recorded."))
            return redirect("members:member", pk=member.pk)
    return render_form(
        request,
        form,
        title=_("%(flag)s ended: %(name)s") % {"flag": flag.get_kind_display(), "name": member.name},
        cancel_url=reverse("members:member", args=[member.pk]),
        intro=_("Since %(day)s%(place)s.") % {"day": flag.valid_from, "place": f"，{flag.place}" if flag.place else ""},
    )


@login_required
@require_GET
def flags(request):
    """The members out of contact, away or abroad today, in the user's scope (an organization's
    subtree, a kind), with what each rule asks people to consider: the branch secretary's list."""
    form = FlagFilterForm(request.GET)
    organization, kind = None, ""
    if form.is_valid():
        if form.cleaned_data["organization"]:
            organization = get_organization_for_user(request.user, form.cleaned_data["organization"])
        kind = form.cleaned_data["kind"]
    day = clock.today()
    rows = [
        (f, standing.flag_warning(f, day)) for f in open_flags(request.user, day, organization=organization, kind=kind)
    ]
    return render(
        request,
        "members/flags.html",
        {"form": form, "rows": rows, "organization": organization, "day": day},
    )


@login_required
@require_GET
def member_pick(request):
    """The member picker's options for what was typed (an HTML fragment for HTMX): only members
    on the roll within the user's scope, narrowed to an organization's subtree or a unit."""
    pool = member_pool(
        request.user,
        organization=id_param(request, "organization"),
        unit=id_param(request, "unit"),
        full=text_param(request, "full", max_length=1) == "1",
    )
    query = text_param(request, "q", max_length=50)
    found, more = search_members(pool, query)
    options = [
        {
            "value": m.pk,
            "label": member_label(m),
            "name": m.name,
            "detail": _("born %(year)s · %(branch)s") % {"year": m.birth_date.year, "branch": m.organization}
            + (f" · …{m.id_number_tail}" if is_id_tail(query) else ""),
        }
        for m in found
    ]
    return render(request, "core/picker_options.html", {"options": options, "query": query, "more": more})
