"""Messages of the integrations domain (Bahasa Indonesia first, English second)."""

MESSAGES = {
    "integrations.not_found": {"id": "Sistem terhubung tidak ditemukan.", "en": "Connected system not found."},
    "integrations.token_invalid": {
        "id": "Token akses sistem instansi tidak sah, kedaluwarsa, atau sudah dicabut.",
        "en": "The agency system's access token is invalid, expired or revoked.",
    },
    "integrations.insufficient_scope": {
        "id": "Token akses ini tidak mencakup izin yang diperlukan ({scope}).",
        "en": "This access token does not include the permission needed ({scope}).",
    },
    "integrations.bad_cursor": {"id": "Kursor tidak sah.", "en": "Invalid cursor."},
    "integrations.document_not_found": {
        "id": "Dokumen tidak ditemukan pada permohonan ini.", "en": "Document not found on this application.",
    },
    "integrations.complaint_not_found": {"id": "Pengaduan tidak ditemukan.", "en": "Complaint not found."},
    "integrations.bad_region": {
        "id": "Instansi ini tidak memiliki gerai di MPP {region}.", "en": "This agency has no counter at the MPP {region}.",
    },
    "integrations.bad_service": {
        "id": "Layanan {service} bukan layanan instansi ini.", "en": "Service {service} is not this agency's.",
    },
    "integrations.bad_webhook_url": {
        "id": "Alamat webhook harus https:// (atau http://localhost untuk uji coba).",
        "en": "The webhook URL must be https:// (or http://localhost for testing).",
    },
    "integrations.revoked": {"id": "Sistem ini sudah diputus.", "en": "This system has been disconnected."},
}
