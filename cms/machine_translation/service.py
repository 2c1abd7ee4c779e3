"""deep-translator, wrapped so that it is safe to call from a background task.

deep-translator calls `requests` with no timeout, lets connection errors escape as raw
`requests` exceptions, puts LibreTranslate's text in the query string (so it lands in access
logs), talks to DeepL with an auth method DeepL has retired, and sends one request per text.
Here every call goes through a transport with timeouts that moves text into the request body,
every failure becomes a `Result` the caller can act on, long texts are split within the
provider's limit and short ones packed into one request.

Providers (settings.TRANSLATION_PROVIDER): google (default), libre (self-hosted LibreTranslate:
TRANSLATION_BASE_URL, TRANSLATION_API_KEY), microsoft (TRANSLATION_API_KEY, TRANSLATION_REGION),
deepl (TRANSLATION_API_KEY; a key ending in ":fx" uses the free API), none (nothing is sent).
"""

import logging
import re
import threading
from dataclasses import dataclass, field

import requests
from deep_translator import DeeplTranslator, GoogleTranslator, LibreTranslator, MicrosoftTranslator
from deep_translator import deepl as dt_deepl
from deep_translator import exceptions as dt
from deep_translator import google as dt_google
from deep_translator import libre as dt_libre
from deep_translator import microsoft as dt_microsoft
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import glossary as glossary_mod

logger = logging.getLogger(__name__)

# Characters per request. Google's web endpoint refuses more than 5,000 (and the text travels in
# the URL); LibreTranslate instances commonly cap at 5,000; Microsoft takes 50,000 per request,
# DeepL 128 KiB. TRANSLATION_MAX_CHARS lowers the cap (e.g. for a small self-hosted server).
PROVIDER_MAX_CHARS = {"google": 4500, "libre": 5000, "microsoft": 10000, "deepl": 30000, "none": 5000}
# Short texts are packed into one request, one per line, up to this many.
MAX_PACKED = 40


class ProviderUnreachable(Exception):
    """Raised by the transport instead of a raw `requests` exception (timeouts, refused connections).

    Not an OSError, so deep-translator's own `except ConnectionError` does not swallow it."""


class BadAnswer(Exception):
    pass


_local = threading.local()


def _session():
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session


class Transport:
    """Stands in for the `requests` module inside one deep_translator module."""

    def __init__(self, rewrite=None):
        self._rewrite = rewrite

    def __getattr__(self, name):  # requests.exceptions and the like
        return getattr(requests, name)

    def request(self, method, url, **kwargs):
        if self._rewrite:
            method, url, kwargs = self._rewrite(method, url, kwargs)
        kwargs["timeout"] = (settings.TRANSLATION_CONNECT_TIMEOUT, settings.TRANSLATION_TIMEOUT)
        try:
            return _session().request(method, url, **kwargs)
        except requests.RequestException as error:
            raise ProviderUnreachable(type(error).__name__) from None

    def get(self, url, params=None, **kwargs):
        return self.request("GET", url, params=params, **kwargs)

    def post(self, url, params=None, **kwargs):
        return self.request("POST", url, params=params, **kwargs)


def libre_rewrite(method, url, kwargs):
    # LibreTranslate reads form fields from the body as well: keep the text out of the URL.
    if method == "POST" and kwargs.get("params"):
        kwargs["data"], kwargs["params"] = kwargs.pop("params"), None
    return method, url, kwargs


def deepl_rewrite(method, url, kwargs):
    # DeepL no longer accepts the key as a query parameter nor GET requests: send the key in the
    # Authorization header and the text in a POST body. Plain "EN" is deprecated as a target.
    params = dict(kwargs.pop("params", None) or {})
    key = params.pop("auth_key", "")
    if params.get("target_lang", "").lower() == "en":
        params["target_lang"] = "EN-GB"
    headers = dict(kwargs.pop("headers", None) or {})
    headers["Authorization"] = f"DeepL-Auth-Key {key}"
    kwargs.update(data=params, headers=headers)
    return "POST", url, kwargs


