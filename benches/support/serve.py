#!/usr/bin/env python3
"""Serves static sites for the page-speed benchmark as a static host would: gzip for text,
long cache lifetimes, one thread per connection.

Usage: serve.py PORT:DIR [PORT:DIR …]   (on 127.0.0.1; stops on SIGTERM or Ctrl-C)
Every site gets the same server, so that a comparison measures the pages, not the servers.
"""
import gzip
import http.server
import io
import os
import signal
import sys
import threading
from functools import lru_cache

TEXT = (".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".mjs")


@lru_cache(maxsize=4096)
def compressed(path, mtime):
    with open(path, "rb") as f:
        return gzip.compress(f.read(), compresslevel=9, mtime=0)


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "public, max-age=600")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gzip_ok and path.endswith(TEXT) and os.path.isfile(path)):
            return super().send_head()
        body = compressed(path, os.path.getmtime(path))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(port, directory):
    """Serves `directory` on 127.0.0.1:`port` (0: a free port, see server.server_port)."""
    handler = lambda *a, **k: Handler(*a, directory=directory, **k)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    servers = [serve(*arg.split(":", 1)) for arg in sys.argv[1:]]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
