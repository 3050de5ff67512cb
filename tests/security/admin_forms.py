"""Read an admin change form the way a browser would, so a test can post it back with a
few values changed: every input, select and textarea of the page's main form, inlines and
management forms included."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._select_multiple = False
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.data.setdefault(name, []).append(attrs.get("value", default))
        elif tag == "select" and name:
            self._select, self._select_multiple, self._first_option = name, "multiple" in attrs, None
            self.data.setdefault(name, [])
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            values = self.data[self._select]
            if "selected" in attrs and (self._select_multiple or not values):
                values.append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select" and self._select:
            # A browser submits the first option of a single select when none is selected.
            if not self._select_multiple and not self.data[self._select] and self._first_option is not None:
                self.data[self._select].append(self._first_option)
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data[self._textarea] = ["".join(self._text).removeprefix("\n")]
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def admin_form_data(response, model_name: str) -> dict:
    """The values the admin page in ``response`` would submit for ``<model_name>_form``.
    Single values are plain strings, multiple selections lists."""
    reader = _FormReader(f"{model_name}_form")
    reader.feed(response.content.decode())
    assert reader.data, f"no {model_name}_form on the page"
    return {name: values if len(values) > 1 else values[0] for name, values in reader.data.items() if values}
