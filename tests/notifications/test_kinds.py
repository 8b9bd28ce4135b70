"""The kinds table: texts per language and status, urgency, and safe rendering."""
import pytest

from backend.notifications import kinds

from .conftest import status_params

STATUSES = ["submitted", "in_review", "processing", "needs_revision", "resubmitted", "completed", "rejected", "cancelled"]


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_status_has_its_own_text_naming_service_and_tracking_number(status, lang):
    title, body = kinds.render("application_status", status_params(status), lang)
    service = "KTP-el" if lang == "id" else "e-ID card"
    assert service in title and "PRB-20261128-0042" in title and body
    others = [kinds.render("application_status", status_params(s), lang)[0] for s in STATUSES if s != status]
    assert title not in others


@pytest.mark.parametrize("status, urgency", [("needs_revision", "high"), ("completed", "high"),
                                             ("in_review", "normal"), ("rejected", "normal")])
def test_urgency_is_high_only_for_revision_and_completion(status, urgency):
    assert kinds.urgency("application_status", status_params(status)) == urgency


def test_officer_note_is_appended_and_shortened():
    _title, body = kinds.render("application_status", {**status_params(), "note": "a" * 1000}, "id")
    assert body.startswith("Buka permohonan") and "\nCatatan petugas: " in body
    assert len(body) < 400 and body.endswith("…")


def test_booking_reminder_is_a_kind_of_its_own():
    params = {"ticket_number": "A-012", "service_name": {"id": "Paspor", "en": "Passport"},
              "place": "MPP Kota Probolinggo", "when": "Senin, 30 November 2026 09.00 WIB"}
    assert kinds.render("booking_reminder", params, "id") == (
        "Pengingat antrean A-012",
        "Paspor di MPP Kota Probolinggo, Senin, 30 November 2026 09.00 WIB. Mohon datang 15 menit lebih awal.")
    assert kinds.urgency("booking_reminder", params) == "high"


def test_missing_params_or_unknown_kind_still_render():
    assert kinds.render("application_status", {"status": "completed"}, "en")[0] == "Your application () is complete"
    assert kinds.render("no_such_kind", {}, "id") == ("Ada kabar baru untuk Anda", "Buka MPP Digital untuk melihatnya.")
    assert kinds.render("complaint_answered", {"subject": "Lampu jalan"}, "xx")[0] == "Pengaduan Anda sudah dijawab"
