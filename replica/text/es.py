"""Spanish (es.) edition: GTranslate-style UI strings and the Spanish rendering of the prose bank."""

from __future__ import annotations

HTML_LANG = "es-ES"
LOCALE = "es_ES"
QUOTES = ("“", "”")
DATE_FORMAT = "{day} de {month} de {year}"
AGO = "hace {}"
UNITS = {
    "min": ("minuto", "minutos"),
    "hour": ("hora", "horas"),
    "day": ("día", "días"),
    "week": ("semana", "semanas"),
    "month": ("mes", "meses"),
    "year": ("año", "años"),
}
STRAY_BREAK = None

UI = {
    "connect": "Conéctate con nosotros",
    "share": "COMPARTIR:",
    "published": "Publicado",
    "on": "on",
    "by": "Por",
    "consent": "Utilizamos su registro para proporcionar contenido de la forma en que usted ha dado su "
    "consentimiento y "
    "para mejorar nuestra comprensión de usted. Puede darse de baja en cualquier momento.",
    "ad": "Anuncio",
    "share_article": "Comparte este artículo:",
    "disclaimer": "EU Reporter publica artículos de diversas fuentes externas que expresan una amplia gama de puntos "
    "de vista. Las posiciones adoptadas en estos artículos no son necesariamente las de EU Reporter.",
    "trending": "Tendencias",
    "related_topics": "Temas relacionados:",
    "you_may_like": "Te puede interesar",
    "up_next": "A continuación",
    "dont_miss": "No te lo pierdas",
    "continue": "Seguir leyendo",
    "comment": "Haz clic para comentar",
    "latest": "Últimas noticias",
    "meta": "Meta",
    "login": "Acceder",
    "entries_feed": "Feed de entradas",
    "search": "Buscar",
    "about": "Acerca de",
    "terms": "Términos y condiciones",
    "rights": "Todos los derechos reservados.",
    "next": "Siguiente »",
    "previous": "« Anterior",
    "not_found": "La página que solicitó no existe o se ha movido.",
    "photo_credit": "Crédito de la foto:",
    "update": "Actualización:",
    "search_results": "Resultados de búsqueda para:",
    "nothing_found": "No se encontró nada.",
}

MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip

CATEGORIES = {
    "politics": "Política",
    "politics/european-parliament-2": "Parlamento Europeo",
    "politics/european-commission": "Comisión Europea",
    "world": "Mundo",
    "world/kazakhstan": "Kazajistán",
    "world/belgium-world": "Bélgica",
    "world/ukraine": "Ucrania",
    "world/human-rights-category": "Derechos humanos",
    "world/human-rights-category/european-court-of-human-rights-echr": "Tribunal Europeo de Derechos Humanos (TEDH)",
    "kazakhstan-2": "Kazajistán",
    "uzbekistan": "Uzbekistán",
    "business": "Negocios",
    "business/data": "Datos",
    "business/data/mass-surveillance-data": "Vigilancia masiva",
    "business/digital-economy": "Economía digital",
    "business/digital-economy/digital-services-act": "Ley de Servicios Digitales",
    "economy": "Economía",
    "energy": "Energía",
    "environment": "Medio ambiente",
    "environment/climate-change": "Cambio climático",
    "environment/plastic-carrier-bags-environment": "Bolsas de plástico",
    "health": "Salud",
    "health/covid-19": "COVID-19",
    "transport": "Transporte",
    "agriculture": "Agricultura",
    "general": "General",
    "frontpage": "Portada",
}

ORGS = (
    "la Comisión Europea",
    "el Parlamento Europeo",
    "el Consejo de la UE",
    "el Servicio Europeo de Acción Exterior",
    "el Banco Europeo de Inversiones",
    "el grupo S&D",
    "el grupo PPE",
    "el Tribunal de Cuentas Europeo",
    "la OSCE",
    "el Comité Económico y Social Europeo",
)

