"""The provider wrapper, with deep-translator's real LibreTranslator talking to a local server."""

import pytest
from deep_translator import DeeplTranslator

from cms.machine_translation import service
from cms.machine_translation.glossary import protect, restore

from .libre_server import fake_translate

pytestmark = pytest.mark.django_db


def test_texts_are_translated_in_one_request_with_the_text_in_the_body(libre):
    texts = ["Selamat datang di Kota Bogor", "Jalan kaki", "  Warga dan sampah\n", "2024", ""]
    result = service.translate(texts, terms=[])
    assert result.ok
    assert result.texts == ["WELCOME COME IN CITY BOGOR", "STREET KAKI", "  RESIDENTS AND RUBBISH\n", "2024", ""]
    # Three texts with words, packed into one request; numbers and blanks are not sent at all.
    assert len(libre.requests) == 1
    request = libre.requests[0]
    assert request["source"] == "id" and request["target"] == "en" and request["api_key"] == "test-key"
    # Nothing of the text in the URL (it would land in the server's access log).
    assert request["query"] == ""


def test_long_text_is_split_within_the_limit_and_joined_back(libre, settings):
    settings.TRANSLATION_MAX_CHARS = 300
    paragraph = " ".join(["Warga Kota Bogor membuang sampah di tempatnya. Jalan harus bersih."] * 6)
    text = "\n\n".join([paragraph] * 5) + "\n" + "x" * 700  # paragraphs, and one word longer than the limit
    result = service.translate([text], terms=[])
    assert result.ok
    assert result.texts == [fake_translate(text)]
    assert len(libre.requests) > 5
    assert all(request["size"] <= 300 for request in libre.requests)


def test_a_server_with_its_own_limit_never_sees_a_longer_text(libre, settings):
    libre.char_limit = 500
    settings.TRANSLATION_MAX_CHARS = 500
    text = "Sampah di jalan kota. " * 200
    result = service.translate([text], terms=[])
    assert result.ok and result.texts[0] == fake_translate(text)
    assert max(r["size"] for r in libre.requests) <= 500


@pytest.mark.parametrize("mode,error", [("error", "unavailable"), ("refuse", "refused")])
def test_provider_errors_become_results(libre, mode, error):
    libre.mode = mode
    result = service.translate(["Selamat datang"], terms=[])
    assert not result.ok and result.error == error and result.retry
    assert result.texts is None and str(result.message)


def test_a_server_that_is_down_is_a_result_not_an_exception(provider_down):
    result = service.translate(["Selamat datang"], terms=[])
    assert result.error == "unavailable" and result.retry


def test_a_slow_server_times_out(libre, settings):
    settings.TRANSLATION_TIMEOUT = 0.3
    libre.mode, libre.delay = "slow", 1.5
    result = service.translate(["Selamat datang"], terms=[])
    assert result.error == "unavailable"


def test_switched_off_and_misconfigured(settings):
    settings.TRANSLATION_PROVIDER = "none"
    assert service.translate(["Selamat"]).error == "disabled"
    settings.TRANSLATION_PROVIDER, settings.TRANSLATION_BASE_URL = "libre", ""
    result = service.translate(["Selamat"])
    assert result.error == "misconfigured" and not result.retry


def test_glossary_terms_survive(libre):
    terms = [("Kebun Raya Bogor", "Bogor Botanic Gardens"), ("angkot", ""), ("Balai Kota", "City Hall")]
    result = service.translate(["Naik angkot dari Balai Kota ke Kebun Raya Bogor, lalu kebun raya lagi."], terms=terms)
    assert result.texts == ["NAIK angkot DARI City Hall KE Bogor Botanic Gardens, LALU GARDEN GREAT LAGI."]
    # The provider saw placeholders, not the terms.
    sent = libre.requests[0]["q"]
    assert "Kebun" not in sent and "angkot" not in sent and "XGLO" in sent


def test_glossary_uses_the_editors_snippets(libre):
    from cms.machine_translation.models import GlossaryTerm

    assert GlossaryTerm.objects.filter(term="Kebun Raya Bogor", translation="Bogor Botanic Gardens").exists()
    GlossaryTerm.objects.create(term="Mal Pelayanan Publik", translation="Public Service Mall")
    result = service.translate(["Di Mal Pelayanan Publik dan Kebun Raya Bogor ada angkot"])
    assert result.texts == ["IN Public Service Mall AND Bogor Botanic Gardens THERE IS angkot"]


def test_glossary_tokens_tolerate_a_provider_that_changes_case_and_spacing():
    text, mapping = protect("ke Balai Kota", [("Balai Kota", "City Hall")])
    assert restore(text.replace("XGLO0X", "xglo 0 x").upper().replace("XGLO 0 X", "xglo 0 x"), mapping) == \
        ("KE City Hall", 0)
    assert restore("the token vanished", mapping) == ("the token vanished", 1)


def test_deepl_is_called_as_deepl_requires_today(libre_server, settings):
    """deep-translator's DeepL client sends the key in the URL with GET; the transport turns that
    into a POST with the key in the Authorization header and EN-GB as the target."""
    libre_server.reset()
    settings.TRANSLATION_PROVIDER, settings.TRANSLATION_API_KEY = "deepl", "secret:fx"
    client = DeeplTranslator(source="id", target="en", api_key="secret:fx", use_free_api=True)
    client._base_url = libre_server.url + "/v2/"  # the local stand-in instead of api-free.deepl.com
    result = service.Translator("id", "en", terms=[], client=client).translate(["Selamat datang"])
    assert result.ok and result.texts == ["WELCOME COME"]
    request = libre_server.requests[0]
    assert request["auth"] == "DeepL-Auth-Key secret:fx" and request["query"] == ""
    assert request["form"]["target_lang"] == "EN-GB" and "auth_key" not in request["form"]
