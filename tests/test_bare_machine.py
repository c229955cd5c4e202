"""A machine with only the README's requirements: WeasyPrint's notices about the machine are one
info line, and the layout state stays in the output folder, never in the checkout."""
import json

from conftest import ROOT

from briefpress.verify import weasyprint_messages

NOTICE = "Using fontTools instead of HarfBuzz-Subset, HarfBuzz-Subset is not available"


def test_environment_notices_are_one_info_line_and_other_messages_errors_once():
    # Three layout parts each log the notice while writing; one part logs a real problem twice.
    found = weasyprint_messages((NOTICE, NOTICE, "Ignored `foo: bar` at 3:1, unknown property.", NOTICE,
                                 "Ignored `foo: bar` at 3:1, unknown property."))
    assert [(d.severity, d.code) for d in found] == [("info", "pdf.environment"), ("error", "pdf.weasyprint-warning")]
    assert "libharfbuzz-subset0" in found[0].message and "the PDF looks the same" in found[0].message
    assert found[1].message == "WeasyPrint: Ignored `foo: bar` at 3:1, unknown property."


def test_layout_state_is_kept_in_the_output_folder(built):
    out = built[0].outputs["pdf"].parent
    hints = json.loads((out / ".layout-hints.json").read_text())
    assert set(hints) == {"front", "parts"}
    assert not (out / ".layout-cache.json").exists()  # no layout cache: the WeasyPrint fix makes it needless
    assert out != ROOT / "build"
