#!/usr/bin/env python3
"""Compile PETRARCH2's CAMEO verb dictionary and discard list into Herald's
compact lexicon file crates/herald-events/data/cameo_verbs.tsv.

Usage:
    python3 scripts/build_verb_dict.py [--shared DIR] [--out FILE]

DIR defaults to $HERALD_SHARED (else /work/shared); the inputs are
DIR/data/events/petrarch2/CAMEO.2.0.txt and Phoenix.discards.txt. Codes
are checked against crates/herald-events/data/cameo.tsv: a code Herald
does not list is mapped to its nearest listed parent, else dropped.
Problems (bad lines, undefined synsets, dropped codes) are reported on
stderr; the script never stops on a bad line. Python 3.11 stdlib only.

Output rows (tab-separated; words lower case; a phrase's words joined by
`_`, head last; `&NAME` refers to a synonym set):
    S  &NAME  phrase|phrase|...             synonym set (plurals expanded)
    V  lemma  block  code  own  forms  before  after
                                            a verb: its surface forms
                                            (space-separated), its code
                                            (`---` = no event; `own` when
                                            the verb line gives it, else
                                            `block`) and, for a
                                            multi-word verb, the words
                                            right before/after it
    P  block  code  flags  pre  post  preps  a pattern of a verb block:
                                            pre/post = noun elements
                                            (space-separated), preps =
                                            `prep:elem,elem` joined by
                                            ` `; flags `rev` (code is
                                            target->source) or `-`
    T  src  verb  isrc  itgt  iverb  osrc  otgt  ocode
                                            a verb-on-verb transformation
                                            (verbs as lemma=code)
    D  scope  phrase                        a discard (scope `sentence`
                                            or `story`; a trailing `_`
                                            means the phrase must end at
                                            a word boundary)
"""

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "crates" / "herald-events" / "data"
MARKERS = {"$", "+", "^", "%"}


def warn(msg):
    print(f"build_verb_dict: {msg}", file=sys.stderr)


def strip_comment(line):
    i = line.find("#")
    return line[:i] if i >= 0 else line


def plural(word):
    """PETRARCH's regular plural of a synonym noun; None when not formed."""
    if not word or not word[-1].isalpha():
        return None
    if word.endswith("SS"):
        return word + "ES"
    if word.endswith("S"):
        return None  # already a plural ("ARMS")
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    return word + "S"


def regular_forms(stem):
    """PETRARCH's regular verb forms (-S, -ED, -ING)."""
    forms = [stem]
    if stem.endswith(("S", "X", "Z", "SH", "CH")):
        forms.append(stem + "ES")
    elif stem.endswith("Y") and len(stem) > 1 and stem[-2] not in "AEIOU":
        forms.append(stem[:-1] + "IES")
    else:
        forms.append(stem + "S")
    if stem.endswith("E"):
        forms.append(stem + "D")
    elif stem.endswith("Y") and len(stem) > 1 and stem[-2] not in "AEIOU":
        forms.append(stem[:-1] + "IED")
    else:
        forms.append(stem + "ED")
    if stem.endswith("E") and len(stem) > 2 and stem[-2] not in "AEIOU":
        forms.append(stem[:-1] + "ING")
    else:
        forms.append(stem + "ING")
    return forms


def split_compound(word):
    """`+CORDON_OFF` -> ("CORDON", [], ["OFF"]); `WIRE_+TAP` -> ("TAP", ["WIRE"], [])."""
    parts = [p for p in word.split("_")]
    verb_at = next((i for i, p in enumerate(parts) if p.startswith("+")), None)
    if verb_at is None:
        verb_at = 0
    parts = [p.lstrip("+") for p in parts]
    parts = [p for p in parts]
    verb = parts[verb_at]
    return verb, [p for p in parts[:verb_at] if p], [p for p in parts[verb_at + 1 :] if p]


