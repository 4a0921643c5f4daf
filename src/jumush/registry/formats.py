"""Reading import files into records: our documented JSONL and CSV, the hh.ru vacancy export
and the SuperJob vacancy export.

`read_records(data, fmt, kind)` yields `RawRecord(row, record, errors)` in file order: `record`
is a dict in the VacancyIn / WorkerIn shape (registry/schemas.py), or None with `errors`
saying why the row could not be read. Nothing here touches the database.

Files from Russian-locale Excel are handled: a UTF-8 byte-order mark, Windows-1251 text,
UTF-16 "Unicode text", and ";" or tab as the separator are detected. A file that cannot be read
as one of these is refused as a whole (`FileFormatError`), never read as one column of mush.
Row numbers are what a spreadsheet shows: the header is row 1, the first record row 2. In
JSONL the row is the line number.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from jumush.core import textfile
from jumush.core.crypto import mask
from jumush.core.errors import InvalidInput
from jumush.core.spreadsheet import restore

Kind = Literal["vacancies", "workers"]
FORMATS = ("jsonl", "csv", "hh", "superjob")


class FileFormatError(InvalidInput):
    """The file as a whole cannot be read (encoding, separator, header); nothing is imported."""

    code = "import.file_unreadable"


#: Fields whose values are identity numbers: shown masked in reports ("AC*****67").
SECRET_FIELDS = ("passport.number", "passport_number")
#: Longer values are cut in reports.
MAX_SHOWN_VALUE = 200


@dataclass
class RowIssue:
    """One problem with one row: the row number, the field (dotted), the value (identity
    numbers masked, long values cut), the reason."""

    row: int
    field: str
    value: object
    reason: str

    def __post_init__(self) -> None:
        if isinstance(self.value, str):
            if self.field in SECRET_FIELDS:
                self.value = mask(self.value)
            elif len(self.value) > MAX_SHOWN_VALUE:
                self.value = self.value[:MAX_SHOWN_VALUE] + "…"
        elif isinstance(self.value, float | Decimal) and not math.isfinite(self.value):
            self.value = str(self.value)

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "value": self.value, "reason": self.reason}


@dataclass
class RawRecord:
    """A row read from the file: the record dict, or None with the issues that stopped it."""

    row: int
    record: dict[str, Any] | None
    issues: list[RowIssue] = field(default_factory=list)


# --- Bytes to text --------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of an import file's bytes: `core.textfile.decode`, whose refusal
    is raised as FileFormatError and advises saving the file as 'CSV UTF-8'."""
    try:
        return textfile.decode(data, save_as="'CSV UTF-8'")
    except textfile.UnreadableText as exc:
        raise FileFormatError(exc.message) from exc


# --- CSV ------------------------------------------------------------------------------------


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(
    text: str, known: set[str] | None, *, ours: bool = False
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: cell}) for each non-blank CSV record. `known` are the allowed
    column names (None: any); an unknown or missing header, or a quote never closed, is
    refused as a whole. A row with more or fewer cells than the header is an error row.
    `ours`: our own CSV format, whose exports neutralise formula-like cells with an
    apostrophe (core/spreadsheet.py): it is taken away again here."""
    first_line = text.split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    if first_line.lstrip().startswith(("[", "{")):
        raise FileFormatError(
            "this looks like JSON, not CSV: give one JSON object per line (JSON Lines, "
            "--format jsonl)"
        )
    _check_quotes(text, delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise FileFormatError("the file is empty") from None
    columns = [h.strip().lstrip("\ufeff").strip().lower() for h in header]
    if known is not None:
        unknown = [c for c in columns if c and c not in known]
        if unknown:
            shown = ", ".join(repr(c[:40]) for c in unknown[:10])
            raise FileFormatError(
                f"unknown column(s) {shown} in the header (separator read as {delimiter!r}); "
                f"known columns: {', '.join(sorted(known))}"
            )
    if len(columns) < 2:
        raise FileFormatError(
            f"the header has one column ({columns[0][:60]!r}): the separator could not be found"
        )
    if len(set(columns)) != len(columns):
        raise FileFormatError("the header names a column twice")
    for index, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            yield (
                index,
                {
                    "__extra__": f"{len(cells)} cells for {len(columns)} columns; a cell that "
                    "holds the separator must be in double quotes"
                },
            )
            continue
        if ours:
            cells = [restore(c) for c in cells]
        yield index, dict(zip(columns, cells, strict=True))


def _check_quotes(text: str, delimiter: str) -> None:
    """Refuse a file with a double quote that is never closed (it would swallow the rows
    after it)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error as exc:
        raise FileFormatError(
            f"line {reader.line_num}: {exc} (a double quote opened and never closed?); "
            "nothing was imported"
        ) from exc


