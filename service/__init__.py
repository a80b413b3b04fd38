"""News extraction service: entities, dates, trade figures and stances from a news article."""

__version__ = "0.1.0"
