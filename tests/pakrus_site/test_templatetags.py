import datetime
import json
import re
from collections import namedtuple

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from pakrus_site.templatetags.pakrus import json_ld, options, query_with


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


def test_query_with_keeps_repeated_and_unicode_values_and_leaves_the_request_alone():
    request = RequestFactory().get("/search/?q=%D0%B2%D0%BE%D0%B4%D0%B0&topic=a&topic=b&page=2")
    assert (
        query_with({"request": request}, type="event")
        == "q=%D0%B2%D0%BE%D0%B4%D0%B0&topic=a&topic=b&type=event"
    )
    assert query_with({"request": request}, topic="c") == "q=%D0%B2%D0%BE%D0%B4%D0%B0&topic=c"
    assert request.GET.getlist("topic") == ["a", "b"] and request.GET["page"] == "2"
    latin = RequestFactory().get("/search/?q=%E9")
    latin.encoding = "latin-1"
    assert query_with({"request": latin}, letter="K") == "q=%E9&letter=K"


Record = namedtuple("Record", "pk slug name")


def test_options_from_pairs_mark_the_selected_value():
    html = options([("seminar", "Seminar"), ("webinar", "Webinar")], "webinar")
    assert html == (
        '<option value="seminar">Seminar</option><option value="webinar" selected>Webinar</option>'
    )


def test_options_from_records_offer_slugs_and_compare_with_a_selected_record():
    energy, water = Record(1, "energy", "Energy"), Record(2, "water", "Water & <security>")
    html = options([energy, water], water)
    assert html == (
        '<option value="energy">Energy</option>'
        '<option value="water" selected>Water &amp; &lt;security&gt;</option>'
    )


def test_options_from_plain_values_match_a_selected_number_or_string():
    assert (
        options([2025, 2024], 2024)
        == '<option value="2025">2025</option><option value="2024" selected>2024</option>'
    )
    assert (
        options([2025, 2024], "2025")
        == '<option value="2025" selected>2025</option><option value="2024">2024</option>'
    )


def test_options_without_a_selection_mark_nothing():
    for nothing in (None, ""):
        assert "selected" not in options([("a", "A"), ("", "none")], nothing)
    assert options([], None) == ""


def test_options_escape_values():
    assert options([('x" onfocus="alert(1)', "X")], None) == (
        '<option value="x&quot; onfocus=&quot;alert(1)">X</option>'
    )


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_day_month_year_writes_a_date_as_the_date_filter_does(language):
    template = Template(
        '{% load pakrus %}{{ day|day_month_year }}|{{ day|date:"j F Y" }}|{{ none|day_month_year }}.'
    )
    with translation.override(language):
        for month in range(1, 13):
            mine, django, nothing = template.render(
                Context({"day": datetime.date(2024, month, 29), "none": None})
            ).split("|")
            assert mine == django and nothing == "."
