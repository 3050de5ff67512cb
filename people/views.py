from django.views.generic import ListView
from django_countries import countries

from events.models import Agreement, events_featuring, events_of_organization
from pakrus_site.caching import remembered
from pakrus_site.models import Status, topic_with_slug
from pakrus_site.prepared import PreparedList, PreparedQuery
from pakrus_site.social import social_meta
from pakrus_site.views import (
    MENU_FIELDS,
    ORGANIZATION_CHOICES,
    PreparedRecordDetailView,
    VisibleRecordMixin,
    choices_with,
)
from publications.models import Contribution, Publication

from .models import Affiliation, Organization, Person
from .structured_data import organization_json_ld, person_json_ld

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def listed_people(*, drafts: bool, **filters):
    """The people the list shows for these filters (``PersonQuerySet.matching()``):
    published ones only unless ``drafts``."""
    people = Person.objects.visible(drafts=drafts)
    return people.matching(**filters)


PERSON_LIST_ROWS = PreparedQuery(
    lambda *, start, stop, **filters: listed_people(**filters).alphabetical().for_cards()[start:stop],
    # Django writes a slice into the SQL, and a letter as a pattern.
    shaping=("start", "stop", "letter"),
)


class PersonListView(VisibleRecordMixin, ListView):
    model = Person
    paginate_by = 24
    template_name = "people/person_list.html"

    def get_queryset(self):
        params = self.request.GET
        self.letter = params.get("letter", "").upper()
        if len(self.letter) != 1 or self.letter not in LETTERS:
            self.letter = ""
        self.country = params.get("country", "").upper()
        if self.country not in dict(countries):
            self.country = ""
        self.organization = None
        if slug := params.get("organization"):
            self.organization = Organization.objects.published().filter(slug=slug).first()
        self.topic = None
        if slug := params.get("topic"):
            self.topic = topic_with_slug(slug)
        if (params.get("organization") and not self.organization) or (params.get("topic") and not self.topic):
            return Person.objects.none()  # an unknown organization or topic: nobody
        filters = {
            "drafts": Person.objects.shows_drafts_to(self.request.user),
            "letter": self.letter or None,
            "country": self.country or None,
            "organization_id": self.organization.pk if self.organization else None,
            "topic_id": self.topic.pk if self.topic else None,
        }
        return PreparedList(
            PERSON_LIST_ROWS,
            model=Person,
            name="person-list-count",
            page_size=self.paginate_by,
            count=lambda: listed_people(**filters).count(),
            **filters,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        used_countries = set(
            remembered(
                Person.objects.published()
                .exclude(country="")
                .order_by()
                .values_list("country", flat=True)
                .distinct(),
                name="person-countries",
            )
        )
        employers = Organization.objects.published().most_linked(
            "affiliations", person__status=Status.PUBLISHED
        )
        context |= {
            "letters": LETTERS,
            "letter": self.letter,
            "country": self.country,
            "country_choices": [(code, name) for code, name in countries if code in used_countries],
            "organization": self.organization,
            "organization_choices": choices_with(
                remembered(employers[:ORGANIZATION_CHOICES], name="person-employers", fields=MENU_FIELDS),
                self.organization,
            ),
            "unknown_organization": bool(self.request.GET.get("organization")) and self.organization is None,
            "topic": self.topic,
            "unknown_topic": bool(self.request.GET.get("topic")) and self.topic is None,
        }
        return context


PERSON_PAGE = PreparedQuery(
    lambda *, slug, drafts: Person.objects.visible(drafts=drafts).filter(slug=slug).for_profile()
)
WORKS_OF = PreparedQuery(lambda *, person_id: Contribution.objects.works_of(person_id))
AGREEMENTS_INVOLVING = PreparedQuery(
    lambda *, person_id: Agreement.objects.published().involving(person_id).newest_first()
)


class PersonDetailView(PreparedRecordDetailView):
    model = Person
    template_name = "people/person_detail.html"
    page_query = PERSON_PAGE

    def get_context_data(self, **kwargs):
        person = self.object
        return super().get_context_data(**kwargs) | {
            "structured_data": person_json_ld(person),
            "social_meta": social_meta(
                person,
                title=person.display_name,
                description=person.bio,
                image=person.photo_portrait if person.photo else None,
                image_alt=person.photo_alt or person.display_name,
                og_type="profile",
            ),
            "publication_works": WORKS_OF(person_id=person.pk),
            "person_events": events_featuring(person.pk),
            "person_agreements": AGREEMENTS_INVOLVING(person_id=person.pk),
        }


class OrganizationListView(VisibleRecordMixin, ListView):
    model = Organization
    paginate_by = 30
    template_name = "people/organization_list.html"

    def get_queryset(self):
        organizations = super().get_queryset().for_list()
        self.kind = self.request.GET.get("kind", "")
        if self.kind not in Organization.Kind.values:
            self.kind = ""
        if self.kind:
            organizations = organizations.filter(kind=self.kind)
        return organizations

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"kind": self.kind, "kinds": Organization.Kind.choices}


ORGANIZATION_PAGE = PreparedQuery(
    lambda *, slug, drafts: (
        Organization.objects.visible(drafts=drafts).filter(slug=slug).select_related("parent")
    )
)
PEOPLE_OF = PreparedQuery(
    lambda *, organization_id: (
        Person.objects.published()
        .filter(pk__in=Affiliation.objects.filter(organization=organization_id).values("person"))
        .alphabetical()
        .for_cards()
    )
)
UNITS_OF = PreparedQuery(
    lambda *, organization_id: Organization.objects.published().filter(parent=organization_id)
)
AGREEMENTS_OF = PreparedQuery(
    lambda *, organization_id: Agreement.objects.published().with_party(organization_id).newest_first()
)
PUBLICATIONS_OF = PreparedQuery(
    lambda *, organization_id: Publication.objects.published().from_organization(organization_id).for_cards()
)


class OrganizationDetailView(PreparedRecordDetailView):
    model = Organization
    template_name = "people/organization_detail.html"
    page_query = ORGANIZATION_PAGE

    def get_context_data(self, **kwargs):
        organization = self.object
        children = UNITS_OF(organization_id=organization.pk)
        return super().get_context_data(**kwargs) | {
            "structured_data": organization_json_ld(organization, units=children),
            "social_meta": social_meta(
                organization,
                title=organization.name,
                description=organization.description,
                image=organization.logo_small if organization.logo else None,
                image_alt=organization.name,
            ),
            "people": PEOPLE_OF(organization_id=organization.pk),
            "children": children,
            "organization_events": events_of_organization(organization.pk),
            "organization_agreements": AGREEMENTS_OF(organization_id=organization.pk),
            "organization_publications": PUBLICATIONS_OF(organization_id=organization.pk),
        }
