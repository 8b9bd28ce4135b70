"""A webhook receiver as an agency would run it, in its own process: verifies each request with the
official `standardwebhooks` library, de-duplicates by webhook-id and appends what it got to a JSON-lines log.

python receiver.py --port P --secret whsec_... --log FILE [--fail-first N] [--cut-on K]
--fail-first N: answer 500 to this process's first N verified requests; --cut-on K: close the
connection of the K-th request without answering. Prints "READY <port>" when listening.
"""
from __future__ import annotations

import argparse
import json
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--cut-on", type=int, default=0)
    args = parser.parse_args()
    lock = threading.Lock()
    seen: set[str] = set()
    try:
        with open(args.log) as f:
            seen = {json.loads(line)["id"] for line in f if '"accepted"' in line}
    except FileNotFoundError:
        pass
    counter = {"n": 0, "failed": 0}
    log = open(args.log, "a", buffering=1)
    webhook = Webhook(args.secret)

    def write(entry: dict) -> None:
        log.write(json.dumps(entry) + "\n")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def _answer(self, status: int) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with lock:
                counter["n"] += 1
                n = counter["n"]
            if n == args.cut_on:
                with lock:
                    write({"fault": "cut", "n": n})
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            try:
                payload = webhook.verify(body, dict(self.headers))
            except WebhookVerificationError as error:
                with lock:
                    write({"rejected": str(error), "id": self.headers.get("webhook-id")})
                return self._answer(400)
            with lock:
                if counter["failed"] < args.fail_first:
                    counter["failed"] += 1
                    write({"fault": "500", "n": n, "id": self.headers["webhook-id"]})
                    return self._answer(500)
                event_id = self.headers["webhook-id"]
                duplicate = event_id in seen
                seen.add(event_id)
                data = payload["data"]
                subject = data.get("application") or data.get("complaint")
                write({"id": event_id, "type": payload["type"], "subject": subject["id"],
                       "kind": "application" if "application" in data else "complaint",
                       "accepted": not duplicate, "duplicate": duplicate})
            self._answer(204 if not duplicate else 200)

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(f"READY {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.05)
    finally:
        log.close()


if __name__ == "__main__":
    sys.exit(main())
