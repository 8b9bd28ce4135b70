"""One idempotency path: every POST that takes an Idempotency-Key goes through idempotency.http.idempotent_post,
with one key rule (a UUID, canonical) and one replay header, whatever the domain."""
from __future__ import annotations

import contextlib
import pathlib
import re
import uuid

import pytest
from flask import Flask

from backend import extensions as ext
from backend.idempotency import http as idempotency_http

ARG = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
BACKEND = pathlib.Path(__file__).resolve().parents[2] / "backend"


def _posts(app):
    """(openapi path, endpoint, view, documents an Idempotency-Key header) of every POST route."""
    with app.app_context():
        spec = ext.api.spec.to_dict()
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        view = app.view_functions[rule.endpoint]
        path = ARG.sub(lambda m: "{" + m.group(2) + "}", rule.rule)
        operation = spec["paths"].get(path, {}).get("post", {})
        keyed = any(p.get("in") == "header" and p.get("name") == "Idempotency-Key" for p in operation.get("parameters", []))
        yield path, rule.endpoint, view, keyed


def test_every_post_taking_an_idempotency_key_uses_the_one_helper(app):
    keyed = {path for path, _, _, documented in _posts(app) if documented}
    helped = {path for path, _, view, _ in _posts(app) if hasattr(view, "idempotency_scope")}
    assert keyed == helped, f"documented but not run by idempotent_post: {keyed - helped}; the reverse: {helped - keyed}"
    # the ones the issue names, so an empty set cannot pass
    assert {"/api/applications", "/api/applications/{application_id}/resubmit", "/api/bookings", "/api/complaints",
            "/api/surveys", "/api/consultations"} <= helped


def test_nothing_outside_the_idempotency_domain_reads_the_key_or_runs_the_store():
    offenders = []
    for path in BACKEND.rglob("*.py"):
        if path.parent.name == "idempotency":
            continue
        text = path.read_text()
        for needle in ("parse_key(", "idempotency.run(", "headers.get(\"Idempotency-Key\")", "Idempotent-Replayed"):
            if needle in text:
                offenders.append(f"{path.relative_to(BACKEND)}: {needle}")
    assert offenders == []


def test_the_rule_accepts_what_the_pwa_outbox_sends():
    """pwa/outbox.js keys an entry with crypto.randomUUID(): a lower-case version 4 UUID."""
    outbox = (BACKEND.parent / "pwa" / "outbox.js").read_text()
    assert "key: crypto.randomUUID()" in outbox
    sent = str(uuid.uuid4())
    with _request_with_key(sent) as key:
        assert key == sent


@contextlib.contextmanager
def _request_with_key(raw):
    """The key idempotency.http reads from a request carrying raw as its Idempotency-Key."""
    with Flask(__name__).test_request_context(headers={"Idempotency-Key": raw} if raw is not None else {}):
        yield idempotency_http.request_key()


@pytest.mark.parametrize(("raw", "expected"), [
    ("6F1C2F52-3F77-4F6B-9D55-4A1D8E3F2A10", "6f1c2f52-3f77-4f6b-9d55-4a1d8e3f2a10"),
    (" 6f1c2f52-3f77-4f6b-9d55-4a1d8e3f2a10 ", "6f1c2f52-3f77-4f6b-9d55-4a1d8e3f2a10"),
])
def test_one_key_is_one_key_however_it_is_written(raw, expected):
    with _request_with_key(raw) as key:
        assert key == expected


@pytest.mark.parametrize(("raw", "code"), [
    (None, "idempotency-key-missing"), ("", "idempotency-key-missing"), ("outbox-7", "idempotency-key-invalid"),
    ("k" * 101, "idempotency-key-invalid"), ("ünïcode", "idempotency-key-invalid"),
])
def test_anything_else_is_a_400(raw, code):
    from backend.errors import Problem

    with pytest.raises(Problem) as caught, _request_with_key(raw):
        pass
    assert (caught.value.status, caught.value.code) == (400, code)


def test_every_domain_answers_by_the_same_rule_over_http(app, client, auth_headers, resident):
    """A consultation took any ASCII key before; now a UUID, in any letter case, replayed with the one header."""
    from sqlalchemy import select

    from backend.catalogue.models import Service

    with app.app_context():
        service_id = ext.db.session.scalar(select(Service.id).where(Service.code == "ktp-el-baru"))
    body = {"service_id": service_id, "region_code": "35.74", "question": "Apakah fotokopi KK harus dilegalisir?"}
    headers = auth_headers(resident)
    refused = client.post("/api/consultations", json=body, headers={**headers, "Idempotency-Key": "outbox-7"})
    assert refused.status_code == 400 and refused.get_json()["code"] == "idempotency-key-invalid"

    key = str(uuid.uuid4())
    first = client.post("/api/consultations", json=body, headers={**headers, "Idempotency-Key": key})
    again = client.post("/api/consultations", json=body, headers={**headers, "Idempotency-Key": key.upper()})
    assert first.status_code == again.status_code == 201
    assert "Idempotent-Replayed" not in first.headers and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
