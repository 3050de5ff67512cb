"""Hostile uploads through the admin, the way an editor's browser sends them: oversized,
malformed, decompression bombs, content that does not match the name, and names that try
to choose where the file lands. Each is refused with a message on the field and leaves the
database and the media folder as they were; a good file is stored under a random name."""

import io
import os
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pakrus_site.files import validate_image
from people.models import Person
from tests.security.admin_forms import admin_form_data
from tests.security.conftest import database_fingerprint

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
NOT_AN_IMAGE = "Upload a valid image. The file you uploaded was either not an image or a corrupted image."


def png(width: int = 8, height: int = 8) -> bytes:
    """A PNG of random pixels, so it does not compress below its pixel count."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 94, 56)).save(buffer, "JPEG")
    return buffer.getvalue()


def png_bomb(width: int, height: int) -> bytes:
    """A valid one-bit PNG of ``width`` by ``height`` black pixels: a few kilobytes on disk,
    hundreds of megabytes once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    compressed = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", compressed) + chunk(b"IEND", b"")


def media_files(settings) -> list[str]:
    """Uploaded originals in the media folder (renditions live under CACHE/)."""
    root = settings.MEDIA_ROOT
    if not root.exists():
        return []
    files = [str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()]
    return sorted(name for name in files if not name.startswith("CACHE/"))


def post_person_with_photo(client, upload):
    data = admin_form_data(client.get("/admin/people/person/add/"), "person")
    data |= {"given_name": "Ruslan", "family_name": "Karimov", "photo": upload}
    return client.post("/admin/people/person/add/", data)


def photo_errors(response) -> list[str]:
    assert response.status_code == 200, "the form was accepted"
    return response.context["adminform"].form.errors.get("photo", [])


@pytest.fixture
def editor_admin(editor_client, db):
    return editor_client


