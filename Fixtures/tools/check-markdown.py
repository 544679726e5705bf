"""Renders a Markdown export with markdown-it-py (CommonMark, plus GitHub's
tables and strikethrough) and checks that every value of the catalog is
literal text in its element. Prints one line per problem, then 'ok' if none."""
import json, sys, re, urllib.parse
from markdown_it import MarkdownIt

md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
text = open(sys.argv[1], encoding="utf-8").read()
catalog = json.load(open(sys.argv[2], encoding="utf-8"))
tokens = md.parse(text)
problems = []

def norm(value):
    value = value.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return value.replace("\0", "\ufffd")

SWIFT_SPACE = set(" \t\n\x0b\x0c\r\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {chr(c) for c in range(0x2000, 0x200b)}
def swift_trim(value):
    start, end = 0, len(value)
    while start < end and value[start] in SWIFT_SPACE: start += 1
    while end > start and value[end - 1] in SWIFT_SPACE: end -= 1
    return value[start:end]

def paragraphs(value):
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return [p for p in (swift_trim(p) for p in value.split("\n\n")) if p]

def inline_text(token):
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"): out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"): out.append("\n")
    return "".join(out)

# Nothing in a value becomes a block or inline construct of its own.
for token in tokens:
    if token.type in ("html_block", "code_block", "fence", "hr", "table_open", "ordered_list_open"):
        problems.append(f"{token.type} at lines {token.map}")
    if token.type == "inline":
        for child in token.children:
            if child.type in ("html_inline", "code_inline", "image", "s_open", "hardbreak"):
                problems.append(f"{child.type} in: {token.content[:80]!r}")

headings = {"h1": [], "h2": [], "h3": []}
for index, token in enumerate(tokens):
    if token.type == "heading_open":
        headings.setdefault(token.tag, []).append(inline_text(tokens[index + 1]))
works, reviews = catalog["works"], catalog["reviews"]
if headings["h1"] != [norm(catalog["catalog"]["title"])]:
    problems.append(f"h1 {headings['h1']!r}")
expected_h2 = [norm(w["title"]) + (f" ({w['year']})" if "year" in w else "") for w in works]
if headings["h2"] != expected_h2:
    problems.append(f"h2 {headings['h2']!r} != {expected_h2!r}")
by_work = {w["id"]: [r for r in reviews if r["work"] == w["id"]] for w in works}
expected_h3 = [norm(r["headline"]) for w in works for r in by_work[w["id"]]]
if headings["h3"] != expected_h3:
    problems.append(f"h3 {headings['h3']!r} != {expected_h3!r}")
if set(headings) - {"h1", "h2", "h3"}:
    problems.append(f"other headings {sorted(set(headings))}")

paragraph_texts = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "paragraph_open"]
people = {p["id"]: p["name"] for p in catalog["people"]}
def need(value, where):
    if value not in paragraph_texts:
        problems.append(f"{where}: no paragraph reads {value!r}")
for p in paragraphs(catalog["catalog"].get("description", "")):
    need(norm(p), "catalog.description")
for r in reviews:
    for p in paragraphs(r["body"]):
        need(norm(p), f"{r['id']}.body")
    if r["tags"]:
        need("Tags: " + ", ".join(norm(t) for t in r["tags"]), f"{r['id']}.tags")
    byline = norm(people[r["critic"]]) + (", " + norm(r["publication"]) if r.get("publication") else "") + ", " + r["published"]
    if not any(t.startswith(byline) for t in paragraph_texts):
        problems.append(f"{r['id']}: no byline {byline!r}")
    for q in r["quotes"]:
        quote = "\u201c" + norm(q["text"]) + "\u201d \u2014 " + norm(people[q["speaker"]]) + (", " + norm(q["context"]) if q.get("context") else "")
        need(quote, f"{r['id']}.quotes")

links = [c.attrs["href"] for t in tokens if t.type == "inline" for c in t.children if c.type == "link_open"]
expected_links = [s["url"] for r in reviews for s in r["sources"] if s.get("url")]
if [urllib.parse.unquote(l) for l in links] != expected_links:
    problems.append(f"links {links!r} != {expected_links!r}")

for p in problems: print(p)
print("ok" if not problems else f"{len(problems)} problems")
