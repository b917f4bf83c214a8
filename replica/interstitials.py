"""Pages that stand where an article should be (trap mode and `block_with="challenge"`): a Cloudflare-style browser
check and a full-page consent wall. Both answer 200 and hold no article; only their bytes tell them apart.
"""

from __future__ import annotations

from hashlib import md5
from html import escape

from replica.theme import SITE_NAME, Edition, body_close, body_open, head

_CHALLENGE_CSS = (
    "*{box-sizing:border-box;margin:0;padding:0}html{line-height:1.15;-webkit-text-size-adjust:100%;color:#313131;"
    "font-family:system-ui,-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica Neue,Arial,sans-serif}"
    "body{display:flex;flex-direction:column;height:100vh;min-height:100vh}.main-content{margin:8rem auto;"
    "max-width:60rem;padding-left:1.5rem}.h2{font-size:1.5rem;font-weight:500;line-height:2.25rem}"
    ".footer{font-size:.75rem;line-height:1.125rem;margin:0 auto;max-width:60rem;padding-left:1.5rem;width:100%}"
)


def _ray(path: str) -> str:
    return md5(path.encode()).hexdigest()[:16]


def challenge_page(host: str, path: str) -> bytes:
    """Cloudflare's "Just a moment..." JavaScript challenge for `host` (no port), as served with status 200."""
    ray, token = _ray(path), md5(f"tk{path}".encode()).hexdigest()
    zone = escape(host)
    target = escape(path.replace("/", "\\/"))
    return (
        '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="Content-Type" '
        'content="text/html; charset=UTF-8"><meta http-equiv="X-UA-Compatible" content="IE=Edge"><meta name="robots" '
        'content="noindex,nofollow"><meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<style>{_CHALLENGE_CSS}</style><meta http-equiv="refresh" content="390"></head><body class="no-js">'
        '<div class="main-wrapper" role="main"><div class="main-content">'
        f'<h1 class="zone-name-title h1">{zone}</h1>'
        f'<h2 class="h2" id="challenge-running">Checking your browser before accessing {zone}.</h2>'
        '<noscript><div id="challenge-error-title"><div class="h2"><span class="icon-wrapper"><div class="heading-icon '
        'warning-icon"></div></span><span id="challenge-error-text">Enable JavaScript and cookies to continue</span>'
        "</div></div></noscript>"
        '<div id="challenge-body-text" class="core-msg spacer">This process is automatic. Your browser will redirect '
        "to your requested content shortly. Please allow up to 5 seconds&hellip;</div>"
        f'<form id="challenge-form" action="{escape(path)}?__cf_chl_f_tk={token}" method="POST" '
        'enctype="application/x-www-form-urlencoded"><input type="hidden" name="md" value="'
        f'{token}"/><input type="hidden" name="r" value="{ray}"/></form>'
        '<div class="cf-browser-verification cf-im-under-attack"></div></div></div>'
        "<script>(function(){window._cf_chl_opt={cvId: '3',cZone: \""
        f"{zone}\",cType: 'managed',cNounce: '{int(ray[:5], 16)}',cRay: '{ray}',cHash: '{token[:15]}',"
        f"cUPMDTk: \"{target}?__cf_chl_tk={token}\",cFPWv: 'b',cTTimeMs: '1000',cMTimeMs: '120000',cTplV: 5,"
        "cTplB: 'cf',cK: \"\"};var cpo = document.createElement('script');cpo.src = '/cdn-cgi/challenge-platform/h/b/"
        f"orchestrate/chl_page/v1?ray={ray}';document.getElementsByTagName('head')[0].appendChild(cpo);}}());</script>"
        '<div class="footer" role="contentinfo"><div class="footer-inner"><div class="clearfix diagnostic-wrapper">'
        f'<div class="ray-id">Ray ID: <code>{ray}</code></div></div><div class="text-center" id="footer-text">'
        'Performance &amp; security by <a rel="noopener noreferrer" href="https://www.cloudflare.com?utm_source='
        'challenge&amp;utm_campaign=m" target="_blank">Cloudflare</a></div></div></div></body></html>'
    ).encode()


_PURPOSES = (
    "Store and/or access information on a device",
    "Use limited data to select advertising",
    "Create profiles for personalised advertising",
    "Use profiles to select personalised content",
    "Measure advertising performance",
    "Understand audiences through statistics or combinations of data from different sources",
)


def consent_wall_page(ed: Edition, path: str) -> bytes:
    """The site's chrome with a full-page consent manager wall (IAB TCF style) where the article would be: a title,
    the notice, purposes, accept and reject buttons; no headline, no body."""
    purposes = "".join(f'<li class="qc-cmp2-list-item">{escape(item)}</li>' for item in _PURPOSES)
    wall = (
        '<div id="qc-cmp2-container" class="qc-cmp2-container cmp-wall" data-nosnippet="">'
        '<div class="qc-cmp2-main qc-cmp2-fullscreen" role="dialog" aria-modal="true" aria-labelledby="qc-cmp2-title">'
        '<div class="qc-cmp2-summary-section"><div class="qc-cmp2-publisher-logo-container">'
        f'<h2 id="qc-cmp2-title" class="qc-cmp2-header">Before you continue</h2></div>'
        '<div class="qc-cmp2-summary-info"><p>We value your privacy. We and our 847 partners store and/or access '
        "information on a device, such as cookies, and process personal data, such as unique identifiers and standard "
        "information sent by a device, for personalised advertising and content, advertising and content measurement, "
        "audience research and services development.</p><p>With your permission we and our partners may use precise "
        "geolocation data and identification through device scanning. You may click to consent to our and our "
        "partners' processing as described above. Alternatively you may access more detailed information and change "
        "your preferences before consenting or to refuse consenting. Your preferences will apply to this website only."
        f'</p><p class="qc-cmp2-purposes-title">We and our partners process data to provide:</p><ul '
        f'class="qc-cmp2-purposes">{purposes}</ul></div>'
        '<div class="qc-cmp2-summary-buttons"><button type="button" mode="secondary" class="qc-cmp2-more-options">'
        'MORE OPTIONS</button><button type="button" mode="secondary" class="qc-cmp2-reject-all" '
        'id="cmp-reject-all">REJECT ALL</button><button type="button" mode="primary" class="qc-cmp2-accept-all" '
        'id="cmp-accept-all">ACCEPT ALL</button></div></div></div></div>\n'
        '<script src="https://cmp.quantcast.com/choice/aBcDeFgHiJ/www.eureporter.co/choice.js?tag_version=V3" '
        "async></script>\n"
    )
    return "".join(
        (
            head(ed, SITE_NAME, ed.www + path, None),
            body_open(ed, "cmp-wall-active"),
            wall,
            body_close(ed),
        )
    ).encode()
