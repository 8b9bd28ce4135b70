"""Accounts messages, Bahasa Indonesia first, English second."""
from .. import i18n

MESSAGES = {
    # field errors
    "nik.required": {"id": "NIK wajib diisi.", "en": "NIK is required."},
    "nik.digits": {"id": "NIK hanya boleh berisi angka.", "en": "The NIK may contain digits only."},
    "nik.length": {"id": "NIK harus terdiri dari 16 angka.", "en": "The NIK must have 16 digits."},
    "nik.province": {
        "id": "Dua angka pertama NIK bukan kode provinsi yang berlaku.",
        "en": "The first two digits of the NIK are not a valid province code.",
    },
    "nik.date": {
        "id": "Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang valid (untuk perempuan, tanggal ditambah 40).",
        "en": "Digits 7 to 12 of the NIK are not a valid birth date (for women the day is increased by 40).",
    },
    "nik.serial": {
        "id": "Empat angka terakhir NIK tidak boleh 0000.",
        "en": "The last four digits of the NIK cannot be 0000.",
    },
    "nik.birth_date_mismatch": {
        "id": "Tanggal lahir pada NIK berbeda dengan tanggal lahir yang Anda isi. Periksa kembali KTP Anda.",
        "en": "The birth date in the NIK differs from the birth date you entered. Please check your ID card.",
    },
    "nik.gender_mismatch": {
        "id": "Jenis kelamin pada NIK berbeda dengan jenis kelamin yang Anda pilih. Periksa kembali KTP Anda.",
        "en": "The gender encoded in the NIK differs from the gender you chose. Please check your ID card.",
    },
    "password.required": {"id": "Kata sandi wajib diisi.", "en": "A password is required."},
    "password.too_short": {
        "id": "Kata sandi minimal 10 karakter.",
        "en": "The password must have at least 10 characters.",
    },
    "password.too_long": {
        "id": "Kata sandi maksimal 256 karakter.",
        "en": "The password may have at most 256 characters.",
    },
    "password.too_common": {
        "id": "Kata sandi ini terlalu umum dan mudah ditebak. Gunakan kata sandi lain.",
        "en": "This password is too common and easy to guess. Please choose another one.",
    },
    "phone.invalid": {
        "id": "Nomor telepon tidak valid. Contoh: 081234567890 atau +6281234567890.",
        "en": "Not a valid phone number. Example: 081234567890 or +6281234567890.",
    },
    "contact.required": {
        "id": "Isi nomor telepon atau alamat email (salah satu).",
        "en": "Enter a phone number or an email address (at least one).",
    },
    "kk.invalid": {
        "id": "Nomor KK harus terdiri dari 16 angka.",
        "en": "The family card (KK) number must have 16 digits.",
    },
    "birth_date.future": {
        "id": "Tanggal lahir tidak boleh di masa depan.",
        "en": "The birth date cannot be in the future.",
    },
    "name.blank": {"id": "Nama tidak boleh kosong.", "en": "The name cannot be blank."},
    # problems
    "accounts.already_registered": {
        "id": "NIK atau email ini sudah terdaftar. Silakan masuk dengan akun tersebut.",
        "en": "This NIK or email is already registered. Please sign in with that account.",
    },
    "accounts.email_taken": {
        "id": "Alamat email ini sudah dipakai akun lain.",
        "en": "This email address is used by another account.",
    },
    "accounts.invalid_credentials": {
        "id": "NIK/email atau kata sandi salah.",
        "en": "The NIK/email or password is incorrect.",
    },
    "accounts.session_invalid": {
        "id": "Sesi Anda tidak berlaku lagi. Silakan masuk kembali.",
        "en": "Your session is no longer valid. Please sign in again.",
    },
    "accounts.session_reused": {
        "id": "Demi keamanan, semua sesi di perangkat ini dihentikan. Silakan masuk kembali.",
        "en": "For your security, this session has been ended. Please sign in again.",
    },
    "accounts.csrf_failed": {
        "id": "Permintaan ditolak karena token keamanan tidak cocok. Muat ulang halaman lalu coba lagi.",
        "en": "The request was refused because the security token did not match. Reload the page and try again.",
    },
    "accounts.origin_denied": {
        "id": "Permintaan dari situs ini tidak diizinkan.",
        "en": "Requests from this site are not allowed.",
    },
    "accounts.challenge_invalid": {
        "id": "Permintaan kunci sandi sudah kedaluwarsa atau sudah dipakai. Silakan ulangi.",
        "en": "The passkey request has expired or was already used. Please try again.",
    },
    "accounts.passkey_invalid": {
        "id": "Kunci sandi tidak dapat diverifikasi. Pastikan Anda membuka kunci perangkat (sidik jari atau kunci layar).",
        "en": "The passkey could not be verified. Make sure you unlock your device (fingerprint or screen lock).",
    },
    "accounts.passkey_not_found": {"id": "Kunci sandi tidak ditemukan.", "en": "Passkey not found."},
    "accounts.passkey_default_name": {"id": "Kunci sandi {n}", "en": "Passkey {n}"},
    "accounts.reauth_required": {
        "id": "Masukkan kata sandi Anda atau konfirmasi dengan kunci sandi.",
        "en": "Enter your password or confirm with a passkey.",
    },
    "accounts.reauth_failed": {
        "id": "Konfirmasi gagal: kata sandi atau kunci sandi tidak cocok.",
        "en": "Confirmation failed: the password or passkey did not match.",
    },
    "accounts.staff_delete": {
        "id": "Akun petugas dan admin hanya dapat dihapus oleh admin.",
        "en": "Officer and admin accounts can only be removed by an admin.",
    },
}

i18n.register(MESSAGES)