# Each provider's module calls `requests` through this transport (installed by cms.patches).
TRANSPORTS = {dt_libre: Transport(libre_rewrite), dt_deepl: Transport(deepl_rewrite),
              dt_google: Transport(), dt_microsoft: Transport()}

UNAVAILABLE = (ProviderUnreachable, dt.ServerException, dt.RequestError, dt.TooManyRequests, dt.TranslationNotFound)
REFUSED = (dt.AuthorizationException, dt.ApiKeyException, dt.MicrosoftAPIerror, dt.LanguageNotSupportedException,
           dt.InvalidSourceOrTargetLanguage, dt.NotValidPayload, dt.NotValidLength)

MESSAGES = {
    "disabled": _("Machine translation is switched off on this site."),
    "misconfigured": _("Machine translation is not set up correctly (provider, address or key)."),
    "unavailable": _("The translation service did not answer. The page is unchanged; it will be tried again later."),
    "refused": _("The translation service refused the request (key, quota or language). It will be tried again later."),
    "bad_answer": _("The translation service gave an unusable answer. It will be tried again later."),
}


@dataclass
class Result:
    texts: list | None = None
    error: str = ""
    requests: int = 0
    glossary_lost: int = 0  # placeholders the provider dropped (the term then stays untranslated)
    extra: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.error

    @property
    def retry(self):
        return self.error in ("unavailable", "refused", "bad_answer")

    @property
    def message(self):
        return MESSAGES.get(self.error, "")


def is_enabled():
    return settings.TRANSLATION_PROVIDER != "none"


def max_chars():
    provider = settings.TRANSLATION_PROVIDER
    limit = PROVIDER_MAX_CHARS.get(provider, 5000)
    if settings.TRANSLATION_MAX_CHARS:
        limit = min(limit, settings.TRANSLATION_MAX_CHARS)
    return limit


class Misconfigured(Exception):
    pass


def make_client(source, target):
    provider = settings.TRANSLATION_PROVIDER
    key = settings.TRANSLATION_API_KEY
    if provider == "google":
        return GoogleTranslator(source=source, target=target)
    if provider == "libre":
        url = settings.TRANSLATION_BASE_URL
        if not url:
            raise Misconfigured("TRANSLATION_BASE_URL")
        # deep-translator wants a trailing slash, and a key even for a server that needs none.
        return LibreTranslator(source=source, target=target, api_key=key or "none",
                               custom_url=url if url.endswith("/") else url + "/")
    if provider == "microsoft":
        return MicrosoftTranslator(source=source, target=target, api_key=key,
                                   region=settings.TRANSLATION_REGION or None)
    if provider == "deepl":
        return DeeplTranslator(source=source, target=target, api_key=key, use_free_api=key.endswith(":fx"))
    raise Misconfigured(provider)


_WS = re.compile(r"^(\s*)(.*?)(\s*)$", re.S)
_HAS_WORDS = re.compile(r"[^\W\d_]", re.U)


def needs_translation(text):
    return bool(text) and bool(_HAS_WORDS.search(text))


def split_text(text, limit):
    """Cut `text` into pieces of at most `limit` characters whose concatenation is `text`,
    at paragraph, line, sentence or word boundaries when it can."""
    if len(text) <= limit:
        return [text]
    for pattern in (r"\n\s*\n", r"\n", r"(?<=[.!?;:])\s+", r"\s+"):
        parts = re.split(f"({pattern})", text)
        if len(parts) > 1:
            break
    else:
        return [text[i:i + limit] for i in range(0, len(text), limit)]
    chunks, current = [], ""
    for part in parts:
        if len(current) + len(part) <= limit:
            current += part
            continue
        if current:
            chunks.append(current)
        if len(part) > limit:
            pieces = split_text(part, limit)
            chunks.extend(pieces[:-1])
            current = pieces[-1]
        else:
            current = part
    if current:
        chunks.append(current)
    return chunks


