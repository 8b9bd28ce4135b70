/* UI strings of the resident's data rights (who accessed my data, deleting the account) and of
   keeping data on the phone; Indonesian first. */
import { extend } from "./i18n.js";
export const id = {
  // Access log (who accessed my data)
  "access.staff_number": "{role} #{n}",
  "access.times": "{n} kali, {from} sampai {to}",
  "access.download": "Membuka berkas",
  "access.object.application": "permohonan",
  "access.object.document": "dokumen",
  "access.object.booking": "tiket antrian",
  "access.object.complaint": "pengaduan",
  "access.object.profile": "data diri",
  // Storage on this device
  "persist.title": "Data di ponsel ini",
  "persist.kept": "Tersimpan permanen. Browser tidak akan menghapus draf dan kiriman yang belum terkirim, meskipun "
    + "memori ponsel hampir penuh.",
  "persist.best_effort": "Belum tersimpan permanen. Bila memori ponsel hampir penuh, browser dapat menghapus data "
    + "aplikasi ini, termasuk kiriman yang belum terkirim.",
  "persist.unknown": "Browser ini tidak memberi tahu apakah data aplikasi disimpan permanen. Kirim permohonan segera saat ada sinyal.",
  "persist.ask": "Minta agar data disimpan permanen",
  "persist.refused": "Browser belum mengizinkan. Memasang aplikasi ke layar utama biasanya membantu.",
  // Deleting the account
  "delete.title": "Hapus akun",
  "delete.settings_intro": "Hapus akun MPP Digital Anda beserta data yang tersimpan di dalamnya.",
  "delete.open": "Hapus akun saya…",
  "delete.intro": "Akun Anda akan dihapus untuk selamanya dan tidak dapat dipulihkan. Sebelum melanjutkan, sebaiknya "
    + "unduh data Anda terlebih dahulu.",
  "delete.download": "Unduh data saya dulu",
  "delete.erased_title": "Yang dihapus",
  "delete.erased.profile": "Data diri dan akun Anda: NIK, nama, tanggal lahir, alamat, nomor ponsel, email, kata "
    + "sandi dan kunci sandi (passkey).",
  "delete.erased.documents": "Semua dokumen di brankas beserta berkasnya.",
  "delete.erased.applications": "Permohonan online beserta riwayat statusnya, tiket antrian, pengaduan, dan jawaban survei kepuasan.",
  "delete.erased.inbox": "Pesan, langganan notifikasi, dan sesi masuk di semua perangkat.",
  "delete.erased.log": "Catatan siapa saja yang mengakses data Anda.",
  "delete.erased.device": "Di ponsel ini: draf dan kiriman yang belum terkirim.",
  "delete.kept_title": "Yang tetap disimpan instansi",
  "delete.kept.documents": "Dokumen yang sudah diterbitkan untuk Anda (misalnya KTP-el, Kartu Keluarga, akta, "
    + "paspor, SIM, sertifikat) tetap berlaku dan tetap tercatat di instansi penerbitnya.",
  "delete.kept.registers": "Data di sistem instansi itu sendiri, misalnya data kependudukan di Dukcapil (UU 24/2013 "
    + "tentang Administrasi Kependudukan) dan arsip layanan yang wajib disimpan instansi (UU 43/2009 tentang "
    + "Kearsipan). Undang-undang mewajibkan instansi menyimpannya; menghapus akun di sini tidak menghapusnya.",
  "delete.kept.open": "Permohonan yang masih diproses tidak dapat dilanjutkan secara online lagi. Bila masih "
    + "diperlukan, urus langsung di gerai MPP.",
  "delete.confirm_title": "Konfirmasi",
  "delete.pending": "{n} kiriman di ponsel ini belum terkirim dan akan ikut dihapus.",
  "delete.password_label": "Kata sandi Anda",
  "delete.password_help": "Untuk memastikan bahwa yang menghapus akun adalah Anda sendiri.",
  "delete.use_passkey": "Konfirmasi dengan kunci sandi",
  "delete.or": "atau",
  "delete.understand": "Saya mengerti bahwa akun dan data di atas dihapus untuk selamanya.",
  "delete.understand_required": "Centang pernyataan ini untuk melanjutkan.",
  "delete.password_required": "Masukkan kata sandi Anda, atau konfirmasi dengan kunci sandi.",
  "delete.submit": "Hapus akun untuk selamanya",
  "delete.working": "Menghapus akun…",
  "delete.done": "Akun Anda sudah dihapus. Terima kasih telah menggunakan MPP Digital.",
  "delete.cancel": "Batal, kembali ke Pengaturan",
  "delete.staff": "Akun petugas dan admin dihapus oleh admin MPP, tidak dari aplikasi.",
  // Personal details
  "profile.staff_name": "Nama petugas hanya dapat diubah oleh admin MPP, karena nama ini yang dilihat warga di catatan akses data mereka.",
};

