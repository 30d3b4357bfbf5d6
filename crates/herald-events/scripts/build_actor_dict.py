#!/usr/bin/env python3
"""Builds Herald's actor and agent dictionaries (crates/herald-events/data/).

Reproducible and offline once the countrynames wheel is fetched with pip:

    pip download --no-deps countrynames==1.17.0 -d /tmp/cn-wheels
    python3 crates/herald-events/scripts/build_actor_dict.py /tmp/cn-wheels

Sources (all MIT; see data/PHOENIX-NOTICE.txt), read from $HERALD_SHARED
(default /work/shared):
- data/events/petrarch2/Phoenix.Countries.actors.txt, Phoenix.International
  .actors.txt, Phoenix.MilNonState.actors.txt: PETRARCH-2 actor records
  (format: data/events/petrarch2/dictionaries.rst): a primary phrase, '+'
  synonyms, then tab-indented '[CODE]', '[CODE >date]', '[CODE <date]' or
  '[CODE date-date]' restrictions (also allowed on the primary line). Dates
  are YYYYMMDD or YYMMDD (YY < 30 is 20YY). A primary phrase with no code
  that is directly followed by another primary phrase shares that record's
  codes (the files list offices that way: "AMERICAN_VICE_PRESIDENT" then
  "AMERICAN_VICE-PRESIDENT ... [USAGOV]").
- data/events/petrarch2/Phoenix.agents.txt and data/events/ngec/PLOVER_agents
  .txt: agent phrases with '{plural}' and '!SET!' substitutions; Phoenix codes
  are CAMEO, PLOVER's sectors are mapped to CAMEO roles (PLOVER_TO_CAMEO).
  Phoenix wins where both list a phrase. Bare place nouns ("capital",
  "city", "small town", "state": PLACE_NOUNS as the last of at most two
  words) are left out: in Herald they are places, not actors ("the Rwandan
  capital" is Rwanda; "head of state" stays).
- data/events/ngec/countries.csv: ISO2, name, ISO3, nationality adjectives.
- data/ewt/en_ewt-train.conllu (UD English EWT, CC BY-SA 4.0; only used to
  decide, not copied): a one-word name that EWT writes in lower case as a
  common word at least twice ("organization", "north", "iron", "car") is
  dropped, since Phoenix lists such words as synonyms of groups and places.
- countrynames 1.17.0 `countrynames/data.yaml`: names of countries in many
  languages and spellings keyed by ISO2 (region keys like GB-SCT fold to
  their country; historic keys map to CAMEO codes).

Outputs (UTF-8, tab-separated, '#' comments):
- actors_dict.tsv.gz: `kind  codes  names`, one line per record. kind is C
  (country or place: a place candidate), I (intergovernmental body: takes a
  role), O (organisation, company or armed group), P (person: learnt as an
  alias with the surname). codes are space-separated `CODE` (default) or
  `CODE@FROM-TO` (YYYYMMDD, either side may be empty = open). names are
  '|'-separated lower-case phrases; a leading '=' marks an acronym that must
  be written in capitals. Country codes follow Herald (ISO 3166 alpha-3:
  KSV -> XKX, TMP -> TLS, KNT -> KNA); role-only codes become ---ROLE.
- agents_dict.tsv: `phrase  role` with every singular and plural form
  spelled out (the Rust side matches exactly).
The gzip stream is written with mtime 0, so the bytes are reproducible.
"""
import gzip
import io
import os
import re
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data")
SHARED = os.environ.get("HERALD_SHARED", "/work/shared")
PETR = os.path.join(SHARED, "data", "events", "petrarch2")
NGEC = os.path.join(SHARED, "data", "events", "ngec")

# CAMEO country codes Herald spells the ISO way.
COUNTRY_FIX = {"KSV": "XKX", "TMP": "TLS", "KNT": "KNA"}
# countrynames keys that are not ISO2 countries.
HISTORIC = {"YUCS": "YUG", "SUHH": "USR", "CSHH": "CSK", "DD": "DDR"}
SKIP_KEYS = {"FAIL", "ZZ", "UN", "CSXX", "AN", "EU"}
# CAMEO role codes (a 3-letter code that is one of these is role-only).
ROLES = {
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "IGO", "MED", "EDU",
    "BUS", "CRM", "CVL", "ELI", "LAB", "LEG", "HLH", "REF", "AGR", "UAF", "INS",
    "HRI", "NGO", "ENV", "DEV", "RAD", "PPL", "REL", "MNC", "IMG", "NGM",
}
RELIGIONS = {"MUS", "CHR", "CTH", "JEW", "HIN", "BUD", "SHI", "SUN", "SIK", "JAN", "ZRO",
             "CHRCTH", "CPT", "ORT", "PRO", "DOX", "ATH", "BAH", "CON", "TAO", "ALE", "DRZ"}
