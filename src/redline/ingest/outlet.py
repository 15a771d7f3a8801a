"""Name an outlet from a URL or domain."""

from __future__ import annotations

from urllib.parse import urlsplit

DROP_PREFIXES = ("www.", "www2.", "m.", "amp.", "mobile.", "edition.", "news.", "en.", "english.")


def domain_of(url: str | None) -> str | None:
    """Return the host of a URL, lower-cased, or None."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    return host.lower() if host else None


def outlet_from_domain(domain: str | None) -> str | None:
    """Drop the sub-domains that do not name the outlet: news.liga.net -> liga.net."""
    if not domain:
        return None
    domain = domain.lower().strip().rstrip(".")
    changed = True
    while changed:
        changed = False
        for prefix in DROP_PREFIXES:
            if domain.startswith(prefix) and domain.count(".") > 1:
                domain = domain[len(prefix) :]
                changed = True
    return domain or None