def _split(cell: str) -> list[str]:
    """A list cell: items separated by ";" (or "," when there is no ";")."""
    sep = ";" if ";" in cell else ","
    return [item.strip() for item in cell.split(sep) if item.strip()]


def _parts(item: str, names: tuple[str, ...], where: str) -> dict[str, str]:
    values = [p.strip() for p in item.split(":")]
    if len(values) != len(names):
        raise ValueError(f"{item!r} in {where} must be {':'.join(names)}")
    return dict(zip(names, values, strict=True))


def _bool(cell: str) -> bool:
    value = cell.strip().lower()
    if value in {"1", "true", "yes", "y", "да", "ооба", "+"}:
        return True
    if value in {"", "0", "false", "no", "n", "нет", "жок", "-"}:
        return False
    raise ValueError(f"{cell!r} is not yes/no (use true or false)")


def _set(out: dict[str, Any], dotted: str, value: Any) -> None:
    node = out
    *parents, last = dotted.split(".")
    for p in parents:
        node = node.setdefault(p, {})
    node[last] = value


# Flat CSV columns of the vacancy and worker JSON. Cells left empty are omitted (the
# schema's default applies).
#: A CSV column: the dotted field of the record it fills, and how to read the cell (None:
#: as it is; the schema validates it).
Column = tuple[str, Callable[[str], Any] | None]

VACANCY_COLUMNS: dict[str, Column] = {
    "title": ("title", None),
    "isco08_code": ("isco08_code", None),
    "esco_uri": ("esco_uri", None),
    "employer_name": ("employer.name", None),
    "employer_country": ("employer.country", None),
    "employer_registration_number": ("employer.registration_number", None),
    "agency_licence_number": ("agency_licence_number", None),
    "destination_country": ("destination.country", None),
    "destination_region": ("destination.region", None),
    "destination_city": ("destination.city", None),
    "start_date": ("start_date", None),
    "positions": ("positions", None),
    "wage_amount": ("wage.amount", None),
    "wage_currency": ("wage.currency", None),
    "wage_period": ("wage.period", None),
    "wage_basis": ("wage.basis", None),
    "weekly_hours": ("weekly_hours", None),
    "contract_months": ("contract_months", None),
    "worker_costs": (
        "worker_costs",
        lambda v: _groups(v, ("kind", "amount", "currency"), "worker_costs"),
    ),
    "deposit_amount": ("deposit_from_worker.amount", None),
    "deposit_currency": ("deposit_from_worker.currency", None),
    "deductions": (
        "deductions",
        lambda v: _groups(v, ("kind", "amount", "currency", "period"), "deductions"),
    ),
    "employer_pays": ("employer_pays", _split),
    "contract_languages": ("contract_languages", _split),
    "documents_held_by_employer": ("documents_held_by_employer", _bool),
    "required_languages": (
        "requirements.languages",
        lambda v: [_parts(i, ("language", "cefr"), "required_languages") for i in _split(v)],
    ),
    "experience_months": ("requirements.experience_months", None),
    "age_min": ("requirements.age_min", None),
    "age_max": ("requirements.age_max", None),
    "driving_licence": ("requirements.driving_licence", None),
    "skills": ("requirements.skills", _split),
    "description": ("description", None),
    "status": ("status", None),
    "external_id": ("source.external_id", None),
}


