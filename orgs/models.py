import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from core import clock
from core.dated import EffectiveDated


class UnitLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    MUNICIPAL = "municipal", _("Municipal")
    DISTRICT = "district", _("District")


class UnitType(models.TextChoices):
    """The unit types of 党内统计, which a category of units maps to."""

    ORGAN = "organ", _("Organ")  # 机关
    INSTITUTION = "institution", _("Public institution")  # 事业单位
    ENTERPRISE = "enterprise", _("Enterprise")  # 企业
    SOCIAL = "social", _("Social organization")  # 社会组织


# What a category's name says of its units' type (the import creates categories by name; the
# migration that brought unit types in read the old ones the same way). Anything else is 机关.
_TYPE_WORDS = (
    ("民办非企业", UnitType.SOCIAL),
    ("事业", UnitType.INSTITUTION),
    ("企业", UnitType.ENTERPRISE),
    ("公司", UnitType.ENTERPRISE),
    ("社会组织", UnitType.SOCIAL),
    ("社会团体", UnitType.SOCIAL),
    ("基金会", UnitType.SOCIAL),
)


def unit_type_for(category_name: str) -> str:
    return next((t for word, t in _TYPE_WORDS if word in category_name), UnitType.ORGAN)


class UnitCategory(models.Model):
    """Organ categories (党委工作机关, 政府工作部门, ...): configurable, not an enumeration."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    unit_type = models.CharField(
        _("unit type in statistics"), max_length=20, choices=UnitType.choices, default=UnitType.ORGAN
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("unit category")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A department or unit (单位) whose party organizations the committee leads."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(_("code"), max_length=30, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=UnitLevel.choices)
    category = models.ForeignKey(UnitCategory, on_delete=models.PROTECT, verbose_name=_("category"))
    established = models.DateField(_("established"), null=True, blank=True)
    abolished = models.DateField(_("abolished"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        in_scope = PartyOrganization.objects.filter(_path_q("path", paths)).values("unit_id")
        return Q(pk__in=in_scope)


class StaffingLine(models.Model):
    """A unit's establishment (编制) and actual staff for one post."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="staffing")
    post = models.CharField(_("post"), max_length=50)
    establishment = models.PositiveIntegerField(_("establishment"))
    actual = models.PositiveIntegerField(_("actual staff"))

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "post"], name="staffing_unit_post_unique")]

    def __str__(self) -> str:
        return f"{self.unit} {self.post}"

    @property
    def over(self) -> int:
        return self.actual - self.establishment


class OrgKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    WORKING_COMMITTEE = "working_committee", _("Working committee")
    ORGAN_PARTY_COMMITTEE = "organ_party_committee", _("Organ party committee")
    GENERAL_BRANCH = "general_branch", _("General branch")
    BRANCH = "branch", _("Branch")
    TEMPORARY_BRANCH = "temporary_branch", _("Temporary branch")
    DISCIPLINE_COMMITTEE = "discipline_committee", _("Discipline committee")


# Which kinds may lead which (领导/隶属关系). Branches lead no organization (party groups are
# not organizations); a general branch leads only branches (支部工作条例 第五条).
CAN_LEAD: dict[str, frozenset[str]] = {
    OrgKind.PARTY_COMMITTEE: frozenset(
        {
            OrgKind.PARTY_COMMITTEE,
            OrgKind.WORKING_COMMITTEE,
            OrgKind.ORGAN_PARTY_COMMITTEE,
            OrgKind.GENERAL_BRANCH,
            OrgKind.BRANCH,
            OrgKind.TEMPORARY_BRANCH,
            OrgKind.DISCIPLINE_COMMITTEE,
        }
    ),
    OrgKind.WORKING_COMMITTEE: frozenset(
        {
            OrgKind.PARTY_COMMITTEE,
            OrgKind.ORGAN_PARTY_COMMITTEE,
            OrgKind.GENERAL_BRANCH,
            OrgKind.BRANCH,
            OrgKind.TEMPORARY_BRANCH,
            OrgKind.DISCIPLINE_COMMITTEE,
        }
    ),
    OrgKind.ORGAN_PARTY_COMMITTEE: frozenset(
        {OrgKind.GENERAL_BRANCH, OrgKind.BRANCH, OrgKind.TEMPORARY_BRANCH, OrgKind.DISCIPLINE_COMMITTEE}
    ),
    OrgKind.GENERAL_BRANCH: frozenset({OrgKind.BRANCH, OrgKind.TEMPORARY_BRANCH}),
    OrgKind.BRANCH: frozenset(),
    OrgKind.TEMPORARY_BRANCH: frozenset(),
    OrgKind.DISCIPLINE_COMMITTEE: frozenset(),
}

