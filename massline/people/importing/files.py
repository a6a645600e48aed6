"""Reading CSV and XLSX files for import, and refusing the ones that cannot be read.

Every refusal is a `FileProblem` with a code and a translated message that says what to do.
`inspect_file` reads the whole file once (the upload is checked before anything is mapped);
`iter_row_blocks` reads it again for the preview, the dry run and the import.
"""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from massline.people.importing import storage

DETECT = "detect"
# Offered on the upload form when a file is not UTF-8 (UTF-8 and UTF-16 with a BOM are found
# on their own).
FALLBACK_ENCODINGS = ("windows-1251", "koi8-r", "windows-1252", "latin-1")
ENCODING_CHOICES = (DETECT, *FALLBACK_ENCODINGS)
DELIMITERS = (",", ";", "\t")
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
MAX_CELL_CHARS = 100_000
MAX_COLUMNS = 200
_HEAD_BYTES = 64 * 1024
_SAMPLE_ROWS = 20

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def max_upload_bytes() -> int:
    """`MASSLINE_IMPORT_MAX_BYTES`, 256 MiB unless configured."""
    return int(getattr(settings, "MASSLINE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


MESSAGES: dict[str, Promise] = {
    "empty": _("The file is empty."),
    "no_rows": _("The file has a header row but no rows of data."),
    "binary": _(
        "This is not a text file: it contains binary data. Upload a CSV file saved "
        "as text, or an Excel workbook (.xlsx)."
    ),
    "zip_as_csv": _(
        "This file is a compressed archive (perhaps an Excel workbook renamed to "
        ".csv). Upload a workbook with the .xlsx extension, or a CSV file."
    ),
    "xls": _(
        "Old Excel files (.xls) cannot be read. Save the sheet as .xlsx or CSV and upload that."
    ),
    "xlsx_invalid": _(
        "This is not a readable Excel workbook (.xlsx). Save it again as .xlsx, "
        "or export it as CSV."
    ),
    "xlsx_no_sheet": _("The workbook has no worksheet."),
    "encoding_unknown": _(
        "The file is not UTF-8 text (near line %(line)d). Choose its "
        "encoding in the form (for example windows-1251 for Russian files "
        "from Excel) and upload it again."
    ),
    "encoding_failed": _(
        "The file cannot be read as %(encoding)s (near line %(line)d). Choose another encoding."
    ),
    "quoting": _(
        "The quoting is broken on line %(line)d: a quoted cell must end with a "
        "quote before the next separator. Fix that line and upload the file again."
    ),
    "cell_too_long": _(
        "A cell in row %(row)d is longer than %(limit)d characters. Shorten it "
        "and upload the file again."
    ),
    "too_many_columns": _(
        "Row %(row)d has more than %(limit)d columns. Only the first sheet "
        "of a workbook is read: check that it holds the contacts."
    ),
    "too_large": _(
        "The file is larger than the limit of %(limit)d MB. Split it into smaller files."
    ),
    "missing": _("The uploaded file is no longer available. Upload it again."),
}


class FileProblem(Exception):
    """A file that cannot be imported; `message` says why, in the active language."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % self.params if self.params else str(MESSAGES[self.code])

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class FileInfo:
    """How to read a stored file; kept in `ImportBatch.options["file"]`."""

    format: str
    encoding: str = ""
    delimiter: str = ","
    encoding_chosen: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "encoding_chosen": self.encoding_chosen,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FileInfo":
        return cls(
            format=data.get("format", "csv"),
            encoding=data.get("encoding", "utf-8"),
            delimiter=data.get("delimiter", ","),
            encoding_chosen=bool(data.get("encoding_chosen")),
        )


@dataclass
class Inspection:
    info: FileInfo
    header: list[str]
    header_row: int
    total_rows: int
    sample: list[list[str]] = field(default_factory=list)


def _head(name: str) -> bytes:
    with storage.open_stored(name) as reader:
        return reader.read(_HEAD_BYTES)


def detect_format(filename: str, head: bytes) -> str:
    """ "csv" or "xlsx", from the content first and the file name second."""
    lowered = filename.lower()
    if head.startswith(OLE_SIGNATURE):
        raise FileProblem("xls")
    if head.startswith(ZIP_SIGNATURE):
        if lowered.endswith(CSV_EXTENSIONS):
            raise FileProblem("zip_as_csv")
        return "xlsx"
    if lowered.endswith((".xlsx", ".xlsm")):
        raise FileProblem("xlsx_invalid")
    if lowered.endswith(".xls"):
        raise FileProblem("xls")
    return "csv"


def detect_encoding(head: bytes, choice: str) -> str:
    """The codec to read a CSV file with. BOMs decide; otherwise UTF-8 unless chosen."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise FileProblem("binary")
    if choice and choice != DETECT:
        return choice
    return "utf-8"


def _decode_head(head: bytes, encoding: str) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(head, final=False)


def sniff_delimiter(sample: str) -> str:
    """The separator among , ; and tab that splits the first lines most consistently."""
    lines = sample.splitlines(keepends=True)
    if len(lines) > 1 and len(sample) >= _HEAD_BYTES // 2:
        lines = lines[:-1]  # the last line of a sample may be cut short
    text = "".join(lines[: _SAMPLE_ROWS * 4])
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]
        except csv.Error:
            continue
        rows = rows[:_SAMPLE_ROWS]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(1 for row in rows if len(row) == width), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_reader(text: io.TextIOBase, delimiter: str) -> Any:
    return csv.reader(text, delimiter=delimiter, strict=True)


def _problem_from_csv_error(exc: csv.Error, line: int) -> FileProblem:
    if "field larger than field limit" in str(exc):
        return FileProblem("cell_too_long", row=line, limit=MAX_CELL_CHARS)
    return FileProblem("quoting", line=max(line, 1))


def _problem_from_decoding(info: FileInfo, line: int) -> FileProblem:
    if info.encoding in ("utf-8", "utf-8-sig") and not info.encoding_chosen:
        return FileProblem("encoding_unknown", line=line)
    return FileProblem("encoding_failed", encoding=info.encoding, line=line)


def _csv_rows(name: str, info: FileInfo) -> Iterator[list[str]]:
    """The records of a CSV file, header included; `FileProblem` on bad input."""
    with storage.open_stored(name) as raw:
        text = io.TextIOWrapper(raw, encoding=info.encoding, errors="strict", newline="")
        reader = _csv_reader(text, info.delimiter)
        try:
            yield from reader
        except csv.Error as exc:
            raise _problem_from_csv_error(exc, reader.line_num) from exc
        except UnicodeDecodeError as exc:
            raise _problem_from_decoding(info, reader.line_num + 1) from exc


def xlsx_cell(value: Any) -> str:
    """The text of a spreadsheet cell. Formulas stay as their text; nothing is evaluated."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _open_workbook(name: str) -> Any:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    data = storage.read_stored(name)
    buffer = io.BytesIO(data)
    try:
        with zipfile.ZipFile(buffer) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
        if unpacked > 20 * max_upload_bytes():
            raise FileProblem("too_large", limit=max_upload_bytes() // (1024 * 1024))
        buffer.seek(0)
        return openpyxl.load_workbook(buffer, read_only=True, data_only=False)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        OSError,
        TypeError,
    ) as exc:
        raise FileProblem("xlsx_invalid") from exc


def _xlsx_rows(name: str) -> Iterator[list[str]]:
    workbook = _open_workbook(name)
    try:
        if not workbook.worksheets:
            raise FileProblem("xlsx_no_sheet")
        sheet = workbook.worksheets[0]
        try:
            for values in sheet.iter_rows(values_only=True):
                cells = [xlsx_cell(value) for value in values]
                while cells and cells[-1] == "":
                    cells.pop()
                yield cells
        except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
            raise FileProblem("xlsx_invalid") from exc
    finally:
        workbook.close()


def _rows(name: str, info: FileInfo) -> Iterator[list[str]]:
    """The records of a stored file, header included; `FileProblem` on bad input."""
    if info.format == "xlsx":
        return _xlsx_rows(name)
    return _csv_rows(name, info)


def _is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def header_names(cells: list[str]) -> list[str]:
    """Column names from the header row; blank ones become "Column N"."""
    names = []
    for index, cell in enumerate(cells, start=1):
        text = " ".join(cell.replace("\ufeff", "").split())
        names.append(text or str(_("Column %(number)d") % {"number": index}))
    return names


def inspect_file(name: str, *, filename: str, encoding: str = DETECT) -> Inspection:
    """Read the whole stored file once: its format, encoding, separator, header, row count.

    Raises `FileProblem` for anything that would stop an import half-way.
    """
    try:
        head = _head(name)
    except storage.StoredFileError as exc:
        raise FileProblem("missing") from exc
    if not head.strip():
        raise FileProblem("empty")
    file_format = detect_format(filename, head)
    if file_format == "csv":
        codec = detect_encoding(head, encoding)
        info = FileInfo(
            format="csv",
            encoding=codec,
            delimiter=sniff_delimiter(_decode_head(head, codec)),
            encoding_chosen=encoding not in ("", DETECT),
        )
    else:
        info = FileInfo(format="xlsx")
    header: list[str] | None = None
    header_row = 0
    total = 0
    sample: list[list[str]] = []
    number = 0
    for cells in _rows(name, info):
        number += 1
        if len(cells) > MAX_COLUMNS:
            raise FileProblem("too_many_columns", row=number, limit=MAX_COLUMNS)
        if cells and max(map(len, cells)) > MAX_CELL_CHARS:
            raise FileProblem("cell_too_long", row=number, limit=MAX_CELL_CHARS)
        if header is None:
            header_row += 1
            if not _is_blank(cells):
                header = header_names(cells)
            continue
        total += 1
        if len(sample) < _SAMPLE_ROWS:
            sample.append(cells)
    if header is None:
        raise FileProblem("empty")
    if total == 0:
        raise FileProblem("no_rows")
    return Inspection(
        info=info, header=header, header_row=header_row, total_rows=total, sample=sample
    )


def iter_row_blocks(
    name: str, info: FileInfo, *, skip: int = 0, size: int = 5000
) -> Iterator[list[list[str]]]:
    """The data rows of a stored file (after the header, blank rows included), in blocks of
    `size` (the last one shorter), leaving out the first `skip` data rows.

    The header is the first row with a non-blank cell, as in `inspect_file`.
    """
    if info.format == "xlsx":
        yield from _blocks_of(_xlsx_rows(name), skip=skip, size=size)
        return
    # The CSV reader itself is sliced into blocks (no generator in between per row).
    with storage.open_stored(name) as raw:
        text = io.TextIOWrapper(raw, encoding=info.encoding, errors="strict", newline="")
        reader = _csv_reader(text, info.delimiter)
        try:
            yield from _blocks_of(reader, skip=skip, size=size)
        except csv.Error as exc:
            raise _problem_from_csv_error(exc, reader.line_num) from exc
        except UnicodeDecodeError as exc:
            raise _problem_from_decoding(info, reader.line_num + 1) from exc


def _blocks_of(rows: Iterator[list[str]], *, skip: int, size: int) -> Iterator[list[list[str]]]:
    for cells in rows:
        if not _is_blank(cells):
            break
    for _skipped in islice(rows, skip):
        pass
    while block := list(islice(rows, size)):
        yield block
