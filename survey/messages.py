"""Every message key the domain raises, in words (English source; Chinese via Flask-Babel).

The web pages, the JSON API and the operator commands all speak through this module.
"""
from babel import Locale
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l

MESSAGES = {
    "illegal_transition": _l("This step is not possible now: it is %(current)s."),
    "unknown_code": _l("We do not know this ballot code. Please check it against your slip."),
    "code_used": _l("This ballot code has already been used. If you just voted, your ballot is counted."),
    "vote_not_open": _l("This vote has not opened yet."),
    "vote_closed": _l("This vote is closed."),
    "bad_answers": _l("Some answers need your attention."),
    "required": _l("Please answer this question."),
    "not_an_option": _l("Please choose one of the options."),
    "too_long": _l("Please keep this under 1000 characters."),
    "unknown_item": _l("This question is not part of the vote."),
    "invalid_input": _l("Please correct the marked fields."),
    "title_length": _l("Give a title of 1 to 200 characters."),
    "electorate_range": _l("The electorate must be a whole number from 1 to 1,000,000."),
    "scale_choice": _l("Choose a 3-point or 5-point scale."),
    "method_choice": _l("Choose the satisfaction-rate or the score method."),
    "turnout_floor_choice": _l("Choose the minimum turnout: more than half, two-thirds or more, or none."),
    "threshold_range": _l("The threshold must be a number above 0 and at most 100."),
    "closes_before_opens": _l("The closing time must come after the opening time."),
    "questionnaire_frozen": _l("The vote has opened; its questionnaire and settings can no longer change."),
    "campaign_closed": _l("The vote is closed."),
    "count_range": _l("Issue from 1 to %(limit)s codes at a time."),
    "codes_exceed_electorate": _l("No more codes than voters: the electorate is %(electorate)s and %(issued)s codes are issued already. To issue spare codes beyond it, confirm the spare margin."),
    "unauthorized": _l("Sign in, or send an API key as “Authorization: Bearer …”."),
    "method_not_allowed": _l("This address does not accept that request."),
    "forbidden": _l("You do not have access to this."),
    "not_found": _l("Not found."),
    "results_hidden": _l("Results stay hidden until the vote is closed."),
    "results_sealing": _l("The vote is closed to ballots and its seal is being written; the results are shown once it is sealed."),
    # the assessor's spot-check survey, the public notice's objections, the certificate
    "spot_check_not_under_assessment": _l("A spot-check survey can be started only while the declaration is under assessment."),
    "spot_check_exists": _l("This declaration has its spot-check survey already."),
    "objection_not_on_notice": _l("Objections are taken only while the enterprise is on public notice, until the notice ends."),
    "objection_unknown": _l("We do not know this tracking code. Please check it."),
    "objection_answered": _l("This objection has been answered already."),
    "objection_open": _l("An objection to this declaration is still open: answer it before naming."),
    "long_text_limit": _l("Please keep this to at most 2,000 characters."),
    "short_text_limit": _l("Please keep this to at most 100 characters."),
    "text_markup": _l("Please write plain text, without HTML tags."),
    "certificate_not_named": _l("A certificate is issued only once the enterprise is named."),
    "certificate_unknown": _l("No certificate has this number."),
    "year_range": _l("The year must be a whole number from 2000 to 2099."),
    "not_sealed": _l("This vote was closed before sealing existed: it has no seal to export."),
    "export_format": _l("Choose the format json, csv, xlsx or summary.xlsx."),
    "export_labels": _l("Choose labels=keys or labels=text."),
    "username_length": _l("A user name has 1 to 80 characters."),
    "password_short": _l("A password needs at least 8 characters."),
    "role_choice": _l("The role must be admin, assessor or chair."),
    "enterprise_required": _l("A chair needs an existing enterprise."),
    "jurisdiction_required": _l("An existing jurisdiction is needed."),
    "username_taken": _l("This user name is taken."),
    "name_length": _l("Give a name of 1 to 200 characters."),
    "departments_invalid": _l("Give at most 50 departments, each a distinct name of at most 100 characters."),
    "credit_code_length": _l("A unified social credit code has exactly 18 characters."),
    "credit_code_characters": _l("A unified social credit code uses only digits and capital letters other than I, O, S, V and Z."),
    "credit_code_check": _l("The check character of this unified social credit code is wrong; please check the code."),
    "headcount_range": _l("The headcount must be a whole number from 1 to 1,000,000."),
    "credit_code_taken": _l("An enterprise with this unified social credit code exists already."),
    "enterprise_name_taken": _l("An enterprise of this name exists already in this jurisdiction."),
    "jurisdiction_name_length": _l("Give a jurisdiction name of 1 to 100 characters."),
    "jurisdiction_name_taken": _l("A jurisdiction of this name exists already under the same parent."),
    "jurisdiction_cycle": _l("A jurisdiction cannot be placed under itself or under a jurisdiction below it."),
    "staffing_vote_open": _l("A vote of this enterprise is open: its headcount and departments can change once it is closed."),
    "account_role_choice": _l("Choose the role: union chair or assessor."),
    "enterprises_rejected": _l("No enterprise was imported: please correct these lines and upload the file again."),
    "enterprises_unsupported_file_type": _l("Upload the enterprises as an Excel (.xlsx) or CSV file."),
    "enterprises_empty_file": _l("The file is empty."),
    "enterprises_unreadable_file": _l("The file cannot be read. Save it again from Excel as .xlsx or CSV and retry."),
    "enterprises_duplicate_header": _l("The column “%(column)s” appears twice."),
    "enterprises_missing_header": _l("Columns missing from the header: %(columns)s (名称, 统一社会信用代码, 职工人数, 所属工会/辖区)."),
    "enterprises_too_many_rows": _l("One import has at most %(limit)s enterprises."),
    "enterprises_too_many_lines": _l("An import file has at most %(limit)s lines, empty lines included."),
    "enterprises_none": _l("The file has no enterprises."),
    "enterprises_unknown_jurisdiction": _l("No jurisdiction you administer is called “%(value)s”."),
    "enterprises_ambiguous_jurisdiction": _l("Several jurisdictions you administer are called “%(value)s”: rename one first."),
    "enterprises_duplicate_code": _l("The same unified social credit code is already on line %(first_line)s."),
    "enterprises_duplicate_name": _l("An enterprise of this name and jurisdiction is already on line %(first_line)s."),
    "weight_range": _l("A weight is a whole number from 0 to 100."),
    "score_range": _l("A score is a whole number from 0 to 100."),
    "text_required": _l("The text cannot be empty."),
    "option_text_length": _l("An option text has at most 200 characters."),
    "item_kind_choice": _l("Choose a scored question or a profile question."),
    "profile_options": _l("A profile question needs 2 to 20 different options, one per line, each at most 200 characters."),
    "time_format": _l("Give a date and time such as 2026-05-20T18:00."),
    "bad_json": _l("Send a JSON object."),
    "invalid_value": _l("This value has the wrong type or is out of range."),
    "unstorable_text": _l("This text contains control characters (such as NUL) that cannot be stored."),
    "too_large": _l("The upload is too large: at most 5 MB."),
    "login_failed": _l("Wrong user name or password."),
    "too_many": _l("Too many attempts. Please wait a minute and try again."),
    "sign_in_blocked": _l("Too many failed sign-ins; try again in %(minutes)s minutes."),
    "csrf": _l("The form expired. Please try again."),
    "server_error": _l("Something went wrong on our side. Nothing was saved; please try again."),
    "roster_rejected": _l("The roster was not imported: please correct these lines and upload it again."),
    "roster_unsupported_file_type": _l("Upload the roster as an Excel (.xlsx) or CSV file."),
    "roster_empty_file": _l("The file is empty."),
    "roster_unreadable_file": _l("The file cannot be read. Save it again from Excel as .xlsx or CSV and retry."),
    "roster_duplicate_header": _l("The column “%(column)s” appears twice."),
    "roster_missing_header": _l("Columns missing from the header: %(columns)s (name, department, category)."),
    "roster_too_many_rows": _l("A roster has at most %(limit)s delegates."),
    "roster_too_many_lines": _l("A roster file has at most %(limit)s lines, empty lines included."),
    "roster_no_delegates": _l("The file has no delegates."),
    "roster_missing_name": _l("The name is missing."),
    "roster_name_too_long": _l("The name is longer than %(limit)s characters."),
    "roster_department_too_long": _l("The department is longer than %(limit)s characters."),
    "roster_missing_category": _l("The category is missing (frontline, technical, management or other)."),
    "roster_unknown_category": _l("Unknown category “%(value)s”: use frontline, technical, management or other."),
    "roster_duplicate_delegate": _l("The same delegate is already on line %(first_line)s."),
    "roster_line": _l("Line %(line)s: %(text)s"),
    "congress_roster_fixed": _l("The session has opened: its roster can no longer change."),
    "congress_delegate_exists": _l("%(name)s is already on the roster."),
    "congress_unknown_delegate": _l("This delegate is not on the roster of this session."),
    "congress_no_delegates": _l("Add the delegates before opening the session."),
    "congress_not_in_session": _l("The session is not open (it is %(current)s)."),
    "congress_no_quorum": _l("No quorum: %(present)s of %(total)s delegates are present; two-thirds or more must be present before a ballot opens."),
    "congress_signed_in": _l("%(name)s has already signed in."),
    "congress_closed": _l("The session is closed."),
    "congress_not_closed": _l("The resolution sheet is ready once the session is closed."),
    "congress_item_open": _l("Close every open ballot before closing the session."),
    "congress_item_not_open": _l("This ballot is not open (it is %(current)s)."),
    "congress_codes_issued": _l("Every present delegate voting by phone already has a code for this ballot."),
    "congress_codes_exceed": _l("This vote has one code per signed-in delegate: %(delegates)s in all, %(issued)s issued already. It must be open first."),
    "congress_paper_exceeds": _l("%(ballots)s paper ballots, but only %(voters)s delegates vote on paper."),
    "congress_paper_votes": _l("No candidate can have more votes than the %(ballots)s paper ballots, and no ballot more than %(seats)s marks."),
    "congress_count": _l("Give a whole number, 0 or more."),
    "congress_unknown_candidate": _l("Only candidates of this election can get votes."),
    "congress_too_many_choices": _l("Choose at most %(seats)s candidates."),
    "congress_candidates": _l("Give 1 to 200 distinct candidate names of at most 50 characters."),
    "congress_seats": _l("The seats must be a whole number from 1 to the number of candidates."),
    "congress_choice": _l("Choose a session of this enterprise."),
    "congress_delegates_list": _l("Delegates must be a list of objects with name, department and category."),
    "congress_file_required": _l("Choose a roster file to upload."),
    "unknown_concern_token": _l("This concern link is not known (any more). Ask your union for the current poster."),
    "unknown_tracking_code": _l("We do not know this tracking code. Please check it."),
    "concern_text_length": _l("Please write 5 to 2,000 characters."),
    "concern_category_choice": _l("Please choose what your concern is about."),
    "concern_name_length": _l("A name has at most 50 characters, in plain text."),
    "concern_phone_format": _l("Give a phone number of 7 to 20 digits (spaces and dashes allowed), or leave it empty."),
    "concerns_too_many": _l("Too many messages for now: please try again tomorrow."),
    "concern_closed": _l("This concern is closed. To raise something new, scan the concern QR again."),
    "concern_not_escalated": _l("The upper union sees this concern in full, and may answer it, only once its answer is overdue."),
    "concern_closure_choice": _l("Choose how the concern was closed: solved, referred or explained."),
    "warning_text_length": _l("Write at most 2,000 characters here (an event needs a short narrative)."),
    "warning_window_order": _l("A window ends on or after the day it starts."),
    "warning_point_exists": _l("This enterprise is a warning point already."),
    "warning_liaison_invalid": _l("The liaison must be an account that can see this enterprise (its chair by default)."),
    "warning_period_or_event": _l("Send either the period of a periodic report or \"event\": true, not both."),
    "warning_period_invalid": _l("A period is May or October of a year (2026-05, 2026-10), or a week of an intensified window (2026-W40)."),
    "warning_period_not_in_window": _l("No intensified reporting window covers this week."),
    "warning_period_reported": _l("This period is reported already."),
    "warning_indicator_invalid": _l("Not an indicator, or out of range: months 0 to 120, a share 0 to 100, a whole count, a flag true or false."),
    "warning_rule_invalid": _l("A rule needs a known indicator, a comparison (>=, >, <=, <, =), a value in its range and a level."),
    "warning_owner_invalid": _l("The owner must be an assessor (or admin) of the enterprise's jurisdiction."),
    "warning_case_closed": _l("This case is closed."),
    "mediation_text_length": _l("Please write 1 to 2,000 characters in plain text (a name: at most 100, a place: at most 200)."),
    "mediation_level_choice": _l("A city or town body belongs to a jurisdiction, an enterprise's body to its enterprise: choose one and its level."),
    "mediator_account_invalid": _l("A mediator's account must be an active staff account that sees this mediation body."),
    "mediation_body_elsewhere": _l("Choose a mediation body that serves this enterprise: its own, or one of its jurisdiction or above."),
    "mediation_concern_not_referred": _l("Only a concern closed as referred can go to mediation: answer it and close it as referred first."),
    "mediation_already_referred": _l("This has already been referred to mediation."),
    "mediation_case_closed": _l("This mediation case has ended."),
    "mediation_session_day": _l("A session is held between the day the case was received and today."),
    "mediation_outcome_choice": _l("Choose how the case ended: an agreement, referred to arbitration, referred to court, or withdrawn."),
    "mediation_mediator_invalid": _l("An agreement names the mediator, one of this body's mediators."),
    "mediation_no_agreement": _l("This case did not end in an agreement: there is no agreement to print."),
    "concern_days_range": _l("The days to answer a concern are a whole number from 1 to 90."),
    "concern_follow_up_added": _l("Your follow-up is added. The union will answer it."),
    "cycle_exists": _l("This jurisdiction has a cycle for %(year)s already."),
    "cycle_year_range": _l("The year must be from 2000 to 2099."),
    "notice_days_range": _l("The public notice lasts from 0 to 90 days."),
    "min_score_range": _l("A minimum score is a number from 0 to 1000 with at most two decimals."),
    "level_choice": _l("Choose the level A, AA or AAA."),
    "date_format": _l("Give a date as YYYY-MM-DD, from 2000 to 2099."),
    "date_order": _l("The end of this period must not come before its start."),
    "cycle_scheme_frozen": _l("A declaration of this cycle has been submitted: its criteria and minimum scores can no longer change."),
    "criteria_count": _l("A scheme has 1 to 200 criteria."),
    "criterion_key": _l("A criterion's key has 1 to 40 lower-case letters, digits or underscores, beginning with a letter."),
    "criterion_key_twice": _l("Two criteria have the same key."),
    "criterion_text": _l("A criterion needs its Chinese text; each text has at most 2000 characters."),
    "criterion_points": _l("A criterion's maximum is above 0 and at most 100 points, with at most two decimals."),
    "criterion_veto_points": _l("A veto criterion carries no points."),
    "criterion_has_evidence": _l("Criterion %(key)s has evidence files attached to a declaration, so it cannot be removed."),
    "criterion_unknown": _l("This is not a criterion of the declaration's scheme."),
    "criterion_score_range": _l("Give points from 0 to the criterion's maximum, with at most two decimals."),
    "score_veto_choice": _l("A veto criterion is met (true) or not (false)."),
    "text_length": _l("Give a text of 1 to 4000 characters."),
    "declaration_exists": _l("This enterprise has a declaration in this cycle already."),
    "declaration_cycle_choice": _l("Choose a cycle of the enterprise's jurisdiction or of one above it."),
    "declaration_level_not_allowed": _l("Level %(level)s cannot be declared: a first declaration is for A; AA needs a level held in an earlier year; AAA needs AA held in each of the two years before."),
    "declaration_vote_not_qualified": _l("Attach the enterprise's own self-check vote of the cycle's year, closed, sealed and qualified at 80 percent or more, by all workers or by the congress."),
    "declaration_reason_required": _l("Give the reason (up to 2000 characters)."),
    "declaration_note_length": _l("A note has at most 2000 characters."),
    "declaration_deadline_passed": _l("The declaration deadline (%(deadline)s) has passed."),
    "declaration_self_scores_missing": _l("Give a self-score for every criterion before submitting."),
    "declaration_scores_missing": _l("Score every criterion before concluding the assessment (missing: %(missing)s)."),
    "declaration_veto_failed": _l("A veto criterion is not met (%(vetoes)s): the declaration fails whatever its total; disqualify it with the reason."),
    "declaration_below_minimum": _l("The total of %(total)s points is below the level's minimum of %(minimum)s: disqualify the declaration with the reason."),
    "declaration_notice_running": _l("The public notice is not over: naming is possible from %(notice_ends)s."),
    "declaration_not_editable": _l("Only a draft or a returned declaration can be changed by the enterprise."),
    "declaration_not_under_assessment": _l("This is recorded while the declaration is under assessment."),
    "declaration_scores_closed": _l("Scores can be given now neither by you nor in this state of the declaration."),
    "evidence_type": _l("Evidence files are PDF, JPEG or PNG."),
    "evidence_too_large": _l("An evidence file has at most %(limit)s MB."),
    "evidence_too_many": _l("A declaration has at most %(limit)s evidence files."),
    "forum_attendees": _l("Give the attendees as whole numbers per category (frontline, technical, management, other), at least one in all."),
    # dynamic management of a named enterprise's title
    "title_none": _l("This enterprise has never been named, so it holds no title."),
    "title_ended": _l("The title was delisted or revoked: there is nothing left to check."),
    "yellow_card_reasons": _l("Give the reasons: the criteria found below the level, one a line."),
    "yellow_card_deadline": _l("The deadline to put things right must come after today."),
    "yellow_card_overdue": _l("The deadline (%(deadline)s) has passed: the rectification came too late, so the title can only be delisted, with the finding."),
    "revoking_event_choice": _l("Choose the event: a major accident with the enterprise's liability, or a mass incident."),
    "event_in_future": _l("The day cannot be after today."),
    "check_method_choice": _l("Choose the method: an unannounced visit, documents, a workers' forum or an anonymous survey."),
    "declaration_waiting_period": _l("The enterprise lost its title (delisted or revoked) and may declare again from the %(year)s cycle."),
    "setting_range": _l("This setting is out of its range: months 1–24, near days 0–90, waiting cycles 0–10, coverage target 1–100%."),
    "board_sort_choice": _l("Sort by enterprise, composite, turnout or discrepancy."),
    # long work off the request path (后台任务)
    "job_not_failed": _l("Only a failed job can be tried again."),
    "job_failed": _l("The work failed on the server; the operator's log says why. Try again."),
    "job_abandoned": _l("The work was started several times and stopped each time before its end; tell the operator."),
    "job_no_file": _l("This job has no file to download: it is not done, or its file was deleted after a while."),
    "job_slips_elsewhere": _l("These slips open only in the browser that asked for them (they hold the codes), while it stays signed in."),
}

