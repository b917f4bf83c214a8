"""French (fr.) edition: GTranslate-style UI strings and the French rendering of the prose bank."""

from __future__ import annotations

HTML_LANG = "fr-FR"
LOCALE = "fr_FR"
QUOTES = ("« ", " »")
DATE_FORMAT = "{day} {month} {year}"
AGO = "il y a {}"
UNITS = {
    "min": ("min", "min"),
    "hour": ("heure", "heures"),
    "day": ("jour", "jours"),
    "week": ("semaine", "semaines"),
    "month": ("mois", "mois"),
    "year": ("an", "ans"),
}
STRAY_BREAK = None

UI = {
    "connect": "Suivez nous sur",
    "share": "PARTAGEZ:",
    "published": "Publié le",
    # Observed: the second half of "Published on" is a separate gettext string that GTranslate leaves untouched.
    "on": "on",
    "by": "Par",
    "consent": "Nous utilisons votre inscription pour fournir du contenu de la manière que vous avez consentie et pour "
    "améliorer notre compréhension de vous. Vous pouvez vous désinscrire à tout moment.",
    "ad": "Publicité",
    "share_article": "Partagez cet article :",
    "disclaimer": "EU Reporter publie des articles provenant de diverses sources extérieures qui expriment un large "
    "éventail de points de vue. Les positions prises dans ces articles ne sont pas nécessairement celles "
    "d'EU Reporter.",
    "trending": "Tendance",
    "related_topics": "Rubriques connexes :",
    "you_may_like": "Tu pourrais aimer",
    "up_next": "À suivre",
    "dont_miss": "Ne manquez pas",
    "continue": "Continuer la lecture",
    "comment": "Cliquez pour commenter",
    "latest": "Dernières nouvelles",
    "meta": "Méta",
    "login": "Connexion",
    "entries_feed": "Flux des publications",
    "search": "Rechercher",
    "about": "À propos",
    "terms": "Termes et conditions",
    "rights": "Tous droits réservés.",
    "next": "Suivant »",
    "previous": "« Précédent",
    "not_found": "La page que vous avez demandée n'existe pas ou a été déplacée.",
    "photo_credit": "Crédit photo :",
    "update": "Mise à jour :",
    "search_results": "Résultats de recherche pour :",
    "nothing_found": "Rien n'a été trouvé.",
}

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip

CATEGORIES = {
    "politics": "Politique",
    "politics/european-parliament-2": "Parlement européen",
    "politics/european-commission": "Commission européenne",
    "world": "Monde",
    "world/kazakhstan": "Kazakhstan",
    "world/belgium-world": "Belgique",
    "world/ukraine": "Ukraine",
    "world/human-rights-category": "Droits de l'homme",
    "world/human-rights-category/european-court-of-human-rights-echr": "Cour européenne des droits de l'homme (CEDH)",
    "kazakhstan-2": "Kazakhstan",
    "uzbekistan": "Ouzbékistan",
    "business": "Entreprise",
    "business/data": "Données",
    "business/data/mass-surveillance-data": "Surveillance de masse",
    "business/digital-economy": "Économie numérique",
    "business/digital-economy/digital-services-act": "Loi sur les services numériques",
    "economy": "Économie",
    "energy": "Énergie",
    "environment": "Environnement",
    "environment/climate-change": "Changement climatique",
    "environment/plastic-carrier-bags-environment": "Sacs en plastique",
    "health": "Santé",
    "health/covid-19": "COVID-19",
    "transport": "Transport",
    "agriculture": "Agriculture",
    "general": "Général",
    "frontpage": "Page d'accueil",
}

ORGS = (
    "la Commission européenne",
    "le Parlement européen",
    "le Conseil de l'UE",
    "le Service européen pour l'action extérieure",
    "la Banque européenne d'investissement",
    "le groupe S&D",
    "le groupe PPE",
    "la Cour des comptes européenne",
    "l'OSCE",
    "le Comité économique et social européen",
)

