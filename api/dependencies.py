"""Request-scoped things the routers ask for: the service, the actor and today's date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Header, Request

from domain.service import ScrutinyService
from domain.values import Name


def get_service(request: Request) -> ScrutinyService:
    service: ScrutinyService = request.app.state.service
    return service


def get_actor(
    x_actor: Annotated[
        Name,
        Header(
            description="Who is recording this step. Until sign-in arrives (issue 5) the caller "
            "names themselves here; it is never taken from the request body."
        ),
    ],
) -> str:
    return x_actor


def get_today(request: Request) -> date:
    today: date = request.app.state.clock.today()
    return today


Service = Annotated[ScrutinyService, Depends(get_service)]
Actor = Annotated[str, Depends(get_actor)]
Today = Annotated[date, Depends(get_today)]