# PLOVER sector -> CAMEO role; None drops the entry (not an actor, or no
# CAMEO counterpart: JNK junk, NON non-actor, UNK unknown, PRE breakaway
# state, SOC social group).
PLOVER_TO_CAMEO = {"JRN": "MED", "MED": "HLH", "PRM": "UAF", "JNK": None, "NON": None,
                   "UNK": None, "PRE": None, "SOC": None}


PLACE_NOUNS = {"capital", "capitals", "city", "cities", "town", "towns", "village", "villages",
               "province", "provinces", "state", "states"}


def read_text(path):
    with open(path, "rb") as f:
        raw = f.read().replace(b"\x1a", b"")
    return raw.decode("utf-8", errors="replace")


def strip_comment(line):
    for mark in ("#", ";"):
        i = line.find(mark)
        if i >= 0:
            line = line[:i]
    return line


def date8(s):
    """YYYYMMDD of a dictionary date, or None when malformed."""
    if not s.isdigit():
        return None
    if len(s) == 6:
        yy = int(s[:2])
        s = ("20" if yy < 30 else "19") + s
    if len(s) != 8:
        return None
    m, d = int(s[4:6]), int(s[6:8])
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return s


def norm_code(code):
    code = code.strip().upper()
    if not re.fullmatch(r"[A-Z]{3,15}", code) or code == "---":
        return None
    head = code[:3]
    if head in COUNTRY_FIX:
        code = COUNTRY_FIX[head] + code[3:]
    elif len(code) == 3 and head in ROLES:
        code = "---" + code
    return code


def restriction(body):
    """'CODE', 'CODE >date', 'CODE <date', 'CODE a-b' -> 'CODE[@a-b]' or None.
    An unreadable date ('>201005011') keeps the code, undated."""
    parts = body.split()
    if not parts:
        return None
    code = norm_code(parts[0])
    if code is None:
        return None
    if len(parts) == 1:
        return code
    when = "".join(parts[1:])
    if when.startswith(">"):
        a = date8(when[1:])
        return f"{code}@{a}-" if a else code
    if when.startswith("<"):
        b = date8(when[1:])
        return f"{code}@-{b}" if b else code
    a, _, b = when.partition("-")
    a, b = date8(a), date8(b)
    return f"{code}@{a}-{b}" if a and b else code


def phrase(raw):
    """Dictionary phrase -> lower-case words; parenthesised acronyms returned apart."""
    acr = [a for a in re.findall(r"\(([^)]*)\)", raw) if re.fullmatch(r"[A-Za-z]{3,6}", a)]
    raw = re.sub(r"\([^)]*\)", " ", raw)
    words = raw.replace("_", " ").split()
    name = " ".join(words).lower()
    if "\ufffd" in name or not any(c.isalpha() for c in name):
        name = ""
    return name, acr


def mark(name):
    """Short single words are acronyms (UN, US): written in capitals only."""
    if " " not in name and len(name) <= 3:
        return "=" + name
    return name


