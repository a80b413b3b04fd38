"""The analyst's page through Flask's test client: served, self-contained, and safe by default."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib.resources import files

import pytest
from flask.testing import FlaskClient

from service.api.ui import SEED_PUBLISHED
from tests.conftest import SEED_PATH


class _Assets(HTMLParser):
    """Collects every URL the page would load (scripts, styles, images) and its inline code."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self.style_attributes = 0
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        if "style" in found:
            self.style_attributes += 1
        if tag == "script" and not found.get("src"):
            self.inline_scripts += 1
        for name in ("src", "href"):
            if found.get(name) and not (tag == "a" and name == "href"):
                self.urls.append(found[name] or "")


def _page(client: FlaskClient) -> tuple[str, _Assets]:
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    parser = _Assets()
    parser.feed(html)
    return html, parser


def test_page_is_served_as_html(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    for needed in ('id="text"', 'id="published"', 'id="example"', 'id="graph"', 'id="article"'):
        assert needed in html


def test_page_loads_only_its_own_assets(client: FlaskClient) -> None:
    html, parser = _page(client)
    assert parser.urls, "the page should load its script and stylesheet"
    parser.urls = [url for url in parser.urls if url != "data:,"]  # the empty favicon
    for url in parser.urls:
        assert url.startswith("/"), f"{url} is not served by the service itself"
        assert not url.startswith("//"), f"{url} is protocol-relative: another host"
        assert client.get(url).status_code == 200, url
    # No absolute URL anywhere in the page or its assets, except the SVG namespace name.
    texts = [html] + [client.get(url).get_data(as_text=True) for url in parser.urls]
    for text in texts:
        for url in re.findall(r"""(?:https?:)?//[^\s"'<>)]+""", text):
            assert url == "http://www.w3.org/2000/svg", f"external URL {url}"


def test_assets_have_their_types(client: FlaskClient) -> None:
    _, parser = _page(client)
    types = {client.get(url).mimetype for url in parser.urls if url.startswith("/")}
    assert "text/css" in types
    assert types & {"text/javascript", "application/javascript"}


def test_page_has_a_content_security_policy_and_no_inline_code(client: FlaskClient) -> None:
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert "unsafe-inline" not in policy
    # The policy refuses inline code, so the page must not rely on any.
    _, parser = _page(client)
    assert parser.inline_scripts == 0
    assert parser.style_attributes == 0
    # The service-wide security headers are kept.
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_element_ids_are_unique(client: FlaskClient) -> None:
    _, parser = _page(client)
    assert len(parser.ids) == len(set(parser.ids))


def test_form_controls_have_labels(client: FlaskClient) -> None:
    html, _ = _page(client)
    for control in ("text", "published"):
        assert f'<label for="{control}"' in html


def test_script_uses_the_same_origin_api_and_no_markup_injection(client: FlaskClient) -> None:
    script = client.get("/ui/static/ui.js").get_data(as_text=True)
    assert 'fetch("/v1/extract"' in script
    # Article text reaches the page only as text, never as markup.
    assert "innerHTML" not in script
    assert "insertAdjacentHTML" not in script
    assert "document.write" not in script


def test_seed_example_is_the_seed_article(client: FlaskClient) -> None:
    response = client.get("/ui/seed")
    assert response.status_code == 200
    body = response.get_json()
    assert body["text"] == SEED_PATH.read_text(encoding="utf-8")
    assert body["published"] == SEED_PUBLISHED


def test_seed_copy_is_package_data() -> None:
    # The container has only the package: the example must come from inside it.
    copy = files("service.api").joinpath("static/examples/seed.txt")
    assert copy.read_text(encoding="utf-8") == SEED_PATH.read_text(encoding="utf-8")


def test_page_offers_a_key_field_only_when_keys_are_configured(app, client: FlaskClient) -> None:
    assert 'type="password"' not in client.get("/").get_data(as_text=True)
    saved = app.extensions["newsx.api_keys"]
    app.extensions["newsx.api_keys"] = (b"x" * 32,)
    try:
        html = client.get("/").get_data(as_text=True)
        assert 'id="api-key"' in html
        assert 'type="password"' in html
        # The page itself stays open; only /v1 needs the key.
        assert client.get("/ui/seed").status_code == 200
    finally:
        app.extensions["newsx.api_keys"] = saved


@pytest.mark.parametrize("path", ["/ui/static/nope.js", "/ui/static/../ui.py"])
def test_unknown_assets_are_404(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404
