import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import EDIT_REGISTRY, REVEAL_PERSONAL
from accounts.scope import get_for_user, has_capability, may, require_capability, scope_queryset
from core import crypto, idcard
from core.errors import DomainError
from core.export import xlsx_response
from core.forms import add_domain_error
from core.pagination import paginate
from core.shortcuts import render_form
from exchange import export
from members import services
from members.forms import MemberEventForm, MemberFilterForm, MemberForm, NewMemberForm
from members.models import Member, Status
from orgs.models import PartyOrganization

_PINYIN = re.compile(r"^[a-z]+$")


def get_member_for_user(request, pk, *, for_write: bool = False) -> Member:
    return get_for_user(
        request.user,
        Member.objects.select_related("organization"),
        pk,
        write_capability=EDIT_REGISTRY if for_write else None,
    )


def search_q(text: str, *, anywhere: bool = False) -> Q:
    """张三 → names beginning with it (or, `anywhere`, holding it); zhangsan / zs → pinyin
    prefix; 1234 → last ID digits; 18 characters → the exact ID number (through its keyed hash:
    the number itself is encrypted)."""
    text = text.strip()
    normalized = idcard.normalize(text)
    if len(normalized) == 18 and normalized[:17].isdigit():
        return Q(id_number_hash=crypto.keyed_hash(normalized))
    if re.fullmatch(r"\d{1,3}[\dX]?", normalized):
        return Q(id_number_tail__endswith=normalized)
    lowered = text.lower().replace(" ", "")
    if _PINYIN.match(lowered):
        return Q(name_pinyin__startswith=lowered) | Q(name_initials__startswith=lowered)
    return Q(name__contains=text) if anywhere else Q(name__startswith=text)


def _birth_range(band: str, today: dt.date) -> Q:
    low, _sep, high = band.partition("-")
    q = Q()
    if high:  # at most `high` years old: born after today minus (high + 1) years
        q &= Q(birth_date__gt=today.replace(year=today.year - int(high) - 1))
    if low:  # at least `low` years old
        q &= Q(birth_date__lte=today.replace(year=today.year - int(low)))
    return q


def _filtered(request):
    """The member list's filters applied to what the user may see: the page and its export
    show the same rows."""
    form = MemberFilterForm(request.GET)
    members = scope_queryset(request.user, Member.objects.select_related("organization"))
    organization = None
    if form.is_valid():
        data = form.cleaned_data
        if data["organization"]:
            organization = get_for_user(request.user, PartyOrganization.objects.all(), data["organization"])
            members = members.filter(organization__path__startswith=organization.path)
        if data["status"] != "all":
            members = members.filter(status=data["status"] or Status.ACTIVE)
        for name in ("category", "gender", "education"):
            if data[name]:
                members = members.filter(**{name: data[name]})
        if data["leading_cadre"]:
            members = members.filter(is_leading_cadre=data["leading_cadre"] == "yes")
        if data["age"]:
            members = members.filter(_birth_range(data["age"], timezone.localdate()))
        if data["q"]:
            # A search finds few rows, often all at one end of the pinyin order (张三 for "zs"):
            # sorting by an expression, not the indexed column, keeps the planner from walking
            # the whole roll in pinyin order to find them. The order is the same.
            found = members.filter(search_q(data["q"]))
            if not found.exists():  # 伟 finds 张伟: an indexed prefix search first, then anywhere
                found = members.filter(search_q(data["q"], anywhere=True))
            return form, found.order_by(Lower("name_pinyin"), "pk"), organization
    return form, members.order_by("name_pinyin", "pk"), organization


@login_required
@require_GET
def member_list(request):
    form, members, organization = _filtered(request)
    page, query = paginate(request, members, by_key=True)
    return render(
        request,
        "members/member_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "organization": organization,
            "can_create": has_capability(request.user, EDIT_REGISTRY),
        },
    )


@login_required
@require_GET
def member_export(request):
    """Exactly the filtered list, as .xlsx in the import template's columns (so it can be
    imported again). ID and phone numbers are masked unless the user may reveal them, and then
    the export is audited as a reveal of every row."""
    _form, members, _org = _filtered(request)
    reveal = has_capability(request.user, REVEAL_PERSONAL)
    content, count = export.members_xlsx(members, reveal=reveal)
    services.do_record_export(count=count, revealed=reveal, query=request.GET.urlencode(), acting_user=request.user)
    return xlsx_response(content, "members.xlsx")


@login_required
@require_GET
def member_detail(request, pk):
    member = get_member_for_user(request, pk)
    can_edit = member.organization is not None and may(request.user, EDIT_REGISTRY, member)
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "memberships": member.memberships.select_related("organization").order_by("-valid_from"),
            "events": member.events.all(),
            "transfers": member.transfers.select_related("source", "destination"),
            "posts": member.posts.select_related("organization").order_by("-valid_from"),
            "can_edit": can_edit,
            "can_reveal": may(request.user, REVEAL_PERSONAL, member),
        },
    )


@login_required
@require_POST
def member_reveal(request, pk):
    """Show the ID and phone numbers in full, once, and record that they were shown."""
    member = get_member_for_user(request, pk)
    if not may(request.user, REVEAL_PERSONAL, member):
        raise PermissionDenied
    services.do_reveal_personal_data(member, acting_user=request.user)
    return render(request, "members/member_detail.html#personal", {"member": member, "revealed": True})


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    require_capability(request.user, EDIT_REGISTRY)
    organizations = scope_queryset(request.user, PartyOrganization.objects.all(), capability=EDIT_REGISTRY)
    initial = {}
    if org_pk := request.GET.get("organization"):
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
    member = get_member_for_user(request, pk, for_write=True)
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
        request, form, title=_("Edit %(name)s") % {"name": member.name}, cancel_url=f"/members/{member.pk}/"
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_event(request, pk):
    member = get_member_for_user(request, pk, for_write=True)
    form = MemberEventForm(request.POST or None, initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_record_member_event(
                member, kind=data["kind"], day=data["day"], note=data["note"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Event recorded."))
            return redirect("members:member", pk=member.pk)
    return render_form(
        request,
        form,
        title=_("Record an event for %(name)s") % {"name": member.name},
        cancel_url=f"/members/{member.pk}/",
        intro=_("Death, suspension and leaving the party end the membership at the date given; the history is kept."),
    )
