"""The demo's democratic evaluation of members (民主评议党员): the 2026 round of 支部书记
zhibushuji's branch, recorded through the evaluation services — self and mutual assessment,
测评 counts, verdicts within the share of excellent, one member graded 不合格 (whose follow-up
to-do the next `manage.py reminders` run creates), probationary members taking part ungraded."""

import datetime as dt
import random

from accounts.models import RoleAssignment
from evaluation import services
from evaluation.models import Grade

OPENED = dt.date(2026, 10, 20)
CONCLUDED = dt.date(2026, 10, 28)


def build() -> None:
    assignment = RoleAssignment.objects.select_related("organization").filter(user__username="zhibushuji").first()
    if assignment is None or assignment.organization is None:
        return
    branch = assignment.organization
    rng = random.Random(2026)
    evaluation = services.do_open_round(
        branch, day=OPENED, meeting="支部党员大会（结合2026年度组织生活会）", acting_user=None
    )
    roll = list(evaluation.participants.select_related("member").order_by("probationary", "member__name_pinyin"))
    full = [p for p in roll if not p.probationary]
    _graded, cap = services.excellent_limit(evaluation)
    excellent = set(rng.sample(range(len(full)), min(cap or 0, max(1, len(full) // 4)))) if full else set()
    # one member graded unqualified, one basically qualified (not among the excellent)
    rest = [i for i in range(len(full)) if i not in excellent]
    unqualified = rest[-1] if len(rest) > 2 else None
    basic = rest[-2] if len(rest) > 3 else None
    voters = len(roll)
    for i, p in enumerate(roll):
        if p.probationary:
            grade = ""
        elif i in excellent:
            grade = Grade.EXCELLENT
        elif i == unqualified:
            grade = Grade.UNQUALIFIED
        elif i == basic:
            grade = Grade.BASICALLY_QUALIFIED
        else:
            grade = Grade.QUALIFIED
        votes = _votes(rng, grade, voters)
        services.do_record_evaluation(
            p,
            self_assessed=rng.random() > 0.1,
            self_assessment="",
            mutual_assessed=True,
            votes=votes,
            grade=grade,
            acting_user=None,
        )
    services.do_conclude_round(evaluation, day=CONCLUDED, meeting="", acting_user=None)


def _votes(rng: random.Random, grade: str, voters: int) -> tuple[int, int, int, int]:
    """测评 counts that lean towards the verdict the branch then gave."""
    present = max(1, voters - rng.randint(0, 2))
    lean = {
        Grade.EXCELLENT: (0.7, 0.3, 0, 0),
        Grade.BASICALLY_QUALIFIED: (0, 0.4, 0.5, 0.1),
        Grade.UNQUALIFIED: (0, 0.2, 0.3, 0.5),
    }.get(grade, (0.15, 0.8, 0.05, 0))
    counts = [int(present * share) for share in lean]
    counts[1] += present - sum(counts)
    return counts[0], counts[1], counts[2], counts[3]
