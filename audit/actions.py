"""What an audit event's action code is called on the page and in the export.

Codes drive logic and filters; people read labels. Every app registers the labels of the codes
its services record, in its `AppConfig.ready` (audit is a low floor and imports none of them),
and `audit.tests.test_action_labels` checks that every code any service records has one. A code
without a label (an old row, a code since retired) is shown as it is."""

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from django.utils.functional import Promise
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.export import ExportKind, export_label

_LABELS: dict[str, str | Promise] = {}
# Keys of an event's old and new values, in the words of the page that changed them.
_FIELDS: dict[str, str | Promise] = {}
# Coded values of a key ("step": "talk"), by the labels of their choices.
_VALUES: dict[str, dict[str, str | Promise]] = {}
# Keys an event shows elsewhere: an export's kind is in its action's name.
_SHOWN_ELSEWHERE = {"members.exported": {"kind"}}


def register(
    labels: Mapping[str, str | Promise],
    *,
    fields: Mapping[str, str | Promise] | None = None,
    values: Mapping[str, Iterable[tuple[str, str | Promise]]] | None = None,
) -> None:
    """Name the action codes of one app and, optionally, the keys its events carry and the
    coded values of a key (its choices). A key named already keeps its first name (the audit
    app's own words come first): apps share keys."""
    _LABELS.update(labels)
    for key, label in (fields or {}).items():
        _FIELDS.setdefault(key, label)
    for key, choices in (values or {}).items():
        for value, label in choices:
            _VALUES.setdefault(key, {}).setdefault(value, label)


def model_fields(*models) -> dict[str, str | Promise]:
    """The keys of a snapshot of `models` (their field names) named as their forms name them."""
    return {f.name: capfirst(f.verbose_name) for model in models for f in model._meta.concrete_fields}


def registered() -> dict[str, str | Promise]:
    return dict(_LABELS)


def kinds(template: str, label: str | Promise, choices) -> dict[str, Promise]:
    """One label per kind of a code written as `template.format(kind)` (e.g.
    "development.step.{}"): "<label>：<the kind's label>"."""
    return {
        template.format(value): format_lazy(_("{action}: {kind}"), action=label, kind=name) for value, name in choices
    }


def action_label(code: str) -> str:
    label = _LABELS.get(code)
    return str(label) if label is not None else code


def field_label(key: str) -> str:
    label = _FIELDS.get(key)
    return str(label) if label is not None else key


