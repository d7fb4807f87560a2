"""The reminders page, for governance advisers: the reminders that need someone to act (failed
for good, or failing on our side), with a form to put a failed one back in the queue once its
cause is put right, and the outbox's recent history.

The rules are the service's and the outbox's (scheduler/outbox.py), as for GET /reminders and
POST /reminders/{id}/retry.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.dependencies import get_read_models, get_service, get_today
from api.web import PREFIX, Viewer, expired_form, render, viewer_of
from api.web.pages import pagination
from domain.access import Role, require_role
from domain.errors import InvalidLifecycleStep, NotAuthenticated, NotFound
from projections.reminders import reminder_list

router = APIRouter(include_in_schema=False)

PAGE = PREFIX + "/reminders"
PAGE_SIZE = 50
MAX_REASON = 2000


def _adviser(request: Request) -> Viewer:
    viewer = viewer_of(request)
    if not viewer.signed_in:
        raise NotAuthenticated("Sign in to see the reminders.")
    require_role(viewer.principal, (Role.ADVISER,), "see the reminders sent")
    return viewer


def _show(request: Request, viewer: Viewer, *, problems: list[tuple[str, str]] | None = None,
          reasons: dict[str, str] | None = None, status_code: int = 200) -> Response:
    connection = get_read_models(request).connection()
    try:
        page = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        page = 1
    needing = reminder_list(connection, needs_action=True, page_size=200)
    recent = reminder_list(connection, page=page, page_size=PAGE_SIZE)
    return render(request, "reminders.html", viewer=viewer, title="Reminders", needing=needing,
                  recent=recent, pagination=pagination(request, recent), problems=problems or [],
                  error_count=len(problems or []), errors=dict(problems or []),
                  reasons=reasons or {}, retried=request.query_params.get("retried"),
                  status_code=status_code)


@router.get(PAGE, response_class=HTMLResponse)
def reminders_page(request: Request) -> Response:
    return _show(request, _adviser(request))


@router.post(PAGE + "/{reminder_id}/retry", response_class=HTMLResponse)
async def retry(request: Request, reminder_id: str) -> Response:
    viewer = _adviser(request)
    posted = await request.form(max_files=0, max_fields=5)
    if expired := expired_form(request, viewer, posted):
        return expired
    try:
        found = UUID(reminder_id)
    except ValueError:
        raise NotFound(f"There is no reminder {reminder_id!r}.") from None
    field = f"reason-{found}"
    reason = str(posted.get("reason") or "").strip()
    if not reason or len(reason) > MAX_REASON:
        return _show(request, viewer, status_code=422, reasons={str(found): reason},
                     problems=[(field, "Say why it is tried again, e.g. \"mail settings "
                                f"corrected\" (at most {MAX_REASON} characters)")])
    service = get_service(request)
    try:
        service.requeue_reminder(found, reason=reason, actor=viewer.principal.name,
                                 on=get_today(request))
    except InvalidLifecycleStep:
        return _show(request, viewer, status_code=409, problems=[(
            field, "This reminder is no longer failed (it was put back in the queue or sent "
            "meanwhile), so nothing was recorded")])
    get_read_models(request).wait_for(service.last_position())
    return RedirectResponse(f"{PAGE}?retried={found}", status_code=303)
