from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = _("Elections")

    def ready(self) -> None:
        from audit.actions import model_fields, register
        from elections.models import Election, Method, Round, Step, TermChange, TermChangeKind, TermChangeStatus

        register(
            {
                "elections.election.drafted": _("Election request drafted"),
                "elections.election.request_changed": _("Election request changed"),
                "elections.election.requested": _("Election request sent to the superior"),
                "elections.election.approved": _("Election request approved"),
                "elections.election.returned": _("Election request returned"),
                "elections.election.nominated": _("Election nominees added"),
                "elections.election.nominee_withdrawn": _("Election nominee withdrawn"),
                "elections.election.candidates_sent": _("Preliminary candidates sent for review"),
                "elections.election.candidates_approved": _("Formal candidates approved"),
                "elections.election.candidates_returned": _("Preliminary candidates returned"),
                "elections.election.round_counted": _("Election round counted"),
                "elections.election.seats_reduced": _("Election closed with fewer seats"),
                "elections.election.reported": _("Election result reported"),
                "elections.election.result_approved": _("Election result approved"),
                "elections.election.result_returned": _("Election result returned"),
                "elections.election.cancelled": _("Election cancelled"),
                "elections.document.printed": _("Election document printed"),
                "elections.term_change.requested": _("Delay or advance of an election requested"),
                "elections.term_change.decided": _("Delay or advance of an election decided"),
            },
            fields={
                **model_fields(Election, Round, TermChange),
                "round": pgettext_lazy("audit field", "Round"),
                "elected": pgettext_lazy("audit field", "Elected"),
                "seats_left": pgettext_lazy("audit field", "Seats left"),
                "nominees": pgettext_lazy("audit field", "Candidates"),
                "secretary": pgettext_lazy("audit field", "Secretary"),
                "deputies": pgettext_lazy("audit field", "Deputy secretaries"),
                "discipline": pgettext_lazy("audit field", "Discipline member"),
                "seats_before": pgettext_lazy("audit field", "Seats before"),
                "day": pgettext_lazy("audit field", "Date"),
            },
            values={
                "step": Step.choices,
                "method": Method.choices,
                "kind": TermChangeKind.choices,
                "status": TermChangeStatus.choices,
            },
        )
