"""A loop of links is named as one on every Python (3.13's Path.resolve() returns it as written)."""

import os

from briefpress.paths import loops, resolved


def test_a_loop_of_links_is_told_from_a_missing_file(tmp_path):
    os.symlink("self.md", tmp_path / "self.md")
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    (tmp_path / "real.md").write_text("# Real\n")
    os.symlink("real.md", tmp_path / "link.md")
    assert loops(tmp_path / "self.md") and loops(tmp_path / "a")
    assert loops(tmp_path / "a" / "chapter.md")  # a loop among the folders on the way
    assert not loops(tmp_path / "missing.md") and not loops(tmp_path / "real.md") and not loops(tmp_path / "link.md")
    assert resolved(tmp_path / "a") is None and resolved(tmp_path / "self.md") is None
    assert resolved(tmp_path / "link.md") == (tmp_path / "real.md").resolve()
