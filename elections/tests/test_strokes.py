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