PEOPLE = (
    "la commissaire Anna Lindqvist",
    "l'eurodéputé Pieter de Graaf",
    "la vice-ministre des Affaires étrangères Aigerim Sadykova",
    "le représentant spécial de l'UE Marco Ferrante",
    "l'ambassadeur Tomasz Wolski",
    "l'eurodéputée Elena Marinescu",
    "le ministre de l'Économie Daniyar Karimov",
    "la porte-parole de la Commission Julia Becker",
    "le professeur Henrik Aalto",
    "la rapporteure Sofia Castelli",
)

COUNTRIES = (
    "le Kazakhstan", "l'Ukraine", "la Belgique", "la Pologne", "la Moldavie",
    "l'Ouzbékistan", "l'Arménie", "la Géorgie", "l'Italie", "l'Irlande",
)  # fmt: skip
WITH_COUNTRIES = tuple(f"avec {name}" for name in COUNTRIES)

TOPICS = (
    "la sécurité énergétique",
    "le marché unique",
    "la politique migratoire",
    "l'État de droit",
    "le règlement sur les services numériques",
    "les matières premières critiques",
    "la transition verte",
    "le commerce avec l'Asie centrale",
    "l'élargissement de l'UE",
    "la cybersécurité",
    "la sécurité alimentaire",
    "l'objectif climatique pour 2040",
    "la proposition sur le contrôle des conversations",
    "la route de transport transcaspienne",
)

PLACES = (
    "à Bruxelles", "à Strasbourg", "à Luxembourg", "à Astana",
    "à Tachkent", "à Varsovie", "à Vienne", "à Rome",
)  # fmt: skip

SENTENCES = (
    "Mardi, {org} a déclaré que {topic} resterait une priorité absolue pour le reste de l'année.",
    "S'exprimant {place}, {person} a souligné que l'Union ne pouvait pas se permettre de nouveaux retards.",
    "{country} a fait part de sa volonté d'approfondir la coopération avec l'Union européenne dans plusieurs secteurs.",
    "La proposition, qui doit encore être approuvée par les États membres, mobiliserait jusqu'à {bn} milliards "
    "d'euros d'ici {year}.",
    "Des responsables proches des discussions ont décrit une atmosphère constructive mais prudente.",
    "{person} a relevé que les échanges entre les deux parties avaient progressé de {pct} % l'année dernière.",
    "Selon les critiques, la transparence a manqué dans la gestion de ce dossier, qui concerne {topic}.",
    "Le prochain cycle de négociations devrait avoir lieu {place} en {month}.",
    "{org} estime que plus de {n} projets sont déjà en cours dans la région.",
    "{person} a appelé les gouvernements nationaux à accélérer la mise en œuvre des règles existantes.",
    "Plusieurs députés européens se demandent si le budget actuel est suffisant.",
    "{org} devrait présenter une feuille de route détaillée avant la fin de {year}.",
    "L'initiative fait partie d'une stratégie plus large visant à renforcer la résilience de l'Union européenne.",
    "{country} est considéré à Bruxelles comme un partenaire fiable dans une région de plus en plus instable.",
    "Les organisations patronales ont salué cette décision, tout en mettant en garde contre de nouvelles charges "
    "administratives.",
    "{person} a qualifié l'accord de pas en avant important pour les deux parties.",
    "Les États membres restent divisés sur le rythme auquel il faut faire avancer {topic}.",
    "Le Parlement européen a adopté sa position à une large majorité mercredi.",
    "Les experts soulignent que la région possède d'importantes réserves de matières premières critiques.",
    "{org} examinera les progrès accomplis en {month} et fera rapport aux ministres.",
    "Les discussions ont également porté sur l'énergie, les liaisons de transport et les possibilités "
    "d'investissement.",
    "{person} a insisté sur le fait que l'État de droit et les droits fondamentaux ne sont pas négociables.",
    "Les organisations de la société civile ont exhorté les institutions à associer davantage les citoyens.",
    "Environ {n} délégations ont participé à la réunion {place}.",
    "Les nouvelles règles doivent entrer en vigueur en {year}, après une période de transition.",
    "{country} entend attirer des investissements étrangers de plusieurs milliards d'euros au cours de la prochaine "
    "décennie.",
    "L'analyse d'impact de la Commission suggère que les coûts pourraient baisser de {pct} % à long terme.",
    "Les deux parties ont convenu de poursuivre le dialogue au niveau des experts.",
    "{person} a averti que les campagnes de désinformation deviennent de plus en plus sophistiquées.",
    "Selon les observateurs, le résultat façonnera l'agenda politique pour les années à venir.",
    "{org} a répété à plusieurs reprises que {topic} exige une réponse européenne commune.",
    "Les agriculteurs, les petites entreprises et les autorités locales sont parmi les plus touchés.",
    "Le protocole d'accord signé {place} couvre la coopération dans l'éducation, le tourisme et les services "
    "numériques.",
    "{person} a ajouté que de nouveaux entretiens {with_country} sont prévus dans les semaines à venir.",
    "Le rapport recommande une coordination plus étroite entre les régulateurs nationaux.",
    "La participation à la consultation a été plus forte que prévu, avec plus de {n} 000 réponses.",
    "{country} a déjà adopté une série de réformes pour améliorer son climat des affaires.",
    "Le vote est considéré comme un test pour la nouvelle majorité au Parlement européen.",
    "Les fonds seront distribués par le biais des programmes existants afin d'éviter les doublons.",
    "{org} a déclaré qu'il suivrait la situation de près.",
)

