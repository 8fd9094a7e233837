"""The states and kinds stored as short strings, as ``StrEnum``s: each member's value is its name
in lower case (``CampaignState.OPEN == "open"``), so rows read back compare equal to members.
Here, below the domain, so that models and queries use them too; the domain re-uses them.

A satisfaction vote goes draft → open → sealing → closed (封存中: closed to ballots, its seal being
written); a congress session and each motion or election go draft → open → closed, each with its own
enum and its own state machine (``survey.domain.lifecycle``).
"""
from enum import StrEnum

CampaignState = StrEnum("CampaignState", "DRAFT OPEN SEALING CLOSED", module=__name__)  # 测评状态
CongressState = StrEnum("CongressState", "DRAFT OPEN CLOSED", module=__name__)  # 大会状态
AgendaItemState = StrEnum("AgendaItemState", "DRAFT OPEN CLOSED", module=__name__)  # 表决状态
# 题目类型: counted; free text; the department (a group); a profile question (基本情况, e.g. 工龄), never counted
ItemKind = StrEnum("ItemKind", "SCORED TEXT DEPARTMENT PROFILE", module=__name__)
ElectorateSource = StrEnum("ElectorateSource", "HEADCOUNT GIVEN CONGRESS", module=__name__)  # 应参与人数 from
ObjectionState = StrEnum("ObjectionState", "OPEN ANSWERED", module=__name__)  # 异议: open until answered
CountingMethod = StrEnum("CountingMethod", "RATE SCORE", module=__name__)  # 计分方法: rate, or a 0–100 score
# 最低参与率: more than half of the electorate (过半数), two-thirds or more (三分之二以上), or none
TurnoutFloor = StrEnum("TurnoutFloor", "MAJORITY TWO_THIRDS NONE", module=__name__)
Role = StrEnum("Role", "ADMIN ASSESSOR CHAIR", module=__name__)  # 角色 of a staff account
AgendaKind = StrEnum("AgendaKind", "MOTION ELECTION", module=__name__)  # 议程: 议案 or 选举
DelegateCategory = StrEnum("DelegateCategory", "FRONTLINE TECHNICAL MANAGEMENT OTHER", module=__name__)  # 代表构成
# 职工诉求: its category, its state (open → answered → closed, or marked abusive), how it was closed, and
# who wrote an entry of its thread (the worker's follow-up, the enterprise union's answer, the upper
# union's answer or direction)
ConcernCategory = StrEnum("ConcernCategory", "WAGES HOURS SAFETY CONTRACTS INSURANCE TREATMENT OTHER",
                          module=__name__)
ConcernState = StrEnum("ConcernState", "OPEN ANSWERED CLOSED ABUSIVE", module=__name__)
ConcernClosure = StrEnum("ConcernClosure", "SOLVED REFERRED EXPLAINED", module=__name__)
ConcernEntryKind = StrEnum("ConcernEntryKind", "FOLLOW_UP ANSWER DIRECTION", module=__name__)
# 劳动关系预警: the colour of a report (green, blue, yellow, red, from calm to acute) and a case's state
WarningLevel = StrEnum("WarningLevel", "GREEN BLUE YELLOW RED", module=__name__)
WarningCaseState = StrEnum("WarningCaseState", "OPEN CLOSED", module=__name__)
# 申报状态: draft → submitted → under_assessment → assessed → in_review → on_notice → named, or returned
# (to the chair, resubmittable), disqualified, withdrawn (survey.domain.declarations)
DeclarationState = StrEnum("DeclarationState", "DRAFT SUBMITTED UNDER_ASSESSMENT ASSESSED IN_REVIEW ON_NOTICE NAMED "
                                               "RETURNED DISQUALIFIED WITHDRAWN", module=__name__)
# 等级: the one enum stored as written, in capitals, as the trade writes the levels (A, AA, AAA)
Level = StrEnum("Level", [("A", "A"), ("AA", "AA"), ("AAA", "AAA")], module=__name__)
# 劳动争议调解: the level of a mediation body, and a case's state: open until it ends in an agreement
# (调解协议), a referral to arbitration (仲裁) or to court (诉讼), or is withdrawn
MediationLevel = StrEnum("MediationLevel", "CITY TOWN ENTERPRISE", module=__name__)
MediationState = StrEnum("MediationState", "OPEN AGREEMENT REFERRED_ARBITRATION REFERRED_COURT WITHDRAWN",
                         module=__name__)
# 动态管理: a named enterprise's title — named, yellow card (黄牌, with a deadline), delisted (摘牌), revoked (撤销)
TitleState = StrEnum("TitleState", "NAMED YELLOW_CARD DELISTED REVOKED", module=__name__)
# 抽查方式: unannounced visit, documents, workers' forum, the assessor's anonymous survey
CheckMethod = StrEnum("CheckMethod", "VISIT DOCUMENTS FORUM SURVEY", module=__name__)
# what revokes a title at once: a major accident with liability, a mass incident over labour relations
RevokingEvent = StrEnum("RevokingEvent", "MAJOR_ACCIDENT MASS_INCIDENT", module=__name__)
# 后台任务: long work off the request path — closing a large vote, a large export, many slips — and its
# state: queued → running → done or failed (a failed one can be queued again)
JobKind = StrEnum("JobKind", "CLOSE EXPORT SLIPS", module=__name__)
JobState = StrEnum("JobState", "QUEUED RUNNING DONE FAILED", module=__name__)
