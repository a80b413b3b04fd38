"""The Spark batch path in Spark's local mode: the same answers as the core, one pipeline per
executor process, bad lines answered with an error in their place."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED_PUBLISHED

# Spark in local mode, a JVM and executor processes: out of the fast lane.
pytestmark = pytest.mark.integration

pyspark = pytest.importorskip("pyspark", reason="the `spark` extra (pyspark) is not installed")
if shutil.which("java") is None:
    pytest.skip("PySpark needs Java (OpenJDK 17)", allow_module_level=True)

from service.batch import spark as batch  # noqa: E402

MORE_TEXTS = [
    "Vladimir Putin met Xi Jinping in Moscow on Tuesday.",
    "Exports from Germany to France rose 4% last year, according to Destatis.",
    "The European Union criticised China over its trade surplus of $400bn.",
]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = batch.session("local[2]", app_name="news-extract-test")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def lines(seed_text: str) -> list[str]:
    docs = [{"id": "seed", "text": seed_text, "published": SEED_PUBLISHED}]
    docs += [{"id": f"t{n}", "text": text} for n, text in enumerate(MORE_TEXTS)]
    rows = [json.dumps(doc) for doc in docs]
    rows.insert(2, "{not json")
    rows.append(json.dumps({"id": "bad", "text": 42}))
    rows.append(json.dumps({"id": "only-dates", "text": MORE_TEXTS[0], "include": ["dates"]}))
    return rows


@pytest.fixture(scope="module")
def answers(spark: Any, lines: list[str]) -> list[dict[str, Any]]:
    rdd = spark.sparkContext.parallelize(lines, 3)
    return [json.loads(a) for a in batch.extract_rdd(rdd, batch_size=2).collect()]


def test_one_answer_per_line_in_order(answers: list[dict[str, Any]]) -> None:
    assert [a.get("id") for a in answers] == [
        "seed", "t0", None, "t1", "t2", "bad", "only-dates",
    ]  # fmt: skip


def test_seed_answer_has_the_articles_actors_and_figures(answers: list[dict[str, Any]]) -> None:
    seed = answers[0]
    names = {e["name"] for e in seed["entities"]}
    assert {"China", "Russia", "Vladimir Putin"} <= names
    assert seed["meta"]["anchor_date"]["value"] == SEED_PUBLISHED
    assert set(seed) >= {"entities", "dates", "trade_figures", "stances", "meta"}


def test_answers_match_the_core(answers: list[dict[str, Any]]) -> None:
    from service.contract.schemas import ExtractResponseSchema
    from service.extract import extract

    expected = ExtractResponseSchema().dump(extract(MORE_TEXTS[0], id="t0"))
    got = answers[1]
    assert got["entities"] == expected["entities"]
    assert got["dates"] == expected["dates"]


def test_bad_lines_get_problems_not_crashes(answers: list[dict[str, Any]]) -> None:
    assert answers[2]["error"]["status"] == 400
    assert answers[5]["error"]["status"] == 422
    assert "text" in answers[5]["error"]["errors"]
    assert set(answers[6]) - {"id", "meta"} == {"dates"}


def test_one_pipeline_per_executor_process(spark: Any) -> None:
    def probe(part: Iterator[int]) -> Iterator[tuple[int, int]]:
        import os

        from service.extract import pipeline

        list(part)
        yield os.getpid(), id(pipeline.load())

    pairs = spark.sparkContext.parallelize(range(8), 8).mapPartitions(probe).collect()
    pids = {pid for pid, _ in pairs}
    assert len(pairs) == 8
    # Every partition a process ran saw the same pipeline object: loaded once per process.
    assert len(set(pairs)) == len(pids)


def test_run_reads_and_writes_json_lines(spark: Any, lines: list[str], tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines[1:4]) + "\n")
    target = tmp_path / "out"
    assert batch.run(spark, str(source), str(target), partitions=2) == 3
    written = [
        json.loads(line)
        for part in sorted(target.glob("part-*"))
        for line in part.read_text().splitlines()
    ]
    assert sorted(str(a.get("id")) for a in written) == ["None", "t0", "t1"]
