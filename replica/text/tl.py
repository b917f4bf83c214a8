"""Tagalog (tl.) edition: GTranslate-style UI strings and the Tagalog rendering of the prose bank."""

from __future__ import annotations

HTML_LANG = "tl-PH"
LOCALE = "tl_PH"
QUOTES = ("“", "”")
DATE_FORMAT = "{month} {day}, {year}"
AGO = "{} ang nakalipas"
UNITS = {
    "min": ("minuto", "minuto"),
    "hour": ("oras", "oras"),
    "day": ("araw", "araw"),
    "week": ("linggo", "linggo"),
    "month": ("buwan", "buwan"),
    "year": ("taon", "taon"),
}
STRAY_BREAK = None

UI = {
    "connect": "Kumonekta sa amin",
    "share": "IBAHAGI:",
    "published": "Nai-publish",
    "on": "on",
    "by": "Ni",
    "consent": "Ginagamit namin ang iyong pag-sign up upang magbigay ng nilalaman sa mga paraang pinahintulutan mo at "
    "upang mapabuti ang aming pag-unawa sa iyo. Maaari kang mag-unsubscribe anumang oras.",
    "ad": "Patalastas",
    "share_article": "Ibahagi ang artikulong ito:",
    "disclaimer": "Ang EU Reporter ay naglalathala ng mga artikulo mula sa iba't ibang mapagkukunan sa labas na "
    "nagpapahayag ng malawak na hanay ng mga pananaw. Ang mga posisyong kinuha sa mga artikulong ito ay hindi "
    "kinakailangang sa EU Reporter.",
    # GTranslate keeps the English word.
    "trending": "Trending",
    "related_topics": "Mga Kaugnay na Paksa:",
    "you_may_like": "Maaaring gusto mo",
    "up_next": "Susunod",
    "dont_miss": "Huwag Palampasin",
    "continue": "Ipagpatuloy ang Pagbasa",
    "comment": "Mag-click para magkomento",
    "latest": "Pinakabagong Balita",
    "meta": "Meta",
    "login": "Mag-log in",
    "entries_feed": "Feed ng mga entry",
    "search": "Maghanap",
    "about": "Tungkol sa amin",
    "terms": "Mga tuntunin at kundisyon",
    "rights": "Nakalaan ang lahat ng karapatan.",
    "next": "Susunod »",
    "previous": "« Nakaraan",
    "not_found": "Ang pahinang hiniling mo ay wala o inilipat na.",
    "photo_credit": "Kredito sa larawan:",
    "update": "Update:",
    "search_results": "Mga resulta ng paghahanap para sa:",
    "nothing_found": "Walang nahanap.",
}

MONTHS = (
    "Enero", "Pebrero", "Marso", "Abril", "Mayo", "Hunyo",
    "Hulyo", "Agosto", "Setyembre", "Oktubre", "Nobyembre", "Disyembre",
)  # fmt: skip

CATEGORIES = {
    "politics": "Pulitika",
    "politics/european-parliament-2": "Parlamento ng Europa",
    "politics/european-commission": "Komisyon ng Europa",
    "world": "Mundo",
    "world/kazakhstan": "Kasakstan",
    "world/belgium-world": "Belgium",
    "world/ukraine": "Ukraine",
    "world/human-rights-category": "Karapatang pantao",
    "world/human-rights-category/european-court-of-human-rights-echr": "Hukuman ng Europa para sa Karapatang Pantao "
    "(ECHR)",
    "kazakhstan-2": "Kasakstan",
    "uzbekistan": "Uzbekistan",
    "business": "Negosyo",
    "business/data": "Datos",
    "business/data/mass-surveillance-data": "Malawakang pagmamanman",
    "business/digital-economy": "Digital na ekonomiya",
    "business/digital-economy/digital-services-act": "Batas sa mga Serbisyong Digital",
    "economy": "Ekonomiya",
    "energy": "Enerhiya",
    "environment": "Kapaligiran",
    "environment/climate-change": "Pagbabago ng klima",
    "environment/plastic-carrier-bags-environment": "Mga plastic bag",
    "health": "Kalusugan",
    "health/covid-19": "COVID-19",
    "transport": "Transportasyon",
    "agriculture": "Agrikultura",
    "general": "Pangkalahatan",
    "frontpage": "Unang pahina",
}

# Bare nouns: the Tagalog templates supply the case markers (ang, ng, sa, si, ni).
ORGS = (
    "Komisyon ng Europa",
    "Parlamento ng Europa",
    "Konseho ng EU",
    "Serbisyong Panlabas ng EU",
    "Bangko ng Pamumuhunan ng Europa",
    "grupong S&D",
    "grupong EPP",
    "Korte ng mga Auditor ng Europa",
    "OSCE",
    "Komite sa Ekonomiya at Lipunan ng Europa",
)