# Kinds whose members sit in them directly (组织关系 is kept in a branch).
MEMBER_HOLDING_KINDS = frozenset({OrgKind.BRANCH, OrgKind.TEMPORARY_BRANCH})


def _path_q(field: str, paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


class PartyOrganization(MP_Node):
    """A node of the organization tree. The tree answers "now"; SuperiorFact answers "as of"."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrgKind.choices)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("unit")
    )
    founded = models.DateField(_("founded"))
    dissolved = models.DateField(_("dissolved"), null=True, blank=True)
    # Set by orgs.services from orgs.rules (the set in force when the term starts); empty for
    # kinds without a term: the working committee (appointed) and temporary branches.
    term_years = models.PositiveSmallIntegerField(_("term length (years)"), null=True, blank=True)
    term_start = models.DateField(_("current term start"), null=True, blank=True)
    term_end = models.DateField(_("current term end"), null=True, blank=True)

    steplen = 4

    if TYPE_CHECKING:
        # treebeard has no type information, so the stubs plugin cannot see MP_NodeManager and
        # leaves the reverse managers (Unit.organizations) unresolved; name the default manager.
        _default_manager: ClassVar[models.Manager["PartyOrganization"]]

    class Meta:
        verbose_name = _("party organization")
        indexes = [
            # the organization search box: name contains / code
            models.Index(fields=["kind"], name="org_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("path", paths)

    def get_absolute_url(self) -> str:
        return reverse("orgs:organization", args=[self.pk])

    def term_expired(self, today: dt.date | None = None) -> bool:
        return self.term_end is not None and self.term_end < (today or clock.today())

    @property
    def holds_members(self) -> bool:
        return self.kind in MEMBER_HOLDING_KINDS


class SuperiorFact(EffectiveDated):
    """`organization` is led by `superior` from valid_from (inclusive) to valid_to (exclusive)."""

    organization = models.ForeignKey(PartyOrganization, on_delete=models.CASCADE, related_name="superior_facts")
    superior = models.ForeignKey(
        PartyOrganization, null=True, on_delete=models.PROTECT, related_name="subordinate_facts"
    )

    class Meta(EffectiveDated.Meta):
        constraints = [
            *EffectiveDated.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization"], condition=Q(valid_to__isnull=True), name="one_current_superior"
            ),
        ]
        indexes = [
            # as-of walks: children of a superior valid at a date (reports.stats recursive query)
            models.Index(fields=["superior", "valid_from"], name="superior_fact_superior_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ← {self.superior} [{self.valid_from}, {self.valid_to or ''})"


class WorkingBody(models.Model):
    """A working body (工作机构) of an organ party committee, e.g. 机关党委办公室."""

    organization = models.ForeignKey(PartyOrganization, on_delete=models.CASCADE, related_name="working_bodies")
    name = models.CharField(_("name"), max_length=100)
    established = models.DateField(_("established"))
    abolished = models.DateField(_("abolished"), null=True, blank=True)

    class Meta:
        ordering = ["established", "pk"]
        verbose_name = _("working body")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


class PostRole(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    DISCIPLINE_MEMBER = "discipline_member", _("Discipline member")
    STAFF = "staff", _("Party affairs staff")


class Rank(models.TextChoices):
    DIVISION = "division", _("Division level")
    DEPUTY_DIVISION = "deputy_division", _("Deputy division level")
    SECTION = "section", _("Section level")
    DEPUTY_SECTION = "deputy_section", _("Deputy section level")
    CLERK = "clerk", _("Clerk")


class Post(EffectiveDated):
    """A member holds `role` in `organization` from valid_from to valid_to (exclusive)."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="posts")
    organization = models.ForeignKey(PartyOrganization, on_delete=models.CASCADE, related_name="posts")
    role = models.CharField(_("post"), max_length=30, choices=PostRole.choices)
    full_time = models.BooleanField(_("full-time"), default=False)
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices, blank=True)

    class Meta(EffectiveDated.Meta):
        ordering = ["organization", "role", "valid_from"]
        indexes = [
            # statistics: full-time posts of a kind valid at a date
            models.Index(fields=["role", "full_time"], name="post_role_fulltime_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_role_display()} {self.member}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


class WorkingCommittee(models.Model):
    """The organs working committee (机关工委) as an office: its sections and staff."""

    organization = models.OneToOneField(PartyOrganization, on_delete=models.PROTECT, related_name="committee")
    name = models.CharField(_("name"), max_length=100)

    def __str__(self) -> str:
        return self.name


class SectionKind(models.TextChoices):
    OFFICE = "office", _("Office")
    ORGANIZATION = "organization", _("Organization section")
    PROPAGANDA = "propaganda", _("Propaganda and education section")
    DISCIPLINE = "discipline", _("Discipline office")
    PLAQUE = "plaque", _("Additional plaque")


class Section(models.Model):
    committee = models.ForeignKey(WorkingCommittee, on_delete=models.CASCADE, related_name="sections")
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=SectionKind.choices)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.name


class StaffPost(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    DISCIPLINE_SECRETARY = "discipline_secretary", _("Discipline working committee secretary")
    SECTION_CHIEF = "section_chief", _("Section chief or deputy")
    PRINCIPAL_STAFF = "principal_staff", _("Principal or deputy principal staff member")
    SUPPORT = "support", _("Support worker")


class CommitteeEstablishment(models.Model):
    """Approved establishment (编制) of the committee, by post. Over/under is computed."""

    committee = models.ForeignKey(WorkingCommittee, on_delete=models.CASCADE, related_name="establishment")
    post = models.CharField(_("post"), max_length=30, choices=StaffPost.choices)
    count = models.PositiveIntegerField(_("establishment"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "post"], name="committee_establishment_unique")]

    def __str__(self) -> str:
        return f"{self.get_post_display()} {self.count}"


class CommitteeStaffer(EffectiveDated):
    """A person on the committee's staff from valid_from to valid_to (exclusive)."""

    committee = models.ForeignKey(WorkingCommittee, on_delete=models.CASCADE, related_name="staff")
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=30, choices=StaffPost.choices)
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff")

    class Meta(EffectiveDated.Meta):
        ordering = ["post", "valid_from"]

    def __str__(self) -> str:
        return self.name


