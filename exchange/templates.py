"""Import templates: the data sheet first (Chinese headers, required ones marked *, an example
row, drop-down lists for the enumerations), then the instructions."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from exchange import members

LISTS = {
    "性别": "男,女",
    "学历": "研究生,大学本科,大学专科,中专,高中及以下",
    "党员类别": "正式党员,预备党员",
    "是否领导干部": "是,否",
    "职级": "正处级,副处级,正科级,副科级,科员",
}
INSTRUCTIONS = {
    "members": [
        "党员导入模板填写说明",
        "1. 第一行是列名，请勿修改；带 * 的列必须填写。第二行是示例，导入前请删除或覆盖。",
        "2. 身份证号为18位，系统据此核对出生日期和性别；同一身份证号在文件中只能出现一次。",
        "3. 日期写作 2010-07-01（也可写 2010/7/1、2010年7月1日）；转正日期为空的是预备党员。",
        "4. 所在党支部填写党支部全称或组织编码，只能是您管理范围内的党支部。",
        "5. 转入本支部日期为空时按入党日期登记。",
        "6. 已在册的党员按身份证号匹配：只更新姓名、学历、岗位等个人信息；"
        "组织关系变动请办理转接，入党、转正日期请在党员页面登记。",
        "7. 有任何一行不合格，整个文件都不会导入；请按错误报告修改后重新上传。同一文件重复导入不会产生重复记录。",
        "8. 请不要在单元格中使用公式。",
    ]
}


def template(kind: str) -> bytes:
    if kind != "members":
        raise ValueError(kind)
    book = Workbook()
    sheet = book.active
    sheet.title = "党员"
    sheet.append([f"{h}*" if required else h for h, required, _e in members.COLUMNS])
    sheet.append([example for _h, _r, example in members.COLUMNS])
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="EEEEEE")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = grey
    for i, (header, _r, _e) in enumerate(members.COLUMNS, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = 22 if header in {"身份证号", "所在党支部"} else 14
        if header in LISTS:
            rule = DataValidation(type="list", formula1=f'"{LISTS[header]}"', allow_blank=True)
            rule.add(f"{letter}2:{letter}20000")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    for line in INSTRUCTIONS[kind]:
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
