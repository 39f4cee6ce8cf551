"""The division of discipline cases as the demo's list holds it (DIS-03: 区纪委 leads for
区管干部; DIS-04: 纪工委 leads for other members), adopted through the authority services."""

import datetime as dt

from authority.models import AuthorityList, Body, Matter, MatterRole
from authority.services import do_adopt_list


def bodies() -> dict[str, Body]:
    return {
        code: Body.objects.get_or_create(code=code, defaults={"name": name, "kind": "discipline"})[0]
        for code, name in (("JW", "区纪委"), ("JGW", "区直机关纪工委"), ("GB", "工委办公室"))
    }


def adopt_division(effective_from: dt.date, *, dis03: str = "JW", dis04: str = "JGW", name="事权清单") -> AuthorityList:
    b = bodies()
    draft = AuthorityList.objects.create(name=name)
    for code, lead in (("DIS-03", dis03), ("DIS-04", dis04)):
        matter = Matter.objects.create(authority_list=draft, code=code, name=f"违纪案件 {code}", domain="discipline")
        MatterRole.objects.create(matter=matter, body=b[lead], role="lead")
    return do_adopt_list(draft, effective_from=effective_from, acting_user=None)
