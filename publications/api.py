from pakrus_site.api import PublishedRecordViewSet

from .filters import PublicationFilter
from .models import Publication
from .serializers import PublicationSerializer


class PublicationViewSet(PublishedRecordViewSet):
    """Every kind, chapters included (the public list shows chapters inside their volume);
    latest first by default."""

    queryset = Publication.objects.for_list().prefetch_related("topics")
    serializer_class = PublicationSerializer
    filterset_class = PublicationFilter
    search_fields = ["title", "subtitle", "abstract", "isbn", "doi", "publisher_name", "outlet_name"]
    ordering_fields = ["published_on", "title", "updated_at", "published_at"]
