"""Request-scoped things the routers ask for: the service, the actor and today's date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Header, Request

from api.views import Pages as PagesOf
from domain.service import ScrutinyService
from domain.values import Name
from projections.read_models import ReadModels


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


def get_read_models(request: Request) -> ReadModels:
    read_models: ReadModels = request.app.state.read_models
    return read_models


def get_pages(request: Request) -> PagesOf:
    return PagesOf(get_service(request), get_read_models(request), get_today(request))


Service = Annotated[ScrutinyService, Depends(get_service)]
Actor = Annotated[str, Depends(get_actor)]
Today = Annotated[date, Depends(get_today)]
Reads = Annotated[ReadModels, Depends(get_read_models)]
Pages = Annotated[PagesOf, Depends(get_pages)]
