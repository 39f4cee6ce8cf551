"""The introduction letter (党员组织关系介绍信) as a .docx: the stub kept by the issuing
committee, the letter itself, and the receipt slip (回执) the receiving organization sends back
to the issuing committee — the receipt returns between committees, not to the branch."""

from django.db import transaction
from django.utils import translation

from accounts.roles import REVEAL_PERSONAL
from accounts.scope import may
from audit.services import record
from core import docx
from core.periods import age_on
from core.text import mask_id_number, mask_phone
from members.services import do_reveal_personal_data
from transfers.models import Transfer

BLANK_MONTH = "    年    月"  # a letter issued before the dues month was recorded: filled in by hand
# The letter is an official Chinese document, whatever language the person printing it reads.
LETTER_LANGUAGE = "zh-hans"


def introduction_letter(transfer: Transfer, *, acting_user) -> bytes:
    """The printable letter. Printing is an export of personal data: it is audited. The letter
    needs the full ID and phone numbers, but carries them only for a user who may reveal them
    (as pages do), and the print is then audited as a reveal too; anyone else prints them
    masked, to be completed by hand."""
    member = transfer.member
    issuer = transfer.issuing_organization
    reveal = may(acting_user, REVEAL_PERSONAL, member)
    id_number = member.id_number if reveal else mask_id_number(member.id_number)
    phone = (member.phone if reveal else mask_phone(member.phone)) if member.phone else "—"
    with translation.override(LETTER_LANGUAGE):
        gender = member.get_gender_display()
        dues = transfer.dues_label or BLANK_MONTH
    category = "正式" if member.category == "full" else "预备"
    age, ethnicity = age_on(member.birth_date, transfer.issued_on), member.get_ethnicity_display()
    body = (
        f"    {member.name}同志（{gender}，{age}岁，{ethnicity}），"
        f"系中共{category}党员，身份证号码{id_number}，由{transfer.source.name}"
        f"转往{transfer.outside_organization}，请接转组织关系。该同志党费交至{dues}。"
    )
    issued = f"{transfer.issued_on:%Y年%m月%d日}"
    valid = f"（有效期至{transfer.valid_until:%Y年%m月%d日}）"
    rule = "— — — — — — — — — — — — — — — — — — — — — — — —"
    doc = docx.new()
    docx.paragraph(doc, "中国共产党党员组织关系介绍信", size=16, bold=True, center=True)
    docx.paragraph(doc, "（存根）", center=True)
    docx.paragraph(doc, f"{issuer.name}第{transfer.letter_number}号", right=True)
    docx.paragraph(doc, body)
    docx.paragraph(doc, f"{issued}{valid}", right=True)
    docx.paragraph(doc, rule, center=True)
    docx.paragraph(doc, "中国共产党党员组织关系介绍信", size=16, bold=True, center=True)
    docx.paragraph(doc, f"{issuer.name}第{transfer.letter_number}号", right=True)
    docx.paragraph(doc, f"{transfer.outside_organization}：")
    docx.paragraph(doc, body)
    docx.paragraph(doc, f"    党员联系电话：{phone}")
    docx.paragraph(doc, f"{issuer.name}（盖章）", right=True)
    docx.paragraph(doc, f"{issued}{valid}", right=True)
    docx.paragraph(doc, rule, center=True)
    docx.paragraph(doc, "回  执", size=14, bold=True, center=True)
    docx.paragraph(doc, f"{issuer.name}：")
    docx.paragraph(doc, f"    {issuer.name}第{transfer.letter_number}号介绍信收到，{member.name}同志的组织关系已接转。")
    docx.paragraph(doc, "接收党组织（盖章）        年    月    日", right=True)
    with transaction.atomic():
        record(
            "transfers.out.letter_printed",
            actor=acting_user,
            target=member,
            organization=issuer,
            new={"letter": transfer.letter_number, "revealed": reveal},
        )
        if reveal:
            do_reveal_personal_data(member, acting_user=acting_user)
    return docx.to_bytes(doc)
