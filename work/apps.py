from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkConfig(AppConfig):
    name = "work"
    verbose_name = _("To-do")

    def ready(self) -> None:
        from audit.actions import kinds, register
        from work.models import ItemKind

        register(
            {
                "work.item.created": _("To-do item created"),
                "work.item.commented": _("To-do item commented"),
                "work.item.closed": _("To-do item done"),
                "work.item.rerouted": _("To-do item passed to another body"),
                "work.appointment.approved": _("Appointment approved"),
                "work.appointment.rejected": _("Appointment rejected"),
                **kinds("work.reminder.{}", _("Reminder"), ItemKind.choices),
            },
            fields={"due": pgettext_lazy("audit field", "Due by")},
            values={"kind": ItemKind.choices},
        )

        from authority.signals import list_in_force
        from work.services import follow_list_in_force

        # Open items follow the leads of a version of the authority list as soon as it is in force.
        list_in_force.connect(follow_list_in_force, dispatch_uid="work.follow_list_in_force")

        from evaluation.signals import follow_up_recorded
        from work.services import close_evaluation_follow_up

        # Recording the follow-up of an unqualified member closes its to-do, in the same transaction.
        follow_up_recorded.connect(close_evaluation_follow_up, dispatch_uid="work.close_evaluation_follow_up")

        from discipline.signals import talk_recorded
        from orgs.signals import posts_started
        from work.services import ask_for_new_leader_talks, close_new_leader_talk

        # A new secretary or deputy secretary asks the committee for a talk; recording the
        # appointment talk closes that to-do, in the same transaction.
        posts_started.connect(ask_for_new_leader_talks, dispatch_uid="work.ask_for_new_leader_talks")
        talk_recorded.connect(close_new_leader_talk, dispatch_uid="work.close_new_leader_talk")

        from orgs.signals import term_started
        from work.services import close_term_reminders

        # A renewed term (an election's result) or a moved end closes the old term's reminders.
        term_started.connect(close_term_reminders, dispatch_uid="work.close_term_reminders")

        from dues.signals import payments_recorded
        from work.arrears import close_settled

        # Recording a member's overdue dues closes their arrears to-dos, in the same transaction.
        payments_recorded.connect(close_settled, dispatch_uid="work.close_settled_arrears")
