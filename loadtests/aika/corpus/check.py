#!/usr/bin/env python3
"""Validate the AiKA evaluation corpus (catalog.yaml, documents.yaml, docs/*.md, questions.yaml).

Run from anywhere: python3 loadtests/aika/corpus/check.py
Exits non-zero and lists every problem when the corpus is inconsistent.
"""
import os
import re
import sys
from collections import Counter, defaultdict

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("PyYAML is required: pip install pyyaml")

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")

MIN_DOCS = 44
MIN_QUESTIONS = 90
MIN_KIND = {"document": 55, "catalog": 15, "unanswerable": 18}
MIN_PAGES_COVERED = 35
MIN_WORDS, MAX_WORDS = 300, 1500

RELATIONS = {
    "ownedBy", "ownerOf", "consumesApi", "apiConsumedBy", "providesApi", "apiProvidedBy",
    "partOf", "hasPart", "memberOf", "hasMember", "dependsOn", "dependencyOf",
}
REVERSE = {
    "ownedBy": "ownerOf", "consumesApi": "apiConsumedBy", "providesApi": "apiProvidedBy",
    "partOf": "hasPart", "memberOf": "hasMember", "dependsOn": "dependencyOf",
}
NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_RE = re.compile(r"^[a-z0-9-]{1,64}$")

problems = []


def problem(msg):
    problems.append(msg)


# ------------------------------------------------------------------------------------------ catalog

def ref_of(entity):
    ns = entity["metadata"].get("namespace", "default")
    return f"{entity['kind'].lower()}:{ns}/{entity['metadata']['name']}".lower()


def parse_ref(text, default_kind, default_ns="default"):
    """Backstage-style compound reference: [kind:][namespace/]name."""
    text = str(text)
    kind = default_kind
    if ":" in text:
        kind, text = text.split(":", 1)
    ns = default_ns
    if "/" in text:
        ns, text = text.split("/", 1)
    return f"{kind}:{ns}/{text}".lower()


def load_catalog():
    with open(os.path.join(HERE, "catalog.yaml"), encoding="utf-8") as f:
        entities = [e for e in yaml.safe_load_all(f) if e]
    by_ref = {}
    for e in entities:
        if e.get("apiVersion") != "backstage.io/v1alpha1":
            problem(f"catalog: {e.get('metadata', {}).get('name')}: apiVersion is not backstage.io/v1alpha1")
        name = e["metadata"]["name"]
        if not NAME_RE.match(name) or len(name) > 63:
            problem(f"catalog: invalid entity name {name!r}")
        r = ref_of(e)
        if r in by_ref:
            problem(f"catalog: duplicate entity {r}")
        by_ref[r] = e
    return entities, by_ref


def relations(entities, by_ref):
    """Every (source, type, target) triple, both directions, as the catalog would emit them."""
    out = set()

    def add(src, typ, dst):
        if dst not in by_ref:
            problem(f"catalog: {src} {typ} {dst}: target does not exist")
            return
        out.add((src, typ, dst))
        out.add((dst, REVERSE[typ], src))

    for e in entities:
        src = ref_of(e)
        kind = e["kind"]
        spec = e.get("spec") or {}
        if "owner" in spec:
            add(src, "ownedBy", parse_ref(spec["owner"], "group"))
        elif kind in ("Component", "API", "Resource", "System", "Domain"):
            problem(f"catalog: {src} has no spec.owner")
        if kind in ("Component", "API", "Resource") and "system" in spec:
            add(src, "partOf", parse_ref(spec["system"], "system"))
        if kind == "System" and "domain" in spec:
            add(src, "partOf", parse_ref(spec["domain"], "domain"))
        for a in spec.get("providesApis") or []:
            add(src, "providesApi", parse_ref(a, "api"))
        for a in spec.get("consumesApis") or []:
            add(src, "consumesApi", parse_ref(a, "api"))
        for d in spec.get("dependsOn") or []:
            if ":" not in str(d):
                problem(f"catalog: {src} dependsOn {d!r} without a kind")
            add(src, "dependsOn", parse_ref(d, "component"))
        if kind == "User":
            for g in spec.get("memberOf") or []:
                add(src, "memberOf", parse_ref(g, "group"))
        if kind == "Group":
            for u in spec.get("members") or []:
                add(parse_ref(u, "user"), "memberOf", src)
            if "parent" in spec and parse_ref(spec["parent"], "group") not in by_ref:
                problem(f"catalog: {src} parent {spec['parent']} does not exist")
            for c in spec.get("children") or []:
                if parse_ref(c, "group") not in by_ref:
                    problem(f"catalog: {src} child {c} does not exist")
            if "children" not in spec:
                problem(f"catalog: {src} has no spec.children")
        if kind == "Component":
            for field in ("type", "lifecycle", "owner"):
                if field not in spec:
                    problem(f"catalog: {src} has no spec.{field}")
        if kind == "API":
            for field in ("type", "lifecycle", "owner", "definition"):
                if field not in spec:
                    problem(f"catalog: {src} has no spec.{field}")
    return out


# ------------------------------------------------------------------------------------------ markdown

FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def heading_paths(text):
    """Heading paths of a page: the # title first, then each ## / ### ... below it."""
    paths = []
    stack = []  # (level, title)
    fence = None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = FENCE_RE.match(line)
        if m:
            if fence is None:
                fence = m.group(1)
            elif m.group(1) == fence:
                fence = None
            continue
        if fence is not None:
            continue
        h = HEADING_RE.match(line)
        if not h:
            continue
        level, title = len(h.group(1)), h.group(2).strip()
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        paths.append(" > ".join(t for _, t in stack))
    return paths


def words(text):
    return len(re.findall(r"\S+", text))


# ------------------------------------------------------------------------------------------ main