def read_actors(path, file_kind):
    """Records of one Phoenix .actors file: (names, restrictions, file_kind)."""
    records = []
    pending = []  # primaries without codes awaiting the next record's codes
    cur = None

    def close():
        nonlocal cur, pending
        if cur is None:
            return
        if cur["codes"]:
            cur["names"] = pending + cur["names"]
            pending = []
            records.append(cur)
        else:
            pending = pending + cur["names"]
        cur = None

    for line in read_text(path).splitlines():
        body = strip_comment(line)
        if not body.strip():
            continue
        if body[0] in " \t" and body.strip().startswith("["):
            if cur is not None:
                cur["codes"] += [r for r in map(restriction, re.findall(r"\[([^\]]*)\]", body)) if r]
            continue
        text = body.strip()
        synonym = text.startswith("+")
        if synonym:
            text = text[1:]
            if cur is None:
                continue
        else:
            if cur is not None and cur["codes"]:
                close()
            elif cur is not None:
                pending += cur["names"]
                cur = None
            # CountryInfo.txt is the source of the leaders lists: people.
            cur = {"names": [], "codes": [], "kind": file_kind, "person": "CountryInfo" in line}
        head = text.split("[", 1)[0]
        name, acr = phrase(head)
        if name:
            cur["names"].append(mark(name))
        cur["names"] += ["=" + a.lower() for a in acr]
        cur["codes"] += [r for r in map(restriction, re.findall(r"\[([^\]]*)\]", text)) if r]
    close()
    out = []
    for r in records:
        codes = list(dict.fromkeys(r["codes"]))
        person = r["person"] or any("@" in c for c in codes)
        bare = [c.split("@")[0] for c in codes]
        if r["kind"] == "country" and any(len(b) == 3 for b in bare):
            kind = "C"  # a country (its code may change: IRQ, IRQOCC)
        elif person and r["kind"] != "mnsa":
            kind = "P"
        elif bare[0].startswith("IGO"):
            kind = "I"
        else:
            kind = "O"
        out.append((kind, codes, r["names"]))
    return out


def common_words():
    """Lower-case, non-proper-noun word forms seen at least twice in UD EWT."""
    counts = {}
    with open(os.path.join(SHARED, "data", "ewt", "en_ewt-train.conllu"), encoding="utf-8") as f:
        for line in f:
            cols = line.split("\t")
            if len(cols) < 4 or not cols[0].isdigit():
                continue
            form = cols[1]
            if cols[3] != "PROPN" and form.isalpha() and form == form.lower():
                counts[form] = counts.get(form, 0) + 1
    return {w for w, n in counts.items() if n >= 2}


def plural(word):
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def read_agents(path, plover):
    """(phrase, CAMEO role) pairs of a Phoenix-format agents file (`plover`:
    the codes are PLOVER sectors)."""
    text = read_text(path)
    subs = {}
    pairs = []
    for line in text.splitlines():
        body = strip_comment(line).strip()
        if not body or body.startswith("<"):
            continue
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.*)", body)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = re.fullmatch(r"([^\[{]+?)\s*(\{[^}]*\})?\s*\[([^\]]*)\]", body)
        if not m:
            continue
        root, plu, code = m.group(1), m.group(2), m.group(3).strip()
        role = agent_role(code, plover)
        if role is None:
            continue
        # "COMMERCE_MINIST" is a stem: the !MINIST! words complete it.
        if re.search(r"MINIST_?$", root.strip()) and "!MINIST!" in subs:
            root = re.sub(r"MINIST_?$", "!MINIST!", root.strip())
            plu = None
        forms = []
        marks = re.findall(r"![A-Z]+!", root)
        if marks:
            # Every member of the set is substituted; no plural formation.
            variants = [root]
            for mk in marks:
                variants = [v.replace(mk, w, 1) for v in variants for w in subs.get(mk, [])]
            forms = variants
        else:
            forms = [root]
            if plu is None:
                last = root.rstrip("_").split("_")[-1]
                if last and not last.lower().endswith(("men", "people", "ren")):
                    forms.append(root.rstrip("_")[: -len(last)] + plural(last.lower()))
            elif plu.strip("{} "):
                forms.append(plu.strip("{} "))
        for f in forms:
            name = " ".join(f.replace("_", " ").split()).lower()
            words = name.split()
            place = len(words) <= 2 and words and words[-1] in PLACE_NOUNS
            if name and "!" not in name and not place:
                pairs.append((name, role))
    return pairs


def agent_role(code, plover):
    """'~GOVMIL' -> GOV (the primary role); religions -> REL; 'NGO~' -> NGO."""
    c = code.replace("~", "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3,12}", c):
        return None
    head = c[:3]
    if plover and head in PLOVER_TO_CAMEO:
        return PLOVER_TO_CAMEO[head]
    if head in RELIGIONS or c in RELIGIONS:
        return "REL"
    return head


def countrynames_yaml(folder):
    for f in sorted(os.listdir(folder)):
        if f.startswith("countrynames") and f.endswith(".whl"):
            with zipfile.ZipFile(os.path.join(folder, f)) as z:
                return z.read("countrynames/data.yaml").decode("utf-8")
    sys.exit(f"no countrynames*.whl in {folder}")


