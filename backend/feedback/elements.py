"""The 9 SKM elements of Permenpan RB 14/2017 with their questions and 1-4 answer labels."""
from __future__ import annotations


def _element(code, name_id, name_en, question_id, question_en, options_id, options_en):
    return {"code": code, "name": {"id": name_id, "en": name_en},
            "question": {"id": question_id, "en": question_en},
            "options": [{"value": i + 1, "label": {"id": options_id[i], "en": options_en[i]}} for i in range(4)]}


ELEMENTS = [
    _element("u1", "Persyaratan", "Requirements",
             "Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
             "How well did the requirements fit the kind of service?",
             ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
             ["Not suitable", "Somewhat suitable", "Suitable", "Very suitable"]),
    _element("u2", "Prosedur", "Procedure",
             "Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?",
             "How easy was the service procedure?",
             ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
             ["Not easy", "Somewhat easy", "Easy", "Very easy"]),
    _element("u3", "Waktu pelayanan", "Service time",
             "Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?",
             "How quickly was the service provided?",
             ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
             ["Not fast", "Somewhat fast", "Fast", "Very fast"]),
    _element("u4", "Biaya/tarif", "Cost/fee",
             "Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?",
             "How fair was the cost or fee of the service?",
             ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"],
             ["Very expensive", "Rather expensive", "Cheap", "Free"]),
    _element("u5", "Produk layanan", "Service product",
             "Bagaimana pendapat Anda tentang kesesuaian hasil pelayanan dengan yang tercantum dalam standar pelayanan?",
             "How well did the result match what the service standard promises?",
             ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
             ["Not matching", "Somewhat matching", "Matching", "Fully matching"]),
    _element("u6", "Kompetensi pelaksana", "Staff competence",
             "Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?",
             "How competent were the staff?",
             ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"],
             ["Not competent", "Somewhat competent", "Competent", "Very competent"]),
    _element("u7", "Perilaku pelaksana", "Staff conduct",
             "Bagaimana pendapat Anda tentang kesopanan dan keramahan petugas dalam pelayanan?",
             "How polite and friendly were the staff?",
             ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"],
             ["Not polite or friendly", "Somewhat polite and friendly", "Polite and friendly", "Very polite and friendly"]),
    _element("u8", "Sarana dan prasarana", "Facilities",
             "Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?",
             "How good were the facilities?",
             ["Buruk", "Cukup", "Baik", "Sangat baik"],
             ["Poor", "Fair", "Good", "Very good"]),
    _element("u9", "Penanganan pengaduan", "Complaint handling",
             "Bagaimana pendapat Anda tentang penanganan pengaduan pengguna layanan?",
             "How were complaints from service users handled?",
             ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"],
             ["None", "Exists but does not work", "Works, but not fully", "Well managed"]),
]

NAMES = {e["code"]: e["name"] for e in ELEMENTS}
