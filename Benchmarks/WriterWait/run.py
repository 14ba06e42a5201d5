#!/usr/bin/env python3
"""Writer-wait benchmark: how long readers' comments and staff logins wait while `kibaru import wxr` runs
against a live `kibaru serve`, and whether any is refused or lost.

    swift build -c release --product kibaru && Benchmarks/WriterWait/run.py [POSTS]

POSTS (default 3,000) posts are generated with Benchmarks/WXRImport/generate-wxr.py. In one run, on 127.0.0.1:
1. baseline: 40 comments and 5 logins on the idle server, one after the other;
2. the import of the POSTS posts, with a comment every 100 ms and a login every second meanwhile;
3. right after it, while the server compares the new articles in the background, three `kibaru user add`.
Prints latencies (p50, p99, max) of comments and logins during the import as ratios of the baseline, refusals,
and whether every acknowledged comment is in the database; exits 1 if any write was refused or lost.
"""
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KIBARU = os.path.join(ROOT, ".build/release/kibaru")
PASSWORD = "un-mot-de-passe-solide"


def request(port, method, path, body=b"", headers=None):
    """One HTTP/1.1 request on its own connection; returns (status, headers text, body text, seconds)."""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    for name, value in (headers or {}).items():
        head += f"{name}: {value}\r\n"
    if method == "POST":
        head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=120) as connection:
        connection.sendall(head.encode() + b"\r\n" + body)
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    elapsed = time.monotonic() - started
    header, _, text = data.partition(b"\r\n\r\n")
    status = int(header.split(b" ", 2)[1]) if header else 0
    return status, header.decode("latin-1"), text.decode("utf-8", "replace"), elapsed


def form(fields):
    return urllib.parse.urlencode(fields).encode()


class Writes:
    """Comments and logins, with their latencies and refusals."""

    def __init__(self, port, forms):
        self.port, self.forms = port, forms  # (article id, form token) of each article commented on
        self.sent = 0
        self.comment_seconds, self.login_seconds = [], []
        self.acknowledged, self.refusals = [], []

    def comment(self):
        self.sent += 1
        text = f"Commentaire {self.sent} du banc d’essai."
        # Rotating over the articles keeps each under its limit (60 comments in 10 minutes).
        article_id, token = self.forms[self.sent % len(self.forms)]
        body = form([("article", article_id), ("jeton", token), ("adresse_postale", ""),
                     ("nom", f"Lectrice {self.sent}"), ("texte", text)])
        status, _, page, seconds = request(self.port, "POST", "/commentaires/", body,
                                           {"X-Real-IP": f"10.77.{self.sent // 250}.{self.sent % 250}"})
        if status == 303:
            self.acknowledged.append(text)
            self.comment_seconds.append(seconds)
        else:
            self.refusals.append(f"comment {self.sent}: {status} {page[:80]!r}")

    def login(self):
        address = f"10.78.{self.sent // 250}.{self.sent % 250}"
        _, header, _, _ = request(self.port, "GET", "/admin/connexion/", headers={"X-Real-IP": address})
        csrf = re.search(r"kibaru_csrf=([^;]+);", header).group(1)
        body = form([("_csrf", csrf), ("email", "ada@example.org"), ("password", PASSWORD)])
        status, _, page, seconds = request(self.port, "POST", "/admin/connexion/", body,
                                           {"X-Real-IP": address, "Cookie": f"kibaru_csrf={csrf}"})
        if status == 303:
            self.login_seconds.append(seconds)
        else:
            self.refusals.append(f"login: {status} {page[:80]!r}")


def figures(values):
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered), p99, ordered[-1]


def kibaru(*arguments, stdin=None):
    return subprocess.run([KIBARU, *arguments], input=stdin, capture_output=True, text=True, check=True).stdout


