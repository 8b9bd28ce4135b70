"""Consultation (tanya petugas): a resident asks an agency's officers at their MPP about a service
before applying; the answer is due in working days, and an answered question the resident allows
to be public becomes a frequently asked question under the service, without personal data."""
