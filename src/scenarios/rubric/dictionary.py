"""simplemma's word lists, opened in milliseconds: a block index over its stream, kept in the cache folder.

simplemma ships each language's forms and lemmas as one front-coded stream (sorted keys, each stored as
the bytes it does not share with the key before it). Reading it into a dict costs seconds and 400 MB for
Finnish (3.5 million forms), and simplemma's own low-memory reader walks the whole stream once at every
start to find where each block of 32 records begins. Here that walk is done once per simplemma version: the
decompressed stream and where every block begins are written to one file in the cache folder, which later
sessions map into memory and look words up in by bisection, decoding only one block per word.
"""

from __future__ import annotations

import array
import hashlib
import mmap
import os
import struct
import tempfile
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from importlib.metadata import version
from pathlib import Path
from typing import cast

from simplemma.strategies.dictionaries import frontcode
from simplemma.strategies.dictionaries.dictionary_factory import (
    CachingDictionaryFactory,
    DecodedStrMapping,
    _read_decompressed,
)

BLOCK = 32
"""Records per block: a look-up decodes half this many on average, and the index holds one key per block."""
_MAGIC = b"SCNLEMMA2\n"
_HEAD = struct.Struct("<IIII")  # blocks, index bytes, stream bytes, reversed keys


class IndexedStream(DecodedStrMapping):
    """One language's forms → lemmas, looked up in simplemma's stream through a block index."""

    __slots__ = ("_data", "_index")

    def __init__(self, data: bytes | mmap.mmap, index: _Index) -> None:
        # simplemma's reader indexes and slices its stream; a mapped file does both as bytes do.
        self._data = cast(bytes, data)
        self._index = index

    def _lookup(self, key: str) -> str | None:
        index = self._index
        target = key.encode()
        if index.reverse:
            target = target[::-1]
        block = bisect_right(index.firsts, target) - 1
        if block < 0:
            return None
        seeds = (index.seed_keys[block], index.seed_values[block])
        for _, stored_key, stored_value in frontcode._iter_records(self._data, index.offsets[block], *seeds):
            if stored_key == target:
                return (stored_value[::-1] if index.reverse else stored_value).decode()
            if stored_key > target:
                return None
        return None

    def __iter__(self) -> Iterator[str]:
        index = self._index
        for _, stored_key, _ in frontcode._iter_records(self._data, index.offsets[0] if index.offsets else 0):
            yield (stored_key[::-1] if index.reverse else stored_key).decode()

    def __len__(self) -> int:
        return self._index.count


class _Index:
    """Where each block of the stream begins, with the key and value its first record is coded against."""

    __slots__ = ("count", "firsts", "offsets", "reverse", "seed_keys", "seed_values")

    def __init__(
        self,
        reverse: bool,
        count: int,
        offsets: array.array[int],
        firsts: list[bytes],
        seed_keys: list[bytes],
        seed_values: list[bytes],
    ) -> None:
        self.reverse, self.count, self.offsets = reverse, count, offsets
        self.firsts, self.seed_keys, self.seed_values = firsts, seed_keys, seed_values

    @classmethod
    def walk(cls, data: bytes) -> _Index:
        """The index of a decompressed stream: one pass over every record (the slow part, done once)."""
        reverse, count, start = frontcode._read_header(data)
        offsets = array.array("I")
        firsts: list[bytes] = []
        seed_keys: list[bytes] = []
        seed_values: list[bytes] = []
        previous_key, previous_value = b"", b""
        number = -1
        for number, (record_start, key, value) in enumerate(frontcode._iter_records(data, start)):
            if number % BLOCK == 0:
                offsets.append(record_start)
                firsts.append(key)
                seed_keys.append(previous_key)
                seed_values.append(previous_value)
            previous_key, previous_value = key, value
        if number + 1 != count:
            raise ValueError("the word list is cut short")
        return cls(reverse, count, offsets, firsts, seed_keys, seed_values)

    def pack(self, before: int) -> bytes:
        """The index as bytes: the offsets (moved by where the stream will begin in the file: `before` plus the
        index itself), then the first keys, seed keys and seed values, each joined by NUL (no word holds one),
        so reading them back is three splits and no loop."""
        blobs = [b"\0".join(items) for items in (self.firsts, self.seed_keys, self.seed_values)]
        if any(b"\0" in item for items in (self.firsts, self.seed_keys, self.seed_values) for item in items):
            raise ValueError("a word holds NUL")
        size = 16 + 4 * len(self.offsets) + sum(len(blob) for blob in blobs)
        moved = array.array("I", (offset + before + size for offset in self.offsets))
        sizes = struct.pack("<IIII", self.count, *(len(blob) for blob in blobs))
        return sizes + moved.tobytes() + b"".join(blobs)

    @classmethod
    def unpack(cls, raw: bytes, blocks: int, reverse: bool) -> _Index:
        """The index `pack` wrote."""
        count, *sizes = struct.unpack_from("<IIII", raw, 0)
        position = 16
        offsets = array.array("I")
        offsets.frombytes(raw[position : position + 4 * blocks])
        position += 4 * blocks
        lists: list[list[bytes]] = []
        for size in sizes:
            lists.append(raw[position : position + size].split(b"\0") if blocks else [])
            position += size
        if any(len(items) != blocks for items in lists):
            raise ValueError("a damaged index")
        return cls(reverse, count, offsets, *lists)


def cache_name(language: str) -> str:
    """The cache file of a language's index, named after the simplemma version whose data it indexes."""
    tag = hashlib.sha256(version("simplemma").encode()).hexdigest()[:12]
    return f"lemmas-{language}-{tag}.idx"


def open_language(language: str, folder: Path | None) -> IndexedStream:
    """A language's word list from the cache in `folder`, built there first when missing or damaged
    (in memory only when `folder` is None or cannot be written)."""
    if folder is not None:
        try:
            return _read_cache(folder / cache_name(language))
        except (OSError, ValueError, struct.error):
            pass
    data = _read_decompressed(language)
    index = _Index.walk(data)
    if folder is not None:
        try:
            _write_cache(folder / cache_name(language), data, index)
        except OSError:
            pass  # a read-only or full disk: the next session walks the list again
    return IndexedStream(data, index)


def _read_cache(path: Path) -> IndexedStream:
    with open(path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if mapped[: len(_MAGIC)] != _MAGIC:
        raise ValueError("not an index")
    blocks, index_size, stream_size, reverse = _HEAD.unpack_from(mapped, len(_MAGIC))
    start = len(_MAGIC) + _HEAD.size
    base = start + index_size
    if base + stream_size != len(mapped):
        raise ValueError("a cut index")
    index = _Index.unpack(mapped[start:base], blocks, bool(reverse))
    return IndexedStream(mapped, index)


def _write_cache(path: Path, data: bytes, index: _Index) -> None:
    """The header, the index and the stream, written whole or not at all."""
    packed = index.pack(len(_MAGIC) + _HEAD.size)
    head = _MAGIC + _HEAD.pack(len(index.firsts), len(packed), len(data), int(index.reverse))
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(head)
            handle.write(packed)
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class IndexedDictionaryFactory(CachingDictionaryFactory):
    """simplemma's `DictionaryFactory` over the indexed word lists, cached in `folder`."""

    __slots__ = ("_folder",)

    def __init__(self, folder: Path | None) -> None:
        super().__init__(cache_max_size=4)
        self._folder = folder

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        return open_language(lang, self._folder)
