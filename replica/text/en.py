"""English (www.) edition: the original UI strings and the prose bank that the other editions translate."""

from __future__ import annotations

HTML_LANG = "en-US"
LOCALE = "en_US"
QUOTES = ("“", "”")
DATE_FORMAT = "{month} {day}, {year}"
AGO = "{} ago"
UNITS = {
    "min": ("min", "mins"),
    "hour": ("hour", "hours"),
    "day": ("day", "days"),
    "week": ("week", "weeks"),
    "month": ("month", "months"),
    "year": ("year", "years"),
}
# Machine-translation glitch of the Indonesian edition (a stray full stop before a conjunction); none in English.
STRAY_BREAK = None

UI = {
    "connect": "Connect with us",
    "share": "SHARE:",
    "published": "Published",
    "on": "on",
    "by": "By",
    "consent": "We use your sign-up to provide content in ways you've consented to and to improve our understanding "
    "of you. You can unsubscribe at any time.",
    "ad": "Advertisement",
    "share_article": "Share this article:",
    "disclaimer": "EU Reporter publishes articles from a variety of outside sources which express a wide range of "
    "viewpoints. The positions taken in these articles are not necessarily those of EU Reporter.",
    "trending": "Trending",
    "related_topics": "Related Topics:",
    "you_may_like": "You may like",
    "up_next": "Up Next",
    "dont_miss": "Don't Miss",
    "continue": "Continue Reading",
    "comment": "Click to comment",
    "latest": "Latest News",
    "meta": "Meta",
    "login": "Log in",
    "entries_feed": "Entries feed",
    "search": "Search",
    "about": "About",
    "terms": "Terms and conditions",
    "rights": "All rights reserved.",
    "next": "Next »",
    "previous": "« Previous",
    "not_found": "The page you requested does not exist or has moved.",
    "photo_credit": "Photo credit:",
    "update": "Update:",
    "search_results": "Search results for:",
    "nothing_found": "Nothing found.",
}

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

CATEGORIES = {
    "politics": "Politics",
    "politics/european-parliament-2": "European Parliament",
    "politics/european-commission": "European Commission",
    "world": "World",
    "world/kazakhstan": "Kazakhstan",
    "world/belgium-world": "Belgium",
    "world/ukraine": "Ukraine",
    "world/human-rights-category": "Human rights",
    "world/human-rights-category/european-court-of-human-rights-echr": "European Court of Human Rights (ECHR)",
    "kazakhstan-2": "Kazakhstan",
    "uzbekistan": "Uzbekistan",
    "business": "Business",
    "business/data": "Data",
    "business/data/mass-surveillance-data": "Mass surveillance",
    "business/digital-economy": "Digital economy",
    "business/digital-economy/digital-services-act": "Digital Services Act",
    "economy": "Economy",
    "energy": "Energy",
    "environment": "Environment",
    "environment/climate-change": "Climate change",
    "environment/plastic-carrier-bags-environment": "Plastic carrier bags",
    "health": "Health",
    "health/covid-19": "COVID-19",
    "transport": "Transport",
    "agriculture": "Agriculture",
    "general": "General",
    "frontpage": "Frontpage",
}

ORGS = (
    "the European Commission",
    "the European Parliament",
    "the Council of the EU",
    "the European External Action Service",
    "the European Investment Bank",
    "the S&D group",
    "the EPP group",
    "the European Court of Auditors",
    "the OSCE",
    "the European Economic and Social Committee",
)

# Fictional people: the generated prose never puts words in the mouths of real politicians.
PEOPLE = (
    "Commissioner Anna Lindqvist",
    "MEP Pieter de Graaf",
    "Deputy Foreign Minister Aigerim Sadykova",
    "EU Special Representative Marco Ferrante",
    "Ambassador Tomasz Wolski",
    "MEP Elena Marinescu",
    "Economy Minister Daniyar Karimov",
    "Commission spokesperson Julia Becker",
    "Professor Henrik Aalto",
    "Rapporteur Sofia Castelli",
)

COUNTRIES = (
    "Kazakhstan", "Ukraine", "Belgium", "Poland", "Moldova",
    "Uzbekistan", "Armenia", "Georgia", "Italy", "Ireland",
)  # fmt: skip
WITH_COUNTRIES = tuple(f"with {name}" for name in COUNTRIES)

TOPICS = (
    "energy security",
    "the single market",
    "migration policy",
    "the rule of law",
    "the Digital Services Act",
    "critical raw materials",
    "the green transition",
    "trade with Central Asia",
    "EU enlargement",
    "cybersecurity",
    "food security",
    "the 2040 climate target",
    "the chat control proposal",
    "the Trans-Caspian transport route",
)

PLACES = (
    "in Brussels", "in Strasbourg", "in Luxembourg", "in Astana",
    "in Tashkent", "in Warsaw", "in Vienna", "in Rome",
)  # fmt: skip

