import datetime as dt
from functools import lru_cache

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import clock
from core.dated import EffectiveDated
from core.periods import age_on
from core.personal import PersonalNumbers
from core.text import pinyin_full, pinyin_initials
from members.codes import ETHNICITIES, HAN
from orgs.models import PartyOrganization, Rank, _path_q


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Education(models.TextChoices):
    """The scale of 党内统计 (研究生, 大学本科, 大学专科, 中专, 高中/中技, 初中及以下). Before it,
    "high_school" meant 高中及以下: such rows stay 高中/中技 (nothing tells them apart)."""

    POSTGRADUATE = "postgraduate", _("Postgraduate")
    BACHELOR = "bachelor", _("Bachelor")
    COLLEGE = "college", _("College")
    SECONDARY = "secondary", _("Secondary vocational")
    HIGH_SCHOOL = "high_school", _("High school or technical school")
    JUNIOR = "junior", _("Junior secondary or below")


# 大专及以上: what the report counts as higher education
COLLEGE_OR_ABOVE = frozenset({Education.POSTGRADUATE, Education.BACHELOR, Education.COLLEGE})


class Degree(models.TextChoices):
    """The highest degree, told apart from education (a 大学本科 may hold no 学士)."""

    DOCTOR = "doctor", _("Doctorate")
    MASTER = "master", _("Master's degree")
    BACHELOR = "bachelor", _("Bachelor's degree")


class Occupation(models.TextChoices):
    """The occupation categories of 党内统计. Retirement is not among them: it is the dated
    `Member.retired_on`, and the report counts a member retired from that day (离退休人员),
    keeping the occupation before it."""

    WORKER = "worker", _("Workers and skilled service staff")  # 工人（工勤技能人员）
    FARMER = "farmer", _("Farmers, herdsmen and fishermen")  # 农牧渔民
    PROFESSIONAL = (
        "professional",
        _("Professional and technical staff of enterprises, institutions and social organizations"),
    )
    MANAGER = "manager", _("Managers of enterprises, institutions and social organizations")
    OFFICIAL = "official", _("Staff of party and government organs")  # 党政机关工作人员
    STUDENT = "student", _("Students")  # 学生
    OTHER = "other", _("Other occupations")  # 其他职业人员


class Category(models.TextChoices):
    FULL = "full", _("Full member")
    PROBATIONARY = "probationary", _("Probationary member")


class Status(models.TextChoices):
    ACTIVE = "active", _("On the roll")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    SUSPENDED = "suspended", _("Membership suspended")
    LEFT = "left", _("Left the party")
    DECEASED = "deceased", _("Deceased")


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Status.ACTIVE)

    def of(self, organization, day: dt.date):
        """The members of `organization` on `day` by the membership facts (the one reading of a
        roll on a date: votes, meetings, evaluations)."""
        return self.filter(pk__in=Membership.objects.as_of(day).filter(organization=organization).values("member_id"))

    def under(self, organization, day: dt.date):
        """The members of `organization` and the organizations under it on `day`."""
        held = Membership.objects.as_of(day).filter(organization__path__startswith=organization.path)
        return self.filter(pk__in=held.values("member_id"))


@lru_cache(maxsize=65536)
def _spellings(name: str) -> tuple[str, str]:
    # Names repeat (张伟…): a bulk import or the demo's million members spell each once.
    return pinyin_full(name), pinyin_initials(name)


