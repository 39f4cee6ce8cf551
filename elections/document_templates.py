"""The wording of an election's documents (elections.documents fills them): each function builds
our template with core.docx's writers, one Jinja tag per run; `manage.py document_templates`
writes them to templates/documents/elections/. A locality rewords its copy in Word; these stay
the default. No number a rule holds is written here: the quorum, the majority and the 差额 come
in the context (elections.rules, elections.tally), with the regulation they are read from.

What every template is given: `organization`, `approving` (the superior's name), `congress` (a
congress of delegates, else a general meeting), `dispersed`, `seats`, `deputies`, `competitive`,
`min_candidates`, `competition_percent`, `planned_on`, `regulation` (the regulation in force on
the election day), `quorum_share` and `majority_share` (in words: 五分之四, 二分之一); dates are
text (2026年12月15日). Besides: the request `term_start`, `term_end`, `term_ended`, `counted_on`,
`members`, `full_members`, `probationary`, `delegate_min`, `signed_on`; the reply
`requested_on`, `replied_on`; the procedure `candidates` (their number); the ballot `number` (the
round), `names` (姓氏笔画 order), `seats_left`, `write_ins` (one item per line); the count report
`entitled`, `held_on`, `rounds` (number, ordinal (一, 二...), held_on, seats, present, issued, returned, valid,
invalid, needed, other_votes, votes: name, votes, write_in, elected; elected: names), `complete`,
`seats_left`, `committee` (names, 姓氏笔画 order), `officers_on`, `secretary`, `deputy_names`,
`reported`, `signed_on`."""

from core import docx

MEETING = '{%p set meeting = "党员代表大会" if congress else "党员大会" %}'
VOTERS = '{%p set voters = "代表" if congress else "党员" %}'
OFFICERS = "书记{% if deputies %}、副书记{% endif %}"


def _title(doc, text: str, *, size: int = 16) -> None:
    docx.paragraph(doc, text, size=size, bold=True, center=True)


def _signed(doc, who: str, day: str) -> None:
    docx.paragraph(doc, "")
    docx.paragraph(doc, who, right=True)
    docx.paragraph(doc, day, right=True)


def request():
    doc = docx.new(a4=True)
    docx.paragraph(doc, MEETING)
    _title(doc, "关于召开{{ meeting }}进行换届选举的请示")
    docx.paragraph(doc, "{{ approving }}：")
    docx.paragraph(
        doc,
        "    {{ organization }}现任委员会{% if term_start %}于{{ term_start }}选举产生，{% endif %}"
        "{% if term_end %}任期{% if term_ended %}已于{{ term_end }}届满{% else %}将于{{ term_end }}届满"
        "{% endif %}{% else %}任期届满{% endif %}。根据《中国共产党章程》和《{{ regulation }}》有关规定，"
        "经委员会研究，拟召开{{ meeting }}进行换届选举。现将有关事项请示如下：",
    )
    docx.paragraph(
        doc,
        "    一、党员基本情况。截至{{ counted_on }}，{{ organization }}共有党员{{ members }}名，"
        "其中正式党员{{ full_members }}名{% if probationary %}、预备党员{{ probationary }}名{% endif %}。",
    )
    docx.paragraph(
        doc,
        "    二、委员会设置。新一届委员会拟设委员{{ seats }}名，其中书记1名"
        "{% if deputies %}、副书记{{ deputies }}名{% endif %}。",
    )
    docx.paragraph(
        doc,
        "    三、选举方式。{% if competitive %}委员实行差额选举，候选人数多于应选人数"
        "{{ competition_percent }}%以上，拟提名候选人不少于{{ min_candidates }}名。"
        "{% else %}委员实行等额选举，拟提名候选人{{ seats }}名。{% endif %}"
        f"{OFFICERS}由新一届委员会第一次全体会议等额选举产生，报{{{{ approving }}}}审批。",
    )
    docx.paragraph(
        doc,
        "    四、选举方法。{% if congress %}{% if dispersed %}因党员居住、工作分散，"
        "{% else %}因党员人数{{ members }}名，达到{{ delegate_min }}名以上，{% endif %}"
        "拟召开党员代表大会{% else %}拟召开党员大会{% endif %}，采用无记名投票方式进行选举。",
    )
    docx.paragraph(doc, "    五、选举时间。拟于{{ planned_on }}召开{{ meeting }}。")
    docx.paragraph(doc, "    妥否，请批示。")
    _signed(doc, "{{ organization }}", "{{ signed_on }}")
    return doc


