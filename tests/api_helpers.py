"""Clients for the permission matrix: anonymous, a token without rights, an editor's
token and a superuser's token; and a check that a serializer's fast read path gives what
DRF's own fields give."""

from django.contrib.auth.models import AnonymousUser
from rest_framework.authtoken.models import Token
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from tests.factories import UserFactory, make_editor


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def clients() -> dict[str, APIClient]:
    return {
        "anonymous": APIClient(),
        "no_rights": token_client(UserFactory()),
        "editor": token_client(make_editor()),
        "superuser": token_client(UserFactory(is_staff=True, is_superuser=True)),
    }


def readers() -> dict:
    """Who reads: the public, staff who may see drafts, and staff who may not."""
    return {"anonymous": AnonymousUser(), "editor": make_editor(), "staff": UserFactory(is_staff=True)}


def assert_reads_as_drf(serializer_class, records, *, user, path="/api/v1/", format=None) -> None:
    """The JSON of ``records`` from the serializer's read path, as a page and one by one,
    is byte for byte the JSON of DRF's field-by-field representation."""
    request = Request(APIRequestFactory().get(path))
    request.user = user
    context = {"request": request, "format": format, "view": None}

    def render(data) -> str:
        return JSONRenderer().render(data).decode()

    expected = [render(serializer_class(context=context).field_by_field(record)) for record in records]
    assert [render(data) for data in serializer_class(records, many=True, context=context).data] == expected
    assert [render(serializer_class(record, context=context).data) for record in records] == expected
