"""Consultation messages (Bahasa Indonesia first, English second)."""

MESSAGES = {
    "consultation.not_found": {"id": "Pertanyaan tidak ditemukan.", "en": "Question not found."},
    "consultation.service_not_here": {"id": "Layanan ini tidak tersedia di MPP tersebut.",
                                      "en": "This service is not offered at that MPP."},
    "consultation.document_not_found": {"id": "Foto/dokumen tidak ditemukan di brankas Anda.",
                                        "en": "The photo/document was not found in your vault."},
    "consultation.answered": {"id": "Pertanyaan ini sudah dijawab.", "en": "This question has already been answered."},
    "consultation.not_public": {"id": "Penanya tidak mengizinkan pertanyaan ini ditampilkan untuk umum.",
                                "en": "The resident did not allow this question to be shown publicly."},
    "consultation.public_question_required": {
        "id": "Tulis ulang pertanyaan untuk umum, tanpa nama atau data pribadi.",
        "en": "Rewrite the question for the public, without names or personal data."},
    "consultation.personal_data": {
        "id": "Teks untuk umum masih memuat data pribadi ({what}). Hapus dulu sebelum ditampilkan.",
        "en": "The public text still contains personal data ({what}). Remove it before publishing."},
    "consultation.answer_subject": {"id": "Jawaban atas pertanyaan Anda tentang {service}: {answer}",
                                    "en": "Answer to your question about {service}: {answer}"},
}
