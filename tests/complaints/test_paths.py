"""The complaint page's URL segments come from the message catalogs."""

import polib

from complaints import paths


def test_segments_in_each_language_and_patterns_accept_all():
    assert paths.segment("track", "id") == "lacak" and paths.segment("track", "en") == "track"
    assert paths.segment("data", "id") == "data-pribadi" and paths.segment("data", "en") == "personal-data"
    assert paths.pattern("track") == "(?:lacak|track)"


def test_a_catalog_entry_gives_a_language_its_segment(tmp_path, settings):
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgid="track/", msgstr="lacak-laporan/"))
    (tmp_path / "su" / "LC_MESSAGES").mkdir(parents=True)
    catalog.save_as_mofile(str(tmp_path / "su" / "LC_MESSAGES" / "django.mo"))
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, tmp_path]
    settings.LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English"), ("su", "Basa Sunda")]
    paths._catalogs.cache_clear()
    try:
        assert paths.segment("track", "su") == "lacak-laporan"
        assert paths.segment("survey", "su") == "survey"  # not translated yet: the English segment
        assert paths.pattern("track") == "(?:lacak|track|lacak-laporan)"
    finally:
        paths._catalogs.cache_clear()
