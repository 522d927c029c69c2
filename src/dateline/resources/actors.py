"""The actor list: who is who, under which names, with which dated roles.

The list is a JSON Lines file we write ourselves from public facts
(``resources/data/actors.jsonl``): every country with its ISO 3166 alpha-3 code and
demonyms, capitals and places often named in conflict news, international organisations,
armed groups, and the heads of state and government, foreign and defence ministers and
spokespeople of the G20 and of conflict-affected states since 2010, with dated roles.
Users extend it with files of the same shape named in ``DATELINE_ACTORS`` (paths joined
by ``os.pathsep``); a later entry with the same id replaces the earlier one.

One line is one actor::

    {"name": "Khalifa Haftar", "kind": "PERSON", "country": "LBY", "sector": "MIL",
     "aliases": ["Khalifa Hifter", "Haftar"],
     "roles": [{"title": "Commander of the Libyan National Army", "start": "2015-03-02"}]}

``id`` is optional (``person:khalifa-haftar``, ``country:LBY``); ``part_of`` names the id of
the body an organisation belongs to (US Africa Command is part of ``org:us-armed-forces``), so
that "the US military" in a story that names US Africa Command is read as that command. Blank
lines and lines starting with ``#`` are skipped. The file is validated on load and every error
names its line (E400-E409).

The module also holds the small lexicons the entity and actor stages share: role words
("Foreign Minister", "spokesman", "Field Marshal") with the sector they imply, honorifics,
and the normalisation that makes "al-Sarraj", "Al Sarraj" and "al-Sarraj's" one key.
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from dateline.model import Actor, Role

__all__ = [
    "ACTORS_ENV",
    "GIVEN_NAMES",
    "HONORIFICS",
    "KINDS",
    "ROLE_WORDS",
    "SECTORS",
    "ActorEntry",
    "ActorIndex",
    "ActorListError",
    "RoleWord",
    "actor_id",
    "alias_key",
    "extra_paths",
    "load_actors",
    "make_actor_index",
    "name_tokens",
    "read_actor_file",
    "role_key",
    "slug",
    "surname_key",
    "title_sector",
    "word_set",
]

ACTORS_ENV = "DATELINE_ACTORS"

KINDS = frozenset({"PERSON", "ORG", "GROUP", "COUNTRY", "PLACE"})

# CAMEO-style sectors (the agent codes of the CAMEO manual, plus IGO/NGO as sectors).
SECTORS: Mapping[str, str] = {
    "GOV": "government: heads of state and government, ministers, diplomats, officials",
    "MIL": "state armed forces and their officers",
    "REB": "armed non-state groups: rebels, militias, insurgents",
    "OPP": "political opposition",
    "PTY": "political parties",
    "LEG": "legislatures and legislators",
    "JUD": "courts, judges, prosecutors",
    "COP": "police",
    "SPY": "intelligence services",
    "IGO": "intergovernmental organisations and their officials",
    "NGO": "non-governmental organisations",
    "MED": "media",
    "BUS": "business",
    "EDU": "education and research",
    "REL": "religious groups and leaders",
    "HLH": "health",
    "REF": "refugees and displaced people",
    "CVL": "civilians, ethnic groups, activists",
    "CRM": "criminals",
    "LAB": "labour",
    "ELI": "elites without office",
}

_ISO3 = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ID = re.compile(r"^[a-z]+:[\w.-]+$")
# A title that heads a body it names: "Commander of the Libyan National Army" (not "Commander in ...").
_HEAD_OF = re.compile(
    r"(?i)(?:commander(?:-in-chief)?|head|leader|chairman|chairwoman|chair|chief|president|director|"
    r"director-general|secretary-general|secretary general|chief executive|ceo) of (?:the )?(.+)"
)
_FIELDS = frozenset({"id", "name", "kind", "country", "sector", "aliases", "demonyms", "roles", "part_of"})
_ROLE_FIELDS = frozenset({"title", "country", "start", "end", "sector"})


class ActorListError(ValueError):
    """An actor file that cannot be used; the message names the file and line."""


# --- normalisation ---------------------------------------------------------------


def word_set(text: str) -> frozenset[str]:
    """The words of a space-separated list: long lexicons read better as text."""
    return frozenset(text.split())


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_POSSESSIVE = re.compile(r"'s?$")
_NON_WORD = re.compile(r"[^\w']+")
_LEADING_THE = re.compile(r"^the\s+")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def alias_key(text: str) -> str:
    """The key names are compared by: accents, case, 'the', dots, hyphens and a possessive removed.

    "the Libyan National Army" and "Libyan National Army" share a key, as do "al-Sarraj",
    "Al Sarraj" and "al-Sarraj's", and "U.S." and "US".
    """
    text = _fold(text).lower().strip()
    text = text.replace(".", "")
    text = _LEADING_THE.sub("", text)
    text = _NON_WORD.sub(" ", text).strip()
    text = _POSSESSIVE.sub("", text).strip()
    return text.replace("'", "")


# Arabic and other name particles: never a surname on their own.
_PARTICLES = frozenset(
    {"al", "el", "al'", "bin", "ibn", "bint", "abu", "abd", "de", "da", "van", "von", "der", "le", "la"}
)


def name_tokens(name: str) -> tuple[str, ...]:
    """The words of a person's name as keys, without particles ("Fayez al-Sarraj" -> fayez, sarraj)."""
    return tuple(token for token in alias_key(name).split() if token not in _PARTICLES)


