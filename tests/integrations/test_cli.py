"""`flask integrations add | list | revoke` print JSON; secrets only at add."""
from __future__ import annotations

import json


def test_add_list_revoke(app):
    runner = app.test_cli_runner()
    added = runner.invoke(args=["integrations", "add", "--name", "SIAK Terpusat", "--agency", "DISDUKCAPIL",
                                "--region", "35.74", "--region", "12.71", "--service", "kartu-keluarga=system",
                                "--service", "akta-kelahiran", "--webhook-url", "https://siak.example.go.id/hooks"])
    assert added.exit_code == 0, added.output
    body = json.loads(added.output)
    assert body["client_id"].startswith("as-") and body["client_secret"] and body["webhook_secret"].startswith("whsec_")
    assert body["regions"] == ["12.71", "35.74"]
    assert {(s["code"], s["handled_by"]) for s in body["services"]} == {("kartu-keluarga", "system"),
                                                                        ("akta-kelahiran", "both")}
    listed = json.loads(runner.invoke(args=["integrations", "list"]).output)
    assert [i["client_id"] for i in listed] == [body["client_id"]]
    assert "client_secret" not in listed[0] and "webhook_secret" not in listed[0]
    revoked = json.loads(runner.invoke(args=["integrations", "revoke", str(body["id"])]).output)
    assert revoked["revoked_at"]


def test_add_refuses_another_agencys_service_and_bad_urls(app):
    runner = app.test_cli_runner()
    wrong = runner.invoke(args=["integrations", "add", "--name", "X", "--agency", "DISDUKCAPIL", "--region", "35.74",
                                "--service", "skck"])
    assert wrong.exit_code != 0 and "skck" in wrong.output
    http = runner.invoke(args=["integrations", "add", "--name", "X", "--agency", "DISDUKCAPIL", "--region", "35.74",
                               "--service", "kartu-keluarga", "--webhook-url", "http://siak.example.go.id/"])
    assert http.exit_code != 0 and "webhook_url" in http.output
