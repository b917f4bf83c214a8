"""The real EU Reporter posts of ANATOMY §2.1 and §8: paths, dates, labels, bylines and titles in every edition."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Seed:
    """One real post: its permalink and what was observed (or translated by hand where an edition was not seen)."""

    path: str
    time: str
    """Brussels wall-clock publication time, HH:MM."""
    label: str
    """Category path of the label shown above the title (may differ from the permalink's)."""
    author: str | None
    """Author nicename, or None when the page shows no byline."""
    titles: dict[str, str]
    tags: tuple[str, ...]
    country: int
    """Index into the prose banks' COUNTRIES, for the generated part of the body."""
    topic: int
    """Index into the prose banks' TOPICS."""


SEEDS = (
    Seed(
        "/politics/2020/12/14/belgian-government-is-less-than-transparent-on-5g-law/", "10:41",
        "world/belgium-world", "colin-stevens",
        {
            "en": "Belgian government is less than transparent on 5G law",
            "fr": "Le gouvernement belge manque de transparence sur la loi 5G",
            "de": "Belgische Regierung ist beim 5G-Gesetz alles andere als transparent",
            "it": "Il governo belga è poco trasparente sulla legge sul 5G",
            "id": "Pemerintah Belgia kurang transparan soal undang-undang 5G",
            "tl": "Hindi gaanong bukas ang pamahalaan ng Belgium tungkol sa batas sa 5G",
            "es": "El Gobierno belga es poco transparente sobre la ley del 5G",
        },
        ("belgium", "cybersecurity", "eu", "full-image"), 2, 9,
    ),
    Seed(
        "/world/belgium-world/2020/12/18/expert-panel-debate-the-proposed-new-belgian-5g-law/", "16:05",
        "world/belgium-world", "colin-stevens",
        {
            "en": "Expert panel debates the proposed new Belgian 5G law",
            "fr": "Un panel d'experts débat du projet de nouvelle loi belge sur la 5G",
            "de": "Expertengremium debattiert über das geplante neue belgische 5G-Gesetz",
            "it": "Un gruppo di esperti discute la nuova legge belga sul 5G",
            "id": "Panel ahli memperdebatkan usulan undang-undang 5G Belgia yang baru",
            "tl": "Pinagdebatehan ng panel ng mga eksperto ang panukalang bagong batas sa 5G ng Belgium",
            "es": "Un grupo de expertos debate la nueva ley belga del 5G",
        },
        ("belgium", "cybersecurity", "full-image"), 2, 9,
    ),
    Seed(
        "/general/2021/02/11/how-artificial-intelligence-is-used-in-online-casinos/", "12:20",
        "general", "eu-reporter-correspondent",
        {
            "en": "How artificial intelligence is used in online casinos",
            "fr": "Comment l'intelligence artificielle est utilisée dans les casinos en ligne",
            "de": "Wie künstliche Intelligenz in Online-Casinos eingesetzt wird",
            "it": "Come viene utilizzata l'intelligenza artificiale nei casinò online",
            "id": "Bagaimana kecerdasan buatan digunakan di kasino online",
            "tl": "Paano ginagamit ang artificial intelligence sa mga online casino",
            "es": "Cómo se utiliza la inteligencia artificial en los casinos en línea",
        },
        ("full-image",), 9, 1,
    ),
    Seed(
        "/world/kazakhstan/2021/05/03/kazakhstan-has-entered-an-interesting-and-critical-new-stage-in-its-development/",
        "09:15", "world/kazakhstan", "colin-stevens",
        {
            "en": "Kazakhstan has entered an interesting and critical new stage in its development.",
            "fr": "Le Kazakhstan est entré dans une nouvelle étape intéressante et critique de son développement.",
            "de": "Kasachstan ist in eine interessante und kritische neue Phase seiner Entwicklung eingetreten.",
            "it": "Il Kazakistan è entrato in una nuova fase interessante e critica del suo sviluppo.",
            "id": "Kazakhstan telah memasuki tahap baru yang menarik dan kritis dalam perkembangannya.",
            "tl": "Pumasok na ang Kasakstan sa isang kawili-wili at kritikal na bagong yugto ng pag-unlad nito.",
            "es": "Kazajistán ha entrado en una nueva etapa interesante y crítica de su desarrollo.",
        },
        ("kazakhstan", "central-asia", "full-image"), 0, 7,
    ),
    Seed(
        "/business/2021/09/20/eu-reporter-under-attack/", "18:02", "business", None,
        {
            "en": "EU Reporter under attack",
            "fr": "EU Reporter attaqué",
            "de": "EU Reporter unter Beschuss",
            "it": "EU Reporter sotto attacco",
            "id": "EU Reporter diserang",
            "tl": "Inaatake ang EU Reporter",
            "es": "EU Reporter, bajo ataque",
        },
        ("eu", "full-image"), 2, 4,
    ),
    Seed(
        "/kazakhstan-2/2022/08/26/kazakhstan-stands-for-further-development-of-open-dialogue-with-key-european-union"
        "-institutions/", "11:30", "kazakhstan-2", None,
        {
            "en": "Kazakhstan stands for further development of open dialogue with key European Union institutions",
            "fr": "Le Kazakhstan prône le développement du dialogue ouvert avec les principales institutions de l'UE",
            "de": "Kasachstan setzt sich für einen offenen Dialog mit den wichtigsten EU-Institutionen ein",
            "it": "Il Kazakistan sostiene lo sviluppo del dialogo aperto con le principali istituzioni dell'UE",
            "id": "Kazakhstan mendukung pengembangan dialog terbuka dengan lembaga-lembaga utama Uni Eropa",
            "tl": "Ang Kazakhstan ay nakatayo para sa karagdagang pag-unlad ng bukas na diyalogo sa mga pangunahing "
            "institusyon ng European Union",
            "es": "Kazajistán apuesta por seguir desarrollando el diálogo abierto con las principales instituciones "
            "de la UE",
        },
        ("kazakhstan", "european-parliament", "full-image"), 0, 7,
    ),
    Seed(
        "/kazakhstan-2/2023/10/10/european-parliament-aims-to-forge-stronger-ties-with-kazakhstan/", "14:48",
        "kazakhstan-2", None,
        {
            "en": "European Parliament aims to forge stronger ties with Kazakhstan",
            "fr": "Le Parlement européen veut forger des liens plus solides avec le Kazakhstan",
            "de": "Das Europäische Parlament will engere Beziehungen zu Kasachstan knüpfen",
            "it": "Il Parlamento europeo punta a stringere legami più forti con il Kazakistan",
            "id": "Parlemen Eropa bertujuan untuk menjalin hubungan yang lebih kuat dengan Kazakhstan",
            "tl": "Layunin ng Parlamento ng Europa na patatagin ang ugnayan sa Kasakstan",
            "es": "El Parlamento Europeo busca estrechar lazos con Kazajistán",
        },
        ("kazakhstan", "european-parliament", "central-asia", "full-image"), 0, 7,
    ),
    Seed(
        "/kazakhstan-2/2023/11/14/kazakhstan-attends-first-central-asia-g7-ministerial-meeting/", "13:10",
        "kazakhstan-2", None,
        {
            "en": "Kazakhstan attends first ‘Central Asia – G7’ ministerial meeting",
            "fr": "Le Kazakhstan participe à la première réunion ministérielle ‘Asie centrale – G7’",
            "de": "Kasachstan nimmt am ersten Ministertreffen ‘Zentralasien – G7’ teil",
            "it": "Il Kazakistan partecipa alla prima riunione ministeriale ‘Asia centrale – G7’",
            "id": "Kazakhstan menghadiri pertemuan tingkat menteri 'Asia Tengah – G7' yang pertama",
            "tl": "Dumalo ang Kasakstan sa unang pulong ng mga ministro ng ‘Gitnang Asya – G7’",
            "es": "Kazajistán asiste a la primera reunión ministerial ‘Asia Central – G7’",
        },
        ("kazakhstan", "central-asia", "full-image"), 0, 13,
    ),
    Seed(
        "/world/human-rights-category/european-court-of-human-rights-echr/2024/02/14/european-court-of-human-rights"
        "-bans-weakening-of-secure-end-to-endencryption-the-end-of-eus-chat-control-csar-mass-surveillance-plans/",
        "08:55", "world/human-rights-category/european-court-of-human-rights-echr", None,
        {
            "en": "European Court of Human Rights bans weakening of secure end-to-end encryption – the end of EU's "
            "chat "
            "control (CSAR) mass surveillance plans",
            "fr": "La Cour européenne des droits de l'homme interdit d'affaiblir le chiffrement de bout en bout – la "
            "fin des projets de surveillance de masse de l'UE (CSAR)",
            "de": "Europäischer Gerichtshof für Menschenrechte verbietet die Schwächung sicherer "
            "Ende-zu-Ende-Verschlüsselung – das Ende der EU-Chatkontrolle (CSAR)",
            "it": "La Corte europea dei diritti dell'uomo vieta di indebolire la crittografia end-to-end – la fine "
            "dei piani di sorveglianza di massa dell'UE (CSAR)",
            "id": "Pengadilan Hak Asasi Manusia Eropa melarang pelemahan enkripsi ujung ke ujung – akhir rencana "
            "pengawasan massal kontrol obrolan UE (CSAR)",
            "tl": "Ipinagbawal ng Hukuman ng Europa para sa Karapatang Pantao ang pagpapahina ng end-to-end "
            "encryption – ang katapusan ng chat control (CSAR) ng EU",
            "es": "El Tribunal Europeo de Derechos Humanos prohíbe debilitar el cifrado de extremo a extremo – el fin "
            "de los planes de vigilancia masiva de la UE (CSAR)",
        },
        ("chat-control", "rule-of-law", "full-image"), 4, 12,
    ),
    Seed(
        "/business/data/mass-surveillance-data/2024/04/15/leak-eu-interior-ministers-want-to-exempt-themselves-from"
        "-chat-control-bulk-scanning-of-private-messages/", "10:03", "business/data/mass-surveillance-data", None,
        {
            "en": "Leak: EU interior ministers want to exempt themselves from chat control bulk scanning of private "
            "messages",
            "fr": "Fuite : les ministres de l'Intérieur de l'UE veulent s'exempter du contrôle des conversations",
            "de": "Leak: EU-Innenminister wollen sich selbst von der Chatkontrolle ausnehmen",
            "it": "Fuga di notizie: i ministri dell'Interno dell'UE vogliono esentarsi dal controllo delle chat",
            "id": "Bocoran: menteri dalam negeri UE ingin membebaskan diri dari pemindaian massal pesan pribadi",
            "tl": "Leak: nais ng mga ministro ng interyor ng EU na hindi sila saklaw ng chat control",
            "es": "Filtración: los ministros de Interior de la UE quieren eximirse del control de chats",
        },
        ("chat-control", "full-image"), 4, 12,
    ),
    Seed(
        "/world/2024/10/03/kazakhstan-becomes-a-more-reliable-partner-of-the-european-union-in-central-asia/",
        "17:22", "world/kazakhstan", None,
        {
            "en": "Kazakhstan becomes a more reliable partner of the European Union in Central Asia",
            "fr": "Le Kazakhstan devient un partenaire plus fiable de l'Union européenne en Asie centrale",
            "de": "Kasachstan wird zu einem verlässlicheren Partner der Europäischen Union in Zentralasien",
            "it": "Il Kazakistan diventa un partner più affidabile dell'Unione europea in Asia centrale",
            "id": "Kazakhstan menjadi mitra Uni Eropa yang lebih andal di Asia Tengah",
            "tl": "Nagiging mas maaasahang katuwang ng Unyong Europeo ang Kasakstan sa Gitnang Asya",
            "es": "Kazajistán se convierte en un socio más fiable de la Unión Europea en Asia Central",
        },
        ("kazakhstan", "central-asia", "trade", "full-image"), 0, 13,
    ),
    Seed(
        "/business/digital-economy/2025/12/09/meta-commits-to-give-eu-users-choice-on-personalised-ads-under-dma/",
        "15:40", "business/digital-economy", None,
        {
            "en": "Meta commits to give EU users choice on personalised ads under DMA",
            "fr": "Meta s'engage à donner le choix aux utilisateurs de l'UE sur les publicités personnalisées",
            "de": "Meta verpflichtet sich, EU-Nutzern eine Wahl bei personalisierter Werbung zu lassen",
            "it": "Meta si impegna a dare agli utenti dell'UE una scelta sugli annunci personalizzati",
            "id": "Meta berkomitmen memberi pengguna UE pilihan atas iklan yang dipersonalisasi berdasarkan DMA",
            "tl": "Nangako ang Meta na bigyan ng pagpipilian ang mga user sa EU sa mga personalized na ad",
            "es": "Meta se compromete a dar a los usuarios de la UE la opción sobre los anuncios personalizados",
        },
        ("digital-services-act", "full-image"), 8, 4,
    ),
    Seed(
        "/business/digital-economy/digital-services-act/2026/07/13/commission-preliminarily-finds-the-addictive"
        "-design-of-instagram-and-facebook-in-breach-of-the-digital-services-act/", "12:00",
        "business/digital-economy/digital-services-act", None,
        {
            "en": "Commission preliminarily finds the addictive design of Instagram and Facebook in breach of the "
            "Digital Services Act",
            "fr": "La Commission estime à titre préliminaire que la conception addictive d'Instagram et de Facebook "
            "enfreint le règlement sur les services numériques",
            "de": "Kommission stellt vorläufig fest, dass das süchtig machende Design von Instagram und Facebook "
            "gegen das Gesetz über digitale Dienste verstößt",
            "it": "La Commissione ritiene in via preliminare che il design di Instagram e Facebook violi il "
            "regolamento sui servizi digitali",
            "id": "Komisi untuk sementara menyatakan desain adiktif Instagram dan Facebook melanggar Undang-Undang "
            "Layanan Digital",
            "tl": "Paunang natuklasan ng Komisyon na lumalabag sa Batas sa mga Serbisyong Digital ang nakakaadik na "
            "disenyo ng Instagram at Facebook",
            "es": "La Comisión considera de forma preliminar que el diseño adictivo de Instagram y Facebook infringe "
            "la Ley de Servicios Digitales",
        },
        ("digital-services-act", "full-image"), 8, 4,
    ),
)  # fmt: skip