SENTENCES = (
    "{org} said on Tuesday that {topic} would remain a top priority for the rest of the year.",
    "Speaking {place}, {person} stressed that the bloc could not afford further delays.",
    "{country} has signalled its readiness to deepen cooperation with the European Union in several key sectors.",
    "The proposal, which still needs the approval of member states, would mobilise up to €{bn} billion by {year}.",
    "Officials familiar with the talks described the atmosphere as constructive but cautious.",
    "{person} noted that trade between the two sides had grown by {pct}% over the past year.",
    "Critics argue that {topic} has been handled with too little transparency.",
    "The next round of negotiations is expected to take place {place} in {month}.",
    "{org} estimates that more than {n} projects are already under way across the region.",
    "{person} called on national governments to speed up the implementation of existing rules.",
    "Several MEPs have questioned whether the current budget is sufficient.",
    "{org} is expected to present a detailed roadmap before the end of {year}.",
    "The initiative forms part of a wider strategy to strengthen the resilience of the European Union.",
    "{country} is seen in Brussels as a reliable partner in an increasingly unstable region.",
    "Business groups welcomed the move but warned against additional administrative burdens.",
    "{person} described the agreement as an important step forward for both sides.",
    "Member states remain divided over how quickly {topic} should be advanced.",
    "The European Parliament adopted its position with a large majority on Wednesday.",
    "Experts point out that the region holds significant reserves of critical raw materials.",
    "{org} will review the progress made in {month} and report back to ministers.",
    "The discussions also covered energy, transport links and investment opportunities.",
    "{person} emphasised that the rule of law and fundamental rights are not negotiable.",
    "Civil society organisations have urged the institutions to involve citizens more closely.",
    "Around {n} delegations attended the meeting {place}.",
    "The new rules are due to enter into force in {year}, after a transition period.",
    "{country} intends to attract foreign investment worth several billion euros over the next decade.",
    "The Commission's own impact assessment suggests that costs could fall by {pct}% in the long term.",
    "Both sides agreed to continue the dialogue at expert level.",
    "{person} warned that disinformation campaigns are becoming more sophisticated.",
    "Observers say the outcome will shape the political agenda for years to come.",
    "{org} has repeatedly said that {topic} requires a common European answer.",
    "Farmers, small businesses and local authorities are among those most affected.",
    "The memorandum signed {place} covers cooperation in education, tourism and digital services.",
    "{person} added that further talks {with_country} are planned for the coming weeks.",
    "The report recommends closer coordination between national regulators.",
    "Turnout in the consultation was higher than expected, with more than {n},000 responses.",
    "{country} has already adopted a number of reforms to improve its business climate.",
    "The vote is seen as a test of the new majority in the European Parliament.",
    "Funding will be distributed through existing programmes in order to avoid duplication.",
    "{org} said it would monitor the situation closely.",
)

# Title templates carry the typographic quirks of real EU Reporter titles: curly quotes, an en dash, straight quotes,
# a Cyrillic "К" inside a Latin acronym (as in "(КCIR)"), and "&".
TITLES = (
    "{org} unveils new plan on {topic}",
    "{country} and EU agree to step up cooperation",
    "{person}: ‘We need a new chapter in relations’",
    "MEPs back stricter rules on {topic}",
    "{country} – EU dialogue enters a “critical new stage”",
    "Commission's proposal on {topic} faces opposition from member states",
    '{org} calls for "urgent action" on {topic}',
    "Kazakhstan Council on International Relations (КCIR) reviews {topic}",
    "S&D group demands more transparency on {topic}",
    "{person} holds talks {place}",
    "What the new rules on {topic} mean for citizens",
    "{country} hosts conference on {topic}",
    "EU ministers fail to reach agreement on {topic}",
    "€{bn} billion package to support {topic}",
    "{country} reaffirms its commitment to reforms",
    "Research & innovation: {org} launches new call for projects",
)

CAPTIONS = (
    "{person} {place}",
    "Delegates at the meeting {place}",
    "{person} and {person2}",
    "A plenary session of the European Parliament {place}",
)

LIST_INTROS = (
    "The package focuses on the following areas:",
    "Ministers identified several priorities:",
    "The agreement covers:",
)

UPDATES = (
    "{org} has since confirmed the figures.",
    "{person} said later that a final decision is expected in {month}.",
    "The follow-up meeting {place} has been postponed until {month}.",
    "{org} has published the full text of the agreement.",
)

PAGES = {
    "about": (
        "About",
        (
            "EU Reporter is an independent news website covering European politics, business and international "
            "affairs.",
            "It is published by EU Reporter Media & Communications Ltd, registered in the Republic of Ireland "
            "(Company No 659786). Publisher: Colin Stevens. Political Editor: Nick Powell.",
        ),
    ),
    "terms-and-conditions": (
        "Terms and conditions",
        (
            "Updated 31/10/2019",
            "www.eureporter.co, www.eureporter.ie, www.eureporter.tv and the newsletters are provided by EU Reporter "
            "Media & Communications Ltd.",
            "By using these websites you accept these terms and conditions in full.",
        ),
    ),
}
