"""Observed openings, captions and the one complete body (shared/seeds) of the seeded real posts."""

from __future__ import annotations

_A1 = "/business/2021/09/20/eu-reporter-under-attack/"
_A2 = "/politics/2020/12/14/belgian-government-is-less-than-transparent-on-5g-law/"
_A3 = "/world/kazakhstan/2021/05/03/kazakhstan-has-entered-an-interesting-and-critical-new-stage-in-its-development/"
_A4 = (
    "/business/data/mass-surveillance-data/2024/04/15/leak-eu-interior-ministers-want-to-exempt-themselves-from"
    "-chat-control-bulk-scanning-of-private-messages/"
)
_A5 = "/world/2024/10/03/kazakhstan-becomes-a-more-reliable-partner-of-the-european-union-in-central-asia/"
_A6 = "/kazakhstan-2/2023/10/10/european-parliament-aims-to-forge-stronger-ties-with-kazakhstan/"
_A7 = (
    "/kazakhstan-2/2022/08/26/kazakhstan-stands-for-further-development-of-open-dialogue-with-key-european-union"
    "-institutions/"
)
_A8 = "/kazakhstan-2/2023/11/14/kazakhstan-attends-first-central-asia-g7-ministerial-meeting/"

# First sentence of the first paragraph where ANATOMY §8 observed it (completed where the observation was cut);
# the rest of the body is generated.
OPENINGS: dict[str, dict[str, str]] = {
    _A1: {"en": "Last week an article in the publication Politico Europe alleged that EU Reporter took part in "
          "undercover lobbying."},
    _A2: {"en": "Belgium needs to have a wider debate about 5G before the new law is adopted."},
    _A3: {"en": "This is one of the conclusions of a major analysis of the political reforms under way in the "
          "country."},
    _A4: {"en": "According to the latest draft text of the controversial child sexual abuse regulation, EU interior "
          "ministers want to exempt professional accounts of their own staff from chat control (Article 1 (2a)), "
          "writes Pirate Party MEP Patrick Breyer."},
    _A5: {"en": 'On October 2, the conference "Strategic Partnership with the European Union" took place in the '
          "European Parliament."},
    _A6: {
        "en": "Kazakh Deputy Foreign Minister Roman Vassilenko met members of the European Parliament in Brussels.",
        "it": "Il viceministro degli Esteri kazako Roman Vassilenko ha incontrato i membri del Parlamento europeo a "
        "Bruxelles.",
        "fr": "Le vice-ministre kazakh des Affaires étrangères, Roman Vassilenko, a rencontré des membres du "
        "Parlement européen à Bruxelles.",
        "de": "Der stellvertretende kasachische Außenminister Roman Wassilenko traf sich in Brüssel mit Mitgliedern "
        "des Europäischen Parlaments.",
        "id": "Wakil Menteri Luar Negeri Kazakhstan Roman Vassilenko mengadakan pertemuan dengan anggota Parlemen "
        "Eropa di Brussel.",
    },
    _A7: {"tl": "Ang Deputy Prime Minister at Minister of Foreign Affairs ng Kasakstan ay nakipagpulong sa isang "
          "delegasyon ng Parlamento ng Europa."},
}  # fmt: skip

# A figure right at the top of the body (observed on the 2023 translations), caption per edition plus the credit.
LEAD_CAPTIONS: dict[str, tuple[dict[str, str], str]] = {
    _A6: (
        {
            "en": "Roman Vassilenko and David McAllister",
            "it": "Roman Vassilenko e David McAllister",
            "fr": "Roman Vassilenko et David McAllister",
            "de": "Roman Vassilenko und David McAllister",
            "id": "Roman Vassilenko dan David McAllister",
            "tl": "Roman Vassilenko at David McAllister",
            "es": "Roman Vassilenko y David McAllister",
        },
        "MFA's press service",
    ),
}

