"""German (de.) edition: GTranslate-style UI strings and the German rendering of the prose bank."""

from __future__ import annotations

HTML_LANG = "de-DE"
LOCALE = "de_DE"
QUOTES = ("„", "“")
DATE_FORMAT = "{day}. {month} {year}"
AGO = "vor {}"
UNITS = {
    "min": ("Minute", "Minuten"),
    "hour": ("Stunde", "Stunden"),
    "day": ("Tag", "Tagen"),
    "week": ("Woche", "Wochen"),
    "month": ("Monat", "Monaten"),
    "year": ("Jahr", "Jahren"),
}
STRAY_BREAK = None

UI = {
    "connect": "Vernetzen Sie sich mit uns",
    # Observed: "SHARE:" and "on" stay English on de.
    "share": "SHARE:",
    "published": "Veröffentlicht",
    "on": "on",
    "by": "Von",
    "consent": "Wir verwenden Ihre Anmeldung, um Inhalte auf eine Weise bereitzustellen, der Sie zugestimmt haben, und "
    "um unser Verständnis von Ihnen zu verbessern. Sie können sich jederzeit abmelden.",
    "ad": "Werbung",
    "share_article": "Teile diesen Artikel:",
    "disclaimer": "EU Reporter veröffentlicht Artikel aus verschiedenen externen Quellen, die ein breites Spektrum an "
    "Standpunkten zum Ausdruck bringen. Die in diesen Artikeln vertretenen Positionen sind nicht unbedingt die von "
    "EU Reporter.",
    "trending": "Im Trend",
    "related_topics": "Verwandte Themen:",
    "you_may_like": "Sie können mögen",
    "up_next": "Als nächstes",
    "dont_miss": "Nicht verpassen",
    "continue": "Weiterlesen",
    "comment": "Klicken Sie, um zu kommentieren",
    "latest": "Neueste Nachrichten",
    "meta": "Meta",
    "login": "Anmelden",
    "entries_feed": "Feed der Einträge",
    "search": "Suche",
    "about": "Über uns",
    "terms": "Geschäftsbedingungen",
    "rights": "Alle Rechte vorbehalten.",
    "next": "Weiter »",
    "previous": "« Zurück",
    "not_found": "Die angeforderte Seite existiert nicht oder wurde verschoben.",
    "photo_credit": "Bildnachweis:",
    "update": "Aktualisierung:",
    "search_results": "Suchergebnisse für:",
    "nothing_found": "Nichts gefunden.",
}

MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip

CATEGORIES = {
    "politics": "Politik",
    "politics/european-parliament-2": "Europäisches Parlament",
    "politics/european-commission": "Europäische Kommission",
    "world": "Welt",
    "world/kazakhstan": "Kasachstan",
    "world/belgium-world": "Belgien",
    "world/ukraine": "Ukraine",
    "world/human-rights-category": "Menschenrechte",
    "world/human-rights-category/european-court-of-human-rights-echr": "Europäischer Gerichtshof für Menschenrechte "
    "(EGMR)",
    "kazakhstan-2": "Kasachstan",
    "uzbekistan": "Usbekistan",
    "business": "Geschäft",
    "business/data": "Daten",
    "business/data/mass-surveillance-data": "Massenüberwachung",
    "business/digital-economy": "Digitale Wirtschaft",
    "business/digital-economy/digital-services-act": "Gesetz über digitale Dienste",
    "economy": "Wirtschaft",
    "energy": "Energie",
    "environment": "Umwelt",
    "environment/climate-change": "Klimawandel",
    "environment/plastic-carrier-bags-environment": "Plastiktüten",
    "health": "Gesundheit",
    "health/covid-19": "COVID-19",
    "transport": "Transport",
    "agriculture": "Landwirtschaft",
    "general": "Allgemein",
    "frontpage": "Titelseite",
}

# Nominative forms: the templates use organisations, people and countries only as grammatical subjects.
ORGS = (
    "die Europäische Kommission",
    "das Europäische Parlament",
    "der Rat der EU",
    "der Europäische Auswärtige Dienst",
    "die Europäische Investitionsbank",
    "die S&D-Fraktion",
    "die EVP-Fraktion",
    "der Europäische Rechnungshof",
    "die OSZE",
    "der Europäische Wirtschafts- und Sozialausschuss",
)

PEOPLE = (
    "Kommissarin Anna Lindqvist",
    "der Europaabgeordnete Pieter de Graaf",
    "die stellvertretende Außenministerin Aigerim Sadykova",
    "der EU-Sonderbeauftragte Marco Ferrante",
    "Botschafter Tomasz Wolski",
    "die Europaabgeordnete Elena Marinescu",
    "Wirtschaftsminister Daniyar Karimov",
    "Kommissionssprecherin Julia Becker",
    "Professor Henrik Aalto",
    "Berichterstatterin Sofia Castelli",
)