# 后台任务: a job's kind and state, as its progress page says them
JOB_KINDS = {"close": _l("Closing and sealing the vote"), "export": _l("Exporting the ballots"),
             "slips": _l("Printing ballot slips")}
JOB_STATES = {"queued": _l("waiting"), "running": _l("running"), "done": _l("done"), "failed": _l("failed")}

STATES = {"draft": _l("draft"), "open": _l("open"), "sealing": _l("sealing"), "closed": _l("closed"),
          "submitted": _l("submitted"), "under_assessment": _l("under assessment"), "assessed": _l("assessed"),
          "in_review": _l("in review"), "on_notice": _l("on public notice"), "named": _l("named"),
          "returned": _l("returned"), "disqualified": _l("disqualified"), "withdrawn": _l("withdrawn"),
          "yellow_card": _l("yellow card"), "delisted": _l("delisted"), "revoked": _l("revoked")}
# 称号: a named enterprise's title as the public list and the assessor's pages say it; 抽查方式; 撤销事由
TITLE_STATES = {"named": _l("named"), "yellow_card": _l("yellow card (黄牌)"), "delisted": _l("delisted (摘牌)"),
                "revoked": _l("revoked (撤销)")}
# how a yellow card ended (None: still open)
TITLE_OUTCOMES = {None: _l("being put right"), "named": _l("rectified"), "delisted": _l("delisted"),
                  "revoked": _l("revoked")}
