/* UI strings of password change, account recovery and e-mail confirmation (Indonesian first). */
import { extend } from "./i18n.js";
export const id = {
  // Account recovery
  "recovery.forgot_link": "Lupa kata sandi?",
  "recovery.forgot_title": "Lupa kata sandi",
  "recovery.forgot_intro": "Masukkan NIK atau email akun Anda. Kami mengirim tautan untuk membuat kata sandi baru ke "
    + "email yang sudah Anda konfirmasi.",
  "recovery.send": "Kirim tautan",
  "recovery.sent_title": "Periksa email Anda",
  "recovery.no_email": "Tidak punya email yang terkonfirmasi, atau tidak bisa membuka email?",
  "recovery.counter_hint": "Datang ke gerai MPP dengan KTP-el asli. Petugas memeriksa KTP-el Anda dan memberikan "
    + "kode pemulihan sekali pakai.",
  "recovery.code_link": "Saya punya kode dari gerai MPP",
  "recovery.reset_title": "Buat kata sandi baru",
  "recovery.reset_intro": "Kata sandi baru berlaku di semua perangkat. Anda akan keluar dari semua perangkat dan perlu masuk kembali.",
  "recovery.new_password": "Kata sandi baru",
  "recovery.repeat_password": "Ulangi kata sandi baru",
  "recovery.mismatch": "Kedua kata sandi tidak sama.",
  "recovery.save": "Simpan kata sandi baru",
  "recovery.done": "Kata sandi baru tersimpan. Silakan masuk.",
  "recovery.no_token": "Tautan ini tidak lengkap. Buka kembali tautan dari email Anda, atau minta tautan baru.",
  "recovery.again": "Minta tautan baru",
  "recovery.code_title": "Pulihkan akun dengan kode gerai",
  "recovery.code_intro": "Masukkan NIK dan kode pemulihan yang diberikan petugas gerai MPP. Kode berlaku 15 menit dan hanya sekali pakai.",
  "recovery.code": "Kode pemulihan",
  "recovery.code_help": "10 huruf dan angka, contoh: ACDEF-34679.",
  // Password change
  "password.title": "Ubah kata sandi",
  "password.intro": "Setelah diubah, semua perangkat lain akan dikeluarkan dari akun Anda.",
  "password.current": "Kata sandi saat ini",
  "password.save": "Ubah kata sandi",
  "password.with_passkey": "Ubah dengan kunci sandi (tanpa kata sandi lama)",
  "password.changed": "Kata sandi diubah. Perangkat lain sudah dikeluarkan.",
  // E-mail confirmation
  "email.title": "Email akun",
  "email.none": "Belum ada email. Tambahkan di Data diri agar akun dapat dipulihkan lewat email.",
  "email.confirmed": "{email} (terkonfirmasi)",
  "email.unconfirmed": "{email} (belum dikonfirmasi)",
  "email.pending": "Menunggu konfirmasi: {email}",
  "email.pending_hint": "Buka tautan yang kami kirim ke alamat itu. Sampai saat itu, email lama tetap berlaku.",
  "email.resend": "Kirim ulang tautan konfirmasi",
  "email.resent": "Tautan konfirmasi dikirim ulang.",
  "email.pending_toast": "Data diri disimpan. Email baru menunggu konfirmasi: buka tautan yang kami kirim.",
  "email.confirm_title": "Konfirmasi email",
  "email.confirming": "Mengonfirmasi alamat email…",
  "email.confirmed_done": "Alamat email {email} sudah dikonfirmasi.",
  // Counter staff
  "staff.recovery_title": "Pemulihan akun warga",
  "staff.recovery_intro": "Untuk warga yang tidak bisa masuk. Periksa KTP-el asli warga secara langsung, lalu "
    + "terbitkan kode sekali pakai. Penerbitan dicatat dan terlihat oleh warga.",
  "staff.recovery_link": "Pemulihan akun warga",
  "staff.recovery_nik": "NIK pada KTP-el warga",
  "staff.recovery_ktp": "Saya sudah memeriksa KTP-el asli warga ini secara langsung dan fotonya cocok.",
  "staff.recovery_issue": "Terbitkan kode",
  "staff.recovery_code_for": "Kode pemulihan untuk {name} (NIK {nik})",
  "staff.recovery_expires": "Berlaku sampai {when}. Kode hanya ditampilkan sekali: sampaikan langsung kepada warga.",
  "staff.recovery_next": "Warga membuka \"Lupa kata sandi?\" → \"Saya punya kode dari gerai MPP\", lalu mengisi NIK, "
    + "kode ini, dan kata sandi baru.",
  // Access log (who accessed my data)
  "access.recovery_code": "Menerbitkan kode pemulihan akun",
  "access.password_reset_email": "Kata sandi diatur ulang lewat tautan email",
  "access.password_reset_code": "Kata sandi diatur ulang dengan kode gerai",
  "access.object.account": "Akun",
  "access.object.consultation": "Pertanyaan kepada petugas",
  "access.assisted_consent": "Meminta izin mengajukan atas nama Anda",
  "access.assisted_register": "Mendaftarkan akun Anda di gerai",
  "access.assisted_upload": "Memindai dokumen di gerai",
  "access.assisted_filing": "Diajukan oleh petugas",
  // Language choice
  "language.ask_title": "Pilih bahasa",
  "language.ask_body": "Akun Anda memakai {account}, sedangkan perangkat ini memakai {device}. Pilihan Anda berlaku "
    + "di perangkat ini dan untuk pesan yang dikirim ke akun Anda.",
  "language.saved": "Bahasa disimpan di akun Anda.",
  "language.saved_later": "Bahasa dipakai di perangkat ini. Akun Anda diperbarui saat daring.",
};

