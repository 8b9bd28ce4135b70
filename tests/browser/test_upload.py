"""Document vault: a large phone photo is downscaled in the browser before it is uploaded."""
import os
import struct
import zlib

import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp, sign_in

pytestmark = pytest.mark.browser


def big_photo(width=2400, height=1800) -> bytes:
    """A photo-like PNG (gradients plus sensor noise) of several megabytes."""
    noise = os.urandom(width * 3)
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        shift = (y * 7) % width
        for x in range(width):
            n = noise[(x + shift) % width] & 15
            row += bytes(((x * 255 // width + n) & 255, (y * 255 // height + n) & 255, (128 + n) & 255))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 1))
        + chunk(b"IEND", b"")
    )


def test_large_photo_is_downscaled_before_upload(page, server, resident_account, screenshot):
    from backend.documents.models import Document
    from backend.extensions import db

    user, password = resident_account
    photo = big_photo()
    assert len(photo) > 2 * 1024 * 1024
    choose_mpp(page)
    sign_in(page, user.nik, password)
    page.goto("/profil")
    expect(page.get_by_role("heading", name="Data diri")).to_be_visible()
    expect(page.get_by_label("Nama lengkap")).to_have_value("Siti Rahmawati")
    page.get_by_label("Jenis dokumen").select_option("kk")
    page.locator('[data-testid="vault-file"]').set_input_files({"name": "foto-kk.png", "mimeType": "image/png", "buffer": photo})
    expect(page.get_by_role("heading", name="Kartu Keluarga", level=3)).to_be_visible(timeout=20000)
    with server.app.app_context():
        doc = db.session.query(Document).one()
        assert doc.content_type == "image/jpeg"
        assert doc.size <= 300 * 1024
        assert doc.document_type == "kk"
    page.get_by_role("button", name="Lihat Kartu Keluarga").click()
    expect(page.get_by_role("img", name="Pratinjau Kartu Keluarga")).to_be_visible()
    screenshot("05-profil-dokumen")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Hapus Kartu Keluarga").click()
    expect(page.get_by_text("Belum ada dokumen tersimpan.")).to_be_visible()
    assert server.count(Document) == 0


def test_profile_edit_is_saved(page, server, resident_account):
    from backend.accounts.models import User

    user, password = resident_account
    choose_mpp(page)
    sign_in(page, user.nik, password)
    page.goto("/profil")
    page.get_by_label("Tempat lahir").fill("Probolinggo")
    page.get_by_label("Nomor ponsel").fill("12")
    page.get_by_role("button", name="Simpan data diri").click()
    expect(page.get_by_text("Nomor ponsel tidak valid", exact=False).first).to_be_visible()
    page.get_by_label("Nomor ponsel").fill("081355500011")
    page.get_by_role("button", name="Simpan data diri").click()
    expect(page.locator("#toast")).to_have_text("Data diri disimpan.")
    with server.app.app_context():
        from backend.extensions import db

        saved = db.session.get(User, user.id)
        assert saved.birth_place == "Probolinggo" and saved.phone == "081355500011"
