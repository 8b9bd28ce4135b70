"""The reference for bench/ratio.py: a bare Flask app answering every GET with one constant JSON body.

Served by the same gunicorn settings as the real app (gunicorn.conf.py, 2 workers x 4 threads), so
a ratio against it is what the app costs beyond Flask and gunicorn themselves.
"""
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/", defaults={"path": ""})
@app.get("/<path:path>")
def constant(path):
    """The same small JSON body for any path."""
    return jsonify(status="ok")