COUNTRIES = (
    "Kasachstan", "die Ukraine", "Belgien", "Polen", "die Republik Moldau",
    "Usbekistan", "Armenien", "Georgien", "Italien", "Irland",
)  # fmt: skip
WITH_COUNTRIES = (
    "mit Kasachstan", "mit der Ukraine", "mit Belgien", "mit Polen", "mit der Republik Moldau",
    "mit Usbekistan", "mit Armenien", "mit Georgien", "mit Italien", "mit Irland",
)  # fmt: skip

# Feminine, neuter or plural only, so that nominative and accusative coincide.
TOPICS = (
    "die Energiesicherheit",
    "die Vollendung des Binnenmarkts",
    "die Migrationspolitik",
    "die Rechtsstaatlichkeit",
    "das Gesetz über digitale Dienste",
    "die kritischen Rohstoffe",
    "die grüne Wende",
    "die Handelsbeziehungen zu Zentralasien",
    "die EU-Erweiterung",
    "die Cybersicherheit",
    "die Ernährungssicherheit",
    "das Klimaziel für 2040",
    "die geplante Chatkontrolle",
    "die Transkaspische Transportroute",
)

PLACES = (
    "in Brüssel", "in Straßburg", "in Luxemburg", "in Astana",
    "in Taschkent", "in Warschau", "in Wien", "in Rom",
)  # fmt: skip

SENTENCES = (
    "{org} erklärte am Dienstag, {topic} bleibe für den Rest des Jahres eine der wichtigsten Prioritäten.",
    "In einer Rede {place} betonte {person}, dass sich die Union keine weiteren Verzögerungen leisten könne.",
    "{country} hat die Bereitschaft signalisiert, die Zusammenarbeit mit der Europäischen Union in mehreren "
    "Schlüsselbereichen zu vertiefen.",
    "Der Vorschlag, dem die Mitgliedstaaten noch zustimmen müssen, würde bis {year} bis zu {bn} Milliarden Euro "
    "mobilisieren.",
    "Mit den Gesprächen vertraute Beamte beschrieben die Atmosphäre als konstruktiv, aber vorsichtig.",
    "{person} wies darauf hin, dass der Handel zwischen beiden Seiten im vergangenen Jahr um {pct} % gewachsen sei.",
    "Kritiker werfen den Institutionen vor, {topic} mit zu wenig Transparenz zu behandeln.",
    "Die nächste Verhandlungsrunde soll im {month} {place} stattfinden.",
    "{org} schätzt, dass in der Region bereits mehr als {n} Projekte laufen.",
    "{person} forderte die nationalen Regierungen auf, die Umsetzung der bestehenden Regeln zu beschleunigen.",
    "Mehrere Europaabgeordnete haben bezweifelt, dass das derzeitige Budget ausreicht.",
    "{org} soll vor Ende {year} einen detaillierten Fahrplan vorlegen.",
    "Die Initiative ist Teil einer umfassenderen Strategie zur Stärkung der Widerstandsfähigkeit der Europäischen "
    "Union.",
    "{country} gilt in Brüssel als verlässlicher Partner in einer zunehmend instabilen Region.",
    "Wirtschaftsverbände begrüßten den Schritt, warnten jedoch vor zusätzlichem Verwaltungsaufwand.",
    "{person} bezeichnete die Vereinbarung als wichtigen Schritt nach vorn für beide Seiten.",
    "Die Mitgliedstaaten sind weiterhin uneins darüber, wie schnell {topic} vorangebracht werden soll.",
    "Das Europäische Parlament hat seinen Standpunkt am Mittwoch mit großer Mehrheit angenommen.",
    "Experten weisen darauf hin, dass die Region über bedeutende Reserven an kritischen Rohstoffen verfügt.",
    "{org} wird die Fortschritte im {month} überprüfen und den Ministern Bericht erstatten.",
    "Die Gespräche betrafen auch Energie, Verkehrsverbindungen und Investitionsmöglichkeiten.",
    "{person} betonte, dass Rechtsstaatlichkeit und Grundrechte nicht verhandelbar seien.",
    "Organisationen der Zivilgesellschaft haben die Institutionen aufgefordert, die Bürgerinnen und Bürger stärker "
    "einzubeziehen.",
    "Rund {n} Delegationen nahmen an dem Treffen {place} teil.",
    "Die neuen Regeln sollen nach einer Übergangszeit im Jahr {year} in Kraft treten.",
    "{country} will im nächsten Jahrzehnt ausländische Investitionen in Höhe von mehreren Milliarden Euro anziehen.",
    "Die Folgenabschätzung der Kommission legt nahe, dass die Kosten langfristig um {pct} % sinken könnten.",
    "Beide Seiten vereinbarten, den Dialog auf Expertenebene fortzusetzen.",
    "{person} warnte, dass Desinformationskampagnen immer raffinierter würden.",
    "Beobachter sagen, dass das Ergebnis die politische Agenda auf Jahre hinaus prägen wird.",
    "{org} hat wiederholt erklärt, dass {topic} eine gemeinsame europäische Antwort erfordert.",
    "Landwirte, kleine Unternehmen und lokale Behörden gehören zu den am stärksten Betroffenen.",
    "Die {place} unterzeichnete Absichtserklärung umfasst die Zusammenarbeit in Bildung, Tourismus und digitalen "
    "Diensten.",
    "{person} fügte hinzu, dass in den kommenden Wochen weitere Gespräche {with_country} geplant seien.",
    "Der Bericht empfiehlt eine engere Abstimmung zwischen den nationalen Regulierungsbehörden.",
    "Die Beteiligung an der Konsultation war höher als erwartet, mit mehr als {n}.000 Antworten.",
    "{country} hat bereits eine Reihe von Reformen zur Verbesserung des Geschäftsklimas verabschiedet.",
    "Die Abstimmung gilt als Test für die neue Mehrheit im Europäischen Parlament.",
    "Die Mittel werden über bestehende Programme verteilt, um Doppelarbeit zu vermeiden.",
    "{org} kündigte an, die Lage genau zu beobachten.",
)

