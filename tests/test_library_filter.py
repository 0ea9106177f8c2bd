"""The library's filter: every key's result equals a plain search of every entry."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.library_filter import KEPT_RESULTS, EntryFilter, words_of

HAYSTACKS = [
    text.casefold()
    for text in (
        "Article 0512\nDaily\n05/article-0512.yaml",
        "Article 0913\nTimes\n09/article-0913.yaml",
        "NATO summit\nExample Times\n2022/nato.yaml",
        "Old news\n\nold.yaml",
        "Über alles\nZeitung\nde/über.yaml",
        "",
    )
]


def plain(text: str) -> list[int]:
    words = words_of(text)
    return [i for i, haystack in enumerate(HAYSTACKS) if all(w in haystack for w in words)]


def test_blank_text_lists_everything_in_order() -> None:
    assert list(EntryFilter(HAYSTACKS).matching("   ")) == list(range(len(HAYSTACKS)))


def test_every_word_must_match_case_ignored() -> None:
    found = EntryFilter(HAYSTACKS)
    assert list(found.matching("TIMES")) == [1, 2]
    assert list(found.matching("times nato")) == [2]
    assert list(found.matching("nato times")) == [2]
    assert list(found.matching("über")) == [4]
    assert list(found.matching("times zzz")) == []


def test_a_letter_narrows_and_a_backspace_goes_back() -> None:
    found = EntryFilter(HAYSTACKS)
    typed = "article 05"
    for end in [*range(1, len(typed) + 1), *range(len(typed) - 1, 0, -1)]:
        assert list(found.matching(typed[:end])) == plain(typed[:end]), typed[:end]


def test_a_word_taken_away_widens_again() -> None:
    found = EntryFilter(HAYSTACKS)
    assert list(found.matching("article 0512")) == [0]
    # "0512" is not part of "article", nor "article" of "09": neither narrows.
    assert list(found.matching("article")) == [0, 1]
    assert list(found.matching("09")) == [1]


def test_kept_results_are_bounded() -> None:
    found = EntryFilter(HAYSTACKS)
    for number in range(KEPT_RESULTS * 3):
        found.matching(f"x{number}")
    assert f"{KEPT_RESULTS} kept" in repr(found)


TEXT = st.text(alphabet="artice 0519ü TNOx", max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=12))
def test_any_sequence_of_texts_matches_a_plain_search(texts: list[str]) -> None:
    found = EntryFilter(HAYSTACKS)
    for text in texts:
        assert list(found.matching(text)) == plain(text), text
