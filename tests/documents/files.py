"""Tiny but real files of each accepted type (and some that are not), for upload tests."""
from __future__ import annotations

import base64
import io

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
# a 1x1 PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32 + b"\xff\xd9"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
HTML = b"<!doctype html><script>alert(1)</script>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
       b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def upload(client, headers, data: bytes, *, document_type: str = "kk", filename: str = "scan.pdf",
           content_type: str = "application/pdf"):
    return client.post(
        "/api/documents", headers=headers,
        data={"document_type": document_type, "file": (io.BytesIO(data), filename, content_type)},
        content_type="multipart/form-data",
    )
