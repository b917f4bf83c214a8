"""Indonesian (id.) edition: GTranslate-style UI strings and the Indonesian rendering of the prose bank."""

from __future__ import annotations

HTML_LANG = "id-ID"
LOCALE = "id_ID"
QUOTES = ("“", "”")
DATE_FORMAT = "{day} {month} {year}"
AGO = "{} yang lalu"
UNITS = {
    "min": ("menit", "menit"),
    "hour": ("jam", "jam"),
    "day": ("hari", "hari"),
    "week": ("minggu", "minggu"),
    "month": ("bulan", "bulan"),
    "year": ("tahun", "tahun"),
}
# Observed in the seed article: a stray full stop before a conjunction ("… Eropa. dan Asia.").
STRAY_BREAK = " dan "

UI = {
    "connect": "Terhubung dengan kami",
    # Observed: "SHARE:" translated as the noun "stock share".
    "share": "SAHAM:",
    "published": "Diterbitkan",
    "on": "on",
    "by": "Oleh",
    "consent": "Kami menggunakan pendaftaran Anda untuk menyediakan konten dengan cara yang Anda setujui dan untuk "
    "meningkatkan pemahaman kami tentang Anda. Anda dapat berhenti berlangganan kapan saja.",
    "ad": "Iklan",
    "share_article": "Bagikan artikel ini:",
    # Observed: "EU Reporter" in the first sentence, "Reporter UE" in the second.
    "disclaimer": "EU Reporter menerbitkan artikel dari berbagai sumber luar yang mengungkapkan berbagai sudut "
    "pandang. "
    "Posisi yang diambil dalam artikel ini belum tentu milik Reporter UE.",
    "trending": "Tren",
    "related_topics": "Topik Terkait:",
    "you_may_like": "Anda mungkin suka",
    "up_next": "Berikutnya",
    "dont_miss": "Jangan Lewatkan",
    "continue": "Lanjutkan Membaca",
    "comment": "Klik untuk berkomentar",
    "latest": "Berita Terbaru",
    "meta": "Meta",
    "login": "Masuk",
    "entries_feed": "Feed entri",
    "search": "Cari",
    "about": "Tentang",
    "terms": "Syarat dan ketentuan",
    "rights": "Hak cipta dilindungi undang-undang.",
    "next": "Berikutnya »",
    "previous": "« Sebelumnya",
    "not_found": "Halaman yang Anda minta tidak ada atau telah dipindahkan.",
    "photo_credit": "Kredit foto:",
    "update": "Pembaruan:",
    "search_results": "Hasil pencarian untuk:",
    "nothing_found": "Tidak ada yang ditemukan.",
}

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip

CATEGORIES = {
    "politics": "Politik",
    "politics/european-parliament-2": "Parlemen Eropa",
    "politics/european-commission": "Komisi Eropa",
    "world": "Dunia",
    "world/kazakhstan": "Kazakhstan",
    "world/belgium-world": "Belgia",
    "world/ukraine": "Ukraina",
    "world/human-rights-category": "Hak asasi manusia",
    "world/human-rights-category/european-court-of-human-rights-echr": "Pengadilan Hak Asasi Manusia Eropa (ECHR)",
    "kazakhstan-2": "Kazakhstan",
    "uzbekistan": "Uzbekistan",
    "business": "Bisnis",
    "business/data": "Data",
    "business/data/mass-surveillance-data": "Pengawasan massal",
    "business/digital-economy": "Ekonomi digital",
    "business/digital-economy/digital-services-act": "Undang-Undang Layanan Digital",
    "economy": "Ekonomi",
    "energy": "Energi",
    "environment": "Lingkungan",
    "environment/climate-change": "Perubahan iklim",
    "environment/plastic-carrier-bags-environment": "Kantong plastik",
    "health": "Kesehatan",
    "health/covid-19": "COVID-19",
    "transport": "Transportasi",
    "agriculture": "Pertanian",
    "general": "Umum",
    "frontpage": "Halaman depan",
}

ORGS = (
    "Komisi Eropa",
    "Parlemen Eropa",
    "Dewan UE",
    "Dinas Aksi Eksternal Eropa",
    "Bank Investasi Eropa",
    "kelompok S&D",
    "kelompok EPP",
    "Badan Pemeriksa Keuangan Eropa",
    "OSCE",
    "Komite Ekonomi dan Sosial Eropa",
)

