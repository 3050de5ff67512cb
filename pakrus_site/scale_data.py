"""Realistic content at scale, for load tests and the benchmark.

``generate()`` fills an empty database with people, organizations, events, publications
and agreements that look like a network's years of records: Pakistani and Russian names
(with patronymics and native script), institutions with acronyms and parents, seminars in
series with chairs and speakers, books with chapters and reviews, MoUs with their parties.
Rows go in with ``bulk_create`` in batches, bypassing per-row signals, and the search index
is built in bulk the way ``pakrus_site.search.index_record`` builds one entry. The same seed
and the same ``today`` give the same content.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import TextField, Value
from django.db.models.functions import Concat
from django.utils.html import strip_tags
from slugify import slugify

from events.models import (
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
from people.models import Affiliation, Organization, Person
from publications.dates import DatePrecision, truncate_date
from publications.models import Contribution, Publication
from publications.validators import format_isbn

from . import caching, search
from .models import SLUG_MAX_LENGTH, SearchEntry, Status, Topic

CONTENT_APPS = ("people", "events", "publications")
UTC = datetime.UTC


@dataclass(frozen=True)
class Sizes:
    """How many records of each kind; the default is a network with years of content."""

    people: int = 20_000
    organizations: int = 5_000
    events: int = 50_000
    publications: int = 50_000
    agreements: int = 2_000

    def scaled(self, fraction: float) -> Sizes:
        return Sizes(
            **{
                name: max(1, round(getattr(self, name) * fraction))
                for name in ("people", "organizations", "events", "publications", "agreements")
            }
        )


class ContentExists(Exception):
    """The database already holds records; generating would mix them with made-up ones."""


def content_models() -> list[type[models.Model]]:
    """Every table the generator writes: the content apps, Topic and the search index,
    with the auto-created many-to-many tables."""
    found = [Topic, SearchEntry]
    for label in CONTENT_APPS:
        found.extend(apps.get_app_config(label).get_models())
    through = [
        field.remote_field.through
        for model in found
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    return found + through


def has_content() -> bool:
    return any(model._default_manager.exists() for model in (Topic, Organization, Person, Event, Publication))


def clear_content() -> None:
    """Empties every content table at once (TRUNCATE on PostgreSQL), resetting ids."""
    tables = [model._meta.db_table for model in content_models()]
    if connection.vendor == "postgresql":
        # TRUNCATE refuses to run while foreign-key checks of this transaction are pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    connection.ops.execute_sql_flush(statements)


def generate(
    *,
    sizes: Sizes,
    seed: int,
    today: datetime.date,
    replace: bool = False,
    batch_size: int = 2000,
    log: Callable[[str], None] = lambda message: None,
) -> dict[str, int]:
    """Fills the database and returns the number of rows written per model."""
    with transaction.atomic():
        if has_content():
            if not replace:
                raise ContentExists(
                    "The database already has content. Generating scale data would mix made-up "
                    "records with real ones; use an empty database, or replace everything."
                )
            clear_content()
        with explicit_timestamps():
            counts = Generator(sizes=sizes, seed=seed, today=today, batch_size=batch_size, log=log).run()
        caching.bump_generation()
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner, and (outside a transaction) the visibility map
        # that lets counts read only the indexes, as autovacuum would leave them in time.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in content_models():
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
    return counts


@contextmanager
def explicit_timestamps() -> Iterator[None]:
    """Lets generated rows carry their own created/updated times instead of "now", so the
    data has a history (``updated_since`` sync, newest-first lists) like a real site."""
    fields = [
        field
        for model in content_models()
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


# Vocabulary ------------------------------------------------------------------------------

TOPICS = [
    "Defence",
    "Energy",
    "Connectivity",
    "Cultural diplomacy",
    "Education",
    "Labour migration",
    "Water security",
    "Multilateral fora",
    "Trade and investment",
    "Counter-terrorism",
    "Afghanistan",
    "Central Asia",
    "Nuclear energy",
    "Climate change",
    "Food security",
    "Maritime affairs",
    "Media and information",
    "Language and literature",
    "History",
    "Religion and heritage",
    "Science and technology",
    "Space",
    "Health",
    "Tourism",
    "Finance and banking",
    "Agriculture",
    "Arms control",
    "Regional integration",
    "Diaspora",
    "Sports",
]

# (subject phrase, topics) — what events, papers and agreements are about.
SUBJECTS = [
    ("Pakistan–Russia energy cooperation", ["Energy"]),
    ("the future of the Shanghai Cooperation Organisation", ["Multilateral fora", "Regional integration"]),
    ("connectivity through Central Asia", ["Connectivity", "Central Asia"]),
    ("the International North–South Transport Corridor", ["Connectivity", "Trade and investment"]),
    ("water security in the Indus basin", ["Water security", "Climate change"]),
    ("counter-terrorism cooperation in Eurasia", ["Counter-terrorism", "Defence"]),
    ("cultural diplomacy and soft power", ["Cultural diplomacy"]),
    ("Russian language teaching in Pakistan", ["Education", "Language and literature"]),
    ("Urdu studies in Russian universities", ["Education", "Language and literature"]),
    ("labour migration from South Asia to Russia", ["Labour migration", "Diaspora"]),
    ("the enlargement of BRICS", ["Multilateral fora"]),
    ("Afghanistan and regional stability", ["Afghanistan", "Counter-terrorism"]),
    ("civil nuclear partnerships", ["Nuclear energy", "Energy"]),
    ("trade in national currencies", ["Finance and banking", "Trade and investment"]),
    ("the Eurasian Economic Union and South Asia", ["Regional integration", "Trade and investment"]),
    ("maritime security in the Arabian Sea", ["Maritime affairs", "Defence"]),
    ("academic mobility and student exchanges", ["Education"]),
    ("climate adaptation in mountain regions", ["Climate change", "Water security"]),
    ("digital sovereignty and cyber norms", ["Science and technology", "Media and information"]),
    ("the legacy of the Tashkent Declaration", ["History"]),
    ("Sufi heritage in Tatarstan and Punjab", ["Religion and heritage", "Cultural diplomacy"]),
    ("defence industry cooperation", ["Defence"]),
    ("wheat trade and food security", ["Food security", "Agriculture"]),
    ("the Pakistan Stream gas pipeline", ["Energy", "Trade and investment"]),
    ("media narratives in bilateral relations", ["Media and information"]),
    ("the Global South in a multipolar order", ["Multilateral fora"]),
    ("space science cooperation", ["Space", "Science and technology"]),
    ("higher education partnerships", ["Education"]),
    ("the energy transition in Eurasia", ["Energy", "Climate change"]),
    ("Gwadar and the ports of the region", ["Maritime affairs", "Connectivity"]),
    ("railway links to Central Asia", ["Connectivity", "Central Asia"]),
    ("arms control after the INF Treaty", ["Arms control", "Defence"]),
    ("public health cooperation after the pandemic", ["Health"]),
    ("religious tourism and heritage routes", ["Tourism", "Religion and heritage"]),
    ("the Pakistani diaspora in Russia", ["Diaspora", "Labour migration"]),
    ("Russian literature in Urdu translation", ["Language and literature", "Cultural diplomacy"]),
    ("agricultural technology and irrigation", ["Agriculture", "Water security"]),
    ("banking links and payment systems", ["Finance and banking"]),
    ("sports diplomacy and youth exchanges", ["Sports", "Cultural diplomacy"]),
    ("Soviet–Pakistani relations in the Cold War", ["History"]),
    ("hydropower and the water–energy nexus", ["Energy", "Water security"]),
    ("the Caspian region and Pakistan", ["Regional integration", "Energy"]),
    ("information warfare and disinformation", ["Media and information", "Defence"]),
    ("oil and LNG supplies to South Asia", ["Energy", "Trade and investment"]),
]
FRAMINGS = [
    "prospects and challenges",
    "a historical perspective",
    "lessons of the past decade",
    "opportunities for Pakistan",
    "a Russian view",
    "policy options",
    "between rivalry and partnership",
    "the road ahead",
    "new realities",
    "a regional perspective",
    "risks and opportunities",
    "from dialogue to action",
]
ASPECTS = [
    "the role of universities",
    "visa and travel barriers",
    "financing and insurance",
    "the weight of history",
    "regional rivalries",
    "people-to-people contacts",
    "the private sector",
    "the view from Moscow",
    "the view from Islamabad",
    "sanctions and payments",
    "institutional capacity",
    "public opinion",
    "joint research",
    "language barriers",
    "the role of China",
    "the security of supply",
]

PK_MEN = [
    "Ahmed", "Ali", "Asad", "Bilal", "Faisal", "Farhan", "Hamza", "Hassan", "Imran", "Junaid",
    "Kamran", "Khalid", "Mansoor", "Naveed", "Omar", "Qasim", "Rashid", "Saad", "Salman", "Shahid",
    "Tariq", "Usman", "Waqar", "Yasir", "Zafar", "Zeeshan", "Adil", "Arif", "Babar", "Danish",
    "Ejaz", "Fahad", "Ghulam", "Haider", "Iftikhar", "Jawad", "Muhammad", "Nadeem", "Rizwan", "Sohail",
]  # fmt: skip
PK_WOMEN = [
    "Ayesha", "Amna", "Bushra", "Fatima", "Hina", "Iqra", "Javeria", "Khadija", "Lubna", "Maria",
    "Mehwish", "Nadia", "Nida", "Rabia", "Saima", "Sana", "Shazia", "Sidra", "Tahira", "Uzma",
    "Zainab", "Zara", "Aneela", "Farah", "Huma", "Maham", "Rida", "Samina",
]  # fmt: skip
PK_FAMILIES = [
    "Khan", "Ahmed", "Malik", "Qureshi", "Siddiqui", "Chaudhry", "Butt", "Shah", "Hussain", "Raza",
    "Abbasi", "Awan", "Baig", "Bhatti", "Cheema", "Durrani", "Gillani", "Hashmi", "Jamali", "Kazmi",
    "Khattak", "Leghari", "Mirza", "Naqvi", "Niazi", "Rana", "Rizvi", "Sheikh", "Soomro", "Tarar",
    "Yousafzai", "Zaidi", "Afridi", "Bukhari", "Memon", "Paracha", "Sethi", "Wazir",
]  # fmt: skip
URDU = {
    "Ahmed": "احمد", "Ali": "علی", "Asad": "اسد", "Bilal": "بلال", "Faisal": "فیصل", "Hamza": "حمزہ",
    "Hassan": "حسن", "Imran": "عمران", "Kamran": "کامران", "Khalid": "خالد", "Omar": "عمر",
    "Tariq": "طارق", "Usman": "عثمان", "Zafar": "ظفر", "Ayesha": "عائشہ", "Fatima": "فاطمہ",
    "Sana": "ثنا", "Zainab": "زینب", "Nadia": "نادیہ", "Rabia": "رابعہ", "Khan": "خان", "Malik": "ملک",
    "Qureshi": "قریشی", "Siddiqui": "صدیقی", "Shah": "شاہ", "Hussain": "حسین", "Raza": "رضا",
    "Abbasi": "عباسی", "Mirza": "مرزا", "Naqvi": "نقوی", "Rizvi": "رضوی", "Sheikh": "شیخ", "Zaidi": "زیدی",
}  # fmt: skip
# Russian first names with the stem their patronymics are built on (+ich / +na).
RU_MEN = [
    ("Aleksandr", "Александр", "Aleksandrov", "Александров"),
    ("Aleksei", "Алексей", "Alekseev", "Алексеев"),
    ("Andrei", "Андрей", "Andreev", "Андреев"),
    ("Dmitry", "Дмитрий", "Dmitriev", "Дмитриев"),
    ("Ivan", "Иван", "Ivanov", "Иванов"),
    ("Igor", "Игорь", "Igorev", "Игорев"),
    ("Mikhail", "Михаил", "Mikhailov", "Михайлов"),
    ("Nikolai", "Николай", "Nikolaev", "Николаев"),
    ("Pavel", "Павел", "Pavlov", "Павлов"),
    ("Sergei", "Сергей", "Sergeev", "Сергеев"),
    ("Vladimir", "Владимир", "Vladimirov", "Владимиров"),
    ("Yuri", "Юрий", "Yuriev", "Юрьев"),
    ("Oleg", "Олег", "Olegov", "Олегов"),
    ("Ruslan", "Руслан", "Ruslanov", "Русланов"),
    ("Timur", "Тимур", "Timurov", "Тимуров"),
    ("Ildar", "Ильдар", "Ildarov", "Ильдаров"),
    ("Marat", "Марат", "Maratov", "Маратов"),
    ("Viktor", "Виктор", "Viktorov", "Викторов"),
    ("Boris", "Борис", "Borisov", "Борисов"),
    ("Konstantin", "Константин", "Konstantinov", "Константинов"),
    ("Gleb", "Глеб", "Glebov", "Глебов"),
    ("Anton", "Антон", "Antonov", "Антонов"),
    ("Kirill", "Кирилл", "Kirillov", "Кириллов"),
    ("Maksim", "Максим", "Maksimov", "Максимов"),
    ("Evgeny", "Евгений", "Evgenyev", "Евгеньев"),
]
RU_WOMEN = [
    ("Anna", "Анна"), ("Elena", "Елена"), ("Irina", "Ирина"), ("Maria", "Мария"), ("Natalia", "Наталья"),
    ("Olga", "Ольга"), ("Svetlana", "Светлана"), ("Tatiana", "Татьяна"), ("Yulia", "Юлия"),
    ("Ekaterina", "Екатерина"), ("Daria", "Дарья"), ("Alina", "Алина"), ("Galina", "Галина"),
    ("Ksenia", "Ксения"), ("Liliya", "Лилия"), ("Polina", "Полина"), ("Veronika", "Вероника"), ("Zoya", "Зоя"),
]  # fmt: skip
# Family names in the masculine form; the feminine adds -a.
RU_FAMILIES = [
    ("Ivanov", "Иванов"), ("Petrov", "Петров"), ("Smirnov", "Смирнов"), ("Kuznetsov", "Кузнецов"),
    ("Popov", "Попов"), ("Volkov", "Волков"), ("Sokolov", "Соколов"), ("Lebedev", "Лебедев"),
    ("Kozlov", "Козлов"), ("Novikov", "Новиков"), ("Morozov", "Морозов"), ("Orlov", "Орлов"),
    ("Karimov", "Каримов"), ("Khairullin", "Хайруллин"), ("Galimov", "Галимов"), ("Safin", "Сафин"),
    ("Zakirov", "Закиров"), ("Vasiliev", "Васильев"), ("Belov", "Белов"), ("Frolov", "Фролов"),
    ("Gusev", "Гусев"), ("Zaitsev", "Зайцев"), ("Semenov", "Семёнов"), ("Egorov", "Егоров"),
    ("Tikhonov", "Тихонов"), ("Makarov", "Макаров"), ("Nikitin", "Никитин"), ("Zakharov", "Захаров"),
    ("Borisov", "Борисов"), ("Romanov", "Романов"), ("Belyaev", "Беляев"), ("Tarasov", "Тарасов"),
    ("Sabirov", "Сабиров"), ("Yusupov", "Юсупов"), ("Kotov", "Котов"), ("Gromov", "Громов"),
]  # fmt: skip
OTHER_NAMES = {
    "CN": (["Wang", "Li", "Zhang", "Liu", "Chen", "Zhao"], ["Wei", "Na", "Hui", "Yang", "Jing", "Lei"]),
    "KZ": (["Nurlan", "Aigerim", "Daniyar", "Gulnara", "Yerlan"], ["Abenov", "Suleimenova", "Nurpeisov", "Seitkali"]),
    "UZ": (["Rustam", "Dilnoza", "Sherzod", "Malika", "Bekzod"], ["Yuldashev", "Tashkentova", "Rakhimov", "Usmanova"]),
    "TR": (["Mehmet", "Ayşe", "Emre", "Zeynep", "Burak"], ["Yılmaz", "Demir", "Kaya", "Şahin", "Çelik"]),
    "IR": (["Reza", "Maryam", "Ali Reza", "Narges", "Hossein"], ["Ahmadi", "Hosseini", "Karimi", "Rostami"]),
    "AF": (["Ahmad", "Mariam", "Farid", "Shabnam"], ["Wardak", "Popal", "Noori", "Safi"]),
    "GB": (["James", "Sarah", "Thomas", "Helen", "Richard"], ["Clarke", "Whitfield", "Hughes", "Bennett"]),
    "US": (["Michael", "Emily", "David", "Rachel"], ["Turner", "Carter", "Brooks", "Sullivan"]),
    "DE": (["Thomas", "Katrin", "Jürgen", "Anja"], ["Becker", "Vogel", "Schäfer", "Krüger"]),
    "IN": (["Rahul", "Priya", "Arjun", "Meera"], ["Sharma", "Iyer", "Menon", "Kapoor"]),
}  # fmt: skip
HONORIFICS = [("", 44), ("Dr.", 34), ("Prof.", 15), ("Ambassador (Retd)", 3), ("Brig (Retd)", 2), ("Lt Gen (Retd)", 1), ("Mr.", 1)]  # fmt: skip
POSITIONS = [
    "Director", "Senior Research Fellow", "Research Fellow", "Associate Professor", "Professor",
    "Assistant Professor", "Head of Department", "Senior Policy Analyst", "Research Associate", "Dean",
    "Vice-Chancellor", "Editor", "Correspondent", "Programme Manager", "Visiting Fellow", "Lecturer",
    "Deputy Director", "Chairperson", "President", "Senior Lecturer",
]  # fmt: skip
# country → [(city, IANA time zone)]
CITIES = {
    "PK": [("Islamabad", "Asia/Karachi"), ("Lahore", "Asia/Karachi"), ("Karachi", "Asia/Karachi"),
           ("Peshawar", "Asia/Karachi"), ("Quetta", "Asia/Karachi"), ("Rawalpindi", "Asia/Karachi"),
           ("Multan", "Asia/Karachi"), ("Faisalabad", "Asia/Karachi"), ("Hyderabad", "Asia/Karachi"),
           ("Gilgit", "Asia/Karachi")],
    "RU": [("Moscow", "Europe/Moscow"), ("Saint Petersburg", "Europe/Moscow"), ("Kazan", "Europe/Moscow"),
           ("Novosibirsk", "Asia/Novosibirsk"), ("Yekaterinburg", "Asia/Yekaterinburg"),
           ("Vladivostok", "Asia/Vladivostok"), ("Nizhny Novgorod", "Europe/Moscow"), ("Ufa", "Asia/Yekaterinburg"),
           ("Samara", "Europe/Samara"), ("Tomsk", "Asia/Tomsk"), ("Irkutsk", "Asia/Irkutsk"),
           ("Rostov-on-Don", "Europe/Moscow")],
    "CN": [("Beijing", "Asia/Shanghai"), ("Shanghai", "Asia/Shanghai"), ("Urumqi", "Asia/Urumqi")],
    "KZ": [("Almaty", "Asia/Almaty"), ("Astana", "Asia/Almaty")],
    "UZ": [("Tashkent", "Asia/Tashkent"), ("Samarkand", "Asia/Samarkand")],
    "TR": [("Ankara", "Europe/Istanbul"), ("Istanbul", "Europe/Istanbul")],
    "IR": [("Tehran", "Asia/Tehran")],
    "AF": [("Kabul", "Asia/Kabul")],
    "GB": [("London", "Europe/London"), ("Oxford", "Europe/London")],
    "US": [("Washington", "America/New_York"), ("New York", "America/New_York")],
    "DE": [("Berlin", "Europe/Berlin")],
    "IN": [("New Delhi", "Asia/Kolkata")],
}  # fmt: skip
COUNTRY_WEIGHTS = [("PK", 45), ("RU", 38), ("CN", 3), ("KZ", 3), ("UZ", 3), ("TR", 2), ("IR", 2), ("AF", 1), ("GB", 1), ("US", 1), ("DE", 1)]  # fmt: skip
FIELDS = [
    "Strategic Studies", "International Relations", "Eurasian Studies", "Regional Studies", "Energy Policy",
    "Peace and Conflict Studies", "Economics", "Oriental Studies", "Policy Research", "Security Studies",
    "Central Asian Studies", "Islamic Studies", "Linguistics", "History", "Governance", "Water Resources",
    "Maritime Affairs", "Development Studies", "Media Studies", "Russian Studies", "Pakistan Studies",
    "South Asian Studies", "Public Policy", "Area Studies",
]  # fmt: skip
UNIVERSITY_SUBJECTS = ["Technology", "Economics", "Languages", "Agriculture", "Engineering", "Social Sciences", "the Humanities"]  # fmt: skip
MINISTRIES = ["Foreign Affairs", "Energy", "Education", "Culture", "Commerce", "Science and Technology", "Water Resources"]  # fmt: skip
PAPERS = ["Herald", "Tribune", "Observer", "Chronicle", "Gazette", "Review", "Vestnik", "Dispatch", "Times", "Courier"]  # fmt: skip
JOURNALS = [
    "Journal of Eurasian Affairs", "Strategic Studies Quarterly", "South Asian Review", "Central Asia Survey",
    "Journal of Contemporary Pakistan", "Russia and the East", "Journal of International Affairs",
    "Energy Policy Review", "Asian Security Journal", "Oriental Studies Bulletin",
]  # fmt: skip
BOOK_PUBLISHERS = ["Oxford University Press Pakistan", "Sang-e-Meel Publications", "Nauka", "Routledge", "Palgrave Macmillan", "Vanguard Books", "Aspekt Press", "Springer"]  # fmt: skip
VENUES = ["Marriott Hotel", "Serena Hotel", "Hotel Crown Plaza", "Conference Hall", "Senate Hall", "Main Auditorium", "Library Hall", "Jinnah Auditorium", "Congress Hall", "Pearl Continental"]  # fmt: skip
SERIES_NAMES = ["Lecture Series", "Distinguished Speakers Series", "Policy Dialogue", "Eurasia Roundtable", "Book Talks", "Young Scholars Forum", "Strategic Conversations", "Friday Seminar"]  # fmt: skip
ACTIVITIES = ["Joint research", "Faculty exchange", "Student exchange", "Joint seminars and conferences", "Joint publications", "Library and data exchange", "Visiting fellowships", "Joint training courses"]  # fmt: skip
RECOMMENDATIONS = [
    "Set up a joint working group on {subject}.",
    "Hold an annual dialogue on {subject}, alternating between Islamabad and Moscow.",
    "Fund scholarships for students and young researchers working on {subject}.",
    "Publish a joint policy paper on {subject} within a year.",
    "Simplify visas for scholars and journalists taking part in exchanges.",
    "Open a Russian language and culture centre at a Pakistani university.",
    "Create a shared database of experts and institutions on {subject}.",
    "Involve the private sector and chambers of commerce in {subject}.",
    "Translate key works on {subject} into Urdu and Russian.",
]
EVENT_KIND_WEIGHTS = [
    (Event.Kind.SEMINAR, 26), (Event.Kind.WEBINAR, 20), (Event.Kind.ROUNDTABLE, 14),
    (Event.Kind.CONFERENCE, 8), (Event.Kind.LECTURE, 12), (Event.Kind.WORKSHOP, 7),
    (Event.Kind.BOOK_LAUNCH, 6), (Event.Kind.MOU_SIGNING, 3), (Event.Kind.CULTURAL_EVENT, 4),
]  # fmt: skip
P = Publication.Kind
R = Participation.Role
C = Contribution.Role
# kind → share of all publications; chapters fill the edited volumes.
PUBLICATION_SHARES = [
    (P.BOOK, 0.12), (P.EDITED_VOLUME, 0.035), (P.JOURNAL_ARTICLE, 0.2), (P.RESEARCH_ARTICLE, 0.15),
    (P.POLICY_PAPER, 0.08), (P.REPORT, 0.06), (P.OP_ED, 0.1), (P.BOOK_REVIEW, 0.055),
]  # fmt: skip
LANGUAGE_WEIGHTS = [("en", 80), ("ru", 12), ("ur", 5), ("tt", 1), ("fa", 1), ("zh", 1)]
DRAFT_SHARE = 0.07


def normalize(text: str) -> str:
    """``search.normalize``, with a shortcut for plain ASCII (nothing to decompose)."""
    return text.lower() if text.isascii() else search.normalize(text)


def title_case(text: str) -> str:
    small = {"a", "an", "and", "the", "of", "in", "on", "for", "to", "from", "after", "with", "between"}
    words = text.split(" ")
    return " ".join(
        word if (i and word in small) or word[:1].isupper() else word[:1].upper() + word[1:]
        for i, word in enumerate(words)
    )


def acronym(name: str) -> str:
    skip = {"of", "for", "the", "and", "in", "on", "to"}
    return "".join(
        word[0] for word in name.replace("-", " ").split() if word not in skip and word[0].isalpha()
    )


def isbn13(serial: int) -> str:
    digits = f"978{serial:09d}"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


class Slugs:
    """Unique slugs per model, made like ``unique_slug`` makes them."""

    def __init__(self) -> None:
        self.taken: dict[type, set[str]] = {}

    def __call__(self, model: type, text: str) -> str:
        taken = self.taken.setdefault(model, set())
        base = slugify(text, max_length=SLUG_MAX_LENGTH - 6, word_boundary=True) or "item"
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        return candidate


class Generator:
    def __init__(self, *, sizes: Sizes, seed: int, today: datetime.date, batch_size: int, log) -> None:
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.today = today
        self.now = datetime.datetime.combine(today, datetime.time(12, 0), tzinfo=UTC)
        self.batch_size = batch_size
        self.log = log
        self.slug = Slugs()
        self.counts: dict[str, int] = {}
        self.entries: list[SearchEntry] = []

    # helpers ------------------------------------------------------------------------------

    def weighted(self, pairs: Sequence[tuple]) -> object:
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights)[0]

    def status_and_stamps(self, moment: datetime.datetime) -> dict:
        """Status and timestamps for a record that came to be around ``moment``."""
        moment = min(moment, self.now - datetime.timedelta(hours=1))
        created = moment - datetime.timedelta(days=self.rng.randint(0, 20), minutes=self.rng.randint(0, 1439))
        updated = min(self.now, moment + datetime.timedelta(days=int(self.rng.expovariate(1 / 60))))
        if self.rng.random() < DRAFT_SHARE:
            return {
                "status": Status.DRAFT,
                "published_at": None,
                "created_at": created,
                "updated_at": updated,
            }
        return {
            "status": Status.PUBLISHED,
            "published_at": moment,
            "created_at": created,
            "updated_at": updated,
        }

    def stamp(self, record: models.Model, moment: datetime.datetime) -> None:
        for name, value in self.status_and_stamps(moment).items():
            setattr(record, name, value)

    def past_moment(self, years: float) -> datetime.datetime:
        return self.now - datetime.timedelta(days=self.rng.uniform(0, 365 * years))

    def active(self, pool: Sequence, k: int = 1) -> list:
        """``k`` distinct items, a tenth of the pool (the most active) drawn more often."""
        chosen: dict[int, None] = {}
        top = max(1, len(pool) // 10)
        while len(chosen) < min(k, len(pool)):
            index = self.rng.randrange(top) if self.rng.random() < 0.3 else self.rng.randrange(len(pool))
            chosen[index] = None
        return [pool[i] for i in chosen]

    def subject(self) -> tuple[str, list[str]]:
        return self.rng.choice(SUBJECTS)

    def save(self, model: type[models.Model], rows: list[models.Model]) -> list[models.Model]:
        for start in range(0, len(rows), self.batch_size):
            model._default_manager.bulk_create(rows[start : start + self.batch_size])
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + len(rows)
        return rows

    def tag(self, model: type[models.Model], records: list, topic_names: list[list[str]]) -> None:
        through = model.topics.through
        field = model._meta.model_name
        rows = []
        for record, names in zip(records, topic_names, strict=True):
            for name in dict.fromkeys(names):
                rows.append(through(**{f"{field}_id": record.pk, "topic_id": self.topics[name].pk}))
        self.save(through, rows)

    def index(self, kind: str, record, document: dict) -> None:
        """One search entry, as ``search.index_record`` makes it; ``text_norm`` holds the
        body alone until ``make_search_index`` prepends title and summary in SQL."""
        title, summary = document["title"], document.get("summary", "")
        self.entries.append(
            SearchEntry(
                content_type=self.content_types[kind],
                object_id=record.pk,
                kind=kind,
                title=title[:500],
                summary=summary,
                url=record.get_absolute_url(),
                date=document.get("date"),
                is_published=record.is_published,
                title_norm=normalize(title),
                summary_norm=normalize(summary),
                text_norm=normalize(document.get("body", "")),
            )
        )

    # steps --------------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        self.content_types = {
            kind: ContentType.objects.get_for_model(model) for kind, model in search.searchable_models()
        }
        for step in (
            self.make_topics,
            self.make_organizations,
            self.make_people,
            self.make_series,
            self.make_events,
            self.make_publications,
            self.make_agreements,
            self.make_search_index,
        ):
            started = time.monotonic()
            step()
            self.log(
                f"{step.__name__.removeprefix('make_').replace('_', ' ')}: {time.monotonic() - started:.1f}s"
            )
        return self.counts

    def make_topics(self) -> None:
        rows = [
            Topic(
                name=name,
                slug=self.slug(Topic, name),
                description=f"Records on {name.lower()} in Pakistan–Russia relations.",
                updated_at=self.now - datetime.timedelta(days=400),
            )
            for name in TOPICS
        ]
        self.topics = {topic.name: topic for topic in self.save(Topic, rows)}

    def organization_name(self, kind: str, city: str, country: str) -> tuple[str, str]:
        rng = self.rng
        field = rng.choice(FIELDS)
        if kind == Organization.Kind.UNIVERSITY:
            name = rng.choice(
                [
                    f"{city} State University",
                    f"University of {city}",
                    f"{city} University of {rng.choice(UNIVERSITY_SUBJECTS)}",
                    f"{city} Institute of {rng.choice(UNIVERSITY_SUBJECTS)}",
                    f"National University of {rng.choice(UNIVERSITY_SUBJECTS)}, {city}",
                ]
            )
        elif kind == Organization.Kind.THINK_TANK:
            name = rng.choice(
                [
                    f"Institute of {field}",
                    f"{city} Institute of {field}",
                    f"Centre for {field}",
                    f"{city} Council on {field}",
                    f"Forum for {field}",
                    f"{city} Policy Institute",
                ]
            )
        elif kind == Organization.Kind.RESEARCH_CENTRE:
            name = rng.choice(
                [f"Centre for {field} Research", f"{field} Research Centre", f"Laboratory of {field}"]
            )
        elif kind == Organization.Kind.GOVERNMENT:
            name = rng.choice(
                [
                    f"Ministry of {rng.choice(MINISTRIES)}",
                    f"Consulate General in {city}",
                    f"{city} Chamber of Commerce",
                ]
            )
        elif kind == Organization.Kind.MEDIA:
            name = rng.choice(
                [f"The {city} {rng.choice(PAPERS)}", f"{city} Television", f"{city} News Agency"]
            )
        else:
            name = rng.choice(
                [
                    f"{city} Cultural Society",
                    f"{field} Association",
                    f"{city} Friendship Society",
                    f"{city} Book Club",
                ]
            )
        short = acronym(name) if kind != Organization.Kind.MEDIA and rng.random() < 0.75 else ""
        return name, short if 2 <= len(short) <= 8 else ""

    def make_organizations(self) -> None:
        kinds = [
            (Organization.Kind.UNIVERSITY, 30),
            (Organization.Kind.THINK_TANK, 22),
            (Organization.Kind.RESEARCH_CENTRE, 22),
            (Organization.Kind.GOVERNMENT, 8),
            (Organization.Kind.MEDIA, 10),
            (Organization.Kind.OTHER, 8),
        ]
        rows = []
        for _ in range(self.sizes.organizations):
            country = self.weighted(COUNTRY_WEIGHTS)
            city, _zone = self.rng.choice(CITIES[country])
            kind = self.weighted(kinds)
            name, short = self.organization_name(kind, city, country)
            website = f"https://www.{slugify(short or name)[:40]}.{'pk' if country == 'PK' else 'ru' if country == 'RU' else 'org'}/"
            rows.append(
                Organization(
                    name=name,
                    short_name=short,
                    kind=kind,
                    city=city,
                    country=country,
                    website=website,
                    description=f"{name} works on {self.subject()[0]} and {self.subject()[0]}, "
                    f"with researchers in {city} and partners across the region.",
                    slug=self.slug(Organization, short or name),
                    **self.status_and_stamps(self.past_moment(10)),
                )
            )
        self.save(Organization, rows)
        universities = [org for org in rows if org.kind == Organization.Kind.UNIVERSITY]
        children = []
        for org in rows:
            if org.kind == Organization.Kind.RESEARCH_CENTRE and universities and self.rng.random() < 0.4:
                org.parent = self.rng.choice(universities)
                children.append(org)
        Organization.objects.bulk_update(children, ["parent"], batch_size=self.batch_size)
        self.organizations = rows
        self.by_country = {code: [org for org in rows if org.country == code] for code in CITIES}
        self.published_organizations = [org for org in rows if org.is_published]
        self.media = [org for org in rows if org.kind == Organization.Kind.MEDIA] or rows
        self.publishers = [
            org for org in rows if org.kind in (Organization.Kind.UNIVERSITY, Organization.Kind.THINK_TANK)
        ] or rows
        self.tag(Organization, rows, [[self.rng.choice(TOPICS)] for _ in rows])
        for org in rows:
            self.index(
                "organization",
                org,
                {
                    "title": str(org),
                    "summary": " · ".join(p for p in (org.get_kind_display(), org.location) if p),
                    "body": org.description,
                },
            )

    def person_name(self, country: str) -> dict:
        rng = self.rng
        woman = rng.random() < 0.35
        if country == "PK":
            given = rng.choice(PK_WOMEN if woman else PK_MEN)
            family = rng.choice(PK_FAMILIES)
            native = (
                f"{URDU[given]} {URDU[family]}"
                if given in URDU and family in URDU and rng.random() < 0.6
                else ""
            )
            return {"given_name": given, "family_name": family, "patronymic": "", "native_name": native}
        if country == "RU":
            father = rng.choice(RU_MEN)
            family, family_cyr = rng.choice(RU_FAMILIES)
            if woman:
                given, given_cyr = rng.choice(RU_WOMEN)
                patronymic, patronymic_cyr = father[2] + "na", father[3] + "на"
                family, family_cyr = family + "a", family_cyr + "а"
            else:
                given, given_cyr, *_ = rng.choice(RU_MEN)
                patronymic, patronymic_cyr = father[2] + "ich", father[3] + "ич"
            native = f"{given_cyr} {patronymic_cyr} {family_cyr}" if rng.random() < 0.7 else ""
            return {
                "given_name": given,
                "family_name": family,
                "patronymic": patronymic,
                "native_name": native,
            }
        givens, families = OTHER_NAMES.get(country, OTHER_NAMES["GB"])
        return {
            "given_name": rng.choice(givens),
            "family_name": rng.choice(families),
            "patronymic": "",
            "native_name": "",
        }

    def make_people(self) -> None:
        rows = []
        for _ in range(self.sizes.people):
            country = self.weighted(COUNTRY_WEIGHTS)
            name = self.person_name(country)
            subject = self.subject()[0]
            person = Person(
                honorific=self.weighted(HONORIFICS),
                country=country,
                bio=f"Works on {subject} and {self.rng.choice(ASPECTS)}. "
                f"Has written and spoken widely on {self.subject()[0]}.",
                orcid="",
                **name,
                **self.status_and_stamps(self.past_moment(10)),
            )
            person.sort_name = " ".join(
                p for p in (person.family_name, person.given_name, person.patronymic) if p
            )
            person.slug = self.slug(Person, person.slug_source())
            rows.append(person)
        self.save(Person, rows)
        self.people = rows
        affiliations = []
        positions: dict[int, list[Affiliation]] = {}
        for person in rows:
            local = self.by_country.get(person.country) or self.organizations
            for order in range(1 if self.rng.random() < 0.75 else 2):
                org = self.rng.choice(local if self.rng.random() < 0.85 else self.organizations)
                start = self.today - datetime.timedelta(days=self.rng.randint(200, 6000))
                affiliation = Affiliation(
                    person=person,
                    organization=org,
                    position=self.rng.choice(POSITIONS),
                    start_date=start,
                    is_current=order == 0 or self.rng.random() < 0.5,
                    order=order,
                )
                if not affiliation.is_current:
                    affiliation.end_date = start + datetime.timedelta(days=self.rng.randint(100, 2000))
                affiliations.append(affiliation)
                positions.setdefault(person.pk, []).append(affiliation)
        self.save(Affiliation, affiliations)
        self.tag(
            Person, rows, [[self.rng.choice(TOPICS) for _ in range(self.rng.randint(0, 3))] for _ in rows]
        )
        self.published_people = [person for person in rows if person.is_published]
        for person in rows:
            self.index(
                "person",
                person,
                {
                    "title": " ".join(p for p in (person.display_name, person.native_name) if p),
                    "summary": "; ".join(str(a) for a in positions.get(person.pk, [])),
                    "body": person.bio,
                },
            )

    def make_series(self) -> None:
        count = max(1, self.sizes.events // 250)
        names: dict[str, Organization] = {}
        while len(names) < count:
            org = self.rng.choice(self.organizations)
            label = org.short_name or org.name
            name = f"{label} {self.rng.choice(SERIES_NAMES)}"
            if name in names:
                name = f"{name} {len(names) + 1}"
            names[name] = org
        rows = [
            Series(
                name=name,
                slug=self.slug(Series, name),
                organization=org,
                description=f"A recurring programme of {org.short_name or org.name}.",
                updated_at=self.now - datetime.timedelta(days=300),
            )
            for name, org in names.items()
        ]
        self.series = self.save(Series, rows)

    def event_title(self, kind: str, subject: str, series: Series | None, number: int) -> str:
        rng = self.rng
        framing = rng.choice(FRAMINGS)
        if kind == Event.Kind.BOOK_LAUNCH:
            return f"Book launch: {title_case(subject)} — {title_case(framing)}"
        if kind == Event.Kind.MOU_SIGNING:
            return f"Signing of a memorandum of understanding on {subject}"
        if kind == Event.Kind.CULTURAL_EVENT:
            return rng.choice(
                [
                    f"An evening of Urdu and Russian poetry: {subject}",
                    f"Exhibition: {title_case(subject)}",
                    f"Film screening and discussion on {subject}",
                ]
            )
        if series is not None and rng.random() < 0.5:
            return f"{series.name}, session {number}: {title_case(subject)}"
        label = dict(Event.Kind.choices)[kind]
        return rng.choice(
            [
                f"{label} on {subject}",
                f"{title_case(subject)}: {framing}",
                f"{label}: {title_case(subject)} — {framing}",
                f"Rethinking {subject}",
                f"{title_case(subject)} in a changing world order",
            ]
        )

    def make_events(self) -> None:
        rng = self.rng
        rows, parts = [], []
        series_count: dict[int, int] = {}
        # Most events are past; about two per cent are still to come.
        span_days = 365 * 17
        for _ in range(self.sizes.events):
            kind = self.weighted(EVENT_KIND_WEIGHTS)
            host = rng.choice(self.organizations)
            country = host.country if host.country in CITIES else "PK"
            city, zone = rng.choice(CITIES[country])
            online = kind == Event.Kind.WEBINAR or rng.random() < 0.1
            if rng.random() < 0.02:
                day = self.today + datetime.timedelta(days=rng.randint(1, 180))
            else:
                day = self.today - datetime.timedelta(days=int(span_days * rng.random() ** 0.8))
            undated = rng.random() < 0.01
            local_start = datetime.datetime.combine(
                day,
                datetime.time(rng.choice([10, 11, 14, 15, 16]), rng.choice([0, 0, 30])),
                tzinfo=ZoneInfo(zone),
            )
            starts_at = None if undated else local_start.astimezone(UTC)
            ends_at = None
            if starts_at and rng.random() < 0.9:
                hours = (
                    rng.choice([1.5, 2, 2, 3, 4])
                    if kind != Event.Kind.CONFERENCE
                    else 24 * rng.randint(1, 2) + 6
                )
                ends_at = starts_at + datetime.timedelta(hours=hours)
            series = None
            if (
                kind in (Event.Kind.LECTURE, Event.Kind.WEBINAR, Event.Kind.SEMINAR, Event.Kind.ROUNDTABLE)
                and rng.random() < 0.35
            ):
                series = rng.choice(self.series)
                series_count[series.pk] = series_count.get(series.pk, 0) + 1
            subject, topics = self.subject()
            title = self.event_title(kind, subject, series, series_count.get(series.pk, 0) if series else 0)
            aspects = rng.sample(ASPECTS, 3)
            host_label = host.short_name or host.name
            event = Event(
                title=title[:250],
                kind=kind,
                series=series,
                timezone=zone,
                starts_at=starts_at,
                ends_at=ends_at,
                venue_name="" if online and kind == Event.Kind.WEBINAR else rng.choice(VENUES),
                city="" if online and kind == Event.Kind.WEBINAR else city,
                country="" if online and kind == Event.Kind.WEBINAR else country,
                online_url=f"https://meet.example.org/{rng.randrange(10**8):08d}" if online else "",
                summary=f"{host_label} held a {dict(Event.Kind.choices)[kind].lower()} on {subject}. "
                f"Scholars and practitioners from Pakistan and Russia discussed {aspects[0]} and {aspects[1]}.",
                body=f"<p>The {dict(Event.Kind.choices)[kind].lower()} opened with a survey of {subject} and of "
                f"{aspects[0]}. Speakers compared the record of the last decade with the plans both "
                f"governments have announced.</p><p>A second session turned to {aspects[1]} and "
                f"{aspects[2]}, and to what {rng.choice(topics).lower()} means for "
                f"{'Islamabad' if country == 'PK' else 'Moscow'}.</p><p>In the discussion that closed the "
                f"day, participants asked how research centres could keep the conversation going "
                f"between meetings.</p>",
                recording_url=f"https://video.example.org/watch/{rng.randrange(10**9)}"
                if starts_at and starts_at < self.now and rng.random() < 0.3
                else "",
                registration_url="",
                slug=self.slug(Event, title),
                **self.status_and_stamps(
                    (starts_at or self.past_moment(15)) - datetime.timedelta(days=rng.randint(5, 40))
                ),
            )
            rows.append(event)
            parts.append((host, topics, subject))
        self.save(Event, rows)
        self.events = rows

        organizers, participations, recommendations = [], [], []
        speakers: dict[int, list[Person]] = {}
        for event, (host, _topics, subject) in zip(rows, parts, strict=True):
            organizers.append(
                EventOrganization(
                    event=event, organization=host, role=EventOrganization.Role.ORGANIZER, order=1
                )
            )
            for order, partner in enumerate(
                rng.sample(self.organizations, min(len(self.organizations), rng.choice([0, 0, 1, 1, 2]))),
                start=2,
            ):
                if partner.pk != host.pk:
                    organizers.append(
                        EventOrganization(
                            event=event,
                            organization=partner,
                            role=EventOrganization.Role.PARTNER,
                            order=order,
                        )
                    )
            people = self.active(self.people, rng.randint(4, 8))
            roles = (
                [R.CHAIR]
                + ([R.MODERATOR] if rng.random() < 0.6 else [])
                + ([R.MAIN_SPEAKER] if rng.random() < 0.3 else [])
            )
            roles += [
                rng.choice([R.SPEAKER, R.SPEAKER, R.PANELIST, R.DISCUSSANT])
                for _ in range(len(people) - len(roles) - 1)
            ]
            roles.append(rng.choice([R.CLOSING_REMARKS, R.SPEAKER, R.GUEST_OF_HONOUR]))
            for order, (person, role) in enumerate(zip(people, roles[: len(people)], strict=True), start=1):
                speaking = role in (R.MAIN_SPEAKER, R.SPEAKER, R.PANELIST)
                participations.append(
                    Participation(
                        event=event,
                        person=person,
                        role=role,
                        order=order,
                        talk_title=title_case(f"{rng.choice(ASPECTS)} and {subject}")
                        if speaking and rng.random() < 0.4
                        else "",
                        highlight=f"Argued that {rng.choice(ASPECTS)} matters more for {subject} than is usually admitted."
                        if speaking and rng.random() < 0.3
                        else "",
                    )
                )
            speakers[event.pk] = people
            if rng.random() < 0.2:
                for order, template in enumerate(rng.sample(RECOMMENDATIONS, rng.randint(3, 6)), start=1):
                    recommendations.append(
                        Recommendation(event=event, order=order, text=template.format(subject=subject))
                    )
        self.save(EventOrganization, organizers)
        self.save(Participation, participations)
        self.save(Recommendation, recommendations)
        self.tag(Event, rows, [topics for _host, topics, _subject in parts])
        for event in rows:
            self.index(
                "event",
                event,
                {
                    "title": event.title,
                    "summary": event.summary,
                    "body": " ".join(
                        part
                        for part in (
                            strip_tags(event.body),
                            event.venue,
                            ", ".join(str(p) for p in speakers[event.pk]),
                        )
                        if part
                    ),
                    "date": event.local_starts_at.date() if event.starts_at else None,
                },
            )

    def make_publications(self) -> None:
        rng = self.rng
        total = self.sizes.publications
        plan = [(kind, max(1, round(total * share))) for kind, share in PUBLICATION_SHARES]
        chapters_wanted = max(0, total - sum(n for _kind, n in plan))
        first: list[Publication] = []
        meta: dict[int, tuple] = {}
        isbn_serial = 10_000_000 + rng.randrange(10_000_000)
        doi_serial = 0
        for kind, n in plan:
            if kind == P.BOOK_REVIEW:
                continue
            for _ in range(n):
                subject, topics = self.subject()
                framing = rng.choice(FRAMINGS)
                day = self.today - datetime.timedelta(days=int(365 * 30 * rng.random() ** 1.3))
                precision = (
                    rng.choice([DatePrecision.YEAR, DatePrecision.YEAR, DatePrecision.MONTH])
                    if kind in (P.BOOK, P.EDITED_VOLUME)
                    else DatePrecision.DAY
                )
                publication = Publication(
                    kind=kind,
                    title=title_case(subject)[:300],
                    subtitle=title_case(framing) if rng.random() < 0.7 else "",
                    published_on=truncate_date(day, precision),
                    date_precision=precision,
                    language=self.weighted(LANGUAGE_WEIGHTS),
                    abstract=f"This {dict(P.choices)[kind].lower()} examines {subject}, with attention to "
                    f"{rng.choice(ASPECTS)} and {rng.choice(ASPECTS)}. It draws on interviews, official "
                    f"documents and the scholarship of both countries.",
                )
                if kind in (P.BOOK, P.EDITED_VOLUME, P.REPORT, P.POLICY_PAPER):
                    if rng.random() < 0.7:
                        publication.publisher = rng.choice(self.publishers)
                    else:
                        publication.publisher_name = rng.choice(BOOK_PUBLISHERS)
                if kind in (P.BOOK, P.EDITED_VOLUME):
                    isbn_serial += rng.randint(1, 50)
                    publication.isbn = isbn13(isbn_serial)
                    publication.pages = f"{rng.choice(['', 'xii + ', 'xviii + '])}{rng.randint(120, 520)}"
                if kind == P.JOURNAL_ARTICLE:
                    publication.outlet_name = rng.choice(JOURNALS)
                    doi_serial += 1
                    publication.doi = f"10.{5000 + doi_serial % 97}/pakrus.{day.year}.{doi_serial}"
                    publication.pages = f"{(start := rng.randint(1, 200))}–{start + rng.randint(10, 30)}"
                if kind in (P.RESEARCH_ARTICLE, P.OP_ED):
                    publication.outlet = rng.choice(self.media)
                    publication.body = f"<h2>Background</h2><p>{publication.abstract}</p><h2>Discussion</h2><p>Both governments speak of {subject}; the record shows slower progress, held back by {rng.choice(ASPECTS)}.</p>"
                    if rng.random() < 0.3:
                        publication.disclaimer = "The views expressed are the author's own."
                publication.slug = self.slug(Publication, publication.title)
                self.stamp(publication, datetime.datetime.combine(day, datetime.time(9), tzinfo=UTC))
                first.append(publication)
                meta[id(publication)] = (topics, subject)
        self.save(Publication, first)

        volumes = [p for p in first if p.kind == P.EDITED_VOLUME]
        works = [p for p in first if p.kind in (P.BOOK, P.EDITED_VOLUME)]
        second: list[Publication] = []
        for i in range(chapters_wanted if volumes else 0):
            volume = volumes[i % len(volumes)]
            subject, topics = self.subject()
            order = i // len(volumes) + 1
            chapter = Publication(
                kind=P.CHAPTER,
                parent=volume,
                order=order,
                section=f"Part {['I', 'II', 'III', 'IV'][min(3, (order - 1) // 4)]}"
                if rng.random() < 0.6
                else "",
                title=title_case(f"{rng.choice(ASPECTS)} and {subject}")[:300],
                published_on=volume.published_on,
                date_precision=volume.date_precision,
                language=volume.language,
                abstract=f"A chapter on {subject}.",
                pages=f"{order * 20 + 1}–{order * 20 + 19}",
            )
            chapter.slug = self.slug(Publication, chapter.title)
            self.stamp(chapter, volume.published_at or volume.created_at)
            if not volume.is_published:
                chapter.status, chapter.published_at = Status.DRAFT, None
            second.append(chapter)
            meta[id(chapter)] = (topics, subject)
        review_count = dict(plan)[P.BOOK_REVIEW] if works else 0
        for _ in range(review_count):
            work = rng.choice(works)
            day = min(
                self.today, (work.published_on or self.today) + datetime.timedelta(days=rng.randint(60, 900))
            )
            review = Publication(
                kind=P.BOOK_REVIEW,
                reviewed_work=work,
                title=f"Review of {work.title}"[:300],
                published_on=day,
                language=rng.choice(["en", "en", "en", "ru"]),
                outlet_name=rng.choice(JOURNALS),
                abstract=f"A review of {work.display_title}, which it finds {rng.choice(['uneven but useful', 'a welcome contribution', 'indispensable', 'ambitious'])}.",
            )
            review.slug = self.slug(Publication, review.title)
            self.stamp(review, datetime.datetime.combine(day, datetime.time(9), tzinfo=UTC))
            second.append(review)
            meta[id(review)] = (["Language and literature"] if rng.random() < 0.2 else [], work.title)
        self.save(Publication, second)
        rows = first + second

        contributions = []
        people_of: dict[int, list[Person]] = {}
        for publication in rows:
            count = rng.choice([1, 1, 1, 2, 2, 3, 4, 5])
            people = self.active(self.people, count)
            if publication.kind == P.EDITED_VOLUME:
                roles = [C.EDITOR] * len(people)
            elif publication.kind == P.BOOK_REVIEW:
                roles = [C.REVIEWER] * len(people)
            else:
                roles = [C.AUTHOR] * len(people)
                if len(people) > 1 and publication.language != "en" and rng.random() < 0.3:
                    roles[-1] = C.TRANSLATOR
            for order, (person, role) in enumerate(zip(people, roles, strict=True), start=1):
                contributions.append(
                    Contribution(publication=publication, person=person, role=role, order=order)
                )
            people_of[publication.pk] = people
        self.save(Contribution, contributions)
        self.tag(Publication, rows, [meta[id(p)][0] for p in rows])
        for publication in rows:
            identifiers = " ".join(
                part
                for part in (
                    publication.isbn,
                    format_isbn(publication.isbn) if publication.isbn else "",
                    publication.doi,
                )
                if part
            )
            self.index(
                "publication",
                publication,
                {
                    "title": publication.display_title,
                    "summary": publication.abstract,
                    "body": " ".join(
                        part
                        for part in (
                            ", ".join(str(p) for p in people_of[publication.pk]),
                            strip_tags(publication.body),
                            identifiers,
                        )
                        if part
                    ),
                    "date": publication.published_on,
                },
            )

    def make_agreements(self) -> None:
        rng = self.rng
        signings = [
            e
            for e in self.events
            if e.kind == Event.Kind.MOU_SIGNING and e.starts_at and e.starts_at < self.now
        ]
        kinds = [
            (Agreement.Kind.MOU, 75),
            (Agreement.Kind.AGREEMENT, 18),
            (Agreement.Kind.LETTER_OF_INTENT, 7),
        ]
        pakistani = self.by_country.get("PK") or self.organizations
        russian = self.by_country.get("RU") or self.organizations
        rows, extras = [], []
        for _ in range(self.sizes.agreements):
            first, second = rng.choice(pakistani), rng.choice(russian)
            parties = [first] + ([second] if second.pk != first.pk else [])
            if rng.random() < 0.15:
                third = rng.choice(self.organizations)
                if third.pk not in {p.pk for p in parties}:
                    parties.append(third)
            kind = self.weighted(kinds)
            subject, topics = self.subject()
            event = rng.choice(signings) if signings and rng.random() < 0.2 else None
            signed_on = (
                event.local_starts_at.date()
                if event
                else self.today - datetime.timedelta(days=rng.randint(10, 365 * 18))
            )
            city, _zone = rng.choice(CITIES[rng.choice(["PK", "RU"])])
            names = " and ".join(p.short_name or p.name for p in parties)
            label = {
                "mou": "Memorandum of Understanding",
                "agreement": "Agreement on Cooperation",
                "letter_of_intent": "Letter of Intent",
            }[kind]
            title = f"{label} between {names}"
            expires = (
                signed_on + datetime.timedelta(days=365 * rng.choice([3, 5, 5, 10]))
                if rng.random() < 0.6
                else None
            )
            legal = self.weighted(
                [
                    (Agreement.LegalStatus.IN_FORCE, 85),
                    (Agreement.LegalStatus.EXPIRED, 10),
                    (Agreement.LegalStatus.TERMINATED, 5),
                ]
            )
            agreement = Agreement(
                title=title[:250],
                kind=kind,
                signed_on=signed_on,
                signed_city=city,
                signed_country="PK" if city in dict(CITIES["PK"]) else "RU",
                signing_event=event,
                legal_status=legal,
                expires_on=expires,
                summary=f"{names} agree to work together on {subject}.",
                body=f"<p>The parties agree to cooperate on {subject}, through joint research, exchanges and events.</p>",
                slug=self.slug(Agreement, title),
                **self.status_and_stamps(datetime.datetime.combine(signed_on, datetime.time(12), tzinfo=UTC)),
            )
            rows.append(agreement)
            extras.append((parties, topics, subject))
        self.save(Agreement, rows)
        party_rows, area_rows, featured_rows = [], [], []
        for agreement, (parties, _topics, subject) in zip(rows, extras, strict=True):
            signatories = self.active(self.people, len(parties))
            for order, (org, person) in enumerate(zip(parties, signatories, strict=True), start=1):
                signs = rng.random() < 0.7
                party_rows.append(
                    AgreementParty(
                        agreement=agreement,
                        organization=org,
                        signatory=person if signs else None,
                        signatory_title=rng.choice(POSITIONS[:3]) if signs else "",
                        order=order,
                    )
                )
            areas = [(AgreementArea.Kind.ACTIVITY, a) for a in rng.sample(ACTIVITIES, rng.randint(1, 4))]
            areas.append((AgreementArea.Kind.FOCUS, title_case(subject)))
            for order, (kind, name) in enumerate(areas, start=1):
                area_rows.append(AgreementArea(agreement=agreement, kind=kind, name=name[:200], order=order))
            for order, person in enumerate(self.active(self.people, rng.randint(0, 4)), start=1):
                featured_rows.append(FeaturedPerson(agreement=agreement, person=person, order=order))
        self.save(AgreementParty, party_rows)
        self.save(AgreementArea, area_rows)
        self.save(FeaturedPerson, featured_rows)
        self.tag(Agreement, rows, [topics for _parties, topics, _subject in extras])
        areas_of: dict[int, list[str]] = {}
        for area in area_rows:
            areas_of.setdefault(area.agreement_id, []).append(area.name)
        for agreement, (parties, _topics, _subject) in zip(rows, extras, strict=True):
            self.index(
                "agreement",
                agreement,
                {
                    "title": agreement.title,
                    "summary": agreement.summary,
                    "body": " ".join(
                        part
                        for part in (
                            strip_tags(agreement.body),
                            ", ".join(str(p) for p in parties),
                            ", ".join(areas_of.get(agreement.pk, [])),
                            agreement.signed_at,
                        )
                        if part
                    ),
                    "date": agreement.signed_on,
                },
            )

    def make_search_index(self) -> None:
        self.save(SearchEntry, self.entries)
        # One statement for every row: each SET sees the row as it was, so the vector's
        # weight-C part is the body alone and text_norm becomes title, summary and body.
        changes = {
            "text_norm": Concat(
                "title_norm", Value(" "), "summary_norm", Value(" "), "text_norm", output_field=TextField()
            )
        }
        if connection.vendor == "postgresql":
            changes |= search.search_vectors("title_norm", "summary_norm", "text_norm")
        SearchEntry.objects.update(**changes)
