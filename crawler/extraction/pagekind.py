"""Pages served where the article should be: bot challenges, consent walls and soft 404s (`not_an_article`).

A WAF's "Just a moment..." page, a full-page consent manager and a theme-styled "Page not found" all answer 200 at
the article's URL. Each is recognised by two things together: its markers (title, body class, challenge or consent
manager markup) and text that fits no article (no run of real paragraphs). So a real article that merely mentions
"Just a moment" or cookies, or carries a cookie banner or a reCAPTCHA comment form, is never rejected.

It runs on every article page (crawler/extraction/pages.py, then extract_article), so it is built to be cheap: the
title and the <body> tag are read from fixed places; markup is looked for only in the first and last SCAN_WINDOW
characters (where WAF and consent-manager scripts, and all of a challenge page, sit), first with a few plain substring
tests (a regular expression with many alternatives costs ten times as much per page), and the paragraphs are counted
only when a marker was found, stopping as soon as they prove an article.
"""

from __future__ import annotations

import html as htmllib
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

SCAN_WINDOW = 8_192  # characters at each end of the page where markers are looked for (a challenge page is smaller)
LONG_PARAGRAPH_WORDS = 15  # a paragraph of at least this many words is article-like prose
ARTICLE_PARAGRAPHS = 3  # this many long paragraphs, or ARTICLE_WORDS words of paragraphs, make an article
ARTICLE_WORDS = 150

_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)