PEOPLE = (
    "Komisaris Anna Lindqvist",
    "anggota Parlemen Eropa Pieter de Graaf",
    "Wakil Menteri Luar Negeri Aigerim Sadykova",
    "Perwakilan Khusus UE Marco Ferrante",
    "Duta Besar Tomasz Wolski",
    "anggota Parlemen Eropa Elena Marinescu",
    "Menteri Ekonomi Daniyar Karimov",
    "juru bicara Komisi Julia Becker",
    "Profesor Henrik Aalto",
    "pelapor Sofia Castelli",
)

COUNTRIES = (
    "Kazakhstan", "Ukraina", "Belgia", "Polandia", "Moldova",
    "Uzbekistan", "Armenia", "Georgia", "Italia", "Irlandia",
)  # fmt: skip
WITH_COUNTRIES = tuple(f"dengan {name}" for name in COUNTRIES)

TOPICS = (
    "ketahanan energi",
    "pasar tunggal",
    "kebijakan migrasi",
    "supremasi hukum",
    "Undang-Undang Layanan Digital",
    "bahan baku penting",
    "transisi hijau",
    "perdagangan dengan Asia Tengah",
    "perluasan UE",
    "keamanan siber",
    "ketahanan pangan",
    "target iklim 2040",
    "usulan kontrol obrolan",
    "rute transportasi Trans-Kaspia",
)

PLACES = (
    "di Brussel", "di Strasbourg", "di Luksemburg", "di Astana",
    "di Tashkent", "di Warsawa", "di Wina", "di Roma",
)  # fmt: skip

SENTENCES = (
    "{org} mengatakan pada hari Selasa bahwa {topic} akan tetap menjadi prioritas utama selama sisa tahun ini.",
    "Berbicara {place}, {person} menegaskan bahwa Uni Eropa tidak dapat menunda lebih lama lagi.",
    "{country} telah menyatakan kesiapannya untuk memperdalam kerja sama dengan Uni Eropa di beberapa sektor utama.",
    "Usulan tersebut, yang masih memerlukan persetujuan negara-negara anggota, akan memobilisasi hingga {bn} miliar "
    "euro pada tahun {year}.",
    "Para pejabat yang mengetahui pembicaraan itu menggambarkan suasananya konstruktif namun hati-hati.",
    "{person} mencatat bahwa perdagangan antara kedua pihak tumbuh sebesar {pct}% selama setahun terakhir.",
    "Para pengkritik berpendapat bahwa {topic} ditangani dengan terlalu sedikit transparansi.",
    "Putaran perundingan berikutnya diperkirakan akan berlangsung {place} pada bulan {month}.",
    "{org} memperkirakan bahwa lebih dari {n} proyek sudah berjalan di seluruh kawasan.",
    "{person} meminta pemerintah nasional untuk mempercepat pelaksanaan aturan yang ada.",
    "Beberapa anggota Parlemen Eropa mempertanyakan apakah anggaran saat ini sudah mencukupi.",
    "{org} diharapkan menyampaikan peta jalan terperinci sebelum akhir tahun {year}.",
    "Inisiatif ini merupakan bagian dari strategi yang lebih luas untuk memperkuat ketahanan Uni Eropa.",
    "{country} dipandang di Brussel sebagai mitra yang dapat diandalkan di kawasan yang semakin tidak stabil.",
    "Kelompok bisnis menyambut baik langkah tersebut tetapi memperingatkan adanya beban administrasi tambahan.",
    "{person} menyebut perjanjian itu sebagai langkah maju yang penting bagi kedua belah pihak.",
    "Negara-negara anggota masih terbelah mengenai seberapa cepat {topic} harus dimajukan.",
    "Parlemen Eropa mengadopsi posisinya dengan mayoritas besar pada hari Rabu.",
    "Para ahli menunjukkan bahwa kawasan tersebut memiliki cadangan bahan baku penting yang cukup besar.",
    "{org} akan meninjau kemajuan yang dicapai pada bulan {month} dan melapor kepada para menteri.",
    "Pembahasan juga mencakup energi, jaringan transportasi, dan peluang investasi.",
    "{person} menekankan bahwa supremasi hukum dan hak-hak dasar tidak dapat ditawar.",
    "Organisasi masyarakat sipil telah mendesak lembaga-lembaga tersebut untuk lebih melibatkan warga.",
    "Sekitar {n} delegasi menghadiri pertemuan {place}.",
    "Aturan baru tersebut dijadwalkan mulai berlaku pada tahun {year}, setelah masa transisi.",
    "{country} berencana menarik investasi asing senilai beberapa miliar euro dalam dekade mendatang.",
    "Penilaian dampak Komisi sendiri menunjukkan bahwa biaya dapat turun sebesar {pct}% dalam jangka panjang.",
    "Kedua belah pihak sepakat untuk melanjutkan dialog di tingkat ahli.",
    "{person} memperingatkan bahwa kampanye disinformasi menjadi semakin canggih.",
    "Para pengamat mengatakan hasilnya akan membentuk agenda politik selama bertahun-tahun mendatang.",
    "{org} telah berulang kali mengatakan bahwa {topic} memerlukan jawaban bersama Eropa.",
    "Petani, usaha kecil, dan pemerintah daerah termasuk di antara yang paling terdampak.",
    "Nota kesepahaman yang ditandatangani {place} mencakup kerja sama di bidang pendidikan, pariwisata, dan layanan "
    "digital.",
    "{person} menambahkan bahwa pembicaraan lebih lanjut {with_country} direncanakan dalam beberapa minggu mendatang.",
    "Laporan tersebut merekomendasikan koordinasi yang lebih erat antara regulator nasional.",
    "Partisipasi dalam konsultasi lebih tinggi dari yang diperkirakan, dengan lebih dari {n}.000 tanggapan.",
    "{country} telah mengadopsi sejumlah reformasi untuk memperbaiki iklim usahanya.",
    "Pemungutan suara tersebut dipandang sebagai ujian bagi mayoritas baru di Parlemen Eropa.",
    "Dana akan disalurkan melalui program yang sudah ada untuk menghindari tumpang tindih.",
    "{org} mengatakan akan memantau situasi dengan cermat.",
)