def reply():
    doc = docx.new(a4=True)
    docx.paragraph(doc, MEETING)
    _title(doc, "关于同意{{ organization }}召开{{ meeting }}进行换届选举的批复")
    docx.paragraph(doc, "{{ organization }}：")
    docx.paragraph(
        doc,
        "    你们{% if requested_on %}{{ requested_on }}{% endif %}《关于召开{{ meeting }}进行换届选举的请示》"
        "收悉。经研究，同意你们召开{{ meeting }}进行换届选举。现批复如下：",
    )
    docx.paragraph(
        doc,
        "    一、新一届委员会由委员{{ seats }}名组成，设书记1名{% if deputies %}、副书记{{ deputies }}名{% endif %}。",
    )
    docx.paragraph(
        doc,
        "    二、{% if competitive %}委员实行差额选举，候选人数多于应选人数{{ competition_percent }}%以上，"
        "即不少于{{ min_candidates }}名{% else %}委员实行等额选举{% endif %}；委员候选人预备人选报我委审查同意后，"
        "提交{{ meeting }}选举。",
    )
    docx.paragraph(
        doc,
        f"    三、{OFFICERS}由新一届委员会第一次全体会议等额选举产生。选举结果报我委审批。",
    )
    docx.paragraph(
        doc,
        "    四、{{ meeting }}拟于{{ planned_on }}召开，采用无记名投票方式进行选举。"
        "请严格按照《{{ regulation }}》的规定组织实施。",
    )
    docx.paragraph(doc, "    此复。")
    _signed(doc, "{{ approving }}", "{{ replied_on }}")
    return doc


def procedure():
    doc = docx.new(a4=True)
    docx.paragraph(doc, MEETING)
    _title(doc, "{{ organization }}{{ meeting }}选举办法")
    docx.paragraph(doc, "（草案）", center=True)
    docx.paragraph(
        doc,
        "    根据《中国共产党章程》和《{{ regulation }}》，结合实际，制定本办法。",
    )
    docx.paragraph(
        doc,
        "    一、{{ organization }}新一届委员会由{{ meeting }}选举产生，设委员{{ seats }}名，其中书记1名"
        "{% if deputies %}、副书记{{ deputies }}名{% endif %}。",
    )
    docx.paragraph(
        doc,
        "    二、选举采用无记名投票方式。委员{% if competitive %}实行差额选举，正式候选人{{ candidates }}名，"
        "多于应选人数{{ candidates - seats }}名（差额不少于应选人数的{{ competition_percent }}%）"
        "{% else %}实行等额选举，正式候选人{{ candidates }}名{% endif %}，经{{ approving }}审查同意。"
        "候选人在选票上按姓氏笔画为序排列。",
    )
    docx.paragraph(
        doc,
        "    三、有选举权的到会人数超过应到会人数的{{ quorum_share }}，方可进行选举。"
        "{% if congress %}应到会人数为有选举权的代表人数。{% else %}应到会人数为有表决权的正式党员人数，"
        "正在受留党察看处分的党员和经批准不计入的党员不在其内；预备党员没有选举权。{% endif %}",
    )
    docx.paragraph(
        doc,
        "    四、大会设监票人、计票人。监票人由{{ meeting }}从不是候选人的党员中推选，经大会表决通过；"
        "计票人在监票人监督下进行工作。",
    )
    docx.paragraph(
        doc,
        "    五、选举人对选票上的候选人可以投赞成票或不赞成票，也可以弃权。赞成的，在其姓名右侧方格内画“○”；"
        "不赞成的，画“×”；弃权的，不画任何符号。投不赞成票者可以另选他人，在“另选他人”栏内写上另选人的姓名，"
        "并在其右侧方格内画“○”。",
    )
    docx.paragraph(
        doc,
        "    六、收回的选票等于或少于发出的选票，选举有效；多于发出的选票，选举无效，应重新选举。"
        "每张选票所选人数等于或少于应选人数的为有效票，多于应选人数的为无效票。",
    )
    docx.paragraph(
        doc,
        "    七、被选举人获得的赞成票超过实到会有选举权人数的{{ majority_share }}，始得当选。"
        "获得赞成票超过{{ majority_share }}的被选举人多于应选名额时，以得票多少为序，至取足应选名额为止；"
        "如遇票数相等不能确定当选人时，应就票数相等的被选举人重新投票，得票多的当选。",
    )
    docx.paragraph(
        doc,
        "    八、当选人数少于应选名额时，对不足的名额另行选举，以未当选的候选人为候选人。",
    )
    docx.paragraph(
        doc,
        f"    九、新一届委员会第一次全体会议等额选举{OFFICERS}，选举结果报{{{{ approving }}}}审批。",
    )
    docx.paragraph(doc, "    十、本办法经{{ meeting }}表决通过后生效。")
    return doc


