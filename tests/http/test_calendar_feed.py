"""Deadlines as calendar feeds Outlook subscribes to, over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import date
from urllib.parse import urlsplit

import httpx
from icalendar import Calendar, Event

from application.service import DraftRecommendation, ScrutinyService
from domain.values import ReviewKind
from identity.accounts import Accounts
from projections.read_models import ReadModels
from tests.conftest import TODAY, RunningServer, bearer, settle, token_for
from tests.http.test_access import sign_in
from tests.http.test_exempt_information import ADVISER, CANARY, plant_exempt_records

COMMISSION = "improving-lives-select-commission"
COMMISSION_FEED = f"/calendar/commissions/{COMMISSION}.ics"
PASSWORD = "correct horse battery staple"


def client(server: RunningServer, token: str | None = None) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers=bearer(token) if token else {}, timeout=30)


def events(response: httpx.Response) -> dict[str, Event]:
    """The feed's events by UID, after checking it is an iCalendar answer."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    found = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "a UID appears twice"
    return found


def uid(service: ScrutinyService, review: str, rule: str, label: str | None = None) -> str:
    item = service.get_recommendation(review, label) if label else service.get_review(review)
    return f"{item.id}:{rule}@scrutiny"


def subscribe(server: RunningServer, token: str) -> str:
    """Make a calendar feed as the token's account; returns its address (shown this once)."""
    with client(server, token) as signed_in:
        made = signed_in.post("/calendar/feeds", json={"label": "Outlook"})
    assert made.status_code == 201, made.text
    url: str = made.json()["url"]
    assert url.startswith(f"{server.url}/calendar/feeds/cal_") and url.endswith(".ics")
    return url


def awaiting_cabinet(service: ScrutinyService) -> None:
    """A spotlight review submitted to Cabinet on 2 November 2026: the executive's s.9FE
    response is due on 1 January 2027."""
    actor, on = ADVISER, date(2026, 10, 5)
    service.propose_review(reference="young-carers", title="Young Carers",
                           commission="Improving Lives Select Commission",
                           kind=ReviewKind.SPOTLIGHT, actor=actor, on=on)
    service.scope_review("young-carers", "Support for young carers", actor=actor, on=on)
    service.record_evidence_session("young-carers", title="Young carers' forum", actor=actor,
                                    on=on)
    service.agree_findings(
        "young-carers", findings="Young carers are not always known to schools",
        recommendations=[DraftRecommendation(label="1", text="That every school has a lead")],
        actor=actor, on=on,
    )
    service.refer_to_osmb("young-carers", actor=actor, on=on)
    service.endorse_by_osmb("young-carers", actor=actor, on=date(2026, 10, 19))
    service.submit_to_cabinet("young-carers", actor=actor, on=date(2026, 11, 2))


def test_a_commission_feed_is_public_whole_days_and_never_exempt(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer, accounts: Accounts
) -> None:
    plant_exempt_records(service, accounts)
    settle(read_models)
    member = token_for(accounts, "cllr.pitchley", role="member")
    with client(server) as public:
        response = public.get(COMMISSION_FEED)
    found = events(response)
    assert CANARY not in response.text
    exempt = uid(service, "open-review", "implementation-target", "1")
    assert exempt not in found
    assert set(found) == {uid(service, "open-review", "executive-response"),
                          uid(service, "open-review", "implementation-target", "2")}

    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Scrutiny" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Scrutiny deadlines: Improving Lives Select Commission"
    for line in ("REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"):
        assert line in response.text.splitlines()

    target = found[uid(service, "open-review", "implementation-target", "2")]
    # A month target ("2026-10") falls due on the month's last day: one whole day, no time.
    assert target["DTSTART"].dt == date(2026, 10, 31)
    assert target["DTEND"].dt == date(2026, 11, 1)
    assert "DTSTART;VALUE=DATE:20261031" in response.text.splitlines()
    assert str(target["SUMMARY"]) == "Implementation target — Support for care leavers, rec 2"
    description = str(target["DESCRIPTION"])
    assert "The Cabinet response or action plan" in description
    assert "Status: missed, 23 days late (as of 23 November 2026)." in description
    assert "Responsible: Head of Service LAC." in description
    assert [str(c) for c in target["CATEGORIES"].cats] == ["Improving Lives Select Commission"]
    assert target["DTSTAMP"].dt == TODAY

    response_due = found[uid(service, "open-review", "executive-response")]
    assert str(response_due["SUMMARY"]) == (
        "Met: Executive response to a scrutiny report — Support for care leavers")
    assert response_due["DTSTART"].dt == date(2026, 4, 1)
    assert "Local Government Act 2000, s.9FE" in str(response_due["DESCRIPTION"])
    assert "Status: met on 16 March 2026, on time." in str(response_due["DESCRIPTION"])

    # The address is public: a member fetching it gets the public feed, not their own view.
    with client(server, member) as councillor:
        assert councillor.get(COMMISSION_FEED).content == response.content


