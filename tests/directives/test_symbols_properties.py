"""Properties of symbol parsing that hold for every generated symbol (DOMAIN.md §2)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from directives.symbols import (
    NORMATIVE_TYPES,
    PARTY_TYPES,
    STATE_TYPES,
    InvalidSymbol,
    Registry,
    find_references,
    normalize_text,
    parse_symbol,
)

REGISTRY = Registry.default()
KNOWN_ISSUERS = sorted(REGISTRY.issuers)
ADMIN_TYPES = {code.upper() for code in {**STATE_TYPES, **NORMATIVE_TYPES}}
STROKE_KEYS = {code.replace("Đ", "D").upper() for code in {**STATE_TYPES, **NORMATIVE_TYPES}}
DASHES = ["\u2013", "\u2014", "\u2212", "\u2011", "\u2010", "-"]

numbers = st.builds(
    lambda digits, suffix: digits + suffix,
    st.from_regex(r"[0-9]{1,4}", fullmatch=True),
    st.sampled_from(["", "", "", "a", "b", "c"]),
)
unknown_codes = st.from_regex(r"[A-Z][A-ZĐ]{1,5}", fullmatch=True).filter(
    lambda code: code not in ADMIN_TYPES and code not in STROKE_KEYS
)
issuers = st.one_of(st.sampled_from(KNOWN_ISSUERS), unknown_codes)
term_issuers = st.builds(
    lambda base, term: f"{base}{term}", st.sampled_from(["QH", "UBTVQH"]), st.integers(1, 16)
)
drafting_units = st.one_of(st.sampled_from(["TTTP", "C.I", "CCHC&PC", "VP", "NC"]), unknown_codes)
years = st.integers(1945, 2100)


def party(known_only=False):
    issuer = st.sampled_from(KNOWN_ISSUERS) if known_only else issuers
    return st.builds(
        lambda n, t, i: f"{n}-{t}/{i}", numbers, st.sampled_from(sorted(PARTY_TYPES)), issuer
    )


def state(known_only=False):
    issuer = st.sampled_from(KNOWN_ISSUERS) if known_only else issuers
    return st.builds(
        lambda n, t, i: f"{n}/{t}-{i}", numbers, st.sampled_from(sorted(STATE_TYPES)), issuer
    )


def normative(known_only=False):
    issuer = st.sampled_from(KNOWN_ISSUERS) if known_only else issuers
    typed = st.builds(
        lambda n, y, t, i: f"{n}/{y}/{t}-{i}",
        numbers,
        years,
        st.sampled_from(sorted(NORMATIVE_TYPES)),
        issuer,
    )
    untyped = st.builds(lambda n, y, i: f"{n}/{y}/{i}", numbers, years, term_issuers)
    return st.one_of(typed, untyped)


def letter(known_only=False):
    first = st.sampled_from(KNOWN_ISSUERS) if known_only else issuers
    second = st.sampled_from(KNOWN_ISSUERS) if known_only else drafting_units
    return st.builds(lambda n, i, d: f"{n}/{i}-{d}", numbers, first, second)


symbols = st.one_of(party(), state(), normative(), letter())
known_symbols = st.one_of(party(True), state(True), normative(True), letter(True))
KIND_OF = {"party": party, "state": state, "normative": normative, "letter": letter}


@given(
    st.sampled_from(sorted(KIND_OF)).flatmap(lambda kind: st.tuples(st.just(kind), KIND_OF[kind]()))
)
def test_generated_symbol_parses_as_its_kind_and_round_trips(kind_and_text):
    kind, text = kind_and_text

    symbol = parse_symbol(text)

    assert symbol.kind == kind
    assert symbol.normalized == text
    assert parse_symbol(symbol.normalized).normalized == symbol.normalized


@given(symbols)
def test_parsing_the_normalized_form_again_changes_nothing(text):
    symbol = parse_symbol(text)

    assert parse_symbol(symbol.normalized) == symbol
    assert normalize_text(symbol.normalized) == symbol.normalized


@given(symbols, st.data())
def test_spaces_around_separators_do_not_change_the_result(text, data):
    spaced = "".join(
        data.draw(st.sampled_from([c, f" {c}", f"{c} ", f" {c} ", f"\u00a0{c}  "]))
        if c in "-/"
        else c
        for c in text
    )

    assert parse_symbol(spaced) == parse_symbol(text)


@given(symbols, st.data())
def test_dash_variants_and_đ_look_alikes_do_not_change_the_result(text, data):
    varied = "".join(
        data.draw(st.sampled_from(DASHES))
        if c == "-"
        else data.draw(st.sampled_from(["Đ", "\u00d0", "\u0189"]))
        if c == "Đ"
        else c
        for c in text
    )

    assert parse_symbol(varied) == parse_symbol(text)


@given(symbols, st.sampled_from(["Số: ", "Số ", "số:", "SỐ: "]))
def test_a_số_prefix_does_not_change_the_result(text, prefix):
    assert parse_symbol(prefix + text) == parse_symbol(text)


@given(known_symbols)
def test_lower_casing_a_symbol_of_known_codes_gives_the_same_result(text):
    assert parse_symbol(text.lower()) == parse_symbol(text)
    assert parse_symbol(text.lower()).warnings == ()


@given(symbols)
def test_upper_and_lower_case_never_fold_đ_into_d(text):
    symbol = parse_symbol(text)

    assert symbol.normalized.count("Đ") == text.count("Đ")


@given(symbols)
def test_generated_symbol_is_found_in_prose_with_its_span_and_date(text):
    prose = f"Thực hiện văn bản số {text} ngày 6-9-2023 của cơ quan; xem thêm."

    (ref,) = find_references(prose)

    assert ref.symbol == parse_symbol(text).normalized
    assert prose[ref.span[0] : ref.span[1]] == text
    assert ref.issued_on == datetime.date(2023, 9, 6)


@given(st.text())
def test_parsing_arbitrary_text_raises_nothing_but_invalid_symbol(text):
    try:
        parse_symbol(text)
    except InvalidSymbol as error:
        assert str(error)


@given(st.text(alphabet="0123456789/-–— .:&ĐđÐƉKHTUQkhtuđƯư…SốNo", max_size=30))
def test_parsing_symbol_like_noise_raises_nothing_but_invalid_symbol(text):
    try:
        symbol = parse_symbol(text)
    except InvalidSymbol as error:
        assert str(error)
    else:
        assert parse_symbol(symbol.normalized).normalized == symbol.normalized


@given(st.text())
def test_finding_references_in_arbitrary_text_never_fails_and_spans_fit(text):
    for ref in find_references(text):
        start, end = ref.span
        assert 0 <= start < end <= len(text)
        assert (ref.symbol is None) == (ref.kind == "partial")
