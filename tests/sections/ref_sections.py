#!/usr/bin/env python3
"""Independent reference for `examforge sections`: parse with the cmark command-line tool's
XML output (not examforge's code) and slug the headings the way GitHub does
(Ruby: text.downcase.gsub(/[^\\p{Word}\\- ]/u, '').tr(' ', '-'), where \\p{Word} is letters,
marks, decimal digits and connector punctuation; repeats in a file get -1, -2, ...).
usage: ref_sections.py FILE...            print PATH:LINE<TAB>LEVEL<TAB>ID<TAB>TITLE
       ref_sections.py --write SHARED OUT  write OUT/<name>.tsv for every notes file in SHARED"""
import os, subprocess, sys, unicodedata
import xml.etree.ElementTree as ET

NS = "{http://commonmark.org/xml/1.0}"

def notes_files(shared):
    files = ["seed-notes/000_970b9862100f245b.txt"]
    rw = os.path.join(shared, "realworld")
    for d in sorted(os.listdir(rw)):
        if d.startswith("notes-"):
            files += [f"realworld/{d}/{f}" for f in sorted(os.listdir(os.path.join(rw, d)))
                      if f.endswith(".md")]
    return files

def text_of(node, parts, for_slug):
    tag = node.tag.replace(NS, "")
    if tag in ("text", "code"):
        parts.append(node.text or "")
    elif tag in ("softbreak", "linebreak"):
        parts.append("\n")
    elif tag in ("image", "html_inline"):
        return
    for child in node:
        text_of(child, parts, for_slug)

def keep(ch):
    if ch in "- ":
        return True
    cat = unicodedata.category(ch)
    return cat[0] in "LM" or cat in ("Nd", "Pc")

def slug(text):
    return "".join(("-" if ch == " " else ch) for ch in text.lower() if keep(ch))

def sections(path, display):
    xml = subprocess.run(["cmark", "--to", "xml", "--sourcepos"], stdin=open(path, "rb"),
                         capture_output=True, check=True).stdout
    root = ET.fromstring(xml)
    seen, out = {}, []
    for h in root.iter(NS + "heading"):
        parts = []
        text_of(h, parts, True)
        text = "".join(parts)
        base = slug(text)
        n = seen.get(base, 0)
        seen[base] = n + 1
        ident = f"{base}-{n}" if n else base
        line = int(h.get("sourcepos").split(":")[0])
        title = text.replace("\n", " ")
        out.append(f"{display}:{line}\t{h.get('level')}\t{ident}\t{title}\n")
    return "".join(out)

def section_words(path):
    """Words of text in each heading's own body (up to the next heading), by section id, in
    document order: [(id, words)]. Text, inline code and code blocks count; markup does not."""
    xml = subprocess.run(["cmark", "--to", "xml"], stdin=open(path, "rb"), capture_output=True,
                         check=True).stdout
    root = ET.fromstring(xml)
    ids = [line.split("\t")[2] for line in sections(path, path).splitlines()]
    counts = [0] * len(ids)
    current = -1
    def walk(node):
        nonlocal current
        tag = node.tag.replace(NS, "")
        if tag == "heading":
            current += 1
            return
        if tag in ("text", "code", "code_block") and current >= 0:
            counts[current] += len((node.text or "").split())
        for child in node:
            walk(child)
    walk(root)
    return list(zip(ids, counts))

def main():
    if sys.argv[1] == "--write":
        shared, out = sys.argv[2], sys.argv[3]
        for rel in notes_files(shared):
            name = rel.replace("/", "__") + ".tsv"
            with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                f.write(sections(os.path.join(shared, rel), rel))
        return 0
    for p in sys.argv[1:]:
        sys.stdout.write(sections(p, p))
    return 0

if __name__ == "__main__":
    sys.exit(main())
