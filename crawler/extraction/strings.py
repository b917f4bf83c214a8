"""Boilerplate strings of the five editions ANATOMY §6 documents (en, it, fr, de, id), by kind.

Kinds: connect (fly-out heading), share_top ("SHARE:" under the title), published (date labels), consent (newsletter
line opening the body), ad (in-body label), share_end ("Share this article:"), disclaimer (closing the body), trending
(heading), theme (other Zox News labels). Where ANATOMY says "(unknown)" the string is our own translation.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {  # observed except share_end and disclaimer (inferred in ANATOMY) and the Zox defaults in theme
        "connect": ("Connect with us",),
        "share_top": ("SHARE:",),
        "published": ("Published", "on"),
        "consent": (
            "We use your sign-up to provide content in ways you've consented to and to improve our "
            "understanding of you. You can unsubscribe at any time.",
        ),
        "ad": ("Advertisement",),
        "share_end": ("Share this article:",),
        "disclaimer": (
            "EU Reporter publishes articles from a variety of outside sources which express a wide range "
            "of viewpoints. The positions taken in these articles are not necessarily those of EU Reporter.",
        ),
        "trending": ("Trending",),
        "theme": (
            "Related Topics:",
            "You may like",
            "Up Next",
            "Don't Miss",
            "Click to comment",
            "Continue Reading",
            "By",
            "Hi, what are you looking for?",
        ),
    },
    "it": {  # observed: connect, share_top, published, consent
        "connect": ("Seguici sui social",),
        "share_top": ("SHARE:", "CONDIVIDI:"),
        "published": ("Pubblicato il", "Pubblicato"),
        "consent": (
            "Usiamo la tua registrazione per fornire contenuti nei modi in cui hai acconsentito e per "
            "migliorare la nostra comprensione di te. È possibile disdire in qualsiasi momento.",
        ),
        "ad": ("Pubblicità",),
        "share_end": ("Condividi questo articolo:",),
        "disclaimer": (
            "EU Reporter pubblica articoli da una varietà di fonti esterne che esprimono un'ampia gamma di "
            "punti di vista. Le posizioni assunte in questi articoli non sono necessariamente quelle di "
            "EU Reporter.",
        ),
        "trending": ("Di tendenza", "Tendenze"),
        "theme": (
            "Argomenti correlati:",
            "Potrebbe piacerti",
            "Da non perdere",
            "Clicca per commentare",
            "Continua a leggere",
            "Di",
        ),
    },
    "fr": {  # observed: connect, share_top, published, consent
        "connect": ("Suivez nous sur", "Connectez-vous avec nous"),
        "share_top": ("PARTAGEZ:", "PARTAGER:"),
        "published": ("Publié le", "Publié"),
        "consent": (
            "Nous utilisons votre inscription pour fournir du contenu de la manière que vous avez consentie "
            "et pour améliorer notre compréhension de vous. Vous pouvez vous désinscrire à tout moment.",
        ),
        "ad": ("Publicité",),
        "share_end": ("Partagez cet article :", "Partager cet article :"),
        "disclaimer": (
            "EU Reporter publie des articles provenant de diverses sources extérieures qui expriment un "
            "large éventail de points de vue. Les positions prises dans ces articles ne sont pas "
            "nécessairement celles d'EU Reporter.",
        ),
        "trending": ("Tendances", "Tendance"),
        "theme": (
            "Sujets connexes :",
            "Vous aimerez peut-être",
            "À ne pas manquer",
            "Cliquez pour commenter",
            "Continuer la lecture",
            "Par",
        ),
    },
    "de": {  # observed: connect, share_top, published, consent
        "connect": ("Vernetzen Sie sich mit uns",),
        "share_top": ("SHARE:", "TEILEN:"),
        "published": ("Veröffentlicht",),
        "consent": (
            "Wir verwenden Ihre Anmeldung, um Inhalte auf eine Weise bereitzustellen, der Sie zugestimmt "
            "haben, und um unser Verständnis von Ihnen zu verbessern. Sie können sich jederzeit abmelden.",
        ),
        "ad": ("Werbung", "Anzeige"),
        "share_end": ("Teilen Sie diesen Artikel:", "Diesen Artikel teilen:"),
        "disclaimer": (
            "EU Reporter veröffentlicht Artikel aus einer Vielzahl externer Quellen, die ein breites "
            "Spektrum an Standpunkten zum Ausdruck bringen. Die in diesen Artikeln vertretenen Positionen "
            "sind nicht unbedingt die von EU Reporter.",
        ),
        "trending": ("Im Trend", "Trends"),
        "theme": (
            "Verwandte Themen:",
            "Das könnte Ihnen gefallen",
            "Nicht verpassen",
            "Klicken Sie hier, um zu kommentieren",
            "Weiterlesen",
            "Von",
        ),
    },
    "id": {  # observed: connect, share_top, published, consent, share_end, disclaimer, trending (the seed article)
        "connect": ("Terhubung dengan kami",),
        "share_top": ("SAHAM:", "BAGIKAN:"),
        "published": ("Diterbitkan",),
        "consent": (
            "Kami menggunakan pendaftaran Anda untuk menyediakan konten dengan cara yang Anda setujui dan "
            "untuk meningkatkan pemahaman kami tentang Anda. Anda dapat berhenti berlangganan kapan saja.",
        ),
        "ad": ("Iklan",),
        "share_end": ("Bagikan artikel ini:",),
        "disclaimer": (
            "EU Reporter menerbitkan artikel dari berbagai sumber luar yang mengungkapkan berbagai sudut "
            "pandang. Posisi yang diambil dalam artikel ini belum tentu milik Reporter UE.",
        ),
        "trending": ("Tren",),
        "theme": (
            "Topik Terkait:",
            "Anda mungkin suka",
            "Jangan Lewatkan",
            "Klik untuk berkomentar",
            "Lanjutkan Membaca",
            "Oleh",
        ),
    },
}
