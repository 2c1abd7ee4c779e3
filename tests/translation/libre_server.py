"""A LibreTranslate-compatible HTTP server for tests and the benchmark (127.0.0.1 only).

It "translates" deterministically: known Indonesian words become their English word, and every
word is upper-cased, so a test can tell translated text from untouched text. It records each
request (text size, query string) and can play a server that is down, failing, refusing or slow.
It also answers DeepL's /v2/translate as DeepL's current API does (key in the header, POST body).
"""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

WORDS = {
    "kebun": "garden", "raya": "great", "jalan": "street", "kota": "city", "dan": "and", "di": "in",
    "warga": "residents", "sampah": "rubbish", "halaman": "page", "selamat": "welcome", "datang": "come",
    "pengaduan": "complaint", "ada": "there is", "lubang": "hole",
    # English back to Indonesian, for complaints
    "there": "ada", "is": "adalah", "a": "sebuah", "pothole": "lubang", "street": "jalan", "near": "dekat",
    "the": "", "city": "kota", "hall": "balai",
}
WORD_RE = re.compile(r"[^\W\d_]+", re.U)


def fake_translate(text):
    return WORD_RE.sub(lambda m: WORDS.get(m.group(0).lower(), m.group(0)).upper(), text)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def _read(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        if self.headers.get("Content-Type", "").startswith("application/json"):
            return json.loads(body or "{}")
        return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(body).items()}

    def _send(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        server = self.server
        url = urlsplit(self.path)
        form = self._read()
        if server.mode == "slow":
            time.sleep(server.delay)
        if url.path.endswith("/v2/translate"):  # DeepL
            texts = form.get("text", [])
            texts = [texts] if isinstance(texts, str) else texts
            with server.lock:
                server.requests.append({"path": url.path, "query": url.query, "size": sum(map(len, texts)),
                                        "auth": self.headers.get("Authorization", ""), "form": form})
            if not self.headers.get("Authorization", "").startswith("DeepL-Auth-Key ") or "auth_key" in url.query:
                return self._send(403, {"message": "Wrong authentication"})
            return self._send(200, {"translations": [{"detected_source_language": "ID", "text": fake_translate(t)}
                                                     for t in texts]})
        q = form.get("q", "")
        with server.lock:
            server.requests.append({"path": url.path, "query": url.query, "size": len(q), "q": q,
                                    "api_key": form.get("api_key", ""), "source": form.get("source"),
                                    "target": form.get("target")})
        if server.mode == "error":
            return self._send(500, {"error": "internal"})
        if server.mode == "refuse":
            return self._send(403, {"error": "Invalid API key"})
        if url.path != "/translate":
            return self._send(404, {"error": "not found"})
        if server.char_limit and len(q) > server.char_limit:
            return self._send(400, {"error": f"Invalid request: request ({len(q)}) exceeds text limit"})
        return self._send(200, {"translatedText": fake_translate(q)})


class LibreServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.reset()

    def handle_error(self, request, client_address):  # a client that timed out and left: expected
        pass

    def reset(self):
        self.requests, self.mode, self.delay, self.char_limit = [], "ok", 0, 0

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


def start():
    server = LibreServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
