"""Security pieces Django 5.2 does not ship: a Content-Security-Policy header with
per-request nonces, a 400 for null characters in addresses, the client address behind
trusted proxies, and the login-attempt backend that locks out password guessing.

The policy is ``settings.CONTENT_SECURITY_POLICY``: a mapping of directive to sources.
``'nonce'`` among a directive's sources stands for this response's nonce. It is only sent
when something on the page asked for ``request.csp_nonce`` (the admin's import map does), so
public pages carry the same header every time and stay cacheable.
"""

from __future__ import annotations

import secrets

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext as _

NONCE = "'nonce'"
HEADER = "Content-Security-Policy"


class LazyNonce(SimpleLazyObject):
    """A random nonce made the first time it is read; false until then."""

    def __init__(self):
        super().__init__(lambda: secrets.token_urlsafe(18))

    def __bool__(self) -> bool:
        return self._wrapped is not empty


def build_policy(directives: dict[str, list[str]], nonce: str | None = None) -> str:
    parts = []
    for directive, sources in directives.items():
        values = []
        for source in sources:
            if source == NONCE:
                if nonce:
                    values.append(f"'nonce-{nonce}'")
            else:
                values.append(source)
        parts.append(" ".join([directive, *values]))
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    """Adds the site's Content-Security-Policy to every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nonce = LazyNonce()
        request.csp_nonce = nonce
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = build_policy(settings.CONTENT_SECURITY_POLICY, str(nonce) if nonce else None)
        return response


class RejectNullCharactersMiddleware:
    """A 400 for a request whose path or query string holds a null character.

    No field can hold one (PostgreSQL refuses them outright), so it is never a valid value,
    and answering here spares every view and filter from guarding against it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in "".join(query.getlist(key)) for key in query
        ):
            if request.path.startswith("/api/"):
                # The shape of every API 400 (see pakrus_site.api.api_exception_handler).
                return JsonResponse({"non_field_errors": [_("Null characters are not allowed.")]}, status=400)
            message = _("Addresses and query parameters cannot contain null characters.")
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def client_ip(request) -> str:
    """The client's address: the connection's, or behind ``settings.PROXY_COUNT`` reverse
    proxies, the address the outermost of them saw (counted from the right of
    X-Forwarded-For, where the proxies append, so a client cannot choose it)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.PROXY_COUNT:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    return forwarded[-settings.PROXY_COUNT] if len(forwarded) >= settings.PROXY_COUNT else remote


class LoginAttemptsBackend(AxesStandaloneBackend):
    """Refuses logins from a client locked out after too many failed attempts.

    Logins through a web request (the admin, the browsable API) are always checked.
    ``authenticate()`` called without a request (a shell, a management command, the
    test client's ``login()``) is not a guess over the network, so it is let through to
    the password check instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