def main():
    posts = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    if not os.access(KIBARU, os.X_OK):
        sys.exit("build first: swift build -c release --product kibaru")
    work = tempfile.mkdtemp(prefix="kibaru-writer-wait-")
    server = None
    try:
        data = os.path.join(work, "data")
        kibaru("init", "--data", data)
        kibaru("site", "create", "actu", "--title", "Actu", "--data", data)
        article_paths = []
        for number in range(1, 16):
            page = os.path.join(work, f"page-{number}.txt")
            with open(page, "w") as file:
                file.write(f"Marché numéro {number}\n\nCrédit: Awa\n{number} mars 2024\n\nLes étals.\n")
            article_paths.append(kibaru("import", "page", page, "--site", "actu", "--data", data).strip())
        kibaru("user", "add", "ada@example.org", "--name", "Ada", "--role", "admin", "--data", data, stdin=PASSWORD + "\n")
        export = os.path.join(work, "blog.xml")
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks/WXRImport/generate-wxr.py"), str(posts), export],
                       check=True, capture_output=True)

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [KIBARU, "serve", "--data", data, "--port", str(port), "--client-address-header", "X-Real-IP",
             "--resources", os.path.join(ROOT, "Resources")],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        server.stdout.readline()  # "Kibaru sert le réseau sur …": it listens
        forms = []
        for path in article_paths:
            _, _, article, _ = request(port, "GET", path)
            forms.append((re.search(r'name="article" value="(\d+)"', article).group(1),
                          re.search(r'name="jeton" value="([^"]+)"', article).group(1)))
        time.sleep(3.5)  # a form filled in less than 3 s is a robot's

        baseline = Writes(port, forms)
        for index in range(40):
            baseline.comment()
            if index % 8 == 0:
                baseline.login()

        loaded = Writes(port, forms)
        loaded.sent = 1000  # other client addresses and texts than the baseline's
        started = time.monotonic()
        report_file = open(os.path.join(work, "report.txt"), "w+")  # a pipe would fill up: the report is long
        importer = subprocess.Popen([KIBARU, "import", "wxr", export, "--site", "kayes", "--data", data],
                                    stdout=report_file, stderr=subprocess.DEVNULL, text=True)
        ticks = 0
        while importer.poll() is None:
            loaded.comment()
            ticks += 1
            if ticks % 10 == 0:
                loaded.login()
            time.sleep(0.1)
        import_seconds = time.monotonic() - started
        report_file.seek(0)
        report = report_file.read()
        report_file.close()
        if importer.returncode != 0:
            sys.exit(f"import failed: {report}")

        commands = []
        for attempt in range(3):
            began = time.monotonic()
            result = subprocess.run(
                [KIBARU, "user", "add", f"awa{attempt}@example.org", "--name", f"Awa {attempt}", "--role", "editor",
                 "--site", "actu", "--data", data], input=PASSWORD + "\n", capture_output=True, text=True)
            commands.append((result.returncode, time.monotonic() - began))
            time.sleep(1)
        with sqlite3.connect(data + "/kibaru.sqlite") as db:
            pending = db.execute("SELECT count(*) FROM related_pending").fetchone()[0]
            stored = {row[0] for row in db.execute("SELECT body FROM comment")}
        lost = [text for text in baseline.acknowledged + loaded.acknowledged if text not in stored]

        print(f"{posts} posts imported in {import_seconds:.1f} s ({posts / import_seconds:.0f} posts/s) "
              f"while {loaded.sent - 1000} comments and {len(loaded.login_seconds)} logins were sent")
        for label, idle, busy in (("comment", baseline.comment_seconds, loaded.comment_seconds),
                                  ("login", baseline.login_seconds, loaded.login_seconds)):
            if idle and busy:
                (i50, i99, imax), (b50, b99, bmax) = figures(idle), figures(busy)
                print(f"{label:8} idle p50 {i50 * 1000:6.1f} ms p99 {i99 * 1000:6.1f} ms max {imax * 1000:6.1f} ms | "
                      f"during import p50 {b50 * 1000:6.1f} ms ({b50 / i50:4.1f}x) p99 {b99 * 1000:6.1f} ms "
                      f"({b99 / i99:4.1f}x) max {bmax * 1000:6.1f} ms")
        print("kibaru user add while related articles are computed "
              f"({pending} still pending after them): "
              + ", ".join(f"exit {code} in {seconds:.2f} s" for code, seconds in commands))
        print(f"refused: {len(baseline.refusals) + len(loaded.refusals)}; acknowledged comments missing: {len(lost)}")
        for line in (baseline.refusals + loaded.refusals)[:10]:
            print("  " + line)
        failed = baseline.refusals or loaded.refusals or lost or any(code != 0 for code, _ in commands)
        sys.exit(1 if failed else 0)
    finally:
        if server:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
