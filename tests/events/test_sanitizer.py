"""Rich text reaches public pages only after the server has cleaned it, whoever posted it."""

import re

import pytest

from events.models import Agreement, Event
from tests.events.factories import AgreementFactory, EventFactory, event_admin_form

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<p onclick="alert(1)">click</p>',
    '<p onmouseover="alert(1)" style="background:url(javascript:alert(1))">hover</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href=" javascript:alert(1)">link</a>',
    '<a href="&#106;avascript:alert(1)">link</a>',
    '<a href="jav&#x09;ascript:alert(1)">link</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<body onload="alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<details open ontoggle="alert(1)">',
    '<input autofocus onfocus="alert(1)">',
    '<a href="https://ok.example" onclick="alert(1)" target="_blank">ok</a>',
]

FORBIDDEN = re.compile(
    r"<script|<iframe|<object|<embed|<form|<svg|<math|<style|<meta|<input|\son\w+\s*=|javascript:|vbscript:|data:",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_event_body_is_sanitized_on_save(payload):
    event = EventFactory(body=f"<p>Report</p>{payload}")
    stored = Event.objects.get(pk=event.pk).body
    assert not FORBIDDEN.search(stored), stored
    assert stored.startswith("<p>Report</p>")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_agreement_body_is_sanitized_on_save(payload):
    agreement = AgreementFactory(body=payload)
    assert not FORBIDDEN.search(Agreement.objects.get(pk=agreement.pk).body)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_to_the_public_event_page(client, payload):
    event = EventFactory(body=payload)
    html = client.get(event.get_absolute_url()).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    # The page's own JSON-LD script lives in <head>; nothing in the content may script.
    assert not FORBIDDEN.search(main), main


def test_queryset_update_cannot_bypass_the_sanitizer_on_the_next_save():
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(body='<p onclick="x">raw</p>')
    event.refresh_from_db()
    event.save()
    event.refresh_from_db()
    assert event.body == "<p>raw</p>"


def test_allowed_formatting_is_kept():
    body = (
        "<h2>Session</h2><p><strong>Bold</strong> and <em>italic</em> with "
        '<a href="https://caps.org.pk">a link</a>.</p><ol><li><p>One</p></li></ol><blockquote><p>Quote</p></blockquote>'
    )
    event = EventFactory(body=body)
    event.refresh_from_db()
    assert event.body == body


def test_admin_posts_are_sanitized_too(editor_client):
    event = EventFactory(title="Seminar")
    response = editor_client.post(
        f"/admin/events/event/{event.pk}/change/",
        event_admin_form(
            title="Seminar",
            slug=event.slug,
            body='<p>Hello</p><img src=x onerror="alert(1)"><a href="javascript:x">y</a>',
        ),
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    event.refresh_from_db()
    assert event.body == "<p>Hello</p><a>y</a>"