def _groups(cell: str, names: tuple[str, ...], where: str) -> list[dict[str, str]]:
    """A cell of ";"-separated "kind:amount:currency" groups (";" because amounts may
    contain commas)."""
    return [_parts(item.strip(), names, where) for item in cell.split(";") if item.strip()]


_SEX = {
    "f": "female", "female": "female", "ж": "female", "жен": "female", "женский": "female",
    "аял": "female", "m": "male", "male": "male", "м": "male", "муж": "male",
    "мужской": "male", "эркек": "male",
}  # fmt: skip


def _sex(cell: str) -> str:
    return _SEX.get(cell.strip().lower().rstrip("."), cell)


WORKER_COLUMNS: dict[str, Column] = {
    "surname_latin": ("surname_latin", None),
    "given_names_latin": ("given_names_latin", None),
    "surname_cyrillic": ("surname_cyrillic", None),
    "given_names_cyrillic": ("given_names_cyrillic", None),
    "patronymic_cyrillic": ("patronymic_cyrillic", None),
    "sex": ("sex", _sex),
    "birth_date": ("birth_date", None),
    "citizenship": ("citizenship", None),
    "region": ("origin.region", None),
    "district": ("origin.district", None),
    "locality": ("origin.locality", None),
    "phone": ("phone", None),
    "passport_number": ("passport.number", None),
    "passport_expiry": ("passport.expiry", None),
    "languages": (
        "languages",
        lambda v: [_parts(i, ("language", "cefr"), "languages") for i in _split(v)],
    ),
    "occupation": ("occupations.0.title", None),
    "isco08_code": ("occupations.0.isco08_code", None),
    "experience_months": ("occupations.0.experience_months", None),
    "experience_country": ("occupations.0.country", None),
    "skills": ("skills", _split),
    "education_isced": ("education_isced", None),
    "driving_licence": ("driving_licence", None),
    "destinations": ("destinations", _split),
    "min_wage_amount": ("min_wage.amount", None),
    "min_wage_currency": ("min_wage.currency", None),
    "available_from": ("available_from", None),
    "status": ("status", None),
    "consent_purpose": ("consent.purpose", None),
    "consent_date": ("consent.given_on", None),
    "consent_text_version": ("consent.text_version", None),
    "external_id": ("source.external_id", None),
}


def _nest(row: int, cells: dict[str, str], columns: dict[str, Column]) -> RawRecord:
    if "__extra__" in cells:
        return RawRecord(row, None, [RowIssue(row, "row", None, cells["__extra__"])])
    out: dict[str, Any] = {}
    issues = []
    for column, cell in cells.items():
        if not cell.strip() or column not in columns:
            continue
        try:
            dotted, read = columns[column]
            value = read(cell) if read is not None else cell
        except ValueError as exc:
            issues.append(RowIssue(row, column, cell, str(exc)))
            continue
        if dotted.startswith("occupations.0."):
            occupation = out.setdefault("occupations", [{}])[0]
            occupation[dotted.removeprefix("occupations.0.")] = value
        else:
            _set(out, dotted, value)
    return RawRecord(row, None if issues else out, issues)


# --- hh.ru and SuperJob ---------------------------------------------------------------------

HH_COLUMNS = {
    "id", "title", "city", "experience", "employment", "schedule", "salary_from", "salary_to",
    "salary_currency", "has_salary", "salary_gross", "is_premium", "employer_trusted",
    "has_address", "role_id", "published_weekday", "published_hour", "title_word_count",
}  # fmt: skip
SUPERJOB_COLUMNS = {
    "", "address", "categories", "conditions", "duties", "employment", "experience", "name",
    "requirements", "salary", "url",
}  # fmt: skip

