"""Korean particles chosen from the word before them, not written as "을(를)"."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentcenter.foundation.korean import (
    HANGUL_FIRST,
    HANGUL_LAST,
    PARTICLES,
    final_consonant,
    fix_particles,
    has_batchim,
    particle,
)

RIEUL = 8
MARKERS = {"을/를": "을(를)", "은/는": "은(는)", "이/가": "이(가)", "과/와": "와(과)", "으로/로": "으로(로)"}
syllables = st.integers(HANGUL_FIRST, HANGUL_LAST).map(chr)
open_syllables = st.integers(0, (HANGUL_LAST - HANGUL_FIRST) // 28).map(lambda block: chr(HANGUL_FIRST + block * 28))
# Words of any script, without a marker of their own.
words = st.text(alphabet=st.characters(exclude_characters="()"), max_size=12)
EXAMPLES = settings(max_examples=200, deadline=None)


def test_every_hangul_syllable_takes_the_form_of_its_final_consonant() -> None:
    # given every syllable and every particle
    for code in range(HANGUL_FIRST, HANGUL_LAST + 1):
        syllable = chr(code)
        final = (code - HANGUL_FIRST) % 28
        for pair, (after_consonant, after_vowel) in PARTICLES.items():
            if pair not in MARKERS:
                continue
            # when
            chosen = particle(syllable, pair)
            # then: 으로 after a consonant other than ㄹ; every other particle after any consonant
            closed = final not in (0, RIEUL) if after_consonant == "으로" else final != 0
            assert chosen == (after_consonant if closed else after_vowel), (syllable, pair)


@EXAMPLES
@given(prefix=words, last=syllables, pair=st.sampled_from(sorted(MARKERS)))
def test_a_marker_becomes_the_form_the_word_takes(prefix: str, last: str, pair: str) -> None:
    # given a word ending in a Hangul syllable and a marker after it
    text = f"{prefix}{last}{MARKERS[pair]} 확인"
    # when
    fixed = fix_particles(text)
    # then
    assert fixed == f"{prefix}{last}{particle(last, pair)} 확인"


@EXAMPLES
@given(word=words, last=open_syllables)
def test_a_syllable_without_final_consonant_takes_the_vowel_forms(word: str, last: str) -> None:
    # when / then
    assert has_batchim(word + last) is False
    assert fix_particles(f"{word}{last}을(를) {last}은(는) {last}이(가) {last}와(과) {last}으로(로)") == (
        f"{word}{last}를 {last}는 {last}가 {last}와 {last}로"
    )


@EXAMPLES
@given(word=words, block=st.integers(0, (HANGUL_LAST - HANGUL_FIRST) // 28), final=st.integers(1, 27))
def test_only_rieul_among_final_consonants_takes_ro(word: str, block: int, final: int) -> None:
    # given a word ending in a syllable with a final consonant
    last = chr(HANGUL_FIRST + block * 28 + final)
    # when
    fixed = fix_particles(f"{word}{last}으로(로)")
    # then: ㄹ takes 로 (서울로), every other final consonant 으로 (부산으로)
    assert fixed == f"{word}{last}{'로' if final == RIEUL else '으로'}"
    assert has_batchim(word + last) is True


@EXAMPLES
@given(text=st.text(max_size=40))
def test_fixing_twice_changes_nothing_more(text: str) -> None:
    # when
    once = fix_particles(text)
    # then
    assert fix_particles(once) == once


@EXAMPLES
@given(text=words)
def test_a_text_without_a_marker_is_unchanged(text: str) -> None:
    assert fix_particles(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the examples
        ("석사을(를) 충족합니다", "석사를 충족합니다"),
        ("희망 연봉 150,000,000원은(는) 이내입니다", "희망 연봉 150,000,000원은 이내입니다"),
        ("요청 TRQ-2026-000001이(가) 전송되었습니다", "요청 TRQ-2026-000001이 전송되었습니다"),
        # ㄹ takes 로, other consonants 으로
        ("서울으로(로)", "서울로"),
        ("부산으로(로)", "부산으로"),
        # numbers as read: 10 십, 2020 이천이십, 100,000,000 억, 3.0 삼 점 영
        ("10을(를)", "10을"),
        ("2020이(가)", "2020이"),
        ("100,000,000은(는)", "100,000,000은"),
        ("3.0이(가)", "3.0이"),
        ("5와(과)", "5와"),
        ("50%이(가)", "50%가"),
        # Latin letters by their Korean names: L 엘, M 엠, N 엔, R 알 end in a consonant
        ("URL을(를)", "URL을"),
        ("PDF을(를)", "PDF를"),
        ("TOPIK으로(로)", "TOPIK로"),
        # quotes, brackets (the word before them), HTML tags and character references between the word and the marker
        ("“석사”을(를)", "“석사”를"),
        ("<strong>박사</strong>이(가)", "<strong>박사</strong>가"),
        ("&quot;학위&quot;은(는)", "&quot;학위&quot;는"),
        ("(연구원)와(과)", "(연구원)과"),
        ("엔지니어 (HBM)을(를)", "엔지니어 (HBM)를"),
        ("컴퓨터(computer)을(를)", "컴퓨터(computer)를"),
        ("“석사(MSc)”을(를)", "“석사(MSc)”를"),
        # the other spellings of a marker
        ("석사(을)를", "석사를"),
        ("학교(으)로", "학교로"),
        # no Korean reading: both forms stay
        ("😀을(를)", "😀을(를)"),
        ("을(를) 선택하세요", "을(를) 선택하세요"),
    ],
)
def test_fix_particles_reads_the_word_before_the_marker(text: str, expected: str) -> None:
    assert fix_particles(text) == expected


def test_final_consonant_reads_digits_and_letters_in_korean() -> None:
    assert [final_consonant(digit) for digit in "0123456789"] == [21, 8, 0, 16, 0, 0, 1, 8, 8, 0]
    assert {letter for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if final_consonant(letter)} == set("LMNR")
    assert final_consonant("é") is None