PEOPLE = (
    "la comisaria Anna Lindqvist",
    "el eurodiputado Pieter de Graaf",
    "la viceministra de Asuntos Exteriores Aigerim Sadykova",
    "el representante especial de la UE Marco Ferrante",
    "el embajador Tomasz Wolski",
    "la eurodiputada Elena Marinescu",
    "el ministro de Economía Daniyar Karimov",
    "la portavoz de la Comisión Julia Becker",
    "el profesor Henrik Aalto",
    "la ponente Sofia Castelli",
)

COUNTRIES = (
    "Kazajistán", "Ucrania", "Bélgica", "Polonia", "Moldavia",
    "Uzbekistán", "Armenia", "Georgia", "Italia", "Irlanda",
)  # fmt: skip
WITH_COUNTRIES = tuple(f"con {name}" for name in COUNTRIES)

# Used only as subjects, direct objects or after "sobre"/"para"/"con", which never contract with the article.
TOPICS = (
    "la seguridad energética",
    "el mercado único",
    "la política migratoria",
    "el Estado de derecho",
    "la Ley de Servicios Digitales",
    "las materias primas críticas",
    "la transición verde",
    "el comercio con Asia Central",
    "la ampliación de la UE",
    "la ciberseguridad",
    "la seguridad alimentaria",
    "el objetivo climático para 2040",
    "la propuesta de control de chats",
    "la ruta de transporte transcaspiana",
)

PLACES = (
    "en Bruselas", "en Estrasburgo", "en Luxemburgo", "en Astaná",
    "en Taskent", "en Varsovia", "en Viena", "en Roma",
)  # fmt: skip

SENTENCES = (
    "El martes, {org} afirmó que {topic} seguirá siendo una prioridad absoluta durante el resto del año.",
    "En declaraciones {place}, {person} subrayó que la Unión no puede permitirse más retrasos.",
    "{country} ha expresado su disposición a profundizar la cooperación con la Unión Europea en varios sectores clave.",
    "La propuesta, que aún necesita la aprobación de los Estados miembros, movilizaría hasta {bn} mil millones de "
    "euros para {year}.",
    "Funcionarios cercanos a las conversaciones describieron un ambiente constructivo pero prudente.",
    "{person} señaló que el comercio entre ambas partes había crecido un {pct} % durante el último año.",
    "Según los críticos, las instituciones han gestionado {topic} con muy poca transparencia.",
    "Se espera que la próxima ronda de negociaciones tenga lugar {place} en {month}.",
    "{org} calcula que ya hay más de {n} proyectos en marcha en toda la región.",
    "{person} pidió a los gobiernos nacionales que aceleren la aplicación de las normas existentes.",
    "Varios eurodiputados se preguntan si el presupuesto actual es suficiente.",
    "Se espera que {org} presente una hoja de ruta detallada antes de que termine {year}.",
    "La iniciativa forma parte de una estrategia más amplia para reforzar la resiliencia de la Unión Europea.",
    "En Bruselas, {country} es visto como un socio fiable en una región cada vez más inestable.",
    "Las organizaciones empresariales acogieron con satisfacción la medida, pero advirtieron contra nuevas cargas "
    "administrativas.",
    "{person} calificó el acuerdo como un importante paso adelante para ambas partes.",
    "Los Estados miembros siguen divididos sobre la rapidez con la que debe avanzar {topic}.",
    "El miércoles, el Parlamento Europeo aprobó su posición por amplia mayoría.",
    "Los expertos señalan que la región posee importantes reservas de materias primas críticas.",
    "{org} revisará los avances logrados en {month} e informará a los ministros.",
    "Las conversaciones también abordaron la energía, las conexiones de transporte y las oportunidades de inversión.",
    "{person} insistió en que el Estado de derecho y los derechos fundamentales no son negociables.",
    "Las organizaciones de la sociedad civil han instado a las instituciones a implicar más a los ciudadanos.",
    "Unas {n} delegaciones asistieron a la reunión {place}.",
    "Está previsto que las nuevas normas entren en vigor en {year}, tras un período de transición.",
    "{country} pretende atraer inversiones extranjeras por valor de varios miles de millones de euros en la próxima "
    "década.",
    "La evaluación de impacto de la Comisión sugiere que los costes podrían bajar un {pct} % a largo plazo.",
    "Ambas partes acordaron continuar el diálogo a nivel de expertos.",
    "{person} advirtió que las campañas de desinformación son cada vez más sofisticadas.",
    "Según los observadores, el resultado marcará la agenda política durante los próximos años.",
    "{org} ha repetido en varias ocasiones que {topic} requiere una respuesta europea común.",
    "Los agricultores, las pequeñas empresas y las autoridades locales se encuentran entre los más afectados.",
    "El memorando firmado {place} abarca la cooperación en educación, turismo y servicios digitales.",
    "{person} añadió que se prevén nuevas conversaciones {with_country} en las próximas semanas.",
    "El informe recomienda una coordinación más estrecha entre los reguladores nacionales.",
    "La participación en la consulta fue mayor de lo esperado, con más de {n}.000 respuestas.",
    "{country} ya ha adoptado una serie de reformas para mejorar su clima empresarial.",
    "La votación se considera una prueba para la nueva mayoría del Parlamento Europeo.",
    "Los fondos se distribuirán a través de los programas existentes para evitar duplicidades.",
    "{org} aseguró que seguirá de cerca la situación.",
)

