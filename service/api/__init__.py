"""The web layer: a Flask application factory, thin over the extraction core."""

from __future__ import annotations

from flask import Flask

from service.api.errors import register_error_handlers
from service.api.health import health
from service.api.routes import v1
from service.api.schemas import ExtractRequestSchema
from service.config import Settings


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False  # keep the schemas' field order
    # Schemas are built once per process, with the configured limits.
    app.extensions["newsx.settings"] = settings
    app.extensions["newsx.request_schema"] = ExtractRequestSchema(
        max_text_chars=settings.max_text_chars
    )
    app.register_blueprint(health)
    app.register_blueprint(v1)
    register_error_handlers(app)
    return app
