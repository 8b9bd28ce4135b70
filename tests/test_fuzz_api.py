"""API fuzz run: schemathesis against /api/openapi.json of a real server, as the demo resident,
officer and admin; no response may be a 5xx, and every response must match the document.

The app runs on a real WSGI server (werkzeug, a thread, a free port) over its own database
(SQLite file, or a fresh PostgreSQL database when DATABASE_URL is PostgreSQL) with the demo
data. `st run` (the schemathesis CLI) runs once per role; it signs in through POST
/api/auth/login and again whenever a case ends its own session (tests/fuzz_hooks.py).

The run itself is marked `fuzz`. Settings: FUZZ_SECONDS, the whole budget split between the roles (default 180); FUZZ_EXAMPLES,
cases per operation and round (default 10); FUZZ_SEED to replay a run. Run it alone with
`pytest -m fuzz`, or leave it out with `-m "not fuzz"`.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from backend.accounts import demo as accounts_demo
from backend.app import create_app
from backend.extensions import db

from .conftest import _postgres_database, is_postgres

ROOT = Path(__file__).resolve().parent.parent
ROLES = {
    "resident": (accounts_demo.RESIDENT_NIK, accounts_demo.RESIDENT_PASSWORD),
    "officer": (accounts_demo.OFFICER_EMAIL, accounts_demo.OFFICER_PASSWORD),
    "admin": (accounts_demo.ADMIN_EMAIL, accounts_demo.ADMIN_PASSWORD),
}
# Every check schemathesis has, except that schema-valid data must be accepted: business rules
# rightly refuse some (a full slot, an expired passkey challenge, a wrong current password).
CHECKS = ["--checks", "all", "--exclude-checks", "positive_data_acceptance"]
SERVER_ERRORS = {"ST101", "ST102"}  # not_a_server_error: a 5xx, or a 5xx with a wrong content type
# The OAuth 2.0 / OpenID Connect protocol endpoints answer as RFC 6749 and OIDC say (redirects, an
# HTML page, {"error": ...} at the token endpoint), not as the JSON API: they are fuzzed for 5xx only,
# and their protocol behaviour is tested in tests/oidc (with an independent relying party).
PROTOCOL = r"^/(oauth|oidc)/|^/\.well-known/"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """(base URL, app) of the app with the demo data, served on 127.0.0.1 and a free port."""
    instance = tmp_path_factory.mktemp("fuzz-instance")
    if is_postgres():
        url, drop = _postgres_database()
        url = url.replace("postgresql://", "postgresql+psycopg://")
    else:
        url, drop = f"sqlite:///{instance / 'fuzz.sqlite3'}", None
    app = create_app({
        "TESTING": True, "INSTANCE_PATH": str(instance), "SQLALCHEMY_DATABASE_URI": url,
        "DOCUMENT_STORAGE_PATH": str(instance / "documents"),
        "RATELIMIT_ENABLED": False, "RATELIMIT_STORAGE_URI": "memory://",
    })
    with app.app_context():
        db.create_all()
        from backend.demo import load_all

        load_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        _seed(base, app)
        yield base, app
    finally:
        server.shutdown()
        thread.join(timeout=30)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if drop:
            drop()


def _login(base: str, role: str) -> dict:
    identifier, password = ROLES[role]
    response = requests.post(f"{base}/api/auth/login", json={"identifier": identifier, "password": password}, timeout=30)
    assert response.status_code == 200, (role, response.text)
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _seed(base: str, app) -> None:
    """Rows with id 1 for the fuzzer to reach (its coverage phase tries each id's minimum, 1): a
    document, an application in review and the notification that tells the resident so."""
    from sqlalchemy import select

    from backend.catalogue.models import Service

    from .documents.files import PDF

    resident, officer = _login(base, "resident"), _login(base, "officer")
    document = requests.post(f"{base}/api/documents", headers=resident, data={"document_type": "kk"},
                             files={"file": ("kk.pdf", PDF, "application/pdf")}, timeout=30)
    assert document.status_code == 201, document.text
    with app.app_context():
        service_id = db.session.scalar(select(Service.id).where(Service.code == "kartu-keluarga"))
    me = requests.get(f"{base}/api/me", headers=resident, timeout=30).json()
    body = {"service_id": service_id, "region_code": "35.74", "form_version": 1, "client_created_at": "2026-11-28T08:00:00+07:00",
            "data": {"nik": me["nik"], "full_name": me["full_name"], "phone": me["phone"], "request_type": "perubahan_data", "agree": True}}
    submitted = requests.post(f"{base}/api/applications", json=body, timeout=30,
                              headers={**resident, "Idempotency-Key": "6f1c2f52-3f77-4f6b-9d55-4a1d8e3f2a10"})
    assert submitted.status_code == 201, submitted.text
    moved = requests.post(f"{base}/api/officer/applications/{submitted.json()['id']}/transitions", headers=officer,
                          json={"to": "in_review", "note": "Berkas diperiksa."}, timeout=30)
    assert moved.status_code == 200, moved.text


def _run(base: str, role: str, seconds: int, report: Path, *, protocol: bool = False) -> tuple[dict, str]:
    identifier, password = ROLES[role]
    selection = (["--include-path-regex", PROTOCOL, "--checks", "not_a_server_error"] if protocol
                 else [*CHECKS, "--exclude-path-regex", PROTOCOL])
    command = [
        str(Path(sys.executable).with_name("st")), "run", f"{base}/api/openapi.json", *selection,
        "--max-time", str(seconds), "--max-examples", os.environ.get("FUZZ_EXAMPLES", "10"),
        "--workers", "1", "--report", "json", "--report-json-path", str(report),
    ]
    if os.environ.get("FUZZ_SEED"):
        command += ["--seed", os.environ["FUZZ_SEED"]]
    env = {
        **os.environ, "PYTHONPATH": str(ROOT), "SCHEMATHESIS_HOOKS": "tests.fuzz_hooks",
        "FUZZ_BASE_URL": base, "FUZZ_IDENTIFIER": identifier, "FUZZ_PASSWORD": password,
        "NO_COLOR": "1", "COLUMNS": "120",
    }
    # cwd: schemathesis keeps its example database in ./.schemathesis
    done = subprocess.run(command, check=False, env=env, cwd=report.parent, capture_output=True, text=True, timeout=seconds + 300)
    assert report.exists(), done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(report.read_text()), done.stdout


def test_error_responses_are_documented_as_problem_json(client):
    """What schemathesis holds every error response to: the type it is sent with."""
    spec = client.get("/api/openapi.json").get_json()
    wrong, errors = [], 0
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            for status, declared in operation["responses"].items():
                response = declared
                if "$ref" in declared:
                    response = spec["components"]["responses"][declared["$ref"].rsplit("/", 1)[1]]
                if status == "default" or int(status) >= 400:
                    errors += 1
                    if set(response.get("content", {})) != {"application/problem+json"}:
                        wrong.append((method, path, status))
    assert wrong == [] and errors > 60
    problem = spec["components"]["schemas"]["ProblemOut"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code"}
    assert problem["additionalProperties"] is True


def test_a_body_of_optional_fields_is_documented_as_optional(client, resident, auth_headers):
    """webargs reads an absent body as {}: the document must not call such a body required."""
    response = client.patch("/api/me", headers=auth_headers(resident))
    assert response.status_code == 200 and response.get_json()["full_name"] == resident.full_name
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert paths["/api/me"]["patch"]["requestBody"]["required"] is False
    assert paths["/api/applications"]["post"]["requestBody"]["required"] is True


def test_a_plain_flask_smorest_blueprint_is_refused():
    """Its parser would skip the body limits; backend.api.Blueprint has them."""
    import flask_smorest

    from backend.extensions import api

    with pytest.raises(TypeError, match=r"backend\.api\.Blueprint"):
        api.register_blueprint(flask_smorest.Blueprint("plain", __name__))


@pytest.mark.fuzz
def test_fuzzing_every_operation_as_each_role_finds_no_5xx(live_server, tmp_path):
    base, _app = live_server
    budget = int(os.environ.get("FUZZ_SECONDS", "180"))
    for role in ROLES:
        _login(base, role)  # the fuzzer's own sign-in must work, or every case would only test a 401

    summary, server_errors, problems = {}, {}, []
    for role in ROLES:
        report, output = _run(base, role, max(budget * 4 // (5 * len(ROLES)), 1), tmp_path / f"{role}.json")
        summary[role] = report["test_cases"]["generated"]
        server_errors[role] = sum(f["count"] for f in report["failures"] if f["code"] in SERVER_ERRORS)
        if report["failures"] or report["errors"]:
            problems.append((role, report["failures"], report["errors"], output[-6000:]))
        protocol, output = _run(base, role, max(budget // (5 * len(ROLES)), 1), tmp_path / f"{role}-oauth.json",
                                protocol=True)
        server_errors[role] += sum(f["count"] for f in protocol["failures"] if f["code"] in SERVER_ERRORS)
        if protocol["failures"] or protocol["errors"]:
            problems.append((f"{role} (OAuth endpoints)", protocol["failures"], protocol["errors"], output[-6000:]))
    print(f"\nfuzz cases per role: {summary}, total {sum(summary.values())}; 5xx: {server_errors}")
    assert problems == []
    assert all(count > 0 for count in summary.values()), summary
