"""The provider's own HTML answers: an error it cannot send back to the client, and the logout page."""
from __future__ import annotations

from flask import Response
from markupsafe import escape

_TEMPLATE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · MPP Digital</title><link rel="stylesheet" href="/pwa/app.css"></head>
<body><main id="main" class="page"><h1>{title}</h1><p>{body}</p>{extra}
<p lang="en" class="muted">{title_en}. {body_en}</p>
<p><a class="btn" href="/">Buka MPP Digital</a></p></main></body></html>"""

ERRORS = {
    "invalid_client": ("E-service tidak dikenal", "Aplikasi yang mengarahkan Anda ke sini tidak terdaftar di MPP Digital, "
                       "atau pendaftarannya dicabut. Data Anda tidak dikirim ke mana pun.",
                       "Unknown e-service", "The application that sent you here is not registered with MPP Digital."),
    "invalid_request": ("Permintaan masuk tidak sah", "Alamat kembali (redirect URI) atau isi permintaan dari e-service tidak "
                        "sesuai pendaftarannya, jadi Anda tidak kami arahkan kembali ke sana. Data Anda tidak dikirim.",
                        "Invalid sign-in request", "The e-service's return address or request does not match its registration."),
}


def error_page(error: str, description: str | None = None, status: int = 400) -> Response:
    title, body, title_en, body_en = ERRORS.get(error, ERRORS["invalid_request"])
    extra = f'<p class="muted">Kode: <code>{escape(error)}</code></p>'
    html = _TEMPLATE.format(title=escape(title), body=escape(body), extra=extra, title_en=escape(title_en), body_en=escape(body_en))
    return Response(html, status=status, mimetype="text/html", headers={"Cache-Control": "no-store"})


def logged_out_page() -> Response:
    html = _TEMPLATE.format(title="Anda sudah keluar", body="Anda sudah keluar dari e-service dan dari MPP Digital di perangkat ini.",
                            extra="", title_en="You are signed out", body_en="You signed out of the e-service and of MPP Digital.")
    return Response(html, status=200, mimetype="text/html", headers={"Cache-Control": "no-store"})