def parse_yaml_lists(text):
    """The data.yaml shape: `KEY:` then `  - item` lines (items may be quoted)."""
    out = {}
    key = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.fullmatch(r'"?([^":\s][^":]*)"?:\s*', line)
        if m and not line.startswith(" "):
            key = m.group(1)
            out.setdefault(key, [])
            continue
        m = re.fullmatch(r"\s*-\s+(.*?)\s*", line)
        if m and key is not None:
            item = m.group(1)
            if len(item) >= 2 and item[0] == item[-1] and item[0] in "\"'":
                item = item[1:-1]
            out[key].append(item)
    return out


def iso2_to_3():
    table = {}
    with open(os.path.join(OUT, "iso3166.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2:
                table[cols[0]] = cols[1]
    return table


def country_names(wheels):
    """(name, ISO3) from NGEC countries.csv and countrynames, longer than 3 letters."""
    import csv

    pairs = []
    with open(os.path.join(NGEC, "countries.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names = [row["Name"]] + row["Nationality"].split(",")
            pairs += [(n, row["CCA3"]) for n in names]
    iso = iso2_to_3()
    data = parse_yaml_lists(countrynames_yaml(wheels))
    for key in sorted(data):
        if key in SKIP_KEYS:
            continue
        code = HISTORIC.get(key) or iso.get(key.split("-")[-1] if key.startswith("X-") else key.split("-")[0])
        if code:
            pairs += [(n, code) for n in data[key]]
    out = []
    for n, code in pairs:
        name = " ".join(n.replace("_", " ").split()).lower()
        letters = sum(c.isalpha() for c in name)
        if letters > 3 and not any(c.isdigit() for c in name):
            out.append((name, code))
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    records = []
    for fname, kind in [
        ("Phoenix.Countries.actors.txt", "country"),
        ("Phoenix.International.actors.txt", "intl"),
        ("Phoenix.MilNonState.actors.txt", "mnsa"),
    ]:
        records += read_actors(os.path.join(PETR, fname), kind)
    common = common_words()
    seen = set()
    lines = []
    for kind, codes, names in records:
        fresh = []
        for n in names:
            if n.lstrip("=") in common:
                continue
            if n.lstrip("=") not in seen:
                seen.add(n.lstrip("="))
                fresh.append(n)
        if fresh:
            lines.append((kind, " ".join(codes), fresh))
    # Country names the Phoenix records lack, grouped per code.
    extra = {}
    for name, code in country_names(sys.argv[1]):
        if name not in seen and name not in common:
            seen.add(name)
            extra.setdefault(code, []).append(name)
    for code in sorted(extra):
        lines.append(("C", code, extra[code]))
    buf = io.StringIO()
    buf.write("# Generated by scripts/build_actor_dict.py from the PETRARCH-2 Phoenix actor\n")
    buf.write("# dictionaries, NGEC countries.csv and countrynames 1.17.0 (MIT; data/PHOENIX-NOTICE.txt).\n")
    buf.write("# kind\tcodes\tnames\n")
    for kind, codes, names in lines:
        names = [n for n in names if "|" not in n and "\t" not in n]
        if names:
            buf.write(f"{kind}\t{codes}\t{'|'.join(names)}\n")
    with open(os.path.join(OUT, "actors_dict.tsv.gz"), "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as g:
            g.write(buf.getvalue().encode("utf-8"))
    agents = {}
    for src, plover in ((os.path.join(PETR, "Phoenix.agents.txt"), False),
                        (os.path.join(NGEC, "PLOVER_agents.txt"), True)):
        for name, role in read_agents(src, plover):
            agents.setdefault(name, role)
    with open(os.path.join(OUT, "agents_dict.tsv"), "w", encoding="utf-8") as f:
        f.write("# Generated by scripts/build_actor_dict.py from Phoenix.agents.txt and NGEC\n")
        f.write("# PLOVER_agents.txt (MIT; data/PHOENIX-NOTICE.txt). phrase\tCAMEO role\n")
        for name in sorted(agents):
            f.write(f"{name}\t{agents[name]}\n")
    print(f"actors: {len(lines)} records, {len(seen)} names; agents: {len(agents)} phrases")


if __name__ == "__main__":
    main()
