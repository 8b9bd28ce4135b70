"""Messages of OAuth client registration (Bahasa Indonesia first, English second)."""

MESSAGES = {
    "oauth.bad_uri": {"id": "Alamat harus https:// (atau http://localhost untuk uji coba), tanpa bagian #.",
                      "en": "The address must be https:// (or http://localhost for testing), without a # part."},
    "oauth.bad_kind": {"id": "Jenis klien tidak dikenal.", "en": "Unknown client kind."},
    "oauth.bad_auth_method": {"id": "Metode autentikasi klien harus private_key_jwt atau client_secret_basic.",
                              "en": "The client authentication method must be private_key_jwt or client_secret_basic."},
    "oauth.bad_name": {"id": "Nama wajib diisi (paling banyak 120 karakter).", "en": "A name is required (at most 120 characters)."},
    "oauth.redirect_required": {"id": "E-service memerlukan paling sedikit satu redirect URI.",
                                "en": "An e-service needs at least one redirect URI."},
    "oauth.bad_jwks": {"id": "JWKS tidak dapat dibaca.", "en": "The JWKS cannot be read."},
    "oauth.private_jwks": {"id": "JWKS berisi kunci privat: kirim hanya kunci publik.",
                           "en": "The JWKS holds a private key: send public keys only."},
    "oauth.key_required": {"id": "private_key_jwt memerlukan JWKS atau jwks_uri.", "en": "private_key_jwt needs a JWKS or a jwks_uri."},
    "oauth.client_not_found": {"id": "Klien tidak ditemukan.", "en": "Client not found."},
    "oauth.bad_scope": {"id": "Cakupan data tidak dikenal.", "en": "Unknown scope."},
}
