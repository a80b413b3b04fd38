"""gunicorn settings, from :class:`service.config.Settings` (so the same env vars apply)."""

from service.config import Settings

_settings = Settings.from_env()

wsgi_app = "service.wsgi:app"
bind = f"{_settings.host}:{_settings.port}"
workers = _settings.worker_count
# Load the spaCy pipeline once in the master: workers share its memory copy-on-write.
preload_app = True
timeout = _settings.timeout
graceful_timeout = _settings.graceful_timeout
keepalive = 5
loglevel = _settings.log_level
accesslog = "-"
errorlog = "-"
# Request-line and header limits stay at gunicorn's defaults; the body limit is Flask's.
