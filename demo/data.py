"""Fixed lists for the Wanzhou demo: the 86 departments and units, by level and category."""

CATEGORIES = [
    "党委工作机关",
    "人大政协机关",
    "政府工作部门",
    "审判检察机关",
    "群团组织",
    "事业单位",
    "中央在万单位",
    "市属在万单位",
]

CENTRAL = [
    "国家税务总局重庆市万州区税务局",
    "国网重庆市电力公司万州供电分公司",
    "中国人民银行重庆市万州分行",
    "国家金融监督管理总局万州监管分局",
    "万州海关",
    "重庆市万州区气象局",
    "国家统计局万州调查队",
    "中国邮政集团有限公司重庆市万州区分公司",
]
MUNICIPAL = [
    "重庆三峡中心医院",
    "重庆三峡医药高等专科学校",
    "重庆市万州区烟草专卖局",
    "重庆市万州食品药品检验所",
    "重庆三峡水利电力（集团）万州公司",
    "重庆市万州区盐业公司",
    "重庆市万州港航管理中心",
    "重庆市万州公路养护中心",
    "重庆市万州水文水资源勘测分局",
    "重庆市万州地震监测中心",
    "重庆市万州区农业科学研究所",
    "重庆市万州区林业科学研究所",
]
# (name, category index)
DISTRICT = [
    ("万州区委办公室", 0),
    ("万州区人大常委会办公室", 1),
    ("万州区政府办公室", 2),
    ("万州区政协办公室", 1),
    ("万州区纪委监委机关", 0),
    ("万州区委组织部", 0),
    ("万州区委宣传部", 0),
    ("万州区委统战部", 0),
    ("万州区委政法委", 0),
    ("万州区委编办", 0),
    ("万州区发展改革委", 2),
    ("万州区教委", 2),
    ("万州区科技局", 2),
    ("万州区经济信息委", 2),
    ("万州区民族宗教委", 2),
    ("万州区公安局", 2),
    ("万州区民政局", 2),
    ("万州区司法局", 2),
    ("万州区财政局", 2),
    ("万州区人力社保局", 2),
    ("万州区规划自然资源局", 2),
    ("万州区生态环境局", 2),
    ("万州区住房城乡建委", 2),
    ("万州区城市管理局", 2),
    ("万州区交通局", 2),
    ("万州区水利局", 2),
    ("万州区农业农村委", 2),
    ("万州区商务委", 2),
    ("万州区文化旅游委", 2),
    ("万州区卫生健康委", 2),
    ("万州区退役军人事务局", 2),
    ("万州区应急管理局", 2),
    ("万州区审计局", 2),
    ("万州区国资委", 2),
    ("万州区市场监管局", 2),
    ("万州区体育局", 2),
    ("万州区统计局", 2),
    ("万州区医保局", 2),
    ("万州区林业局", 2),
    ("万州区信访办", 2),
    ("万州区大数据发展局", 2),
    ("万州区机关事务管理局", 2),
    ("万州区人民法院", 3),
    ("万州区人民检察院", 3),
    ("万州区总工会", 4),
    ("共青团万州区委", 4),
    ("万州区妇联", 4),
    ("万州区科协", 4),
    ("万州区文联", 4),
    ("万州区残联", 4),
    ("万州区工商联", 4),
    ("万州区红十字会", 4),
    ("万州区档案馆", 5),
    ("万州区委党校", 5),
    ("万州区融媒体中心", 5),
    ("万州区供销合作社", 5),
    ("万州区移民事务中心", 5),
    ("万州区公共资源交易中心", 5),
    ("万州区政务服务管理办", 2),
    ("万州区招商投资促进局", 2),
    ("万州区港口物流中心", 5),
    ("万州区住房公积金管理中心", 5),
    ("万州区不动产登记中心", 5),
    ("万州区地方志办", 5),
    ("万州区乡村振兴局", 2),
    ("万州区粮食和物资储备中心", 5),
]

# Units whose organizations are party committees (党委): system or large units.
PARTY_COMMITTEE_UNITS = [
    "国家税务总局重庆市万州区税务局",
    "国网重庆市电力公司万州供电分公司",
    "重庆三峡中心医院",
    "万州区公安局",
    "万州区教委",
]

BRANCH_SUFFIXES = [
    "机关第一党支部",
    "机关第二党支部",
    "机关第三党支部",
    "机关第四党支部",
    "机关第五党支部",
    "机关第六党支部",
    "机关第七党支部",
    "机关第八党支部",
    "离退休干部党支部",
    "综合党支部",
    "业务党支部",
    "执法党支部",
    "直属单位第一党支部",
    "直属单位第二党支部",
    "直属单位第三党支部",
    "直属单位第四党支部",
    "青年党支部",
    "后勤党支部",
]

COMMITTEE_SECTIONS = [
    ("办公室", "office"),
    ("组织科", "organization"),
    ("宣教科", "propaganda"),
    ("纪工办", "discipline"),
]
COMMITTEE_PLAQUES = ["区直机关工会", "区直机关团工委"]
# (post, establishment, actual) of the seed: 13 staff against an establishment of 9.
COMMITTEE_STAFFING = [
    ("secretary", 1, 1),
    ("deputy_secretary", 2, 2),
    ("discipline_secretary", 1, 1),
    ("section_chief", 4, 6),
    ("principal_staff", 1, 2),
    ("support", 0, 1),
]

# -- the history of 2004–2005 (demo.history) ----------------------------------------------------

# Departments whose party organizations were founded after the 2005 adjustment: on 2004-12-31
# the organ party organizations of 80 departments were led (the seed), today those of 86.
FOUNDED_LATER = {
    "万州区政务服务管理办": 2006,
    "万州区公共资源交易中心": 2008,
    "万州区招商投资促进局": 2010,
    "万州区不动产登记中心": 2015,
    "万州区大数据发展局": 2018,
    "万州区退役军人事务局": 2019,
    "万州区应急管理局": 2019,
    "万州区医保局": 2019,
    "万州区乡村振兴局": 2021,
}
# The district departments besides the working committee that led organ party organizations
# before 2005 (多头管理): the district committee itself, the state-enterprise working
# committee, and ten system committees dissolved by the adopted plan.
SASAC_COMMITTEE = "中共万州区国有企业工作委员会"
SYSTEM_COMMITTEES = [
    "中共万州区财贸系统委员会",
    "中共万州区农业系统委员会",
    "中共万州区城乡建设系统委员会",
    "中共万州区工业交通系统委员会",
    "中共万州区政法系统委员会",
    "中共万州区文教系统委员会",
    "中共万州区卫生系统委员会",
    "中共万州区科技系统委员会",
    "中共万州区民政系统委员会",
    "中共万州区群团系统委员会",
]
# The three enterprises whose organizations the adopted plan moved out to the state-enterprise
# working committee.
ENTERPRISES = [
    "万州区城市建设投资（集团）有限公司",
    "万州区交通建设投资集团有限公司",
    "万州区水务集团有限公司",
]
# The seed's figures of the adopted plan.
PLAN_IN_ORGANIZATIONS, PLAN_IN_MEMBERS = 29, 4148
PLAN_OUT_ORGANIZATIONS, PLAN_OUT_MEMBERS = 3, 283
