"""The wording of the 目标管理责任书 (the views fill it), built with core.docx's writers, one Jinja
tag per run; `manage.py document_templates` writes it to templates/documents/assessment/.

It is given `year`, `organization`, `table` (the table's name), `sections` (each `name` and
`rows`: code, name, points, kind, criteria — text) and the tiers `good_from`, `fair_from`,
`average_from`."""

from core import docx


def responsibility():
    doc = docx.new(a4=True)
    docx.paragraph(doc, "{{ year }}年度机关党建工作目标管理责任书", size=16, bold=True, center=True)
    docx.paragraph(doc, "")
    docx.paragraph(
        doc,
        "    为落实全面从严治党主体责任，根据《{{ table }}》，区直机关工委与{{ organization }}签订本责任书。"
        "考核以系统记录的数据计算为主，计算得出的指标不再另行报送材料。",
    )
    docx.paragraph(doc, "{%p for s in sections %}")
    docx.paragraph(doc, "{{ s.name }}", bold=True)
    docx.table(
        doc,
        ("序号", "考核内容", "分值", "评分方式", "评分标准"),
        [
            ("{%tr for i in s.rows %}", "", "", "", ""),
            ("{{ i.code }}", "{{ i.name }}", "{{ i.points }}", "{{ i.kind }}", "{{ i.criteria }}"),
            ("{%tr endfor %}", "", "", "", ""),
        ],
        widths_cm=(1.5, 5, 1.5, 3, 6),
    )
    docx.paragraph(doc, "{%p endfor %}")
    docx.paragraph(doc, "")
    docx.paragraph(
        doc,
        "    考核结果分为好、较好、一般、差四个等次：得分{{ good_from }}分及以上为好，{{ fair_from }}分及以上为较好，"
        "{{ average_from }}分及以上为一般，以下为差。考核结果纳入区委、区政府年度岗位目标考核。",
    )
    docx.paragraph(doc, "")
    docx.paragraph(doc, "区直机关工委（盖章）                    {{ organization }}（盖章）")
    docx.paragraph(doc, "负责人（签字）：                        党组织书记（签字）：")
    docx.paragraph(doc, "")
    docx.paragraph(doc, "        年    月    日                          年    月    日")
    return doc


TEMPLATES = {"responsibility": responsibility}