# Titles of challenge pages: Cloudflare's (in the languages it localises "Just a moment..." into), Sucuri, Imperva,
# PerimeterX, DataDome, DDoS-Guard, Wordfence, generic captcha interstitials.
CHALLENGE_TITLE = re.compile(
    r"^(?:just a moment|un instant|einen moment|un momento|solo un momento|só um momento|een ogenblik|chwileczkę"
    r"|tunggu sebentar|bir dakika|подождите|請稍候|しばらくお待ちください|please wait|one moment, please)"
    r"|attention required|checking your browser|security check|verify(?:ing)? (?:that )?you are (?:a )?human"
    r"|human verification|are you a (?:robot|human)|robot or human|pardon our interruption|ddos-guard"
    r"|you have been blocked|access (?:to this page has been )?denied|request (?:rejected|blocked)"
    r"|sucuri website firewall|captcha|bot (?:check|protection)|one more step",
    re.IGNORECASE,
)
# Case-sensitive on purpose: class names, ids, script URLs and cookie names are written in lower case. Captcha widgets
# (CHALLENGE_WIDGET) also sit in comment and contact forms of ordinary pages: they count only on a small page.
CHALLENGE_MARKUP = re.compile(
    r"cf-chl|cf_chl|challenge-platform|cf-browser-verification|challenge-form|captcha-delivery\.com|px-captcha"
    r"|_pxCaptcha|sgcaptcha|_Incapsula_Resource|Incapsula incident|sucuri_cloudproxy|ddos-guard|awswaf|aws-waf-token"
    r"|datadome"
)
CHALLENGE_WIDGET = re.compile(r"g-recaptcha|h-captcha|hcaptcha\.com|cf-turnstile")
SMALL_PAGE = 20_000  # characters; an interstitial is smaller, a site's article page is larger
CHALLENGE_GATE = ("_chl", "challenge", "aptcha", "ncapsula", "ddos", "waf", "datadome", "sucuri")
CONSENT_TITLE = re.compile(
    r"before you continue|bevor sie (?:fortfahren|weitergehen)|avant de continuer|avant d'accéder|prima di continuare"
    r"|antes de continuar|sebelum (?:anda )?melanjutkan|voordat je verdergaat|zanim przejdziesz dalej"
    r"|(?:cookie|privacy) (?:consent|settings|preferences|choices|wall)|we value your privacy|your privacy choices"
    r"|is part of the yahoo family",
    re.IGNORECASE,
)
# Consent managers that can cover the whole page (IAB TCF CMPs, Google Funding Choices, Yahoo's and Google's own
# walls); a cookie banner plugin alone (a bar at the bottom of every page) is no wall and is not listed.
CONSENT_MARKUP = re.compile(
    r"qc-cmp2|cmp-wall|consent-wall|cookie-wall|cookiewall|onetrust-|didomi|Cookiebot|CookieConsent|cmpbox"
    r"|sp_message_container|consent\.google\.|consent\.yahoo\.|fc-consent|cky-consent|cmplz-|usercentrics"
    r"|truste-consent|trustarc|gdpr-consent"
)
CONSENT_GATE = (
    "onsent",
    "cmp",
    "onetrust",
    "sp_message",
    "didomi",
    "ookiebot",
    "ookie-wall",
    "ookiewall",
    "usercentrics",
    "trustarc",
)
SOFT404_TITLE = re.compile(
    r"(?<!\d)404(?!\d)|\bnot found\b|nothing found|page (?:introuvable|non trouvée)|seite nicht gefunden"
    r"|pagina non trovata|halaman tidak ditemukan|hindi (?:nahanap|natagpuan)|página no encontrada"
    r"|página não encontrada|pagina niet gevonden|nie znaleziono|pagina nu a fost găsită|страница не найдена"
    r"|sidan hittades inte|siden blev ikke fundet|sivua ei löytynyt|az oldal nem található|stránka nenalezena"
    r"|sayfa bulunamadı|η σελίδα δεν βρέθηκε|сторінку не знайдено|找不到|見つかりません|찾을 수 없",
    re.IGNORECASE,
)
SOFT404_MARKUP = re.compile(r"""id=["']mvp-404["']|class=["'](?:[^"']* )?error-404[ "']""")
SOFT404_BODY_CLASSES = frozenset(("error404", "error-404"))
# Vocabulary of a consent notice, in the editions' languages: a wall's paragraphs are about this, an article's not.
CONSENT_WORDS = re.compile(
    r"cookie|consent|privacy|partners|personal data|vendors|einwillig|datenschutz|consentement|confidentialit"
    r"|consenso|persetujuan|privasi|pahintulot|privacidad|privacidade|toestemming|zgod",
    re.IGNORECASE,
)
# An element that holds an article body in WordPress themes (Zox News, block themes, schema.org markup).
ARTICLE_BODY = re.compile(
    r"""id=["']mvp-content-main["']|itemprop=["']articleBody["']|class=["'][^"']*\b(?:entry-content|post-content"""
    r"""|article-body|mvp-content-main)\b|<article\b"""
)
_PARAGRAPH = re.compile(
    r"<p\b[^>]*>(.*?)(?=</p\s*>|<p\b|</div\s*>|</section\s*>|</article\s*>)", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<[^>]*>")
_NON_TEXT = re.compile(r"<(script|style|noscript|template|svg|head)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(
    r"<(?:/?(?:p|div|li|ul|ol|dl|dt|dd|h[1-6]|td|th|tr|table|section|article|blockquote|header|footer|nav|aside|main"
    r"|form|button|figure|figcaption)\b|br\b)[^>]*>",
    re.IGNORECASE,
)


def not_an_article(html: str, url: str) -> str | None:
    """ "challenge", "consent" or "soft404" when the page is one of these standing where an article should be, else
    None. `url` is the page's URL (kept for the callers' logs; the decision reads the page alone)."""
    if not html:
        return None
    title = _title(html)
    small = len(html) <= SMALL_PAGE
    window = html if len(html) <= 2 * SCAN_WINDOW else html[:SCAN_WINDOW] + html[-SCAN_WINDOW:]
    challenge = bool(CHALLENGE_TITLE.search(title)) or (
        any(needle in window for needle in CHALLENGE_GATE)
        and (CHALLENGE_MARKUP.search(window) is not None or small and CHALLENGE_WIDGET.search(window) is not None)
    )
    consent = bool(CONSENT_TITLE.search(title)) or (
        any(needle in window for needle in CONSENT_GATE) and CONSENT_MARKUP.search(window) is not None
    )
    soft404 = (
        bool(_body_classes(html) & SOFT404_BODY_CLASSES)
        or bool(SOFT404_TITLE.search(title))
        or "-404" in window
        and SOFT404_MARKUP.search(window) is not None
    )
    if not (challenge or consent or soft404):
        return None
    has_body = ARTICLE_BODY.search(html) is not None
    if challenge and not _reads_as_article(html, has_body, discount_consent=False):
        return "challenge"
    if consent and not _reads_as_article(html, has_body, discount_consent=True):
        return "consent"
    if soft404 and not _reads_as_article(html, has_body, discount_consent=False):
        return "soft404"
    return None


def _reads_as_article(html: str, has_body: bool, discount_consent: bool) -> bool:
    """ARTICLE_PARAGRAPHS runs of at least LONG_PARAGRAPH_WORDS words, or ARTICLE_WORDS words in such runs, or one
    long run with an article body element on the page. Runs are <p> paragraphs (WordPress writes every paragraph
    so; the cheap pass), else the text between any two block-level tags (pages that write text in <div>s and <br>s).
    With discount_consent, runs about cookies and consent (a wall's notice) do not count."""
    return _enough(_PARAGRAPH.finditer(html), has_body, discount_consent) or _enough(
        _BLOCK_TAG.split(_NON_TEXT.sub(" ", html)), has_body, discount_consent
    )


def _enough(runs: Iterable[re.Match[str] | str], has_body: bool, discount_consent: bool) -> bool:
    long_runs = words = 0
    for run in runs:
        text = run if isinstance(run, str) else run.group(1)
        if "<" in text:
            text = _TAG.sub(" ", text)
        count = len(text.split())
        if count < 3 or discount_consent and CONSENT_WORDS.search(text) is not None:
            continue
        words += count
        long_runs += count >= LONG_PARAGRAPH_WORDS
        if long_runs >= ARTICLE_PARAGRAPHS or words >= ARTICLE_WORDS or has_body and long_runs:
            return True
    return False


def _title(html: str) -> str:
    match = _TITLE.search(html, 0, 65_536)
    return " ".join(htmllib.unescape(match.group(1)).split()) if match else ""


def _body_classes(html: str) -> set[str]:
    tag = _BODY_TAG.search(html)
    if tag is None:
        return set()
    attr = _CLASS_ATTR.search(tag.group(0))
    return set((next(g for g in attr.groups() if g is not None) if attr else "").lower().split())