TITLES = (
    "{org} presenta un nuevo plan sobre {topic}",
    "{country} y la UE acuerdan reforzar su cooperación",
    "{person}: ‘Necesitamos un nuevo capítulo en las relaciones’",
    "Los eurodiputados respaldan normas más estrictas sobre {topic}",
    "{country} – UE: el diálogo entra en una “nueva etapa crítica”",
    "La propuesta de la Comisión sobre {topic} choca con la oposición de los Estados miembros",
    '{org} pide "medidas urgentes" sobre {topic}',
    "El Consejo de Relaciones Internacionales de Kazajistán (КCIR) examina {topic}",
    "El grupo S&D exige más transparencia sobre {topic}",
    "{person} mantiene conversaciones {place}",
    "Qué significan para los ciudadanos las nuevas normas sobre {topic}",
    "{country} acoge una conferencia sobre {topic}",
    "Los ministros de la UE no logran un acuerdo sobre {topic}",
    "Un paquete de {bn} mil millones de euros para {topic}",
    "{country} reafirma su compromiso con las reformas",
    "Investigación & innovación: {org} lanza una nueva convocatoria de proyectos",
)

CAPTIONS = (
    "{person} {place}",
    "Los delegados en la reunión {place}",
    "{person} y {person2}",
    "Una sesión plenaria del Parlamento Europeo {place}",
)

LIST_INTROS = (
    "El paquete se centra en los siguientes ámbitos:",
    "Los ministros identificaron varias prioridades:",
    "El acuerdo abarca:",
)

UPDATES = (
    "{org} ha confirmado desde entonces las cifras.",
    "{person} dijo más tarde que se espera una decisión final en {month}.",
    "La reunión de seguimiento {place} se ha aplazado hasta {month}.",
    "{org} ha publicado el texto completo del acuerdo.",
)

PAGES = {
    "about": (
        "Acerca de",
        (
            "EU Reporter es un sitio de noticias independiente que cubre la política europea, los negocios y los "
            "asuntos internacionales.",
            "Lo publica EU Reporter Media & Communications Ltd, registrada en la República de Irlanda (empresa n.º "
            "659786). Editor: Colin Stevens. Editor político: Nick Powell.",
        ),
    ),
    "terms-and-conditions": (
        "Términos y condiciones",
        (
            "Actualizado el 31/10/2019",
            "www.eureporter.co, www.eureporter.ie, www.eureporter.tv y los boletines son proporcionados por EU "
            "Reporter Media & Communications Ltd.",
            "Al utilizar estos sitios web, usted acepta íntegramente estos términos y condiciones.",
        ),
    ),
}
