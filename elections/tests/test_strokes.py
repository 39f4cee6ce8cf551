"""姓氏笔画: names in the order of their strokes (core.strokes), as ballots list candidates."""

from core.strokes import sorted_by_strokes, stroke_key, unknown


def test_names_sort_by_stroke_count_then_by_the_first_stroke():
    names = ["陈明", "李强", "王芳", "张伟", "吴刚", "杨洋", "丁一", "黄河", "刘备", "周瑜", "于谦", "万里"]
    # 丁 2; 于 万 3 (于 starts 横横竖, 万 横折); 王 4; 刘 6; 7 strokes: 李 杨 (横) 吴 (竖) 张 陈 (折);
    # 周 8; 黄 11
    expected = ["丁一", "于谦", "万里", "王芳", "刘备", "李强", "杨洋", "吴刚", "张伟", "陈明", "周瑜", "黄河"]
    assert sorted_by_strokes(names) == expected


def test_the_given_name_decides_between_equal_surnames():
    assert sorted_by_strokes(["王强", "王一", "王二"]) == ["王一", "王二", "王强"]


def test_a_rare_character_sorts_last_and_is_reported():
    assert unknown("王𬀩") == ["𬀩"]
    assert sorted_by_strokes(["𬀩一", "黄河"]) == ["黄河", "𬀩一"]
    assert stroke_key("") == ()


def test_surnames_of_the_same_strokes_stay_together():
    assert stroke_key("叶")[0][2] == stroke_key("申")[0][2]  # the same strokes, 丨𠃍一一丨
    assert sorted_by_strokes(["叶子", "申一", "叶一", "申强"]) in (
        ["叶一", "叶子", "申一", "申强"],
        ["申一", "申强", "叶一", "叶子"],
    )


def test_the_table_maps_hook_rise_and_press_strokes_to_their_classes():
    # 刘: 点 横 撇 点 竖 竖钩; 江: 点 点 提 横 竖 横; 火: 点 撇 撇 捺
    assert [stroke_key(c)[0][2] for c in "刘江火"] == ["413422", "441121", "4334"]
