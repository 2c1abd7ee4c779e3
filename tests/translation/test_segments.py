"""Rich text and StreamField: only text is translated, the structure comes back identical."""

import pytest

from cms.blocks import BodyBlock
from cms.machine_translation import segments

from .libre_server import fake_translate

RICH = ('<h2>Jalan ke <b>Kebun Raya</b></h2><p>Warga &amp; <i>sampah</i>: '
        '<a linktype="page" id="12">halaman kota</a> dan <a href="https://example.org/a?b=1&amp;c=2">jalan</a>.</p>'
        '<ul><li>Kota</li><li>Warga <b>kota</b></li></ul>'
        '<embed embedtype="image" format="left" id="7" alt="Kebun"/><p data-x="a > b">Sampah</p>')


def tags(html):
    return [piece for is_text, piece in segments.split_html(html) if not is_text]


def test_rich_text_keeps_every_tag_and_link():
    out = segments.translate_html(RICH, fake_translate)
    assert tags(out) == tags(RICH)
    assert '<a linktype="page" id="12">CITY CITY</a>' not in out  # (sanity: the map is word by word)
    assert '<a linktype="page" id="12">PAGE CITY</a>' in out
    assert '<a href="https://example.org/a?b=1&amp;c=2">STREET</a>' in out
    assert "RESIDENTS &amp; <i>RUBBISH</i>: " in out  # entities decoded for the provider, escaped again
    assert '<embed embedtype="image" format="left" id="7" alt="Kebun"/>' in out
    assert "<li>RESIDENTS <b>CITY</b></li>" in out


def body():
    return [
        {"type": "heading", "id": "h1", "value": {"text": "Selamat datang", "level": "h2"}},
        {"type": "paragraph", "id": "p1", "value": RICH},
        {"type": "image", "id": "i1", "value": {"image": {"image": 3, "decorative": False, "alt_text": "Kebun kota"},
                                                "caption": "Kebun di kota"}},
        {"type": "quote", "id": "q1", "value": {"quote": "Kota dan warga", "attribution": "Warga"}},
        {"type": "cta", "id": "c1", "value": {"text": "Pengaduan", "page": 5, "url": "https://kotabogor.go.id/jalan"}},
        {"type": "table", "id": "t1", "value": {"data": [["Hari", "Jam"], ["Senin", "08.00"], [None, "<b>Kota</b>"]],
                                                "first_row_is_table_header": True, "table_caption": "Jam kota"}},
        {"type": "embed", "id": "e1", "value": "https://www.youtube.com/watch?v=kota"},
    ]


def test_streamfield_structure_survives_and_only_text_is_translated():
    block = BodyBlock()
    before = body()
    after = segments.translate_stream(block, before, fake_translate)
    assert segments.structure(block, after) == segments.structure(block, before)
    assert [item["id"] for item in after] == [item["id"] for item in before]
    by_id = {item["id"]: item["value"] for item in after}
    assert by_id["h1"] == {"text": "WELCOME COME", "level": "h2"}
    assert by_id["i1"] == {"image": {"image": 3, "decorative": False, "alt_text": "GARDEN CITY"},
                           "caption": "GARDEN IN CITY"}
    assert by_id["q1"] == {"quote": "CITY AND RESIDENTS", "attribution": "RESIDENTS"}
    assert by_id["c1"] == {"text": "COMPLAINT", "page": 5, "url": "https://kotabogor.go.id/jalan"}
    assert by_id["t1"]["data"] == [["HARI", "JAM"], ["SENIN", "08.00"], [None, "<b>CITY</b>"]]
    assert by_id["t1"]["table_caption"] == "JAM CITY" and by_id["t1"]["first_row_is_table_header"] is True
    assert by_id["e1"] == "https://www.youtube.com/watch?v=kota"
    # The value is one Wagtail accepts as it is.
    assert len(block.to_python(after)) == len(before)


@pytest.mark.parametrize("html", ["", "<p></p>", "<p>2024</p>", "<p>&nbsp;</p>"])
def test_nothing_to_translate_is_left_alone(html):
    calls = []
    assert segments.translate_html(html, lambda text: calls.append(text) or text) == html
    assert calls == []