def ballot():
    doc = docx.new(a4=True)
    docx.paragraph(doc, MEETING)
    _title(doc, "{{ organization }}{{ meeting }}", size=14)
    _title(doc, "选举新一届委员会委员{% if number > 1 %}（另行选举）{% endif %}选票")
    docx.paragraph(doc, "（无记名投票）", center=True)
    docx.table(
        doc,
        ("候选人姓名（按姓氏笔画为序）", "赞成画“○”，不赞成画“×”，弃权不画"),
        [
            ("{%tr for name in names %}", ""),
            ("{{ name }}", ""),
            ("{%tr endfor %}", ""),
            ("{%tr for line in write_ins %}", ""),
            ("另选他人：", ""),
            ("{%tr endfor %}", ""),
        ],
        size=14,
        widths_cm=(10, 7),
    )
    docx.paragraph(doc, "说明：")
    docx.paragraph(
        doc,
        "    1. 本次选举应选委员{{ seats_left }}名，候选人{{ names|length }}名，候选人按姓氏笔画为序排列。",
    )
    docx.paragraph(
        doc,
        "    2. 赞成的，在候选人姓名右侧方格内画“○”；不赞成的，画“×”；弃权的，不画任何符号。"
        "不赞成某候选人而另选他人的，在“另选他人”栏内写上另选人的姓名，并在其右侧方格内画“○”。",
    )
    docx.paragraph(
        doc,
        "    3. 每张选票画“○”的人数（含另选他人）最多{{ seats_left }}名；等于或少于{{ seats_left }}名的为有效票，"
        "多于{{ seats_left }}名的为无效票。",
    )
    docx.paragraph(doc, "    4. 符号要准确，字迹要清楚，不得涂改。")
    return doc


def count_report():
    doc = docx.new(a4=True)
    docx.paragraph(doc, MEETING)
    docx.paragraph(doc, VOTERS)
    _title(doc, "{{ organization }}{{ meeting }}选举计票结果报告")
    docx.paragraph(doc, "{{ approving }}：")
    docx.paragraph(
        doc,
        "    {{ organization }}于{{ held_on }}召开{{ meeting }}，选举新一届委员会委员{{ seats }}名。"
        "应到会有选举权的{{ voters }}{{ entitled }}名。现将计票结果报告如下：",
    )
    docx.paragraph(doc, "{%p for r in rounds %}")
    docx.paragraph(
        doc,
        "    第{{ r.ordinal }}轮选举{% if r.number > 1 %}（另行选举）{% endif %}（{{ r.held_on }}）："
        "应选{{ r.seats }}名；实到会有选举权的{{ voters }}{{ r.present }}名，超过应到会人数的{{ quorum_share }}；"
        "发出选票{{ r.issued }}张，收回{{ r.returned }}张，其中有效票{{ r.valid }}张、无效票{{ r.invalid }}张。"
        "获得赞成票{{ r.needed }}票及以上（即超过实到会有选举权人数的{{ majority_share }}）始得当选。"
        "各被选举人得票如下：",
    )
    docx.table(
        doc,
        ("被选举人", "赞成票", "结果"),
        [
            ("{%tr for v in r.votes %}", "", ""),
            (
                "{{ v.name }}{% if v.write_in %}（另选他人）{% endif %}",
                "{{ v.votes }}",
                "{% if v.elected %}当选{% else %}未当选{% endif %}",
            ),
            ("{%tr endfor %}", "", ""),
        ],
        widths_cm=(8, 4, 5),
    )
    docx.paragraph(
        doc,
        "    {% if r.other_votes %}另有其他人员得票{{ r.other_votes }}票。{% endif %}"
        '本轮{% if r.elected %}当选：{{ r.elected|join("、") }}。{% else %}无人当选。{% endif %}',
    )
    docx.paragraph(doc, "{%p endfor %}")
    docx.paragraph(
        doc,
        '    {% if complete %}经选举，{{ committee|join("、") }}（按姓氏笔画为序）当选为新一届委员会委员。'
        "{% else %}尚有{{ seats_left }}个名额须另行选举。{% endif %}",
    )
    docx.paragraph(doc, "{%p if secretary %}")
    docx.paragraph(
        doc,
        "    {{ officers_on }}，新一届委员会召开第一次全体会议，等额选举{{ secretary }}为书记"
        '{% if deputy_names %}，{{ deputy_names|join("、") }}为副书记{% endif %}。',
    )
    docx.paragraph(doc, "{%p endif %}")
    docx.paragraph(doc, "    {% if reported %}妥否，请批示。{% else %}特此报告。{% endif %}")
    _signed(doc, "{{ organization }}", "{{ signed_on }}")
    return doc


TEMPLATES = {
    "request": request,
    "reply": reply,
    "procedure": procedure,
    "ballot": ballot,
    "count_report": count_report,
}
