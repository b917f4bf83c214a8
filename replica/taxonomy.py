"""The site's categories, tags, authors and image names (labels per language live in replica.text)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Category:
    """A WordPress category: its permalink path, how often generated posts use it, and what they talk about."""

    path: str
    weight: int
    countries: tuple[int, ...] = ()
    """Indices into the prose banks' COUNTRIES that posts of this category focus on."""
    topics: tuple[int, ...] = ()
    """Indices into the prose banks' TOPICS."""


# The odd slugs are EU Reporter's own (ANATOMY §2.1): WordPress de-duplicated "kazakhstan" into "kazakhstan-2" and
# "european-parliament" into "european-parliament-2"; editors added "-world", "-category" and "-data" suffixes.
CATEGORIES = (
    Category("politics", 8, (), (1, 2, 3, 8)),
    Category("politics/european-parliament-2", 6, (), (2, 3, 8, 12)),
    Category("politics/european-commission", 5, (), (0, 1, 4, 6)),
    Category("world", 5, (1, 3, 4, 6, 7), (8, 3)),
    Category("world/kazakhstan", 5, (0,), (7, 13, 0)),
    Category("world/belgium-world", 2, (2,), (3, 9)),
    Category("world/ukraine", 3, (1,), (8, 0, 10)),
    Category("world/human-rights-category", 2, (), (3, 12)),
    Category("world/human-rights-category/european-court-of-human-rights-echr", 1, (), (3, 12)),
    Category("kazakhstan-2", 4, (0,), (7, 13, 5)),
    Category("uzbekistan", 2, (5,), (7, 13, 5)),
    Category("business", 4, (), (1, 5)),
    Category("business/data", 1, (), (12, 9)),
    Category("business/data/mass-surveillance-data", 1, (), (12,)),
    Category("business/digital-economy", 3, (), (4, 9, 1)),
    Category("business/digital-economy/digital-services-act", 2, (), (4,)),
    Category("economy", 3, (3, 8, 9), (1, 5)),
    Category("energy", 3, (0, 5), (0, 6)),
    Category("environment", 3, (), (6, 11)),
    Category("environment/climate-change", 2, (), (11, 6)),
    Category("environment/plastic-carrier-bags-environment", 1, (), (6,)),
    Category("health", 2, (), (10, 1)),
    Category("health/covid-19", 2, (), (1,)),
    Category("transport", 2, (0, 5, 7), (13,)),
    Category("agriculture", 2, (3, 1), (10,)),
    Category("general", 1),
    # A flag category (ANATOMY §2.2: /category/frontpage/page/148/): never a permalink or a label.
    Category("frontpage", 0),
)
BY_PATH = {category.path: category for category in CATEGORIES}
FRONTPAGE = "frontpage"
# Top-level entries of the main menu, in menu order.
MENU = ("politics", "world", "business", "economy", "energy", "environment", "health", "transport", "kazakhstan-2")


def ancestors(path: str) -> list[str]:
    """The category and its parents: "a/b/c" -> ["a", "a/b", "a/b/c"] (a post is listed in each archive)."""
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


# Tag slug -> display name. "full-image" is the Zox News layout tag carried by most posts (ANATOMY §2.2);
# "S&D" becomes the slug "sd" because WordPress drops the ampersand.
TAGS = {
    "full-image": "full-image",
    "eu": "EU",
    "european-commission": "European Commission",
    "european-parliament": "European Parliament",
    "kazakhstan": "Kazakhstan",
    "ukraine": "Ukraine",
    "belgium": "Belgium",
    "poland": "Poland",
    "moldova": "Moldova",
    "uzbekistan": "Uzbekistan",
    "armenia": "Armenia",
    "georgia": "Georgia",
    "italy": "Italy",
    "ireland": "Ireland",
    "energy": "Energy",
    "single-market": "Single market",
    "migration": "Migration",
    "rule-of-law": "Rule of law",
    "digital-services-act": "Digital Services Act",
    "raw-materials": "Raw materials",
    "climate-change": "Climate change",
    "central-asia": "Central Asia",
    "enlargement": "Enlargement",
    "cybersecurity": "Cybersecurity",
    "food-security": "Food security",
    "chat-control": "Chat control",
    "transport": "Transport",
    "trade": "Trade",
    "sd": "S&D",
    "covid-19": "COVID-19",
    "russia": "Russia",
    "china": "China",
    "nato": "NATO",
    "eu-budget": "EU budget",
}
# Parallel to the prose banks' COUNTRIES and TOPICS.
COUNTRY_TAGS = (
    "kazakhstan", "ukraine", "belgium", "poland", "moldova", "uzbekistan", "armenia", "georgia", "italy", "ireland",
)  # fmt: skip
TOPIC_TAGS = (
    "energy", "single-market", "migration", "rule-of-law", "digital-services-act", "raw-materials", "climate-change",
    "central-asia", "enlargement", "cybersecurity", "food-security", "climate-change", "chat-control", "transport",
)  # fmt: skip
EXTRA_TAGS = ("trade", "sd", "russia", "china", "nato", "eu-budget", "european-commission", "european-parliament")


@dataclass(frozen=True, slots=True)
class Author:
    nicename: str
    name: str
    weight: int


AUTHORS = (
    Author("colin-stevens", "Colin Stevens", 30),
    Author("nick-powell", "Nick Powell", 25),
    Author("eu-reporter-correspondent", "EU Reporter Correspondent", 30),
    Author("anna-van-dijk", "Anna van Dijk", 8),
    Author("tomas-herrera", "Tomás Herrera", 7),
)
AUTHORS_BY_NICENAME = {author.nicename: author for author in AUTHORS}

# Upload names in the style of ANATOMY §2.3 ("-1" de-duplicated names, camera and Unsplash names).
COUNTRY_IMAGES = (
    "Kazakhstan-flag", "Ukraine", "Brussels-Grand-Place", "Warsaw", "Moldova-Chisinau",
    "Uzbekistan-Samarkand", "Yerevan", "Tbilisi", "Rome-Italy", "Dublin",
)  # fmt: skip
GENERIC_IMAGES = (
    "European-Parliament", "Berlaymont-1", "EU-flags", "Council-of-the-EU", "plenary-session", "Health-1",
    "relocation-agency-1920x1080-1", "leyla-gulami-5P8xvRpUQNI-unsplash", "DSC_0412", "shutterstock_1130624162",
)  # fmt: skip
CREDITS = ("European Union", "EP Multimedia Centre", "MFA's press service", "Unsplash", "Wikimedia Commons")
