"""Operations on the authority list. Only drafts change; adoption fixes a version from its
effective date, and the version in force moves on only to a later date."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import known_user, record
from authority.models import AuthorityList, Body, ListStatus, Matter, MatterRole, RoleKind
from authority.signals import list_in_force
from core import clock
from core.errors import DomainError

MATTER_FIELDS = (
    "code",
    "name",
    "domain",
    "description",
    "division_rule",
    "basis_document",
    "basis_date",
    "basis_article",
)


def _check_draft(authority_list: AuthorityList) -> None:
    if authority_list.status != ListStatus.DRAFT:
        raise DomainError(
            _("“%(name)s” is %(status)s and can no longer be changed; please start a new draft based on it.")
            % {"name": authority_list.name, "status": authority_list.get_status_display()}
        )


def do_create_list(authority_list: AuthorityList, *, acting_user: User | None) -> AuthorityList:
    """A new draft; with `based_on`, a copy of that version's matters and roles to edit."""
    with transaction.atomic():
        authority_list.status = ListStatus.DRAFT
        authority_list.effective_from = None
        authority_list.save()
        if authority_list.based_on is not None:
            for source in authority_list.based_on.matters.prefetch_related("roles"):
                copy = Matter.objects.create(
                    authority_list=authority_list, **{f: getattr(source, f) for f in MATTER_FIELDS}
                )
                MatterRole.objects.bulk_create(
                    MatterRole(matter=copy, body_id=r.body_id, role=r.role) for r in source.roles.all()
                )
        record(
            "authority.list.created",
            actor=acting_user,
            target=authority_list,
            new={"name": authority_list.name, "based_on": authority_list.based_on_id},
        )
    return authority_list


def check_roles(roles: dict[int, str]) -> None:
    leads = [b for b, r in roles.items() if r == RoleKind.LEAD]
    if len(leads) != 1:
        raise DomainError(_("Every matter has exactly one lead body."), field="roles")


def do_save_matter(matter: Matter, *, roles: dict[int, str], acting_user: User | None) -> Matter:
    """Save a matter of a draft with its roles {body id: role}; an empty role removes the body."""
    _check_draft(matter.authority_list)
    roles = {b: r for b, r in roles.items() if r}
    check_roles(roles)
    if Matter.objects.filter(authority_list=matter.authority_list, code=matter.code).exclude(pk=matter.pk).exists():
        raise DomainError(_("This version has a matter with this code already."), field="code")
    with transaction.atomic():
        created = matter.pk is None
        old_roles = {} if created else {r.body_id: r.role for r in matter.roles.all()}
        matter.save()
        matter.roles.all().delete()
        MatterRole.objects.bulk_create(MatterRole(matter=matter, body_id=b, role=r) for b, r in roles.items())
        record(
            "authority.matter.created" if created else "authority.matter.updated",
            actor=acting_user,
            target=matter,
            old={"roles": old_roles},
            new={"roles": roles},
        )
    return matter


def do_delete_matter(matter: Matter, *, acting_user: User | None) -> None:
    _check_draft(matter.authority_list)
    with transaction.atomic():
        record("authority.matter.deleted", actor=acting_user, target=matter, old={"code": matter.code})
        matter.delete()


def do_adopt_list(authority_list: AuthorityList, *, effective_from: dt.date, acting_user: User | None) -> AuthorityList:
    """Adopt a draft from `effective_from`: every matter has exactly one lead, and the date is
    after the date of the version now in force."""
    _check_draft(authority_list)
    matters = list(authority_list.matters.prefetch_related("roles"))
    if not matters:
        raise DomainError(_("The draft has no matters yet and cannot be adopted."))
    for matter in matters:
        leads = [r for r in matter.roles.all() if r.role == RoleKind.LEAD]
        if len(leads) != 1:
            raise DomainError(
                _("Matter “%(code)s %(name)s” needs exactly one lead body.")
                % {"code": matter.code, "name": matter.name}
            )
    with transaction.atomic():
        latest = (
            AuthorityList.objects.select_for_update()
            .filter(status=ListStatus.ADOPTED)
            .order_by("-effective_from")
            .first()
        )
        if latest is not None:
            assert latest.effective_from is not None  # an adopted list has a date (adopted_list_has_date)
            if effective_from <= latest.effective_from:
                raise DomainError(
                    _("The effective date must be later than that of the version in force, “%(name)s” (%(day)s).")
                    % {"name": latest.name, "day": f"{latest.effective_from:%Y-%m-%d}"},
                    field="effective_from",
                )
        authority_list.status = ListStatus.ADOPTED
        authority_list.effective_from = effective_from
        authority_list.decided_by = known_user(acting_user)
        authority_list.decided_at = timezone.now()
        authority_list.save(update_fields=["status", "effective_from", "decided_by", "decided_at"])
        record(
            "authority.list.adopted",
            actor=acting_user,
            target=authority_list,
            new={"effective_from": effective_from.isoformat(), "replaces": latest.pk if latest else None},
        )
        if effective_from <= clock.today():
            # open work follows the new leads at once (work listens); a future date is picked up by
            # the daily reminders
            list_in_force.send(
                sender=AuthorityList, authority_list=authority_list, day=effective_from, acting_user=acting_user
            )
    return authority_list


def do_reject_list(authority_list: AuthorityList, *, reason: str, acting_user: User | None) -> AuthorityList:
    _check_draft(authority_list)
    with transaction.atomic():
        authority_list.status = ListStatus.REJECTED
        authority_list.decided_by = known_user(acting_user)
        authority_list.decided_at = timezone.now()
        authority_list.save(update_fields=["status", "decided_by", "decided_at"])
        record("authority.list.rejected", actor=acting_user, target=authority_list, reason=reason)
    return authority_list


# -- comparison -------------------------------------------------------------------------------


@dataclass
class MatterChange:
    code: str
    name: str
    fields: list[str] = field(default_factory=list)  # changed attributes other than roles
    roles: list[tuple[Body, str, str]] = field(default_factory=list)  # (body, old role, new role)


@dataclass
class Comparison:
    old: AuthorityList
    new: AuthorityList
    added: list[Matter]
    removed: list[Matter]
    changed: list[MatterChange]

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed)


def compare(old: AuthorityList, new: AuthorityList) -> Comparison:
    """Matters added, removed and changed from `old` to `new`, matched by code; role changes
    per body ("" when the body had no role)."""

    def load(lst):
        return {m.code: m for m in lst.matters.prefetch_related("roles__body")}

    before, after = load(old), load(new)
    bodies = {b.pk: b for b in Body.objects.all()}
    changed = []
    for code in sorted(set(before) & set(after)):
        a, b = before[code], after[code]
        change = MatterChange(code=code, name=b.name)
        change.fields = [f for f in MATTER_FIELDS if getattr(a, f) != getattr(b, f)]
        ra = {r.body_id: r.role for r in a.roles.all()}
        rb = {r.body_id: r.role for r in b.roles.all()}
        for body_id in sorted(set(ra) | set(rb), key=lambda pk: (bodies[pk].sort_order, pk)):
            if ra.get(body_id, "") != rb.get(body_id, ""):
                change.roles.append((bodies[body_id], ra.get(body_id, ""), rb.get(body_id, "")))
        if change.fields or change.roles:
            changed.append(change)
    return Comparison(
        old=old,
        new=new,
        added=[after[c] for c in sorted(set(after) - set(before))],
        removed=[before[c] for c in sorted(set(before) - set(after))],
        changed=changed,
    )
