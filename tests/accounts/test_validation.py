"""NIK and password rules as pure functions, and their messages on the register endpoint."""
from datetime import date

import pytest

from backend.accounts.nik import PROVINCE_CODES
from backend.accounts.passwords import common_passwords
from backend.accounts.services import nik_warnings, password_errors, validate_nik

from .conftest import NIK_MAN, NIK_WOMAN, register_payload


@pytest.mark.parametrize(
    "nik",
    [
        NIK_WOMAN,
        NIK_MAN,
        "3174015512990001",  # DKI Jakarta, a woman born 15-12-1999 (15 + 40 = 55)
        "1101017101000001",  # Aceh, a woman born 31-01-2000 (31 + 40 = 71)
        "3402012902000001",  # DI Yogyakarta, a man born 29-02-2000 (leap year)
        "9301014106230001",  # Papua Selatan (new province 93), a woman born 01-06-2023
        "9601010101229999",  # Papua Barat Daya (new province 96)
        "6571010101010001",  # Kalimantan Utara
    ],
)
def test_valid_niks_have_no_errors(nik):
    assert validate_nik(nik) == []


@pytest.mark.parametrize(
    ("nik", "codes"),
    [
        ("", ["nik.required"]),
        (None, ["nik.required"]),
        ("357401450790000", ["nik.length"]),  # 15 digits
        ("35740145079000011", ["nik.length"]),  # 17 digits
        ("35740145079O0001", ["nik.digits"]),  # a letter O instead of zero
        ("3574O1450790001", ["nik.digits", "nik.length"]),
        ("3574 14507900001", ["nik.digits"]),
        ("３５７４０１４５０７９００００１", ["nik.digits"]),  # full-width digits are not ASCII
        ("2074014507900001", ["nik.province"]),  # 20 is no province
        ("1074014507900001", ["nik.province"]),
        ("9774014507900001", ["nik.province"]),
        ("0074014507900001", ["nik.province"]),
        ("3574013207900001", ["nik.date"]),  # day 32
        ("3574017207900001", ["nik.date"]),  # day 72 (women: 32)
        ("3574014007900001", ["nik.date"]),  # day 40 is neither a man's nor a woman's day
        ("3574010007900001", ["nik.date"]),  # day 00
        ("3574010113900001", ["nik.date"]),  # month 13
        ("3574010100900001", ["nik.date"]),  # month 00
        ("3574013102900001", ["nik.date"]),  # 31 February
        ("3574012902990001", ["nik.date"]),  # 29 Feb 1999/2099 do not exist
        ("3574016902990001", ["nik.date"]),  # the same for a woman (29 + 40)
        ("3574014507900000", ["nik.serial"]),
        ("2074017207900000", ["nik.province", "nik.date", "nik.serial"]),
    ],
)
def test_invalid_niks_give_error_codes(nik, codes):
    assert validate_nik(nik) == codes


def test_every_province_code_is_accepted_and_papua_provinces_included():
    assert {"91", "92", "93", "94", "95", "96"} <= PROVINCE_CODES
    assert "20" not in PROVINCE_CODES and "97" not in PROVINCE_CODES
    for code in PROVINCE_CODES:
        assert validate_nik(code + "74014507900001") == []


@pytest.mark.parametrize(
    ("nik", "birth_date", "gender", "warnings"),
    [
        (NIK_WOMAN, date(1990, 7, 5), "P", []),
        (NIK_WOMAN, date(1990, 7, 6), "P", ["nik.birth_date_mismatch"]),
        (NIK_WOMAN, date(1991, 7, 5), "P", ["nik.birth_date_mismatch"]),
        (NIK_WOMAN, date(1990, 7, 5), "L", ["nik.gender_mismatch"]),
        (NIK_MAN, date(1985, 8, 17), "L", []),
        (NIK_MAN, date(1985, 8, 17), "P", ["nik.gender_mismatch"]),
        (NIK_MAN, date(1985, 8, 18), "P", ["nik.birth_date_mismatch", "nik.gender_mismatch"]),
        ("3574010101000001", date(2000, 1, 1), "L", []),  # the century is not encoded
        ("bad", date(2000, 1, 1), "L", []),  # a malformed NIK is an error, not a warning
    ],
)
def test_nik_warnings(nik, birth_date, gender, warnings):
    assert nik_warnings(nik, birth_date, gender) == warnings


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("Rahasia-Kuat-2026", []),
        ("tigakatasederhana", []),
        ("", ["password.required"]),
        ("Pendek-1", ["password.too_short"]),
        ("x" * 257, ["password.too_long"]),
        ("indonesia123", ["password.too_common"]),
        ("Indonesia123", ["password.too_common"]),
        ("bismillah", ["password.too_short", "password.too_common"]),
        ("alhamdulillah", ["password.too_common"]),
        ("1234567890", ["password.too_common"]),
        ("qwertyuiop", ["password.too_common"]),
    ],
)
def test_password_rules(password, codes):
    assert password_errors(password) == codes


def test_common_password_list_has_indonesian_entries():
    words = common_passwords()
    assert len(words) > 300
    assert {"bismillah", "sayangku", "indonesia123", "rahasia"} <= words


@pytest.mark.parametrize(
    ("overrides", "field", "id_text", "en_text"),
    [
        ({"nik": "357401450790000"}, "nik", "NIK harus terdiri dari 16 angka.", "The NIK must have 16 digits."),
        ({"nik": "2074014507900001"}, "nik", "kode provinsi", "province code"),
        ({"nik": "3574017207900001"}, "nik", "ditambah 40", "increased by 40"),
        ({"password": "rahasia123"}, "password", "terlalu umum", "too common"),
        ({"password": "pendek"}, "password", "minimal 10 karakter", "at least 10 characters"),
        ({"phone": "12345", "email": None}, "phone", "Nomor telepon tidak valid", "Not a valid phone number"),
        ({"phone": None, "email": None}, "phone", "salah satu", "at least one"),
        ({"gender": "X"}, "gender", "Harus salah satu dari", "Must be one of"),
        ({"birth_date": "2990-01-01"}, "birth_date", "masa depan", "future"),
        ({"full_name": "   "}, "full_name", "tidak boleh kosong", "cannot be blank"),
    ],
)
def test_register_field_errors_in_both_languages(client, overrides, field, id_text, en_text):
    for lang, text in (("id", id_text), ("en", en_text)):
        response = client.post("/api/auth/register", json=register_payload(**overrides), headers={"Accept-Language": lang})
        assert response.status_code == 422
        assert response.mimetype == "application/problem+json"
        assert any(text in message for message in response.get_json()["errors"][field]), response.get_json()


@pytest.mark.parametrize(
    "body",
    [
        {"nik": 3574014507905555},
        {"unknown_field": "x"},
        {"birth_date": "05-07-1990"},
        {"role": "admin"},
    ],
)
def test_register_bad_types_and_unknown_fields_are_422(client, body):
    response = client.post("/api/auth/register", json=register_payload(**body))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"


def test_register_non_json_is_a_4xx_problem(client):
    response = client.post("/api/auth/register", data=b"\xff\xfe not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response.mimetype == "application/problem+json"
