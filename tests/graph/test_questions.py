"""The competency questions (graph/rq/questions.yaml): each answered by the graph as the documents
answer it."""

from __future__ import annotations

import pytest
import yaml

from innograph.graph.queries import python_value
from innograph.graph.resources import resource
from innograph.graph.sparql import run_query

QUESTIONS = yaml.safe_load(resource("innograph.graph.rq", "questions.yaml").read_text("utf-8"))


def test_there_are_questions_of_every_kind() -> None:
    assert len(QUESTIONS) >= 40
    assert any("count" in q["expect"] for q in QUESTIONS)
    assert any("values" in q["expect"] for q in QUESTIONS)


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q["question"][:50])
def test_question_is_answered(db, q: dict) -> None:
    rows = list(run_query(db, q["query"]))
    first = [python_value(r[0]) for r in rows]
    if "count" in q["expect"]:
        assert first == [q["expect"]["count"]], q["question"]
    else:
        assert sorted(map(str, first)) == sorted(map(str, q["expect"]["values"])), q["question"]
