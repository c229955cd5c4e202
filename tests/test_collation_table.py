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
    mine = dict(_entries(ours.table.root))
    for key in mine:  # every entry's weights parsed, as a lookup of it parses them
        ours.table.find_prefix(list(key))
    assert dict(_entries(ours.table.root)) == dict(_entries(theirs.table.root))
    assert len(mine) > 30000 and ours.implicit_weights == theirs.implicit_weights
