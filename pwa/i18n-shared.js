/* Labels the server uses too: application status names and the NIK checks' messages. This file
   is their only source: backend/sharedlabels.py reads the JSON between the markers below (keep it
   strict JSON: double quotes, no trailing commas), and i18n.js / i18n-en.js merge it. */
export const SHARED = /* JSON */ {
  "status.submitted": { "id": "Diajukan", "en": "Submitted" },
  "status.in_review": { "id": "Sedang diperiksa", "en": "In review" },
  "status.processing": { "id": "Sedang diproses", "en": "Processing" },
  "status.needs_revision": { "id": "Perlu perbaikan", "en": "Needs changes" },
  "status.resubmitted": { "id": "Perbaikan dikirim", "en": "Resubmitted" },
  "status.completed": { "id": "Selesai", "en": "Completed" },
  "status.rejected": { "id": "Ditolak", "en": "Rejected" },
  "status.cancelled": { "id": "Dibatalkan", "en": "Cancelled" },
  "warn.nik.digits": { "id": "NIK hanya boleh berisi angka.", "en": "The NIK may contain digits only." },
  "warn.nik.length": { "id": "NIK harus terdiri dari 16 angka.", "en": "The NIK must have 16 digits." },
  "warn.nik.province": {
    "id": "Dua angka pertama NIK bukan kode provinsi yang berlaku.",
    "en": "The first two digits of the NIK are not a valid province code."
  },
  "warn.nik.date": {
    "id": "Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang valid (untuk perempuan, tanggal ditambah 40).",
    "en": "Digits 7 to 12 of the NIK are not a valid birth date (for women the day is increased by 40)."
  },
  "warn.nik.serial": { "id": "Empat angka terakhir NIK tidak boleh 0000.", "en": "The last four digits of the NIK cannot be 0000." },
  "warn.nik.birth_date_mismatch": {
    "id": "Tanggal lahir pada NIK berbeda dengan tanggal lahir yang Anda isi. Periksa kembali KTP Anda; Anda tetap dapat melanjutkan.",
    "en": "The birth date in the NIK differs from the birth date you entered. Please check your ID card; you can still continue."
  },
  "warn.nik.gender_mismatch": {
    "id": "Jenis kelamin pada NIK berbeda dengan jenis kelamin yang Anda pilih. Periksa kembali KTP Anda; Anda tetap dapat melanjutkan.",
    "en": "The sex encoded in the NIK differs from the one you chose. Please check your ID card; you can still continue."
  }
} /* END JSON */;

/* Keys the screens already use for a message above: the apply form's NIK check says what the
   NIK length warning says (and what the server's applications.field.nik says; a test checks). */
const SAME_AS = { "validation.nik": "warn.nik.length" };

const pick = (lang) => Object.fromEntries([
  ...Object.entries(SHARED).map(([key, text]) => [key, text[lang]]),
  ...Object.entries(SAME_AS).map(([key, source]) => [key, SHARED[source][lang]]),
]);
export const id = pick("id");
export const en = pick("en");