TITLES = (
    "{org} meluncurkan rencana baru tentang {topic}",
    "{country} dan UE sepakat untuk meningkatkan kerja sama",
    "{person}: ‘Kita membutuhkan babak baru dalam hubungan’",
    "Anggota Parlemen Eropa mendukung aturan yang lebih ketat tentang {topic}",
    "{country} – UE: dialog memasuki “tahap baru yang kritis”",
    "Usulan Komisi tentang {topic} menghadapi penolakan dari negara-negara anggota",
    '{org} menyerukan "tindakan segera" tentang {topic}',
    "Dewan Hubungan Internasional Kazakhstan (КCIR) meninjau {topic}",
    "Kelompok S&D menuntut lebih banyak transparansi tentang {topic}",
    "{person} mengadakan pembicaraan {place}",
    "Apa arti aturan baru tentang {topic} bagi warga",
    "{country} menjadi tuan rumah konferensi tentang {topic}",
    "Para menteri UE gagal mencapai kesepakatan tentang {topic}",
    "Paket senilai {bn} miliar euro untuk mendukung {topic}",
    "{country} menegaskan kembali komitmennya terhadap reformasi",
    "Riset & inovasi: {org} membuka panggilan proyek baru",
)

CAPTIONS = (
    "{person} {place}",
    "Para delegasi pada pertemuan {place}",
    "{person} dan {person2}",
    "Sidang pleno Parlemen Eropa {place}",
)

LIST_INTROS = (
    "Paket tersebut berfokus pada bidang-bidang berikut:",
    "Para menteri mengidentifikasi beberapa prioritas:",
    "Perjanjian tersebut mencakup:",
)

UPDATES = (
    "{org} sejak itu telah mengonfirmasi angka-angka tersebut.",
    "{person} kemudian mengatakan bahwa keputusan akhir diharapkan pada bulan {month}.",
    "Pertemuan lanjutan {place} telah ditunda hingga bulan {month}.",
    "{org} telah menerbitkan teks lengkap perjanjian tersebut.",
)

PAGES = {
    "about": (
        "Tentang",
        (
            "EU Reporter adalah situs berita independen yang meliput politik, bisnis, dan urusan internasional Eropa.",
            "Situs ini diterbitkan oleh EU Reporter Media & Communications Ltd, yang terdaftar di Republik Irlandia "
            "(Perusahaan No 659786). Penerbit: Colin Stevens. Editor Politik: Nick Powell.",
        ),
    ),
    "terms-and-conditions": (
        "Syarat dan ketentuan",
        (
            "Diperbarui 31/10/2019",
            "www.eureporter.co, www.eureporter.ie, www.eureporter.tv dan buletin disediakan oleh EU Reporter Media & "
            "Communications Ltd.",
            "Dengan menggunakan situs web ini, Anda menerima syarat dan ketentuan ini sepenuhnya.",
        ),
    ),
}
