"""Italian (it.) edition: GTranslate-style UI strings and the Italian rendering of the prose bank."""

from __future__ import annotations

HTML_LANG = "it-IT"
LOCALE = "it_IT"
QUOTES = ("“", "”")
DATE_FORMAT = "{day} {month} {year}"
AGO = "{} fa"
UNITS = {
    "min": ("minuto", "minuti"),
    "hour": ("ora", "ore"),
    "day": ("giorno", "giorni"),
    "week": ("settimana", "settimane"),
    "month": ("mese", "mesi"),
    "year": ("anno", "anni"),
}
STRAY_BREAK = None

UI = {
    "connect": "Seguici sui social",
    # Observed: "SHARE:" and "on" stay English on it.
    "share": "SHARE:",
    "published": "Pubblicato il",
    "on": "on",
    "by": "Di",
    "consent": "Usiamo la tua registrazione per fornire contenuti nei modi in cui hai acconsentito e per migliorare la "
    "nostra comprensione di te. È possibile disdire in qualsiasi momento.",
    "ad": "Pubblicità",
    "share_article": "Condividi questo articolo:",
    "disclaimer": "EU Reporter pubblica articoli provenienti da diverse fonti esterne che esprimono un'ampia gamma di "
    "punti di vista. Le posizioni assunte in questi articoli non sono necessariamente quelle di EU Reporter.",
    "trending": "Tendenza",
    "related_topics": "Argomenti correlati:",
    "you_may_like": "Potrebbe piacerti",
    "up_next": "Prossimo",
    "dont_miss": "Da non perdere",
    "continue": "Continua a leggere",
    "comment": "Fai clic per commentare",
    "latest": "Ultime notizie",
    "meta": "Meta",
    "login": "Accedi",
    "entries_feed": "Feed dei contenuti",
    "search": "Cerca",
    "about": "Chi siamo",
    "terms": "Termini e condizioni",
    "rights": "Tutti i diritti riservati.",
    "next": "Successivo »",
    "previous": "« Precedente",
    "not_found": "La pagina richiesta non esiste o è stata spostata.",
    "photo_credit": "Credito fotografico:",
    "update": "Aggiornamento:",
    "search_results": "Risultati della ricerca per:",
    "nothing_found": "Nessun risultato.",
}

MONTHS = (
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
    "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
)  # fmt: skip

CATEGORIES = {
    "politics": "Politica",
    "politics/european-parliament-2": "Parlamento europeo",
    "politics/european-commission": "Commissione europea",
    "world": "Mondo",
    "world/kazakhstan": "Kazakistan",
    "world/belgium-world": "Belgio",
    "world/ukraine": "Ucraina",
    "world/human-rights-category": "Diritti umani",
    "world/human-rights-category/european-court-of-human-rights-echr": "Corte europea dei diritti dell'uomo (CEDU)",
    "kazakhstan-2": "Kazakistan",
    "uzbekistan": "Uzbekistan",
    "business": "Affari",
    "business/data": "Dati",
    "business/data/mass-surveillance-data": "Sorveglianza di massa",
    "business/digital-economy": "Economia digitale",
    "business/digital-economy/digital-services-act": "Legge sui servizi digitali",
    "economy": "Economia",
    "energy": "Energia",
    "environment": "Ambiente",
    "environment/climate-change": "Cambiamento climatico",
    "environment/plastic-carrier-bags-environment": "Sacchetti di plastica",
    "health": "Salute",
    "health/covid-19": "COVID-19",
    "transport": "Trasporti",
    "agriculture": "Agricoltura",
    "general": "Generale",
    "frontpage": "Prima pagina",
}

ORGS = (
    "la Commissione europea",
    "il Parlamento europeo",
    "il Consiglio dell'UE",
    "il Servizio europeo per l'azione esterna",
    "la Banca europea per gli investimenti",
    "il gruppo S&D",
    "il gruppo PPE",
    "la Corte dei conti europea",
    "l'OSCE",
    "il Comitato economico e sociale europeo",
)

