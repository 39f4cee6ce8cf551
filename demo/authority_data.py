"""The division of authority of section 二 of the seed, as demo data: the bodies; the 1998
division in which the matters sat with the district departments; and the "three rounds, six
plans" (三次提出六套方案) of 2003–2005, the sixth adopted on 2005-09-30."""

import datetime as dt

# (code, name, kind, parent code)
BODIES = [
    ("QW", "区委", "district_committee", None),
    ("GW", "区直机关工委", "working_committee", None),
    ("GW-BGS", "工委办公室", "section", "GW"),
    ("GW-ZZK", "工委组织科", "section", "GW"),
    ("GW-XJK", "工委宣教科", "section", "GW"),
    ("GW-JGB", "工委纪工办", "section", "GW"),
    ("ZZB", "区委组织部", "department", None),
    ("XCB", "区委宣传部", "department", None),
    ("JW", "区纪委", "discipline", None),
    ("JGW", "区直机关纪工委", "discipline", None),
    ("ZGH", "区总工会", "mass_organization", None),
]

ORG_NOTICE = "区委《关于调整区直单位党组织设置和管理关系的通知》"
OPINION = "《区纪委、区委组织部、宣传部、区直机关工委关于进一步加强和改进区直机关党建工作的意见》"
REGULATIONS = "《中国共产党党和国家机关基层组织工作条例》"

# code: (name, domain, basis, division rule)
MATTERS = {
    "ORG-01": ("区直7类机关党组织管理关系划转", "organization", ORG_NOTICE, ""),
    "ORG-02": ("区直机关党的工作统一领导", "organization", REGULATIONS, ""),
    "ORG-03": ("部门领导班子和领导干部思想政治建设", "organization", OPINION, ""),
    "ORG-04": ("机关党组织设置、专兼职书记职级及专职工作人员配备", "organization", ORG_NOTICE, ""),
    "ORG-05": ("专职机关党委书记考察任免", "organization", ORG_NOTICE, ""),
    "ORG-06": ("指导机关党组织监督党员领导干部", "organization", OPINION, ""),
    "PRO-01": ("区直部门中心组学习督促检查", "propaganda", OPINION, ""),
    "PRO-02": ("区委理论学习中心组（机关工委主要负责人参加）", "propaganda", OPINION, ""),
    "PRO-03": ("区直机关精神文明单位创建、考核、评选、表彰", "propaganda", OPINION, ""),
    "DIS-01": ("区直部门领导班子民主生活会管理和督促检查", "discipline", OPINION, ""),
    "DIS-02": ("机关党内监督", "discipline", OPINION, ""),
    "DIS-03": (
        "区管党员领导干部违纪案件查处与处理",
        "discipline",
        OPINION,
        "涉及区管干部的违纪案件由区纪委查处并决定处理，区直机关纪工委配合。",
    ),
    "DIS-04": (
        "机关一般党员违纪案件查处与处理",
        "discipline",
        OPINION,
        "区管干部以外的机关党员违纪案件由区直机关纪工委查处，按权限作出处理并报区纪委备案。",
    ),
    "UNI-01": ("机关工会体制", "union", OPINION, ""),
    "UNI-02": ("机关工会活动经费", "union", OPINION, ""),
}

# The adopted division (方案六): code -> {body: role}
ADOPTED = {
    "ORG-01": {"ZZB": "lead", "GW-ZZK": "co"},
    "ORG-02": {"GW": "lead", "ZZB": "guide"},
    "ORG-03": {"GW": "lead", "ZZB": "co"},
    "ORG-04": {"ZZB": "lead", "GW-ZZK": "co"},
    "ORG-05": {"ZZB": "lead", "GW-ZZK": "co"},
    "ORG-06": {"GW": "lead", "ZZB": "co"},
    "PRO-01": {"GW-XJK": "lead", "XCB": "guide"},
    "PRO-02": {"XCB": "lead", "GW": "informed"},
    "PRO-03": {"GW-XJK": "lead", "XCB": "guide"},
    "DIS-01": {"JW": "lead", "ZZB": "co", "GW": "co"},
    "DIS-02": {"GW-JGB": "lead", "JW": "guide"},
    "DIS-03": {"JW": "lead", "JGW": "co"},
    "DIS-04": {"JGW": "lead", "JW": "guide"},
    "UNI-01": {"ZGH": "lead", "GW-BGS": "co"},
    "UNI-02": {"ZGH": "lead", "GW-BGS": "co"},
}

# 1998: the district departments hold the matters; no transfer, no split of cases.
BEFORE = {
    "ORG-02": {"ZZB": "lead"},
    "ORG-03": {"ZZB": "lead"},
    "ORG-04": {"ZZB": "lead"},
    "ORG-05": {"ZZB": "lead"},
    "ORG-06": {"ZZB": "lead"},
    "PRO-01": {"XCB": "lead"},
    "PRO-02": {"XCB": "lead"},
    "PRO-03": {"XCB": "lead"},
    "DIS-01": {"JW": "lead", "ZZB": "co"},
    "DIS-02": {"JW": "lead"},
    "DIS-03": {"JW": "lead"},
    "UNI-01": {"ZGH": "lead"},
    "UNI-02": {"ZGH": "lead"},
}


def _plan(base: dict, **changes) -> dict:
    plan = {code: dict(roles) for code, roles in base.items()}
    for code, roles in changes.items():
        if roles is None:
            plan.pop(code, None)
        else:
            plan[code.replace("_", "-")] = roles
    return plan


# (name, round, status, effective, rationale, division)
VERSIONS = [
    (
        "1998年区直机关党建工作分工",
        None,
        "adopted",
        dt.date(1998, 6, 1),
        "万州区直机关工委成立时的分工：机关党建工作分属区委各部门管理。",
        BEFORE,
    ),
    (
        "第一轮 方案一",
        1,
        "rejected",
        None,
        "工委主抓机关党的工作和中心组学习督查，其余维持现状。",
        _plan(BEFORE, ORG_01=ADOPTED["ORG-01"], ORG_02=ADOPTED["ORG-02"], PRO_01=ADOPTED["PRO-01"]),
    ),
    (
        "第一轮 方案二",
        1,
        "rejected",
        None,
        "在方案一基础上，精神文明单位创建表彰划转工委。",
        _plan(
            BEFORE,
            ORG_01=ADOPTED["ORG-01"],
            ORG_02=ADOPTED["ORG-02"],
            PRO_01=ADOPTED["PRO-01"],
            PRO_03=ADOPTED["PRO-03"],
        ),
    ),
    (
        "第二轮 方案三",
        2,
        "rejected",
        None,
        "领导班子思想政治建设仍由组织部主办，违纪案件不作划分。",
        _plan(ADOPTED, ORG_03={"ZZB": "lead", "GW": "co"}, DIS_03={"JW": "lead"}, DIS_04=None),
    ),
    (
        "第二轮 方案四",
        2,
        "rejected",
        None,
        "专职机关党委书记考察任免由工委主办。",
        _plan(ADOPTED, ORG_05={"GW-ZZK": "lead", "ZZB": "co"}),
    ),
    (
        "第三轮 方案五",
        3,
        "rejected",
        None,
        "民主生活会管理不含工委。",
        _plan(ADOPTED, DIS_01={"JW": "lead", "ZZB": "co"}),
    ),
    (
        "第三轮 方案六",
        3,
        "adopted",
        dt.date(2005, 9, 30),
        "经区委同意的理顺关系、划分事权方案（区直机关工委三次提出六套方案中的第六套）。",
        ADOPTED,
    ),
]
