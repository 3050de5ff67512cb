"""Clients for the permission matrix: anonymous, a token without rights, an editor's
token and a superuser's token."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

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
