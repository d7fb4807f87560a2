"""Settings, read once from the environment at start-up.

``SCRUTINY_DATABASE_URL`` chooses the event store:
- ``sqlite:///./data/scrutiny.db`` (the default): an SQLite file, created on first use;
- ``postgresql://postgres@127.0.0.1:5432/test`` (optionally ``?schema=NAME``): PostgreSQL;
- ``memory://``: the library's in-memory store, for quick experiments and unit tests.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from pydantic import ValidationError

from domain.clock import Clock
from domain.council_settings import CouncilSettings
from domain.service import ScrutinyService

DEFAULT_DATABASE_URL = "sqlite:///./data/scrutiny.db"


class ConfigurationError(Exception):
    pass


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    council_settings_path: str | None = None

    @classmethod
    def from_environment(cls) -> Settings:
        return cls(
            database_url=os.environ.get("SCRUTINY_DATABASE_URL") or DEFAULT_DATABASE_URL,
            council_settings_path=os.environ.get("SCRUTINY_COUNCIL_SETTINGS") or None,
        )


DEFAULT_COUNCIL_SETTINGS = "council.toml"


def load_council_settings(path: str | None) -> CouncilSettings:
    """The council's constitution settings from TOML; defaults where the file is silent.

    With no path given, ``./council.toml`` is read if it exists.
    """
    if path is None:
        if not Path(DEFAULT_COUNCIL_SETTINGS).exists():
            return CouncilSettings()
        path = DEFAULT_COUNCIL_SETTINGS
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except FileNotFoundError:
        raise ConfigurationError(f"Council settings file {path!r} does not exist") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigurationError(
            f"Council settings file {path!r} is not valid TOML: {error}"
        ) from None
    try:
        return CouncilSettings.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or 'file'}: {problem['msg']}"
            for problem in error.errors()
        )
        raise ConfigurationError(f"Council settings file {path!r}: {problems}") from None


def store_environment(database_url: str) -> dict[str, str]:
    """The eventsourcing library's settings for a database URL; prepares the store if needed."""
    parts = urlsplit(database_url)
    if parts.scheme == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if parts.scheme == "sqlite":
        # sqlite:///relative/path and sqlite:////absolute/path, as SQLAlchemy writes them.
        path = unquote(database_url[len("sqlite:///"):]) if database_url.startswith(
            "sqlite:///") else ""
        if not path:
            raise ConfigurationError(
                f"SCRUTINY_DATABASE_URL {database_url!r} names no file: use sqlite:///./data/scrutiny.db"
            )
        Path(path).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(Path(path).expanduser().resolve()),
            "SQLITE_LOCK_TIMEOUT": "10",
        }
    if parts.scheme in {"postgresql", "postgres"}:
        database = parts.path.lstrip("/")
        if not database:
            raise ConfigurationError(
                f"SCRUTINY_DATABASE_URL {database_url!r} names no database: "
                "use postgresql://postgres@127.0.0.1:5432/test"
            )
        schema = parse_qs(parts.query).get("schema", [""])[0]
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(database),
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_CONNECT_TIMEOUT": "10",
            "POSTGRES_PRE_PING": "y",
        }
        if schema:
            env["POSTGRES_SCHEMA"] = schema
            _create_schema(env, schema)
        return env
    raise ConfigurationError(
        f"SCRUTINY_DATABASE_URL {database_url!r} is not understood: it must start with "
        "sqlite:///, postgresql:// or memory://"
    )


def _create_schema(env: dict[str, str], schema: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        dbname=env["POSTGRES_DBNAME"], host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"],
        user=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"], autocommit=True,
    ) as connection:
        connection.execute(
            sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema))
        )


def build_service(settings: Settings | None = None, clock: Clock | None = None) -> ScrutinyService:
    """The composition root of the write side: the service on the configured store."""
    settings = settings or Settings.from_environment()
    return ScrutinyService(
        env=store_environment(settings.database_url),
        clock=clock,
        council=load_council_settings(settings.council_settings_path),
    )
