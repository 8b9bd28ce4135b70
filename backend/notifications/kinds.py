"""What each kind of notification says (Bahasa Indonesia and English) and how urgent it is.

A kind maps to {"title", "body", "urgency"} (and optionally "note", appended when a note is given). Texts are str.format templates over the
notification's params, given per language ({"id": ..., "en": ...}) or, with "variant",
per value of one param (application_status varies by the new status). A param given as
{"id": ..., "en": ...} (a service name) is shown in the reader's language. Urgency is a
Web Push Urgency value, or a dict by variant value with "*" as the default.
Adding a kind is one line in KINDS.
"""
from __future__ import annotations

from typing import Any

from ..i18n import LANGUAGES  # the one list of languages (backend/i18n.py)

_STATUS_TITLES = {
    "submitted": {"id": "Permohonan {service_name} Anda ({tracking_number}) sudah diterima",
                  "en": "Your {service_name} application ({tracking_number}) has been received"},
    "in_review": {"id": "Permohonan {service_name} Anda ({tracking_number}) sedang diperiksa",
                  "en": "Your {service_name} application ({tracking_number}) is being reviewed"},
    "processing": {"id": "Permohonan {service_name} Anda ({tracking_number}) sedang diproses",
                   "en": "Your {service_name} application ({tracking_number}) is being processed"},
    "needs_revision": {"id": "Permohonan {service_name} Anda ({tracking_number}) perlu perbaikan",
                       "en": "Your {service_name} application ({tracking_number}) needs corrections"},
    "resubmitted": {"id": "Perbaikan permohonan {service_name} Anda ({tracking_number}) sudah diterima",
                    "en": "The corrections to your {service_name} application ({tracking_number}) have been received"},
    "completed": {"id": "Permohonan {service_name} Anda ({tracking_number}) sudah selesai",
                  "en": "Your {service_name} application ({tracking_number}) is complete"},
    "rejected": {"id": "Permohonan {service_name} Anda ({tracking_number}) ditolak",
                 "en": "Your {service_name} application ({tracking_number}) was rejected"},
    "cancelled": {"id": "Permohonan {service_name} Anda ({tracking_number}) dibatalkan",
                  "en": "Your {service_name} application ({tracking_number}) was cancelled"},
}

_STATUS_BODIES = {
    "submitted": {"id": "Kami akan mengabari Anda setiap kali statusnya berubah.",
                  "en": "We will let you know whenever its status changes."},
    "in_review": {"id": "Petugas sedang memeriksa data dan dokumen Anda.",
                  "en": "An officer is checking your data and documents."},
    "processing": {"id": "Data Anda sudah lengkap dan dokumen sedang disiapkan.",
                   "en": "Your data is complete and the document is being prepared."},
    "needs_revision": {"id": "Buka permohonan untuk melihat bagian yang perlu diperbaiki.",
                       "en": "Open the application to see what needs to be corrected."},
    "resubmitted": {"id": "Petugas akan memeriksanya kembali.",
                    "en": "An officer will review it again."},
    "completed": {"id": "Buka permohonan untuk melihat cara mengambil hasilnya.",
                  "en": "Open the application to see how to collect the result."},
    "rejected": {"id": "Buka permohonan untuk melihat alasannya.",
                 "en": "Open the application to see the reason."},
    "cancelled": {"id": "Permohonan ini tidak diproses lebih lanjut.",
                  "en": "This application will not be processed further."},
}

KINDS: dict[str, dict[str, Any]] = {
    "application_status": {"variant": "status", "title": _STATUS_TITLES, "body": _STATUS_BODIES,
                           "note": {"id": "Catatan petugas: {note}", "en": "Officer's note: {note}"},
                           "urgency": {"needs_revision": "high", "completed": "high", "*": "normal"}},
    "officer_note": {"title": {"id": "Catatan baru dari petugas", "en": "New note from an officer"},
                     "body": {"id": "Permohonan {service_name} ({tracking_number}): {note}",
                              "en": "{service_name} application ({tracking_number}): {note}"}, "urgency": "normal"},
    "booking_reminder": {"title": {"id": "Pengingat antrean {ticket_number}", "en": "Queue reminder {ticket_number}"},
                         "body": {"id": "{service_name} di {place}, {when}. Mohon datang 15 menit lebih awal.",
                                  "en": "{service_name} at {place}, {when}. Please arrive 15 minutes early."}, "urgency": "high"},
    "complaint_answered": {"title": {"id": "Pengaduan Anda sudah dijawab", "en": "Your complaint has been answered"},
                           "body": {"id": "{subject}", "en": "{subject}"}, "urgency": "normal"},
    "assisted_consent": {"title": {"id": "Kode persetujuan: {code}", "en": "Consent code: {code}"},
                         "body": {"id": "Petugas {agency} meminta izin mengajukan permohonan atas nama Anda. Kode: {code}. "
                                        "Sebutkan kode ini hanya kepada petugas di depan Anda; berlaku {minutes} menit.",
                                  "en": "A {agency} officer asks your permission to file an application on your behalf. "
                                        "Code: {code}. Tell it only to the officer in front of you; valid for {minutes} minutes."},
                         "urgency": "high"},
    "consultation_answered": {"title": {"id": "Pertanyaan Anda sudah dijawab", "en": "Your question has been answered"},
                              "body": {"id": "{subject}", "en": "{subject}"}, "urgency": "normal"},
}

_FALLBACK = {"title": {"id": "Ada kabar baru untuk Anda", "en": "There is news for you"},
             "body": {"id": "Buka MPP Digital untuk melihatnya.", "en": "Open MPP Digital to see it."},
             "urgency": "normal"}

NOTE_LIMIT = 300  # characters of an officer's note shown in a notification


class _Params(dict):
    """Template params: a missing one renders empty rather than failing a delivery."""

    def __missing__(self, key: str) -> str:
        return ""


def _localised(value: Any, lang: str) -> Any:
    if isinstance(value, dict) and ("id" in value or "en" in value):
        return value.get(lang) or value.get("id") or value.get("en") or ""
    return value


def _template(spec: dict, variant: str | None, lang: str) -> str:
    if variant is not None:
        spec = spec.get(variant) or next(iter(spec.values()))
    return spec.get(lang) or spec["id"]


def definition(kind: str) -> dict[str, Any]:
    return KINDS.get(kind, _FALLBACK)


def render(kind: str, params: dict | None, lang: str) -> tuple[str, str]:
    """(title, body) of a notification in lang ("id" or "en")."""
    lang = lang if lang in LANGUAGES else "id"
    spec = definition(kind)
    values = _Params({k: _localised(v, lang) for k, v in (params or {}).items()})
    if isinstance(values.get("note"), str) and len(values["note"]) > NOTE_LIMIT:
        values["note"] = values["note"][: NOTE_LIMIT - 1] + "…"
    variant = str(values.get(spec["variant"])) if spec.get("variant") else None
    title = _template(spec["title"], variant, lang).format_map(values)
    body = _template(spec["body"], variant, lang).format_map(values)
    if spec.get("note") and values.get("note"):
        body = f"{body}\n{_template(spec['note'], None, lang).format_map(values)}"
    return " ".join(title.split()), body.strip()


def urgency(kind: str, params: dict | None) -> str:
    """The Web Push Urgency header for a notification."""
    spec = definition(kind)
    value = spec.get("urgency", "normal")
    if isinstance(value, dict):
        key = str((params or {}).get(spec.get("variant", ""), ""))
        return value.get(key, value.get("*", "normal"))
    return value
