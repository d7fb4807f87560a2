"""The API's wire format: the views it answers with, and the bodies of the requests that are not
lifecycle steps (accounts, tokens, calendar feeds, a reminder retried).

The steps' bodies are their commands (application/commands). Kept apart from the domain
objects; the value types (``Text``, ``TargetDate`` …) are the domain's own, so a bad value gets
the same message here as anywhere else.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.deadline_rules import ComputedDate
from domain.deadlines import DeadlineStatus, Timeliness
from domain.known_dates import DateKnown
from domain.review import EvidenceSession, InspectionFinding
from domain.values import (
    ActionStatus,
    CabinetDecision,
    RAGStatus,
    ReportedTo,
    ReviewKind,
    Title,
)

# --- views -------------------------------------------------------------------------------------

class ExtensionView(BaseModel):
    previous_due: date
    due: date
    reason: str
    actor: str
    extended_on: date


class DeadlineView(BaseModel):
    rule: str
    name: str
    citation: str
    explanation: str
    starts: date
    original_due: date
    due: date
    status: DeadlineStatus
    met_on: date | None
    met_known: DateKnown | None = Field(
        None, description="How much of met_on the papers give: exact, month, on_or_before "
        "(met by that day at the latest) or on_or_after")
    met_words: str | None = Field(None, description='When it was met, as known: "on or before '
                                  '15 July 2021"')
    timeliness: Timeliness | None = Field(
        None, description="Met: on_time or late where the dates prove it; not_known where the "
        "papers give only a month or a bound that does not decide it")
    on_time: bool | None = Field(description="True or false where it is known; null if not met "
                                 "or not known")
    days_remaining: int | None
    days_late: int | None = Field(description="Missed: days past due. Met late: at least this "
                                  "many days (exactly, where the day met is known)")
    extensions: list[ExtensionView]


class DeadlineEntry(DeadlineView):
    """A line of the deadline register: a deadline with the review and item it belongs to."""

    review_id: UUID
    review_reference: str
    review_title: str
    commission: str
    item_id: UUID
    item_label: str | None
    owner: str | None
    subject_kind: Literal["review", "programme_item"] = Field(
        "review", description="review: a review's, recommendation's or action's deadline "
        "(review_* name the review); programme_item: a work programme follow-up (review_id, "
        "review_reference and review_title are the item's own)")


class RuleView(BaseModel):
    id: str
    name: str
    counting: str
    citation: str
    explanation: str
    date_means: str


class ComputedDateView(BaseModel):
    rule: str
    start: date
    due: date
    due_at: datetime | None
    citation: str
    explanation: str
    working_note: str | None

    @classmethod
    def of(cls, computed: ComputedDate) -> ComputedDateView:
        return cls(
            rule=computed.rule.id, start=computed.start, due=computed.due,
            due_at=computed.due_at, citation=computed.citation,
            explanation=computed.explanation, working_note=computed.working_note,
        )


class ExemptionView(BaseModel):
    """Why information is exempt (LGA 1972 Sch 12A). The public sees the citation only."""

    citation: str
    paragraphs: list[int] | None = None
    reason: str | None = None
    review_by: date | None = None
    marked_by: str | None = None
    marked_on: date | None = None


class Exempt(BaseModel):
    exemption: ExemptionView | None = Field(
        None, description="Set when this is exempt information (staff and members only)."
    )
    exempt_notes: dict[str, ExemptionView] = Field(
        default_factory=dict, description="Exempt progress notes, by note number (1 = first)."
    )


class HistoryEntryView(BaseModel):
    version: int
    event: str
    what: str
    actor: str = Field(description="Who recorded it")
    business_date: date = Field(description="When it happened in the world")
    date_known: DateKnown = Field(DateKnown.EXACT, description="How much of business_date the "
                                  "papers give: exact, month, on_or_before or on_or_after")
    recorded_at: datetime = Field(description="When it was recorded (UTC)")
    source: str | None
    change: str | None = Field(None, description="What changed, old → new, where it applies")
    details: dict[str, Any]


class AuditLine(HistoryEntryView):
    """A line of the audit trail: one event, who recorded it, when, and what changed."""

    position: int
    aggregate_id: UUID
    aggregate_kind: str
    review_id: UUID
    item_label: str | None


class TrackerRow(BaseModel):
    item_id: UUID
    review_id: UUID
    review_reference: str
    commission: str
    item_kind: str
    label: str
    status: str
    rag: RAGStatus | None
    responsible_officer: str | None
    target_date: str | None
    last_update_on: date | None
    last_update_known: DateKnown | None = Field(
        None, description="How much of last_update_on the papers give (null: the day itself); "
        "days_since_last_update is then at least that many days")
    last_update_note: str | None
    last_update_withheld: bool = Field(
        False, description="The last update is exempt information you may not see: its note "
        "is a notice, and its date and RAG are left out")
    monitoring_since: date | None = Field(
        None, description="When implementation began: Cabinet's acceptance, or the plan's date"
    )
    days_since_last_update: int | None = Field(
        None, description="Days since the last progress update or, with none, since "
        "implementation began"
    )
    is_open: bool


class StatusCount(BaseModel):
    grouping: str
    item_kind: str
    status: str
    count: int


class ProgressUpdateView(BaseModel):
    reported_on: date | None = Field(description="None when the note is exempt information "
                                     "you may not see (so are its author and RAG)")
    date_known: DateKnown | None = Field(None, description="How much of reported_on the "
                                         "papers give; null: the day itself")
    reported_by: str | None
    rag: RAGStatus | None
    note: str


class RecommendationView(Exempt):
    id: UUID
    review_id: UUID
    label: str
    text: str
    status: str
    version: int
    allowed_steps: list[str]
    cabinet_decision: CabinetDecision | None
    cabinet_reason: str | None
    cabinet_response: str | None
    responded_on: date | None
    minute_number: str | None
    responsible_officer: str | None
    timeframe: str | None
    target_date: str | None
    original_target_date: str | None
    rag: RAGStatus | None
    latest_update: ProgressUpdateView | None
    progress_updates: list[ProgressUpdateView]
    completion_evidence: str | None
    completed_on: date | None
    closing_reason: str | None
    deadlines: list[DeadlineView] = Field(default_factory=list)
    history: list[HistoryEntryView] = Field(default_factory=list)


class ActionProgressView(BaseModel):
    reported_on: date | None = Field(description="None when the note is exempt information "
                                     "you may not see (so is its author)")
    date_known: DateKnown | None = Field(None, description="How much of reported_on the "
                                         "papers give; null: the day itself")
    reported_by: str | None
    status: ActionStatus
    note: str | None


class ActionView(Exempt):
    id: UUID
    number: str
    finding_number: str
    text: str
    owner: str | None
    by_when: str | None
    target_date: str | None
    status: ActionStatus
    status_wording: str
    duplicate_of: str | None
    version: int
    allowed_steps: list[str]
    progress_updates: list[ActionProgressView]
    deadlines: list[DeadlineView] = Field(default_factory=list)
    history: list[HistoryEntryView] = Field(default_factory=list)


class ReviewSummary(BaseModel):
    id: UUID
    reference: str
    title: str
    commission: str
    kind: ReviewKind
    status: str
    proposed_on: date
    recommendation_count: int
    action_count: int
    open_count: int | None = Field(None, description="Recommendations and actions still open")
    referred_to_osmb_on: date | None = None
    submitted_to_cabinet_on: date | None = None
    cabinet_responded_on: date | None = None
    closed_on: date | None = None
    version: int
    dates_known: dict[str, DateKnown] = Field(
        default_factory=dict, description="The review's dates the papers give only as a month "
        'or a bound, and how: {"proposed_on": "on_or_before"}')


class CabinetMeetingView(BaseModel):
    met_on: date
    minute_number: str | None
    labels: list[str]


class ReportBackView(BaseModel):
    reported_on: date
    reported_to: ReportedTo
    minute_number: str | None


class ReviewDetail(ReviewSummary, Exempt):
    members: list[str]
    allowed_steps: list[str]
    terms_of_reference: str | None
    evidence_sessions: list[EvidenceSession]
    findings: str | None
    osmb_comments: list[str]
    endorsed_on: date | None
    report_received_on: date | None
    notice_served_on: date | None
    report_to_council: bool
    deadlines: list[DeadlineView]
    cabinet_meetings: list[CabinetMeetingView]
    reports_back: list[ReportBackView]
    closing_note: str | None
    inspection_findings: list[InspectionFinding]
    unrecorded_steps: list[str] = Field(
        default_factory=list, description="Lifecycle steps the review's papers do not give, "
        "left unrecorded (no dates are invented for them)")

    recommendations: list[RecommendationView]
    actions: list[ActionView]
    history: list[HistoryEntryView]


# --- accounts, tokens and sessions -------------------------------------------------------------

class SignedInAccount(BaseModel):
    name: str
    role: str
    acts_for: list[str] = Field(
        description="For officers: the responsible-officer names and titles they report for."
    )


class SignInForm(BaseModel):
    csrf_token: str = Field(description="Send back as the sign-in form's csrf_token field.")


class SessionView(SignedInAccount):
    csrf_token: str = Field(
        description="Send this as the X-CSRF-Token header (or a form's csrf_token field) with "
        "every write made with the session cookie."
    )
    expires_at: datetime


class CreateToken(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: Title = Field(description='What the token is for, e.g. "reminder script".')


class TokenView(BaseModel):
    token_id: str
    account: str
    label: str
    created_at: datetime
    created_by: str
    last_used_on: date | None
    revoked_at: datetime | None
    revoked_by: str | None
    active: bool


class CreatedToken(TokenView):
    token: str = Field(
        description="The token itself, shown this once only: send it as "
        "'Authorization: Bearer <token>'. Only its hash is kept."
    )


# --- calendar feeds ----------------------------------------------------------------------------

class CreateCalendarFeed(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: Title = Field(default="Calendar",
                         description='Where the feed is subscribed, e.g. "Outlook on my laptop".')


class CalendarFeedView(BaseModel):
    feed_id: str
    account: str
    label: str
    created_at: datetime
    last_fetched_on: date | None
    revoked_at: datetime | None
    revoked_by: str | None
    active: bool


class CreatedCalendarFeed(CalendarFeedView):
    url: str = Field(
        description="The feed's address, shown this once only: subscribe to it from Outlook "
        "(Add calendar → Subscribe from web). Anyone with it can read your deadlines, so keep "
        "it private; revoke it with DELETE /calendar/feeds/{feed_id}. Only a hash of its key "
        "is kept."
    )


# --- exempt information ------------------------------------------------------------------------

class ExemptionRow(BaseModel):
    subject_id: UUID
    review_id: UUID
    review_reference: str
    subject_kind: str
    label: str | None
    note_number: int | None = Field(description="The progress note, if only a note is exempt")
    paragraphs: str
    citation: str
    reason: str
    review_by: date
    days_past_review: int = Field(description="Days since the review-by date (0 if not yet)")
    marked_by: str
    marked_on: date


Row = TypeVar("Row", bound=BaseModel)


class ListPage(BaseModel, Generic[Row]):
    """One page of a list; ``format=csv`` gives every row as CSV instead."""

    items: list[Row]
    total: int = Field(description="Rows matching the filters, on all pages")
    page: int
    page_size: int


class ReminderRecipient(BaseModel):
    name: str
    email: str
    why: str = Field(description='Why they are sent it, e.g. "chair, Improving Lives Select '
                     'Commission"')
    copied: bool = Field(description="True when copied (Cc) rather than addressed (To)")


class ReminderRow(BaseModel):
    """One reminder in the outbox: what it chases, who it went to and where delivery stands."""

    reminder_id: str
    reminder_key: str = Field(description="What it is about: the deadline, its due date and the "
                              "reminder day; or the adviser and the week of a digest")
    kind: Literal["deadline", "digest"]
    deadline_id: str | None
    review_id: str | None
    due: date | None
    subject_line: str
    recipients: list[ReminderRecipient]
    unreached: list[str] = Field(description="Who should have had it but has no address")
    status: Literal["queued", "sending", "retrying", "sent", "failed", "withdrawn"]
    attempts: int
    next_attempt_at: datetime | None
    queued_on: date = Field(description="The business day it was queued for")
    queued_at: datetime = Field(description="When it was recorded")
    changed_at: datetime
    answer: str | None = Field(description="The mail server's answer, or why it was withdrawn")
    message_id: str | None
    needs_action: bool = Field(description="An adviser has to see to it: it failed for good "
                               "(retry it once the cause is put right), or it keeps failing "
                               "on our side (it is retried; someone has to mend the cause)")


class RetryReminder(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000,
                        description="Why it is tried again, e.g. \"mail settings corrected\"")

