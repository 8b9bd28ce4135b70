"""Survey, IKM report and complaint messages (Bahasa Indonesia first, English second)."""
from ..i18n import MESSAGES, register

_MESSAGES = {
    "survey.one_subject": {"id": "Isi salah satu: application_id atau booking_id.",
                           "en": "Give exactly one of application_id or booking_id."},
    "survey.application_not_found": {"id": "Permohonan tidak ditemukan.", "en": "Application not found."},
    "survey.not_completed": {"id": "Survei dapat diisi setelah permohonan selesai.",
                             "en": "The survey can be filled in once the application is completed."},
    "survey.not_served": {"id": "Survei dapat diisi setelah Anda dilayani di loket.",
                          "en": "The survey can be filled in once you have been served at the counter."},
    "survey.already_given": {"id": "Anda sudah mengisi survei untuk layanan ini. Terima kasih.",
                             "en": "You have already answered the survey for this service. Thank you."},
    "report.scope": {"id": "Petugas hanya dapat melihat laporan instansi dan MPP tempatnya bertugas.",
                     "en": "Officers can only see the report of their own agency and MPP."},
    "report.agency_not_found": {"id": "Instansi {code} tidak ditemukan.", "en": "Agency {code} not found."},
    "report.period": {"id": "Tanggal awal harus sebelum tanggal akhir.", "en": "The start date must be before the end date."},
    "complaint.region_required": {"id": "Pilih MPP tempat layanan ini Anda gunakan.",
                                  "en": "Choose the MPP where you used this service."},
    "complaint.subject_not_found": {"id": "Hal yang diadukan tidak ditemukan.",
                                    "en": "The subject of the complaint was not found."},
    "complaint.document_not_found": {"id": "Foto/dokumen tidak ditemukan di brankas Anda.",
                                     "en": "The photo/document was not found in your vault."},
    "complaint.not_found": {"id": "Pengaduan tidak ditemukan.", "en": "Complaint not found."},
    "complaint.closed": {"id": "Pengaduan ini sudah selesai dan tidak dapat dijawab lagi.",
                         "en": "This complaint is closed and cannot be answered again."},
    "complaint.answer_subject": {"id": "Jawaban atas pengaduan {label}: {answer}",
                                 "en": "Answer to your complaint about {label}: {answer}"},
}

if "survey.one_subject" not in MESSAGES:
    register(_MESSAGES)
