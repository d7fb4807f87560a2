"""``scrutiny audit``: verify the hash chain over the event log, and export it for an auditor."""

from __future__ import annotations

import typer

audit_app = typer.Typer(help="The verifiable audit trail: the hash chain over the event log.")
