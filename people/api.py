from pakrus_site.api import PublishedRecordViewSet

from .filters import OrganizationFilter, PersonFilter
from .models import Organization, Person
from .serializers import OrganizationSerializer, PersonSerializer


class PersonViewSet(PublishedRecordViewSet):
    # The serializer reads the affiliations and topics of a whole page itself.
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    search_fields = ["given_name", "patronymic", "family_name", "native_name", "honorific"]
    ordering_fields = ["sort_name", "updated_at", "published_at"]
    ordering = ["sort_name", "pk"]


class OrganizationViewSet(PublishedRecordViewSet):
    # The serializer reads the topics of a whole page itself.
    queryset = Organization.objects.for_list()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    search_fields = ["name", "short_name", "city"]
    ordering_fields = ["name", "updated_at", "published_at"]
    ordering = ["name", "pk"]
