"""The wording of a round's documents (commendations.documents fills them): the certificate of
one honour (荣誉证书) and the list of a round (公示名单 during the notice, 表彰决定名单 once
decided). `manage.py document_templates` writes them to templates/documents/commendations/; a
locality rewords its copy in Word.

What the templates are given: the certificate `name` (the member or the organization), `unit`
(the member's organization; empty for an organization), `category`, `round`, `level`,
`decided_on`, `document_number`; the list `round`, `level`, `decided` (a decision, else
a notice), `notice_starts`, `notice_ends`, `decided_on`, `document_number`, `categories` (name,
rows: name, unit), `signed_on`."""

from core import docx


def certificate():
    doc = docx.new(a4=True)
    docx.paragraph(doc, "")
    docx.paragraph(doc, "荣 誉 证 书", size=26, bold=True, center=True)
    docx.paragraph(doc, "")
    docx.paragraph(doc, "{{ name }}{% if unit %}（{{ unit }}）{% endif %}：", size=16)
    docx.paragraph(
        doc,
        "    在{{ round }}中，被评为“{{ category }}”。特发此证，以资鼓励。",
        size=16,
    )
    docx.paragraph(doc, "")
    docx.paragraph(doc, "{{ level }}", size=14, right=True)
    docx.paragraph(doc, "{{ decided_on }}", size=14, right=True)
    docx.paragraph(doc, "{% if document_number %}（{{ document_number }}）{% endif %}", size=10, right=True)
    return doc


def round_list():
    doc = docx.new(a4=True)
    docx.paragraph(
        doc,
        "{% if decided %}{{ level }}关于表彰{{ round }}先进集体和个人的决定"
        "{% else %}{{ round }}拟表彰对象公示{% endif %}",
        size=16,
        bold=True,
        center=True,
    )
    docx.paragraph(doc, "{%p if decided %}")
    docx.paragraph(
        doc,
        "    经各党组织推荐、{{ level }}审核并公示，决定对以下先进集体和个人予以表彰（{{ document_number }}）。",
    )
    docx.paragraph(doc, "{%p else %}")
    docx.paragraph(
        doc,
        "    经各党组织推荐、{{ level }}审核，现将{{ round }}拟表彰对象予以公示。公示时间为{{ notice_starts }}"
        "至{{ notice_ends }}。公示期间，对公示对象有异议的，可向{{ level }}反映。",
    )
    docx.paragraph(doc, "{%p endif %}")
    docx.paragraph(doc, "{%p for c in categories %}")
    docx.paragraph(doc, "{{ c.name }}（{{ c.rows|length }}）", bold=True)
    docx.paragraph(doc, "{%p for r in c.rows %}")
    docx.paragraph(doc, "    {{ r.name }}{% if r.unit %}　{{ r.unit }}{% endif %}")
    docx.paragraph(doc, "{%p endfor %}")
    docx.paragraph(doc, "{%p endfor %}")
    docx.paragraph(doc, "")
    docx.paragraph(doc, "{{ level }}", right=True)
    docx.paragraph(doc, "{{ signed_on }}", right=True)
    return doc


TEMPLATES = {"certificate": certificate, "round_list": round_list}