# The audit app's own code, and core's (core imports no app, so it cannot register its own).
register(
    {
        "audit.exported": _("Audit trail exported"),
        "core.field_key.rotated": _("Field encryption key rotated"),
    },
    fields={
        "filters": pgettext_lazy("audit field", "Filters"),
        "rows": pgettext_lazy("audit field", "Rows"),
        "name": pgettext_lazy("audit field", "Name"),
        "code": pgettext_lazy("audit field", "Code"),
        "status": pgettext_lazy("audit field", "Status"),
        "note": pgettext_lazy("audit field", "Note"),
        "reason": pgettext_lazy("audit field", "Reason"),
        "kind": pgettext_lazy("audit field", "Kind"),
        "date": pgettext_lazy("audit field", "Date"),
        "organization": pgettext_lazy("audit field", "Organization"),
        "parent": pgettext_lazy("audit field", "Superior organization"),
        "member": pgettext_lazy("audit field", "Member"),
        "position": pgettext_lazy("audit field", "Position"),
        "revealed": pgettext_lazy("audit field", "Full ID and phone numbers"),
        "valid_from": pgettext_lazy("audit field", "From"),
        "valid_to": pgettext_lazy("audit field", "Until"),
        "file": pgettext_lazy("audit field", "File"),
        "file_sha256": pgettext_lazy("audit field", "File fingerprint (SHA-256)"),
        "applied_on": pgettext_lazy("audit field", "Application date"),
        "attempted": pgettext_lazy("audit field", "Attempted"),
        "basis": pgettext_lazy("audit field", "Basis"),
        "body": pgettext_lazy("audit field", "Body"),
        "candidate": pgettext_lazy("audit field", "Candidate"),
        "created": pgettext_lazy("audit field", "Created"),
        "updated": pgettext_lazy("audit field", "Updated"),
        "unchanged": pgettext_lazy("audit field", "Unchanged"),
        "day": pgettext_lazy("audit field", "Date"),
        "decided_by": pgettext_lazy("audit field", "Decided by"),
        "document": pgettext_lazy("audit field", "Document"),
        "dues": pgettext_lazy("audit field", "Dues paid until"),
        "effective": pgettext_lazy("audit field", "Effective date"),
        "effective_from": pgettext_lazy("audit field", "Effective date"),
        "fields": pgettext_lazy("audit field", "Fields"),
        "from": pgettext_lazy("audit field", "From"),
        "to": pgettext_lazy("audit field", "To"),
        "full_time": pgettext_lazy("audit field", "Full-time"),
        "group": pgettext_lazy("audit field", "Leadership group"),
        "is_workday": pgettext_lazy("audit field", "Working day"),
        "issuer": pgettext_lazy("audit field", "Issued by"),
        "lead_body": pgettext_lazy("audit field", "Lead body"),
        "letter": pgettext_lazy("audit field", "Letter number"),
        "locked_at": pgettext_lazy("audit field", "Locked at"),
        "matter": pgettext_lazy("audit field", "Matter"),
        "members": pgettext_lazy("audit field", "Members"),
        "months": pgettext_lazy("audit field", "Months"),
        "outcome": pgettext_lazy("audit field", "Outcome"),
        "passed": pgettext_lazy("audit field", "Passed"),
        "plan": pgettext_lazy("audit field", "Plan"),
        "planned": pgettext_lazy("audit field", "Planned"),
        "post": pgettext_lazy("audit field", "Post"),
        "rank": pgettext_lazy("audit field", "Rank"),
        "rationale": pgettext_lazy("audit field", "Rationale"),
        "refused": pgettext_lazy("audit field", "Attempts refused"),
        "replaces": pgettext_lazy("audit field", "Replaces"),
        "reversal": pgettext_lazy("audit field", "Reversal plan"),
        "role": pgettext_lazy("audit field", "Role"),
        "roles": pgettext_lazy("audit field", "Roles"),
        "seats_ended": pgettext_lazy("audit field", "Seats ended"),
        "since": pgettext_lazy("audit field", "Since"),
        "step": pgettext_lazy("audit field", "Step"),
        "superior": pgettext_lazy("audit field", "Superior organization"),
        "term_end": pgettext_lazy("audit field", "Term ends"),
        "title": pgettext_lazy("audit field", "Title"),
        "transfer": pgettext_lazy("audit field", "Transfer"),
        "username": pgettext_lazy("audit field", "User name"),
        "warning": pgettext_lazy("audit field", "Warning"),
        "year": pgettext_lazy("audit field", "Year"),
        "keys_configured": pgettext_lazy("audit field", "Keys configured"),
        "ledger": pgettext_lazy("audit field", "Ledger"),
        "based_on": pgettext_lazy("audit field", "Based on"),
        "id_number": pgettext_lazy("audit field", "ID number"),
        "q": pgettext_lazy("audit field", "Search"),
        "age": pgettext_lazy("audit field", "Age"),
        "leading_cadre": pgettext_lazy("audit field", "Leading cadre"),
        "phone": pgettext_lazy("audit field", "Phone"),
    },
)


def event_label(action: str, new: dict) -> str:
    """What an event's action is called; an export of people is named by its kind."""
    kind = new.get("kind") if action == "members.exported" and isinstance(new, dict) else None
    if isinstance(kind, str) and kind in ExportKind.values:
        return str(format_lazy(_("{kind} exported"), kind=export_label(kind)))
    return action_label(action)


def value_text(value: Any, key: str = "") -> str:
    """A stored value as a clerk reads it: codes by their labels, yes/no, lists joined, nested
    keys named."""
    if isinstance(value, str) and value in _VALUES.get(key, {}):
        return str(_VALUES[key][value])
    if key == "filters" and isinstance(value, str) and "=" in value:
        # A list's query string: the filters that were set, each by its name.
        return value_text(dict(parse_qsl(value)), key)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(pgettext_lazy("audit value", "yes") if value else pgettext_lazy("audit value", "no"))
    if isinstance(value, list | tuple):
        return "、".join(value_text(v, key) for v in value) or "—"
    if isinstance(value, dict):
        return "；".join(f"{field_label(k)}：{value_text(v, k)}" for k, v in value.items()) or "—"
    return str(value)


def _internal(key: str, value: Any) -> bool:
    """An export's `filters` that is no query string ("transfers:pocket", "roster:5:docx") is the
    code's own key for the list, which the event's name already gives (kind and part)."""
    return key == "filters" and isinstance(value, str) and "=" not in value


def changes(old: dict, new: dict, action: str = "") -> list[tuple[str, str | None, str]]:
    """(field, old value or None when there was none, new value) for each key of the event, in
    the order it was written: "字段：旧值 → 新值"."""
    old = old if isinstance(old, dict) else {"": old}
    new = new if isinstance(new, dict) else {"": new}
    hidden = _SHOWN_ELSEWHERE.get(action, set())
    keys = [k for k in [*new, *(k for k in old if k not in new)] if k not in hidden and not _internal(k, new.get(k))]
    return [
        (field_label(k), value_text(old[k], k) if k in old else None, value_text(new[k], k) if k in new else "—")
        for k in keys
    ]


def changes_text(old: dict, new: dict, action: str = "") -> str:
    """The changes on one line each, for the export."""
    return "\n".join(
        f"{label}：{before} → {after}" if before is not None else f"{label}：{after}"
        for label, before, after in changes(old, new, action)
    )
