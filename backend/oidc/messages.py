"""Messages of the OpenID Connect provider (Bahasa Indonesia first, English second)."""

MESSAGES = {
    "oidc.request_not_found": {
        "id": "Permintaan masuk ini tidak ditemukan, sudah dipakai, atau kedaluwarsa. Kembali ke e-service dan coba lagi.",
        "en": "This sign-in request was not found, has been used, or has expired. Go back to the e-service and try again.",
    },
    "oidc.app_not_found": {"id": "Aplikasi terhubung tidak ditemukan.", "en": "Connected app not found."},
    "oidc.link_invalid": {"id": "Tautan dokumen tidak berlaku (sudah dipakai atau kedaluwarsa).",
                          "en": "The document link is not valid (used or expired)."},
}
