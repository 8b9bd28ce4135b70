/* Every UI string, Bahasa Indonesia first (English in i18n-en.js, loaded when first used); t(key, params). */
import { id as physicalId } from "./i18n-physical.js";
import { id as sharedId } from "./i18n-shared.js";

export const id = {
  ...physicalId,
  ...sharedId, // status names and NIK messages: one source with the server
  // App shell
  "app.loading": "Aplikasi sedang dimuat…",
  "app.skip": "Langsung ke isi",
  "loading": "Memuat…",
  // Navigation
  "nav.main": "Menu utama",
  "nav.services": "Layanan",
  "nav.applications": "Permohonan",
  "nav.inbox": "Pesan",
  "nav.account": "Akun",
  "nav.settings": "Pengaturan",
  // Header
  "header.choose": "Pilih MPP",
  "header.change": "MPP: {name}. Ganti MPP",
  // Update prompt
  "update.text": "Versi baru tersedia",
  "update.button": "Muat ulang",
  // Tab badges
  "badge.outbox": "{n} kiriman belum terkirim",
  "badge.inbox": "{n} pesan belum dibaca",
  // Connection status
  "net.offline": "Anda sedang luring. Permohonan akan dikirim saat koneksi kembali.",
  "net.online": "Koneksi kembali.",
  // Error screens
  "error.title": "Terjadi kesalahan",
  "error.offline_nodata": "Data ini belum tersimpan di perangkat dan tidak dapat dimuat tanpa koneksi.",
  "error.offline_action": "Tindakan ini memerlukan koneksi internet. Coba lagi saat daring.",
  "notfound.title": "Halaman tidak ditemukan",
  "notfound.body": "Alamat yang Anda buka tidak ada. Gunakan menu di bawah.",
  // Offline data notice
  "stale.label": "Terakhir diperbarui {when} (luring)",
  // MPP chooser
  "mpp.title": "Pilih Mal Pelayanan Publik",
  "mpp.intro": "Pilih MPP terdekat. Pilihan Anda diingat di perangkat ini.",
  "mpp.list": "Daftar MPP",
  "mpp.hours": "Jam layanan",
  "mpp.choose": "Pilih MPP ini",
  "mpp.chosen": "MPP pilihan Anda",
  // MPP chooser: opening days
  "day.mon": "Senin",
  "day.tue": "Selasa",
  "day.wed": "Rabu",
  "day.thu": "Kamis",
  "day.fri": "Jumat",
  "day.sat": "Sabtu",
  "day.sun": "Minggu",
  "day.closed": "Tutup",
  // Service catalogue
  "catalogue.performance": "Kinerja MPP ini",
  "catalogue.title": "Layanan",
  "catalogue.search": "Cari layanan",
  "catalogue.agency": "Instansi",
  "catalogue.all_agencies": "Semua instansi",
  "catalogue.categories": "Kategori",
  "catalogue.all": "Semua",
  "catalogue.count": "{n} layanan",
  "catalogue.none": "Tidak ada layanan yang cocok.",
  // Service facts (fee, time, channel)
  "fee.free": "Gratis",
  "fee.variable": "Biaya sesuai ketentuan",
  "fee.from": "{amount} (dapat berbeda)",
  "days.working": "{n} hari kerja",
  "days.same": "Selesai di hari yang sama",
  "channel.online": "Bisa online",
  "channel.counter": "Di gerai MPP",
  "channel.counter_only": "Hanya di gerai",
  // Service page
  "service.title": "Layanan",
  "service.back": "← Semua layanan",
  "service.not_found": "Layanan tidak ditemukan.",
  "service.facts": "Ringkasan layanan",
  "service.apply": "Ajukan online",
  "service.not_here": "Layanan ini tidak tersedia di {mpp}.",
  "service.counter_note": "Anda juga dapat mengurusnya langsung di gerai {agency}, {mpp}. Bawa dokumen asli persyaratan.",
  "service.counter_only": "Layanan ini diurus langsung di gerai {agency}, {mpp}. Bawa dokumen asli persyaratan.",
  "service.requirements": "1. Persyaratan",
  "service.procedure": "2. Prosedur",
  "service.time": "3. Jangka waktu",
  "service.fee": "4. Biaya/tarif",
  "service.output": "5. Produk layanan",
  "service.complaints": "6. Pengaduan",
  "service.legal": "Dasar hukum",
  // Sign in and sign up
  "auth.signin_title": "Masuk",
  "auth.signin_intro": "Masuk untuk mengajukan permohonan dan melihat statusnya.",
  "auth.passkey": "Masuk dengan sidik jari / kunci layar",
  "auth.passkey_cancelled": "Masuk dengan kunci sandi dibatalkan atau tidak dikenali.",
  "auth.password_fallback": "Atau masuk dengan kata sandi",
  "auth.identifier": "NIK atau email",
  "auth.identifier_help": "16 angka NIK pada KTP, atau alamat email Anda.",
  "auth.password": "Kata sandi",
  "auth.signin": "Masuk",
  "auth.no_account": "Belum punya akun?",
  "auth.signup_link": "Daftar sekarang",
  "auth.welcome": "Selamat datang.",
  "auth.signup_title": "Daftar akun",
  "auth.signup_intro": "Isi data diri sekali; data ini dipakai untuk mengisi formulir layanan secara otomatis.",
  "auth.nik_help": "16 angka pada KTP atau Kartu Keluarga.",
  "auth.password_help": "Minimal 10 karakter. Hindari kata sandi yang mudah ditebak.",
  "auth.contact_required": "Isi nomor ponsel atau email agar kami dapat menghubungi Anda.",
  "auth.signup": "Daftar",
  "auth.have_account": "Sudah punya akun?",
  "auth.signin_link": "Masuk",
  "auth.signed_up": "Akun Anda sudah dibuat",
  // Passkeys
  "passkey.rename": "Ubah nama",
  "passkey.rename_named": "Ubah nama kunci sandi {name}",
  "passkey.new_name": "Nama baru kunci sandi",
  "passkey.renamed": "Nama kunci sandi diubah.",
  "passkey.title": "Kunci sandi (passkey)",
  "passkey.add": "Tambahkan kunci sandi",
  "passkey.added": "Kunci sandi ditambahkan.",
  "passkey.offer": "Lain kali, masuk cukup dengan sidik jari atau kunci layar ponsel. Tambahkan kunci sandi sekarang?",
  "passkey.skip": "Nanti saja",
  "passkey.default_name": "Ponsel ini",
  "passkey.none": "Belum ada kunci sandi.",
  "passkey.last_used": "Terakhir dipakai {when}",
  "passkey.never_used": "Belum pernah dipakai",
  "passkey.confirm_delete": "Hapus kunci sandi \"{name}\"?",
  "passkey.delete_named": "Hapus kunci sandi {name}",
  // Personal details
  "profile.title": "Data diri",
  "profile.intro": "Data ini dipakai untuk mengisi formulir secara otomatis. Cukup isi sekali.",
  "profile.full_name": "Nama lengkap",
  "profile.birth_place": "Tempat lahir",
  "profile.birth_date": "Tanggal lahir",
  "profile.gender": "Jenis kelamin",
  "profile.male": "Laki-laki",
  "profile.female": "Perempuan",
  "profile.phone": "Nomor ponsel",
  "profile.email": "Email",
  "profile.address": "Alamat",
  "profile.kk_number": "Nomor Kartu Keluarga",
  "profile.save": "Simpan data diri",
  "profile.saved": "Data diri disimpan.",
  // Saved documents
  "vault.title": "Dokumen tersimpan",
  "vault.intro": "Unggah dokumen sekali, lalu lampirkan ke permohonan mana pun. Foto diperkecil dulu di perangkat Anda.",
  "vault.type": "Jenis dokumen",
  "vault.camera": "Ambil foto",
  "vault.choose_file": "Pilih berkas",
  "vault.uploading": "Mengunggah…",
  "vault.uploaded": "Dokumen diunggah.",
  "vault.preparing": "Menyiapkan berkas…",
  "vault.empty": "Belum ada dokumen tersimpan.",
  "vault.preview": "Lihat",
  "vault.preview_named": "Lihat {name}",
  "vault.preview_alt": "Pratinjau {type}",
  "vault.open_file": "Buka berkas",
  "vault.close_preview": "Tutup pratinjau",
  "vault.delete": "Hapus",
  "vault.delete_named": "Hapus {name}",
  "vault.confirm_delete": "Hapus dokumen {name}? Permohonan yang sudah dikirim tidak terpengaruh.",
  "vault.deleted": "Dokumen dihapus.",
  // Document types
  "doc.ktp": "KTP-el",
  "doc.kk": "Kartu Keluarga",
  "doc.akta_kelahiran": "Akta kelahiran",
  "doc.akta_nikah": "Akta/buku nikah",
  "doc.pas_foto": "Pas foto",
  "doc.npwp": "NPWP",
  "doc.paspor": "Paspor",
  "doc.sim": "SIM",
  "doc.ijazah": "Ijazah",
  "doc.str": "STR",
  "doc.sertifikat_tanah": "Sertifikat tanah",
  "doc.gambar_bangunan": "Gambar bangunan",
  "doc.surat_keterangan": "Surat keterangan",
  "doc.surat_pengantar": "Surat pengantar",
  "doc.lainnya": "Dokumen lain",
  // Forms
  "form.choose": "— Pilih —",
  "form.optional": "(tidak wajib)",
  "form.errors_title": "Periksa isian berikut",
  "form.choose_document": "— Pilih dokumen —",
  "form.other_documents": "Dokumen lain",
  "form.new_document": "Unggah dokumen baru…",
  "form.upload_for": "Berkas untuk {name}",
  "form.file_missing": "Pilih berkas yang akan diunggah.",
  "form.file_ready": "{name} siap ({size} KB)",
  "form.new_file": "Berkas baru",
  "form.save": "Simpan",
  "form.yes": "Ya",
  "form.no": "Tidak",
  "prefill.profile": "dari profil",
  "prefill.document": "dari dokumen tersimpan",
  // Form validation
  "validation.required": "Wajib diisi.",
  "validation.confirm": "Centang untuk melanjutkan.",
  "validation.max_length": "Maksimal {n} karakter.",
  "validation.min_length": "Minimal {n} karakter.",
  "validation.phone": "Nomor ponsel tidak valid, contoh 081234567890.",
  "validation.email": "Alamat email tidak valid.",
  "validation.number": "Isi dengan angka.",
  "validation.min": "Paling kecil {n}.",
  "validation.max": "Paling besar {n}.",
  "validation.date": "Tanggal tidak valid.",
  "validation.choice": "Pilih salah satu.",
  // Apply
  "apply.title": "Ajukan permohonan",
  "apply.intro": "Permohonan diajukan ke {mpp}. Data yang sudah terisi berasal dari profil dan dokumen tersimpan "
    + "Anda; periksa sebelum melanjutkan.",
  "apply.back_to_service": "← Kembali ke layanan",
  "apply.to_review": "Lanjut: periksa kembali",
  "apply.review_title": "Periksa kembali",
  "apply.review_intro": "Pastikan semua data benar sebelum dikirim.",
  "apply.edit": "Ubah",
  "apply.submit": "Kirim permohonan",
  "apply.queued_online": "Permohonan sedang dikirim.",
  "apply.queued_offline": "Menunggu koneksi: permohonan akan terkirim otomatis saat daring.",
  // Fixing an application
  "revision.title": "Perbaiki permohonan",
  "revision.intro": "Petugas meminta Anda memperbaiki isian yang ditandai.",
  "revision.back": "← Kembali ke permohonan",
  "revision.fix_this": "Perlu diperbaiki",
  "revision.start": "Perbaiki dan kirim ulang",
  "revision.needed": "Permohonan ini perlu diperbaiki.",
  "revision.fields": "Isian yang perlu diperbaiki: {fields}",
  // Sending queue (outbox)
  "outbox.title": "Antrean pengiriman",
  "outbox.pending": "Menunggu koneksi",
  "outbox.sending": "Mengirim…",
  "outbox.failed": "Perlu perhatian",
  "outbox.delivered": "Terkirim",
  "outbox.signin": "Masuk lagi untuk mengirim",
  "outbox.created": "Dibuat {when}",
  "outbox.tracking": "Nomor permohonan:",
  "outbox.open": "Lihat",
  "outbox.discard": "Hapus dari antrean",
  "outbox.dismiss": "Sembunyikan",
  "outbox.failed_generic": "Server menolak permohonan ini.",
  "outbox.resubmission": "perbaikan",
  "outbox.retry_now": "Coba kirim sekarang",
  "outbox.delivered_toast": "Permohonan terkirim.",
  // My applications
  "applications.title": "Permohonan saya",
  "applications.sent": "Sudah diterima",
  "applications.empty": "Belum ada permohonan.",
  "applications.received": "Diterima {when}",
  // Application page
  "application.title": "Permohonan",
  "application.back": "← Permohonan saya",
  "application.tracking": "Nomor permohonan",
  "application.status": "Status",
  "application.mpp": "MPP",
  "application.received": "Diterima",
  "application.due": "Perkiraan selesai",
  "application.timeline": "Riwayat status",
  "application.cancel": "Batalkan permohonan",
  "application.cancel_confirm": "Batalkan permohonan ini?",
  "application.cancelled": "Permohonan dibatalkan.",
  // Status history: who acted
  "actor.resident": "Pemohon",
  "actor.officer": "Petugas",
  "actor.admin": "Admin",
  "actor.system": "Sistem",
  // Messages
  "inbox.title": "Pesan",
  "inbox.empty": "Belum ada pesan.",
  "inbox.new": "Baru",
  "inbox.read_all": "Tandai semua dibaca",
  "inbox.unread": "{n} belum dibaca.",
  // Settings
  "settings.title": "Pengaturan",
  "settings.language": "Bahasa",
  "settings.my_data": "Data saya",
  "settings.my_data_intro": "Unduh semua data Anda, atau lihat siapa yang mengakses data Anda.",
  "settings.download": "Unduh data saya",
  "settings.signout_title": "Keluar",
  "settings.signout_intro": "Draf dan permohonan yang belum terkirim akan dihapus dari perangkat ini.",
  "settings.signout": "Keluar",
  "settings.signout_pending": "{n} permohonan belum terkirim dan akan dihapus. Tetap keluar?",
  "settings.signed_out": "Anda sudah keluar.",
  // Notifications
  "push.title": "Pemberitahuan",
  "push.label": "Kirim pemberitahuan status permohonan",
  "push.hint": "Izin pemberitahuan diminta saat Anda menyalakannya.",
  "push.working": "Sebentar…",
  "push.on": "Pemberitahuan aktif.",
  "push.off": "Pemberitahuan mati.",
  "push.denied": "Izin pemberitahuan ditolak di pengaturan peramban.",
  "push.failed": "Pemberitahuan tidak dapat diaktifkan di perangkat ini.",
  "push.unsupported": "Peramban ini tidak mendukung pemberitahuan.",
  // Access log (who accessed my data)
  "access.title": "Siapa yang mengakses data saya",
  "access.none": "Belum ada akses oleh petugas.",
  "access.read": "Melihat",
  "access.update": "Mengubah",
  "access.create": "Membuat",
  "access.delete": "Menghapus",
  "access.export": "Mengunduh",
  "access.transition": "Mengubah status",
};

