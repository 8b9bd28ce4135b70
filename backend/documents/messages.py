"""Messages of the document vault (Bahasa Indonesia first, English second)."""

MESSAGES = {
    "documents.not_found": {"id": "Dokumen tidak ditemukan.", "en": "Document not found."},
    "documents.file_missing": {"id": "Pilih berkas yang akan diunggah.", "en": "Choose a file to upload."},
    "documents.empty": {"id": "Berkas kosong.", "en": "The file is empty."},
    "documents.too_large": {
        "id": "Ukuran berkas melebihi batas {limit_mb} MB. Perkecil foto atau pindai ulang dengan resolusi lebih rendah.",
        "en": "The file is larger than the {limit_mb} MB limit. Make the photo smaller or scan it at a lower resolution.",
    },
    "documents.unsupported_type": {
        "id": "Jenis berkas tidak didukung. Unggah PDF, JPEG, PNG, atau WebP.",
        "en": "This file type is not supported. Upload a PDF, JPEG, PNG or WebP file.",
    },
    "documents.in_use": {
        "id": "Dokumen ini masih dipakai oleh permohonan yang sedang berjalan ({tracking_numbers}) sehingga belum dapat dihapus.",
        "en": "This document is still used by an application in progress ({tracking_numbers}), so it cannot be deleted yet.",
    },
    "documents.content_missing": {
        "id": "Isi dokumen tidak tersedia. Silakan unggah ulang.",
        "en": "The document's content is not available. Please upload it again.",
    },
    "documents.storage_unavailable": {
        "id": "Penyimpanan dokumen sedang tidak dapat dihubungi. Silakan coba lagi beberapa saat lagi.",
        "en": "Document storage cannot be reached right now. Please try again in a moment.",
    },
}
