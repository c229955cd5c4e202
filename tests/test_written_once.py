"""Each numbered PDF object serialized once per write (printing/written_once.py): the same bytes as
pydyf's own writer, which serializes every object again to hash the file identifier."""
import collections
import threading

import pydyf
import pytest

from briefpress.printing import layout, written_once

from test_kept_layouts import _html, _pdf


@pytest.fixture(autouse=True)
def _fixed_font_dates(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # as test_kept_layouts: fontTools subsets dated by it


def _stock(monkeypatch) -> None:
    monkeypatch.setattr(pydyf.PDF, "write", written_once.ORIGINAL_WRITE)
    for cls, original in written_once.ORIGINAL_DATA.items():
        monkeypatch.setattr(cls, "data", original)


def _counting(monkeypatch) -> collections.Counter:
    """How often each numbered stream's bytes are made (pydyf's own serializer, counted)."""
    made = collections.Counter()
    original = written_once.ORIGINAL_DATA[pydyf.Stream].fget

    def counted(self):
        if self.number is not None:
            made[id(self)] += 1
        return original(self)

    monkeypatch.setitem(written_once.ORIGINAL_DATA, pydyf.Stream, property(counted))
    return made


def test_same_bytes_as_pydyfs_own_writer_with_every_stream_serialized_once(monkeypatch):
    layout.prepare()
    assert written_once.apply()
    html = _html()
    once = _pdf(html)
    with monkeypatch.context() as stock:
        _stock(stock)
        assert _pdf(html) == once
        made = _counting(stock)
        stock.setattr(pydyf.Stream, "data", written_once.ORIGINAL_DATA[pydyf.Stream])
        _pdf(html)
        # pydyf's own writer: each to write, then again to hash, but the cross-reference stream (made after)
        assert len(made) > 2 and sorted(made.values()) == [1] + [2] * (len(made) - 1)
    made = _counting(monkeypatch)
    monkeypatch.setattr(pydyf.Stream, "data", written_once._kept(written_once.ORIGINAL_DATA[pydyf.Stream]))
    assert _pdf(html) == once
    assert made and set(made.values()) == {1}


def test_only_the_pdfs_own_objects_are_kept_and_only_while_it_is_written(monkeypatch):
    import io
    assert written_once.apply()
    stream = pydyf.Stream([b"0 0 m"])
    stream.number = 7  # numbered, but no write under way: made each time
    assert stream.data == stream.data and getattr(written_once._writing, "objects", None) is None
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({"Type": "/Page", "MediaBox": pydyf.Array([0, 0, 10, 10])}))
    kept = []

    def watching(self, *args):
        result = ORIGINAL(self, *args)
        kept.append(dict(written_once._writing.objects))
        return result

    ORIGINAL = written_once.ORIGINAL_WRITE
    monkeypatch.setattr(written_once, "ORIGINAL_WRITE", watching)
    pdf.write(io.BytesIO(), b"1.7", b"id", True)
    assert kept and kept[0] and set(kept[0]) <= {id(o) for o in pdf.objects}  # a stream's own dictionary is not
    assert getattr(written_once._writing, "objects", None) is None  # let go once written


def test_a_write_in_another_thread_keeps_its_own():
    assert written_once.apply()
    import io
    outputs = []

    def write():
        pdf = pydyf.PDF()
        pdf.add_page(pydyf.Dictionary({"Type": "/Page", "MediaBox": pydyf.Array([0, 0, 10, 10])}))
        out = io.BytesIO()
        pdf.write(out, b"1.7", b"id", True)
        outputs.append(out.getvalue())

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(outputs)) == 1


def test_pydyfs_source_is_still_read_through_it():
    """compression.applies reads how pydyf compresses from Stream.data's source."""
    import inspect
    assert written_once.apply()
    assert "zlib.compressobj(level=9)" in inspect.getsource(pydyf.Stream.data.fget)


def test_another_pydyf_release_is_left_as_it_is(monkeypatch):
    _stock(monkeypatch)
    monkeypatch.setattr(pydyf, "__version__", "0.14.0")
    assert written_once.apply() is False
    assert pydyf.PDF.write is written_once.ORIGINAL_WRITE
    assert all(cls.data is original for cls, original in written_once.ORIGINAL_DATA.items())