# -- leadership groups (党组 / 党委 / 领导班子) of units ------------------------------------------


class GroupKind(models.TextChoices):
    PARTY_GROUP = "party_group", _("Party group")  # 党组
    PARTY_COMMITTEE = "party_committee", _("Unit party committee")  # 党委, units led by a party committee
    LEADERSHIP_TEAM = "leadership_team", _("Leadership team")  # 领导班子


def _unit_scope_q(field: str, paths: list[str]) -> Q:
    """Rows of units that have an organization in one of the subtrees (as Unit.scope_q)."""
    return Q(**{f"{field}__in": PartyOrganization.objects.filter(_path_q("path", paths)).values("unit_id")})


class LeadershipGroup(EffectiveDated):
    """A unit's leadership group from valid_from (inclusive) to valid_to (exclusive). A unit has
    at most one group on any day; a new one (e.g. a 领导班子 becoming a 党组) closes the old one.
    Not a party organization: it has no members on the roll and no dues (2019 条例 第三十五、
    三十七条 give it the review of the unit's admissions and the 主体责任)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="leadership_groups", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=100)

    class Meta(EffectiveDated.Meta):
        ordering = ["unit", "valid_from"]
        verbose_name = _("leadership group")
        constraints = [
            *EffectiveDated.Meta.constraints,
            models.UniqueConstraint(fields=["unit"], condition=Q(valid_to__isnull=True), name="one_current_group"),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _unit_scope_q("unit_id", paths)


class GroupPost(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")  # 书记
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")  # 副书记
    COMMITTEE_MEMBER = "committee_member", _("Committee member")  # 委员 (of a 党委)
    MEMBER = "member", _("Group member")  # 成员 (of a 党组 or 领导班子)


class GroupMember(EffectiveDated):
    """A seat in a leadership group from valid_from to valid_to (exclusive). `member` links the
    person's record when they are on our roll; `name` is kept either way (a 党组 member may hold
    their membership outside the committee's tree)."""

    group = models.ForeignKey(LeadershipGroup, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="group_seats"
    )
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=20, choices=GroupPost.choices)
    title = models.CharField(_("position in the unit"), max_length=50, blank=True)  # 局长, 副局长…

    class Meta(EffectiveDated.Meta):
        ordering = ["post", "valid_from", "pk"]
        verbose_name = _("leadership group member")
        constraints = [
            *EffectiveDated.Meta.constraints,
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(valid_to__isnull=True, post="secretary"),
                name="one_current_group_secretary",
            ),
            models.UniqueConstraint(
                fields=["group", "member"],
                condition=Q(valid_to__isnull=True, member__isnull=False),
                name="one_current_seat_per_member",
            ),
        ]
        indexes = [
            # the 党组 review (development): seats of a group valid at a date
            models.Index(fields=["group", "valid_from"], name="group_member_group_from_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.get_post_display()} {self.name}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _unit_scope_q("group__unit_id", paths)