#: Federal subjects of Russia for the cities vacancy files name most (ISO 3166-2:RU).
RU_CITY_REGIONS = {
    "москва": "RU-MOW", "зеленоград": "RU-MOW", "санкт-петербург": "RU-SPE",
    "колпино": "RU-SPE", "пушкин": "RU-SPE", "зеленогорск": "RU-SPE",
    "екатеринбург": "RU-SVE", "новосибирск": "RU-NVS", "казань": "RU-TA",
    "нижний новгород": "RU-NIZ", "краснодар": "RU-KDA", "уфа": "RU-BA", "пермь": "RU-PER",
    "воронеж": "RU-VOR", "самара": "RU-SAM", "ростов-на-дону": "RU-ROS",
    "красноярск": "RU-KYA", "челябинск": "RU-CHE", "омск": "RU-OMS", "тюмень": "RU-TYU",
    "сургут": "RU-KHM", "якутск": "RU-SA",
}  # fmt: skip

#: hh.ru `experience` ids as the minimum months they stand for.
HH_EXPERIENCE = {"noExperience": 0, "between1And3": 12, "between3And6": 36, "moreThan6": 72}


def _ru_destination(place: str) -> dict[str, str]:
    city = place.split("(")[0].strip()
    key = city.lower()
    for part in [key, *(p.strip() for p in key.split(","))]:
        if part in RU_CITY_REGIONS:
            return {"country": "RU", "region": RU_CITY_REGIONS[part], "city": part.title()}
    return {"country": "RU", "city": city[:120]}


def _hh(row: int, r: dict[str, str]) -> RawRecord:
    """hh.ru: the lower end of the salary range is the wage ("от"); RUR is RUB; `salary_gross`
    "1"/"true" is gross, "false" is net, and "0" or empty is unknown, because this export writes
    0 both for false and for a missing value."""
    out: dict[str, Any] = {
        "title": r.get("title", ""),
        "destination": _ru_destination(r.get("city", "")),
        "source": {"system": "hh", "external_id": r.get("id") or None},
    }
    amount = (r.get("salary_from") or "").strip() or (r.get("salary_to") or "").strip()
    if amount:
        gross = (r.get("salary_gross") or "").strip().lower()
        out["wage"] = {
            "amount": amount,
            "currency": r.get("salary_currency", ""),
            "period": "month",
            "basis": "gross" if gross in {"1", "true"} else "net" if gross == "false" else None,
        }
    if r.get("experience") in HH_EXPERIENCE:
        out["requirements"] = {"experience_months": HH_EXPERIENCE[r["experience"]]}
    return RawRecord(row, out)


_SJ_SALARY = re.compile(r"(?:от\s*)?(\d[\d\s\u00a0]*)(?:\s*[—–-]\s*(\d[\d\s\u00a0]*))?\s*(₽|руб)")
_SJ_ID = re.compile(r"-(\d+)\.html")


def _superjob(row: int, r: dict[str, str]) -> RawRecord:
    """SuperJob: "25000—40000₽" gives 25000 RUB a month (the lower end), basis unknown;
    "до 50000₽" (a ceiling, nothing guaranteed) and "По договорённости" give no wage; the id
    is the number in the vacancy URL."""
    out: dict[str, Any] = {
        "title": r.get("name", ""),
        "destination": _ru_destination((r.get("address") or "").split(",")[0]),
        "description": "\n".join(
            (r.get(k) or "").strip() for k in ("duties", "requirements", "conditions")
        ).strip()[:20_000],
    }
    if m := _SJ_ID.search(r.get("url", "")):
        out["source"] = {"system": "superjob", "external_id": m.group(1)}
    else:
        out["source"] = {"system": "superjob"}
    salary = (r.get("salary") or "").replace("\u00a0", " ")
    m = _SJ_SALARY.search(salary)
    if m and not salary.strip().lower().startswith("до"):
        out["wage"] = {"amount": m.group(1).strip(), "currency": "RUB", "period": "month"}
    return RawRecord(row, out)


# --- JSON Lines -----------------------------------------------------------------------------


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number")