def test_a_real_photo_is_stored_under_a_random_name(editor_admin, settings):
    response = post_person_with_photo(editor_admin, SimpleUploadedFile("Ruslan Karimov.JPG", jpeg()))
    assert response.status_code == 302
    person = Person.objects.get(family_name="Karimov")
    assert person.photo.name.startswith("people/")
    assert person.photo.name.endswith(".jpg")
    assert len(person.photo.name) == len("people/") + 32 + len(".jpg")
    assert media_files(settings) == [person.photo.name]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"", "The submitted file is empty."),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, NOT_AN_IMAGE),
        ("photo.png", png()[:60], NOT_AN_IMAGE),
        ("photo.jpg", b"GIF89a<script>alert(1)</script>", NOT_AN_IMAGE),
        (
            "photo.png",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            NOT_AN_IMAGE,
        ),
        ("photo.png", b"<?php system($_GET['c']); ?>", NOT_AN_IMAGE),
        ("photo.png", PDF, NOT_AN_IMAGE),
        ("photo.jpg", png(), "The file is a PNG image but its name ends in “.jpg”"),
        ("photo.html", png(), "File extension “html” is not allowed."),
        ("photo.php", jpeg(), "File extension “php” is not allowed."),
        ("photo\u202egnp.exe", png(), "File extension “exe” is not allowed."),
    ],
    ids=[
        "empty",
        "header-only",
        "truncated",
        "gif-header-with-script",
        "svg-with-script",
        "php",
        "pdf-as-png",
        "png-named-jpg",
        "png-named-html",
        "jpeg-named-php",
        "right-to-left-override",
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(editor_admin, settings, name, content, message):
    before = database_fingerprint()
    errors = photo_errors(post_person_with_photo(editor_admin, SimpleUploadedFile(name, content)))
    assert any(message in error for error in errors), errors
    assert database_fingerprint() == before
    assert media_files(settings) == []


def test_an_oversized_image_is_refused_with_the_limit(editor_admin, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1024
    content = png(200, 200)
    assert len(content) > 1024
    before = database_fingerprint()
    errors = photo_errors(post_person_with_photo(editor_admin, SimpleUploadedFile("photo.png", content)))
    assert any(error.endswith("the limit is 1.0\xa0KB.") for error in errors), errors
    assert database_fingerprint() == before
    assert media_files(settings) == []


def test_an_image_over_the_pixel_limit_is_refused_before_it_is_decoded(editor_admin, settings):
    bomb = png_bomb(8000, 6000)
    assert len(bomb) < 100_000
    before = database_fingerprint()
    errors = photo_errors(post_person_with_photo(editor_admin, SimpleUploadedFile("photo.png", bomb)))
    assert errors == ["The image is 8000×6000 pixels; the limit is 40000000 pixels."]
    assert database_fingerprint() == before
    assert media_files(settings) == []


def test_a_decompression_bomb_is_refused_by_the_form_and_by_the_model_validator(editor_admin, settings):
    bomb = png_bomb(20000, 20000)
    assert len(bomb) < 100_000
    before = database_fingerprint()
    errors = photo_errors(post_person_with_photo(editor_admin, SimpleUploadedFile("photo.png", bomb)))
    assert errors == [NOT_AN_IMAGE]
    assert database_fingerprint() == before
    assert media_files(settings) == []
    # The API and importers meet the model's own validator, which names the problem.
    with pytest.raises(ValidationError, match=r"The image is too large to process\."):
        validate_image(SimpleUploadedFile("photo.png", bomb))


@pytest.mark.parametrize(
    "name",
    [
        "../../../../tmp/evil.png",
        "..\\..\\..\\windows\\evil.png",
        "/etc/cron.d/evil.png",
        "~/.ssh/evil.png",
        "people/../../settings.png",
        "évil portrait — Карimov.png",
    ],
)
def test_path_tricks_in_a_file_name_cannot_choose_where_it_lands(editor_admin, settings, name):
    response = post_person_with_photo(editor_admin, SimpleUploadedFile(name, png()))
    assert response.status_code == 302
    stored = Person.objects.get(family_name="Karimov").photo.name
    assert stored.startswith("people/")
    assert stored.endswith(".png")
    assert ".." not in stored
    assert stored[len("people/") : -len(".png")].isalnum()
    assert media_files(settings) == [stored]
    assert [
        path for path in settings.MEDIA_ROOT.parent.rglob("*.png") if settings.MEDIA_ROOT not in path.parents
    ] == []


def test_an_overlong_file_name_is_refused_with_a_message(editor_admin, settings):
    before = database_fingerprint()
    errors = photo_errors(post_person_with_photo(editor_admin, SimpleUploadedFile("x" * 300 + ".png", png())))
    assert any("at most 100 characters" in error for error in errors), errors
    assert database_fingerprint() == before


def post_event_with_report(client, event, upload):
    url = f"/admin/events/event/{event.pk}/change/"
    data = admin_form_data(client.get(url), "event") | {"report": upload}
    return client.post(url, data)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>", "The file is not a PDF document."),
        ("report.pdf", b"%PDF-1.7\n but cut off before its end", "The file is not a PDF document."),
        ("report.html", PDF, "The file is a PDF document but its name ends in “.html”"),
        ("report", PDF, "The file is a PDF document but its name has no ending"),
    ],
    ids=["html", "truncated", "pdf-named-html", "no-ending"],
)
def test_a_report_that_is_not_a_pdf_or_not_named_as_one_is_refused(
    editor_admin, catalogue, settings, name, content, message
):
    event = catalogue["event"]
    before = database_fingerprint()
    response = post_event_with_report(editor_admin, event, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["report"]
    assert any(message in error for error in errors), errors
    assert database_fingerprint() == before
    assert media_files(settings) == []


def test_an_oversized_report_is_refused_with_the_limit(editor_admin, catalogue, settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 100
    padded = b"%PDF-1.7\n" + b"0" * 200 + b"\n%%EOF\n"
    before = database_fingerprint()
    response = post_event_with_report(
        editor_admin, catalogue["event"], SimpleUploadedFile("report.pdf", padded)
    )
    assert response.context["adminform"].form.errors["report"] == [
        "The file is 216\xa0bytes; the limit is 100\xa0bytes."
    ]
    assert database_fingerprint() == before


def test_a_real_report_is_accepted(editor_admin, catalogue, settings):
    event = catalogue["event"]
    response = post_event_with_report(editor_admin, event, SimpleUploadedFile("CAPS report.pdf", PDF))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.report.name.startswith("event-reports/")
    assert event.report.name.endswith(".pdf")
    assert media_files(settings) == [event.report.name]
