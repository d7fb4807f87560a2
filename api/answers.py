"""The API's answers (response bodies), read from the views (never by replaying events), with
read-your-writes: a step's answer waits until the views hold the step it recorded."""

from __future__ import annotations

import logging
from datetime import date
from uuid import UUID

from api.schemas import ActionView, RecommendationView, ReviewDetail
from application.service import ScrutinyService
from domain.access import SEES_EVERYTHING, ExemptAccess
from domain.action_plan import action_id
from domain.errors import NotFound
from domain.recommendation import recommendation_id
from projections.read_models import ReadModels

log = logging.getLogger(__name__)


class Answers:
    def __init__(self, service: ScrutinyService, read_models: ReadModels, today: date,
                 access: ExemptAccess = SEES_EVERYTHING) -> None:
        self.service = service
        self.read_models = read_models
        self.today = today
        # What exempt information (LGA 1972 Sch 12A) the reader may see.
        self.access = access

    def settle(self) -> None:
        """Wait until the views include what this request just recorded."""
        if not self.read_models.wait_for(self.service.last_position()):
            log.warning("views did not catch up with position %s in time",
                        self.service.last_position())

    def catch_up_with_the_log(self) -> None:
        """Before answering "not found", let the views catch up with writes made elsewhere."""
        self.read_models.wait_for(self.service.recorder.max_notification_id() or 0, timeout=5)

    def review(self, review: str | UUID, settle: bool = False) -> ReviewDetail:
        if settle:
            self.settle()
        review_id = str(self.service.review_id(review))
        page = self.read_models.review_page(review_id, self.today, self.access)
        if page is None:
            self.catch_up_with_the_log()
            page = self.read_models.review_page(review_id, self.today, self.access)
        if page is None:
            raise NotFound(f"There is no review {str(review)!r}.")
        return ReviewDetail.model_validate(page)

    def recommendation(self, review: str, label: str, settle: bool = False
                       ) -> RecommendationView:
        if settle:
            self.settle()
        item_id = str(recommendation_id(self.service.review_id(review), label))
        page = self.read_models.item_page(item_id, self.today, self.access)
        if page is None:
            self.catch_up_with_the_log()
            page = self.read_models.item_page(item_id, self.today, self.access)
        if page is None:
            self.review(review)  # names the review if that is what is missing
            raise NotFound(f"There is no recommendation {label!r} in review {review!r}.")
        return RecommendationView.model_validate(page)

    def action(self, review: str, number: str, settle: bool = False) -> ActionView:
        if settle:
            self.settle()
        item_id = str(action_id(self.service.review_id(review), number))
        page = self.read_models.item_page(item_id, self.today, self.access)
        if page is None:
            self.catch_up_with_the_log()
            page = self.read_models.item_page(item_id, self.today, self.access)
        if page is None:
            self.review(review)
            raise NotFound(f"There is no action {number!r} in review {review!r}.")
        return ActionView.model_validate(page)
