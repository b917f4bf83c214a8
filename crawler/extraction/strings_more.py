"""Our own translations of the EU Reporter boilerplate for major GTranslate languages never observed on the site.

Same kinds as strings.py. Written by hand, not by GTranslate, so the long strings (consent, disclaimer) are only
ever matched by similarity; extraction must stay clean without them (blocks.py works by structure first).
"""

from __future__ import annotations

MORE_STRINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        "connect": ("Conéctate con nosotros", "Conéctese con nosotros"),
        "share_top": ("COMPARTIR:", "CUOTA:"),
        "published": ("Publicado", "Publicado el"),
        "consent": (
            "Utilizamos su registro para proporcionar contenido de la manera que usted ha aceptado y para "
            "mejorar nuestra comprensión de usted. Puede darse de baja en cualquier momento.",
        ),
        "ad": ("Anuncio", "Publicidad"),
        "share_end": ("Comparte este artículo:", "Compartir este artículo:"),
        "disclaimer": (
            "EU Reporter publica artículos de diversas fuentes externas que expresan una amplia gama de "
            "puntos de vista. Las posiciones adoptadas en estos artículos no son necesariamente las de "
            "EU Reporter.",
        ),
        "trending": ("Tendencias",),
        "theme": (
            "Temas relacionados:",
            "Te puede interesar",
            "No te lo pierdas",
            "Haz clic para comentar",
            "Seguir leyendo",
            "Por",
        ),
    },
    "pt": {
        "connect": ("Conecte-se conosco", "Ligue-se a nós"),
        "share_top": ("COMPARTILHAR:", "PARTILHAR:", "AÇÃO:"),
        "published": ("Publicado", "Publicado em"),
        "consent": (
            "Usamos sua inscrição para fornecer conteúdo das maneiras que você consentiu e para melhorar "
            "nosso entendimento sobre você. Você pode cancelar a inscrição a qualquer momento.",
            "Utilizamos o seu registo para fornecer conteúdos da forma que consentiu e para melhorar o nosso "
            "conhecimento sobre si. Pode cancelar a subscrição a qualquer momento.",
        ),
        "ad": ("Anúncio", "Publicidade"),
        "share_end": ("Compartilhe este artigo:", "Partilhe este artigo:"),
        "disclaimer": (
            "O EU Reporter publica artigos de diversas fontes externas que expressam uma ampla gama de "
            "pontos de vista. As posições assumidas nestes artigos não são necessariamente as do "
            "EU Reporter.",
        ),
        "trending": ("Tendências", "Em alta"),
        "theme": (
            "Tópicos relacionados:",
            "Você pode gostar",
            "Não perca",
            "Clique para comentar",
            "Continue lendo",
            "Por",
        ),
    },
    "nl": {
        "connect": ("Maak contact met ons", "Verbind met ons"),
        "share_top": ("DELEN:", "AANDEEL:"),
        "published": ("Gepubliceerd", "Gepubliceerd op"),
        "consent": (
            "We gebruiken je aanmelding om inhoud te leveren op de manieren waarmee je hebt ingestemd en om "
            "ons inzicht in jou te verbeteren. Je kunt je op elk moment afmelden.",
        ),
        "ad": ("Advertentie", "Reclame"),
        "share_end": ("Deel dit artikel:",),
        "disclaimer": (
            "EU Reporter publiceert artikelen uit diverse externe bronnen die een breed scala aan "
            "standpunten vertegenwoordigen. De standpunten in deze artikelen zijn niet noodzakelijkerwijs "
            "die van EU Reporter.",
        ),
        "trending": ("Populair",),
        "theme": (
            "Gerelateerde onderwerpen:",
            "Misschien vind je dit leuk",
            "Niet te missen",
            "Klik om te reageren",
            "Verder lezen",
            "Door",
        ),
    },
    "pl": {
        "connect": ("Połącz się z nami",),
        "share_top": ("UDZIAŁ:", "UDOSTĘPNIJ:"),
        "published": ("Opublikowany", "Opublikowano"),
        "consent": (
            "Wykorzystujemy Twoją rejestrację, aby dostarczać treści w sposób, na który wyraziłeś zgodę, i "
            "aby lepiej Cię zrozumieć. Możesz zrezygnować z subskrypcji w dowolnym momencie.",
        ),
        "ad": ("Reklama",),
        "share_end": ("Udostępnij ten artykuł:",),
        "disclaimer": (
            "EU Reporter publikuje artykuły z różnych źródeł zewnętrznych, które wyrażają szeroki zakres "
            "punktów widzenia. Stanowiska zajęte w tych artykułach niekoniecznie są stanowiskami "
            "EU Reporter.",
        ),
        "trending": ("Popularne", "Na czasie"),
        "theme": (
            "Powiązane tematy:",
            "Może Ci się spodobać",
            "Nie przegap",
            "Kliknij, aby skomentować",
            "Czytaj dalej",
            "Przez",
        ),
    },
    "ro": {
        "connect": ("Conectează-te cu noi",),
        "share_top": ("ACȚIUNE:", "DISTRIBUIȚI:"),
        "published": ("Publicat", "Publicat pe"),
        "consent": (
            "Folosim înscrierea dumneavoastră pentru a furniza conținut în modurile în care ați consimțit și "
            "pentru a ne îmbunătăți înțelegerea despre dumneavoastră. Vă puteți dezabona oricând.",
        ),
        "ad": ("Publicitate", "Reclamă"),
        "share_end": ("Distribuiți acest articol:",),
        "disclaimer": (
            "EU Reporter publică articole dintr-o varietate de surse externe care exprimă o gamă largă de "
            "puncte de vedere. Pozițiile adoptate în aceste articole nu sunt neapărat cele ale "
            "EU Reporter.",
        ),
        "trending": ("Tendințe", "În tendințe"),
        "theme": ("Subiecte asemănătoare:", "Nu rata", "Faceți clic pentru a comenta", "Continuă lectura", "De"),
    },
    "ru": {
        "connect": ("Свяжитесь с нами", "Мы в соцсетях"),
        "share_top": ("ПОДЕЛИТЬСЯ:", "ДОЛЯ:"),
        "published": ("Опубликовано",),
        "consent": (
            "Мы используем вашу регистрацию, чтобы предоставлять контент способами, на которые вы дали "
            "согласие, и чтобы лучше понимать вас. Вы можете отказаться от подписки в любое время.",
        ),
        "ad": ("Реклама",),
        "share_end": ("Поделитесь этой статьей:", "Поделиться этой статьей:"),
        "disclaimer": (
            "EU Reporter публикует статьи из различных внешних источников, которые выражают широкий "
            "спектр точек зрения. Позиции, изложенные в этих статьях, не обязательно совпадают с позицией "
            "EU Reporter.",
        ),
        "trending": ("В тренде", "Популярное"),
        "theme": (
            "Похожие темы:",
            "Вам может понравиться",
            "Не пропустите",
            "Нажмите, чтобы прокомментировать",
            "Продолжить чтение",
            "Автор",
        ),
    },
    "tl": {  # the observed Tagalog page (A7) shows none of these blocks; all ours
        "connect": ("Kumonekta sa amin",),
        "share_top": ("IBAHAGI:",),
        "published": ("Nai-publish", "Inilathala"),
        "consent": (
            "Ginagamit namin ang iyong pag-sign up upang magbigay ng nilalaman sa mga paraang pinahintulutan "
            "mo at upang mapabuti ang aming pag-unawa sa iyo. Maaari kang mag-unsubscribe anumang oras.",
        ),
        "ad": ("Patalastas",),
        "share_end": ("Ibahagi ang artikulong ito:",),
        "disclaimer": (
            "Ang EU Reporter ay naglalathala ng mga artikulo mula sa iba't ibang panlabas na mapagkukunan "
            "na nagpapahayag ng malawak na hanay ng mga pananaw. Ang mga posisyong kinuha sa mga artikulong "
            "ito ay hindi kinakailangang sa EU Reporter.",
        ),
        "trending": ("Nagte-trend",),
        "theme": (
            "Mga Kaugnay na Paksa:",
            "Huwag Palampasin",
            "I-click para magkomento",
            "Magpatuloy sa Pagbabasa",
            "Ni",
        ),
    },
    "sv": {
        "connect": ("Följ oss", "Kontakta oss"),
        "share_top": ("DELA:",),
        "published": ("Publicerad", "Publicerat"),
        "consent": (
            "Vi använder din registrering för att tillhandahålla innehåll på de sätt du har samtyckt till och "
            "för att förbättra vår förståelse av dig. Du kan avregistrera dig när som helst.",
        ),
        "ad": ("Annons",),
        "share_end": ("Dela den här artikeln:",),
        "disclaimer": (
            "EU Reporter publicerar artiklar från en mängd olika externa källor som uttrycker ett brett "
            "spektrum av synpunkter. De ståndpunkter som intas i dessa artiklar är inte nödvändigtvis "
            "EU Reporters.",
        ),
        "trending": ("Populärt",),
        "theme": (
            "Relaterade ämnen:",
            "Du kanske gillar",
            "Missa inte",
            "Klicka för att kommentera",
            "Fortsätt läsa",
            "Av",
        ),
    },
}
