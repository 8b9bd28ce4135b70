"""Document vault schemas (In and Out)."""
from __future__ import annotations

from typing import ClassVar

from marshmallow import Schema, fields, validate

from .models import DOCUMENT_TYPES


class DocumentUploadIn(Schema):
    """multipart/form-data: the file is read from request.files (listed here for the API docs)."""

    EXAMPLE: ClassVar[dict] = {"document_type": "kk"}

    document_type = fields.String(required=True, validate=validate.OneOf(DOCUMENT_TYPES),
                                  metadata={"description": "What the document is, e.g. ktp, kk, akta_kelahiran"})
    file = fields.Raw(metadata={"type": "string", "format": "binary", "description": "PDF, JPEG, PNG or WebP"})


class DocumentOut(Schema):
    id = fields.Integer()
    document_type = fields.String()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    created_at = fields.DateTime()


class DocumentListOut(Schema):
    items = fields.List(fields.Nested(DocumentOut))