PEOPLE = (
    "Komisyoner Anna Lindqvist",
    "MEP Pieter de Graaf",
    "Deputy Foreign Minister Aigerim Sadykova",
    "EU Special Representative Marco Ferrante",
    "Ambassador Tomasz Wolski",
    "MEP Elena Marinescu",
    "Ministro ng Ekonomiya Daniyar Karimov",
    "tagapagsalita ng Komisyon Julia Becker",
    "Propesor Henrik Aalto",
    "rapporteur Sofia Castelli",
)

COUNTRIES = (
    "Kasakstan", "Ukraine", "Belgium", "Poland", "Moldova",
    "Uzbekistan", "Armenia", "Georgia", "Italya", "Ireland",
)  # fmt: skip
WITH_COUNTRIES = tuple(f"kasama ang {name}" for name in COUNTRIES)

TOPICS = (
    "seguridad sa enerhiya",
    "iisang pamilihan",
    "patakaran sa migrasyon",
    "pamamayani ng batas",
    "Batas sa mga Serbisyong Digital",
    "mahahalagang hilaw na materyales",
    "berdeng transisyon",
    "kalakalan sa Gitnang Asya",
    "pagpapalawak ng EU",
    "seguridad sa cyberspace",
    "seguridad sa pagkain",
    "target sa klima para sa 2040",
    "panukalang chat control",
    "rutang pangtransportasyon sa Trans-Caspian",
)

PLACES = (
    "sa Brussels", "sa Strasbourg", "sa Luxembourg", "sa Astana",
    "sa Tashkent", "sa Warsaw", "sa Vienna", "sa Roma",
)  # fmt: skip

SENTENCES = (
    "Sinabi ng {org} noong Martes na ang {topic} ay mananatiling pangunahing prayoridad sa natitirang bahagi ng taon.",
    "Sa kanyang talumpati {place}, binigyang-diin ni {person} na hindi na kaya ng Unyon ang karagdagang pagkaantala.",
    "Ipinahayag ng {country} ang kahandaan nitong palalimin ang pakikipagtulungan sa Unyong Europeo sa ilang "
    "pangunahing sektor.",
    "Ang panukala, na kailangan pang aprubahan ng mga miyembrong estado, ay magpapakilos ng hanggang {bn} bilyong "
    "euro pagsapit ng {year}.",
    "Inilarawan ng mga opisyal na pamilyar sa mga pag-uusap ang kapaligiran bilang nakabubuo ngunit maingat.",
    "Binanggit ni {person} na lumago nang {pct}% ang kalakalan sa pagitan ng dalawang panig noong nakaraang taon.",
    "Ayon sa mga kritiko, kulang ang pagiging bukas sa paghawak sa {topic}.",
    "Inaasahang gaganapin {place} ang susunod na yugto ng negosasyon sa {month}.",
    "Tinatantya ng {org} na mahigit {n} proyekto na ang isinasagawa sa buong rehiyon.",
    "Nanawagan si {person} sa mga pambansang pamahalaan na pabilisin ang pagpapatupad ng mga umiiral na tuntunin.",
    "Ilang miyembro ng Parlamento ang nagtanong kung sapat ba ang kasalukuyang badyet.",
    "Inaasahang maglalahad ang {org} ng detalyadong plano bago matapos ang {year}.",
    "Bahagi ang inisyatiba ng mas malawak na estratehiya upang palakasin ang katatagan ng Unyong Europeo.",
    "Itinuturing sa Brussels ang {country} bilang maaasahang katuwang sa isang rehiyong lalong nagiging magulo.",
    "Tinanggap ng mga grupo ng negosyo ang hakbang ngunit nagbabala laban sa karagdagang pasanin sa administrasyon.",
    "Inilarawan ni {person} ang kasunduan bilang mahalagang hakbang pasulong para sa dalawang panig.",
    "Nananatiling hati ang mga miyembrong estado kung gaano kabilis dapat isulong ang {topic}.",
    "Pinagtibay ng Parlamento ng Europa ang posisyon nito sa malaking mayorya noong Miyerkules.",
    "Itinuturo ng mga eksperto na may malaking reserba ng mahahalagang hilaw na materyales ang rehiyon.",
    "Susuriin ng {org} ang pag-unlad na nagawa sa {month} at mag-uulat ito sa mga ministro.",
    "Tinalakay din sa mga pag-uusap ang enerhiya, mga ugnayang pangtransportasyon at mga pagkakataon sa pamumuhunan.",
    "Idiniin ni {person} na hindi mapag-uusapan ang pamamayani ng batas at ang mga pangunahing karapatan.",
    "Hinimok ng mga organisasyon ng lipunang sibil ang mga institusyon na mas isangkot ang mga mamamayan.",
    "Humigit-kumulang {n} delegasyon ang dumalo sa pulong {place}.",
    "Nakatakdang magkabisa ang mga bagong tuntunin sa {year}, pagkatapos ng isang panahon ng transisyon.",
    "Nais ng {country} na makaakit ng dayuhang pamumuhunan na nagkakahalaga ng ilang bilyong euro sa susunod na "
    "dekada.",
    "Ipinahihiwatig ng sariling pagtatasa ng Komisyon na maaaring bumaba nang {pct}% ang mga gastos sa katagalan.",
    "Nagkasundo ang dalawang panig na ipagpatuloy ang diyalogo sa antas ng mga eksperto.",
    "Nagbabala si {person} na lalong nagiging sopistikado ang mga kampanya ng maling impormasyon.",
    "Sinasabi ng mga tagamasid na huhubugin ng resulta ang pampulitikang adyenda sa mga darating na taon.",
    "Paulit-ulit na sinabi ng {org} na nangangailangan ang {topic} ng iisang sagot ng Europa.",
    "Kabilang ang mga magsasaka, maliliit na negosyo at mga lokal na awtoridad sa mga pinakaapektado.",
    "Saklaw ng memorandum na nilagdaan {place} ang pagtutulungan sa edukasyon, turismo at mga serbisyong digital.",
    "Idinagdag ni {person} na may nakaplanong karagdagang pag-uusap {with_country} sa mga darating na linggo.",
    "Inirerekomenda ng ulat ang mas malapit na koordinasyon sa pagitan ng mga pambansang tagapangasiwa.",
    "Mas mataas kaysa inaasahan ang pakikilahok sa konsultasyon, na may mahigit {n},000 tugon.",
    "Nagpatibay na ang {country} ng ilang reporma upang mapabuti ang klima ng negosyo nito.",
    "Itinuturing ang botohan bilang pagsubok para sa bagong mayorya sa Parlamento ng Europa.",
    "Ipapamahagi ang pondo sa pamamagitan ng mga umiiral na programa upang maiwasan ang pagdodoble.",
    "Sinabi ng {org} na mahigpit nitong babantayan ang sitwasyon.",
)