PEOPLE = (
    "la commissaria Anna Lindqvist",
    "l'eurodeputato Pieter de Graaf",
    "la viceministra degli Esteri Aigerim Sadykova",
    "il rappresentante speciale dell'UE Marco Ferrante",
    "l'ambasciatore Tomasz Wolski",
    "l'eurodeputata Elena Marinescu",
    "il ministro dell'Economia Daniyar Karimov",
    "la portavoce della Commissione Julia Becker",
    "il professor Henrik Aalto",
    "la relatrice Sofia Castelli",
)

COUNTRIES = (
    "il Kazakistan", "l'Ucraina", "il Belgio", "la Polonia", "la Moldavia",
    "l'Uzbekistan", "l'Armenia", "la Georgia", "l'Italia", "l'Irlanda",
)  # fmt: skip
WITH_COUNTRIES = tuple(f"con {name}" for name in COUNTRIES)

# Used only as subjects, direct objects or after "per"/"con", which never contract with the article.
TOPICS = (
    "la sicurezza energetica",
    "il mercato unico",
    "la politica migratoria",
    "lo Stato di diritto",
    "il regolamento sui servizi digitali",
    "le materie prime critiche",
    "la transizione verde",
    "il commercio con l'Asia centrale",
    "l'allargamento dell'UE",
    "la cybersicurezza",
    "la sicurezza alimentare",
    "l'obiettivo climatico per il 2040",
    "la proposta sul controllo delle chat",
    "la rotta di trasporto transcaspica",
)

PLACES = (
    "a Bruxelles", "a Strasburgo", "a Lussemburgo", "ad Astana",
    "a Tashkent", "a Varsavia", "a Vienna", "a Roma",
)  # fmt: skip

SENTENCES = (
    "Martedì {org} ha dichiarato che {topic} resterà una priorità assoluta per il resto dell'anno.",
    "Intervenendo {place}, {person} ha sottolineato che l'Unione non può permettersi ulteriori ritardi.",
    "{country} ha segnalato la propria disponibilità ad approfondire la cooperazione con l'Unione europea in diversi "
    "settori chiave.",
    "La proposta, che deve ancora essere approvata dagli Stati membri, mobiliterebbe fino a {bn} miliardi di euro "
    "entro il {year}.",
    "Funzionari vicini ai colloqui hanno descritto un'atmosfera costruttiva ma prudente.",
    "{person} ha osservato che gli scambi tra le due parti sono cresciuti del {pct}% nell'ultimo anno.",
    "Secondo i critici, le istituzioni hanno gestito {topic} con troppa poca trasparenza.",
    "Il prossimo ciclo di negoziati dovrebbe svolgersi {place} a {month}.",
    "{org} stima che nella regione siano già in corso più di {n} progetti.",
    "{person} ha invitato i governi nazionali ad accelerare l'attuazione delle norme esistenti.",
    "Diversi eurodeputati si chiedono se il bilancio attuale sia sufficiente.",
    "{org} dovrebbe presentare una tabella di marcia dettagliata entro la fine del {year}.",
    "L'iniziativa fa parte di una strategia più ampia volta a rafforzare la resilienza dell'Unione europea.",
    "{country} è considerato a Bruxelles un partner affidabile in una regione sempre più instabile.",
    "Le associazioni di categoria hanno accolto con favore la decisione, ma mettono in guardia contro nuovi oneri "
    "amministrativi.",
    "{person} ha definito l'accordo un importante passo avanti per entrambe le parti.",
    "Gli Stati membri restano divisi sulla rapidità con cui far avanzare {topic}.",
    "Mercoledì il Parlamento europeo ha adottato la sua posizione con un'ampia maggioranza.",
    "Gli esperti fanno notare che la regione possiede importanti riserve di materie prime critiche.",
    "{org} esaminerà i progressi compiuti a {month} e riferirà ai ministri.",
    "I colloqui hanno riguardato anche l'energia, i collegamenti di trasporto e le opportunità di investimento.",
    "{person} ha ribadito che lo Stato di diritto e i diritti fondamentali non sono negoziabili.",
    "Le organizzazioni della società civile hanno esortato le istituzioni a coinvolgere maggiormente i cittadini.",
    "Circa {n} delegazioni hanno partecipato alla riunione {place}.",
    "Le nuove norme dovrebbero entrare in vigore nel {year}, dopo un periodo di transizione.",
    "{country} intende attirare investimenti esteri per diversi miliardi di euro nel prossimo decennio.",
    "La valutazione d'impatto della Commissione suggerisce che i costi potrebbero scendere del {pct}% nel lungo "
    "periodo.",
    "Le due parti hanno concordato di proseguire il dialogo a livello di esperti.",
    "{person} ha avvertito che le campagne di disinformazione stanno diventando sempre più sofisticate.",
    "Secondo gli osservatori, il risultato definirà l'agenda politica per gli anni a venire.",
    "{org} ha ripetuto più volte che {topic} richiede una risposta europea comune.",
    "Agricoltori, piccole imprese e autorità locali sono tra i più colpiti.",
    "Il memorandum firmato {place} riguarda la cooperazione nei settori dell'istruzione, del turismo e dei servizi "
    "digitali.",
    "{person} ha aggiunto che ulteriori colloqui {with_country} sono previsti nelle prossime settimane.",
    "Il rapporto raccomanda un coordinamento più stretto tra le autorità nazionali di regolamentazione.",
    "La partecipazione alla consultazione è stata più alta del previsto, con oltre {n}.000 risposte.",
    "{country} ha già adottato una serie di riforme per migliorare il proprio clima imprenditoriale.",
    "Il voto è considerato un banco di prova per la nuova maggioranza al Parlamento europeo.",
    "I fondi saranno distribuiti attraverso i programmi esistenti per evitare duplicazioni.",
    "{org} ha dichiarato che seguirà da vicino la situazione.",
)

