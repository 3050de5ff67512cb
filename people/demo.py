"""People and organizations named in the seed documents, as structured records.

Only facts the documents state are recorded; where a document is silent (a city, a
position) the field stays empty. Keys are the slugs other apps' loaders refer to.
"""

from django.db import transaction

from pakrus_site.models import Status

from .models import Affiliation, Organization, Person

K = Organization.Kind

# slug: (name, short name, kind, parent slug, city, country)
ORGANIZATIONS = {
    "kmcsc": ("Kazan-Multan Cultural Studies Centre", "KMCSC", K.RESEARCH_CENTRE, None, "Kazan", "RU"),
    "rmr": ("Rehmat & Maryam Researches", "", K.RESEARCH_CENTRE, None, "Islamabad", "PK"),
    "nust": ("National University of Sciences and Technology", "NUST", K.UNIVERSITY, None, "", "PK"),
    "nips": ("NUST Institute of Policy Studies", "NIPS", K.THINK_TANK, "nust", "", "PK"),
    "nust-s3h": ("NUST School of Social Sciences & Humanities", "S3H", K.UNIVERSITY, "nust", "", "PK"),
    "mgimo": (
        "Moscow State Institute of International Relations",
        "MGIMO",
        K.UNIVERSITY,
        None,
        "Moscow",
        "RU",
    ),
    "mgimo-cmps": ("Center for Military-Political Studies", "", K.RESEARCH_CENTRE, "mgimo", "Moscow", "RU"),
    "caps": ("Consortium for Asia-Pacific Studies", "CAPS", K.THINK_TANK, None, "", "PK"),
    "issi": ("Institute of Strategic Studies Islamabad", "ISSI", K.THINK_TANK, None, "Islamabad", "PK"),
    "kazan-university": ("Kazan University", "", K.UNIVERSITY, None, "Kazan", "RU"),
    "university-of-peshawar": ("University of Peshawar", "", K.UNIVERSITY, None, "Peshawar", "PK"),
    "cars-peshawar": (
        "CARS Area Study Centre",
        "CARS",
        K.RESEARCH_CENTRE,
        "university-of-peshawar",
        "Peshawar",
        "PK",
    ),
    "ras": ("Russian Academy of Sciences", "RAS", K.RESEARCH_CENTRE, None, "", "RU"),
    "primakov-center": (
        "Primakov Center for World Economy and International Affairs",
        "",
        K.RESEARCH_CENTRE,
        "ras",
        "",
        "RU",
    ),
    "business-recorder": ("Business Recorder", "", K.MEDIA, None, "", "PK"),
    "cds": ("Centre for Development and Stability", "CDS", K.THINK_TANK, None, "", "PK"),
}

