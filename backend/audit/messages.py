"""Messages of the audit log (Bahasa Indonesia first, English second)."""

MESSAGES = {
    "audit.staff_name_locked": {
        "id": "Petugas dan admin tidak dapat mengubah nama sendiri, karena nama ini yang dilihat warga di "
              "catatan akses data mereka. Minta admin MPP untuk mengubahnya.",
        "en": "Officers and admins cannot change your own name, because residents see this name in the log of "
              "who accessed their data. Ask an MPP administrator to change it.",
    },
}
