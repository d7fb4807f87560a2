"""Settings, read once from the environment at start-up.

Reminder emails (see the README's "Reminders" section): ``SCRUTINY_SMTP_HOST`` (unset: emails
are written as ``.eml`` files to ``SCRUTINY_MAIL_FOLDER``, default ``./data/mail``),
``SCRUTINY_SMTP_PORT``, ``SCRUTINY_SMTP_SECURITY`` (starttls, tls or none),
``SCRUTINY_SMTP_USERNAME``, ``SCRUTINY_SMTP_PASSWORD``, ``SCRUTINY_SMTP_CA_FILE``,
``SCRUTINY_MAIL_FROM``; or GOV.UK Notify
with ``SCRUTINY_NOTIFY_API_KEY`` and ``SCRUTINY_NOTIFY_TEMPLATE_ID``. ``SCRUTINY_SWEEP_MINUTES``
(default 1) is how often the reminder sweep runs; ``SCRUTINY_PUBLIC_URL`` is the address links
in emails point to.

``SCRUTINY_DATABASE_URL`` chooses the event store:
- ``sqlite:///./data/scrutiny.db`` (the default): an SQLite file, created on first use;
- ``postgresql://postgres@127.0.0.1:5432/test`` (optionally ``?schema=NAME``): PostgreSQL;
- ``memory://``: the library's in-memory store, for quick experiments and unit tests.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

from pydantic import ValidationError

from domain.council_settings import CouncilSettings

DEFAULT_DATABASE_URL = "sqlite:///./data/scrutiny.db"


class ConfigurationError(Exception):
    pass


@dataclass(frozen=True)
class MailConfiguration:
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_ca_file: str | None = None
    sender: str = "scrutiny@localhost"
    folder: str = "./data/mail"
    notify_api_key: str | None = None
    notify_template_id: str | None = None
    notify_base_url: str = "https://api.notifications.service.gov.uk"

    @classmethod
    def from_environment(cls) -> MailConfiguration:
        env = os.environ
        security = (env.get("SCRUTINY_SMTP_SECURITY") or "starttls").lower()
        if security not in ("starttls", "tls", "none"):
            raise ConfigurationError(
                f"SCRUTINY_SMTP_SECURITY {security!r} is not understood: use starttls, tls "
                "or none"
            )
        default_port = {"starttls": 587, "tls": 465, "none": 25}[security]
        port_text = env.get("SCRUTINY_SMTP_PORT") or str(default_port)
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ConfigurationError(f"SCRUTINY_SMTP_PORT {port_text!r} is not a port number")
        sender = env.get("SCRUTINY_MAIL_FROM") or "scrutiny@localhost"
        if "@" not in sender:
            raise ConfigurationError(f"SCRUTINY_MAIL_FROM {sender!r} is not an email address")
        if env.get("SCRUTINY_SMTP_USERNAME") and security == "none":
            raise ConfigurationError(
                "SCRUTINY_SMTP_USERNAME is set but SCRUTINY_SMTP_SECURITY is none: the password "
                "would cross the network in clear; use starttls or tls"
            )
        notify_key = env.get("SCRUTINY_NOTIFY_API_KEY") or None
        notify_template = env.get("SCRUTINY_NOTIFY_TEMPLATE_ID") or None
        if bool(notify_key) != bool(notify_template):
            raise ConfigurationError(
                "GOV.UK Notify needs both SCRUTINY_NOTIFY_API_KEY and SCRUTINY_NOTIFY_TEMPLATE_ID"
            )
        return cls(
            smtp_host=env.get("SCRUTINY_SMTP_HOST") or None, smtp_port=int(port_text),
            smtp_security=security,  # type: ignore[arg-type]
            smtp_username=env.get("SCRUTINY_SMTP_USERNAME") or None,
            smtp_password=env.get("SCRUTINY_SMTP_PASSWORD") or None,
            smtp_ca_file=env.get("SCRUTINY_SMTP_CA_FILE") or None, sender=sender,
            folder=env.get("SCRUTINY_MAIL_FOLDER") or "./data/mail",
            notify_api_key=notify_key, notify_template_id=notify_template,
            notify_base_url=env.get("SCRUTINY_NOTIFY_BASE_URL")
            or "https://api.notifications.service.gov.uk",
        )


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    council_settings_path: str | None = None
    mail: MailConfiguration = field(default_factory=MailConfiguration)
    sweep_minutes: float = 1.0
    public_url: str = "http://127.0.0.1:8000"
    send_claim_seconds: int = 600
    """How long a sender holds a reminder it is sending before another may send it (if the
    first died mid-send, that one goes again, with the same Message-ID)."""

    @property
    def on_postgres(self) -> bool:
        """Whether the store is PostgreSQL (several processes; one holds the role)."""
        return self.database_url.startswith(("postgresql:", "postgres:"))

    @classmethod
    def from_environment(cls) -> Settings:
        minutes = os.environ.get("SCRUTINY_SWEEP_MINUTES") or "1"
        try:
            sweep_minutes = float(minutes)
        except ValueError:
            sweep_minutes = 0
        if not 0 < sweep_minutes <= 1440:
            raise ConfigurationError(
                f"SCRUTINY_SWEEP_MINUTES {minutes!r} must be a number of minutes from 0.1 to 1440"
            )
        claim = os.environ.get("SCRUTINY_SEND_CLAIM_SECONDS") or "600"
        if not (claim.isascii() and claim.isdigit() and 1 <= int(claim) <= 86_400):
            raise ConfigurationError(
                f"SCRUTINY_SEND_CLAIM_SECONDS {claim!r} must be a whole number of seconds from 1 "
                "to 86400"
            )
        return cls(
            send_claim_seconds=int(claim),
            database_url=os.environ.get("SCRUTINY_DATABASE_URL") or DEFAULT_DATABASE_URL,
            council_settings_path=os.environ.get("SCRUTINY_COUNCIL_SETTINGS") or None,
            mail=MailConfiguration.from_environment(),
            sweep_minutes=sweep_minutes,
            public_url=os.environ.get("SCRUTINY_PUBLIC_URL") or "http://127.0.0.1:8000",
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


def store_environment(database_url: str, create_tables: bool = True) -> dict[str, str]:
    """The eventsourcing library's settings for a database URL; prepares the store if needed.

    Without ``create_tables`` nothing is created (no schema, no tables): API workers start so,
    the tables being made once by `scrutiny db migrate` (several processes creating the same
    PostgreSQL tables at once fail with "tuple concurrently updated")."""
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
        try:
            Path(path).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ConfigurationError(
                f"SCRUTINY_DATABASE_URL {database_url!r}: cannot make the folder for the file "
                f"({error.strerror or error})"
            ) from None
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
        if schema and (not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema)
                       or schema.startswith("pg_")):
            # The event store library names the schema unquoted, so PostgreSQL would fold it
            # to lower case and look for its tables in another schema than it made them in.
            raise ConfigurationError(
                f"SCRUTINY_DATABASE_URL's schema {schema!r} cannot be used: a schema name must "
                "be lower-case letters, digits and underscores (at most 63, not starting with "
                "a digit or pg_), e.g. ?schema=rotherham"
            )
        if schema:
            env["POSTGRES_SCHEMA"] = schema
            if create_tables:
                _create_schema(env, schema)
        if not create_tables:
            env["CREATE_TABLE"] = "n"
        return env
    raise ConfigurationError(
        f"SCRUTINY_DATABASE_URL {database_url!r} is not understood: it must start with "
        "sqlite:///, postgresql:// or memory://"
    )


def _create_schema(env: dict[str, str], schema: str) -> None:
    import psycopg
    from psycopg import sql

    try:
        with psycopg.connect(
            dbname=env["POSTGRES_DBNAME"], host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"],
            user=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"], autocommit=True,
            connect_timeout=int(env.get("POSTGRES_CONNECT_TIMEOUT", "10")),
        ) as connection:
            connection.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema))
            )
    except psycopg.Error as error:
        raise ConfigurationError(
            f"Cannot reach PostgreSQL database {env['POSTGRES_DBNAME']!r} at "
            f"{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']} to prepare schema {schema!r}: "
            f"{str(error).strip().splitlines()[-1] if str(error).strip() else error}"
        ) from None