const en = {}; // filled from i18n-en.js the first time English is used (off the first load)
const dictionaries = { id, en };

/* Later screens' strings merge in when those screens import them (off the first load). */
export function extend(more) {
  Object.assign(id, more.id);
  Object.assign(en, more.en);
}

let current = localStorage.getItem("mpp.lang") === "en" ? "en" : "id";
let english = null;

/* Resolves once the current language's strings are here (English is fetched, or read from the
   precache, on first use; until then t() answers in Indonesian). */
export function ready() {
  if (current !== "en") return Promise.resolve();
  english = english || import("./i18n-en.js").then((module) => {
    for (const [key, value] of Object.entries(module.default)) if (!(key in en)) en[key] = value;
  }, () => {
    english = null; // offline before the worker cached it: Indonesian now, English next time
  });
  return english;
}

export function lang() {
  return current;
}

export function setLang(code) {
  current = code === "en" ? "en" : "id";
  localStorage.setItem("mpp.lang", current);
  document.documentElement.lang = current;
  ready().then(() => window.dispatchEvent(new CustomEvent("mpp:lang")));
}

const plurals = {};

/* A count picks its plural form: "days.working#one" for 1 in English ("1 working day"); Indonesian has one form. */
function pluralKey(key, params) {
  if (!params || typeof params.n !== "number") return key;
  plurals[current] = plurals[current] || new Intl.PluralRules(current);
  const form = `${key}#${plurals[current].select(params.n)}`;
  return dictionaries[current][form] !== undefined ? form : key;
}

export function t(key, params) {
  let message = dictionaries[current][pluralKey(key, params)] ?? id[key] ?? key.split(".").pop();
  for (const [name, value] of Object.entries(params || {})) message = message.split(`{${name}}`).join(String(value));
  return message;
}

/* Static texts in index.html carry data-i18n (textContent) or data-i18n-label (aria-label). */
export function applyStatic(root) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
}
