"""Hypothesis properties of the MRZ parser and builder (R1): round trip, tampering, no crash."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import MRZError
from kiosk.identity.mrz import parse_mrz
from kiosk.identity.mrz_builder import build_td1, build_td2, build_td3
from kiosk.identity.mrz_layout import LAYOUTS, MRZ_ALPHABET
from kiosk.identity.transliteration import name_field, names_match, transliterate

TODAY = date(2026, 11, 23)
BUILDERS = {"TD1": build_td1, "TD2": build_td2, "TD3": build_td3}
MAX_NUMBER = {"TD1": 22, "TD2": 14, "TD3": 9}  # longest document number each format can hold
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
# The fields covered by a check digit, mapped to the name the parser reports that check under.
CHECK_OF = {
    "document_number": "document_number",
    "document_number_check": "document_number",
    "birth_date": "birth_date",
    "birth_date_check": "birth_date",
    "expiry_date": "expiry_date",
    "expiry_date_check": "expiry_date",
    "composite_check": "composite",
}
TD3_ONLY = {"optional_data": "personal_number", "optional_data_check": "personal_number"}
CHECKED = {
    fmt: {
        (spec.line, position): checks[name]
        for checks in [CHECK_OF | (TD3_ONLY if fmt == "TD3" else {})]
        for name, spec in layout.items()
        if name in checks
        for position in range(spec.start, spec.end)
    }
    for fmt, layout in LAYOUTS.items()
}

word = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÉÜ", min_size=1, max_size=9)
names = st.lists(word, min_size=1, max_size=3).map(" ".join)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    fmt = draw(st.sampled_from(sorted(BUILDERS)))
    number = draw(st.text(alphabet=ALNUM, min_size=1, max_size=MAX_NUMBER[fmt]))
    optional_width = LAYOUTS[fmt]["optional_data"].width
    # A long document number fills the optional data with its overflow.
    optional = "" if len(number) > 9 else draw(st.text(alphabet=ALNUM, max_size=optional_width))
    values = {
        "surname": draw(names),
        "given_names": draw(st.one_of(st.just(""), names)),
        "document_number": number,
        "birth_date": draw(st.dates(TODAY - timedelta(days=365 * 99), TODAY)),
        "expiry_date": draw(st.dates(date(2000, 1, 1), date(2099, 12, 31))),
        "sex": draw(st.sampled_from("MFX")),
        "issuing_state": draw(st.sampled_from(["DNK", "UTO", "D"])),
        "nationality": draw(st.sampled_from(["DNK", "SWE", "UTO"])),
        "optional_data": optional,
    }
    return fmt, values


@settings(max_examples=300)
@given(documents())
def test_r1_builder_output_parses_back_to_the_same_data(document) -> None:
    fmt, values = document
    mrz = parse_mrz(BUILDERS[fmt](**values), today=TODAY)
    assert mrz.format == fmt
    assert mrz.valid, mrz.failed_checks
    assert mrz.document_number == values["document_number"]
    assert mrz.birth_date == values["birth_date"]
    assert mrz.expiry_date == values["expiry_date"]
    assert mrz.sex == values["sex"]
    assert mrz.issuing_state == values["issuing_state"]
    assert mrz.optional_data == values["optional_data"]
    width = LAYOUTS[fmt]["name"].width
    if len(name_field(values["surname"], values["given_names"])) <= width:
        assert mrz.surname == transliterate(values["surname"]).replace("<", " ")
        assert mrz.given_names == transliterate(values["given_names"]).replace("<", " ")
    assert names_match(mrz, values["given_names"], values["surname"])


@settings(max_examples=300)
@given(documents(), st.data())
def test_r1_any_digit_change_in_a_checked_field_is_caught(document, data) -> None:
    fmt, values = document
    lines = BUILDERS[fmt](**values)
    candidates = sorted(key for key in CHECKED[fmt] if lines[key[0]][key[1]].isdigit())
    line, position = data.draw(st.sampled_from(candidates))
    old = lines[line][position]
    new = data.draw(st.sampled_from([d for d in "0123456789" if d != old]))
    lines[line] = lines[line][:position] + new + lines[line][position + 1 :]
    mrz = parse_mrz(lines, today=TODAY)
    assert not mrz.checks[CHECKED[fmt][(line, position)]]
    assert not mrz.valid


mrz_text = st.text(alphabet=[*sorted(MRZ_ALPHABET), "o", "é", " ", "\n"])
shaped = st.sampled_from([(3, 30), (2, 36), (2, 44)]).flatmap(
    lambda shape: st.lists(
        st.text(alphabet=sorted(MRZ_ALPHABET), min_size=shape[1], max_size=shape[1]),
        min_size=shape[0],
        max_size=shape[0],
    )
)


@settings(max_examples=400)
@given(
    st.one_of(st.lists(st.text(), max_size=4), st.lists(mrz_text, max_size=4), shaped, st.text())
)
def test_parser_raises_nothing_but_mrz_error(lines) -> None:
    try:
        mrz = parse_mrz(lines, today=TODAY)
    except MRZError:
        return
    assert mrz.format in {"TD1", "TD2", "TD3"}
    assert isinstance(mrz.valid, bool)
    assert set(mrz.to_json()) >= {"format", "checks", "valid"}