TITLES = (
    "{org} legt neuen Plan für {topic} vor",
    "{country} und EU vereinbaren engere Zusammenarbeit",
    "{person}: ‘Wir brauchen ein neues Kapitel in den Beziehungen’",
    "Abgeordnete unterstützen strengere Regeln für {topic}",
    "{country} – EU: Dialog tritt in eine “kritische neue Phase” ein",
    "Vorschlag der Kommission für {topic} stößt auf Widerstand der Mitgliedstaaten",
    '{org} fordert "dringendes Handeln" für {topic}',
    "Kasachischer Rat für internationale Beziehungen (КCIR) prüft {topic}",
    "S&D-Fraktion fordert mehr Transparenz für {topic}",
    "{person} führt Gespräche {place}",
    "Was die neuen Regeln für {topic} für die Bürger bedeuten",
    "{country} veranstaltet Konferenz über {topic}",
    "EU-Minister erzielen keine Einigung über {topic}",
    "Paket von {bn} Milliarden Euro für {topic}",
    "{country} bekräftigt Engagement für Reformen",
    "Forschung & Innovation: {org} startet neue Projektausschreibung",
)

CAPTIONS = (
    "{person} {place}",
    "Delegierte bei dem Treffen {place}",
    "{person} und {person2}",
    "Eine Plenarsitzung des Europäischen Parlaments {place}",
)

LIST_INTROS = (
    "Das Paket konzentriert sich auf folgende Bereiche:",
    "Die Minister nannten mehrere Prioritäten:",
    "Die Vereinbarung umfasst:",
)

UPDATES = (
    "{org} hat die Zahlen inzwischen bestätigt.",
    "{person} sagte später, eine endgültige Entscheidung werde im {month} erwartet.",
    "Das Folgetreffen {place} wurde auf {month} verschoben.",
    "{org} hat den vollständigen Text der Vereinbarung veröffentlicht.",
)

PAGES = {
    "about": (
        "Über uns",
        (
            "EU Reporter ist eine unabhängige Nachrichtenseite über europäische Politik, Wirtschaft und internationale "
            "Angelegenheiten.",
            "Sie wird von EU Reporter Media & Communications Ltd herausgegeben, eingetragen in der Republik Irland "
            "(Firmennummer 659786). Herausgeber: Colin Stevens. Politischer Redakteur: Nick Powell.",
        ),
    ),
    "terms-and-conditions": (
        "Geschäftsbedingungen",
        (
            "Aktualisiert am 31.10.2019",
            "www.eureporter.co, www.eureporter.ie, www.eureporter.tv und die Newsletter werden von EU Reporter Media "
            "& Communications Ltd bereitgestellt.",
            "Durch die Nutzung dieser Websites akzeptieren Sie diese Geschäftsbedingungen vollständig.",
        ),
    ),
}
