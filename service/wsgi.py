"""WSGI entry point for gunicorn: loads the pipeline and warms every section at import, in the
master before the workers fork (``preload_app``), so the workers share that memory."""

from service.api import create_app
from service.config import Settings
from service.extract import pipeline, warm_up

settings = Settings.from_env()
pipeline.load(settings.spacy_model)
warm_up()
app = create_app(settings)
