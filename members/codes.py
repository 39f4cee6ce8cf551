"""The code tables of the member record that national statistics read: the nationalities of
GB/T 3304-1991 (《中国各民族名称的罗马字母拼写法和代码》, two-digit codes), stored by code and
shown by name. Education, degree and occupation are `members.models` choices."""

HAN = "01"
UNIDENTIFIED = "97"  # 其他未识别民族
FOREIGN_ORIGIN = "98"  # 外国血统中国籍人士

ETHNICITIES: list[tuple[str, str]] = [
    (f"{i:02d}", name)
    for i, name in enumerate(
        [
            "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
            "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
            "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
            "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
            "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
            "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
        ],
        start=1,
    )
] + [(UNIDENTIFIED, "其他未识别民族"), (FOREIGN_ORIGIN, "外国血统中国籍人士")]  # fmt: skip

# 少数民族: the 55 nationalities other than 汉族 (未识别民族 and 外国血统 are counted apart)
MINORITIES = frozenset(code for code, _name in ETHNICITIES if code not in (HAN, UNIDENTIFIED, FOREIGN_ORIGIN))

_NAMES = dict(ETHNICITIES)
_CODES = {name: code for code, name in ETHNICITIES}


def ethnicity_name(code: str) -> str:
    return _NAMES.get(code, "")


def ethnicity_code(text: str) -> str:
    """The code of a nationality as people write it: 汉族, 汉, 土家, 01, 1 → its code; "" when
    it is none of the table's (the caller says so, never guesses)."""
    text = "".join(text.split())
    if not text:
        return ""
    if text.isdigit():
        code = f"{int(text):02d}"
        return code if code in _NAMES else ""
    if text in _CODES:
        return _CODES[text]
    if text + "族" in _CODES:
        return _CODES[text + "族"]
    return {"其他": UNIDENTIFIED, "未识别民族": UNIDENTIFIED, "外国血统": FOREIGN_ORIGIN}.get(text, "")


# What an old free-text post says about the occupation category of 党内统计 (the migration that
# brought the categories in): the first rule whose words the post holds. A post none of them
# reads stays unclassified, and the member list shows such members for the clerk to complete.
_POST_WORDS: list[tuple[tuple[str, ...], str]] = [
    (("学生",), "student"),
    (("工勤", "司机", "工人", "技工", "厨师", "保安"), "worker"),
    (("教师", "医生", "医师", "护士", "工程师", "会计师", "律师", "专业技术", "研究员", "技术员"), "professional"),
    (("经理", "董事", "厂长"), "manager"),
    (
        (
            "科员",
            "办事员",
            "主任",
            "局长",
            "科长",
            "处长",
            "书记",
            "部长",
            "主席",
            "公务员",
            "调研员",
            "巡视员",
            "干部",
        ),
        "official",
    ),
    (("农民", "牧民", "渔民"), "farmer"),
]
RETIRED_WORDS = ("退休", "离休")


def occupation_from_post(post: str) -> str:
    """The occupation category an old post names, or "" when it names none."""
    for words, occupation in _POST_WORDS:
        if any(word in post for word in words):
            return occupation
    return ""


def remap_old_values(model) -> None:
    """Map a historical model's free-text ethnicity and post to the code tables (the migrations
    of members and development candidates that brought them in): one update per distinct value."""
    for value in model.objects.values_list("ethnicity", flat=True).distinct():
        model.objects.filter(ethnicity=value).update(ethnicity=ethnicity_code(value))
    for post in model.objects.exclude(work_post="").values_list("work_post", flat=True).distinct():
        occupation = occupation_from_post(post)
        if occupation:
            model.objects.filter(work_post=post).update(occupation=occupation)
