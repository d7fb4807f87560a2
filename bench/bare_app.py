"""The baseline for bench/load.py: FastAPI with one trivial JSON endpoint, nothing else.

    .venv/bin/uvicorn bench.bare_app:app --port P

Served by uvicorn in one process with the same options as `scrutiny serve` (access log on), and
written as the app's routes are (plain ``def``, run in the thread pool; a pydantic body for the
POST), so that the ratio to it is the app's own cost over the framework's and the server's.
"""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="bare baseline")


class Update(BaseModel):
    rag: str
    note: str


@app.get("/ping")
def ping() -> dict[str, bool]:
    return {"ok": True}


@app.post("/ping")
def ping_update(body: Update) -> dict[str, str]:
    return {"rag": body.rag}