export const en = {
  // Account recovery
  "recovery.forgot_link": "Forgot password?",
  "recovery.forgot_title": "Forgot password",
  "recovery.forgot_intro": "Enter the NIK or email of your account. We send a link to choose a new password to your "
    + "confirmed email address.",
  "recovery.send": "Send link",
  "recovery.sent_title": "Check your email",
  "recovery.no_email": "No confirmed email, or cannot open your email?",
  "recovery.counter_hint": "Come to an MPP counter with your original ID card (KTP-el). The officer checks it and "
    + "gives you a one-time recovery code.",
  "recovery.code_link": "I have a code from an MPP counter",
  "recovery.reset_title": "Choose a new password",
  "recovery.reset_intro": "The new password applies on every device. You will be signed out everywhere and need to sign in again.",
  "recovery.new_password": "New password",
  "recovery.repeat_password": "Repeat the new password",
  "recovery.mismatch": "The two passwords are not the same.",
  "recovery.save": "Save the new password",
  "recovery.done": "Your new password is saved. Please sign in.",
  "recovery.no_token": "This link is incomplete. Open the link from your email again, or ask for a new one.",
  "recovery.again": "Ask for a new link",
  "recovery.code_title": "Recover the account with a counter code",
  "recovery.code_intro": "Enter your NIK and the recovery code the MPP counter officer gave you. The code is valid "
    + "for 15 minutes and works once.",
  "recovery.code": "Recovery code",
  "recovery.code_help": "10 letters and digits, for example ACDEF-34679.",
  // Password change
  "password.title": "Change password",
  "password.intro": "After the change, every other device is signed out of your account.",
  "password.current": "Current password",
  "password.save": "Change password",
  "password.with_passkey": "Change with a passkey (no old password)",
  "password.changed": "Password changed. Other devices have been signed out.",
  // E-mail confirmation
  "email.title": "Account email",
  "email.none": "No email yet. Add one in Personal details so the account can be recovered by email.",
  "email.confirmed": "{email} (confirmed)",
  "email.unconfirmed": "{email} (not confirmed yet)",
  "email.pending": "Waiting for confirmation: {email}",
  "email.pending_hint": "Open the link we sent to that address. Until then the old address stays in use.",
  "email.resend": "Send the confirmation link again",
  "email.resent": "The confirmation link was sent again.",
  "email.pending_toast": "Personal details saved. The new email waits for confirmation: open the link we sent.",
  "email.confirm_title": "Confirm email",
  "email.confirming": "Confirming the email address…",
  "email.confirmed_done": "The email address {email} is confirmed.",
  // Counter staff
  "staff.recovery_title": "Resident account recovery",
  "staff.recovery_intro": "For residents who cannot sign in. Check the resident's original ID card (KTP-el) in "
    + "person, then issue a one-time code. Issuing is logged and the resident can see it.",
  "staff.recovery_link": "Resident account recovery",
  "staff.recovery_nik": "NIK on the resident's ID card",
  "staff.recovery_ktp": "I have checked this resident's original ID card in person and the photo matches.",
  "staff.recovery_issue": "Issue code",
  "staff.recovery_code_for": "Recovery code for {name} (NIK {nik})",
  "staff.recovery_expires": "Valid until {when}. The code is shown only once: tell it to the resident directly.",
  "staff.recovery_next": "The resident opens \"Forgot password?\" → \"I have a code from an MPP counter\" and enters "
    + "the NIK, this code and a new password.",
  // Access log (who accessed my data)
  "access.recovery_code": "Issued an account recovery code",
  "access.password_reset_email": "Password reset with an email link",
  "access.password_reset_code": "Password reset with a counter code",
  "access.object.account": "Account",
  "access.object.consultation": "Question to an officer",
  "access.assisted_consent": "Asked your permission to file on your behalf",
  "access.assisted_register": "Registered your account at the counter",
  "access.assisted_upload": "Scanned a document at the counter",
  "access.assisted_filing": "Filed by an officer",
  // Language choice
  "language.ask_title": "Choose a language",
  "language.ask_body": "Your account uses {account}, while this device uses {device}. Your choice applies on this "
    + "device and to the messages sent to your account.",
  "language.saved": "The language is saved to your account.",
  "language.saved_later": "The language is used on this device. Your account is updated when you are back online.",
};

// Imported by the screens that use these strings (loaded on demand, precached), not by i18n.js,
// so they stay off the first load; tests/browser/test_shell.py checks every user imports it.
extend({ id, en });