def test_an_unknown_commission_is_named_with_the_ones_there_are(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer, accounts: Accounts
) -> None:
    plant_exempt_records(service, accounts)
    settle(read_models)
    with client(server) as public:
        missing = public.get("/calendar/commissions/health-select-commission.ics")
        # The name as written also finds the feed, not only its slug.
        assert public.get("/calendar/commissions/Improving Lives Select Commission.ics"
                          ).status_code == 200
    assert missing.status_code == 404
    body = missing.json()
    assert "'health-select-commission'" in body["message"]
    assert "improving-lives-select-commission (Improving Lives Select Commission)" in (
        body["message"])
    assert body["commissions"] == [COMMISSION]


def test_an_extension_moves_the_event_and_keeps_its_uid(
    service: ScrutinyService, read_models: ReadModels, api: httpx.Client
) -> None:
    awaiting_cabinet(service)
    settle(read_models)
    response_uid = uid(service, "young-carers", "executive-response")
    first, again = api.get(COMMISSION_FEED), api.get(COMMISSION_FEED)
    assert first.content == again.content
    before = events(first)[response_uid]
    assert before["DTSTART"].dt == date(2027, 1, 1)
    assert "Status: open, 39 days remaining (as of 23 November 2026)." in str(
        before["DESCRIPTION"])

    extended = api.post("/reviews/young-carers/deadlines/executive-response/extension", json={
        "due": "2027-01-29", "reason": "Cabinet meets on 25 January",
        "business_date": "2026-11-23",
    })
    assert extended.status_code == 200, extended.text

    after = events(api.get(COMMISSION_FEED))
    assert set(after) == set(events(first))
    moved = after[response_uid]
    assert (moved["DTSTART"].dt, moved["DTEND"].dt) == (date(2027, 1, 29), date(2027, 1, 30))
    description = str(moved["DESCRIPTION"])
    assert "Status: extended, 67 days remaining" in description
    assert ("Extended on 23 November 2026 by katherine.harclerode from 1 January 2027 to "
            "29 January 2027: Cabinet meets on 25 January") in description
    assert "Originally due 1 January 2027." in description


def test_officers_see_their_own_deadlines_exempt_included_members_every_one(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer, accounts: Accounts
) -> None:
    plant_exempt_records(service, accounts)
    awaiting_cabinet(service)
    settle(read_models)
    lac = token_for(accounts, "lac.head", role="officer", acts_for=("head of service lac",))
    exempt_officer = token_for(accounts, "canary.officer", role="officer",
                               acts_for=(f"Officer {CANARY}",))
    member = token_for(accounts, "cllr.pitchley", role="member")
    adviser = token_for(accounts, ADVISER)
    every = {f"{row['deadline_id']}@scrutiny" for row in read_models.connection().query(
        "SELECT deadline_id FROM deadline_register WHERE cancelled = 0")}
    assert len(every) == 4

    with client(server) as outlook:  # a calendar program sends no credentials
        assert set(events(outlook.get(subscribe(server, lac)))) == {
            uid(service, "open-review", "implementation-target", "2")}
        theirs = outlook.get(subscribe(server, exempt_officer))
        assert set(events(theirs)) == {uid(service, "open-review", "implementation-target", "1")}
        # Theirs to see, but a calendar is synchronised and shared: the entry says only that it
        # is exempt, and links to the record by its id (its reference is made from its title).
        assert CANARY not in theirs.text
        [entry] = Calendar.from_ical(theirs.text).walk("VEVENT")
        assert str(entry["SUMMARY"]) == ("Implementation target — Exempt item, Schedule 12A "
                                         "paragraphs 1, 2")
        assert "the record is not shown here" in str(entry["DESCRIPTION"])
        assert str(entry["URL"]).endswith(f"/reviews/{service.review_id('open-review')}")
        everything = outlook.get(subscribe(server, member))
        assert CANARY not in everything.text and "Exempt item" in everything.text
        assert set(events(everything)) == every
        assert set(events(outlook.get(subscribe(server, adviser)))) == every


