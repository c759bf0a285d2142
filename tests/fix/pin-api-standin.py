#!/usr/bin/env python3
"""A local stand-in for the GitHub API's ref endpoints, for trying `releaselint check --fix` on a real repository
without the network: GITHUB_API_URL=http://127.0.0.1:PORT releaselint check --diff REPO.

Every tag that looks like a version (v4, v4.2.1, 0.20.0) exists and names commit sha1("owner/repo@ref"); branches
main and master exist too; nothing else does. The SHAs are fake: use the diff, never push it.
Usage: pin-api-standin.py [PORT]   (default 8765; prints each request)."""
import hashlib, http.server, json, re, sys

VERSION = re.compile(r"^v?\d+(\.\d+){0,2}([-+.][0-9A-Za-z.-]+)?$")

def sha(owner, repo, ref):
    return hashlib.sha1(f"{owner.lower()}/{repo.lower()}@{ref}".encode()).hexdigest()

class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        m = re.match(r"^/repos/([^/]+)/([^/]+)/git/ref/(tags|heads)/(.+)$", path)
        if m:
            owner, repo, kind, ref = m.groups()
            exists = VERSION.match(ref) if kind == "tags" else ref in ("main", "master")
            if exists:
                return self.answer(200, {"ref": f"refs/{kind}/{ref}", "object": {"type": "commit", "sha": sha(owner, repo, ref)}})
        if re.match(r"^/repos/[^/]+/[^/]+/tags$", path):
            return self.answer(200, [])
        return self.answer(404, {"message": "Not Found"})

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
