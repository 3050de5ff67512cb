"""What a page would execute: the checks the XSS tests apply to every response."""

import json
from html.parser import HTMLParser

DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.json_blocks: list[str] = []
        self._script: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith(
                ("javascript:", "vbscript:")
            ):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag in {"iframe", "object", "embed", "frame", "base"}:
            self.problems.append(f"<{tag}>")
        if tag == "script":
            self._script, self._text = attributes, []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            kind = (self._script.get("type") or "").lower()
            body = "".join(self._text)
            if kind in DATA_SCRIPT_TYPES:
                self.json_blocks.append(body)
            elif kind == "importmap" and self._script.get("nonce"):
                pass
            elif "src" not in self._script or body.strip():
                self.problems.append(f"inline <script> {body[:60]!r}")
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)


def scan(html: str) -> tuple[list[str], list]:
    """(anything executable that is not the site's own script files, the parsed JSON data
    blocks). A data block that is not valid JSON, or holds ``</script``, is a problem too."""
    scanner = _Scanner()
    scanner.feed(html)
    data = []
    for block in scanner.json_blocks:
        if "</script" in block.lower() or "<!--" in block:
            scanner.problems.append(f"data block can close its element: {block[:60]!r}")
        try:
            data.append(json.loads(block))
        except ValueError:
            scanner.problems.append(f"data block is not JSON: {block[:60]!r}")
    return scanner.problems, data
