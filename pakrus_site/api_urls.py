"""The partner API under /api/v1/, its OpenAPI schema and its documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from events.api import AgreementViewSet, EventViewSet
from people.api import OrganizationViewSet, PersonViewSet
from publications.api import PublicationViewSet

from .api import TopicViewSet

router = DefaultRouter()
router.register("events", EventViewSet, basename="event")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("publications", PublicationViewSet, basename="publication")
router.register("people", PersonViewSet, basename="person")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("topics", TopicViewSet, basename="topic")

urlpatterns = [
    path("v1/", include((router.urls, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up code as a file (?script), not inline, so
    # the docs work under the Content-Security-Policy.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
