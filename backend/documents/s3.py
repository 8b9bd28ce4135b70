"""Document bytes in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, ...), through boto3.

Every call has bounded connect/read timeouts and a bounded number of attempts, so a store that
is down costs an upload or download a few seconds and a 503, never a hung worker.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from .storage import _KEY, CHUNK, StorageUnavailable, StoredFileMissing, new_key

log = logging.getLogger(__name__)
_MISSING = {"NoSuchKey", "404", "NotFound"}


class S3Storage:
    """Objects named S3_PREFIX + key; the key is the same one the filesystem backend would use."""

    name = "s3"
    SETTINGS = ("S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_PREFIX",
                "S3_SSE", "S3_SSE_KMS_KEY_ID", "S3_ADDRESSING_STYLE", "S3_CONNECT_TIMEOUT", "S3_READ_TIMEOUT",
                "S3_MAX_ATTEMPTS")

    def __init__(self, settings: dict) -> None:
        self.bucket = settings["S3_BUCKET"]
        self.prefix = settings.get("S3_PREFIX") or ""
        endpoint = settings.get("S3_ENDPOINT_URL") or None
        style = settings.get("S3_ADDRESSING_STYLE") or ("path" if endpoint else "auto")
        config = Config(
            connect_timeout=float(settings.get("S3_CONNECT_TIMEOUT") or 2),
            read_timeout=float(settings.get("S3_READ_TIMEOUT") or 10),
            retries={"max_attempts": int(settings.get("S3_MAX_ATTEMPTS") or 2), "mode": "standard"},
            s3={"addressing_style": style},
            signature_version="s3v4",
            # S3-compatible stores (older MinIO, Ceph) refuse the CRC checksums boto3 adds by default
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        self.client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint, region_name=settings.get("S3_REGION") or "us-east-1",
            aws_access_key_id=settings.get("S3_ACCESS_KEY_ID") or None,
            aws_secret_access_key=settings.get("S3_SECRET_ACCESS_KEY") or None, config=config)
        self.encryption: dict[str, str] = {}
        if settings.get("S3_SSE"):
            self.encryption["ServerSideEncryption"] = settings["S3_SSE"]
            if settings.get("S3_SSE_KMS_KEY_ID"):
                self.encryption["SSEKMSKeyId"] = settings["S3_SSE_KMS_KEY_ID"]

    def _unavailable(self, action: str, error: Exception) -> StorageUnavailable:
        # the key is random and names nobody; the error says what the store answered
        log.warning("object store %s failed: %s", action, error)
        return StorageUnavailable(self.name)

    def put(self, data: bytes, extension: str) -> str:
        key = new_key(extension)
        self.put_key(key, data)
        return key

    def put_key(self, key: str, data: bytes) -> None:
        try:
            self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data,
                                   ContentType="application/octet-stream", **self.encryption)
        except (BotoCoreError, ClientError) as error:
            raise self._unavailable("put", error) from None

    def open(self, key: str) -> Iterator[bytes]:
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING:
                raise StoredFileMissing(key) from None
            raise self._unavailable("get", error) from None
        except BotoCoreError as error:
            raise self._unavailable("get", error) from None
        return self._stream(body)

    def _stream(self, body) -> Iterator[bytes]:
        # the response has started: a store lost now can only cut it short (Content-Length shows it)
        try:
            yield from body.iter_chunks(CHUNK)
        except (BotoCoreError, OSError) as error:
            log.warning("object store read broke off: %s", error)
            raise
        finally:
            body.close()

    def get(self, key: str) -> bytes:
        return b"".join(self.open(key))

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)  # S3 answers 204 for a missing key
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in _MISSING:
                raise self._unavailable("delete", error) from None
        except BotoCoreError as error:
            raise self._unavailable("delete", error) from None

    def keys_older_than(self, cutoff: datetime) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        try:
            for page in pages:
                for item in page.get("Contents", []):
                    key = item["Key"][len(self.prefix):]
                    # only names put() makes: a prefix shared with other data must not lose it
                    if _KEY.match(key) and item["LastModified"] < cutoff:
                        yield key
        except (BotoCoreError, ClientError) as error:
            raise self._unavailable("list", error) from None

    def check(self) -> None:
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError) as error:
            raise self._unavailable("check", error) from None
