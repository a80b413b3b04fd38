"""Bulk re-processing of an archive past one machine: :mod:`service.batch.spark` (PySpark)."""
