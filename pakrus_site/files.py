"""Upload validation and storage names shared by every app that accepts files.

A file is judged by its content, never by its name or the browser's content type, and is
stored under a random name so a crafted filename cannot choose where it lands.
"""

from __future__ import annotations

import uuid
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

ALLOWED_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# The name endings each format may carry: the stored file keeps its ending, and the web
# server picks the content type by it, so an ending must say what the content is.
IMAGE_EXTENSIONS = {"JPEG": {".jpg", ".jpeg"}, "PNG": {".png"}, "WEBP": {".webp"}, "GIF": {".gif"}}
PDF_EXTENSIONS = {".pdf"}


@deconstructible
class RandomName:
    """``upload_to`` callable: ``<folder>/<random hex>.<extension>``."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
        suffix = suffix if suffix.isascii() and 1 < len(suffix) <= 6 else ""
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder


def _extension(upload) -> str | None:
    """The lower-case ending of an uploaded file's name; None for a file without a name or
    one already in storage (its name was chosen by ``RandomName`` when it was accepted)."""
    name = getattr(upload, "name", None)
    if not name or getattr(upload, "_committed", False):
        return None
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def _check_extension(upload, allowed: set[str], kind: str) -> None:
    extension = _extension(upload)
    if extension is None or extension in allowed:
        return
    params = {"kind": kind, "extension": extension, "allowed": _(" or ").join(sorted(allowed))}
    if extension:
        message = _(
            "The file is %(kind)s but its name ends in “%(extension)s”; rename it to end in %(allowed)s."
        )
    else:
        message = _("The file is %(kind)s but its name has no ending; rename it to end in %(allowed)s.")
    raise ValidationError(message, code="extension_mismatch", params=params)


def _check_size(upload, limit: int) -> None:
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def validate_image(upload) -> None:
    """A real JPEG, PNG, WebP or GIF, within the byte and pixel limits (which also stops
    decompression bombs before Pillow inflates them)."""
    _check_size(upload, settings.MAX_IMAGE_UPLOAD_BYTES)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                if width * height > settings.MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _("The image is %(width)s×%(height)s pixels; the limit is %(limit)s pixels."),
                        code="image_too_many_pixels",
                        params={"width": width, "height": height, "limit": settings.MAX_IMAGE_PIXELS},
                    )
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The image is too large to process."), code="image_too_many_pixels") from None
    except Exception:
        raise ValidationError(
            _("The file is not a valid image (JPEG, PNG, WebP or GIF)."), code="invalid_image"
        ) from None
    finally:
        upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("Images must be JPEG, PNG, WebP or GIF, not %(format)s."),
            code="invalid_image_format",
            params={"format": image_format},
        )
    _check_extension(
        upload, IMAGE_EXTENSIONS[image_format], _("a %(format)s image") % {"format": image_format}
    )


def validate_pdf(upload) -> None:
    """A PDF by its content (the ``%PDF-`` header and an ``%%EOF`` trailer), within the
    document size limit."""
    _check_size(upload, settings.MAX_DOCUMENT_UPLOAD_BYTES)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        head = upload.read(1024)
        upload.seek(max(0, (upload.size or 0) - 2048))
        tail = upload.read()
    finally:
        upload.seek(position)
    if not head.lstrip()[:5] == b"%PDF-" or b"%%EOF" not in tail:
        raise ValidationError(_("The file is not a PDF document."), code="invalid_pdf")
    _check_extension(upload, PDF_EXTENSIONS, _("a PDF document"))
