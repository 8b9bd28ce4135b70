"""flask-smorest Api whose error responses use our problem+json shape."""
from flask_smorest import Api


class ProblemApi(Api):
    def handle_http_exception(self, error):  # noqa: D102 - smorest hook
        from .errors import handle_http_exception

        return handle_http_exception(error)
