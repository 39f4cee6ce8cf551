"""The wording of development's documents (development.documents fills them): each function
builds our template with core.docx's writers, one Jinja tag per run; `manage.py
document_templates` writes them to templates/documents/development/. A locality rewords its
copy in Word; these stay the default.

What each template is given: `c` the person (name, gender, ethnicity, born, education,
work_post), `organization` the branch; the notice: `conversion`, `applied`, `activist`,
`development_object`, `sponsors` (names), `start`, `end`, `days`; the report: `kind` (the vote's
step: vote, conversion_vote, extension_vote, cancellation_vote), `months`, `v` the vote (date,
voting, present, yes, no, abstain, written, written_yes, written_no, written_abstain, passed);
the record: `steps` (date, kind, decided_by, detail, reference, passed, voting, present, yes,
written...)."""

from core import docx

PROFILE = (
    "{{ c.name }}，{{ c.gender }}，{{ c.ethnicity }}，{{ c.born }}出生，{{ c.education }}学历，"
    "{% if c.work_post %}{{ c.work_post }}{% else %}（岗位未填）{% endif %}"
)
WRITTEN = (
    "{% if v.written %}（另有书面意见：赞成{{ v.written_yes }}份、反对{{ v.written_no }}份、"
    "弃权{{ v.written_abstain }}份）{% endif %}"
)


def notice():
    doc = docx.new()
    docx.paragraph(
        doc,
        "关于{{ c.name }}同志{% if conversion %}预备党员转为正式党员{% else %}拟发展为中共预备党员{% endif %}的公示",
        size=16,
        bold=True,
        center=True,
    )
    docx.paragraph(
        doc,
        "    经{{ organization }}支部委员会研究，{% if conversion %}拟讨论{{ c.name }}同志转为正式党员"
        "{% else %}拟将{{ c.name }}同志列为发展对象、提交支部大会讨论接收为预备党员{% endif %}，现予以公示。",
    )
    docx.paragraph(doc, f"    {PROFILE}。")
    docx.paragraph(
        doc,
        "    {{ applied }}递交入党申请书，{{ activist }}被确定为入党积极分子，"
        "{{ development_object }}被确定为发展对象。",
    )
    docx.paragraph(doc, "{%p if sponsors %}")
    docx.paragraph(doc, '    入党介绍人：{{ sponsors|join("、") }}。')
    docx.paragraph(doc, "{%p endif %}")
    docx.paragraph(
        doc,
        "    公示期：{{ start }}至{{ end }}（{{ days }}个工作日）。"
        "公示期间，党员和群众可通过来信、来电、来访等方式向党组织反映情况。",
    )
    docx.paragraph(doc, "{{ organization }}", right=True)
    docx.paragraph(doc, "{{ start }}", right=True)
    return doc


def report():
    doc = docx.new()
    docx.paragraph(
        doc,
        '{%p set subject = "接收为中共预备党员" if kind == "vote" else "转为正式党员" if kind == "conversion_vote"'
        ' else "延长预备期" ~ months ~ "个月" if kind == "extension_vote" else "取消预备党员资格" %}',
    )
    docx.paragraph(doc, "关于{{ c.name }}同志{{ subject }}的请示", size=16, bold=True, center=True)
    docx.paragraph(doc, "上级党委：")
    docx.paragraph(
        doc,
        "    {{ v.date }}，{{ organization }}召开支部大会，讨论{{ c.name }}同志{{ subject }}问题。"
        "支部应到会有表决权的正式党员{{ v.voting }}名，实到{{ v.present }}名；表决结果：赞成{{ v.yes }}票、"
        f"反对{{{{ v.no }}}}票、弃权{{{{ v.abstain }}}}票{WRITTEN}，"
        "{% if v.passed %}通过{% else %}未通过{% endif %}。",
    )
    docx.paragraph(doc, f"    {PROFILE}。")
    docx.paragraph(doc, "    妥否，请批示。")
    docx.paragraph(doc, "{{ organization }}", right=True)
    docx.paragraph(doc, "{{ v.date }}", right=True)
    return doc


def record():
    doc = docx.new()
    docx.paragraph(doc, "{{ c.name }}同志发展党员工作纪实", size=16, bold=True, center=True)
    docx.paragraph(doc, f"{PROFILE}；所在党支部：{{{{ organization }}}}。")
    detail = (
        "{% if v.passed is not none %}应到{{ v.voting }}、实到{{ v.present }}、赞成{{ v.yes }}"
        f"{WRITTEN}：{{% if v.passed %}}通过{{% else %}}未通过{{% endif %}}"
        "{% else %}{% if v.reference %}入党志愿书编号{{ v.reference }}{% if v.detail %}；{% endif %}{% endif %}"
        "{{ v.detail }}{% endif %}"
    )
    docx.table(
        doc,
        ("日期", "环节", "决定或经办", "情况"),
        [
            ("{%tr for v in steps %}", "", "", ""),
            ("{{ v.date }}", "{{ v.kind }}", "{{ v.decided_by }}", detail),
            ("{%tr endfor %}", "", "", ""),
        ],
    )
    return doc


TEMPLATES = {"notice": notice, "report": report, "record": record}
