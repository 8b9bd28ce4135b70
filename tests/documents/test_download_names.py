"""Download names: the sniffed type's extension, never the client's; no bidi or other format characters."""
from __future__ import annotations

from urllib.parse import unquote

import pytest

from backend.documents.filenames import clean_name, download_name

from .files import JPEG, PDF, PNG, upload


def _disposition_name(response) -> str:
    header = response.headers["Content-Disposition"]
    assert header.startswith("attachment;")
    encoded = header.split("filename*=UTF-8''", 1)[1]
    return unquote(encoded)

def _download(client, headers, data, filename, **kw):
    body = upload(client, headers, data, filename=filename, **kw).get_json()
    response = client.get(f"/api/documents/{body['id']}/content", headers=headers)
    assert response.status_code == 200
    return body, response

def test_a_pdf_uploaded_as_html_downloads_as_pdf(client, resident, auth_headers):
    _, response = _download(client, auth_headers(resident), PDF, "laporan.html", content_type="text/html")
    assert _disposition_name(response) == "laporan.pdf"
    assert 'filename="laporan.pdf"' in response.headers["Content-Disposition"]
    assert response.mimetype == "application/pdf"

@pytest.mark.parametrize("data, given, served", [
    (PDF, "surat.pdf", "surat.pdf"),
    (JPEG, "ktp.jpeg", "ktp.jpeg"),
    (JPEG, "ktp.JPG", "ktp.JPG"),
    (PNG, "foto.exe", "foto.png"),
    (PNG, "foto", "foto.png"),
    (PDF, "Budi.Santoso", "Budi.Santoso.pdf"),
    (JPEG, "scan.pdf", "scan.jpg"),
])
def test_the_extension_follows_the_sniffed_type(client, resident, auth_headers, data, given, served):
    _, response = _download(client, auth_headers(resident), data, given, document_type="lainnya")
    assert _disposition_name(response) == served

def test_a_right_to_left_override_is_stripped_at_upload_and_download(client, resident, auth_headers):
    # "\u202eFDP.exe" shows as "exe.PDF" in a right-to-left rendering: the classic spoof
    body, response = _download(client, auth_headers(resident), PDF, "\u202egnp.exe")
    assert "\u202e" not in body["filename"]
    assert body["filename"] == "gnp.exe"
    assert _disposition_name(response) == "gnp.pdf"

@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",
                                  "\u200b", "\ufeff", "\u00ad", "\x07", "\x1b", "\u2028", "\u061c"])
def test_format_and_control_characters_are_removed(char):
    assert clean_name(f"la{char}por{char}an.pdf") == "laporan.pdf"

def test_a_name_of_only_format_characters_gets_a_default(client, resident, auth_headers):
    body, response = _download(client, auth_headers(resident), PDF, "\u202e\u200b.html")
    assert body["filename"] == "dokumen.pdf"
    assert _disposition_name(response) == "dokumen.pdf"

def test_non_latin_names_survive_with_an_ascii_fallback(client, resident, auth_headers):
    _, response = _download(client, auth_headers(resident), PDF, "سند.pdf")
    assert _disposition_name(response) == "سند.pdf"
    assert 'filename="dokumen.pdf"' in response.headers["Content-Disposition"]

def test_download_name_of_a_row_stored_before_the_fix_is_cleaned():
    assert download_name("\u202ecod.exe", "application/pdf") == "cod.pdf"
    assert download_name("a\"b;c.pdf", "application/pdf") == "a\"b;c.pdf"
