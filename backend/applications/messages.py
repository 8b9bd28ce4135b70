"""Messages of the applications domain (Bahasa Indonesia first, English second)."""
from ..sharedlabels import label

# status names: one source with the PWA (pwa/i18n-shared.js)
_STATUS = ("submitted", "in_review", "processing", "needs_revision", "resubmitted", "completed", "rejected", "cancelled")

MESSAGES = {
    **{f"applications.status.{k}": label(f"status.{k}") for k in _STATUS},
    "applications.not_found": {"id": "Permohonan tidak ditemukan.", "en": "Application not found."},
    "applications.form_not_available": {
        "id": "Layanan ini tidak dapat diajukan secara daring. Silakan datang ke gerai di MPP.",
        "en": "This service cannot be applied for online. Please visit the counter at the MPP.",
    },
    "applications.not_online": {
        "id": "Layanan ini hanya dilayani langsung di gerai MPP.",
        "en": "This service is only available at the MPP counter.",
    },
    "applications.not_offered": {
        "id": "Layanan ini tidak tersedia di MPP yang dipilih.",
        "en": "This service is not offered at the chosen MPP.",
    },
    "applications.unknown_service": {"id": "Layanan tidak ditemukan.", "en": "Service not found."},
    "applications.unknown_region": {"id": "MPP tidak ditemukan.", "en": "MPP not found."},
    "applications.unknown_form_version": {
        "id": "Versi formulir ini tidak dikenal.", "en": "This form version is unknown.",
    },
    "applications.form_outdated": {
        "id": "Formulir yang Anda isi sudah tidak berlaku karena telah diperbarui. "
              "Silakan isi ulang formulir versi terbaru (versi {current_version}).",
        "en": "The form you filled in is no longer accepted because it has been updated. "
              "Please fill in the latest version (version {current_version}) again.",
    },
    "applications.illegal_transition": {
        "id": "Status permohonan tidak dapat diubah dari \u201c{current}\u201d menjadi \u201c{target}\u201d.",
        "en": "The application's status cannot change from \u201c{current}\u201d to \u201c{target}\u201d.",
    },
    "applications.closed": {
        "id": "Permohonan ini sudah ditutup, sehingga catatan baru tidak dapat ditambahkan.",
        "en": "This application is closed, so no new note can be added.",
    },
    "applications.unknown_status": {"id": "Status tidak dikenal.", "en": "Unknown status."},
    "applications.note_required": {
        "id": "Tuliskan catatan agar pemohon tahu alasannya.",
        "en": "Write a note so the applicant knows why.",
    },
    "applications.fields_to_fix_unknown": {
        "id": "Kolom berikut tidak ada di formulir: {keys}.", "en": "These fields are not on the form: {keys}.",
    },
    # field validation
    "applications.field.required": {"id": "Wajib diisi.", "en": "Required."},
    "applications.field.must_confirm": {"id": "Centang untuk menyatakan setuju.", "en": "Tick to confirm."},
    "applications.field.phone": {
        "id": "Nomor ponsel tidak valid. Gunakan format 08xx atau +628xx (10\u201315 angka).",
        "en": "Not a valid mobile number. Use 08xx or +628xx (10\u201315 digits).",
    },
    "applications.field.nik": {
        "id": "NIK harus terdiri dari 16 angka.", "en": "The NIK must have 16 digits.",
    },
    "applications.field.document_missing": {
        "id": "Dokumen tidak ditemukan di brankas dokumen Anda.", "en": "This document is not in your document vault.",
    },
    "applications.field.document_type": {
        # no internal type key in the text: the field's label before it says what is wanted
        "id": "Jenis dokumen tidak sesuai untuk isian ini. Pilih dokumen yang diminta atau unggah yang baru.",
        "en": "This document is not of the kind this field asks for. Choose the one asked for or upload a new one.",
    },
    "applications.field.number": {"id": "Harus berupa angka.", "en": "Must be a number."},
    "applications.field.email": {
        "id": "Alamat email tidak valid, misalnya nama@contoh.id.", "en": "Not a valid email address, for example name@example.id.",
    },
    "applications.field.not_string": {"id": "Harus berupa teks.", "en": "Must be text."},
}
