"""Topics used across the demo content."""

from .models import Topic

TOPICS = {
    "defence": "Defence and security",
    "energy": "Energy",
    "connectivity": "Connectivity and trade corridors",
    "cultural-diplomacy": "Cultural diplomacy",
    "education": "Education and academic exchange",
    "labour-migration": "Labour migration",
    "water-security": "Water security",
    "multilateral-fora": "Multilateral fora (SCO, BRICS)",
    "economy": "Economy and trade",
    "geopolitics": "Geopolitics and multipolarity",
    "history": "History of relations",
    "non-traditional-security": "Non-traditional security",
}


def load() -> dict[str, Topic]:
    topics = {}
    for slug, name in TOPICS.items():
        topics[slug], _ = Topic.objects.update_or_create(slug=slug, defaults={"name": name})
    return topics