# Complete bodies: the Indonesian text is shared/seeds/000_c5fce8af078adf06.txt verbatim, machine-translation
# defects included ("… Eropa. dan Asia."); the English one is its back-translation. Other editions are generated.
BODIES: dict[str, dict[str, tuple[str, ...]]] = {
    _A8: {
        "id": (
            "Wakil Menteri Luar Negeri Kazakhstan Roman Vassilenko berpartisipasi dalam pertemuan tingkat menteri "
            "pertama negara-negara Asia Tengah dan G7 yang berlangsung dalam format online. Prospek kerja sama di "
            "bidang keamanan regional, ekonomi, transportasi, energi dan investasi, penanggulangan pemanasan global "
            "dan perlindungan lingkungan, pengelolaan air, serta pariwisata dibahas dalam pertemuan tersebut. Dalam "
            "sambutannya, Wakil Menteri Luar Negeri Kazakhstan menekankan pentingnya memperluas hubungan dagang, "
            "meningkatkan keterlibatan ekonomi G7 di kawasan, serta mengembangkan potensi Jalur Transportasi "
            "Internasional Trans-Kaspia dalam menghubungkan pusat-pusat industri utama Eropa. dan Asia.",
            "Roman Vassilenko lebih lanjut mencatat bahwa Kazakhstan berkomitmen untuk melakukan langkah-langkah "
            "bersama untuk melawan tantangan modern global dan regional, khususnya, menyelesaikan keadaan darurat di "
            "bidang iklim, krisis pangan, dan masalah air serta menyelamatkan Laut Aral. Rencana Kazakhstan untuk "
            "mengurangi emisi gas rumah kaca sebesar 15% pada tahun 2030 dan mencapai netralitas karbon pada tahun "
            "2060 juga telah diuraikan. Selain itu, diplomat tersebut mendesak lawan bicaranya untuk mendukung "
            "inisiatif Kazakh untuk mendirikan Pusat Regional PBB untuk SDGs untuk Asia Tengah dan Afghanistan di "
            "Almaty dan untuk berpartisipasi dalam KTT Perubahan Iklim Regional di bawah naungan PBB di Kazakhstan "
            "pada tahun 2026. negara-negara dalam intervensinya juga berfokus pada pentingnya meningkatkan kerja "
            "sama di bidang-bidang prioritas pembangunan kawasan kita. Kesiapan untuk mengembangkan dialog lebih "
            "lanjut dalam format ini telah diungkapkan.",
            "Pada gilirannya, para menteri luar negeri G7 dan Perwakilan Tinggi UE untuk Urusan Luar Negeri dan "
            "Kebijakan Keamanan – Wakil Presiden Komisi Eropa Josep Borrell menegaskan komitmen mereka terhadap "
            "kedaulatan, kemerdekaan dan integritas teritorial negara-negara Asia Tengah sesuai dengan Piagam PBB. "
            "Mereka mencatat bahwa kerja sama aktif antara masing-masing anggota G7 dengan negara-negara Asia "
            "Tengah sudah berlangsung melalui jalur bilateral dan multilateral. Pada saat yang sama, mereka "
            "menyerukan perluasan lebih lanjut dan pendalaman kerja sama di bidang keamanan, pembangunan "
            "infrastruktur, perdagangan dan ekonomi.",
            "Secara khusus, terdapat kepentingan bersama dalam meningkatkan konektivitas, termasuk melalui "
            "pengembangan proyek regional dalam kerangka Kemitraan untuk Infrastruktur dan Investasi Global (PGII), "
            "sebuah inisiatif besar G7 yang membayangkan menarik dana sebesar 600 miliar dolar AS untuk proyek "
            "infrastruktur di seluruh dunia. dunia hingga tahun 2027. Para delegasi juga melakukan pertukaran "
            "pandangan secara substantif mengenai dampak turbulensi geopolitik terhadap negara-negara Asia Tengah, "
            "termasuk tantangan yang terkait dengan ketidakstabilan global dan gangguan rantai pasokan, serta cara "
            "mengatasinya.",
        ),
        "en": (
            "Deputy Minister of Foreign Affairs of Kazakhstan Roman Vassilenko participated in the first ministerial "
            "meeting of the countries of Central Asia and the G7, held online. Prospects for cooperation in regional "
            "security, the economy, transport, energy and investment, combating global warming and protecting the "
            "environment, water management and tourism were discussed at the meeting. In his remarks, the Kazakh "
            "Deputy Foreign Minister stressed the importance of expanding trade ties, increasing the economic "
            "engagement of the G7 in the region and developing the potential of the Trans-Caspian International "
            "Transport Route in connecting the major industrial centres of Europe and Asia.",
            "Roman Vassilenko further noted that Kazakhstan is committed to joint steps to counter modern global and "
            "regional challenges, in particular resolving emergencies in the field of climate, the food crisis and "
            "water problems, and saving the Aral Sea. Kazakhstan's plans to reduce greenhouse gas emissions by 15% "
            "by 2030 and to achieve carbon neutrality by 2060 were also outlined. The diplomat urged his "
            "interlocutors to support the Kazakh initiative to establish a UN Regional Centre for the SDGs for "
            "Central Asia and Afghanistan in Almaty and to take part in the Regional Climate Summit under the "
            "auspices of the UN in Kazakhstan in 2026. Readiness to develop the dialogue further in this format was "
            "expressed.",
            "In turn, G7 foreign ministers and EU High Representative for Foreign Affairs and Security Policy – "
            "Vice-President of the European Commission Josep Borrell confirmed their commitment to the sovereignty, "
            "independence and territorial integrity of the Central Asian states in accordance with the UN Charter. "
            "They noted that active cooperation between individual G7 members and the countries of Central Asia is "
            "already under way through bilateral and multilateral channels. At the same time, they called for "
            "further expansion and deepening of cooperation in security, infrastructure development, trade and the "
            "economy.",
            "In particular, there is a shared interest in improving connectivity, including through regional "
            "projects within the Partnership for Global Infrastructure and Investment (PGII), a major G7 initiative "
            "that envisages attracting US$600 billion for infrastructure projects around the world until 2027. The "
            "delegates also exchanged views on the impact of geopolitical turbulence on the countries of Central "
            "Asia, including the challenges of global instability and supply chain disruptions, and ways to address "
            "them.",
        ),
    },
}
