"""``scrutiny demo``: the demo data from the Rotherham papers (demo/), and demo sign-ins."""

from __future__ import annotations

import typer

from api.cli.common import (
    _accounts,
    _fail,
    _now,
    _read_models,
    _service,
    _settings,
    console,
)

DEMO_ACCOUNTS = (
    # (name, email, role, acts for): an adviser for the ILSC, and an officer who reports for
    # "CYPS Training", the owner of HMIP action 2.3, the one action still in progress.
    ("demo-adviser", "demo-adviser@rotherham.example", "adviser", ()),
    ("demo-officer", "demo-officer@rotherham.example", "officer", ("CYPS Training",)),
)


def demo(
    accounts: bool = typer.Option(
        False, "--accounts",
        help="Also make demo sign-ins (demo-adviser, demo-officer) with new random passwords, "
        "printed here; run again for new ones. Never on a live council's store.",
    ),
) -> None:
    """Load the demo data (real ILSC cases) into the configured store; safe to run twice."""
    from demo import load_demo

    settings = _settings()
    service = _service(settings)
    result = load_demo(service)
    for reference in result.loaded:
        console.print(f"loaded  {reference}")
    for reference in result.already_present:
        console.print(f"present {reference} (already loaded; nothing duplicated)")
    projected = _read_models(service).projector.catch_up()
    console.print(f"views up to date ({projected} events projected)")
    if accounts:
        if not settings.database_url.startswith(("sqlite", "memory")):
            _fail("--accounts makes sign-ins with passwords printed here: only on a demo's "
                  "SQLite file, never on a council's PostgreSQL store.")
        _demo_accounts()
    else:
        console.print("Reading needs no account. To record steps, make an adviser and a token:\n"
                      "  scrutiny users add NAME --email EMAIL --role adviser\n"
                      "  scrutiny tokens create NAME --label laptop", highlight=False)


def _demo_accounts() -> None:
    import secrets

    from domain.errors import NotFound

    store = _accounts()
    console.print("Sign in to the dashboard with:", highlight=False)
    for name, email, role, acts_for in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(12)
        try:
            account = store.get(name)
        except NotFound:
            account = store.add(name, email, role, _now(), created_by="scrutiny demo",
                                acts_for=acts_for, password=password)
        if account.created_by != "scrutiny demo":
            console.print(f"  {name}: an account of that name was not made by the demo; "
                          "left alone", highlight=False)
            continue
        store.set_password(name, password)
        console.print(f"  {role:8} {name:14} password {password}", highlight=False)
