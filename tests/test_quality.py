"""The matcher's quality on the project's labeled questions."""

from __future__ import annotations

import pytest

import faqbot
from faqbot.evaluate import evaluate, read_labeled

from .conftest import EVAL_DIR


@pytest.fixture(scope="module")
def report(faq: faqbot.FAQ, matcher: faqbot.Matcher):
    labeled = [q for f in sorted(EVAL_DIR.glob("*.tsv")) for q in read_labeled(f, faq)]
    return evaluate(matcher, labeled)


def test_the_labeled_set_is_large_and_varied(report) -> None:
    assert report.total >= 150
    off_topic = sum(o.labeled.expected is None for o in report.outcomes)
    assert off_topic >= 50


def test_on_topic_questions_get_the_right_entry(report) -> None:
    assert report.accuracy >= 95.0, [o.labeled.question for o in report.misses]


def test_off_topic_questions_get_no_answer(report) -> None:
    assert report.rejection >= 95.0, [o.labeled.question for o in report.misses]


def test_wrong_answers_are_rare(report) -> None:
    assert report.wrong <= 2.0, [o.labeled.question for o in report.misses if o.got]
