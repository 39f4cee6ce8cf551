"""Clues (问题线索) and cases (案件): registering and routing a clue, overriding its routing (with a
reason), disposing of it by one of the four ways, opening a case (from a clue under preliminary
verification, or directly), its steps, its one extension and its closing with a decision.

Narratives (a clue's summary, notes, the override reason, a case's decision) are stored
encrypted (`core.crypto.encrypt`) and never written into an audit event: the events name the
record, dates, codes and bodies only. Days of a case's time limit are calendar days, as the
rule counts them (`rules.INVESTIGATION_DAYS`, `rules.EXTENSION_DAYS`)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import known_user, record
from authority.models import Body
from core import clock, validators
from core.errors import DomainError
from discipline import rules
from discipline.models import Case, CaseStep, CaseStepKind, Clue, ClueSource, Disposal, RoutingBasis
from discipline.routing import Routing, discipline_bodies, route
from members.models import Member

__all__ = [
    "Routing",
    "do_close_case",
    "do_dispose_clue",
    "do_extend_case",
    "do_open_case",
    "do_override_routing",
    "do_record_step",
    "do_register_clue",
    "record_read",
    "register_audit",
    "route",
]

# Steps recorded by hand; opening, extending and closing record their own.
MANUAL_STEPS = (CaseStepKind.INVESTIGATION, CaseStepKind.HEARING, CaseStepKind.DECIDED)
TEXT_LIMIT = validators.TEXT_MAX_LENGTH


def _check_day(day: dt.date, *, field: str, after: dt.date | None = None) -> None:
    if day > clock.today():
        raise DomainError(_("The date cannot be later than today."), field=field)
    if after and day < after:
        raise DomainError(_("The date cannot be earlier than %(day)s.") % {"day": after.isoformat()}, field=field)


def _text(value: str, *, field: str, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("This field is required."), field=field)
    if len(value) > TEXT_LIMIT:
        raise DomainError(_("The text is too long."), field=field)
    return value


def _body(body: Body | None) -> str:
    return body.name if body else ""


# -- clues --------------------------------------------------------------------------------------


def do_register_clue(
    *, member: Member, received_on: dt.date, source: str, summary: str, acting_user: User | None
) -> Clue:
    """Register a clue on `member` received on `received_on`, routed by the list in force that
    day (unrouted, and saying so, when none applies)."""
    _check_day(received_on, field="received_on")
    if source not in ClueSource.values:
        raise DomainError(_("Choose a source."), field="source")
    summary = _text(summary, field="summary", required=True)
    routing = route(member, received_on)
    with transaction.atomic():
        clue = Clue.objects.create(
            received_on=received_on,
            source=source,
            member=member,
            organization=member.organization,
            summary=summary,
            authority_list=routing.authority_list,
            basis=routing.basis,
            matter_code=routing.matter_code,
            routed_to=routing.body,
            recorded_by=known_user(acting_user),
        )
        record(
            "discipline.clue.registered",
            actor=acting_user,
            target=clue,
            organization=clue.organization,
            new={
                "received_on": received_on.isoformat(),
                "source": source,
                "basis": routing.basis,
                "matter_code": routing.matter_code,
                "routed_to": _body(routing.body),
            },
        )
    return clue


def do_override_routing(clue: Clue, *, body: Body, reason: str, acting_user: User | None) -> Clue:
    """Hand the clue to another body than the division names, for a reason (kept encrypted on
    the clue; the audit event records the change of body)."""
    reason = _text(reason, field="reason")
    if not reason:
        raise DomainError(_("Give the reason for handing the clue to another body."), field="reason")
    if not discipline_bodies(clue.received_on).filter(pk=body.pk).exists():
        raise DomainError(_("This body does not handle discipline cases."), field="body")
    if body.pk == clue.routed_to_id:
        raise DomainError(_("The clue is handled by this body already."), field="body")
    if clue.disposal and clue.disposal != Disposal.SHELVED:
        raise DomainError(_("The clue has been disposed of; its routing no longer changes."), field="body")
    old = clue.routed_to
    with transaction.atomic():
        clue.routed_to = body
        clue.override_reason = reason
        clue.save(update_fields=["routed_to", "override_reason"])
        if hasattr(clue, "case"):
            Case.objects.filter(pk=clue.case.pk).update(routed_to=body)
        record(
            "discipline.clue.rerouted",
            actor=acting_user,
            target=clue,
            organization=clue.organization,
            old={"routed_to": _body(old)},
            new={"routed_to": _body(body), "overridden": True},
        )
    return clue


def do_dispose_clue(clue: Clue, *, disposal: str, day: dt.date, note: str, acting_user: User | None) -> Clue:
    """Dispose of the clue by one of the four ways. A clue kept for later (暂存待查) may be
    disposed of again; the other three are final."""
    if disposal not in Disposal.values:
        raise DomainError(_("Choose one of the four ways of disposal."), field="disposal")
    if clue.disposal and clue.disposal != Disposal.SHELVED:
        raise DomainError(_("The clue has been disposed of already."), field="disposal")
    if disposal == clue.disposal:
        raise DomainError(_("The clue is kept for later already."), field="disposal")
    _check_day(day, field="day", after=clue.disposed_on or clue.received_on)
    note = _text(note, field="note")
    old = clue.disposal
    with transaction.atomic():
        clue.disposal, clue.disposed_on, clue.disposal_note = disposal, day, note
        clue.save(update_fields=["disposal", "disposed_on", "disposal_note"])
        record(
            "discipline.clue.disposed",
            actor=acting_user,
            target=clue,
            organization=clue.organization,
            old={"disposal": old} if old else None,
            new={"disposal": disposal, "disposed_on": day.isoformat()},
        )
    return clue


# -- cases --------------------------------------------------------------------------------------


def _days(code: str, day: dt.date, default) -> tuple[int, object]:
    rule = rules.rule_on(code, day) or default
    return int(rule.current()), rule


def do_open_case(
    *,
    opened_on: dt.date,
    clue: Clue | None = None,
    member: Member | None = None,
    note: str = "",
    acting_user: User | None,
) -> Case:
    """Open a case (立案) from a clue under preliminary verification, or directly on `member`.
    Its investigation is due `INVESTIGATION_DAYS` calendar days after it is opened."""
    if clue is not None:
        if clue.disposal != Disposal.PRELIMINARY:
            raise DomainError(_("A case is opened from a clue under preliminary verification."), field="clue")
        if Case.objects.filter(clue=clue).exists():
            raise DomainError(_("A case has been opened on this clue already."), field="clue")
        member = clue.member
        routed_to = clue.routed_to
        _check_day(opened_on, field="opened_on", after=clue.disposed_on or clue.received_on)
    else:
        if member is None:
            raise DomainError(_("Choose the person concerned."), field="member")
        _check_day(opened_on, field="opened_on")
        routed_to = route(member, opened_on).body
    note = _text(note, field="note")
    days, _rule = _days("investigation_days", opened_on, rules.INVESTIGATION_DAYS)
    with transaction.atomic():
        case = Case.objects.create(
            clue=clue,
            member=member,
            organization=clue.organization if clue else member.organization,
            routed_to=routed_to,
            opened_on=opened_on,
            due_on=opened_on + dt.timedelta(days=days),
            recorded_by=known_user(acting_user),
        )
        CaseStep.objects.create(
            case=case, kind=CaseStepKind.OPENED, date=opened_on, note=note, recorded_by=known_user(acting_user)
        )
        record(
            "discipline.case.opened",
            actor=acting_user,
            target=case,
            organization=case.organization,
            new={
                "opened_on": opened_on.isoformat(),
                "due_on": case.due_on.isoformat(),
                "routed_to": _body(routed_to),
                "from_clue": clue is not None,
            },
        )
    return case


def _check_open(case: Case) -> None:
    if case.closed_on:
        raise DomainError(_("The case is closed."))


def do_extend_case(case: Case, *, day: dt.date, reason: str, acting_user: User | None) -> Case:
    """Extend the investigation once by `EXTENSION_DAYS` calendar days, for a reason; a second
    extension is refused, citing the rule."""
    _check_open(case)
    days, rule = _days("investigation_extension_days", case.opened_on, rules.EXTENSION_DAYS)
    if case.extended_to:
        raise DomainError(
            _("The investigation has been extended once already; it may be extended only once (%(rule)s).")
            % {"rule": rule.citation},
            field="reason",
        )
    reason = _text(reason, field="reason", required=True)
    _check_day(day, field="day", after=case.opened_on)
    if day > case.due_on:  # the extension is approved within the time limit, not after it
        raise DomainError(
            _("The time limit passed on %(day)s: an extension is approved before it runs out (%(rule)s).")
            % {"day": case.due_on, "rule": rule.citation},
            field="day",
        )
    with transaction.atomic():
        case.extended_to = case.due_on + dt.timedelta(days=days)
        case.save(update_fields=["extended_to"])
        CaseStep.objects.create(
            case=case, kind=CaseStepKind.EXTENDED, date=day, note=reason, recorded_by=known_user(acting_user)
        )
        record(
            "discipline.case.extended",
            actor=acting_user,
            target=case,
            organization=case.organization,
            old={"due_on": case.due_on.isoformat()},
            new={"extended_to": case.extended_to.isoformat()},
        )
    return case


def do_record_step(case: Case, *, kind: str, day: dt.date, note: str, acting_user: User | None) -> CaseStep:
    """Record a step of the case (审查调查, 审理, 决定) on `day`."""
    _check_open(case)
    if kind not in MANUAL_STEPS:
        raise DomainError(_("Choose a step."), field="kind")
    _check_day(day, field="day", after=case.opened_on)
    note = _text(note, field="note")
    with transaction.atomic():
        step = CaseStep.objects.create(case=case, kind=kind, date=day, note=note, recorded_by=known_user(acting_user))
        record(
            "discipline.case.step",
            actor=acting_user,
            target=case,
            organization=case.organization,
            new={"step": kind, "date": day.isoformat()},
        )
    return step


def do_close_case(case: Case, *, day: dt.date, decision: str, acting_user: User | None) -> Case:
    """Close the case (结案) with its decision; the sanction it leads to is imposed apart
    (`discipline.sanctions`, with `case=`)."""
    _check_open(case)
    decision = _text(decision, field="decision", required=True)
    last = case.steps.order_by("-date").values_list("date", flat=True).first()
    _check_day(day, field="day", after=last or case.opened_on)
    with transaction.atomic():
        case.closed_on, case.decision = day, decision
        case.save(update_fields=["closed_on", "decision"])
        CaseStep.objects.create(case=case, kind=CaseStepKind.CLOSED, date=day, recorded_by=known_user(acting_user))
        record(
            "discipline.case.closed",
            actor=acting_user,
            target=case,
            organization=case.organization,
            new={"closed_on": day.isoformat(), "overdue": day > case.time_limit},
        )
    return case


# -- reads --------------------------------------------------------------------------------------


def record_read(obj: Clue | Case, *, acting_user: User) -> None:
    """Every read of a clue's or case's page is an audit event: who read which record (never its
    narrative)."""
    action = "discipline.case.read" if isinstance(obj, Case) else "discipline.clue.read"
    record(action, actor=acting_user, target=obj, organization=obj.organization)


def register_audit() -> None:
    """The labels of this module's audit actions, keys and values; called from `apps.py`."""
    from django.utils.translation import gettext_lazy

    from audit.actions import register

    register(
        {
            "discipline.clue.registered": gettext_lazy("Clue registered"),
            "discipline.clue.rerouted": gettext_lazy("Routing of a clue overridden"),
            "discipline.clue.disposed": gettext_lazy("Clue disposed of"),
            "discipline.clue.read": gettext_lazy("Clue read"),
            "discipline.case.opened": gettext_lazy("Case opened"),
            "discipline.case.extended": gettext_lazy("Investigation extended"),
            "discipline.case.step": gettext_lazy("Step of a case recorded"),
            "discipline.case.closed": gettext_lazy("Case closed"),
            "discipline.case.read": gettext_lazy("Case read"),
        },
        fields={
            "received_on": gettext_lazy("received on"),
            "source": gettext_lazy("source of the clue"),
            "basis": gettext_lazy("routing basis"),
            "matter_code": gettext_lazy("matter"),
            "routed_to": gettext_lazy("handled by"),
            "overridden": gettext_lazy("Routing overridden"),
            "disposal": gettext_lazy("disposal"),
            "disposed_on": gettext_lazy("disposed on"),
            "opened_on": gettext_lazy("opened on"),
            "due_on": gettext_lazy("investigation due on"),
            "extended_to": gettext_lazy("extended to"),
            "from_clue": gettext_lazy("Opened from a clue"),
            "step": gettext_lazy("step"),
            "date": gettext_lazy("date"),
            "closed_on": gettext_lazy("closed on"),
            "overdue": gettext_lazy("Overdue"),
        },
        values={
            "source": ClueSource.choices,
            "basis": RoutingBasis.choices,
            "disposal": Disposal.choices,
            "step": CaseStepKind.choices,
        },
    )
