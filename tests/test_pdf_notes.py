from briefpress.pdf import block_holding, separated_notes


def test_separated_notes():
    anchors = {"fnref-1": 3, "fn-1": 3, "fnref-2": 4, "fn-2": 5, "fn-10": 7, "fnref-10": 7}
    assert separated_notes(anchors) == [2]


def test_break_goes_on_the_block_that_holds_the_call():
    html = '<p id="b1">one</p><ol><li id="b2">two <a class="note-ref" id="fnref-2"></a></li></ol>'
    assert block_holding(html, 2) == "b2"
    assert block_holding(html, 9) is None
