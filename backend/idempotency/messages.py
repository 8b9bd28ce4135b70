"""Idempotency-Key messages (Bahasa Indonesia first, English second)."""

MESSAGES = {
    "idempotency.missing": {
        "id": "Header Idempotency-Key wajib dikirim agar permintaan tidak diproses dua kali.",
        "en": "The Idempotency-Key header is required so that a request is never processed twice.",
    },
    "idempotency.not_uuid": {
        "id": "Idempotency-Key harus berupa UUID.", "en": "The Idempotency-Key must be a UUID.",
    },
    "idempotency.invalid": {
        "id": "Header Idempotency-Key tidak valid (paling banyak {max} karakter ASCII).",
        "en": "The Idempotency-Key header is not valid (at most {max} ASCII characters).",
    },
    "idempotency.reused": {
        "id": "Idempotency-Key ini sudah dipakai untuk permintaan dengan isi berbeda. Gunakan kunci baru.",
        "en": "This Idempotency-Key was already used for a different request. Use a new key.",
    },
    "idempotency.in_flight": {
        "id": "Permintaan dengan kunci yang sama sedang diproses. Coba lagi sebentar lagi.",
        "en": "A request with the same key is still being processed. Try again shortly.",
    },
}
