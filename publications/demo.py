"""Publications named in the seed documents, as structured records.

Seed 000 names three books by title, by Karimov, Ganiev and Valeeva; it praises Dr.
Khayrullina's scholarship but names no book of hers, so none is recorded. Seed 001 is a
review of an edited volume: its four sections are named from the review's own
descriptions, and since the review gives no chapter titles, each chapter carries a short
description of its subject (marked as supplied, so it shows in brackets). Seed 004 is a
research article on the CDS website. Dates, publishers and ISBNs the documents do not
give stay empty; abstracts and the article's summary are written for this site.
"""

import datetime

from django.db import transaction

from pakrus_site.models import Status, Topic
from people.models import Organization, Person

from .dates import DatePrecision
from .models import Contribution, Publication

Kind = Publication.Kind
Role = Contribution.Role

# slug: (title, subtitle, author slug, topic slugs)
BOOKS = {
    "crescent-in-the-bears-shadow": (
        "Crescent in the Bear’s Shadow",
        "Cultural Diplomacy and Strategic Hedging between Pakistan and Russia",
        "ruslan-karimov",
        ["cultural-diplomacy", "geopolitics"],
    ),
    "echoes-of-empire": (
        "Echoes of Empire",
        "Russia-Pakistan Cultural Realignment in the Shadow of the Karabakh Conflict",
        "marat-ganiev",
        ["cultural-diplomacy", "geopolitics"],
    ),
    "fractured-alignments": (
        "Fractured Alignments",
        "Cultural Thaw between Russia, Azerbaijan and Pakistan",
        "amina-valeeva",
        ["cultural-diplomacy", "geopolitics"],
    ),
}
BOOK_ABSTRACTS = {
    "crescent-in-the-bears-shadow": "A constructivist reading of Pakistan's diplomatic turn towards Moscow "
    "as the United States drew down in Afghanistan, following how hedging strategies and cultural "
    "narratives work in statecraft.",
    "echoes-of-empire": "Uses the Balance of Influence Theory and Neo-Eurasianist thought to trace Russia's "
    "turn towards the Islamic world, Pakistan included, after the Second Nagorno-Karabakh War and as "
    "India drew closer to the West.",
    "fractured-alignments": "Drawing on Critical Security Studies and Complex Polarity Theory, the book "
    "examines how multivector alignments between Pakistan and Russia open new cultural and political "
    "paths as the unipolar order fractures.",
}

VOLUME_SLUG = "pakistan-russia-relations"
VOLUME = {
    "title": "Pakistan – Russia Relations",
    "subtitle": "A Comprehensive Historical and Strategic Analysis",
    "abstract": "The first book published in Pakistan to examine the bilateral relationship as a "
    "whole, bringing Pakistani and Russian experts together in four thematic sections: historical "
    "foundations, strategic and security cooperation, economic, energy and technological "
    "cooperation, and societal ties with multilateral frameworks.",
}
VOLUME_EDITOR = "neelum-nigar"

SECTION_I = "Section I: Historical foundations"
SECTION_II = "Section II: Strategic and security cooperation"
SECTION_III = "Section III: Economic, energy and technological cooperation"
SECTION_IV = "Section IV: Societal ties and multilateral frameworks"

# In the order the review presents them: (author slug, section, supplied title, topic slugs).
CHAPTERS = [
    (
        "qazi-khalilullah",
        SECTION_I,
        "An eyewitness account of relations from the early Cold War to the post-2014 breakthroughs",
        ["history", "defence"],
    ),
    (
        "olga-kharina",
        SECTION_I,
        "Post-Soviet realignments and the road to rapprochement",
        ["history", "geopolitics"],
    ),
    ("shabir-ahmad-khan", SECTION_II, "Strategic and security cooperation", ["defence"]),
    ("nikolai-plotnikov", SECTION_II, "Strategic and security cooperation", ["defence"]),
    ("khurram-iqbal", SECTION_II, "Strategic and security cooperation", ["defence"]),
    (
        "ashfaque-hasan-khan",
        SECTION_III,
        "Bilateral trade, energy diplomacy and investment prospects",
        ["economy", "energy"],
    ),
    (
        "afia-malik",
        SECTION_III,
        "Bilateral trade, energy diplomacy and investment prospects",
        ["economy", "energy"],
    ),
    (
        "taimur-fahad-khan",
        SECTION_III,
        "Emerging domains: green energy, advanced technologies and Eurasian connectivity",
        ["energy", "connectivity"],
    ),
    (
        "daria-saprynskaya",
        SECTION_III,
        "Emerging domains: green energy, advanced technologies and Eurasian connectivity",
        ["energy", "connectivity"],
    ),
    (
        "adam-saud",
        SECTION_III,
        "Emerging domains: green energy, advanced technologies and Eurasian connectivity",
        ["energy", "connectivity"],
    ),
    (
        "irina-serenko",
        SECTION_IV,
        "Cultural diplomacy, educational exchange and shared civilizational touchpoints",
        ["cultural-diplomacy", "education"],
    ),
    (
        "saira-abbasi",
        SECTION_IV,
        "The SCO and BRICS as multilateral avenues for cooperation",
        ["multilateral-fora"],
    ),
    ("natalia-melekhina", SECTION_IV, "Policy recommendations", []),
]

REVIEW_SLUG = "pakistan-russia-relations-review"
REVIEW = {
    # The review is headed with the title of the book it reviews.
    "title": "Pakistan – Russia Relations",
    "subtitle": "A Comprehensive Historical and Strategic Analysis",
    "abstract": "Welcomes the volume as a timely, balanced study that gives Pakistani and Russian "
    "perspectives equal room, walks through its four sections and singles out the economic, energy "
    "and technology chapters as among the strongest. It suggests more attention to private-sector "
    "engagement, payments under sanctions, and digital and media exchanges.",
}
REVIEWER = "muhammad-taimur-khan"

