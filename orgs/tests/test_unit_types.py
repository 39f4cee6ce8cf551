from orgs.models import UnitType, unit_type_for


def test_a_category_s_name_gives_its_units_type_in_statistics():
    assert unit_type_for("事业单位") == UnitType.INSTITUTION
    assert unit_type_for("国有企业") == UnitType.ENTERPRISE
    assert unit_type_for("中国电信万州分公司") == UnitType.ENTERPRISE
    assert unit_type_for("社会团体") == UnitType.SOCIAL
    assert unit_type_for("政府工作部门") == UnitType.ORGAN
    assert unit_type_for("民办非企业单位") == UnitType.SOCIAL
