"""SQLAlchemy 2.0 typed models, one module per aggregate, all on one metadata.

Import models from here (``from survey.data.models import Campaign``), never from their modules.
"""
from .assessment import (Criterion, CriterionScore, Cycle, Declaration, DeclarationEvent, DocumentCheck, Evidence,
                         Forum, SettingChange, SignOff)
from .base import Base, SecretBallot, SecretRow
from .campaigns import Answer, Ballot, BallotCode, Campaign, Item, Option, Questionnaire
from .concerns import Concern, ConcernEntry, DayRewrite
from .jobs import Job
from .congress import (AgendaItem, Candidate, Congress, CongressCode, Delegate, Election, ElectionBallot,
                       ElectionChoice, Motion, MotionBallot, SignIn)
from .mediation import MediationBody, MediationCase, MediationEvent, MediationSession, Mediator
from .naming import Certificate, Objection
from .organisations import Enterprise, Jurisdiction, User
from .seals import Seal
from .titles import Title, TitleCheck, TitleEvent
from .warnings import ColourRule, ReportingWindow, WarningCase, WarningPoint, WarningReport

__all__ = [
    "AgendaItem", "Answer", "Ballot", "BallotCode", "Base", "Campaign", "Candidate", "Certificate", "ColourRule",
    "Concern", "ConcernEntry", "Congress", "CongressCode", "Criterion", "CriterionScore", "Cycle", "DayRewrite",
    "Declaration", "DeclarationEvent", "Delegate", "DocumentCheck", "Election", "ElectionBallot", "ElectionChoice",
    "Enterprise", "Evidence", "Forum", "Item", "Job", "Jurisdiction", "MediationBody", "MediationCase",
    "MediationEvent", "MediationSession", "Mediator", "Motion", "MotionBallot", "Objection", "Option", "Questionnaire",
    "ReportingWindow", "Seal", "SecretBallot", "SecretRow", "SettingChange", "SignIn", "SignOff", "Title",
    "TitleCheck", "TitleEvent", "User", "WarningCase", "WarningPoint", "WarningReport",
]
