"""The ``scrutiny`` command: a module per command group, registered here.

serving (serve, worker), reminders (sweep, reminders), demo, store (db, projections), backup
(backup, restore, db copy, projections digest), audit, reports (report), accounts (users,
tokens), imports (import) and deadlines. Each builds what it runs in application/bootstrap.py.
Exit codes: 0 done; 2 refused, with the reason (some commands also use 1: see their help).
"""

from __future__ import annotations

import typer

from api.cli.accounts import tokens, users
from api.cli.audit import audit_app
from api.cli.backup import backup, db_copy, projections_digest, restore
from api.cli.deadlines import deadlines
from api.cli.demo import demo
from api.cli.imports import importing
from api.cli.reminders import reminders, sweep
from api.cli.reports import report
from api.cli.serving import serve, worker
from api.cli.store import database, projections

app = typer.Typer(
    help="Scrutiny lifecycle engine: reviews, recommendations, Cabinet responses and the "
    "statutory deadlines between them. The store is chosen by SCRUTINY_DATABASE_URL "
    "(default sqlite:///./data/scrutiny.db).",
    no_args_is_help=True,
    add_completion=False,
)
for command in (serve, worker, sweep, demo, backup, restore):
    app.command()(command)
database.command("copy")(db_copy)
projections.command("digest")(projections_digest)
for group, name in ((reminders, "reminders"), (database, "db"), (projections, "projections"),
                    (audit_app, "audit"), (report, "report"), (users, "users"),
                    (tokens, "tokens"), (importing, "import"), (deadlines, "deadlines")):
    app.add_typer(group, name=name)


def main() -> None:
    app()
