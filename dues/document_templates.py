"""The wording of the dues documents (dues.documents fills them), built with core.docx's writers,
one Jinja tag per run; `manage.py document_templates` writes them to templates/documents/dues/.

The receipt (党费收据) is given `member`, `organization`, `rows` (month, due, paid, extra,
amount — text, yuan to the fen), `total` (in figures), `total_capitals` (人民币大写, e.g.
壹佰贰拾叁元肆角伍分), `issued_on` (2026年12月15日) and `number` (the receipt's number). The
annual account (党费收支年度报表) is given `organization`, `year`, `receiver` (where it remits;
empty above the system), `share` (the per cent it keeps), `lines` (month, from_members,
from_below, collected, to_centre, kept, remitted, status), `totals` (the same amounts), `kept`,
`to_centre`, `signed_on`."""

from core import docx


def _title(doc, text: str, *, size: int = 16) -> None:
    docx.paragraph(doc, text, size=size, bold=True, center=True)


def receipt():
    doc = docx.new(a4=True)
    _title(doc, "党费收据")
    docx.paragraph(doc, "编号：{{ number }}", right=True)
    docx.fields(
        doc,
        [
            ("交纳人", "{{ member }}"),
            ("所在党组织", "{{ organization }}"),
        ],
    )
    docx.paragraph(doc, "")
    docx.table(
        doc,
        ("所属月份", "应交（元）", "实交（元）", "自愿多交（元）", "合计（元）"),
        [
            ("{%tr for r in rows %}", "", "", "", ""),
            ("{{ r.month }}", "{{ r.due }}", "{{ r.paid }}", "{{ r.extra }}", "{{ r.amount }}"),
            ("{%tr endfor %}", "", "", "", ""),
            ("合计", "", "", "", "{{ total }}"),
        ],
        widths_cm=(4, 3, 3, 3.5, 3.5),
    )
    docx.paragraph(doc, "")
    docx.paragraph(doc, "合计金额（大写）：人民币{{ total_capitals }}")
    docx.paragraph(doc, "合计金额（小写）：¥{{ total }}")
    docx.paragraph(doc, "")
    docx.paragraph(doc, "收款党组织（盖章）：{{ organization }}", right=True)
    docx.paragraph(doc, "经手人：            ", right=True)
    docx.paragraph(doc, "{{ issued_on }}", right=True)
    return doc


def annual_account():
    doc = docx.new(a4=True)
    _title(doc, "{{ organization }}")
    _title(doc, "{{ year }}年度党费收缴、留存和上缴情况表", size=14)
    docx.paragraph(
        doc,
        "    留存比例：{{ share }}%{% if receiver %}；上缴至：{{ receiver }}{% else %}；上缴至：区委组织部{% endif %}。"
        "单位：元。",
    )
    docx.table(
        doc,
        ("月份", "党员交纳", "下级上缴", "收缴合计", "其中上缴中央", "留存", "上缴", "状态"),
        [
            ("{%tr for l in lines %}", "", "", "", "", "", "", ""),
            (
                "{{ l.month }}",
                "{{ l.from_members }}",
                "{{ l.from_below }}",
                "{{ l.collected }}",
                "{{ l.to_centre }}",
                "{{ l.kept }}",
                "{{ l.remitted }}",
                "{{ l.status }}",
            ),
            ("{%tr endfor %}", "", "", "", "", "", "", ""),
            (
                "全年合计",
                "{{ totals.from_members }}",
                "{{ totals.from_below }}",
                "{{ totals.collected }}",
                "{{ totals.to_centre }}",
                "{{ totals.kept }}",
                "{{ totals.remitted }}",
                "",
            ),
        ],
        size=9,
        widths_cm=(1.8, 2.2, 2.2, 2.2, 2.2, 2.1, 2.1, 2.2),
    )
    docx.paragraph(doc, "")
    docx.paragraph(
        doc,
        "    本年度留存党费{{ kept }}元，按规定用于党员教育、表彰和困难党员补助等，支出情况见党建活动经费账目。"
        "{% if to_centre != '0.00' %}党员自愿一次多交纳1000元以上的党费{{ to_centre }}元"
        "已全额上缴，不予留存。{% endif %}",
    )
    docx.paragraph(doc, "")
    docx.paragraph(doc, "{{ organization }}（盖章）", right=True)
    docx.paragraph(doc, "{{ signed_on }}", right=True)
    return doc


TEMPLATES = {"receipt": receipt, "annual_account": annual_account}
