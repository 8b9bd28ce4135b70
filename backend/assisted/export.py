"""The resident's consents to assisted filing in their data export (UU PDP right of access)."""
from __future__ import annotations

from .services import export_assisted


def register(registry) -> None:
    """Add the consents (and the applications filed under them) to the data export (assisted.init_app)."""
    registry.export(export_assisted, {
        "assisted_consent.resident_id": "assisted_consents",
        "assisted_filing.resident_id": "assisted_consents",
    }, {
        "assisted_consent.officer_id": (
            "the officer a resident consented to: the export names the agency; the officer's steps are in the access log"),
        "assisted_filing.officer_id": (
            "the officer who filed a resident's application at the counter: a work record, named by agency in the export"),
    })
