"""Only an admin renames staff (`flask users rename-staff`), and the rename is itself in the audit log."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.accounts.models import User
from backend.audit.models import AuditEntry
from backend.extensions import db


def _rename(app, *args):
    return app.test_cli_runner().invoke(args=["users", "rename-staff", *args])


def test_an_admin_renames_an_officer_and_the_change_is_audited(app, client, officer, admin, auth_headers):
    result = _rename(app, "--id", str(officer.id), "--name", "  Rina   Wulandari ", "--by", admin.email)
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(User, officer.id).full_name == "Rina Wulandari"
        [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_user_id == officer.id)).all()
        assert (entry.actor_user_id, entry.actor_role, entry.action, entry.object_type) == (admin.id, "admin", "update", "profile")
        assert entry.detail == "full_name: Petugas Disdukcapil -> Rina Wulandari"
    # the officer sees who renamed them in their own access log
    [line] = client.get("/api/me/access-log", headers=auth_headers(officer)).get_json()["items"]
    assert (line["actor_name"], line["actor_staff_number"], line["action"]) == ("Admin MPP", admin.id, "update")


@pytest.mark.parametrize("case", ["by-officer", "by-resident", "self", "target-resident", "unknown-admin", "empty-name"])
def test_only_another_admin_renames_staff(app, make_user, officer, admin, case):
    resident = make_user("resident")
    target, by, name = officer.id, admin.email, "Nama Baru"
    if case == "by-officer":
        by = make_user("officer").email
    elif case == "by-resident":
        by = resident.nik
    elif case == "self":
        target = admin.id
    elif case == "target-resident":
        target = resident.id
    elif case == "unknown-admin":
        by = "tidak.ada@mpp.id"
    else:
        name = "   "
    result = _rename(app, "--id", str(target), "--name", name, "--by", by)
    assert result.exit_code != 0
    with app.app_context():
        assert db.session.get(User, officer.id).full_name == "Petugas Disdukcapil"
        assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.object_type == "profile")) is None
