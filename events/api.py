from django.db.models import Prefetch

from pakrus_site.api import PublishedRecordViewSet

from .filters import AgreementFilter, EventFilter
from .models import Agreement, Event, FeaturedPerson, Participation
from .serializers import AgreementSerializer, EventSerializer


class EventViewSet(PublishedRecordViewSet):
    """Latest first by default; events whose date was not recorded come last."""

    queryset = (
        Event.objects.newest_first()
        .for_list()
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("person")),
            "recommendations",
            "topics",
        )
    )
    serializer_class = EventSerializer
    filterset_class = EventFilter
    search_fields = ["title", "summary", "venue_name", "city", "series__name"]
    ordering_fields = ["starts_at", "title", "updated_at", "published_at"]


class AgreementViewSet(PublishedRecordViewSet):
    """Latest signed first by default; agreements whose signing date was not recorded come last."""

    queryset = (
        Agreement.objects.newest_first()
        .for_list()
        .select_related("signing_event")
        .prefetch_related(
            "areas",
            "topics",
            Prefetch("featured", queryset=FeaturedPerson.objects.select_related("person")),
        )
    )
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    search_fields = ["title", "summary", "signed_city"]
    ordering_fields = ["signed_on", "title", "updated_at", "published_at"]