class Member(PersonalNumbers):
    """A party member. ID and phone numbers are `PersonalNumbers` (encrypted, with keyed hashes;
    set through `set_id_number` / `set_phone`); the name through `set_name`, with its pinyin."""

    name = models.CharField(_("Name"), max_length=50)
    name_pinyin = models.CharField(max_length=200, editable=False)
    name_initials = models.CharField(max_length=50, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    # GB/T 3304 code (members.codes); "" only where an old record named none of the table's
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=ETHNICITIES, default=HAN, blank=True)
    birth_date = models.DateField(_("birth date"))
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    degree = models.CharField(_("degree"), max_length=10, choices=Degree.choices, blank=True)
    # one record per person on the member registry
    id_number_hash = models.CharField(max_length=64, unique=True, editable=False)
    join_date = models.DateField(_("date joined the party"))
    full_member_date = models.DateField(_("date of full membership"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    # The organization of record: the current one while on the roll, the last one after leaving
    # (so those who managed it can still open the record). Membership facts hold the history;
    # counts read `status` or the facts, never this field alone.
    organization = models.ForeignKey(
        PartyOrganization, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    is_leading_cadre = models.BooleanField(_("leading cadre"), default=False)
    cadre_rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices, blank=True)
    work_post = models.CharField(_("position at work"), max_length=100, blank=True)
    # "" where an old record's post said nothing a category could be read from (listed for the clerk)
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices, blank=True)
    # 离退休 from this day (inclusive): statistics count the member retired from then on
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("party member")
        indexes = [
            # pinyin search: prefix of the full spelling or of the initials
            models.Index(fields=["name_pinyin"], name="member_pinyin_idx"),
            models.Index(fields=["name_initials"], name="member_initials_idx"),
            # search by the last digits of the ID number
            models.Index(fields=["id_number_tail"], name="member_id_tail_idx"),
            # member list of a subtree: organization + status
            models.Index(fields=["organization", "status"], name="member_org_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        # A semi-join on the organizations of the subtrees rather than a join: the member list
        # can then walk its pinyin index in order, checking each row against the hashed ids.
        return Q(organization__in=PartyOrganization.objects.filter(_path_q("path", paths)).values("pk"))

    def set_name(self, value: str) -> None:
        """The name as written (trimmed), with its full pinyin and initials for search."""
        self.name = value.strip()
        self.name_pinyin, self.name_initials = _spellings(self.name)

    def age(self, today: dt.date | None = None) -> int:
        return age_on(self.birth_date, today or clock.today())


class Membership(EffectiveDated):
    """`member` belongs to `organization` from valid_from (inclusive) to valid_to (exclusive).
    A member has at most one open fact, and facts of one member never overlap."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(PartyOrganization, on_delete=models.PROTECT, related_name="memberships")
    reason = models.CharField(max_length=100, blank=True)

    class Meta(EffectiveDated.Meta):
        ordering = ["valid_from"]
        constraints = [
            *EffectiveDated.Meta.constraints,
            models.UniqueConstraint(
                fields=["member"], condition=Q(valid_to__isnull=True), name="one_current_membership"
            ),
        ]
        indexes = [
            # statistics as of a date: memberships of organizations valid at D
            models.Index(fields=["organization", "valid_from"], name="membership_org_from_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.organization} [{self.valid_from}, {self.valid_to or ''})"


class EventKind(models.TextChoices):
    """Every 党籍 event is its own kind (党章 第九条; 党员教育管理工作条例 第二十九至三十二条).
    `LEFT` is what the system recorded before the kinds were told apart: old rows keep it, no
    new event is recorded with it."""

    CONVERTED = "converted", _("Became a full member")
    DECEASED = "deceased", _("Deceased")
    EXPELLED = "expelled", _("Expelled from the party")  # 开除党籍 (a sanction writes it)
    REMOVED = "removed", _("Removed from the party")  # 除名
    LAPSED = "lapsed", _("Regarded as having left the party")  # 自行脱党
    WITHDREW = "withdrew", _("Withdrew from the party")  # 退党
    PROBATION_CANCELLED = "probation_cancelled", _("Probationary membership cancelled")  # 取消预备党员资格
    SUSPENDED = "suspended", _("Membership suspended")  # 停止党籍
    RESTORED = "restored", _("Membership restored")  # 恢复党籍
    LEFT = "left", _("Left the party")


class FlagKind(models.TextChoices):
    LOST_CONTACT = "lost_contact", _("Lost contact")  # 失联
    MOBILE = "mobile", _("Mobile member")  # 流动党员: away ≥ 6 months without transferring
    ABROAD = "abroad", _("Abroad")  # 出国（境）


class MemberEvent(models.Model):
    """A dated change of a member's category or status."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.date}"


class MemberFlag(EffectiveDated):
    """A dated fact about where a member is that does not change the roll (失联, 流动党员,
    出国（境）) from valid_from (inclusive) to valid_to (exclusive, open while it lasts). A
    flag may lead to a 党籍 event (失联 six months ⇒ 停止党籍); people decide, the system lists."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("kind"), max_length=20, choices=FlagKind.choices)
    valid_to = models.DateField(_("until"), null=True, blank=True)
    place = models.CharField(_("where"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(EffectiveDated.Meta):
        ordering = ["valid_from", "pk"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} [{self.valid_from}, {self.valid_to or ''})"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("member__organization__path", paths)


class SuspensionKind(models.TextChoices):
    # 留党察看: no right to vote, elect or stand during the period (党章 第七条; 选举工作条例 第五条)
    PROBATION_WITHIN_PARTY = "probation_within_party", _("Probation within the party")
    # 留置 or 逮捕: rights suspended (选举工作条例 第五条)
    DETAINED = "detained", _("Detained or arrested")
    # an absence the organization approved (long illness, abroad…): not counted among those who
    # should attend, rights kept (local practice)
    APPROVED_ABSENCE = "approved_absence", _("Approved absence")


# Kinds that take the rights away, not only the seat at the meeting.
RIGHTS_SUSPENDED = frozenset({SuspensionKind.PROBATION_WITHIN_PARTY, SuspensionKind.DETAINED})


class VotingSuspension(EffectiveDated):
    """A dated fact that a member does not count among 应到会有表决权的人数 from valid_from
    (inclusive) to valid_to (exclusive, open while it lasts), with its basis. Read only through
    `members.rights`: development votes, conversions and elections ask the same function."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="voting_suspensions")
    kind = models.CharField(_("kind"), max_length=30, choices=SuspensionKind.choices)
    valid_to = models.DateField(_("until"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=200)

    class Meta(EffectiveDated.Meta):
        ordering = ["valid_from", "pk"]
        indexes = [
            # entitlement on a date: suspensions of a branch's members valid at D
            models.Index(fields=["member", "valid_from"], name="voting_suspension_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} [{self.valid_from}, {self.valid_to or ''})"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("member__organization__path", paths)


class UnmappedValue(models.Model):
    """An old value the move to the code tables could not map (issue 22): the text as it was,
    kept for the clerk and shown on the member's page until the field is set. The member list
    finds such members by the field left empty ("not recorded")."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="unmapped_values")
    field = models.CharField(max_length=30)
    value = models.CharField(max_length=200)

    class Meta:
        ordering = ["member", "field"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.field}={self.value}"
