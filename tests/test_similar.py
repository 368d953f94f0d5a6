"""Fuzzy matching of changed source segments, measured on the labelled pairs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from similar_cases import CASES

from translate.similar import (
    DEFAULT_THRESHOLD,
    find_merge,
    find_split,
    is_match,
    is_short,
    similarity,
)

DIFFERENT = [c for c in CASES if not c.same]
SAME = [c for c in CASES if c.same]
SHORT_DIFFERENT = [c for c in DIFFERENT if is_short(c.old) or is_short(c.new)]

# A wrong draft costs a reviewer more than a missing one (the machine draft is there anyway),
# so at most 1 in 20 look-alike sentences may match; 40 labelled pairs make that 2 cases.
MAX_FALSE_MATCH = 0.05
# Short headings are where a wrong draft is most misleading and the strict rule exists: none.
MAX_FALSE_MATCH_SHORT = 0.0
# Below 9 in 10 true edits kept, a journalist's correction pass would throw away reviewed work.
MIN_RECALL = 0.9


def test_labelled_set_is_large_enough() -> None:
    assert len(CASES) >= 60 and len(SAME) >= 25 and len(DIFFERENT) >= 25
    assert len(SHORT_DIFFERENT) >= 10


def test_false_match_rate_on_look_alikes() -> None:
    matched = [(c.old, c.new) for c in DIFFERENT if is_match(c.old, c.new)]
    assert len(matched) / len(DIFFERENT) <= MAX_FALSE_MATCH, matched


def test_no_short_heading_matches_another() -> None:
    matched = [(c.old, c.new) for c in SHORT_DIFFERENT if is_match(c.old, c.new)]
    assert len(matched) / len(SHORT_DIFFERENT) <= MAX_FALSE_MATCH_SHORT, matched


def test_recall_on_true_edits() -> None:
    missed = [(c.old, c.new) for c in SAME if not is_match(c.old, c.new)]
    assert 1 - len(missed) / len(SAME) >= MIN_RECALL, missed


def test_every_kind_of_edit_is_mostly_kept() -> None:
    for kind in {c.kind for c in SAME}:
        cases = [c for c in SAME if c.kind == kind]
        kept = sum(is_match(c.old, c.new) for c in cases)
        assert kept >= 0.8 * len(cases), kind


def test_typography_alone_is_identity() -> None:
    a = "Leike n’est pas le seul à avoir quitté OpenAI\u202f!"
    b = "Leike n'est pas le seul  à avoir quitté OpenAI !"
    assert similarity(a, b) == 1.0


def test_a_short_segment_does_not_match_a_sentence_containing_it() -> None:
    long = "Anthropic a récemment obtenu un investissement de 4 milliards de dollars."
    assert similarity("Anthropic", long) < 0.5
    assert not is_match("Anthropic", long)


@given(st.text(max_size=60), st.text(max_size=60))
def test_similarity_is_a_symmetric_score(a: str, b: str) -> None:
    score = similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == similarity(b, a)


@given(st.text(min_size=1, max_size=60).filter(lambda s: any(ch.isalnum() for ch in s)))
def test_a_segment_is_identical_to_itself(text: str) -> None:
    assert similarity(text, text) == 1.0


# Scores worked out by hand from the measure's definition (rapidfuzz's token-set ratio on the
# normalized words, scaled down when the shorter text is under half the longer one).
# One word swapped: the common words "a anthropic départ secoué un" (28 characters) against
# themselves plus " inattendu" (38): 1 - 10 / (28 + 38) = 56/66, the best of the three
# comparisons ("retentissant" gives 56/69, the two full texts 64/79).
SWAPPED = ("Un départ retentissant a secoué Anthropic.", "Un départ inattendu a secoué Anthropic.")
SWAPPED_SCORE = 56 / 66
# A sentence with a clause added: every word of the 34-character "le conseil a voté le budget
# annuel" is in the 75-character longer one (token-set ratio 1), whose length scales the
# score by (34 / 75) / 0.5 = 68/75.
EXTENDED = (
    "Le conseil a voté le budget annuel.",
    "Le conseil a voté le budget annuel de la ville après un long débat nocturne.",
)
EXTENDED_SCORE = 68 / 75


def test_scores_are_the_ones_worked_out_by_hand() -> None:
    assert similarity(*SWAPPED) == pytest.approx(SWAPPED_SCORE)
    assert similarity(*EXTENDED) == pytest.approx(EXTENDED_SCORE)


@pytest.mark.parametrize(("pair", "score"), [(SWAPPED, SWAPPED_SCORE), (EXTENDED, EXTENDED_SCORE)])
def test_threshold_is_honoured(pair: tuple[str, str], score: float) -> None:
    assert is_match(*pair, threshold=score - 0.001)
    assert not is_match(*pair, threshold=score + 0.001)
    # 56/66 is just under the default 0.85: a swapped word of six is no longer the same sentence
    assert is_match(*pair) is (score >= DEFAULT_THRESHOLD)


SPLIT_OLD = (
    "Leike a quitté OpenAI il y a moins de deux semaines, dénonçant publiquement une "
    "orientation de l’entreprise vers des produits clinquants."
)
SPLIT_NEW = (
    "Leike a quitté OpenAI il y a moins de deux semaines.",
    "Il a dénoncé publiquement une orientation de l’entreprise vers des produits clinquants.",
)


def test_find_split_sees_one_sentence_cut_in_two() -> None:
    assert is_match(SPLIT_OLD, SPLIT_NEW[0]) is False  # each half alone is not enough
    score = find_split(SPLIT_OLD, SPLIT_NEW)
    assert score is not None and score >= DEFAULT_THRESHOLD


def test_find_split_rejects_unrelated_neighbours() -> None:
    unrelated = ("Leike a quitté OpenAI.", "Amazon a investi 4 milliards de dollars.")
    assert find_split(SPLIT_OLD, unrelated) is None
    assert find_split(SPLIT_OLD, (SPLIT_NEW[0], "")) is None


def test_find_merge_sees_two_sentences_joined() -> None:
    merged = (
        "Leike a quitté OpenAI il y a moins de deux semaines et a dénoncé publiquement une "
        "orientation de l’entreprise vers des produits clinquants."
    )
    score = find_merge(SPLIT_NEW, merged)
    assert score is not None and score >= DEFAULT_THRESHOLD
    assert find_merge(SPLIT_NEW, "Sam Altman a remercié Leike pour son travail.") is None


def test_source_profile_folds_its_own_quotation_marks() -> None:
    """German „…“ and »…« changed to straight quotes is a typographic edit for a German
    source; the French profile knows no „ and keeps the two apart."""
    from translate.similar import normalize

    straight = normalize('Er sagte: "Nein".', "de")
    assert normalize("Er sagte: „Nein“.", "de") == straight
    assert normalize("Er sagte: »Nein«.", "de") == straight
    assert normalize("Er sagte: „Nein“.", "fr") != normalize('Er sagte: "Nein".', "fr")
