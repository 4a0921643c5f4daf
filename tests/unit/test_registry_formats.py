"""Reading import files: encodings and separators of Russian-locale Excel, row numbers,
header checks, the hh.ru and SuperJob adapters. No database."""

from __future__ import annotations

import gzip

import pytest

from jumush.registry.formats import (
    FileFormatError,
    decode,
    detect_format,
    read_records,
)

HEADER = "title;destination_country;wage_amount;wage_currency;wage_period"
ROW = "Сварщик;RU;85 000,50;RUB;month"


def records(text: str, fmt: str = "csv", kind: str = "vacancies") -> list:  # type: ignore[type-arg]
    return list(read_records(text, fmt, kind))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ((HEADER + "\n" + ROW).encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + (HEADER + "\n" + ROW).encode("utf-8"), "utf-8-sig"),
        ((HEADER + "\n" + ROW).encode("cp1251"), "cp1251"),
        ((HEADER + "\n" + ROW).encode("utf-16"), "utf-16"),
        (gzip.compress((HEADER + "\n" + ROW).encode("utf-8")), "utf-8"),
    ],
)
def test_excel_encodings_are_detected(data: bytes, encoding: str) -> None:
    text, found = decode(data)
    assert found == encoding
    (record,) = records(text)
    assert record.row == 2
    assert record.record == {
        "title": "Сварщик",
        "destination": {"country": "RU"},
        "wage": {"amount": "85 000,50", "currency": "RUB", "period": "month"},
    }


def test_utf32_and_1251_with_latin_words_are_read() -> None:
    assert decode("title\nсварщик\n".encode("utf-32")) == ("title\nсварщик\n", "utf-32")
    text = "title\nJava-разработчик\nIT-специалист\nводитель кат. C\n"
    assert decode(text.encode("cp1251")) == (text, "cp1251")


def test_bom_is_not_glued_to_the_first_column() -> None:
    text = "\ufeff" + HEADER + "\n" + ROW
    (record,) = records(text)
    assert record.record["title"] == "Сварщик"


def test_binary_junk_is_refused_as_a_whole() -> None:
    with pytest.raises(FileFormatError, match="not UTF-8"):
        decode(bytes(range(128, 256)) * 4)


def test_one_column_of_mush_is_refused() -> None:
    # A separator we do not know (|) would read the whole header as one column.
    with pytest.raises(FileFormatError, match="unknown column"):
        records("title|destination_country\nСварщик|RU")


def test_unknown_columns_are_named() -> None:
    with pytest.raises(FileFormatError, match="'wage_amout'"):
        records("title,destination_country,wage_amout\nX,RU,1")


def test_rows_are_numbered_as_the_spreadsheet_shows_and_blank_rows_skipped() -> None:
    text = "title,destination_country\nA,RU\n,\nB,KZ\n"
    assert [r.row for r in records(text)] == [2, 4]


def test_a_row_with_too_many_cells_is_an_error_not_a_shift() -> None:
    (record,) = records("title,destination_country\nA,RU,extra")
    assert record.record is None
    assert record.issues[0].reason.startswith("3 cells for 2 columns")


def test_list_cells_and_bad_parts_are_reported() -> None:
    text = (
        "title;destination_country;worker_costs;required_languages;documents_held_by_employer\n"
        'A;RU;"visa:150:USD; travel:200,50:USD";ru:B1, ky:A2;да\n'
        "B;RU;visa150USD;;maybe\n"
    )
    good, bad = records(text)
    assert good.record["worker_costs"] == [
        {"kind": "visa", "amount": "150", "currency": "USD"},
        {"kind": "travel", "amount": "200,50", "currency": "USD"},
    ]
    assert good.record["requirements"]["languages"][1] == {"language": "ky", "cefr": "A2"}
    assert good.record["documents_held_by_employer"] is True
    assert bad.record is None
    assert {i.field for i in bad.issues} == {"worker_costs", "documents_held_by_employer"}
    assert all(i.row == 3 for i in bad.issues)


def test_jsonl_rows_keep_decimals_and_report_bad_lines() -> None:
    text = '{"title": "A", "wage": {"amount": 12.71}}\n\nnot json\n[1]\n'
    good, bad, not_object = records(text, "jsonl")
    assert str(good.record["wage"]["amount"]) == "12.71"
    assert (bad.row, bad.record) == (3, None)
    assert not_object.issues[0].reason == "not a JSON object"


@pytest.mark.parametrize(
    ("gross", "basis"),
    [("1", "gross"), ("true", "gross"), ("false", "net"), ("0", None), ("", None)],
)
def test_hh_gross_flag(gross: str, basis: str | None) -> None:
    text = (
        "id,title,city,experience,salary_from,salary_to,salary_currency,has_salary,salary_gross\n"
        f"7,Повар,Москва,between1And3,60000.0,,RUR,1,{gross}\n"
    )
    (record,) = records(text, "hh")
    assert record.record["wage"] == {
        "amount": "60000.0",
        "currency": "RUR",
        "period": "month",
        "basis": basis,
    }
    assert record.record["destination"] == {"country": "RU", "region": "RU-MOW", "city": "Москва"}
    assert record.record["source"] == {"system": "hh", "external_id": "7"}
    assert record.record["requirements"] == {"experience_months": 12}


def test_hh_without_salary_has_no_wage_and_uses_upper_bound_when_alone() -> None:
    text = (
        "id,title,city,salary_from,salary_to,salary_currency,has_salary,salary_gross\n"
        "1,Грузчик,Казань,,,,0,0\n2,Курьер,Пермь,,90000.0,RUR,1,0\n"
    )
    none, upper = records(text, "hh")
    assert "wage" not in none.record
    assert upper.record["wage"]["amount"] == "90000.0"