def test_cancelled_deadlines_are_left_out(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer, accounts: Accounts
) -> None:
    plant_exempt_records(service, accounts)
    service.close_recommendation_as_superseded(
        "open-review", "2", reason="Replaced by the care leavers' covenant", actor=ADVISER,
        on=date(2026, 11, 23))
    settle(read_models)
    member = token_for(accounts, "cllr.pitchley", role="member")
    superseded = uid(service, "open-review", "implementation-target", "2")
    with client(server) as outlook:
        assert superseded not in events(outlook.get(COMMISSION_FEED))
        assert superseded not in events(outlook.get(subscribe(server, member)))


def test_a_feed_key_is_shown_once_kept_hashed_and_revocable(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer, accounts: Accounts
) -> None:
    member = token_for(accounts, "cllr.pitchley", role="member")
    other = token_for(accounts, "cllr.cooksey", role="member")
    url = subscribe(server, member)
    key = urlsplit(url).path.removeprefix("/calendar/feeds/").removesuffix(".ics")
    feed_id, secret = key.split("_", 2)[1:]

    stored = accounts.database.connection().query("SELECT * FROM calendar_feeds")
    assert len(stored) == 1 and secret not in str(stored)
    assert stored[0]["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()

    with client(server) as public, client(server, member) as councillor, \
            client(server, other) as someone_else:
        assert public.post("/calendar/feeds").status_code == 401
        assert public.get("/calendar/feeds").status_code == 401
        events(public.get(url))
        (listed,) = councillor.get("/calendar/feeds").json()
        assert key not in str(listed) and "url" not in listed
        assert (listed["feed_id"], listed["label"], listed["active"]) == (feed_id, "Outlook", True)
        assert listed["last_fetched_on"] == "2026-11-23"
        assert someone_else.get("/calendar/feeds").json() == []

        refused = someone_else.delete(f"/calendar/feeds/{feed_id}")
        assert refused.status_code == 403
        assert "belongs to another account" in refused.json()["message"]
        assert councillor.delete("/calendar/feeds/0000000000000000").status_code == 404

        revoked = councillor.delete(f"/calendar/feeds/{feed_id}")
        assert revoked.status_code == 200
        assert (revoked.json()["active"], revoked.json()["revoked_by"]) == (False, "cllr.pitchley")
        assert councillor.delete(f"/calendar/feeds/{feed_id}").json()["active"] is False

        gone = public.get(url)
        unknown = public.get(f"/calendar/feeds/cal_{feed_id}_{'x' * len(secret)}.ics")
        nonsense = public.get("/calendar/feeds/nonsense.ics")
        assert gone.status_code == unknown.status_code == nonsense.status_code == 404
        # The answer does not say whether the feed was revoked or never existed.
        assert gone.json() == unknown.json() == nonsense.json()
        assert "POST /calendar/feeds" in gone.json()["message"]


def test_a_signed_in_browser_makes_a_feed_only_with_the_csrf_token(
    server: RunningServer, accounts: Accounts
) -> None:
    accounts.add("cllr.pitchley", "pitchley@rotherham.example", "member", TODAY,
                 created_by="tests", password=PASSWORD)
    with client(server) as browser:
        signed_in = sign_in(browser, {"login": "cllr.pitchley", "password": PASSWORD})
        assert signed_in.status_code == 200, signed_in.text
        cookie = {"Cookie": f"scrutiny_session={signed_in.cookies['scrutiny_session']}"}
        forged = browser.post("/calendar/feeds", headers=cookie)
        assert forged.status_code == 403
        assert "CSRF" in forged.json()["message"]
        made = browser.post("/calendar/feeds", headers={
            **cookie, "X-CSRF-Token": signed_in.json()["csrf_token"]})
        assert made.status_code == 201, made.text
        assert made.json()["label"] == "Calendar"
        events(browser.get(made.json()["url"]))