TITLES = (
    "{org} presenta un nuovo piano per {topic}",
    "{country} e l'UE concordano di rafforzare la cooperazione",
    "{person}: ‘Serve un nuovo capitolo nelle relazioni’",
    "Gli eurodeputati sostengono regole più severe per {topic}",
    "{country} – UE: il dialogo entra in una “nuova fase critica”",
    "La proposta della Commissione per {topic} incontra l'opposizione degli Stati membri",
    '{org} chiede "un\'azione urgente" per {topic}',
    "Il Consiglio kazako per le relazioni internazionali (КCIR) esamina {topic}",
    "Il gruppo S&D chiede più trasparenza per {topic}",
    "{person} tiene colloqui {place}",
    "Cosa significano per i cittadini le nuove regole: {topic}",
    "{country} ospita una conferenza: al centro {topic}",
    "I ministri dell'UE non raggiungono un accordo: in sospeso {topic}",
    "Un pacchetto da {bn} miliardi di euro per {topic}",
    "{country} riafferma il proprio impegno per le riforme",
    "Ricerca & innovazione: {org} lancia un nuovo bando per progetti",
)

CAPTIONS = (
    "{person} {place}",
    "I delegati alla riunione {place}",
    "{person} e {person2}",
    "Una sessione plenaria del Parlamento europeo {place}",
)

LIST_INTROS = (
    "Il pacchetto si concentra sui seguenti settori:",
    "I ministri hanno individuato diverse priorità:",
    "L'accordo comprende:",
)

UPDATES = (
    "{org} ha successivamente confermato i dati.",
    "{person} ha poi dichiarato che una decisione definitiva è attesa a {month}.",
    "La riunione di follow-up {place} è stata rinviata a {month}.",
    "{org} ha pubblicato il testo integrale dell'accordo.",
)

PAGES = {
    "about": (
        "Chi siamo",
        (
            "EU Reporter è un sito di notizie indipendente che si occupa di politica europea, economia e affari "
            "internazionali.",
            "È pubblicato da EU Reporter Media & Communications Ltd, registrata nella Repubblica d'Irlanda (società "
            "n. 659786). Editore: Colin Stevens. Redattore politico: Nick Powell.",
        ),
    ),
    "terms-and-conditions": (
        "Termini e condizioni",
        (
            "Aggiornato il 31/10/2019",
            "www.eureporter.co, www.eureporter.ie, www.eureporter.tv e le newsletter sono forniti da EU Reporter Media "
            "& Communications Ltd.",
            "Utilizzando questi siti web accetti integralmente questi termini e condizioni.",
        ),
    ),
}
