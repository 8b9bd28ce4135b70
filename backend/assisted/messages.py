"""Messages of assisted filing (Bahasa Indonesia first, English second)."""

MESSAGES = {
    "assisted.consent_not_found": {
        "id": "Persetujuan warga tidak ditemukan untuk Anda di gerai ini.",
        "en": "No resident consent was found for you at this counter.",
    },
    "assisted.consent_expired": {
        "id": "Persetujuan warga sudah berakhir atau dibatalkan. Minta persetujuan baru.",
        "en": "The resident's consent has ended or was withdrawn. Ask for a new consent.",
    },
    "assisted.consent_not_confirmed": {
        "id": "Warga belum memberi persetujuan. Masukkan kode dari aplikasi warga atau periksa KTP-el-nya.",
        "en": "The resident has not consented yet. Enter the code from their app or check their KTP-el.",
    },
    "assisted.code_wrong": {
        "id": "Kode tidak cocok. Minta warga membaca kode di aplikasinya sekali lagi.",
        "en": "The code does not match. Ask the resident to read the code in their app again.",
    },
    "assisted.code_required": {"id": "Masukkan kode 6 angka dari aplikasi warga.", "en": "Enter the 6-digit code from the resident's app."},
    "assisted.ktp_mismatch": {
        "id": "NIK pada KTP-el tidak sama dengan NIK yang dicari.",
        "en": "The NIK on the KTP-el is not the NIK you looked up.",
    },
    "assisted.ktp_required": {"id": "Periksa KTP-el asli warga dan centang kotak ini.",
                              "en": "Check the resident's original KTP-el and tick this box."},
    "assisted.consent_required": {
        "id": "Warga harus menyatakan setuju sebelum petugas mengajukan atas namanya.",
        "en": "The resident must agree before an officer files on their behalf.",
    },
    "assisted.service_out_of_scope": {
        "id": "Anda hanya dapat mengajukan layanan instansi Anda sendiri di MPP tempat Anda bertugas.",
        "en": "You can only file for services of your own agency at the MPP where you work.",
    },
    "assisted.filed_note": {"id": "Diajukan oleh petugas {agency}", "en": "Filed by a {agency} officer"},
    "assisted.read_detail": {"id": "pengajuan dibantu petugas", "en": "filing assisted by an officer"},
    "assisted.method.code": {"id": "dengan kode di aplikasi", "en": "with a code in the app"},
    "assisted.method.in_person": {"id": "dengan pemeriksaan KTP-el", "en": "with a KTP-el check"},
}