@pytest.mark.parametrize(
    ("salary", "amount"),
    [
        ("25000—40000₽", "25000"),
        ("от 30000₽", "30000"),
        ("40 000 — 60 000 ₽", "40 000"),
        ("до 50000₽", None),
        ("По договорённости", None),
    ],
)
def test_superjob_salary(salary: str, amount: str | None) -> None:
    text = (
        ",address,categories,conditions,duties,employment,experience,name,requirements,salary,url\n"
        f'0,"Москва, ул. Ленина",,график 5/2,варить,,,Сварщик,,{salary},'
        "https://www.superjob.ru/vakansii/svarschik-31684759.html\n"
    )
    (record,) = records(text, "superjob")
    assert record.record["source"] == {"system": "superjob", "external_id": "31684759"}
    assert record.record["destination"]["region"] == "RU-MOW"
    assert record.record.get("wage", {}).get("amount") == amount


def test_hh_and_superjob_hold_no_workers() -> None:
    with pytest.raises(FileFormatError, match="not workers"):
        records("id,title\n1,x", "hh", "workers")


@pytest.mark.parametrize(
    ("first_line", "name", "fmt"),
    [
        ('{"title": "x"}', "a.txt", "jsonl"),
        ("id,title,salary_gross,role_id", "x.csv", "hh"),
        (",address,duties,conditions,url", "x.csv", "superjob"),
        ("title;destination_country", "x.csv", "csv"),
        ("", "x.jsonl", "jsonl"),
    ],
)
def test_format_detection(first_line: str, name: str, fmt: str) -> None:
    assert detect_format(first_line + "\n", name) == fmt


def test_worker_columns_nest_and_sex_words_are_read() -> None:
    text = (
        "surname_latin,given_names_latin,sex,birth_date,occupation,experience_months,languages\n"
        "ASANOV,BAKYT,эркек,01.02.1990,ширетүүчү,36,ru:B1; ky:C2\n"
    )
    (record,) = records(text, "csv", "workers")
    assert record.record["sex"] == "male"
    assert record.record["occupations"] == [{"title": "ширетүүчү", "experience_months": "36"}]
    assert record.record["languages"] == [
        {"language": "ru", "cefr": "B1"},
        {"language": "ky", "cefr": "C2"},
    ]


# --- Found by a new-user test of the registry ---------------------------------------------


def test_utf8_with_a_damaged_byte_is_refused_not_read_as_1251() -> None:
    good = "title;destination_country\nСварщик;RU\nВодитель;RU\n".encode()
    with pytest.raises(FileFormatError, match="line 2"):
        decode(good[:40] + b"\xa0\xff" + good[40:])


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (b"PK\x03\x04" + b"\x00" * 50, "Excel"),
        ("title,destination_country\n".encode("utf-16-le"), "UTF-16"),
        ("сварщик\nповар\n".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (b"\xef\xbb\xbf" + "сварщик\nwelder\n".encode("utf-16-be"), "UTF-16 without"),
        ("сварщик\nwelder\n".encode("utf-16") + b"A", "UTF-16 but damaged at byte 32"),
        ("сварщик\n".encode("utf-16") + b"\x00\xd8", "UTF-16 but damaged"),
        # Western European text reads as Cyrillic letters inside Latin words: "maзon".
        ("title\nmaçon\ncafé chef\n".encode("cp1252"), "line 2"),
        ("title\nсварщик\nповар\n".encode("cp1251") + b"caf\xe9\n", "line 4"),
        # 0x98 is the one byte Windows-1251 leaves undefined.
        ("title\nсварщик\nповар\n".encode("cp1251") + b"\x98\n", "line 4"),
    ],
)
def test_wrong_file_kinds_get_a_hint(data: bytes, hint: str) -> None:
    with pytest.raises(FileFormatError, match=hint):
        decode(data)


@pytest.mark.parametrize(
    ("text", "fmt", "hint"),
    [
        ('[{"title": "x"}]', "jsonl", "JSON array"),
        ('{\n  "title": "x"\n}\n', "jsonl", "pretty-printed"),
        ('[{"title": "x"}]', "csv", "looks like JSON"),
        ('title,destination_country\n"never closed,RU\nB,RU\n', "csv", "line"),
    ],
)
def test_whole_file_problems_are_named(text: str, fmt: str, hint: str) -> None:
    with pytest.raises(FileFormatError, match=hint):
        records(text, fmt)


def test_a_row_with_too_few_cells_is_an_error() -> None:
    (record,) = records("title,destination_country,positions\nA,RU\n")
    assert record.record is None
    assert record.issues[0].reason.startswith("2 cells for 3 columns")


def test_line_breaks_inside_a_quoted_cell_are_one_cell() -> None:
    (record,) = records('title,destination_country,description\nA,RU,"line 1\nline 2"\n')
    assert record.record["description"] == "line 1\nline 2"


@pytest.mark.parametrize(
    "line",
    ['{"positions": ' + "9" * 5000 + "}", "[" * 100_000, '{"wage": {"amount": NaN}}'],
)
def test_malformed_json_lines_are_row_errors_and_the_rest_is_read(line: str) -> None:
    text = '{"title": "A"}\n' + line + '\n{"title": "B"}\n'
    first, bad, last = records(text, "jsonl")
    assert (first.row, last.row) == (1, 3)
    assert bad.record is None and bad.issues[0].reason.startswith("not JSON")


def test_identity_numbers_are_masked_and_long_values_cut_in_reports() -> None:
    from jumush.registry.formats import RowIssue

    assert RowIssue(2, "passport.number", "AC1234567890", "too long").value == "AC********90"
    assert len(str(RowIssue(2, "title", "x" * 40_000, "too long").value)) == 201
