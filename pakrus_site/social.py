"""What a shared link shows: canonical address, Open Graph and Twitter card tags.

Detail views build the values here and ``templates/_social_meta.html`` renders them, so
every kind of record is previewed the same way in chat apps and social networks.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

DESCRIPTION_CHARS = 200


def canonical_url(record) -> str:
    """The one public address of a record, on the configured site URL."""
    return settings.SITE_URL + record.get_absolute_url()


def absolute_media_url(url: str) -> str:
    """Media URLs are site-relative on local storage and absolute on object storage."""
    return urljoin(settings.SITE_URL + "/", url)


def short_description(*texts: str) -> str:
    """The first non-empty text, without markup, on one line and cut at a word."""
    for text in texts:
        plain = " ".join(strip_tags(text or "").split())
        if plain:
            return Truncator(plain).chars(DESCRIPTION_CHARS)
    return ""


@dataclass(frozen=True)
class SocialMeta:
    title: str
    url: str
    description: str = ""
    image: str = ""
    image_alt: str = ""
    og_type: str = "website"

    @property
    def site_name(self) -> str:
        return settings.SITE_NAME

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"


def social_meta(
    record,
    *,
    title: str,
    description: str = "",
    image=None,
    image_alt: str = "",
    og_type: str = "website",
) -> SocialMeta:
    """``image`` is a file (an ImageField value or an imagekit rendition) or None."""
    return SocialMeta(
        title=title,
        url=canonical_url(record),
        description=short_description(description),
        image=absolute_media_url(image.url) if image else "",
        image_alt=image_alt,
        og_type=og_type,
    )
