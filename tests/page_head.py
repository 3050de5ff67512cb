"""Reads back what a page tells machines in its head: links, meta tags and JSON-LD."""

import json
from html.parser import HTMLParser


class PageHead(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self.meta: dict[str, str] = {}
        self.json_ld: list[dict] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def link(self, rel: str, type_: str | None = None) -> str | None:
        for link in self.links:
            if link.get("rel") == rel and (type_ is None or link.get("type") == type_):
                return link["href"]
        return None

    @property
    def canonical(self) -> str | None:
        return self.link("canonical")

    def one_json_ld(self) -> dict:
        assert len(self.json_ld) == 1, self.json_ld
        return self.json_ld[0]


def read_head(response) -> PageHead:
    assert response.status_code == 200, response.status_code
    head = PageHead()
    head.feed(response.content.decode())
    return head
