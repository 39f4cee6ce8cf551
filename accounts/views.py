from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from accounts import lockout, services, twofactor
from accounts.forms import CodeForm, PasswordChangeForm, PasswordResetForm, RoleForm, UserForm
from accounts.models import LockedLoginTally, RoleAssignment, User
from accounts.roles import MANAGE_ACCOUNTS
from accounts.scope import get_for_user, require_capability, scope_paths, scope_queryset
from accounts.twofactor import verified_session_required
from audit.services import record
from core import crypto, idcard
from core.errors import DomainError
from core.forms import add_domain_error, errors_text
from core.pagination import paginate
from core.params import text_param
from core.shortcuts import render_form
from members.models import Member
from orgs.models import PartyOrganization
from orgs.queries import organization_pool


def _safe_next(request, default="/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return target if ok else default


# -- own account ------------------------------------------------------------------------------


@method_decorator(verified_session_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/form.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("workbench:home")
    extra_context = {"cancel_url": "/"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.must_change_password:
            context["intro"] = _("Your account was set up for you: choose your own password before you go on.")
        elif self.request.user.password_expired():
            context["intro"] = _("Your password has expired: choose a new one before you go on.")
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        services.do_change_own_password(self.request.user, acting_user=self.request.user)
        messages.success(self.request, _("Password changed."))
        return response


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Verify the second factor, or enrol one when the user has none yet."""
    user = request.user
    form = CodeForm(request.POST or None)
    enrolled = bool(twofactor.confirmed_devices(user))
    if enrolled:
        if request.method == "POST" and form.is_valid():
            if twofactor.throttled(user):
                # Refused unchecked while django-otp's delay runs: counted, like a locked log-in.
                lockout.count_refused(user.get_username())
                form.add_error("code", _("The code is wrong or has expired."))
            elif (device := twofactor.match(user, form.cleaned_data["code"])) is not None:
                otp_login(request, device)
                lockout.close_tally(user.get_username())
                record("accounts.two_factor.verified", actor=user, target=user)
                return redirect(_safe_next(request))
            else:
                record("accounts.two_factor.failed", actor=user, target=user)
                form.add_error("code", _("The code is wrong or has expired."))
        return render(
            request, "accounts/two_factor.html", {"form": form, "enrolled": True, "next": _safe_next(request)}
        )
    device = twofactor.pending_totp(user)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.do_confirm_totp(device, form.cleaned_data["code"], acting_user=user)
        if codes is not None:
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _safe_next(request)})
        form.add_error("code", _("The code is wrong or has expired."))
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "enrolled": False,
            # Only roles the gate holds to a second factor are told they must: for others it is a choice.
            "required": settings.REQUIRE_2FA and twofactor.needs_second_factor(user),
            "qr": twofactor.qr_data_uri(device),
            "secret": twofactor.secret_text(device),
            "next": _safe_next(request),
        },
    )


# -- account administration (committee leaders) -------------------------------------------


def _within(field: str, paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__path__startswith": path})
    return q


def _managed_users(request):
    """Accounts a leader manages (issue 15, item 6): those whose home lies in the leader's scope
    and which hold no role outside it. The home is the organization of the account's member,
    else its managing organization (where it was made), else the organizations of its roles; an
    account with none (say its organization was deleted) is managed only from the committee's
    organization. So an account without a role is not everyone's, and a leader cannot reset the
    password of someone who holds power beyond the leader's subtree."""
    paths = scope_paths(request.user, MANAGE_ACCOUNTS)
    if not paths:
        return User.objects.none()
    no_member_org = Q(member__organization__isnull=True)
    no_home = no_member_org & Q(managing_organization__isnull=True)
    home_inside = (
        _within("member__organization", paths)
        | (no_member_org & _within("managing_organization", paths))
        | (no_home & _within("role_assignments__organization", paths))
    )
    committee = PartyOrganization.objects.filter(committee__isnull=False)
    if scope_queryset(request.user, committee, capability=MANAGE_ACCOUNTS).exists():
        home_inside |= no_home & ~Q(role_assignments__organization__isnull=False)
    power_outside = (
        RoleAssignment.objects.filter(organization__isnull=False)
        .exclude(_within("organization", paths))
        .values("user_id")
    )
    return User.objects.filter(home_inside).exclude(pk__in=power_outside).distinct()


def _organization_for_new_account(request):
    """Where an account made by this leader belongs when no member is linked: the top of the
    leader's (first) scope for managing accounts."""
    paths = scope_paths(request.user, MANAGE_ACCOUNTS)
    return PartyOrganization.objects.filter(path=paths[0]).first() if paths else None


def get_managed_user(request, pk) -> User:
    try:
        return _managed_users(request).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@login_required
def user_list(request):
    require_capability(request.user, MANAGE_ACCOUNTS)
    users = _managed_users(request).prefetch_related("role_assignments__organization")
    q = text_param(request, "q")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    page, query = paginate(request, users.order_by("username"))
    return render(request, "accounts/user_list.html", {"page": page, "query": query, "q": q})


@login_required
@require_http_methods(["GET", "POST"])
@verified_session_required
def user_create(request):
    require_capability(request.user, MANAGE_ACCOUNTS)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        try:
            if number := form.cleaned_data["member_id_number"].strip():
                members = scope_queryset(request.user, Member.objects.all(), capability=MANAGE_ACCOUNTS)
                user.member = members.filter(id_number_hash=crypto.keyed_hash(idcard.normalize(number))).first()
                if user.member is None:
                    raise DomainError(_("No member with this ID number in what you manage."), field="member_id_number")
            services.do_create_user(
                user,
                password=form.cleaned_data["password"],
                organization=_organization_for_new_account(request),
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Account created. Now grant it a role."))
            return redirect("accounts:user", pk=user.pk)
    return render_form(request, form, title=_("New account"), cancel_url="accounts:users")


@login_required
@require_http_methods(["GET", "POST"])
@verified_session_required
def user_detail(request, pk):
    user = get_managed_user(request, pk)
    organizations = organization_pool(request.user, "accounts")
    form = RoleForm(request.POST or None, organizations=organizations, instance=RoleAssignment(user=user))
    if request.method == "POST" and form.is_valid():
        try:
            services.do_grant_role(form.save(commit=False), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Role granted. It takes effect on the user's next request."))
            return redirect("accounts:user", pk=user.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": user,
            "assignments": user.role_assignments.select_related("organization"),
            "form": form,
            "reset_form": PasswordResetForm(),
            "locked_tally": LockedLoginTally.objects.filter(username=user.username).first(),
        },
    )


@login_required
@require_POST
@verified_session_required
def role_revoke(request, pk):
    assignment = get_for_user(
        request.user,
        RoleAssignment.objects.select_related("user", "organization"),
        pk,
        write_capability=MANAGE_ACCOUNTS,
    )
    services.do_revoke_role(assignment, acting_user=request.user)
    messages.success(request, _("Role revoked."))
    return redirect("accounts:user", pk=assignment.user_id)


@login_required
@require_POST
@verified_session_required
def user_set_active(request, pk):
    user = get_managed_user(request, pk)
    try:
        services.do_set_active(user, active=request.POST.get("active") == "1", acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    return redirect("accounts:user", pk=user.pk)


@login_required
@require_POST
@verified_session_required
def user_reset_password(request, pk):
    user = get_managed_user(request, pk)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            services.do_reset_password(user, password=form.cleaned_data["password"], acting_user=request.user)
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Password reset. The user must change it at next login."))
    else:
        messages.error(request, errors_text(form))
    return redirect("accounts:user", pk=user.pk)
