import json
import re

from django.test import RequestFactory

from pakrus_site.templatetags.pakrus import json_ld, query_with


def test_json_ld_cannot_be_broken_out_of_and_parses_back():
    html = json_ld({"name": "</script><script>alert(1)</script> & Каримов"})
    assert html.count("</script>") == 1
    body = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', html).group(1)
    assert json.loads(body) == {"name": "</script><script>alert(1)</script> & Каримов"}


def test_query_with_keeps_filters_and_resets_the_page():
    request = RequestFactory().get("/people/?country=RU&page=3")
    assert query_with({"request": request}, letter="K") == "country=RU&letter=K"
    assert query_with({"request": request}, page=4) == "country=RU&page=4"
    assert query_with({"request": request}, country="") == ""
