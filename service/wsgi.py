"""WSGI entry point for gunicorn: loads the pipeline at import, before workers fork."""

from service.api import create_app
from service.config import Settings
from service.extract import pipeline

settings = Settings.from_env()
pipeline.load(settings.spacy_model)
app = create_app(settings)
