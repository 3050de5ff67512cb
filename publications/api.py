from pakrus_site.api import PublishedRecordViewSet

from .filters import PublicationFilter
from .models import Publication
from .serializers import PublicationSerializer


class PublicationViewSet(PublishedRecordViewSet):
    """Every kind, chapters included (the public list shows chapters inside their volume);
    latest first by default."""

    # The serializer reads the contributors, topics, volumes and reviewed works of a whole
    # page itself.
    queryset = Publication.objects.select_related("publisher", "outlet")
    serializer_class = PublicationSerializer
    filterset_class = PublicationFilter
    search_fields = ["title", "subtitle", "abstract", "isbn", "doi", "publisher_name", "outlet_name"]
    ordering_fields = ["published_on", "title", "updated_at", "published_at"]