ARTICLE_SLUG = "forging-new-bonds"
ARTICLE = {
    "title": "Forging New Bonds",
    "subtitle": "Pakistan and Russia in a Multipolar World",
    "abstract": "Argues that Pakistan and Russia, once on opposite sides of the Cold War, are building "
    "a practical partnership in a multipolar world, and surveys diplomacy, defence, the economy, "
    "culture and multilateral cooperation before weighing the obstacles ahead.",
    "disclaimer": "The views and opinions expressed herein, and any references, are those of the "
    "author and do not necessarily reflect the editorial policy of the Centre for Development and "
    "Stability (CDS).",
}
ARTICLE_AUTHOR = "nuzhat-nazar"
ARTICLE_TOPICS = ["geopolitics", "defence", "energy", "economy", "cultural-diplomacy", "multilateral-fora"]
# A summary for this site under the article's own section headings, not its text.
ARTICLE_SECTIONS = [
    (
        "From Cold War Rivals to Strategic Partners",
        "How Cold War alignments kept the two countries apart, and how the end of the Soviet Union "
        "let them start again.",
    ),
    (
        "Diplomatic Signals of a New Era",
        "Recent high-level meetings, including talks on the sidelines of the Eurasian Forum.",
    ),
    (
        "Defence Cooperation",
        "Joint exercises and the end of Russia's arms embargo as signs of growing trust.",
    ),
    (
        "Economic Cooperation",
        "Modest trade so far, the Pakistan Stream Gas Pipeline and Russian interest in mining, "
        "railways and IT.",
    ),
    (
        "People-to-People and Cultural Engagement",
        "Language programmes, student exchanges and cultural events.",
    ),
    (
        "Shared Multilateral Vision",
        "Common ground in Eurasian security initiatives and in linking CPEC with the Eurasian "
        "Economic Union.",
    ),
    ("Aligning on Global Issues", "Similar positions on Gaza and on the international order."),
    (
        "Navigating Challenges",
        "Russia's ties with India, Western sanctions and Pakistan's domestic volatility.",
    ),
    (
        "Charting a Shared Future",
        "A partnership for regional stability, if it is sustained.",
    ),
]


def _article_body() -> str:
    return "".join(f"<h2>{heading}</h2><p>{summary}</p>" for heading, summary in ARTICLE_SECTIONS)


def _save(slug: str, topics: list[Topic], **fields) -> Publication:
    publication, _ = Publication.objects.update_or_create(
        slug=slug, defaults={"status": Status.PUBLISHED, **fields}
    )
    publication.topics.set(topics)
    return publication


def _credit(publication: Publication, people: list[tuple[Person, str]]) -> None:
    """Replace the contributions with exactly these, so a second run changes nothing."""
    publication.contributions.all().delete()
    Contribution.objects.bulk_create(
        Contribution(publication=publication, person=person, role=role, order=order)
        for order, (person, role) in enumerate(people, start=1)
    )


@transaction.atomic
def load() -> dict[str, Publication]:
    people = {person.slug: person for person in Person.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    cds = Organization.objects.get(slug="cds")
    publications: dict[str, Publication] = {}

    for slug, (title, subtitle, author, topic_slugs) in BOOKS.items():
        book = _save(
            slug,
            [topics[t] for t in topic_slugs],
            kind=Kind.BOOK,
            title=title,
            subtitle=subtitle,
            abstract=BOOK_ABSTRACTS[slug],
        )
        _credit(book, [(people[author], Role.AUTHOR)])
        publications[slug] = book

    volume = _save(
        VOLUME_SLUG,
        [topics[t] for t in ("history", "defence", "economy", "energy", "cultural-diplomacy")],
        kind=Kind.EDITED_VOLUME,
        **VOLUME,
    )
    _credit(volume, [(people[VOLUME_EDITOR], Role.EDITOR)])
    publications[VOLUME_SLUG] = volume

    for order, (author, section, title, topic_slugs) in enumerate(CHAPTERS, start=1):
        slug = f"{VOLUME_SLUG}-chapter-{author}"
        chapter = _save(
            slug,
            [topics[t] for t in topic_slugs],
            kind=Kind.CHAPTER,
            parent=volume,
            section=section,
            order=order,
            title=title,
            title_is_supplied=True,
        )
        _credit(chapter, [(people[author], Role.AUTHOR)])
        publications[slug] = chapter

    review = _save(
        REVIEW_SLUG,
        [topics["history"], topics["geopolitics"]],
        kind=Kind.BOOK_REVIEW,
        reviewed_work=volume,
        published_on=datetime.date(2025, 12, 21),
        date_precision=DatePrecision.DAY,
        **REVIEW,
    )
    _credit(review, [(people[REVIEWER], Role.REVIEWER)])
    publications[REVIEW_SLUG] = review

    article = _save(
        ARTICLE_SLUG,
        [topics[t] for t in ARTICLE_TOPICS],
        kind=Kind.RESEARCH_ARTICLE,
        outlet=cds,
        published_on=datetime.date(2025, 6, 23),
        date_precision=DatePrecision.DAY,
        language=Publication.Language.ENGLISH,
        body=_article_body(),
        **ARTICLE,
    )
    _credit(article, [(people[ARTICLE_AUTHOR], Role.AUTHOR)])
    publications[ARTICLE_SLUG] = article
    return publications
