"""The collator reads DUCET lazily (locale/collation.py): its table equals pyuca's own, entry for entry."""
from pyuca import Collator

from briefpress.locale import collation


def _entries(node, key=()):
    if node.value:
        yield key, node.value
    for part, child in sorted((node.children or {}).items()):
        yield from _entries(child, key + (part,))


def test_the_lazy_table_is_pyucas_table():
    ours, theirs = collation._collator(), Collator()
    words = ["Ilazi", "Çeku", "Đorđević", "Љубић", "ﬁnal", "Ångström", "l·l", "中文", "a\u0301", "Ǆ"]
    assert [ours.sort_key(w) for w in words] == [theirs.sort_key(w) for w in words]
    expected = dict(_entries(theirs.table.root))
    assert len(expected) > 30000 and len(ours.table.entries) == len(expected)
    for key, weights in expected.items():  # every entry found, and the longest: as pyuca's trie finds it
        assert ours.table.find_prefix(list(key)) == theirs.table.find_prefix(list(key)) == (list(key), weights, [])
    assert ours.implicit_weights == theirs.implicit_weights


def test_the_longest_entry_that_starts_a_key_is_found():
    ours, theirs = collation._collator(), Collator()
    # L·L (a contraction of three), a letter with marks that have entries of their own, no entry at all
    for key in ([0x4C, 0xB7, 0x4C, 0x41], [0x61, 0x301, 0x302], [0xE000, 0x41], [0x41, 0x42], [0x10FFFF]):
        assert ours.table.find_prefix(key) == theirs.table.find_prefix(key)