CHECK_METHODS = {"visit": _l("unannounced visit"), "documents": _l("documents"), "forum": _l("workers' forum"),
                 "survey": _l("anonymous survey of the workers")}
REVOKING_EVENTS = {"major_accident": _l("major accident with the enterprise's liability"),
                   "mass_incident": _l("mass incident over labour relations")}

# 职工诉求: what it is about, where it stands, how it was closed, who wrote an entry of its thread.
CONCERN_CATEGORIES = {
    "wages": _l("Wages"), "hours": _l("Working hours and rest"), "safety": _l("Safety and health"),
    "contracts": _l("Labour contract"), "insurance": _l("Social insurance"),
    "treatment": _l("Treatment at work"), "other": _l("Something else"),
}
# 预警: the levels and the indicators in words.
WARNING_LEVELS = {"green": _l("green"), "blue": _l("blue"), "yellow": _l("yellow"), "red": _l("red")}
WARNING_INDICATORS = {
    "wage_arrears_months": _l("Months of wage arrears"), "unpaid_insurance_months": _l("Months of unpaid social insurance"),
    "no_contract_share": _l("Share of workers without a labour contract (%)"),
    "unlawful_overtime": _l("Unlawful overtime"), "below_minimum_wage": _l("Pay below the minimum wage"),
    "layoffs_planned": _l("Layoffs planned (workers)"), "open_disputes": _l("Open labour disputes"),
    "collective_incident": _l("Collective petition or stoppage"),
    "vote_below_threshold": _l("Latest vote below its threshold (Harmony)"),
    "concerns_overdue": _l("Concerns overdue (Harmony)"),
    "concerns_rising": _l("Concerns rising (Harmony)"),
}
CONCERN_STATES = {"open": _l("waiting for an answer"), "answered": _l("answered"), "closed": _l("closed"),
                  "abusive": _l("marked abusive")}
