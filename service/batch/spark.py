"""Re-process an archive on Apache Spark: the same extraction core, one pipeline per executor.

    python -m service.batch.spark INPUT OUTPUT [--master local[*]] [--partitions N]

INPUT is JSON lines, one ``{"id", "text", "published"?, "include"?}`` per line (what
``python -m service extract --jsonl`` reads), a file, a folder or a glob Spark understands (local,
HDFS, S3...). OUTPUT is a folder of JSON-lines part files, one answer per input line: the object
the HTTP API returns plus ``id``, or ``{"id", "error": {problem}}`` for a bad line, never a crash.

Each partition goes through :func:`extract_partition` with ``mapPartitions``: inside it the
documents are parsed together with ``nlp.pipe`` (``extract_documents``), and the spaCy pipeline is
the process-wide one of :mod:`service.extract.pipeline`, loaded by the first partition an executor
Python process runs and reused by the next ones (Spark reuses Python workers by default).
Needs the ``spark`` extra: ``pip install -e '.[spark]'`` (PySpark; Java 17 or later).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # PySpark is an optional extra: imported only where it is used.
    from pyspark import RDD
    from pyspark.sql import SparkSession


def extract_partition(lines: Iterable[str], batch_size: int = 16) -> Iterator[str]:
    """JSON answers for JSON-line documents, in order; runs inside an executor.

    Imports happen here, on the executor: the driver needs neither spaCy nor the model loaded.
    """
    from service.cli import extract_lines
    from service.config import Settings

    for answer in extract_lines(lines, Settings.from_env(), batch_size=batch_size):
        yield json.dumps(answer, ensure_ascii=True)


def extract_rdd(lines: RDD[str], batch_size: int = 16) -> RDD[str]:
    """An RDD of JSON-line documents to an RDD of JSON-line answers, partition by partition."""
    return lines.mapPartitions(lambda part: extract_partition(part, batch_size=batch_size))


def session(master: str | None = None, app_name: str = "news-extract") -> SparkSession:
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if (master or "").startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
        # Local executors would start the first `python3` on PATH, which may lack the project;
        # on a cluster PYSPARK_PYTHON names the executors' environment.
        os.environ["PYSPARK_PYTHON"] = sys.executable
    # Python workers stay up between tasks, so each keeps its loaded pipeline.
    return builder.config("spark.python.worker.reuse", "true").getOrCreate()


def run(
    spark: SparkSession,
    source: str,
    target: str,
    partitions: int | None = None,
    batch_size: int = 16,
) -> int:
    """Extract every line of ``source`` into JSON-line part files under ``target``."""
    lines = spark.sparkContext.textFile(source)
    if partitions:
        lines = lines.repartition(partitions)
    answers = extract_rdd(lines, batch_size=batch_size)
    answers.saveAsTextFile(target)
    return spark.sparkContext.textFile(target).count()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m service.batch.spark", description=__doc__.splitlines()[0]
    )
    parser.add_argument("source", help="JSON lines: file, folder or glob (any Spark filesystem)")
    parser.add_argument("target", help="output folder (must not exist)")
    parser.add_argument("--master", help="Spark master, e.g. local[*]; default: spark-submit's")
    parser.add_argument("--partitions", type=int, help="repartition the input first")
    parser.add_argument("--batch-size", type=int, default=16, help="documents per nlp.pipe batch")
    args = parser.parse_args(argv)
    spark = session(args.master)
    try:
        count = run(spark, args.source, args.target, args.partitions, args.batch_size)
    finally:
        spark.stop()
    print(f"{count} answers written to {args.target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
