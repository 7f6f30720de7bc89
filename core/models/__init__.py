"""Database models, split by domain."""

from core.models.audit import AuditEvent
from core.models.content import Article, Department, Hotline, Office, Topic
from core.models.fleet import (
    BrowserError,
    KioskActivity,
    Terminal,
    TerminalCommand,
    TerminalEvent,
    TerminalHeartbeat,
    UsageBatch,
    UsageCount,
    UsageOutbox,
    UsageTally,
)
from core.models.notices import NoticeAck, UrgentNotice
from core.models.release import Release
from core.models.reports import Report, ReportNote, ReportSequence
from core.models.revisions import Revision
from core.models.speech import Pronunciation
from core.models.users import User

__all__ = ["Article", "AuditEvent", "Department", "Hotline", "Office", "Release", "Revision", "Topic", "User"]
__all__ += ["BrowserError", "KioskActivity", "Terminal", "TerminalCommand", "TerminalEvent", "TerminalHeartbeat"]
__all__ += ["Pronunciation", "UsageBatch", "UsageCount", "UsageOutbox", "UsageTally"]
__all__ += ["Report", "ReportNote", "ReportSequence"]
__all__ += ["NoticeAck", "UrgentNotice"]
