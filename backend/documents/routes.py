"""Document vault endpoints: upload, list, download, delete."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response, current_app, request

from ..accounts.auth import auth_required, current_user
from ..api import Blueprint
from ..errors import Problem
from ..extensions import db
from ..i18n import t
from . import services
from .filenames import ascii_fallback, clean_name, download_name
from .schemas import DocumentListOut, DocumentOut, DocumentUploadIn
from .storage import StorageUnavailable, storage_for

blp = Blueprint("documents", __name__, url_prefix="/api/documents", description="The resident's document vault")


def _storage():
    return storage_for(current_app.config)


@blp.post("")
@auth_required()
@blp.arguments(DocumentUploadIn, location="form", content_type="multipart/form-data")
@blp.response(201, DocumentOut)
@blp.alt_response(200, schema=DocumentOut, description="The same file was already in the vault: the existing document")
def upload(form):
    """Upload a document (PDF, JPEG, PNG or WebP; the type is read from the content)."""
    upload_file = request.files.get("file")
    if upload_file is None or not hasattr(upload_file, "stream"):
        raise Problem(422, "validation-error", "error.validation", errors={"file": [t("documents.file_missing")]})
    document, created = services.upload(
        db.session, _storage(), owner_id=current_user().id, document_type=form["document_type"],
        filename=clean_name(upload_file.filename), stream=upload_file.stream,
        max_bytes=current_app.config["DOCUMENT_MAX_BYTES"],
    )
    db.session.commit()
    return document, (201 if created else 200)


@blp.get("")
@blp.response(200, DocumentListOut)
@auth_required()
def list_documents():
    """List my documents, newest first."""
    return {"items": services.list_documents(db.session, current_user().id)}


@blp.get("/<id:document_id>/content")
@blp.response(200, description="The file's bytes with its sniffed content type")
@auth_required()
def content(document_id: int):
    """Download a document (its owner, or an officer handling an application that uses it)."""
    document = services.document_for_reading(db.session, current_user(), document_id)
    chunks = services.stream_content(_storage(), document)  # 410/503 here, before anything is sent
    db.session.commit()  # the audit entry of a staff read
    # streamed in 64 KiB chunks (never the whole file in memory); the length shows a cut-off read
    response = Response(chunks, mimetype=document.content_type, direct_passthrough=True)
    response.headers["Content-Length"] = str(document.size)
    # the sniffed type's extension, never the client's: a PDF sent as laporan.html saves as laporan.pdf
    name = download_name(document.filename, document.content_type)
    response.headers["Content-Disposition"] = f"attachment; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{quote(name)}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@blp.delete("/<id:document_id>")
@blp.response(204)
@auth_required()
@blp.doc(responses={409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def delete(document_id: int):
    """Delete one of my documents (refused while an application in progress uses it)."""
    key = services.delete_document(db.session, owner_id=current_user().id, document_id=document_id)
    db.session.commit()
    try:
        _storage().delete(key)
    except StorageUnavailable:
        pass  # the row is gone: the bytes are an orphan now, and the sweep deletes them when the store is back


def _erase_vault(session, user) -> None:
    """Account deletion: remove the files of the user's vault from the configured storage."""
    services.erase_documents(session, _storage(), user.id)