def surname_key(name: str) -> str | None:
    """The last word of a person's name that is not a particle or a regnal number."""
    tokens = [t for t in name_tokens(name) if not _ROMAN.match(t)]
    return tokens[-1] if tokens else None


_ROMAN = re.compile(r"^(i{1,3}|iv|v|vi{0,3}|ix|x)$")


def slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: the readable part of an actor id."""
    text = _fold(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def actor_id(kind: str, name: str, country: str | None = None) -> str:
    """The canonical id of an actor: ``country:LBY``, ``person:khalifa-haftar``, ``org:libyan-national-army``."""
    if kind == "COUNTRY" and country:
        return f"country:{country}"
    return f"{kind.lower()}:{slug(name) or 'unnamed'}"


# --- role words -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleWord:
    """What a role word says about whoever holds it: a sector (None: the sector of the body
    served, as for "spokesman") and, for the offices the actor list dates, a role key."""

    sector: str | None
    key: str | None = None


def _roles(sector: str | None, words: str, key: str | None = None) -> dict[str, RoleWord]:
    return {word.strip(): RoleWord(sector, key) for word in words.split(",") if word.strip()}


# Lowercase phrases; the stages match the longest phrase that ends just before a name.
ROLE_WORDS: Mapping[str, RoleWord] = {
    **_roles("GOV", "president,president-elect,interim president,acting president", "head_of_state"),
    **_roles("GOV", "king,queen,emir,amir,sultan,emperor,monarch,head of state", "head_of_state"),
    **_roles(
        "GOV", "prime minister,premier,chancellor,pm,head of government,prime minister-designate", "head_of_government"
    ),
    **_roles(
        "GOV",
        "foreign minister,foreign secretary,secretary of state,top diplomat,chief diplomat,external affairs minister,"
        "minister of foreign affairs,foreign affairs minister,minister for foreign affairs",
        "foreign_minister",
    ),
    **_roles(
        "GOV",
        "defence minister,defense minister,defence secretary,defense secretary,secretary of defense,"
        "minister of defence,minister of defense,defence chief",
        "defence_minister",
    ),
    **_roles("GOV", "crown prince", "crown_prince"),
    **_roles("GOV", "supreme leader", "supreme_leader"),
    **_roles(
        "GOV",
        "vice president,vice-president,deputy prime minister,minister,interior minister,finance minister,"
        "economy minister,oil minister,energy minister,justice minister,health minister,deputy foreign minister,"
        "deputy defence minister,deputy defense minister,minister of state,secretary,home secretary,ambassador,"
        "envoy,special envoy,special representative,diplomat,consul,governor,mayor,official,officials,adviser,"
        "advisor,national security adviser,national security advisor,prince,princess,cabinet secretary,"
        "chief of cabinet,head of the presidential administration,presidential envoy,representative",
    ),
    **_roles(None, "spokesman,spokeswoman,spokesperson,press secretary,press service,chief,head,leader,chairman,"
             "chairwoman,chairperson,deputy,secretary-general,secretary general,director,director-general,"
             "director general,commissioner,member,founder,negotiator,chief negotiator"),
    **_roles(
        "MIL",
        "field marshal,marshal,general,gen.,gen,lieutenant general,lt. gen.,lt gen,major general,maj. gen.,maj gen,"
        "brigadier general,brig. gen.,brigadier,colonel,col.,col,lieutenant colonel,lt. col.,lieutenant,lt.,"
        "major,maj.,captain,capt.,admiral,adm.,vice admiral,rear admiral,commander,commander-in-chief,"
        "army chief,army commander,military chief,military commander,military spokesman,chief of staff,"
        "chief of the general staff,chief of general staff,air marshal,sergeant,sgt.,officer,soldier,pilot,"
        "military official,defence official,defense official",
    ),
    **_roles("REB", "rebel leader,rebel commander,militia leader,militia commander,warlord,militant leader,"
             "jihadist leader,insurgent leader,militant,rebel,jihadist,insurgent,emir of"),
    **_roles("OPP", "opposition leader,opposition figure,dissident,opposition politician,presidential candidate"),
    **_roles("LEG", "lawmaker,legislator,mp,senator,sen.,congressman,congresswoman,rep.,speaker,parliament speaker,"
             "parliamentarian,member of parliament,deputy speaker"),
    **_roles("JUD", "judge,prosecutor,chief prosecutor,chief justice,attorney general,justice"),
    **_roles("COP", "police chief,police commander,police officer,policeman,police spokesman"),
    **_roles("SPY", "intelligence chief,spy chief,intelligence officer"),
    **_roles("MED", "journalist,reporter,correspondent,editor,editor-in-chief,photographer,broadcaster,blogger"),
    **_roles("BUS", "ceo,chief executive,businessman,businesswoman,tycoon,billionaire,executive,oil executive"),
    **_roles("REL", "cleric,imam,pope,patriarch,archbishop,bishop,rabbi,mufti,grand mufti,ayatollah,grand ayatollah,"
             "preacher,religious leader"),
    **_roles("EDU", "professor,scholar,researcher,academic,analyst,expert"),
    **_roles("CVL", "activist,lawyer,human rights activist,human rights lawyer,student,resident,witness,doctor,"
             "civilian,protester,protestor,refugee,migrant"),
}  # fmt: skip

# Words before a name that are no role: stripped from the name, say nothing of the sector.
HONORIFICS = word_set(
    "mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady sheikh shaikh sayyed sayed sayyid mullah haj "
    "hajj mawlawi maulvi his her excellency hon hon. honourable honorable madam monsieur signor herr"
)

# Given names common in conflict news (Arabic, Persian, Turkish, Kurdish, Pashto, Russian,
# Ukrainian): a span the model calls a place or an organisation that starts with one is a
# person ("Karim", "Jamal Alzoubi"). Names that are also common place names are left out.
GIVEN_NAMES = word_set(
    "abbas abdel abdelaziz abdelkader abdul abdulaziz abdullah abdallah abdulrahman abdurrahman abu adel adil "
    "ahmad ahmed ahmet akram ali amer amin amina amir amr anas anwar asaad asad ashraf ayman aziz bashar bassam "
    "bilal dawood dawoud ehsan emad fadi fahd faisal fares farouk fatima fathi fayez fayssal fuad ghassan hadi "
    "haidar haider hakan hamad hamid hamza hani hasan hassan hatem hisham hossein hussain hussein ibrahim imad "
    "ismail issa jaber jafar jalal jamal jassim kamal karim khaled khalid khalil laith mahdi mahmoud mahmud "
    "majid malik marwan masoud mehmet mohamed mohammad mohammed mostafa muhammad munir murad mustafa nabil "
    "nader naji nasser nawaf nizar nouri nuri omar osama qasim qasem rami rashid reza riad riyad saad sabri "
    "saddam sadiq saeed said salah saleh salem salim salman sami samir sayed shadi sharif suleiman sultan "
    "tahir talal tamer tarek tariq usama wael walid yahya yasin yasser yousef youssef yusuf zaid zakaria ziad "
    "aleksandr alexander alexei andrei dmitry igor mikhail nikolai oleg sergei sergey vladimir vasily viktor "
    "volodymyr oleksandr oleksii petro yuriy yulia olena"
)

# Dated role titles of the actor list -> the key a nominal mention is resolved by.
_TITLE_KEYS: Mapping[str, str] = {
    "president": "head_of_state",
    "king": "head_of_state",
    "queen": "head_of_state",
    "emir": "head_of_state",
    "sultan": "head_of_state",
    "emperor": "head_of_state",
    "leader of libya": "head_of_state",
    "president of the palestinian authority": "head_of_state",
    "chairman of the sovereignty council": "head_of_state",
    "chairman of the presidential leadership council": "head_of_state",
    "chairman of the state administration council": "head_of_state",
    "prime minister": "head_of_government",
    "premier": "head_of_government",
    "chancellor": "head_of_government",
    "foreign minister": "foreign_minister",
    "secretary of state": "foreign_minister",
    "foreign secretary": "foreign_minister",
    "external affairs minister": "foreign_minister",
    "minister of international relations and cooperation": "foreign_minister",
    "defence minister": "defence_minister",
    "secretary of defense": "defence_minister",
    "acting secretary of defense": "defence_minister",
    "defence secretary": "defence_minister",
    "crown prince": "crown_prince",
    "supreme leader": "supreme_leader",
}


def role_key(title: str) -> str | None:
    """The office a role title names, for dated look-ups ("Foreign Minister" -> foreign_minister)."""
    return _TITLE_KEYS.get(title.lower().strip())


def title_sector(title: str, default: str | None = "GOV") -> str | None:
    """The sector a role title implies ("Commander of ..." -> MIL, "Secretary-General of the United Nations" -> IGO).

    A title that names no sector ("Chairman of the National Oil Corporation") gives ``default``.
    """
    words = title.lower()
    for phrase, sector in (
        ("united nations", "IGO"), ("un secretary-general", "IGO"), ("of the un", "IGO"), ("nato", "IGO"),
        ("european", "IGO"), ("of the eu", "IGO"), ("african union", "IGO"), ("arab league", "IGO"),
        ("commander", "MIL"), ("chief of", "MIL"), ("army", "MIL"), ("armed forces", "MIL"), ("military", "MIL"),
        ("forces", "MIL"),
        ("taliban", "REB"), ("houthi", "REB"), ("hamas", "REB"), ("hezbollah", "REB"), ("islamic state", "REB"),
        ("speaker", "LEG"), ("parliament", "LEG"), ("congress", "LEG"), ("court", "JUD"), ("spokes", "GOV"),
    ):  # fmt: skip
        if phrase in words:
            return sector
    role = ROLE_WORDS.get(words)
    return role.sector if role else default


# --- the index ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class ActorIndex:
    """Actors by id, alias, demonym, surname and dated office."""

    actors: Mapping[str, Actor]
    aliases: Mapping[str, tuple[str, ...]]  # alias_key -> actor ids
    demonyms: Mapping[str, tuple[str, ...]]  # alias_key of an adjective -> actor ids
    surnames: Mapping[str, tuple[str, ...]]  # surname_key -> person ids
    offices: Mapping[tuple[str, str], tuple[tuple[str, str, str], ...]] = field(default_factory=dict)
    # (role key, country) -> (start, end, person id); "" for an open end
    part_of: Mapping[str, str] = field(default_factory=dict)  # actor id -> the id of the body it belongs to

    def lookup(self, text: str) -> tuple[Actor, ...]:
        """The actors a name may refer to (several when the alias is ambiguous)."""
        return tuple(self.actors[i] for i in self.aliases.get(alias_key(text), ()))

    def by_demonym(self, text: str) -> Actor | None:
        """The country or group an adjective names ("Russian" -> Russia, "Kurdish" -> Kurds)."""
        ids = self.demonyms.get(alias_key(text), ())
        return self.actors[ids[0]] if ids else None

    def country(self, iso3: str | None) -> Actor | None:
        return self.actors.get(f"country:{iso3}") if iso3 else None

    def by_surname(self, text: str) -> tuple[Actor, ...]:
        key = surname_key(text)
        return tuple(self.actors[i] for i in self.surnames.get(key, ())) if key else ()

    def led(self, person: str, on: date | None = None) -> frozenset[str]:
        """The ids of the bodies a person heads on a date (in any of their roles, without one): the
        country of a head of state or government, and the organisation a title names ("Commander of
        the Libyan National Army", "Secretary-General of the United Nations"). A report that names the
        leader and one that names the body may tell of one act ("Haftar's offensive", "the LNA's")."""
        actor = self.actors.get(person)
        if actor is None or actor.kind != "PERSON":
            return frozenset()
        day = on.isoformat() if on is not None else None
        out = set()
        for role in actor.roles:
            if day is not None and not ((role.start or "") <= day and (not role.end or day < _upper(role.end))):
                continue
            if role.country and role_key(role.title) in ("head_of_state", "head_of_government"):
                out.add(f"country:{role.country}")
            named = _HEAD_OF.match(role.title.strip())
            if named is not None:
                out.update(a.id for a in self.lookup(named.group(1)) if a.kind in ("ORG", "GROUP"))
        return frozenset(out)

    def holders(self, key: str, country: str | None, on: date | None) -> tuple[Actor, ...]:
        """Who held an office of a country on a date ("foreign_minister", "RUS", 2020-06-16 -> Lavrov)."""
        if on is None or country is None:
            return ()
        day = on.isoformat()
        found = []
        for start, end, person in self.offices.get((key, country), ()):
            if start <= day and (not end or day < _upper(end)):
                found.append(self.actors[person])
        return tuple(found)


def _upper(end: str) -> str:
    """A partial end date covers its whole month or year."""
    return end + ("-99" if len(end) == 7 else "-99-99" if len(end) == 4 else "")


# --- reading and validating ------------------------------------------------------------


def _error(path: str, line: int, message: str) -> ActorListError:
    return ActorListError(f"{message} ({path}, line {line})")


def _strings(value: Any, name: str, path: str, line: int) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _error(path, line, f"E403 {name} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _role(value: Any, country: str | None, path: str, line: int) -> Role:
    if not isinstance(value, dict):
        raise _error(path, line, "E405 a role must be an object with a title")
    unknown = set(value) - _ROLE_FIELDS
    if unknown:
        raise _error(path, line, f"E405 unknown role field(s) {', '.join(sorted(unknown))}")
    title = value.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _error(path, line, "E405 a role needs a title")
    role_country = value.get("country", country)
    if role_country is not None and not (isinstance(role_country, str) and _ISO3.match(role_country)):
        raise _error(path, line, f"E404 role country {role_country!r} is not an ISO 3166 alpha-3 code")
    dates = [value.get("start"), value.get("end")]
    for when in dates:
        if when is not None and not (isinstance(when, str) and _DATE.match(when)):
            raise _error(path, line, f"E406 role date {when!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if dates[0] and dates[1] and dates[1] < dates[0]:
        raise _error(path, line, f"E406 role {title!r} ends ({dates[1]}) before it starts ({dates[0]})")
    return Role(title.strip(), role_country, dates[0], dates[1])


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One line of an actor file: the actor, the adjectives that name it, the body it belongs to."""

    actor: Actor
    demonyms: tuple[str, ...] = ()
    part_of: str | None = None


def _entry(data: Any, path: str, line: int) -> ActorEntry:
    if not isinstance(data, dict):
        raise _error(path, line, "E401 each line must be a JSON object")
    unknown = set(data) - _FIELDS
    if unknown:
        raise _error(path, line, f"E401 unknown field(s) {', '.join(sorted(unknown))}")
    name, kind = data.get("name"), data.get("kind")
    if not isinstance(name, str) or not name.strip():
        raise _error(path, line, "E402 an actor needs a name")
    if kind not in KINDS:
        raise _error(path, line, f"E402 kind {kind!r} is not one of {', '.join(sorted(KINDS))}")
    country, sector = data.get("country"), data.get("sector")
    if country is not None and not (isinstance(country, str) and _ISO3.match(country)):
        raise _error(path, line, f"E404 country {country!r} is not an ISO 3166 alpha-3 code")
    if kind == "COUNTRY" and country is None:
        raise _error(path, line, "E404 a COUNTRY needs its ISO 3166 alpha-3 code in 'country'")
    if sector is not None and sector not in SECTORS:
        raise _error(path, line, f"E407 sector {sector!r} is not one of {', '.join(SECTORS)}")
    roles_value = data.get("roles") or []
    if not isinstance(roles_value, list):
        raise _error(path, line, "E405 roles must be a list")
    roles = tuple(_role(role, country, path, line) for role in roles_value)
    if sector is None and roles and kind == "PERSON":
        sector = title_sector(roles[-1].title)
    ident = data.get("id") or actor_id(kind, name, country)
    if not isinstance(ident, str) or not _ID.match(ident):
        raise _error(path, line, f"E402 id {ident!r} must look like kind:name (person:khalifa-haftar)")
    aliases = _strings(data.get("aliases"), "aliases", path, line)
    demonyms = _strings(data.get("demonyms"), "demonyms", path, line)
    part_of = data.get("part_of")
    if part_of is not None and not (isinstance(part_of, str) and _ID.match(part_of)):
        raise _error(path, line, f"E402 part_of {part_of!r} must be an actor id (org:us-armed-forces)")
    actor = Actor(ident, name.strip(), kind, country, sector, tuple(a for a in aliases if a != name), roles)
    return ActorEntry(actor, demonyms, part_of)


def read_actor_file(path: str | Path) -> Iterator[ActorEntry]:
    """The entry of every line of an actor file, validated; errors name the line."""
    with Path(path).open(encoding="utf-8") as lines:
        yield from _read_lines(lines, str(path))


def _read_lines(lines: Iterable[str], path: str) -> Iterator[ActorEntry]:
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise _error(path, number, f"E400 not valid JSON: {error.msg} at column {error.colno}") from None
        yield _entry(data, path, number)


def _default_lines() -> tuple[list[str], str]:
    source = resources.files("dateline.resources").joinpath("data", "actors.jsonl")
    return source.read_text(encoding="utf-8").splitlines(), "dateline/resources/data/actors.jsonl"


def extra_paths() -> tuple[str, ...]:
    """The user's actor files named in ``DATELINE_ACTORS``."""
    value = os.environ.get(ACTORS_ENV, "")
    return tuple(p for p in value.split(os.pathsep) if p.strip())


@functools.cache
def load_actors(extra: tuple[str, ...] = ()) -> ActorIndex:
    """The bundled actor list plus the files in ``extra``, validated and indexed once per process."""
    lines, name = _default_lines()
    entries = list(_read_lines(lines, name))
    for path in extra:
        if not Path(path).is_file():
            raise ActorListError(f"E409 actor file {path} does not exist")
        entries.extend(read_actor_file(path))
    return make_actor_index(entries)


def make_actor_index(entries: Sequence[ActorEntry]) -> ActorIndex:
    """Index actors by id, alias, demonym, surname and office. A later id replaces an earlier one."""
    latest = {entry.actor.id: entry for entry in entries}
    actors = {ident: entry.actor for ident, entry in latest.items()}
    part_of = {ident: entry.part_of for ident, entry in latest.items() if entry.part_of}
    for ident, whole in part_of.items():
        if whole not in actors or whole == ident:
            raise ActorListError(f"E408 {ident}: part_of {whole} is not another actor of the list")
    for actor in actors.values():
        for role in actor.roles:
            if role.country is not None and f"country:{role.country}" not in actors:
                raise ActorListError(f"E408 {actor.id}: role country {role.country} is not in the actor list")
        if actor.country is not None and f"country:{actor.country}" not in actors:
            raise ActorListError(f"E408 {actor.id}: country {actor.country} is not in the actor list")
    aliases: dict[str, list[str]] = {}
    demonyms: dict[str, list[str]] = {}
    surnames: dict[str, list[str]] = {}
    offices: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for actor in actors.values():
        for name in (actor.name, *actor.aliases):
            _add(aliases, alias_key(name), actor.id)
        for word in latest[actor.id].demonyms:
            _add(demonyms, alias_key(word), actor.id)
        if actor.kind == "PERSON":
            key = surname_key(actor.name)
            if key:
                _add(surnames, key, actor.id)
            for role in actor.roles:
                office = role_key(role.title)
                if office and role.country and role.start:
                    offices.setdefault((office, role.country), []).append((role.start, role.end or "", actor.id))
    return ActorIndex(
        actors=actors,
        aliases={k: tuple(v) for k, v in aliases.items()},
        demonyms={k: tuple(v) for k, v in demonyms.items()},
        surnames={k: tuple(v) for k, v in surnames.items()},
        offices={k: tuple(v) for k, v in offices.items()},
        part_of=part_of,
    )


def _add(index: dict[str, list[str]], key: str, ident: str) -> None:
    if not key:
        return
    ids = index.setdefault(key, [])
    if ident not in ids:
        ids.append(ident)
