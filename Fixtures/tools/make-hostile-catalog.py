#!/usr/bin/env python3
"""Writes Fixtures/catalogs/hostile-strings.json: a valid catalog whose texts
are the strings formats get wrong (markup, quotes, control characters, line
separators, YAML look-alikes, spreadsheet formulas, emoji, combining marks).

The JSON file is committed; this script documents how it was made."""
import json, os

controls = ''.join(chr(c) for c in range(1, 0x20)) + '\x7f'
ambiguous = ["NO", "no", "No", "yes", "Yes", "Y", "y", "n", "N", "ON", "on", "off", "Off", "true", "False", "TRUE",
  "~", "null", "Null", "NULL", "0x1F", "012", "0o17", "1_000", "1e3", "1.0", "-1", "+1", ".inf", "-.Inf", ".NaN", ".nan",
  "2019-02-05", "2019-02-05T10:00:00Z", "12:30:00", "1:20", "0b101", "- x", "? x", "&a", "*a", "!t", "|", ">", "%", "@",
  "`", "'", "\"", "#", "a #b", "a: b", ":", "-", "---", "...", "[", "]", "{", "}", ",", "=1+1", "+1", "-5", "@SUM(A1)",
  "\tleading tab", "\rcarriage", " leading space", "trailing space ", "x\u2028y", "x\u0085y", "\ufeffbom", "x\n", "x\n\n",
  "\nx", "line1\r\nline2", "a\rb"]
hostile = {
  "formatVersion": 1,
  "catalog": {"id": "hostile-strings", "title": "Hostile \"strings\" \\ <catalog> & ]]> 'quotes'",
    "description": "# fake heading\n\n```\nfence in a description", "language": "zh-Hans-CN", "updated": "2019-05-20T17:30:00.123+08:00"},
  "people": [
    {"id": "p0", "name": "Ren\u00e9e \u201cQuoted\u201d O'Brien", "nativeName": ""},
    {"id": "p1", "name": "Zoe\u0301 (decomposed e\u0301) \u2014 \u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd",
     "nativeName": "\u90ed\u5e06 \U0001F3AC"},
    {"id": "p2", "name": "controls:" + controls},
    {"id": "p3", "name": "nul\u0000inside", "nativeName": "\ufffe\uffff noncharacters"},
    # Markdown and HTML that must stay text.
    {"id": "p4", "name": "Line\nfeed <script>alert(1)</script> critic"},
  ],
  "works": [
    {"id": "w0", "kind": "film", "title": "<b>Bold</b> & \"quoted\" ]]> --> <!-- -->", "originalTitle": "",
     "year": 9223372036854775807, "releaseDate": "2000-02-29", "runtimeMinutes": 1,
     "languages": ["en", "zh-Hant", "sr-Latn-RS"], "countries": ["CN", "US"],
     "genres": ambiguous[:40],
     "credits": [{"person": "p0", "role": "actor", "character": ""},
                 {"person": "p1", "role": "a.b_c-d", "character": "  spaced  "}],
     "boxOffice": [{"territory": "WORLD", "gross": {"amount": 9223372036854775807, "currency": "JPY"}},
                   {"territory": "KR", "gross": {"amount": 0, "currency": "KRW"}, "asOf": "2024-02-29"}],
     "rankings": [{"list": "=HYPERLINK(\"http://x\")", "rank": 9223372036854775807}],
     "availability": [{"platform": "\u2028\u2029", "region": "GB", "from": "1970-01-01"}]},
    {"id": "w2", "kind": "film",
     "title": "*Emph* <script>alert(1)</script> <img src=x onerror=alert(1)> [link](https://evil.example) **bold** ##",
     "originalTitle": "# not a heading\n```\nnot a fence",
     "languages": [], "countries": [], "genres": ["- not a list", "1. not ordered", "> not a quote", "==="],
     "credits": [{"person": "p4", "role": "director", "character": "`code` | pipe ~strike~ _under_"}],
     "boxOffice": [], "rankings": [], "availability": []},
    {"id": "w1", "kind": "x",
     "title": "\U0001F469\u200D\U0001F469\u200D\U0001F467 \U0001F1E8\U0001F1F3 \U0001F44D\U0001F3FD",
     "year": -9223372036854775808,
     "languages": [], "countries": [], "genres": [], "credits": [], "boxOffice": [], "rankings": [], "availability": []},
  ],
  "reviews": [
    {"id": "r0", "work": "w0", "critic": "p0", "publication": "", "published": "2019-01-01",
     "headline": "\"Quotes\", \\backslashes\\ and / solidus", "summary": "",
     "rating": {"value": 0.1, "scale": 1},
     "body": "Paragraph one\twith tab.\r\n\r\nParagraph two with CRLF.\n\nThree \u2028 and \u2029 and \U0001F600.\n",
     "tags": ambiguous[40:], "mentions": ["w1", "w0"],
     "quotes": [{"text": "  leading and trailing  ", "speaker": "p1", "context": ""}],
     "sources": [{"name": "a,b;c\td", "url": "https://example.com/a?b=c&d=e#f"}, {"name": "\u00a0nbsp"}]},
    {"id": "r1", "work": "w1", "critic": "p2", "published": "1999-12-31", "headline": "x",
     "rating": {"value": 1e-07, "scale": 9223372036854775807}, "body": controls,
     "tags": [], "mentions": [], "quotes": [], "sources": []},
    {"id": "r2", "work": "w1", "critic": "p3", "published": "2020-02-29", "headline": "\u00e9 vs e\u0301",
     "summary": "\u0000", "rating": {"value": 100, "scale": 100},
     "body": "\u4e2d\u6587\u6bb5\u843d\u3002\n\n\u7b2c\u4e8c\u6bb5\u3002",
     "tags": ["\u00e9", "e\u0301"], "mentions": [], "quotes": [], "sources": []},
    {"id": "r3", "work": "w2", "critic": "p4", "published": "2021-06-01",
     "headline": "1986. <b>Not</b> a list, # not a heading",
     "summary": "> not a quote\n\n<div>not an HTML block</div>",
     "body": "```\nA fence that must not swallow what follows.\n\n# fake heading\n\n- not a list\n    not code\n\n<!-- not a comment -->\n\n===\n\nhttps://bare.example/link and www.example.com and a@b.example",
     "tags": ["two\n\nparagraphs", "`tick", "*star", "<i>"], "mentions": ["w2"],
     "quotes": [{"text": "*said* <b>so</b>", "speaker": "p4", "context": "[ctx](https://evil.example)"}],
     "sources": [{"name": "[x](y) <a href=z>", "url": "https://example.com/(parens)"}]},
  ],
}
path = os.path.join(os.path.dirname(__file__), "..", "catalogs", "hostile-strings.json")
with open(path, "w", encoding="utf-8") as f:
    f.write(json.dumps(hostile, indent=2, ensure_ascii=False) + "\n")
