"""The ``scrutiny`` command: serve the API, load the demo data."""

from __future__ import annotations

import typer
from rich.console import Console

from api.config import ConfigurationError, Settings, build_service

app = typer.Typer(
    help="Scrutiny lifecycle engine: reviews, recommendations, Cabinet responses and the "
    "statutory deadlines between them. The store is chosen by SCRUTINY_DATABASE_URL "
    "(default sqlite:///./data/scrutiny.db).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Serve the HTTP API (OpenAPI documentation at /docs)."""
    import uvicorn

    from api.app import create_app

    settings = Settings.from_environment()
    service = _service(settings)
    console.print(f"Serving on http://{host}:{port} (store: {_safe(settings.database_url)})")
    uvicorn.run(create_app(service), host=host, port=port, log_level="info")


@app.command()
def demo() -> None:
    """Load the demo data (real ILSC cases) into the configured store; safe to run twice."""
    from api.demo import load_demo

    settings = Settings.from_environment()
    result = load_demo(_service(settings))
    for reference in result.loaded:
        console.print(f"loaded  {reference}")
    for reference in result.already_present:
        console.print(f"present {reference} (already loaded; nothing duplicated)")


def _service(settings: Settings):  # type: ignore[no-untyped-def]
    try:
        return build_service(settings)
    except ConfigurationError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None


def _safe(url: str) -> str:
    """The database URL without its password, for printing."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


def main() -> None:
    app()