CONCERN_CLOSURES = {"solved": _l("solved"), "referred": _l("referred to management, the Party or mediation"),
                    "explained": _l("explained")}
CONCERN_ENTRIES = {"follow_up": _l("The worker adds"), "answer": _l("The union answers"),
                   "direction": _l("The upper union directs")}

# 劳动争议调解: the levels of a body and the states of a case, in words.
MEDIATION_LEVELS = {"city": _l("city"), "town": _l("town"), "enterprise": _l("enterprise")}
MEDIATION_STATES = {"open": _l("being mediated"), "agreement": _l("agreement reached"),
                    "referred_arbitration": _l("referred to arbitration"), "referred_court": _l("referred to court"),
                    "withdrawn": _l("withdrawn")}

# The turnout floor (最低参与率), as a rule in words: "ballots from …".
TURNOUT_FLOORS = {
    "majority": _l("more than half of the electorate"),
    "two_thirds": _l("two-thirds of the electorate or more"),
    "none": _l("any number of voters (no minimum turnout)"),
}

# The verdict of a tally (`rules.Verdict`).
VERDICTS = {
    "qualified": _l("Self-check qualified"),
    "not_qualified": _l("Self-check not qualified"),
    "turnout_too_low": _l("Invalid: turnout too low"),
    "no_valid_ballots": _l("No valid ballots"),
}