#: One decoder for every line (json.loads with parse_float builds a new one per call).
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant)


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` one at a time (a list of them all would double the file in
    memory, and io.StringIO copies it at four bytes a character)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end == -1:
            end = len(text)
        yield text[start:end].rstrip("\r")
        start = end + 1


def _jsonl(text: str) -> Iterator[RawRecord]:
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("["):
        raise FileFormatError("this is a JSON array: JSON Lines needs one vacancy object per line")
    if stripped.startswith("{") and stripped.split("\n", 1)[0].strip() == "{":
        raise FileFormatError(
            "this looks like pretty-printed JSON: JSON Lines needs each object on one line"
        )
    for number, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        try:
            record = _DECODER.decode(line)
        except (ValueError, RecursionError) as exc:
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            yield RawRecord(
                number, None, [RowIssue(number, "row", None, f"not JSON: {reason}"[:300])]
            )
            continue
        if not isinstance(record, dict):
            yield RawRecord(number, None, [RowIssue(number, "row", None, "not a JSON object")])
            continue
        yield RawRecord(number, record)


# --- Entry point ----------------------------------------------------------------------------


def detect_format(text: str, file_name: str) -> str:
    """ "jsonl", "hh", "superjob" or "csv", from the file name and its first line."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    if file_name.endswith((".jsonl", ".ndjson", ".jsonl.gz")) or first.startswith("{"):
        return "jsonl"
    header = {h.strip().strip('"').lower() for h in re.split(r"[,;\t]", first)}
    if {"salary_gross", "role_id"} <= header:
        return "hh"
    if {"duties", "conditions", "url"} <= header:
        return "superjob"
    return "csv"


def read_records(text: str, fmt: str, kind: Kind) -> Iterator[RawRecord]:
    """The records of an import file's text, in file order. Raises FileFormatError when the
    file as a whole cannot be read in `fmt`."""
    if fmt not in FORMATS:
        raise FileFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if kind == "workers" and fmt in {"hh", "superjob"}:
        raise FileFormatError(f"{fmt} files hold vacancies, not workers")
    if fmt == "jsonl":
        yield from _jsonl(text)
        return
    if fmt == "hh":
        for row, cells in _csv_rows(text, HH_COLUMNS):
            yield _hh(row, cells)
        return
    if fmt == "superjob":
        for row, cells in _csv_rows(text, SUPERJOB_COLUMNS):
            yield _superjob(row, cells)
        return
    columns = VACANCY_COLUMNS if kind == "vacancies" else WORKER_COLUMNS
    for row, cells in _csv_rows(text, set(columns), ours=True):
        yield _nest(row, cells, columns)


# --- Writing our CSV ------------------------------------------------------------------------

#: The parts of each list-of-groups column, in the order the reader expects.
_GROUP_PARTS = {
    "worker_costs": ("kind", "amount", "currency"),
    "deductions": ("kind", "amount", "currency", "period"),
    "required_languages": ("language", "cefr"),
    "languages": ("language", "cefr"),
}


def _dotted(record: dict[str, Any], dotted: str) -> Any:
    node: Any = record
    for part in dotted.split("."):
        if isinstance(node, list):
            node = node[int(part)] if part.isdigit() and int(part) < len(node) else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if column in _GROUP_PARTS:
            parts = _GROUP_PARTS[column]
            return "; ".join(":".join(str(g.get(p) or "") for p in parts) for g in value)
        return (
            ", ".join(str(v) for v in value)
            if column == "driving_licence"
            else "; ".join(str(v) for v in value)
        )
    return str(value)


def flat_row(record: dict[str, Any], kind: Kind) -> dict[str, str]:
    """One record (the VacancyIn / WorkerIn JSON shape) as the cells of our CSV, the inverse of
    reading it (one occupation per worker row: the first). Cells are not yet neutralised:
    `core.spreadsheet.write_csv` does that."""
    columns = VACANCY_COLUMNS if kind == "vacancies" else WORKER_COLUMNS
    return {name: _cell(name, _dotted(record, dotted)) for name, (dotted, _) in columns.items()}