export const en = {
  // Access log (who accessed my data)
  "access.staff_number": "{role} #{n}",
  "access.times": "{n} times, {from} to {to}",
  "access.times#one": "{n} time, {from} to {to}",
  "access.download": "Opened a file",
  "access.object.application": "application",
  "access.object.document": "document",
  "access.object.booking": "queue ticket",
  "access.object.complaint": "complaint",
  "access.object.profile": "personal details",
  // Storage on this device
  "persist.title": "Data on this phone",
  "persist.kept": "Kept for sure. The browser will not delete drafts and items not sent yet, even when the phone is almost out of storage.",
  "persist.best_effort": "Not kept for sure. When the phone is almost out of storage, the browser may delete this "
    + "app's data, including items not sent yet.",
  "persist.unknown": "This browser does not tell whether the app's data is kept for sure. Send applications as soon as you have a signal.",
  "persist.ask": "Ask to keep the data for sure",
  "persist.refused": "The browser has not allowed it yet. Adding the app to the home screen usually helps.",
  // Deleting the account
  "delete.title": "Delete account",
  "delete.settings_intro": "Delete your MPP Digital account and the data stored in it.",
  "delete.open": "Delete my account…",
  "delete.intro": "Your account will be deleted for good and cannot be restored. Before you go on, you may want to "
    + "download your data first.",
  "delete.download": "Download my data first",
  "delete.erased_title": "What is deleted",
  "delete.erased.profile": "Your personal details and account: NIK, name, date of birth, address, phone number, "
    + "e-mail, password and passkeys.",
  "delete.erased.documents": "Every document in your vault, with its file.",
  "delete.erased.applications": "Your online applications with their status history, queue tickets, complaints and "
    + "satisfaction survey answers.",
  "delete.erased.inbox": "Messages, notification subscriptions and sign-ins on every device.",
  "delete.erased.log": "The record of who accessed your data.",
  "delete.erased.device": "On this phone: drafts and items not sent yet.",
  "delete.kept_title": "What the agencies keep",
  "delete.kept.documents": "Documents already issued to you (for example your e-KTP, family card, certificates, "
    + "passport, driving licence) stay valid and stay on record at the agency that issued them.",
  "delete.kept.registers": "Data in the agencies' own systems, such as the population register at Dukcapil (Law "
    + "24/2013 on Population Administration) and service records the agencies must archive (Law 43/2009 on "
    + "Archives). The law requires the agencies to keep them; deleting your account here does not delete them.",
  "delete.kept.open": "Applications still in progress can no longer be followed online. If you still need them, go to the MPP counter.",
  "delete.confirm_title": "Confirm",
  "delete.pending": "{n} items on this phone have not been sent and will be deleted too.",
  "delete.pending#one": "{n} item on this phone has not been sent and will be deleted too.",
  "delete.password_label": "Your password",
  "delete.password_help": "So we know it is really you deleting the account.",
  "delete.use_passkey": "Confirm with a passkey",
  "delete.or": "or",
  "delete.understand": "I understand that my account and the data above are deleted for good.",
  "delete.understand_required": "Tick this statement to go on.",
  "delete.password_required": "Enter your password, or confirm with a passkey.",
  "delete.submit": "Delete my account for good",
  "delete.working": "Deleting the account…",
  "delete.done": "Your account has been deleted. Thank you for using MPP Digital.",
  "delete.cancel": "Cancel, back to Settings",
  "delete.staff": "Officer and admin accounts are deleted by an MPP administrator, not in the app.",
  // Personal details
  "profile.staff_name": "Only an MPP administrator can change a staff name, because residents see this name in the "
    + "log of who accessed their data.",
};

// Imported by the screens that use these strings (loaded on demand, precached), not by i18n.js,
// so they stay off the first load; tests/browser/test_shell.py checks every user imports it.
extend({ id, en });
