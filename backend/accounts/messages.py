"""Accounts messages, Bahasa Indonesia first, English second."""
from ..sharedlabels import label

MESSAGES = {
    # field errors
    "nik.required": {"id": "NIK wajib diisi.", "en": "NIK is required."},
    # the NIK checks' messages: one source with the PWA's live warnings (pwa/i18n-shared.js)
    **{f"nik.{code}": label(f"warn.nik.{code}") for code in (
        "digits", "length", "province", "date", "serial", "birth_date_mismatch", "gender_mismatch")},
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
    "accounts.email_required": {
        "id": "Email ini adalah nama masuk akun Anda dan tidak dapat dihapus. Anda dapat menggantinya dengan alamat lain.",
        "en": "This email is the name you sign in with and cannot be removed. You can replace it with another address.",
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


# Password change, recovery (e-mail link, counter code) and e-mail confirmation; the
# mail.* texts are the bodies of the messages sent, in the account's language.
RECOVERY_MESSAGES = {
    "accounts.recovery_sent": {
        "id": "Jika akun dengan data tersebut ada dan emailnya sudah dikonfirmasi, tautan untuk mengatur ulang "
              "kata sandi sudah kami kirim. Periksa kotak masuk Anda (juga folder spam). Tautan berlaku {minutes} menit.",
        "en": "If an account with these details exists and its email address is confirmed, we have sent a link to "
              "reset the password. Check your inbox (and the spam folder). The link is valid for {minutes} minutes.",
    },
    "accounts.recovery_link_invalid": {
        "id": "Tautan ini tidak berlaku lagi: sudah dipakai, sudah kedaluwarsa, atau tidak lengkap. Minta tautan baru.",
        "en": "This link is no longer valid: it was used, it expired or it is incomplete. Ask for a new link.",
    },
    "accounts.recovery_code_invalid": {
        "id": "NIK atau kode pemulihan tidak cocok, atau kode sudah tidak berlaku. Minta kode baru di gerai MPP.",
        "en": "The NIK or the recovery code does not match, or the code is no longer valid. Ask for a new code at the MPP counter.",
    },
    "accounts.resident_not_found": {
        "id": "Tidak ada akun warga dengan NIK ini. Warga dapat mendaftar baru.",
        "en": "There is no resident account with this NIK. The resident can register a new one.",
    },
    "accounts.ktp_check_required": {
        "id": "Pastikan Anda sudah memeriksa KTP-el asli pemohon secara langsung.",
        "en": "Confirm that you have checked the applicant's original ID card in person.",
    },
    "accounts.confirm_link_invalid": {
        "id": "Tautan konfirmasi tidak berlaku lagi. Ubah email Anda sekali lagi untuk mendapat tautan baru.",
        "en": "This confirmation link is no longer valid. Change your email again to get a new link.",
    },
    "mail.signature": {
        "id": "Salam,\nMPP Digital\n\nEmail ini dikirim otomatis; mohon tidak dibalas.",
        "en": "Regards,\nMPP Digital\n\nThis message was sent automatically; please do not reply.",
    },
    "mail.recovery.subject": {"id": "Atur ulang kata sandi MPP Digital", "en": "Reset your MPP Digital password"},
    "mail.recovery.body": {
        "id": "Halo {name},\n\nKami menerima permintaan untuk mengatur ulang kata sandi akun MPP Digital Anda. "
              "Buka tautan berikut dalam {minutes} menit untuk membuat kata sandi baru:\n\n{link}\n\n"
              "Tautan ini hanya dapat dipakai sekali. Jika Anda tidak memintanya, abaikan email ini: "
              "kata sandi Anda tidak berubah.",
        "en": "Hello {name},\n\nWe received a request to reset the password of your MPP Digital account. "
              "Open this link within {minutes} minutes to choose a new password:\n\n{link}\n\n"
              "The link works only once. If you did not ask for it, ignore this message: your password has not changed.",
    },
    "mail.confirm.subject": {"id": "Konfirmasi alamat email Anda", "en": "Confirm your email address"},
    "mail.confirm.body": {
        "id": "Halo {name},\n\nAlamat email ini dimasukkan ke akun MPP Digital Anda. Buka tautan berikut dalam "
              "{hours} jam untuk mengonfirmasinya:\n\n{link}\n\nSetelah dikonfirmasi, alamat ini dapat dipakai untuk "
              "masuk dan untuk memulihkan akun. Jika Anda tidak merasa mengubahnya, abaikan email ini.",
        "en": "Hello {name},\n\nThis email address was entered for your MPP Digital account. Open this link within "
              "{hours} hours to confirm it:\n\n{link}\n\nOnce confirmed, the address can be used to sign in and to "
              "recover the account. If you did not enter it, ignore this message.",
    },
    "mail.taken.subject": {"id": "Alamat email Anda dimasukkan ke akun lain", "en": "Your email address was entered for another account"},
    "mail.taken.body": {
        "id": "Halo,\n\nSeseorang memasukkan alamat email ini ke akun MPP Digital lain. Alamat ini sudah terdaftar "
              "pada akun Anda, jadi tidak ada yang berubah. Jika itu Anda, masuklah dengan akun yang sudah ada atau "
              "gunakan \"Lupa kata sandi?\" di halaman masuk.",
        "en": "Hello,\n\nSomeone entered this email address for another MPP Digital account. The address already "
              "belongs to your account, so nothing has changed. If it was you, sign in with your existing account or "
              "use \"Forgot password?\" on the sign-in page.",
    },
    "mail.changed.subject": {"id": "Kata sandi MPP Digital Anda diubah", "en": "Your MPP Digital password was changed"},
    "mail.changed.body": {
        "id": "Halo {name},\n\nKata sandi akun MPP Digital Anda baru saja diubah ({how}). Sesi di perangkat lain "
              "sudah dihentikan. Jika bukan Anda yang melakukannya, segera datang ke gerai MPP dengan KTP-el untuk "
              "memulihkan akun.",
        "en": "Hello {name},\n\nThe password of your MPP Digital account was just changed ({how}). Sessions on other "
              "devices have been ended. If this was not you, come to an MPP counter with your ID card to recover the account.",
    },
    "mail.changed.change": {"id": "dari pengaturan akun", "en": "from the account settings"},
    "mail.changed.email": {"id": "melalui tautan pemulihan di email", "en": "with a recovery link sent by email"},
    "mail.changed.code": {"id": "dengan kode pemulihan dari gerai MPP", "en": "with a recovery code from an MPP counter"},
    "mail.code.subject": {"id": "Kode pemulihan akun diterbitkan di gerai MPP",
                          "en": "An account recovery code was issued at an MPP counter"},
    "mail.code.body": {
        "id": "Halo {name},\n\nPetugas {agency} menerbitkan kode pemulihan untuk akun MPP Digital Anda setelah "
              "memeriksa KTP-el Anda di gerai. Kode berlaku {minutes} menit dan hanya sekali pakai. Jika Anda tidak "
              "sedang berada di gerai MPP, laporkan melalui menu Pengaduan.",
        "en": "Hello {name},\n\nAn officer of {agency} issued a recovery code for your MPP Digital account after "
              "checking your ID card at the counter. The code is valid for {minutes} minutes and works once. If you "
              "are not at an MPP counter right now, report it through Complaints.",
    },
}
