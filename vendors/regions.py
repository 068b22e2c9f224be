"""Which rate-card region (DOMAIN.md "Hourly rates by location") a delivery country is in.

Plain Python, no Django: the vendor form, the CSV import and the tests share it.
Keys are lower-case country names and common short forms; values are the codes of
``portal.reference.Region``. A country that is not here must be given a region
explicitly.
"""

from __future__ import annotations

_REGIONS: dict[str, tuple[str, ...]] = {
    "usa_canada": ("united states", "usa", "us", "united states of america", "canada"),
    "western_europe": (
        "united kingdom",
        "uk",
        "great britain",
        "ireland",
        "germany",
        "france",
        "spain",
        "portugal",
        "netherlands",
        "belgium",
        "luxembourg",
        "italy",
        "sweden",
        "denmark",
        "norway",
        "finland",
        "iceland",
        "switzerland",
        "austria",
        "malta",
        "greece",
    ),  # fmt: skip
    "eastern_europe": (
        "poland",
        "romania",
        "bulgaria",
        "ukraine",
        "czech republic",
        "czechia",
        "hungary",
        "serbia",
        "bosnia and herzegovina",
        "north macedonia",
        "moldova",
        "georgia",
        "armenia",
        "lithuania",
        "latvia",
        "estonia",
        "slovakia",
        "slovenia",
        "croatia",
        "albania",
        "montenegro",
        "kosovo",
    ),  # fmt: skip
    "australia": ("australia", "new zealand"),
    "africa_middle_east": (
        "egypt",
        "morocco",
        "tunisia",
        "south africa",
        "kenya",
        "nigeria",
        "ghana",
        "rwanda",
        "mauritius",
        "ethiopia",
        "uganda",
        "israel",
        "jordan",
        "united arab emirates",
        "uae",
        "saudi arabia",
        "turkey",
        "lebanon",
    ),  # fmt: skip
    "latin_america": (
        "mexico",
        "colombia",
        "brazil",
        "argentina",
        "chile",
        "peru",
        "costa rica",
        "guatemala",
        "honduras",
        "el salvador",
        "nicaragua",
        "panama",
        "dominican republic",
        "jamaica",
        "uruguay",
        "ecuador",
        "belize",
        "trinidad and tobago",
        "guyana",
        "paraguay",
        "bolivia",
    ),  # fmt: skip
    "asia_philippines": (
        "philippines",
        "malaysia",
        "vietnam",
        "indonesia",
        "thailand",
        "china",
        "japan",
        "south korea",
        "sri lanka",
        "bangladesh",
        "singapore",
        "cambodia",
        "nepal",
    ),  # fmt: skip
    "india": ("india",),
    "pakistan": ("pakistan",),
}

COUNTRY_REGION: dict[str, str] = {
    country: region for region, countries in _REGIONS.items() for country in countries
}


def region_for_country(country: str) -> str | None:
    """The rate-card region code of ``country``, or None when it is not known."""
    return COUNTRY_REGION.get(" ".join(country.lower().split()))
