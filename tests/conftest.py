"""Shared fixtures: the spaCy pipeline is loaded once for the whole test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from flask import Flask
from flask.testing import FlaskClient
from spacy.language import Language
from spacy.tokens import Doc

from service.api import create_app
from service.config import Settings
from service.extract import pipeline

ROOT = Path(__file__).resolve().parent.parent
SEED_PATH = ROOT / "seeds" / "000_2a91903f997600ae.txt"
SEED_PUBLISHED = "2022-06-15"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nlp() -> Language:
    return pipeline.load()


@pytest.fixture(scope="session")
def spacy_nlp() -> Language:
    """The model as spaCy ships it, nothing of the service's: what its replacements match."""
    return spacy.load(Settings().spacy_model)


def parsed_up_to(nlp: Language, text: str, component: str) -> Doc:
    """``text`` through ``nlp``'s components before ``component``: what that component reads."""
    doc = nlp.make_doc(text)
    for name, step in nlp.pipeline:
        if name == component:
            return doc
        doc = step(doc)
    raise AssertionError(f"the pipeline has no {component}")


@pytest.fixture(scope="session")
def settings() -> Settings:
    # Small limits so the limit tests stay cheap.
    return Settings(max_body_bytes=256 * 1024, max_text_chars=20_000, max_batch_documents=4)


@pytest.fixture(scope="session")
def app(nlp, settings: Settings) -> Iterator[Flask]:
    app = create_app(settings)
    yield app


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()