# Every reason key the domain returns, one table: verdicts, missing statistics, election outcomes.
REASONS = {
    # warnings beside the statistics
    "low_turnout": _l("Fewer than half of the electorate voted: the result may not speak for everyone."),
    "wide_interval": _l("The margin of error is wider than ±5 percentage points (±5 points on the score scale): read the result as a range, not a single figure."),
    "no_interval": _l("These ballots are too few or too alike to estimate a margin of error."),
    "electorate_exceeded": _l("More ballots were cast than the electorate: check the electorate before relying on the margin of error."),
    # the verdict of a tally
    "composite_reaches": _l("The composite satisfaction rate reaches the threshold (inclusive), and no item is below its floor."),
    "composite_below": _l("The composite satisfaction rate is below the threshold."),
    "composite_reaches_score": _l("The composite score reaches the threshold (inclusive), and no item is below its floor."),
    "composite_below_score": _l("The composite score is below the threshold."),
    "no_valid_ballots": _l("There is no valid ballot to count."),
    "floor": _l("Item “%(item)s” is below its floor."),
    "veto": _l("Item “%(item)s” is below its veto floor, which fails the vote outright."),
    "turnout_floor": _l("Too few voted: the vote counts only with ballots from %(rule)s."),
    # why a statistic is missing
    "no_responses": _l("No ballot has a scored answer."),
    "no_answers": _l("Nobody answered."),
    "single_respondent": _l("One respondent alone says nothing about everyone else."),
    "single_answer": _l("One answer alone has no spread."),
    "no_variance": _l("Every respondent gave the same answers, so there is no spread to measure."),
    "census": _l("Everyone in the electorate voted, so the result is exact, not an estimate."),
    "too_few_items": _l("Consistency needs at least two scored items."),
    "too_few_respondents": _l("Consistency needs at least two respondents who answered every scored item."),
    "too_few_groups": _l("Fewer than two departments have answers to compare."),
    "too_few_groups_shown": _l("Fewer than two departments have 5 ballots or more, so departments are not compared."),
    "method_changed": _l("The previous vote used another counting method, so only the item rates are compared."),
    "questionnaire_changed": _l("The previous vote asked other questions, weighed them otherwise or counted other options as satisfied, so its composite is not compared."),
    "definition_changed": _l("This item counted other options as satisfied (or scored them otherwise) in the previous vote, so it is not compared."),
    "question_changed": _l("This item was worded differently in the previous vote, so it is not compared."),
    "not_qualified": _l("The vote is not qualified under its item rules, so no confidence is claimed for it."),
    "below_turnout_floor": _l("Turnout is below the vote's floor, so no conclusion is drawn."),
    # a candidate's outcome in an election
    "elected": _l("Elected"),
    "tied_at_boundary": _l("Tied for the last seat: the congress decides"),
    "below_majority": _l("Not more than half of all delegates"),
    "outranked": _l("Outranked by the elected"),
}


