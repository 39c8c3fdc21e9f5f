"""Reading untrusted .xlsx uploads within bounds, so that no file can take a process down.

A 1.5 KB workbook with one cell at XFD1048576 made the spreadsheet reader allocate a dense grid of
17 billion cells (512 GB: SIGABRT, the background worker gone); a 10.8 MB deflate bomb held it five
minutes at 1.9 GB. Before any cell is read:

1. the archive is checked from its directory: total unpacked size, and the packing ratio of each
   member (a deflate bomb packs a thousand to one; real workbooks well under a hundred);
2. every worksheet's XML is scanned as a stream for the cells that hold a value: their last row and
   column bound the grid the reader will build (rows, columns and rows × columns are capped);

then the reader (python-calamine) builds a grid of at most `MAX_CELLS`, and every text longer than
`MAX_CELL_CHARS` is refused. With `isolated=True` (web uploads) the reading happens in a child
process with a memory, CPU and wall-clock limit: whatever slips through kills the child, never the
worker, and the upload is refused with a Chinese message. Limits are refused with `WorkbookError`.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any

from .errors import DomainError

MAX_UNPACKED = 400 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 100  # unpacked / packed, per member larger than RATIO_FROM
RATIO_FROM = 64 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELLS = 6_000_000  # the grid anchored at A1: last row × last column
MAX_CELL_CHARS = 2000
# The child process (isolated reading).
MEMORY_BYTES = 2 * 1024 * 1024 * 1024
CPU_SECONDS = 150
WALL_SECONDS = 180

UNREADABLE = "无法读取该文件，请上传 .xlsx 格式的文件"
TOO_BIG = "文件过大或过于复杂，无法在限定的资源内读取；请删除多余的工作表、行和列后另存为 .xlsx 再上传"


class WorkbookError(DomainError):
    """The file cannot be read, or is beyond the limits; `message` says why, in Chinese."""


@dataclass(frozen=True)
class Extent:
    rows: int = 0
    columns: int = 0


def column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---------------------------------------------------------------- 1. the archive's directory


def _check_directory(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise WorkbookError(TOO_BIG)
    for member in members:
        if member.file_size > RATIO_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise WorkbookError(f"{TOO_BIG}（压缩比异常：{member.filename}）")


# ---------------------------------------------------------------- 2. the cells that hold a value

# `<c r="B7" …>` opens a cell with content (a value, an inline string or a formula); `<c … />` is
# an empty, merely formatted cell. Some generators prefix the tags (`<x:c …>`): the prefix is read
# from the root element. Both patterns start with a literal and run at C speed (findall); Python
# only takes the maximum of what they found.
ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet\b")
CHUNK = 4 * 1024 * 1024


@lru_cache(maxsize=8)
def _patterns(prefix: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    tag = b"<" + (re.escape(prefix) + b":" if prefix else b"") + b"c\\b"
    valued = re.compile(tag + rb"[^>]*(?<!/)>")
    valued_ref = re.compile(tag + rb'[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>')
    return valued, valued_ref


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """The stream in pieces that end at a tag boundary (a tag is never split between two)."""
    tail = b""
    while block := stream.read(CHUNK):
        data = tail + block
        cut = max(data.rfind(b"<"), 0)
        tail, data = data[cut:], data[:cut]
        if len(tail) > CHUNK:  # a long text after the last tag: keep the tag, drop the text
            end = tail.find(b">")
            if end < 0:  # no tag is that long: not a worksheet
                raise WorkbookError(UNREADABLE)
            data, tail = data + tail[: end + 1], b""
        yield data
    yield tail


def scan_extent(stream: IO[bytes]) -> Extent:
    """Last row and column holding a value, from a worksheet's XML, read once as a stream."""
    rows = columns = 0
    patterns = None
    for data in _chunks(stream):
        if patterns is None:
            root = ROOT.search(data)
            patterns = _patterns(root.group(1) or b"" if root else b"")
        valued, valued_ref = patterns
        refs = valued_ref.findall(data)
        if len(refs) != len(valued.findall(data)):  # positions implied by order: not supported
            raise WorkbookError(f"{UNREADABLE}（单元格缺少位置信息）")
        if not refs:
            continue
        letters, numbers = zip(*refs, strict=True)
        last_row = max(map(int, numbers))
        last_column = max(column_number(c.decode()) for c in set(letters))
        rows, columns = max(rows, last_row), max(columns, last_column)
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            raise WorkbookError(
                f"工作表中第{rows}行、第{columns}列（{column_letters(columns)}列）有内容，超出可导入的范围"
                f"（最多{MAX_ROWS}行、{MAX_COLUMNS}列）；请删除多余的行和列后再上传"
            )
    if rows * columns > MAX_CELLS:
        raise WorkbookError(TOO_BIG)
    return Extent(rows, columns)


def check_archive(data: bytes) -> None:
    """Refuse, before reading any cell, a file whose grid or unpacked size is beyond the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookError(UNREADABLE) from exc
    with archive:
        _check_directory(archive)
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                try:
                    with archive.open(name) as stream:
                        scan_extent(stream)
                except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
                    raise WorkbookError(UNREADABLE) from exc


# ---------------------------------------------------------------- 3. reading the cells


def _check_lengths(name: str, grid: list[list[Any]]) -> None:
    for row_number, row in enumerate(grid, start=1):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                where = f"{column_letters(column)}{row_number}"
                raise WorkbookError(f"工作表“{name}”{where} 单元格内容过长（{len(value)}字，最多{MAX_CELL_CHARS}字）")


def _read(data: bytes, names: list[str] | None) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    check_archive(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        wanted = [n for n in book.sheet_names if names is None or n in names]
        sheets = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wanted}
    except BaseException as exc:  # calamine raises several types (and pyo3 panics) for broken files
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise WorkbookError(UNREADABLE) from exc
    for name, grid in sheets.items():
        _check_lengths(name, grid)
    return sheets


def read_sheets(data: bytes, names: list[str] | None = None, *, isolated: bool = False) -> dict[str, list[list[Any]]]:
    """The sheets `names` (all when None) as rows of values anchored at A1, in workbook order.

    Raises WorkbookError. `isolated=True` reads in a child process under resource limits.
    """
    if not isolated:
        return _read(data, names)
    return _read_in_child(data, names)


def first_sheet(data: bytes) -> list[list[Any]]:
    """The first sheet of an uploaded (untrusted) workbook, read in a child process under limits."""
    return next(iter(read_sheets(data, isolated=True).values()), [])


# ---------------------------------------------------------------- the child process


def _child(connection: Any, data: bytes, names: list[str] | None, memory: int, cpu: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    try:
        connection.send(("ok", _read(data, names)))
    except WorkbookError as exc:
        connection.send(("refused", exc.message))
    except MemoryError:
        connection.send(("refused", TOO_BIG))
    finally:
        connection.close()


def _read_in_child(
    data: bytes,
    names: list[str] | None,
    *,
    memory: int = MEMORY_BYTES,
    cpu: int = CPU_SECONDS,
    wall: int = WALL_SECONDS,
) -> dict[str, list[list[Any]]]:
    import multiprocessing

    # spawn: a fresh interpreter (no copy of the worker's threads, connections or memory).
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, data, names, memory, cpu), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(wall):
            raise WorkbookError(TOO_BIG)
        status, payload = receiver.recv()
    except (EOFError, OSError) as exc:  # the child died: out of memory or CPU, or a crash
        raise WorkbookError(TOO_BIG) from exc
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
    if status != "ok":
        raise WorkbookError(payload)
    return payload  # type: ignore[no-any-return]