# slug: (honorific, given, patronymic, family, country, [(organization slug, position)])
PEOPLE = {
    # 000: the MoU and its four featured scholars
    "ruslan-karimov": ("Dr.", "Ruslan", "Ildarovich", "Karimov", "RU", [("kmcsc", "Senior Fellow")]),
    "marat-ganiev": ("Dr.", "Marat", "Rafikovich", "Ganiev", "RU", [("kmcsc", "")]),
    "amina-valeeva": ("Dr.", "Amina", "Rustamovna", "Valeeva", "RU", [("kmcsc", "")]),
    "zuleikha-khayrullina": (
        "Dr.",
        "Zuleikha",
        "Ilnurovna",
        "Khayrullina",
        "RU",
        [("kmcsc", "Coordinator, South Caucasus–South Asia cultural initiatives")],
    ),
    "maryam-habib": ("", "Maryam", "", "Habib", "PK", [("rmr", "Director")]),
    # 001: the edited volume, its editor, chapter authors and reviewer
    "neelum-nigar": ("Dr.", "Neelum", "", "Nigar", "PK", []),
    "qazi-khalilullah": ("Ambassador", "Qazi", "", "Khalilullah", "PK", []),
    "olga-kharina": ("Dr.", "Olga A.", "", "Kharina", "RU", []),
    "shabir-ahmad-khan": ("Prof.", "Shabir Ahmad", "", "Khan", "PK", []),
    "nikolai-plotnikov": ("Dr.", "Nikolai", "", "Plotnikov", "RU", []),
    "afia-malik": ("Dr.", "Afia", "", "Malik", "PK", []),
    "daria-saprynskaya": ("Dr.", "Daria", "", "Saprynskaya", "RU", []),
    "adam-saud": ("Dr.", "Adam", "", "Saud", "PK", []),
    "irina-serenko": ("Dr.", "Irina", "", "Serenko", "RU", []),
    "saira-abbasi": ("Dr.", "Saira", "", "Abbasi", "PK", []),
    "natalia-melekhina": ("Dr.", "Natalia", "", "Melekhina", "RU", []),
    # The review is signed only by a contact address at ISSI, which gives the name.
    "muhammad-taimur-khan": ("", "Muhammad Taimur", "", "Khan", "PK", [("issi", "")]),
    # 001 and 003: the same scholars appear in both documents.
    "khurram-iqbal": ("Dr.", "Khurram", "", "Iqbal", "PK", [("caps", "President")]),
    "taimur-fahad-khan": ("Mr.", "Taimur Fahad", "", "Khan", "PK", [("issi", "Associate Researcher")]),
    # 001 and 002
    "ashfaque-hasan-khan": (
        "Dr.",
        "Ashfaque Hasan",
        "",
        "Khan",
        "PK",
        [("nust-s3h", "Principal"), ("nips", "Director-General")],
    ),
    # 002: the NIPS webinar
    "amir-yaqub": ("Brig (Retd)", "Amir", "", "Yaqub", "PK", [("nips", "Director")]),
    "vladimir-kozin": ("Dr.", "Vladimir", "", "Kozin", "RU", [("mgimo-cmps", "Leading Expert")]),
    "shahid-m-amin": ("Ambassador (Retd)", "Shahid M", "", "Amin", "PK", []),
    "inam-ul-haque": ("Major General (Retd)", "Inam ul", "", "Haque", "PK", []),
    "atia-ali-kazmi": ("Dr.", "Atia Ali", "", "Kazmi", "PK", [("nips", "Senior Policy Analyst")]),
    "ali-shah": ("Mr.", "Ali", "", "Shah", "PK", [("nips", "Head of Research")]),
    # 003: the CAPS seminar
    "umair-pervez-khan": ("", "Umair Pervez", "", "Khan", "PK", [("caps", "General Secretary")]),
    "roksolana-zigon": ("Dr.", "Roksolana", "", "Zigon", "RU", []),
    "ilsur": (
        "Dr.",
        "Ilsur",
        "",
        "",
        "RU",
        [("kazan-university", "Faculty member, Department of International Relations")],
    ),
    "shabbir-ahmed": ("Dr.", "Shabbir", "", "Ahmed", "PK", [("cars-peshawar", "Director")]),
    "gleb-makarevich": (
        "Mr.",
        "Gleb",
        "",
        "Makarevich",
        "RU",
        [("primakov-center", "Senior Research Fellow")],
    ),
    # 004: the CDS article
    "nuzhat-nazar": ("", "Nuzhat", "", "Nazar", "PK", [("business-recorder", "Journalist")]),
}

PRIVATE_EMAILS = {"muhammad-taimur-khan": "muhammad.taimur.khan@issi.org.pk"}

BIOS = {
    "ruslan-karimov": "Senior fellow at the Kazan-Multan Cultural Studies Centre. His work reads Pakistan's "
    "turn towards Moscow through cultural narratives and hedging strategies.",
    "maryam-habib": "Director of Rehmat & Maryam Researches, Islamabad.",
    "vladimir-kozin": "Leading expert at MGIMO's Center for Military-Political Studies.",
    "nuzhat-nazar": "Journalist with Business Recorder, writing on Pakistan's foreign relations.",
}


@transaction.atomic
def load() -> dict[str, dict]:
    organizations: dict[str, Organization] = {}
    for slug, (name, short_name, kind, parent, city, country) in ORGANIZATIONS.items():
        organizations[slug], _ = Organization.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short_name,
                "kind": kind,
                "parent": organizations[parent] if parent else None,
                "city": city,
                "country": country,
                "status": Status.PUBLISHED,
            },
        )
    people: dict[str, Person] = {}
    for slug, (honorific, given, patronymic, family, country, positions) in PEOPLE.items():
        person, _ = Person.objects.update_or_create(
            slug=slug,
            defaults={
                "honorific": honorific,
                "given_name": given,
                "patronymic": patronymic,
                "family_name": family,
                "country": country,
                "bio": BIOS.get(slug, ""),
                "email": PRIVATE_EMAILS.get(slug, ""),
                "status": Status.PUBLISHED,
            },
        )
        for order, (organization_slug, position) in enumerate(positions):
            Affiliation.objects.update_or_create(
                person=person,
                organization=organizations[organization_slug],
                defaults={"position": position, "is_current": True, "order": order},
            )
        people[slug] = person
    return {"organizations": organizations, "people": people}
