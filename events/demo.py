"""The events and the MoU of the seed documents, as structured records.

Summaries, highlights and recommendations are condensed in our own words; facts the
documents do not give (the webinar's date and link, the MoU's date and signatories) are
left empty. Loading twice changes nothing: records are found by slug and their parts are
replaced as a whole.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from pakrus_site.models import Status, Topic
from people.models import Organization, Person

from .models import (
    Agreement,
    AgreementArea,
    AgreementParty,
    Event,
    EventOrganization,
    FeaturedPerson,
    Participation,
    Recommendation,
    Series,
)

R = Participation.Role
KARACHI = ZoneInfo("Asia/Karachi")

SERIES = {
    "nips-lecture-series": {
        "name": "NIPS Lecture Series",
        "organization": "nips",
        "description": "NIPS invites national and international experts to speak on questions of current "
        "importance to an audience of policymakers, officials, diplomats, business leaders, scholars "
        "and students.",
    },
}

EVENTS = {
    # 003: the CAPS post-event report
    "pakistan-russia-cooperation-in-non-traditional-security": {
        "title": "Pakistan-Russia Cooperation in Non-Traditional Security",
        "kind": Event.Kind.SEMINAR,
        "series": None,
        "timezone": "Asia/Karachi",
        "starts_at": datetime.datetime(2025, 4, 29, 14, 0, tzinfo=KARACHI),
        "ends_at": datetime.datetime(2025, 4, 29, 16, 0, tzinfo=KARACHI),
        "venue_name": "Hotel Crown Plaza",
        "city": "Islamabad",
        "country": "PK",
        "summary": "A CAPS seminar that looked past high politics for new ground in Pakistan–Russia "
        "relations: water, trade corridors, labour migration, education and culture. Russian and "
        "Pakistani scholars spoke, and the forum agreed on seven recommendations.",
        "body": "<p>The change in the global order gives Pakistan room to work with Russia beyond the "
        "strategic realm, where its ties with Moscow must be weighed against Moscow's ties with New "
        "Delhi. The seminar looked for that room in non-traditional security.</p>"
        "<p>In the questions that closed the session, participants named visas, bureaucracy and thin "
        "public engagement as the main obstacles, and asked Russia to use its standing in the region "
        "to encourage dialogue between Pakistan and India, notably over the Indus Waters Treaty.</p>",
        "organizers": ["caps"],
        "topics": [
            "non-traditional-security",
            "water-security",
            "connectivity",
            "labour-migration",
            "education",
            "cultural-diplomacy",
        ],
        "participants": [
            (
                "khurram-iqbal",
                R.CHAIR,
                "Restated the consortium's aim of linking Pakistan with the Asia-Pacific and Eurasia, "
                "called Russia a key actor in the region, and urged work in areas the two countries "
                "have so far neglected.",
            ),
            ("umair-pervez-khan", R.MODERATOR, ""),
            (
                "roksolana-zigon",
                R.SPEAKER,
                "Put water scarcity at the top of the non-traditional threats, rejected India's "
                "unilateral suspension of the Indus Waters Treaty, contrasted Pakistan's measured "
                "response with India's, and proposed a new framework with Russia resting on "
                "technological sovereignty and educational collaboration.",
            ),
            (
                "taimur-fahad-khan",
                R.SPEAKER,
                "Examined the North-South Corridor as a link between the two countries, showed barter "
                "trade keeping commerce going despite outside pressure, and proposed joined-up railways, "
                "simpler customs, secure payment channels and green lanes for perishable goods.",
            ),
            (
                "ilsur",
                R.SPEAKER,
                "Sorted the countries' ties into political, economic and cultural ones, argued that "
                "cultural and economic exchange together make a partnership last, culture being slow to "
                "take effect but deep, and suggested cultural festivals as a meeting ground.",
            ),
            (
                "shabbir-ahmed",
                R.SPEAKER,
                "Set out Russia's new migration rules since February 2025, a three-year temporary "
                "residence scheme and a five-year green card, against a shortage of about 4.8 million "
                "workers in manufacturing, construction and transport, and saw room for more skilled "
                "Pakistani workers.",
            ),
            (
                "gleb-makarevich",
                R.SPEAKER,
                "Reviewed academic cooperation: some progress, held back by red tape, little awareness "
                "on either side and too few experts who know the other country's language.",
            ),
        ],
        "recommendations": [
            "Set up institutional dialogues between Pakistan and Russia that give the relationship "
            "priority and tackle its structural and geopolitical obstacles, trade above all.",
            "Use public-private partnerships to build sustainable infrastructure and commercial "
            "connectivity, especially along the International North-South Transport Corridor (INSTC).",
            "Hold Russian cultural festivals in Islamabad, organized through CAPS, to bring the two "
            "peoples closer.",
            "Build the Russian-language skills of Pakistan's Russia experts, with NUML's help and by "
            "teaching Russian at the main universities that offer International Relations degrees.",
            "Train skilled workers in IT, engineering and healthcare for Russia's labour market, and "
            "strengthen bilateral agreements that ease labour migration, including support for "
            "Pakistani workers with Russia's immigration laws.",
            "Reject unilateral regional moves such as the suspension of the Indus Waters Treaty; the "
            "Russian speakers also proposed drawing on Russian water-management technology.",
            "Add Russian professors to the expert panels of Pakistani universities that examine PhD "
            "theses, rather than sending the theses to Western universities.",
        ],
    },
    # 002: the NIPS webinar; the report gives no date, time or link.
    "nips-webinar-pakistan-russia-relations": {
        "title": "Pakistan-Russian Relations",
        "kind": Event.Kind.WEBINAR,
        "series": "nips-lecture-series",
        "timezone": "Asia/Karachi",
        "starts_at": None,
        "ends_at": None,
        "venue_name": "",
        "city": "",
        "country": "",
        "summary": "A NIPS webinar on the prospects for Pakistan–Russia cooperation as the regional and "
        "global situation shifts, with a main speaker from MGIMO and Pakistani diplomats, generals "
        "and analysts.",
        "body": "",
        "organizers": ["nips"],
        "topics": ["geopolitics", "defence", "economy"],
        "participants": [
            (
                "amir-yaqub",
                R.MODERATOR,
                "Moderated the webinar, which NIPS held as part of its lecture series.",
            ),
            (
                "vladimir-kozin",
                R.MAIN_SPEAKER,
                "Called relations positive, dispute-free and broad, with much room to grow in economics "
                "and security, asked for closer consultation on regional events, and suggested Pakistan "
                "might join the Zapad-2023 exercises.",
            ),
            (
                "shahid-m-amin",
                R.SPEAKER,
                "Saw weak economic, technological and cultural ties as the gap to close, held that "
                "closer ties with Russia must not cost Pakistan its Western relations, and named Russian "
                "arms sales to India as a possible strain.",
            ),
            (
                "inam-ul-haque",
                R.SPEAKER,
                "Urged policymakers to understand the rival camps in Russia's foreign-policy "
                "establishment, named China and Afghanistan as points of convergence, and saw Russia's "
                "demography opening new kinds of cooperation.",
            ),
            (
                "atia-ali-kazmi",
                R.SPEAKER,
                "Described relations that are not transactional, join geopolitics with geoeconomics and "
                "move ahead at a steady, sustainable pace.",
            ),
            (
                "ali-shah",
                R.SPEAKER,
                "Argued for an early-harvest joint project such as a Pakistan-Russia science and "
                "technology park in Pakistan.",
            ),
            (
                "ashfaque-hasan-khan",
                R.CLOSING_REMARKS,
                "Argued that dropping zero-sum power politics would let China, Russia and the US "
                "cooperate issue by issue through open regional coalitions.",
            ),
        ],
        "recommendations": [],
    },
}

A = AgreementArea.Kind

AGREEMENTS = {
    # 000: the MoU; the article gives neither the date nor the signatories.
    "kmcsc-rmr-mou": {
        "title": "MoU between the Kazan-Multan Cultural Studies Centre and Rehmat & Maryam Researches",
        "kind": Agreement.Kind.MOU,
        "signed_on": None,
        "signed_city": "Islamabad",
        "signed_country": "PK",
        "legal_status": Agreement.LegalStatus.IN_FORCE,
        "summary": "A memorandum of understanding between a Kazan research centre and an Islamabad one "
        "for joint research, faculty exchange and joint publications in international relations, "
        "cultural studies and strategic diplomacy, meant to grow scholarship on Pakistan and Russia "
        "from the region's own perspective.",
        "parties": ["kmcsc", "rmr"],
        "featured": [
            "ruslan-karimov",
            "marat-ganiev",
            "amina-valeeva",
            "zuleikha-khayrullina",
            "maryam-habib",
        ],
        "areas": [
            (A.ACTIVITY, "Collaborative research"),
            (A.ACTIVITY, "Faculty exchange"),
            (A.ACTIVITY, "Joint publications"),
            (A.ACTIVITY, "Seminars"),
            (A.ACTIVITY, "Co-authored policy papers"),
            (A.ACTIVITY, "Bilingual academic journals"),
            (A.ACTIVITY, "Student mobility programmes"),
            (A.ACTIVITY, "Conferences in Islamabad and Kazan"),
            (A.FIELD, "International relations"),
            (A.FIELD, "Cultural studies"),
            (A.FIELD, "Strategic diplomacy"),
            (A.FOCUS, "Regional integration"),
            (A.FOCUS, "Religious diplomacy"),
            (A.FOCUS, "Civilizational identity politics"),
            (A.FOCUS, "Post-Western reordering of global narratives"),
            (A.PRIORITY, "Islamic Eurasianism"),
            (A.PRIORITY, "Afghanistan after 2021"),
            (A.PRIORITY, "The SCO's cultural dimension"),
            (A.PRIORITY, "A South Caucasus–South Asia civilizational corridor"),
        ],
        "topics": ["cultural-diplomacy", "education", "geopolitics"],
    },
}


def _people(slugs):
    found = Person.objects.in_bulk(slugs, field_name="slug")
    return [found[slug] for slug in slugs]


def _organizations(slugs):
    found = Organization.objects.in_bulk(slugs, field_name="slug")
    return [found[slug] for slug in slugs]


def _topics(slugs):
    return list(Topic.objects.filter(slug__in=slugs))


@transaction.atomic
def load() -> dict[str, dict]:
    """Needs the topics and the people directory loaded first."""
    series = {}
    for slug, data in SERIES.items():
        series[slug], _ = Series.objects.update_or_create(
            slug=slug,
            defaults={
                "name": data["name"],
                "organization": _organizations([data["organization"]])[0],
                "description": data["description"],
            },
        )

    events = {}
    for slug, data in EVENTS.items():
        event, _ = Event.objects.update_or_create(
            slug=slug,
            defaults={
                "title": data["title"],
                "kind": data["kind"],
                "series": series[data["series"]] if data["series"] else None,
                "timezone": data["timezone"],
                "starts_at": data["starts_at"],
                "ends_at": data["ends_at"],
                "venue_name": data["venue_name"],
                "city": data["city"],
                "country": data["country"],
                "summary": data["summary"],
                "body": data["body"],
                "status": Status.PUBLISHED,
            },
        )
        event.topics.set(_topics(data["topics"]))
        event.organizers.all().delete()
        EventOrganization.objects.bulk_create(
            EventOrganization(event=event, organization=organization, order=order)
            for order, organization in enumerate(_organizations(data["organizers"]), start=1)
        )
        people = _people([person for person, _role, _highlight in data["participants"]])
        event.participations.all().delete()
        Participation.objects.bulk_create(
            Participation(event=event, person=person, role=role, highlight=highlight, order=order)
            for order, (person, (_slug, role, highlight)) in enumerate(
                zip(people, data["participants"], strict=True), start=1
            )
        )
        event.recommendations.all().delete()
        Recommendation.objects.bulk_create(
            Recommendation(event=event, text=text, order=order)
            for order, text in enumerate(data["recommendations"], start=1)
        )
        events[slug] = event

    agreements = {}
    for slug, data in AGREEMENTS.items():
        agreement, _ = Agreement.objects.update_or_create(
            slug=slug,
            defaults={
                "title": data["title"],
                "kind": data["kind"],
                "signed_on": data["signed_on"],
                "signed_city": data["signed_city"],
                "signed_country": data["signed_country"],
                "legal_status": data["legal_status"],
                "summary": data["summary"],
                "status": Status.PUBLISHED,
            },
        )
        agreement.topics.set(_topics(data["topics"]))
        agreement.parties.all().delete()
        AgreementParty.objects.bulk_create(
            AgreementParty(agreement=agreement, organization=organization, order=order)
            for order, organization in enumerate(_organizations(data["parties"]), start=1)
        )
        agreement.featured.all().delete()
        FeaturedPerson.objects.bulk_create(
            FeaturedPerson(agreement=agreement, person=person, order=order)
            for order, person in enumerate(_people(data["featured"]), start=1)
        )
        agreement.areas.all().delete()
        AgreementArea.objects.bulk_create(
            AgreementArea(agreement=agreement, kind=kind, name=name, order=order)
            for order, (kind, name) in enumerate(data["areas"], start=1)
        )
        agreements[slug] = agreement
    return {"series": series, "events": events, "agreements": agreements}
