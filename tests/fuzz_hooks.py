"""schemathesis hooks for tests/test_fuzz_api.py (loaded by the `st` CLI through SCHEMATHESIS_HOOKS).

The fuzzer signs in through POST /api/auth/login, as a client would, and signs in again when a
401 says its session ended: it may well revoke its own session (DELETE /api/me/sessions/1) or
sign out, and every later case would then test only the 401.
"""
from __future__ import annotations

import os

import requests
import schemathesis


@schemathesis.auth(refresh_interval=600)
class PasswordLogin:
    def get(self, case, context):
        response = requests.post(
            os.environ["FUZZ_BASE_URL"] + "/api/auth/login",
            json={"identifier": os.environ["FUZZ_IDENTIFIER"], "password": os.environ["FUZZ_PASSWORD"]},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()["access_token"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
