"""SQLAlchemy 2.0 typed models, one module per aggregate, all on one metadata.

Import models from here (``from survey.data.models import Campaign``), never from their modules.
"""
from .base import Base, SecretBallot, SecretRow
from .campaigns import Answer, Ballot, BallotCode, Campaign, Item, Option, Questionnaire
from .congress import (AgendaItem, Candidate, Congress, CongressCode, Delegate, Election, ElectionBallot,
                       ElectionChoice, Motion, MotionBallot, SignIn)
from .naming import Certificate, Objection
from .organisations import Enterprise, Jurisdiction, User
from .seals import Seal

__all__ = [
    "AgendaItem", "Answer", "Ballot", "BallotCode", "Base", "Campaign", "Candidate", "Congress", "CongressCode",
    "Delegate", "Election", "ElectionBallot", "ElectionChoice", "Enterprise", "Item", "Jurisdiction", "Motion",
    "MotionBallot", "Option", "Questionnaire", "Seal", "SecretBallot", "SecretRow", "SignIn", "User",
]
