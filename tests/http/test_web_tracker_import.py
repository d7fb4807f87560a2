"""The dashboard's tracker import over HTTP, on both stores: an adviser checks a tracker (which
records nothing and lists the changes), imports it from the confirmation, and sees it refused
whole, row by row, when it is wrong; officers and the public cannot import."""

from __future__ import annotations

import base64
import json

import httpx

from application.service import ScrutinyService
from tests.conftest import RunningServer
from tests.http.test_tracker_import import COLUMNS, ROWS, workbook
from tests.http.test_web import errors, page, signed_in, site  # noqa: F401 (site is a fixture)

PAGE = "/web/tracker-import"


def columns_form(**extra: str) -> dict[str, str]:
    return {**{f"column-{name}": column for name, column in COLUMNS.items()}, **extra}


def test_an_adviser_checks_then_imports_a_tracker(site: RunningServer,  # noqa: F811
                                                    service: ScrutinyService) -> None:
    with signed_in(site, "katherine.harclerode") as client:
        reviews = page(client.get("/web/reviews"))
        assert reviews.find("a", href=PAGE) is not None
        form = page(client.get(PAGE))
        token = form.find("input", {"name": "csrf_token"})["value"]
        before = service.recorder.max_notification_id()
        checked = client.post(PAGE, data={"csrf_token": token, "review": "post-cse-support",
                                          "save_mapping_as": "Post-CSE tracker",
                                          **columns_form()},
                              files={"file": ("post-cse.xlsx", workbook(ROWS))})
        assert checked.status_code == 200, checked.text[:2000]
        preview = page(checked)
        assert preview.find("h1").get_text(strip=True) == "Check the import"
        table = preview.find("table").get_text(" ", strip=True)
        assert "update of 2022-05-03 (green): Survivors forum set up with Barnardo's" in table
        assert service.recorder.max_notification_id() == before  # checking records nothing

        confirm = preview.find("form", action=f"{PAGE}/confirm")
        hidden = {field["name"]: field["value"] for field in confirm.find_all("input")}
        done = client.post(f"{PAGE}/confirm", data=hidden)
        assert done.status_code == 200, done.text[:2000]
        assert "Tracker imported" in page(done).find(class_="govuk-panel").get_text()
        updates = service.get_recommendation("post-cse-support", "a").progress_updates
        assert [u.reported_by for u in updates] == ["katherine.harclerode"] * 2
        assert service.tracker_mappings()["Post-CSE tracker"] == COLUMNS

        again = client.post(f"{PAGE}/confirm", data=hidden)
        assert "This file was imported already" in again.text
        timeline = page(client.get("/web/reviews/post-cse-support")).get_text(" ", strip=True)
        assert "Tracker imported" in timeline


def test_a_wrong_tracker_is_refused_with_every_row_named(site: RunningServer,  # noqa: F811
                                                         service: ScrutinyService) -> None:
    with signed_in(site, "katherine.harclerode") as client:
        token = page(client.get(PAGE)).find("input", {"name": "csrf_token"})["value"]
        before = service.recorder.max_notification_id()
        bad = workbook([ROWS[0], ["z", "", "", "", "No such", "green", "2022-05-03"]])
        refused = client.post(PAGE, data={"csrf_token": token, "review": "post-cse-support",
                                          **columns_form()}, files={"file": ("t.xlsx", bad)})
        assert refused.status_code == 422
        soup = page(refused)
        assert errors(soup) and "row 3, Rec" in errors(soup)[0]
        cells = [td.get_text(strip=True) for td in soup.find("table").find_all("td")]
        assert cells == ["3", "Rec", "post-cse-support has no recommendation or action 'z'"]
        no_file = client.post(PAGE, data={"csrf_token": token, **columns_form()})
        assert no_file.status_code == 422
        assert "Choose the tracker file (CSV or Excel .xlsx)" in errors(page(no_file))
        no_columns = client.post(PAGE, data={"csrf_token": token, "review": "post-cse-support"},
                                 files={"file": ("t.xlsx", workbook(ROWS))})
        assert no_columns.status_code == 422
        forged = client.post(PAGE, data={"csrf_token": "forged", **columns_form()},
                             files={"file": ("t.xlsx", workbook(ROWS))})
        assert forged.status_code == 403
        garbled = client.post(f"{PAGE}/confirm", data={"csrf_token": token, "content": "%%",
                                                        "columns": json.dumps(COLUMNS)})
        assert garbled.status_code == 422
        for columns in ("[" * 100_000 + "]" * 100_000, '{"item": ' * 50_000 + "1" + "}" * 50_000):
            nested = client.post(f"{PAGE}/confirm", data={
                "csrf_token": token, "content": base64.b64encode(workbook(ROWS)).decode(),
                "columns": columns})
            assert nested.status_code == 422
            assert "cannot be read" in nested.text
        assert service.recorder.max_notification_id() == before


def test_officers_and_the_public_cannot_import(site: RunningServer) -> None:  # noqa: F811
    with signed_in(site, "cyps.trainer") as client:
        assert client.get(PAGE).status_code == 403
    with httpx.Client(base_url=site.url, timeout=30) as client:
        answer = client.get(PAGE)
        assert answer.status_code == 303 and "/web/sign-in" in answer.headers["location"]
