from pakrus_site.api import PublishedRecordViewSet

from .filters import AgreementFilter, EventFilter
from .models import Agreement, Event
from .serializers import AgreementSerializer, EventSerializer


class EventViewSet(PublishedRecordViewSet):
    """Latest first by default; events whose date was not recorded come last."""

    # The serializer reads the organizers, participants, recommendations and topics of a
    # whole page itself.
    queryset = Event.objects.newest_first().select_related("series")
    serializer_class = EventSerializer
    filterset_class = EventFilter
    search_fields = ["title", "summary", "venue_name", "city", "series__name"]
    ordering_fields = ["starts_at", "title", "updated_at", "published_at"]


class AgreementViewSet(PublishedRecordViewSet):
    """Latest signed first by default; agreements whose signing date was not recorded come last."""

    # The serializer reads the parties, areas, people featured and topics of a whole page
    # itself.
    queryset = Agreement.objects.newest_first().select_related("signing_event")
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    search_fields = ["title", "summary", "signed_city"]
    ordering_fields = ["signed_on", "title", "updated_at", "published_at"]
