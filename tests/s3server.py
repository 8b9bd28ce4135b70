"""A real S3 API server for tests: moto's ThreadedMotoServer on a free port, spoken to over HTTP by boto3.

The code under test uses the real boto3 client against it, so request signing, paging, error codes and
timeouts are exercised for real; only the server is moto's.
"""
from __future__ import annotations

import socket
import uuid
from contextlib import contextmanager

import boto3

ACCESS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing", "S3_REGION": "ap-southeast-3"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class S3Server:
    """One moto server; stop() and start() it again on the same port to play a store that goes down."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.bucket = f"mpp-docs-{uuid.uuid4().hex[:8]}"
        self._server = None

    def start(self) -> S3Server:
        from moto.server import ThreadedMotoServer

        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def client(self):
        return boto3.client("s3", endpoint_url=self.url, region_name=ACCESS["S3_REGION"],
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def settings(self, prefix: str | None = None, **extra) -> dict:
        """App settings for this server's bucket; each caller gets its own prefix unless it names one."""
        return {"DOCUMENT_STORAGE": "s3", "S3_BUCKET": self.bucket, "S3_ENDPOINT_URL": self.url,
                "S3_PREFIX": prefix if prefix is not None else f"t{uuid.uuid4().hex[:8]}/",
                "S3_CONNECT_TIMEOUT": 1, "S3_READ_TIMEOUT": 2, "S3_MAX_ATTEMPTS": 2, **ACCESS, **extra}

    def keys(self, prefix: str) -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return [item["Key"][len(prefix):] for page in pages for item in page.get("Contents", [])]


@contextmanager
def s3_server():
    """A running server with an empty bucket."""
    server = S3Server().start()
    try:
        server.client().create_bucket(Bucket=server.bucket,
                                      CreateBucketConfiguration={"LocationConstraint": ACCESS["S3_REGION"]})
        yield server
    finally:
        server.stop()