class Compiler:
    def __init__(self, cameo_codes):
        self.cameo = cameo_codes
        self.synsets = {}  # name -> list of phrases (lists of words)
        self.verbs = []  # (lemma, block, code, forms, before, after)
        self.form_owner = {}
        self.patterns = {}  # (block, pre, post, preps) -> (code, flags)
        self.transforms = []
        self.discards = []
        self.stats = {
            "bad_lines": 0,
            "undefined_synsets": 0,
            "codes_mapped": 0,
            "codes_dropped": 0,
            "duplicate_patterns": 0,
            "duplicate_forms": 0,
            "discards_skipped_chronology": 0,
        }
        self.block = None
        self.block_code = "---"

    # ---------- codes ----------
    def map_code(self, raw, where):
        """`042:043` -> ("042", ""); `:173` -> ("173", "rev"); `---` -> ("---", "")."""
        raw = raw.strip()
        flags = ""
        if ":" in raw:
            first, _, second = raw.partition(":")
            if first.strip():
                raw = first.strip()
            else:
                raw = second.strip()
                flags = "rev"
        if raw in ("---", ""):
            return "---", flags
        if not re.fullmatch(r"\d{3,4}", raw):
            warn(f"{where}: code [{raw}] is not a CAMEO code: dropped")
            self.stats["codes_dropped"] += 1
            return None, flags
        code = raw
        while code not in self.cameo and len(code) > 3:
            code = code[:-1]
        if code not in self.cameo:
            root0 = raw[:2] + "0"
            code = root0 if root0 in self.cameo else None
        if code is None:
            warn(f"{where}: code {raw} not in cameo.tsv: dropped")
            self.stats["codes_dropped"] += 1
            return None, flags
        if code != raw:
            self.stats["codes_mapped"] += 1
        return code, flags

    # ---------- synsets ----------
    def add_synset_term(self, name, term, lineno):
        term = term.strip()
        if not term:
            return
        no_plural = name.endswith("_") or term.endswith("_")
        words = [w for w in re.split(r"[_\s]+", term.upper()) if w]
        if not words or any(not re.fullmatch(r"[A-Z0-9'./\-]+", w) for w in words):
            warn(f"line {lineno}: bad synonym `{term}`: skipped")
            self.stats["bad_lines"] += 1
            return
        phrases = self.synsets.setdefault(name.rstrip("_"), [])
        phrases.append(words)
        if not no_plural:
            p = plural(words[-1])
            if p:
                phrases.append(words[:-1] + [p])

    # ---------- verbs ----------
    def add_verb_line(self, line, lineno):
        text = strip_comment(line).split(";")[0].strip()
        if not text:
            return
        code = self.block_code
        own = "block"
        m = re.search(r"\[([^\]]*)\]\s*$", text)
        if m:
            code = m.group(1).strip()
            own = "own"
            text = text[: m.start()].strip()
        forms_text = None
        m = re.search(r"\{([^}]*)\}?\s*$", text)
        if m:
            forms_text = m.group(1)
            text = text[: m.start()].strip()
        if "{" in text or "}" in text or "[" in text or " " in text or not text:
            warn(f"line {lineno}: bad verb line `{line.strip()}`: skipped")
            self.stats["bad_lines"] += 1
            return
        verb, before, after = split_compound(text)
        if not re.fullmatch(r"[A-Z'\-]+", verb):
            warn(f"line {lineno}: bad verb `{text}`: skipped")
            self.stats["bad_lines"] += 1
            return
        if forms_text is None:
            forms = regular_forms(verb)
        else:
            forms = [verb]
            for f in forms_text.split():
                fv, _, _ = split_compound(f)
                if fv and fv not in forms:
                    forms.append(fv)
        mapped, _ = self.map_code(code, f"line {lineno}")
        if mapped is None:
            mapped = "---"
        key_parts = (tuple(before), tuple(after))
        kept = []
        for f in forms:
            owner = self.form_owner.setdefault((f, key_parts), verb)
            if owner != verb or f in kept:
                self.stats["duplicate_forms"] += 1
                continue
            kept.append(f)
        if not kept:
            return
        self.verbs.append(
            (verb.lower(), self.block, mapped, own, [f.lower() for f in kept], before, after)
        )

    # ---------- patterns ----------
    def elem(self, tokens, lineno):
        """A noun element: a word, `&SYN` or a braced phrase (words joined by `_`)."""
        out = []
        tokens = [w for t in tokens for w in t.split("_") if w]
        for t in tokens:
            t = t.upper()
            if t.startswith("&"):
                name = t.rstrip("_")
                if name not in self.synsets:
                    warn(f"line {lineno}: undefined synset {t}")
                    self.stats["undefined_synsets"] += 1
                    return None
                out.append(name)
            elif re.fullmatch(r"[A-Z0-9'.\-]+", t):
                out.append(t.lower())
            else:
                return None
        return "_".join(out) if out else None

    def parse_side(self, text, lineno):
        """Nouns and prepositional phrases of one side of `*`."""
        toks = re.findall(r"\{[^}]*\}|\([^)]*\)|\S+", text)
        nouns, preps = [], []
        for t in toks:
            if t in MARKERS:
                continue  # TABARI source/target/skip markers
            if t.startswith("("):
                if not t.endswith(")"):
                    raise ValueError(f"unclosed `(` in `{text.strip()}`")
                inner = re.findall(r"\{[^}]*\}|\S+", t[1:-1])
                inner = [x for x in inner if x not in MARKERS]
                if not inner:
                    continue
                prep = inner[0].lower()
                if not re.fullmatch(r"[a-z'\-]+", prep):
                    raise ValueError(f"bad preposition `{inner[0]}`")
                elems = []
                for x in inner[1:]:
                    e = self.elem(x.strip("{}").split(), lineno)
                    if e is None:
                        raise ValueError(f"bad noun `{x}`")
                    elems.append(e)
                preps.append(prep + ":" + ",".join(elems))
            elif t.startswith("{"):
                if not t.endswith("}"):
                    raise ValueError(f"unclosed `{{` in `{text.strip()}`")
                e = self.elem(t[1:-1].split(), lineno)
                if e is None:
                    raise ValueError(f"bad phrase `{t}`")
                nouns.append(e)
            elif "(" in t or ")" in t or "{" in t or "}" in t:
                raise ValueError(f"unbalanced `{t}`")
            else:
                e = self.elem([t], lineno)
                if e is None:
                    raise ValueError(f"bad word `{t}`")
                nouns.append(e)
        return nouns, preps

    def add_pattern(self, line, lineno):
        body = strip_comment(line)[1:]
        # `BY/WITH`, `BOMBING/EXPLOSION`: alternatives, one pattern each.
        m = re.search(r"[A-Z&'\-]+(?:/[A-Z&'\-]+)+", body)
        if m:
            for alt in m.group(0).split("/"):
                self.add_pattern("-" + body[: m.start()] + alt + body[m.end() :], lineno)
            return
        m = re.search(r"\[([^\]]*)\]\s*$", body)
        if not m or self.block is None:
            warn(f"line {lineno}: pattern without a code or block: skipped")
            self.stats["bad_lines"] += 1
            return
        code, flags = self.map_code(m.group(1), f"line {lineno}")
        if code is None:
            return
        body = body[: m.start()]
        if body.count("*") != 1:
            warn(f"line {lineno}: pattern needs exactly one `*`: skipped")
            self.stats["bad_lines"] += 1
            return
        pre_text, post_text = body.split("*")
        try:
            pre, pre_preps = self.parse_side(pre_text, lineno)
            post, post_preps = self.parse_side(post_text, lineno)
        except ValueError as e:
            warn(f"line {lineno}: {e}: skipped")
            self.stats["bad_lines"] += 1
            return
        if pre_preps:
            # Pre-verb prepositional phrases hang off the subject: kept as
            # nouns of the subject side (their preposition is dropped).
            for p in pre_preps:
                pre.extend(x for x in p.split(":", 1)[1].split(",") if x)
        if not (pre or post or post_preps):
            # "- * [code]": the block's own verb code; nothing to refine.
            return
        key = (self.block, tuple(pre), tuple(post), tuple(post_preps))
        if key in self.patterns:
            self.stats["duplicate_patterns"] += 1
            del self.patterns[key]  # PETRARCH: the later entry wins
        self.patterns[key] = (code, flags or "-")

    # ---------- transformations ----------
    def add_transform(self, line, lineno):
        text = strip_comment(line)[1:].replace("(", " ").replace(")", " ")
        if "=" not in text:
            warn(f"line {lineno}: transformation without `=`: skipped")
            self.stats["bad_lines"] += 1
            return
        lhs, rhs = text.split("=", 1)
        lhs, rhs = lhs.split(), rhs.split()
        if len(lhs) != 5 or len(rhs) != 3:
            warn(f"line {lineno}: transformation shape not `a (b c V) W = x y C`: skipped")
            self.stats["bad_lines"] += 1
            return
        src, isrc, itgt, iverb, verb = lhs
        osrc, otgt, ocode = rhs
        codes = {}
        for v in (iverb, verb):
            if v == "Q":
                codes[v] = "Q"
                continue
            lemma = v.lower()
            found = [c for (lem, _, c, _, _, b, a) in self.verbs if lem == lemma and not b and not a]
            if not found:
                warn(f"line {lineno}: transformation verb {v} is not in the dictionary: skipped")
                self.stats["bad_lines"] += 1
                return
            codes[v] = found[0]
        if ocode != "Q":
            ocode, _ = self.map_code(ocode, f"line {lineno}")
            if ocode is None:
                return
        self.transforms.append(
            (
                src,
                f"{verb.lower()}={codes[verb]}",
                isrc,
                itgt,
                f"{iverb.lower()}={codes[iverb]}",
                osrc,
                otgt,
                ocode,
            )
        )

    # ---------- files ----------
    def read_verbs(self, path):
        in_synsets = True
        synset = None
        for lineno, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            line = raw.rstrip()
            if line.startswith("####### VERB PATTERNS"):
                in_synsets = False
                continue
            if not line.strip() or line.lstrip().startswith("#") or line.startswith("<!"):
                continue
            if line.startswith("~"):
                self.add_transform(line, lineno)
            elif in_synsets and line.startswith("&"):
                synset = strip_comment(line).strip()
                if not re.fullmatch(r"&[A-Z0-9_]+", synset):
                    warn(f"line {lineno}: bad synset name `{synset}`: skipped")
                    self.stats["bad_lines"] += 1
                    synset = None
            elif in_synsets and line.startswith("+"):
                if synset is None:
                    warn(f"line {lineno}: synonym outside a synset: skipped")
                    self.stats["bad_lines"] += 1
                else:
                    self.add_synset_term(synset, strip_comment(line)[1:], lineno)
            elif line.startswith("---"):
                m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", line)
                if not m:
                    warn(f"line {lineno}: bad block header: skipped")
                    self.stats["bad_lines"] += 1
                    continue
                self.block = m.group(1).lower()
                code, _ = self.map_code(m.group(2), f"line {lineno}")
                self.block_code = code or "---"
            elif line.startswith("-"):
                self.add_pattern(line, lineno)
            elif not in_synsets and self.block is not None:
                self.add_verb_line(line, lineno)
            else:
                warn(f"line {lineno}: unrecognised line: skipped")
                self.stats["bad_lines"] += 1

    def read_discards(self, path):
        for lineno, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            text = strip_comment(raw).strip()
            if not text:
                continue
            scope = "sentence"
            if text.startswith("+"):
                scope = "story"
                text = text[1:].strip()
            words = text.lower().split()
            if not words:
                continue
            # Herald compiles the sport/entertainment discards only: the
            # list's chronology entries (bare years, "YEARS AGO", "WEEKS
            # LATER") would drop ordinary news that mentions the past.
            if all(w.strip("_").isdigit() for w in words) or words[-1].strip("_") in ("ago", "later"):
                self.stats["discards_skipped_chronology"] += 1
                continue
            self.discards.append((scope, " ".join(words)))

    def write(self, out, command):
        used = set()
        for (_, pre, post, preps) in self.patterns:
            for e in list(pre) + list(post) + [x for p in preps for x in p.split(":", 1)[1].split(",")]:
                for part in e.split("_"):
                    if part.startswith("&"):
                        used.add(part)
        lines = [
            "# GENERATED FILE - do not edit. PETRARCH2 CAMEO verb dictionary (CAMEO.2.0.txt)",
            "# and discard list (Phoenix.discards.txt), compiled for Herald by:",
            f"#   {command}",
            "# Source: Open Event Data Alliance, PETRARCH2, MIT License (see PETRARCH2-NOTICE.txt).",
            "# Rows: S synset | V verb | P pattern | T transformation | D discard; columns",
            "# are described in scripts/build_verb_dict.py.",
        ]
        for name in sorted(used):
            phrases = []
            for p in self.synsets[name]:
                s = "_".join(w.lower() for w in p)
                if s not in phrases:
                    phrases.append(s)
            lines.append("\t".join(["S", name, "|".join(phrases)]))
        for lemma, block, code, own, forms, before, after in self.verbs:
            lines.append(
                "\t".join(
                    [
                        "V",
                        lemma,
                        block,
                        code,
                        own,
                        " ".join(forms),
                        " ".join(w.lower() for w in before) or "-",
                        " ".join(w.lower() for w in after) or "-",
                    ]
                )
            )
        for (block, pre, post, preps), (code, flags) in self.patterns.items():
            lines.append(
                "\t".join(
                    ["P", block, code, flags, " ".join(pre) or "-", " ".join(post) or "-", " ".join(preps) or "-"]
                )
            )
        for t in self.transforms:
            lines.append("\t".join(["T", *t]))
        for scope, phrase in self.discards:
            lines.append("\t".join(["D", scope, phrase]))
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.environ.get("HERALD_SHARED", "/work/shared"))
    ap.add_argument("--out", default=str(DATA / "cameo_verbs.tsv"))
    args = ap.parse_args()
    src = Path(args.shared) / "data" / "events" / "petrarch2"
    cameo = set()
    for line in (DATA / "cameo.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cameo.add(line.split("\t")[0])
    c = Compiler(cameo)
    c.read_verbs(src / "CAMEO.2.0.txt")
    c.read_discards(src / "Phoenix.discards.txt")
    c.write(Path(args.out), "python3 scripts/build_verb_dict.py")
    lemmas = {v[0] for v in c.verbs}
    print(
        f"verbs {len(c.verbs)} ({len(lemmas)} lemmas), blocks {len({v[1] for v in c.verbs})}, "
        f"patterns {len(c.patterns)}, transformations {len(c.transforms)}, "
        f"discards {len(c.discards)}, synsets {len(c.synsets)}; " + ", ".join(f"{k} {v}" for k, v in c.stats.items()),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