TITLES = (
    "Inilunsad ng {org} ang bagong plano tungkol sa {topic}",
    "Nagkasundo ang {country} at EU na paigtingin ang pagtutulungan",
    "{person}: ‘Kailangan natin ng bagong kabanata sa ugnayan’",
    "Sinusuportahan ng mga MEP ang mas mahigpit na tuntunin tungkol sa {topic}",
    "{country} – EU: pumapasok ang diyalogo sa isang “kritikal na bagong yugto”",
    "Tinututulan ng mga miyembrong estado ang panukala ng Komisyon tungkol sa {topic}",
    'Nanawagan ang {org} ng "agarang aksyon" tungkol sa {topic}',
    "Sinusuri ng Konseho ng Kasakstan sa Ugnayang Pandaigdig (КCIR) ang {topic}",
    "Humihingi ang grupong S&D ng higit na pagiging bukas tungkol sa {topic}",
    "Nakipag-usap si {person} {place}",
    "Ano ang kahulugan para sa mga mamamayan ng mga bagong tuntunin tungkol sa {topic}",
    "Nagdaos ang {country} ng kumperensya tungkol sa {topic}",
    "Hindi nagkasundo ang mga ministro ng EU tungkol sa {topic}",
    "{bn} bilyong euro na pakete upang suportahan ang {topic}",
    "Muling pinagtibay ng {country} ang pangako nito sa mga reporma",
    "Pananaliksik & inobasyon: naglunsad ang {org} ng bagong panawagan para sa mga proyekto",
)

CAPTIONS = (
    "{person} {place}",
    "Mga delegado sa pulong {place}",
    "{person} at {person2}",
    "Isang sesyong plenaryo ng Parlamento ng Europa {place}",
)

LIST_INTROS = (
    "Nakatuon ang pakete sa mga sumusunod na larangan:",
    "Tinukoy ng mga ministro ang ilang prayoridad:",
    "Saklaw ng kasunduan ang:",
)

UPDATES = (
    "Kinumpirma na ng {org} ang mga numero.",
    "Sinabi ni {person} kalaunan na inaasahan ang pinal na desisyon sa {month}.",
    "Ipinagpaliban hanggang {month} ang kasunod na pulong {place}.",
    "Inilathala ng {org} ang buong teksto ng kasunduan.",
)

PAGES = {
    "about": (
        "Tungkol sa amin",
        (
            "Ang EU Reporter ay isang independiyenteng website ng balita tungkol sa pulitika, negosyo at mga "
            "pandaigdigang usapin ng Europa.",
            "Inilalathala ito ng EU Reporter Media & Communications Ltd, na nakarehistro sa Republika ng Ireland "
            "(Kumpanya Blg. 659786). Tagapaglathala: Colin Stevens. Patnugot sa Pulitika: Nick Powell.",
        ),
    ),
    "terms-and-conditions": (
        "Mga tuntunin at kundisyon",
        (
            "Na-update noong 31/10/2019",
            "Ang www.eureporter.co, www.eureporter.ie, www.eureporter.tv at ang mga newsletter ay ibinibigay ng EU "
            "Reporter Media & Communications Ltd.",
            "Sa paggamit ng mga website na ito, tinatanggap mo nang buo ang mga tuntunin at kundisyong ito.",
        ),
    ),
}
