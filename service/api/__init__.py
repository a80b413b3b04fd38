"""The web layer: a Flask application factory, thin over the extraction core."""

from __future__ import annotations

import logging

from flask import Flask

from service.api import observability
from service.api.auth import load_keys
from service.api.errors import register_error_handlers
from service.api.health import health
from service.api.routes import v1
from service.api.ui import ui
from service.config import Settings
from service.contract.schemas import ExtractRequestSchema

log = logging.getLogger("service")


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
    app.extensions["newsx.api_keys"] = load_keys(settings)
    if app.extensions["newsx.api_keys"]:
        log.info("API-key authentication enabled (%d keys)", len(app.extensions["newsx.api_keys"]))
    else:
        log.warning("API-key authentication is disabled: set NEWSX_API_KEYS or NEWSX_API_KEYS_FILE")
    observability.init_app(app)
    app.register_blueprint(health)
    app.register_blueprint(v1)
    app.register_blueprint(ui)
    register_error_handlers(app)
    return app
