"""The EPUB's cover image: a PDF -> its first page as PNG bytes (PDFium, Pillow).

A module of its own, importing nothing of the build, so that a worker process of the print stage
(:mod:`briefpress.printing.workers`, which has not imported the EPUB's modules) can make it while
this process verifies the PDF (:mod:`briefpress.pipeline`): the PNG's compression is most of the
EPUB stage's time.
"""

from __future__ import annotations

import io


def cover_png(pdf: bytes) -> bytes:
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=2).to_pil()
    finally:
        doc.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
