"""Messages of the notifications domain (Bahasa Indonesia first, English second)."""

MESSAGES = {
    "notifications.not_found": {
        "id": "Notifikasi tidak ditemukan.",
        "en": "Notification not found.",
    },
    "push.endpoint_invalid": {
        "id": "Alamat layanan push harus berupa URL https yang valid.",
        "en": "The push service endpoint must be a valid https URL.",
    },
    "push.key_invalid": {
        "id": "Kunci langganan push tidak valid.",
        "en": "The push subscription key is not valid.",
    },
}
