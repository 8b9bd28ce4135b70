"""Message dictionaries (Bahasa Indonesia first, English second) and language choice."""
from __future__ import annotations

from flask import has_request_context, request

LANGUAGES = ("id", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # problem titles by HTTP status
    "status.400": {"id": "Permintaan tidak valid", "en": "Bad request"},
    "status.401": {"id": "Perlu masuk terlebih dahulu", "en": "Authentication required"},
    "status.403": {"id": "Akses ditolak", "en": "Forbidden"},
    "status.404": {"id": "Tidak ditemukan", "en": "Not found"},
    "status.405": {"id": "Metode tidak diizinkan", "en": "Method not allowed"},
    "status.409": {"id": "Terjadi konflik", "en": "Conflict"},
    "status.413": {"id": "Data terlalu besar", "en": "Payload too large"},
    "status.415": {"id": "Jenis konten tidak didukung", "en": "Unsupported media type"},
    "status.422": {"id": "Data belum sesuai", "en": "Unprocessable content"},
    "status.429": {"id": "Terlalu banyak permintaan", "en": "Too many requests"},
    "status.500": {"id": "Terjadi kesalahan pada server", "en": "Internal server error"},
    "status.503": {"id": "Layanan sedang tidak tersedia", "en": "Service unavailable"},
    # generic details
    "error.not_found": {
        "id": "Alamat yang Anda minta tidak ditemukan.",
        "en": "The requested URL was not found.",
    },
    "error.method_not_allowed": {
        "id": "Metode ini tidak diizinkan untuk alamat tersebut.",
        "en": "This method is not allowed for this URL.",
    },
    "error.validation": {
        "id": "Beberapa isian belum sesuai. Periksa kembali kolom yang ditandai.",
        "en": "Some fields are not valid. Please check the marked fields.",
    },
    "error.invalid_json": {
        "id": "Isi permintaan bukan JSON yang valid, bertingkat terlalu dalam, atau memuat angka yang terlalu panjang.",
        "en": "The request body is not valid JSON, is nested too deeply, or holds a number that is too long.",
    },
    "error.control_character": {
        "id": "Tidak boleh memuat karakter kontrol (misalnya NUL).",
        "en": "Must not contain control characters (such as NUL).",
    },
    "error.too_large": {
        "id": "Ukuran data melebihi batas yang diizinkan.",
        "en": "The request body exceeds the allowed size.",
    },
    "error.rate_limited": {
        "id": "Terlalu banyak percobaan. Silakan coba lagi beberapa saat lagi.",
        "en": "Too many attempts. Please try again later.",
    },
    "error.internal": {
        "id": "Maaf, terjadi kesalahan pada server. Silakan coba lagi.",
        "en": "Sorry, something went wrong on the server. Please try again.",
    },
    "error.auth_required": {
        "id": "Silakan masuk terlebih dahulu.",
        "en": "Please sign in first.",
    },
    "error.token_expired": {
        "id": "Sesi Anda telah berakhir. Silakan masuk kembali.",
        "en": "Your session has expired. Please sign in again.",
    },
    "error.forbidden": {
        "id": "Anda tidak memiliki akses ke data ini.",
        "en": "You do not have access to this resource.",
    },
    # catalogue
    "catalogue.region_not_found": {
        "id": "MPP dengan kode wilayah {code} tidak ditemukan.",
        "en": "No MPP was found with region code {code}.",
    },
    "catalogue.service_not_found": {
        "id": "Layanan tidak ditemukan.",
        "en": "Service not found.",
    },
}

# marshmallow's built-in messages, translated by exact text
FIELD_MESSAGES_ID: dict[str, str] = {
    "Missing data for required field.": "Wajib diisi.",
    "Unknown field.": "Kolom tidak dikenal.",
    "Field may not be null.": "Tidak boleh kosong.",
    "Not a valid string.": "Harus berupa teks.",
    "Not a valid integer.": "Harus berupa bilangan bulat.",
    "Not a valid number.": "Harus berupa angka.",
    "Not a valid boolean.": "Harus berupa ya/tidak.",
    "Not a valid date.": "Tanggal tidak valid (format TTTT-BB-HH).",
    "Not a valid datetime.": "Waktu tidak valid (format ISO 8601).",
    "Not a valid email address.": "Alamat email tidak valid.",
    "Not a valid UUID.": "Bukan UUID yang valid.",
    "Not a valid list.": "Harus berupa daftar.",
    "Not a valid mapping type.": "Harus berupa objek.",
    "Invalid input type.": "Jenis isian tidak valid.",
    "Invalid value.": "Nilai tidak valid.",
    "Must be one of: {choices}.": "Harus salah satu dari: {choices}.",
    "Invalid JSON body.": "Isi permintaan bukan JSON yang valid.",
}


def current_language() -> str:
    """The request's language from Accept-Language; Indonesian by default."""
    if not has_request_context():
        return "id"
    override = request.args.get("lang") if request.args else None
    if override in LANGUAGES:
        return override
    return request.accept_languages.best_match(LANGUAGES, default="id") or "id"


def t(key: str, lang: str | None = None, **params) -> str:
    """Translate a message key; unknown keys come back unchanged."""
    lang = lang or current_language()
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["id"]
    return text.format(**params) if params else text


def register(messages: dict[str, dict[str, str]]) -> None:
    """Add a domain's messages (its init_app calls this; create_app is the only caller).

    A key another domain already registered with other text raises: two domains never share a
    key by accident. Registering the same entries again (a second app in one process) is a no-op.
    """
    clash = sorted(key for key in messages if key in MESSAGES and MESSAGES[key] != messages[key])
    if clash:
        raise ValueError(f"duplicate message keys: {clash}")
    MESSAGES.update(messages)


def translate_field_message(message: str, lang: str) -> str:
    if lang != "id":
        return message
    if message in FIELD_MESSAGES_ID:
        return FIELD_MESSAGES_ID[message]
    if message.startswith("Must be one of: "):
        return "Harus salah satu dari: " + message[len("Must be one of: "):]
    if message.startswith("Longer than maximum length "):
        return "Melebihi panjang maksimum " + message[len("Longer than maximum length "):]
    if message.startswith("Shorter than minimum length "):
        return "Kurang dari panjang minimum " + message[len("Shorter than minimum length "):]
    if message.startswith("Must be greater than or equal to "):
        return "Harus lebih besar atau sama dengan " + message[len("Must be greater than or equal to "):]
    if message.startswith("Must be less than or equal to "):
        return "Harus lebih kecil atau sama dengan " + message[len("Must be less than or equal to "):]
    return message
