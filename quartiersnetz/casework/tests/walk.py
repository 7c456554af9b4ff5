"""Every casework page and API operation, filled with the objects of build_casework (shared by the tests)."""

from __future__ import annotations

import re

from django.urls import get_resolver

PAGE_PK = [
    (r"^contact_point_", "contact_point"), (r"^client_", "client"), (r"^consent_", "storage_consent"),
    (r"^contact_(update|delete)", "contact"), (r"^referral_", "referral"), (r"^conference_", "conference"),
    (r"^outreach_", "outreach"),
]
API_FILL = [
    (r"/contact-points/\{[^}]+\}", "contact_point"), (r"/clients/by-code/\{[^}]+\}", "code"),
    (r"/clients/\{[^}]+\}", "client"), (r"/case-contacts/\{[^}]+\}", "contact"),
    (r"/referrals/\{[^}]+\}", "referral"), (r"/case-conferences/\{[^}]+\}", "conference"),
    (r"/outreach/\{[^}]+\}", "outreach"),
]


def casework_pages(cw) -> list[tuple[str, str]]:
    resolver = get_resolver()
    out = []
    for p in resolver.url_patterns:
        if getattr(p, "namespace", None) != "casework":
            continue
        prefix = str(p.pattern)
        for sub in p.url_patterns:
            route, name = prefix + str(sub.pattern), sub.name
            if "<" in route:
                attr = next(a for pattern, a in PAGE_PK if re.match(pattern, name))
                route = re.sub(r"<(?:\w+:)?pk>", str(getattr(cw, attr).pk), route)
            if name == "client_lookup":
                route += f"?code={cw.client.code}"
            out.append(("/" + route, name))
    return out


def casework_api(cw) -> list[tuple[str, str]]:
    from quartiersnetz.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    out = []
    for path, item in schema["paths"].items():
        if "/casework/" not in path:
            continue
        for method in item:
            if method not in {"get", "post", "delete", "patch", "put"}:
                continue
            url = path
            for pattern, attr in API_FILL:
                value = cw.client.code if attr == "code" else getattr(cw, attr).pk
                url = re.sub(pattern, pattern.split("\\{")[0].replace("\\", "") + str(value), url)
            assert "{" not in url, url
            out.append((method, url))
    return out
