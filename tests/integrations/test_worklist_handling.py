"""Who handles a service: "system" takes it off the officers' worklist, "both" and "worklist" leave it there,
and a revoked system gives it back to the counter."""
from __future__ import annotations

import pytest

from backend.extensions import db
from backend.timeutil import utcnow


def _worklist_ids(client, headers) -> list[int]:
    response = client.get("/api/officer/applications?per_page=100", headers=headers)
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


@pytest.mark.parametrize(("handled_by", "on_worklist"), [("system", False), ("both", True), ("worklist", True)])
def test_who_handles_the_service(client, app, auth_headers, resident, officer, admin, connect, new_application,
                                 handled_by, on_worklist):
    credentials = connect(services={"kartu-keluarga": handled_by})
    application_id = new_application(resident)
    assert (application_id in _worklist_ids(client, auth_headers(officer))) is on_worklist
    assert application_id in _worklist_ids(client, auth_headers(admin))  # the admin sees everything
    if not on_worklist:
        from backend.integrations import services as integrations

        with app.app_context():
            integrations.revoke(db.session, credentials["id"], now=utcnow())
            db.session.commit()
        assert application_id in _worklist_ids(client, auth_headers(officer))

