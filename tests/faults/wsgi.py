"""The app as the fault tests serve it with gunicorn: settings from the environment, the test's instance folder."""
import os

from backend.app import create_app

app = create_app({"INSTANCE_PATH": os.environ["FAULT_INSTANCE_PATH"]})