class Translator:
    """Translate many texts with one provider, in as few requests as the limits allow."""

    def __init__(self, source="id", target="en", terms=None, client=None):
        self.source, self.target = source, target
        self.terms = glossary_mod.active_terms() if terms is None else terms
        self.limit = max_chars()
        self.client = client
        self.requests = 0
        self.glossary_lost = 0

    def _call(self, text):
        self.requests += 1
        out = self.client.translate(text)
        if out is None:  # deep-translator's Google client returns None when the text comes back unchanged
            return text
        if not isinstance(out, str):
            raise BadAnswer(type(out).__name__)
        return out

    def _one(self, core):
        """Translate a stripped text of any length (split when over the limit)."""
        if len(core) <= self.limit:
            return self._call(core)
        out = []
        for chunk in split_text(core, self.limit):
            lead, inner, trail = _WS.match(chunk).groups()
            out.append(lead + (self._call(inner) if needs_translation(inner) else inner) + trail)
        return "".join(out)

    def _packed(self, cores):
        if len(cores) == 1:
            return [self._call(cores[0])]
        lines = self._call("\n".join(cores)).split("\n")
        lines = [line for line in lines if line.strip()]
        if len(lines) != len(cores):  # the provider merged or split lines: one request each instead
            return [self._call(core) for core in cores]
        return [line.strip() for line in lines]

    def translate(self, texts):
        """Translate a list of texts. Returns a Result whose `texts` match the input one to one."""
        if not is_enabled():
            return Result(error="disabled")
        try:
            if self.client is None:
                self.client = make_client(self.source, self.target)
        except Misconfigured:
            return Result(error="misconfigured")
        except Exception as error:  # the client may call the provider when it is made (Microsoft)
            return self._failure(error)
        try:
            done = self._translate(texts)
        except Exception as error:
            return self._failure(error)
        return Result(texts=[done.get(text, text) for text in texts], requests=self.requests,
                      glossary_lost=self.glossary_lost)

    def _failure(self, error):
        if isinstance(error, UNAVAILABLE):
            code = "unavailable"
        elif isinstance(error, REFUSED):
            code = "refused"
        else:
            code = "bad_answer"
        # The error's type only: messages may quote the text being translated.
        logger.warning("Machine translation failed (%s, %s): %s", settings.TRANSLATION_PROVIDER, code,
                       type(error).__name__)
        return Result(error=code, requests=self.requests, extra={"exception": type(error).__name__})

    def _translate(self, texts):
        done, pack, size = {}, [], 0
        protected = {}
        for text in dict.fromkeys(texts):
            if not needs_translation(text):
                continue
            lead, core, trail = _WS.match(text).groups()
            core, mapping = glossary_mod.protect(core, self.terms, self.source)
            protected[text] = (lead, core, trail, mapping)
        order = list(protected)
        results = {}

        def flush():
            nonlocal pack, size
            if pack:
                for text, out in zip(pack, self._packed([protected[t][1] for t in pack]), strict=False):
                    results[text] = out
            pack, size = [], 0

        for text in order:
            core = protected[text][1]
            if "\n" in core or len(core) > self.limit:
                results[text] = self._one(core)
                continue
            if pack and (size + len(core) + 1 > self.limit or len(pack) >= MAX_PACKED):
                flush()
            pack.append(text)
            size += len(core) + 1
        flush()
        for text in order:
            lead, _core, trail, mapping = protected[text]
            out, lost = glossary_mod.restore(results[text], mapping)
            self.glossary_lost += lost
            done[text] = lead + out.strip() + trail
        return done


def translate(texts, source="id", target="en", terms=None):
    """Translate `texts` (a list of plain strings). Never raises for a provider's failure."""
    return Translator(source, target, terms=terms).translate(list(texts))