def main():
    entities, by_ref = load_catalog()
    rels = relations(entities, by_ref)
    truth = defaultdict(set)
    for s, t, d in rels:
        truth[(s, t)].add(d)

    kinds = Counter(e["kind"] for e in entities)

    # Manifest and pages.
    with open(os.path.join(HERE, "documents.yaml"), encoding="utf-8") as f:
        manifest = yaml.safe_load(f) or []
    ids = [d.get("id") for d in manifest]
    for i, c in Counter(ids).items():
        if c > 1:
            problem(f"documents.yaml: duplicate id {i}")
    files = {fn[:-3] for fn in os.listdir(DOCS) if fn.endswith(".md")}
    for i in set(ids) - files:
        problem(f"documents.yaml: {i} has no docs/{i}.md")
    for i in files - set(ids):
        problem(f"docs/{i}.md is not in documents.yaml")
    paths = {}
    total_words = 0
    for d in manifest:
        i = d.get("id")
        if not i or not ID_RE.match(i):
            problem(f"documents.yaml: invalid id {i!r}")
            continue
        for field in ("title", "url"):
            if not d.get(field):
                problem(f"documents.yaml: {i} has no {field}")
        if d.get("url") and ".example/" not in d["url"] and not d["url"].endswith(".example"):
            problem(f"documents.yaml: {i} url is not on an .example domain")
        if "entityRef" in d and d["entityRef"].lower() not in by_ref:
            problem(f"documents.yaml: {i} entityRef {d['entityRef']} does not exist")
        if i not in files:
            continue
        with open(os.path.join(DOCS, i + ".md"), encoding="utf-8") as f:
            text = f.read()
        first = text.splitlines()[0] if text else ""
        # A leading HTML comment (the intentional hostile page) may precede the title.
        body_lines = [l for l in text.splitlines() if l.strip()]
        first_content = next((l for l in body_lines if not l.startswith("<!--")), "")
        if not (first.startswith("# ") or (first.startswith("<!--") and first_content.startswith("# "))):
            problem(f"docs/{i}.md: first line is not a '# ' title")
        p = heading_paths(text)
        if sum(1 for x in p if " > " not in x) != 1:
            problem(f"docs/{i}.md: expected exactly one '#' title, found {sum(1 for x in p if ' > ' not in x)}")
        if p and d.get("title") and p[0] != d["title"]:
            problem(f"docs/{i}.md: manifest title {d['title']!r} differs from page title {p[0]!r}")
        paths[i] = set(p)
        n = words(text)
        total_words += n
        if not MIN_WORDS <= n <= MAX_WORDS:
            problem(f"docs/{i}.md: {n} words, outside {MIN_WORDS}-{MAX_WORDS}")

    # Questions.
    with open(os.path.join(HERE, "questions.yaml"), encoding="utf-8") as f:
        questions = yaml.safe_load(f) or []
    qkinds = Counter()
    covered = set()
    for i, c in Counter(q.get("id") for q in questions).items():
        if c > 1:
            problem(f"questions.yaml: duplicate id {i}")
    for q in questions:
        qid, kind = q.get("id"), q.get("kind")
        qkinds[kind] += 1
        if not q.get("question"):
            problem(f"{qid}: no question text")
        if kind == "document":
            exp = q.get("expected") or []
            if not exp:
                problem(f"{qid}: document question without expected passages")
            for e in exp:
                doc, heading = e.get("document"), e.get("heading")
                if doc not in paths:
                    problem(f"{qid}: expected document {doc} does not exist")
                    continue
                if heading not in paths[doc]:
                    problem(f"{qid}: heading {heading!r} not found in {doc}")
                covered.add(doc)
            if not q.get("answer"):
                problem(f"{qid}: no reference answer")
        elif kind == "catalog":
            rel, subj = q.get("relation"), str(q.get("subject", "")).lower()
            ents = [str(x).lower() for x in q.get("entities") or []]
            if rel not in RELATIONS:
                problem(f"{qid}: unknown relation {rel}")
            if subj not in by_ref:
                problem(f"{qid}: subject {subj} does not exist")
            for x in ents:
                if x not in by_ref:
                    problem(f"{qid}: entity {x} does not exist")
            want = truth.get((subj, rel), set())
            if set(ents) != want:
                problem(f"{qid}: entities {sorted(ents)} != catalog truth {sorted(want)} for {subj} {rel}")
            if not want:
                problem(f"{qid}: {subj} has no {rel} relation")
        elif kind == "unanswerable":
            if q.get("expected") or q.get("entities"):
                problem(f"{qid}: unanswerable question carries expected/entities")
        else:
            problem(f"{qid}: unknown kind {kind!r}")

    # Minimums.
    if len(manifest) < MIN_DOCS:
        problem(f"only {len(manifest)} documents (< {MIN_DOCS})")
    if len(questions) < MIN_QUESTIONS:
        problem(f"only {len(questions)} questions (< {MIN_QUESTIONS})")
    for k, m in MIN_KIND.items():
        if qkinds[k] < m:
            problem(f"only {qkinds[k]} {k} questions (< {m})")
    if len(covered) < MIN_PAGES_COVERED:
        problem(f"document questions cover {len(covered)} pages (< {MIN_PAGES_COVERED})")

    print("catalog:   " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + f" ({len(entities)} entities, {len(rels)} relation rows)")
    print(f"documents: {len(manifest)} pages, {total_words} words")
    print("questions: " + ", ".join(f"{k} {qkinds[k]}" for k in ("document", "catalog", "unanswerable")) + f" ({len(questions)} total)")
    print(f"coverage:  document questions point at {len(covered)} distinct pages")
    if problems:
        print(f"\nFAILED: {len(problems)} problem(s)")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
