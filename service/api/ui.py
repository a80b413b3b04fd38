"""The analyst's page: ``GET /`` and its own assets, all served by the service itself.

The page is plain HTML, CSS and JavaScript (no build step, nothing fetched from elsewhere); it calls
the same-origin ``POST /v1/extract`` and draws the answer. The example article is a copy of the
seed shipped as package data, because the container holds only the ``service`` package.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from flask import Blueprint, Response, current_app, jsonify, render_template

ui = Blueprint(
    "ui",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/ui/static",
)

# The seed article and the date it was published (the anchor for its relative dates).
SEED_NAME = "000_2a91903f997600ae"
SEED_PUBLISHED = "2022-06-15"

# Only this origin may provide anything: scripts, styles, fetches. Inline script and style are
# refused, so text that came from an article can never run as code even if it reached the markup.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


@cache
def seed_text() -> str:
    return files("service.api").joinpath("static/examples/seed.txt").read_text(encoding="utf-8")


@ui.get("/")
def page() -> Response:
    """The page: paste an article, see it highlighted, its stance graph and the four tables."""
    keys_required = bool(current_app.extensions.get("newsx.api_keys"))
    response = Response(render_template("ui/index.html", keys_required=keys_required))
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    # The page embeds whether keys are required: revalidate rather than reuse a stale copy.
    response.headers["Cache-Control"] = "no-cache"
    return response


@ui.get("/ui/seed")
def seed() -> Response:
    """The example article, one click away on the page."""
    return jsonify({"id": SEED_NAME, "text": seed_text(), "published": SEED_PUBLISHED})
