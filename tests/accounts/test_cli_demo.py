"""`flask users ...` commands and the demo accounts."""
from sqlalchemy import func, select

from backend.accounts import demo
from backend.accounts.models import User
from backend.extensions import db


def test_create_officer(app):
    result = app.test_cli_runner().invoke(args=[
        "users", "create-officer", "--email", "Rina@Probolinggo.mpp.id", "--name", "Rina Wulandari",
        "--agency", "DISDUKCAPIL", "--region", "35.74", "--password", "Petugas-Kuat-2026",
    ])
    assert result.exit_code == 0, result.output
    assert "officer created" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "rina@probolinggo.mpp.id"))
        assert user.role == "officer" and user.region_code == "35.74"
        assert user.password_hash.startswith("$argon2id$")
    login = app.test_client().post("/api/auth/login", json={"identifier": "rina@probolinggo.mpp.id", "password": "Petugas-Kuat-2026"})
    assert login.status_code == 200
    assert login.get_json()["user"]["agency"]["code"] == "DISDUKCAPIL"


def test_create_officer_prompts_for_the_password(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create-officer", "--email", "budi@medan.mpp.id", "--name", "Budi", "--agency", "DISDUKCAPIL", "--region", "12.71"],
        input="Petugas-Kuat-2026\nPetugas-Kuat-2026\n",
    )
    assert result.exit_code == 0, result.output
    assert "Petugas-Kuat-2026" not in result.output


def test_create_officer_with_a_nik(app):
    result = app.test_cli_runner().invoke(args=[
        "users", "create-officer", "--nik", "3574011203850001", "--name", "Agus", "--agency", "DISDUKCAPIL",
        "--region", "35.74", "--password", "Petugas-Kuat-2026",
    ])
    assert result.exit_code == 0, result.output
    assert "3574011203850001" not in result.output and "0001" in result.output


def test_create_officer_refuses_bad_input(app):
    runner = app.test_cli_runner()
    base = ["users", "create-officer", "--email", "x@mpp.id", "--name", "X", "--password", "Petugas-Kuat-2026"]
    for extra, message in (
        (["--agency", "NOPE", "--region", "35.74"], "unknown agency"),
        (["--agency", "DISDUKCAPIL", "--region", "99.99"], "no counter"),
    ):
        result = runner.invoke(args=base + extra)
        assert result.exit_code != 0 and message in result.output
    weak = runner.invoke(args=["users", "create-admin", "--email", "a@mpp.id", "--name", "A", "--password", "rahasia123"])
    assert weak.exit_code != 0 and "password" in weak.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_create_admin_and_duplicates(app):
    runner = app.test_cli_runner()
    args = ["users", "create-admin", "--email", "kepala@mpp.id", "--name", "Kepala MPP", "--password", "Admin-Kuat-2026"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code != 0 and "already exists" in again.output
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.email == "kepala@mpp.id")) == "admin"


def test_demo_accounts_are_idempotent_and_can_sign_in(app, client):
    with app.app_context():
        demo.load(db.session)
        db.session.commit()
        demo.load(db.session)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(User)) == 3
        resident = db.session.scalar(select(User).where(User.nik == demo.RESIDENT_NIK))
        assert resident.gender == "P" and resident.birth_date.isoformat() == "1990-07-05"
    from backend.accounts.services import nik_warnings, validate_nik

    assert validate_nik(demo.RESIDENT_NIK) == [] and nik_warnings(demo.RESIDENT_NIK, resident.birth_date, "P") == []
    for identifier, password, role in (
        (demo.RESIDENT_NIK, "Warga-MPP-2026", "resident"),
        ("petugas.disdukcapil@probolinggo.mpp.id", "Petugas-MPP-2026", "officer"),
        ("admin@mpp.id", "Admin-MPP-2026", "admin"),
    ):
        response = client.post("/api/auth/login", json={"identifier": identifier, "password": password})
        assert response.status_code == 200, identifier
        assert response.get_json()["user"]["role"] == role
    officer = client.post(
        "/api/auth/login", json={"identifier": "petugas.disdukcapil@probolinggo.mpp.id", "password": "Petugas-MPP-2026"}
    ).get_json()
    assert officer["user"]["agency"]["code"] == "DISDUKCAPIL" and officer["user"]["region_code"] == "35.74"
    assert officer["user"]["full_name"] == "Petugas Disdukcapil Kota Probolinggo"
