#!/usr/bin/env python3
"""Checks feeds saved by the tests: RSS 2.0 and Atom 1.0 must parse with feedparser without error (bozo false)
and carry what their format requires (RSS 2.0, RFC 4287); JSON Feed 1.1 is checked against its specification
here, since feedparser 6 (the release on PyPI) does not read JSON feeds.

Usage: check-feeds.py FILE...   (the file name ends in .rss, .atom or .json)
Prints one line per problem and exits 1 when there is any; prints a summary otherwise.
"""
import datetime
import json
import sys
import xml.etree.ElementTree as ET

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"


def check_rss(root, problems):
    if root.tag != "rss" or root.get("version") != "2.0":
        problems.append("root is not <rss version=\"2.0\">")
        return
    channel = root.find("channel")
    if channel is None:
        problems.append("no <channel>")
        return
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel has no <{name}>")
    for index, item in enumerate(channel.findall("item")):
        if item.find("title") is None and item.find("description") is None:
            problems.append(f"item {index} has neither title nor description")
        for name in ("link", "guid", "pubDate"):
            if not (item.findtext(name) or "").strip():
                problems.append(f"item {index} has no <{name}>")


def check_atom(root, problems):
    if root.tag != ATOM + "feed":
        problems.append("root is not an Atom <feed>")
        return
    for name in ("id", "title", "updated"):
        if not (root.findtext(ATOM + name) or "").strip():
            problems.append(f"feed has no <{name}>")
    if not any(link.get("rel") == "self" for link in root.findall(ATOM + "link")):
        problems.append("feed has no rel=self link")
    for index, entry in enumerate(root.findall(ATOM + "entry")):
        for name in ("id", "title", "updated"):
            if not (entry.findtext(ATOM + name) or "").strip():
                problems.append(f"entry {index} has no <{name}>")
        if entry.find(ATOM + "author") is None and root.find(ATOM + "author") is None:
            problems.append(f"entry {index} has no author")
        if entry.find(ATOM + "link") is None and entry.find(ATOM + "content") is None:
            problems.append(f"entry {index} has neither link nor content")


def rfc3339(text):
    try:
        datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return "T" in text
    except (TypeError, ValueError, AttributeError):
        return False


def absolute(url):
    return isinstance(url, str) and url.startswith(("https://", "http://"))


def check_json(document, problems):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): required and typed fields."""
    if document.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("version is not JSON Feed 1.1")
    if not isinstance(document.get("title"), str) or not document["title"]:
        problems.append("no title")
    for name in ("home_page_url", "feed_url"):
        if name in document and not absolute(document[name]):
            problems.append(f"{name} is not an absolute URL")
    items = document.get("items")
    if not isinstance(items, list):
        problems.append("items is not a list")
        return 0
    for index, item in enumerate(items):
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"item {index} has no string id")
        if not isinstance(item.get("content_html", item.get("content_text")), str):
            problems.append(f"item {index} has no content_html nor content_text")
        if "url" in item and not absolute(item["url"]):
            problems.append(f"item {index}: url is not absolute")
        for name in ("date_published", "date_modified"):
            if name in item and not rfc3339(item[name]):
                problems.append(f"item {index}: {name} is not RFC 3339")
        authors = item.get("authors", [])
        if not isinstance(authors, list) or any(not isinstance(a, dict) or not a.get("name") for a in authors):
            problems.append(f"item {index}: authors are not objects with a name")
        if not isinstance(item.get("tags", []), list):
            problems.append(f"item {index}: tags is not a list")
    return len(items)


def check(path):
    problems = []
    with open(path, "rb") as handle:
        data = handle.read()
    if path.endswith(".json"):
        try:
            return problems, check_json(json.loads(data), problems)
        except ValueError as error:
            return [f"not JSON: {error}"], 0
    parsed = feedparser.parse(data)
    if parsed.bozo:
        problems.append(f"feedparser: {parsed.bozo_exception!r}")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        problems.append(f"not well-formed XML: {error}")
        root = None
    if root is not None:
        (check_rss if path.endswith(".rss") else check_atom)(root, problems)
    expected = "rss20" if path.endswith(".rss") else "atom10"
    if parsed.version != expected:
        problems.append(f"feedparser reads version {parsed.version!r}, expected {expected!r}")
    return problems, len(parsed.entries)


def main(paths):
    failures = 0
    entries = 0
    for path in paths:
        problems, count = check(path)
        entries += count
        for problem in problems:
            failures += 1
            print(f"{path}: {problem}")
    if failures:
        return 1
    print(f"{len(paths)} feeds, {entries} entries: all parse with feedparser {feedparser.__version__} (bozo false)"
          " or, for JSON Feed, meet its specification")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