TITLES = (
    "{org} dévoile un nouveau plan sur {topic}",
    "{country} et l'UE conviennent de renforcer leur coopération",
    "{person} : ‘Nous avons besoin d'un nouveau chapitre dans nos relations’",
    "Les députés européens soutiennent des règles plus strictes sur {topic}",
    "{country} – UE : le dialogue entre dans une “nouvelle étape critique”",
    "La proposition de la Commission sur {topic} se heurte à l'opposition des États membres",
    '{org} appelle à une "action urgente" sur {topic}',
    "Le Conseil kazakh des relations internationales (КCIR) examine {topic}",
    "Le groupe S&D exige plus de transparence sur {topic}",
    "{person} mène des entretiens {place}",
    "Ce que les nouvelles règles sur {topic} signifient pour les citoyens",
    "{country} accueille une conférence sur {topic}",
    "Les ministres de l'UE ne parviennent pas à un accord sur {topic}",
    "Un paquet de {bn} milliards d'euros pour soutenir {topic}",
    "{country} réaffirme son engagement en faveur des réformes",
    "Recherche & innovation : {org} lance un nouvel appel à projets",
)

CAPTIONS = (
    "{person} {place}",
    "Les délégués lors de la réunion {place}",
    "{person} et {person2}",
    "Une session plénière du Parlement européen {place}",
)

LIST_INTROS = (
    "Le paquet se concentre sur les domaines suivants :",
    "Les ministres ont identifié plusieurs priorités :",
    "L'accord couvre :",
)

UPDATES = (
    "{org} a depuis confirmé les chiffres.",
    "{person} a indiqué plus tard qu'une décision finale est attendue en {month}.",
    "La réunion de suivi {place} a été reportée à {month}.",
    "{org} a publié le texte intégral de l'accord.",
)

PAGES = {
    "about": (
        "À propos",
        (
            "EU Reporter est un site d'information indépendant consacré à la politique européenne, aux entreprises et "
            "aux affaires internationales.",
            "Il est publié par EU Reporter Media & Communications Ltd, enregistrée en République d'Irlande (société "
            "n° 659786). Éditeur : Colin Stevens. Rédacteur politique : Nick Powell.",
        ),
    ),
    "terms-and-conditions": (
        "Termes et conditions",
        (
            "Mis à jour le 31/10/2019",
            "www.eureporter.co, www.eureporter.ie, www.eureporter.tv et les newsletters sont fournis par EU Reporter "
            "Media & Communications Ltd.",
            "En utilisant ces sites Web, vous acceptez ces termes et conditions dans leur intégralité.",
        ),
    ),
}
