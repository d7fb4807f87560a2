"""Accounts, roles, API tokens, web sessions and security headers (issue 5)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from application.service import ScrutinyService
from demo import load_demo
from domain.clock import FixedClock
from identity.accounts import Accounts
from projections.read_models import ReadModels
from tests.conftest import TODAY, RunningServer, bearer, settle, token_for
from tests.http.test_exempt_information import CANARY, plant_exempt_records

SCRUTINY = str(Path(sys.executable).with_name("scrutiny"))
PASSWORD = "Improving lives 2022"
HMIP = "hmip-yot-inspection-action-plan"


@pytest.fixture
def demo(service: ScrutinyService, read_models: ReadModels) -> None:
    load_demo(service)
    settle(read_models)


def client(server: RunningServer, token: str | None = None) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers=bearer(token) if token else {}, timeout=30)


def sign_in(browser: httpx.Client, fields: dict[str, str]) -> httpx.Response:
    """Sign in as a browser does: fetch the form (and its cookie), then post it."""
    form = browser.get("/session/form")
    cookie = f"scrutiny_sign_in={form.cookies['scrutiny_sign_in']}"
    return browser.post("/session", data={**fields, "csrf_token": form.json()["csrf_token"]},
                        headers={"Cookie": cookie})


def test_each_role_may_do_only_its_own_part(
    demo: None, server: RunningServer, accounts: Accounts
) -> None:
    adviser = token_for(accounts, "katherine.harclerode")
    member = token_for(accounts, "cllr.pitchley", role="member")
    officer = token_for(accounts, "cyps.training", role="officer", acts_for=("CYPS Training",))
    progress = {"status": "progressing_on_track", "note": "Training booked for all YOT staff",
                "business_date": "2022-06-20"}

    with client(server) as public:
        refused = public.post(f"/reviews/{HMIP}/actions/2.3/progress", json=progress)
        assert refused.status_code == 401
        assert public.get(f"/reviews/{HMIP}").status_code == 200  # reading needs no account
    with client(server, member) as councillor:
        refused = councillor.post(f"/reviews/{HMIP}/actions/2.3/progress", json=progress)
        assert refused.status_code == 403
        assert refused.json()["error"] == "forbidden"
        assert "cllr.pitchley is a member" in refused.json()["message"]
    with client(server, officer) as own_officer:
        # Action 2.3's owner is "CYPS Training"; 2.2 belongs to the Head of Service LAC.
        other = own_officer.post(f"/reviews/{HMIP}/actions/2.2/progress", json=progress)
        assert other.status_code == 403
        assert "Head of Service LAC" in other.json()["message"]
        step = own_officer.post(f"/reviews/{HMIP}/closure", json={"note": "All done"})
        assert step.status_code == 403
        assert "needs the adviser role" in step.json()["message"]
        done = own_officer.post(f"/reviews/{HMIP}/actions/2.3/progress", json=progress)
        assert done.status_code == 200, done.text
        assert done.json()["history"][-1]["actor"] == "cyps.training"
    with client(server, adviser) as governance:
        noted = governance.post(f"/reviews/{HMIP}/actions/2.3/progress",
                                json={**progress, "note": "Checked by the adviser"})
        assert noted.status_code == 200
        assert noted.json()["history"][-1]["actor"] == "katherine.harclerode"


def test_the_actor_comes_from_the_credentials_never_the_body(
    demo: None, api: httpx.Client
) -> None:
    sneaky = api.post("/reviews/post-cse-support/recommendations/b/progress",
                      json={"rag": "green", "note": "x", "actor": "someone.else"})
    assert sneaky.status_code == 422
    assert sneaky.json()["problems"][0]["field"] == "actor"
    bad_token = api.get("/me", headers=bearer("scr_0000_nothing"))
    assert bad_token.status_code == 401
    not_bearer = api.get("/me", headers={"Authorization": "Basic a2F0aDpwdw=="})
    assert not_bearer.status_code == 401
    assert api.get("/me").json() == {"name": "katherine.harclerode", "role": "adviser",
                                     "acts_for": []}


def test_tokens_are_shown_once_stored_hashed_and_can_be_revoked(
    server: RunningServer, accounts: Accounts, read_models: ReadModels
) -> None:
    first = token_for(accounts, "katherine.harclerode")
    with client(server, first) as adviser:
        made = adviser.post("/tokens", json={"label": "reminder script"})
        assert made.status_code == 201
        second = made.json()["token"]
        assert second.startswith("scr_")
        listed = adviser.get("/tokens").json()
        assert {t["label"] for t in listed} == {"tests", "reminder script"}
        assert all("token" not in t for t in listed)
        assert adviser.get("/me", headers=bearer(second)).status_code == 200
        revoked = adviser.delete(f"/tokens/{made.json()['token_id']}")
        assert revoked.json()["active"] is False
        assert revoked.json()["revoked_by"] == "katherine.harclerode"
        gone = adviser.get("/me", headers=bearer(second))
        assert gone.status_code == 401
        assert "revoked" in gone.json()["message"]
        assert adviser.delete("/tokens/nosuchtoken").status_code == 404
    stored = read_models.connection().query("SELECT secret_hash FROM api_tokens")
    assert len(stored) == 2
    for secret in (first, second):
        assert all(secret.split("_", 2)[2] not in row["secret_hash"] for row in stored)
    member = token_for(accounts, "cllr.pitchley", role="member")
    with client(server, member) as councillor:
        others = councillor.delete(f"/tokens/{made.json()['token_id']}")
        assert others.status_code == 403
        assert councillor.get("/tokens", params={"account": "katherine.harclerode"}
                              ).status_code == 403


def test_web_sessions_use_secure_cookies_csrf_and_sign_out(
    demo: None, server: RunningServer, accounts: Accounts
) -> None:
    accounts.add("katherine.harclerode", "k.harclerode@rotherham.example", "adviser", TODAY,
                 created_by="tests", password=PASSWORD)
    with client(server) as browser:
        signed_in = sign_in(browser, {"login": "K.Harclerode@rotherham.example",
                                                   "password": PASSWORD})
        assert signed_in.status_code == 200, signed_in.text
        cookie_header = signed_in.headers["set-cookie"].lower()
        for flag in ("httponly", "secure", "samesite=strict", "path=/"):
            assert flag in cookie_header
        csrf = signed_in.json()["csrf_token"]
        forged = browser.post("/session", data={"login": "katherine.harclerode",
                                                "password": PASSWORD, "csrf_token": "x"})
        assert forged.status_code == 403
        assert "did not come from this site" in forged.json()["message"]
        cookie = {"Cookie": f"scrutiny_session={signed_in.cookies['scrutiny_session']}"}
        step = {"rag": "amber", "note": "Forum meets monthly", "business_date": "2022-09-13"}
        path = "/reviews/post-cse-support/recommendations/b/progress"
        no_csrf = browser.post(path, json=step, headers=cookie)
        assert no_csrf.status_code == 403
        assert "CSRF" in no_csrf.json()["message"]
        wrong = browser.post(path, json=step, headers={**cookie, "X-CSRF-Token": "guess"})
        assert wrong.status_code == 403
        saved = browser.post(path, json=step, headers={**cookie, "X-CSRF-Token": csrf})
        assert saved.status_code == 200
        assert saved.json()["history"][-1]["actor"] == "katherine.harclerode"
        assert browser.get("/session", headers=cookie).json()["csrf_token"] == csrf
        out = browser.delete("/session", headers={**cookie, "X-CSRF-Token": csrf})
        assert out.status_code == 204
        assert browser.get("/me", headers=cookie).json()["role"] == "public"
        after = browser.post(path, json=step, headers={**cookie, "X-CSRF-Token": csrf})
        assert after.status_code == 401


def test_sign_in_pauses_after_repeated_failures(
    server: RunningServer, accounts: Accounts, clock: FixedClock
) -> None:
    accounts.add("katherine.harclerode", "k@rotherham.example", "adviser", TODAY,
                 created_by="tests", password=PASSWORD)
    with client(server) as browser:
        for _ in range(5):
            failed = sign_in(browser, {"login": "katherine.harclerode",
                                                    "password": "wrong password!"})
            assert failed.status_code == 401
        paused = sign_in(browser, {"login": "katherine.harclerode",
                                                "password": PASSWORD})
        assert paused.status_code == 429
        assert int(paused.headers["retry-after"]) > 0
        assert "Too many failed sign-ins" in paused.json()["message"]
        clock.advance_to(TODAY + timedelta(minutes=16))
        again = sign_in(browser, {"login": "katherine.harclerode",
                                               "password": PASSWORD})
        assert again.status_code == 200
        unknown = sign_in(browser, {"login": "nobody", "password": PASSWORD})
        assert unknown.status_code == 401
        assert unknown.json()["message"] == ("That name or email and password do not match "
                                             "an account.")


def test_the_pause_counts_failures_per_account_whichever_login_is_typed(
    server: RunningServer, accounts: Accounts, clock: FixedClock
) -> None:
    accounts.add("katherine.harclerode", "K.Harclerode@rotherham.example", "adviser", TODAY,
                 created_by="tests", password=PASSWORD)
    wrong = "wrong password!"
    with client(server) as browser:
        # Name and email name one account: five guesses in all, not five each.
        for login in ("katherine.harclerode", "k.harclerode@rotherham.example",
                      "KATHERINE.HARCLERODE", "K.Harclerode@Rotherham.Example",
                      " katherine.harclerode "):
            assert sign_in(browser, {"login": login, "password": wrong}).status_code == 401
        for login in ("katherine.harclerode", "k.harclerode@rotherham.example"):
            paused = sign_in(browser, {"login": login, "password": PASSWORD})
            assert paused.status_code == 429, login
        # A login that names no account has a limit of its own, answered the same way.
        for _ in range(5):
            assert sign_in(browser, {"login": "nobody@rotherham.example",
                                     "password": wrong}).status_code == 401
        unknown = sign_in(browser, {"login": "nobody@rotherham.example", "password": wrong})
        assert unknown.status_code == 429
        assert unknown.json()["message"].startswith("Too many failed sign-ins")
        assert sign_in(browser, {"login": "somebody.else", "password": wrong}
                       ).status_code == 401
        clock.advance_to(TODAY + timedelta(minutes=16))
        assert sign_in(browser, {"login": "k.harclerode@rotherham.example",
                                 "password": PASSWORD}).status_code == 200


def test_every_response_carries_security_headers(api: httpx.Client) -> None:
    for response in (api.get("/health"), api.get("/reviews/nope"), api.post("/reviews", json={}),
                     httpx.post(f"{api.base_url}/reviews", json={})):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_passwords_tokens_and_exempt_text_never_reach_the_logs(
    service: ScrutinyService, read_models: ReadModels, accounts: Accounts,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    plant_exempt_records(service, accounts)
    # uvicorn's own loggers do not propagate to the root: listen to them directly.
    records: list[logging.LogRecord] = []
    listener = logging.Handler(logging.DEBUG)
    listener.emit = records.append  # type: ignore[method-assign]
    token = token_for(accounts, "katherine.harclerode")
    server = RunningServer(service, read_models, log_level="debug")
    with server, client(server, token) as adviser:
        for name in ("uvicorn", "uvicorn.access", "uvicorn.error"):
            logging.getLogger(name).addHandler(listener)
        adviser.get("/me")
        sign_in(adviser, {"login": "katherine.harclerode", "password": PASSWORD})
        sign_in(adviser, {"login": "katherine.harclerode", "password": "wrong!"})
        adviser.get("/me", headers=bearer(token + "x"))
        adviser.get("/reviews/secret-review")
        adviser.post("/reviews/open-review/recommendations/2/progress",
                     json={"rag": "green", "note": f"Child named {CANARY}"})
        adviser.post("/reviews/open-review/exemption",
                     json={"paragraphs": [1], "reason": f"{CANARY}", "review_by": "2000-01-01"})
    for name in ("uvicorn", "uvicorn.access", "uvicorn.error"):
        logging.getLogger(name).removeHandler(listener)
    logged = "\n".join(record.getMessage() for record in [*caplog.records, *records])
    assert "GET /me" in logged  # the access log was on
    assert token.split("_", 2)[2] not in logged
    assert PASSWORD not in logged
    assert CANARY not in logged


def test_accounts_and_tokens_from_the_command_line(database_url: str, tmp_path: Path) -> None:
    environment = {**os.environ, "SCRUTINY_DATABASE_URL": database_url}

    def scrutiny(*arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([SCRUTINY, *arguments], env=environment, input=stdin,
                              capture_output=True, text=True, cwd=tmp_path, timeout=60)

    added = scrutiny("users", "add", "cyps.training", "--email", "training@rotherham.example",
                     "--role", "officer", "--acts-for", "CYPS Training", "--password-stdin",
                     stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    short = scrutiny("users", "add", "x.y", "--email", "x@y.example", "--role", "adviser",
                     "--password-stdin", stdin="short\n")
    assert short.returncode == 2
    assert "at least 12 characters" in short.stdout
    role = scrutiny("users", "add", "x.y", "--email", "x@y.example", "--role", "boss",
                    "--no-password")
    assert role.returncode == 2
    assert "'boss' is not a role" in role.stdout
    assert "cyps.training" in scrutiny("users", "list").stdout
    made = scrutiny("tokens", "create", "cyps.training", "--label", "laptop")
    assert made.returncode == 0
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("scr_")
    token_id = token.split("_")[1]
    listed = scrutiny("tokens", "list")
    assert token_id in listed.stdout and token.split("_", 2)[2] not in listed.stdout
    assert scrutiny("tokens", "revoke", token_id).returncode == 0
    assert "revoked" in scrutiny("tokens", "list", "cyps.training").stdout
    assert scrutiny("tokens", "revoke", "nosuch").returncode == 2


def test_an_unreachable_store_is_a_clear_message_not_a_traceback(tmp_path: Path) -> None:
    environment = {**os.environ,
                   "SCRUTINY_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/test"}
    result = subprocess.run([SCRUTINY, "users", "list"], env=environment, capture_output=True,
                            text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 2
    assert "Cannot reach the event store" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
