"""Import templates: the data sheet first (Chinese headers, required ones marked *, an example
row, drop-down lists for the enumerations), then the instructions."""

from core.xlsx import Book, Style
from exchange.kinds import KINDS

HEADER = Style(bold=True, fill="EEEEEE")

LISTS = {
    "性别": "男,女",
    "学历": "研究生,大学本科,大学专科,中专,高中及以下",
    "党员类别": "正式党员,预备党员",
    "是否领导干部": "是,否",
    "职级": "正处级,副处级,正科级,副科级,科员",
    "层级": "中央,市属,区级",
    "组织类别": "党委,党工委,机关党委,党总支,党支部,临时党支部,纪委",
    "职务": "书记,副书记,委员,纪检委员,专职工作人员",
    "是否专职": "是,否",
}
INSTRUCTIONS = {
    "members": [
        "党员导入模板填写说明",
        "1. 第一行是列名，请勿修改；带 * 的列必须填写。第二行是示例，导入前请删除或覆盖。",
        "2. 身份证号为18位，系统据此核对出生日期和性别；同一身份证号在文件中只能出现一次。",
        "3. 日期写作 2010-07-01（也可写 2010/7/1、2010年7月1日）；转正日期为空的是预备党员。",
        "4. 所在党支部填写党支部全称或组织编码，只能是您管理范围内的党支部；"
        "填了党组织编码列时以编码为准（导出的名册两列都有）。",
        "5. 转入本支部日期为空时按入党日期登记。",
        "6. 已在册的党员按身份证号匹配：只更新姓名、学历、岗位等个人信息；"
        "组织关系变动请办理转接，入党、转正日期请在党员页面登记。",
        "7. 有任何一行不合格，整个文件都不会导入；请按错误报告修改后重新上传。同一文件重复导入不会产生重复记录。",
        "8. 请不要在单元格中使用公式。",
    ],
    "units": [
        "单位导入模板填写说明",
        "1. 带 * 的列必须填写；单位编码是单位的唯一标识，重复导入按编码更新。",
        "2. 层级填写：中央、市属、区级；单位类别如“政府工作部门”，系统中没有的类别会新建。",
        "3. 日期写作 1998-06-01。有任何一行不合格，整个文件都不会导入。",
    ],
    "organizations": [
        "党组织导入模板填写说明",
        "1. 带 * 的列必须填写；组织编码是党组织的唯一标识，重复导入按编码更新名称、类别、日期和届期。",
        "2. 上级党组织编码可以是系统中已有的，也可以是本文件中的党组织；只有党委可以没有上级。",
        "3. 组织类别填写：党委、党工委、机关党委、党总支、党支部、临时党支部、纪委；上级必须能领导该类别。",
        "4. 已有党组织的隶属关系不能由导入改变，请使用管理关系调整方案。",
        "5. 所属单位编码须是系统中已有的单位（可先导入单位）。有任何一行不合格，整个文件都不会导入。",
    ],
    "posts": [
        "职务导入模板填写说明",
        "1. 带 * 的列必须填写；按身份证号、党组织编码、职务和任职日期匹配，重复导入不会产生重复记录。",
        "2. 党员须已在系统中（可先导入党员）；一个党组织同时只能有一名在任书记。",
        "3. 免职日期为空表示在任；已不在册的党员，职务须有免职日期。",
    ],
}


def template(kind: str) -> bytes:
    spec = KINDS[kind]
    book = Book()
    sheet = book.sheet(spec.sheet)
    headers = [h for h, _r, _e in spec.columns]
    sheet.widths({i: 22 if h in {"身份证号", "所在党支部"} else 14 for i, h in enumerate(headers, start=1)})
    sheet.append([f"{h}*" if required else h for h, required, _e in spec.columns], style=HEADER)
    sheet.append([example for _h, _r, example in spec.columns])
    for i, header in enumerate(headers, start=1):
        if header in LISTS:
            sheet.choices(i, LISTS[header].split(","), rows=(2, 20000))
    sheet.freeze("A2")
    notes = book.sheet("填写说明")
    notes.widths({1: 110})
    for line in INSTRUCTIONS[kind]:
        notes.append([line])
    return book.to_bytes()
