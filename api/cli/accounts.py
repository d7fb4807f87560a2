"""``scrutiny users`` and ``scrutiny tokens``: accounts and API tokens (identity/)."""

from __future__ import annotations

import typer

from api.cli.common import (
    _accounts,
    _cli_user,
    _fail,
    _now,
)

users = typer.Typer(help="Accounts: advisers, officers and members (the public needs none).")
tokens = typer.Typer(help="API tokens: made, listed and revoked; stored hashed, shown once.")


@users.command("add")
def users_add(
    name: str = typer.Argument(..., help="Sign-in name, e.g. katherine.harclerode"),
    email: str = typer.Option(..., help="Email address (reminders go here)."),
    role: str = typer.Option(..., help="adviser, officer or member."),
    acts_for: list[str] = typer.Option(
        [], "--acts-for",
        help="Officers: a responsible-officer name or title they report for, as written on "
        "recommendations and actions (repeat for several).",
    ),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
    no_password: bool = typer.Option(
        False, "--no-password", help="No password: the account signs in with API tokens only."
    ),
) -> None:
    """Create an account; its password is hashed with Argon2id."""
    import sys

    from domain.errors import DomainError

    accounts = _accounts()
    password: str | None = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not no_password:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        account = accounts.add(name, email, role, _now(), created_by=_cli_user(),
                               acts_for=tuple(acts_for), password=password)
    except DomainError as error:
        _fail(error.message)
    typer.echo(f"created {account.role.value} {account.name} <{account.email}>")


@users.command("list")
def users_list() -> None:
    """Every account with its role."""
    for account in _accounts().all():
        extra = f"  reports for: {', '.join(account.acts_for)}" if account.acts_for else ""
        typer.echo(f"{account.name:28} {account.role.value:8} {account.email}{extra}")


@tokens.command("create")
def tokens_create(
    account: str = typer.Argument(..., help="The account the token acts as."),
    label: str = typer.Option(..., help='What it is for, e.g. "reminder script".'),
) -> None:
    """Make an API token; it is printed this once and only its hash is kept."""
    from domain.errors import DomainError

    try:
        token, text = _accounts().create_token(account, label, _now(), created_by=_cli_user())
    except DomainError as error:
        _fail(error.message)
    typer.echo(f"token {token.token_id} for {token.account} ({token.label}); copy it now, "
                  "it will not be shown again:")
    print(text)


@tokens.command("list")
def tokens_list(
    account: str | None = typer.Argument(None, help="Only this account's tokens."),
) -> None:
    """API tokens (never the tokens themselves): id, account, label, made, last used, revoked."""
    for token in _accounts().tokens(account):
        state = "active"
        if token.revoked_at:
            state = f"revoked {token.revoked_at} by {token.revoked_by}"
        typer.echo(
            f"{token.token_id}  {token.account:24} {token.label:24} made {token.created_at[:10]}"
            f"  last used {token.last_used_on or 'never'}  {state}",
        )


@tokens.command("revoke")
def tokens_revoke(token_id: str = typer.Argument(..., help="The token's id.")) -> None:
    """Revoke a token; requests carrying it are refused from now on."""
    from domain.errors import DomainError

    try:
        token = _accounts().revoke_token(token_id, _now(), revoked_by=_cli_user())
    except DomainError as error:
        _fail(error.message)
    typer.echo(f"token {token.token_id} of {token.account} revoked")