def verdict_text(verdict: str) -> str:
    return str(VERDICTS[verdict])


def reason(key: str | None) -> str | None:
    return str(REASONS.get(key, key)) if key else None


_translated: dict[tuple[Locale | None, str], str] = {}


def _words(key: str) -> str:
    """MESSAGES[key] in the current language, taken from the catalogue once per process and language
    (each str() of a lazy text looks the language and the catalogue up again)."""
    kept = (get_locale(), key)
    if kept not in _translated:
        _translated[kept] = str(MESSAGES[key])
    return _translated[kept]


_tables: dict[tuple[int, Locale | None], tuple[dict, dict]] = {}


def _in_words(value):
    return {key: _in_words(item) for key, item in value.items()} if isinstance(value, dict) else str(value)


def translated(table: dict) -> dict:
    """A table of texts (``STATES``, or a dict of such tables) in the current language, translated once per
    process and language: a page that lists a thousand titles shows their states without a thousand lookups."""
    kept = (id(table), get_locale())
    if kept not in _tables:
        _tables[kept] = (table, _in_words(table))  # the table held, so that its id is not reused
    return _tables[kept][1]


def message(key: str, /, **details) -> str:
    if key not in MESSAGES:
        return key
    if "current" in details:
        current = details["current"]
        details["current"] = STATES.get(current, MEDIATION_STATES.get(current, current))
    words = _words(key)
    try:
        return words % details if "%(" in words else words
    except (KeyError, ValueError):
        return words


def field_errors(errors: dict[str, str], /, **details) -> dict[str, str]:
    return {field: message(key, **details) for field, key in errors.items()}


def bilingual(render) -> str:
    """``render()`` in Chinese, then in English: the operator commands speak both, as their readers may."""
    with force_locale("zh"):
        chinese = str(render())
    with force_locale("en"):
        english = str(render())
    return chinese if chinese == english else f"{chinese} {english}"


def say(text, /, **details) -> str:
    """An operator's message: a lazy string of the catalogue with its details, in Chinese and English."""
    return bilingual(lambda: str(text) % details if details else text)
