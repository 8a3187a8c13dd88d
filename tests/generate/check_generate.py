#!/usr/bin/env python3
"""End-to-end checks of `examforge generate` on the shipped data: reproducibility, keys that
point at the bank's answers, parallel forms, --exclude, excludes pairs, printable output.
usage: check_generate.py EXAMFORGE REPO"""
import glob, os, re, subprocess, sys, tempfile
import yaml
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chromium
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from checklib import Checks
check = Checks()

exe, repo = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


def generate(out, *args):
    p = subprocess.run([exe, "generate", "--data", repo, "--out", out, *args],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"generate {args} failed ({p.returncode}):\n{p.stderr}")
    return p.stdout

def files(d):
    return {f: open(os.path.join(d, f), "rb").read() for f in sorted(os.listdir(d))}

bank = {}
for f in sorted(glob.glob(os.path.join(repo, "questions", "*.yaml"))):
    for q in yaml.safe_load(open(f, encoding="utf-8")) or []:
        bank[q["id"]] = q
excludes = {qid: set(q.get("excludes") or []) for qid, q in bank.items()}

def keys_of(q):
    a = q["answer"]
    return {a} if isinstance(a, str) else set(a)

with tempfile.TemporaryDirectory() as tmp:
    a, b, c = (os.path.join(tmp, x) for x in "abc")
    out = generate(a, "--seed", "7", "--forms", "2")
    generate(b, "--seed", "7", "--forms", "2")
    generate(c, "--seed", "8", "--forms", "2")
    fa, fb, fc = files(a), files(b), files(c)
    check(sorted(fa) == ["answer-sheet-A.html", "answer-sheet-B.html", "answers-A.csv",
                         "answers-B.csv", "exam-A.html", "exam-B.html", "key.yaml",
                         "notes.html", "solutions-A.html", "solutions-B.html"],
          f"output file names: {sorted(fa)}")
    check(fa == fb, "same seed gives byte-identical files")
    check(fa["key.yaml"] != fc["key.yaml"] and fa["exam-A.html"] != fc["exam-A.html"],
          "another seed gives another exam")
    check("seed 7" in out and "per domain: 1=19 2=17 3=16 4=13" in out, f"stdout: {out}")
    check(fa["answers-A.csv"].decode().startswith("student,name,form,1,2,3,")
          and fa["answers-A.csv"].decode().rstrip().endswith(",65"), "answer CSV template")

    # notes.html: every heading has its id, and every link into the page resolves.
    notes_html = fa["notes.html"].decode("utf-8")
    ids = set(re.findall(r'<h[1-6] id="([^"]+)"', notes_html))
    internal = re.findall(r'href="#([^"]*)"', notes_html)
    check(len(ids) >= 170, f"notes.html anchors: {len(ids)}")
    check(not [h for h in internal if h not in ids], f"broken links in notes.html: "
          f"{sorted(set(h for h in internal if h not in ids))[:5]}")
    check(".md#" not in notes_html and not re.search(r'href="[^"#:]*\.md"', notes_html),
          "no links to .md files left in notes.html")
    for name in ("solutions-A.html", "solutions-B.html"):
        targets = re.findall(r'href="notes\.html#([^"]+)"', fa[name].decode("utf-8"))
        check(targets and not [t for t in targets if t not in ids],
              f"{name}: study links resolve in notes.html")

    key = yaml.safe_load(fa["key.yaml"])
    check(key["seed"] == 7 and key["mode"] == "shuffle", "key records seed and mode")
    ids_by_form = []
    for form in key["forms"]:
        counts = {}
        for n, item in enumerate(form["items"], 1):
            q = bank[item["question"]]
            check(item["number"] == n, f"form {form['form']} item {n} numbered")
            counts[q["domain"]] = counts.get(q["domain"], 0) + 1
            order = item["order"]
            check(sorted(order) == sorted(q["options"]), f"{q['id']}: order is a permutation")
            shown_keys = {order[ord(l) - 65] for l in item["answer"]}
            check(shown_keys == keys_of(q), f"{q['id']}: key {item['answer']} via {order}")
            check(item["domain"] == q["domain"] and item["task"] == q["task"]
                  and item["sections"] == q["sections"], f"{q['id']}: tags copied")
            if q.get("shuffle") is False:
                check(order == sorted(order), f"{q['id']}: shuffle false keeps order")
        check(counts == {"1": 19, "2": 17, "3": 16, "4": 13}, f"domain counts {counts}")
        ids = [i["question"] for i in form["items"]]
        ids_by_form.append(ids)
        for x in ids:
            check(not (excludes[x] & set(ids)), f"{x} shares form with an excluded question")
    check(sorted(ids_by_form[0]) == sorted(ids_by_form[1]) and ids_by_form[0] != ids_by_form[1],
          "shuffle forms: same questions, other order")

    # Parallel forms are disjoint; --exclude keeps earlier questions out.
    p = os.path.join(tmp, "p")
    generate(p, "--seed", "11", "--forms", "3", "--mode", "parallel")
    pkey = yaml.safe_load(open(os.path.join(p, "key.yaml")))
    sets = [set(i["question"] for i in f["items"]) for f in pkey["forms"]]
    check(all(len(s) == 65 for s in sets) and len(set.union(*sets)) == 195,
          "parallel forms are disjoint")
    e = os.path.join(tmp, "e")
    generate(e, "--seed", "12", "--exclude", os.path.join(p, "key.yaml"))
    ekey = yaml.safe_load(open(os.path.join(e, "key.yaml")))
    used = set.union(*sets)
    check(not (set(i["question"] for i in ekey["forms"][0]["items"]) & used), "--exclude honoured")

    # Without --seed a seed is drawn, printed and recorded; it reproduces the exam.
    r1, r2 = os.path.join(tmp, "r1"), os.path.join(tmp, "r2")
    out = generate(r1)
    seed = re.search(r"seed (\d+)", out).group(1)
    check(yaml.safe_load(open(os.path.join(r1, "key.yaml")))["seed"] == int(seed), "seed recorded")
    generate(r2, "--seed", seed)
    check(files(r1) == files(r2), "printed seed reproduces the exam")

    # Printable: every stem on paper, no raw Markdown, no question split across pages.
    if chromium.find() and subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0:
        def norm(t):
            return re.sub(r"\s+", " ", t).strip()
        def plain(md):
            t = re.sub(r"[*`_]", "", md)
            return norm(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", t))
        pdf = os.path.join(tmp, "exam-A.pdf")
        chromium.to_pdf(os.path.join(a, "exam-A.html"), pdf)
        pages = [norm(t) for t in chromium.pdf_pages(pdf)]
        whole = " ".join(pages)
        check("**" not in whole and "](" not in whole and "<p>" not in whole, "no raw markdown")
        for n, item in enumerate(key["forms"][0]["items"], 1):
            q = bank[item["question"]]
            head = plain(q["stem"])[:40]
            last_opt = plain(q["options"][item["order"][-1]])
            tail = last_opt[-25:]
            on = [i for i, t in enumerate(pages) if head in t]
            check(len(on) >= 1, f"item {n}: stem '{head}' printed")
            if on:
                check(tail in pages[on[0]], f"item {n}: stem and last option on one page "
                                            f"(page {on[0] + 1}, '{tail}')")
        for name in ("answer-sheet-A", "solutions-A"):
            pdf = os.path.join(tmp, name + ".pdf")
            chromium.to_pdf(os.path.join(a, name + ".html"), pdf)
            text = norm(" ".join(chromium.pdf_pages(pdf)))
            check("Form A" in text and "65 questions" in text, f"{name} printed")
        check("Answer:" in text and "is wrong:" in text, "solutions show keys and distractors")
        # Paper size: A4 by default, Letter on request.
        lt = os.path.join(tmp, "letter")
        generate(lt, "--seed", "7", "--paper", "letter")
        for name, folder, want in (("A4", a, "(A4)"), ("Letter", lt, "(letter)")):
            pdf = os.path.join(tmp, f"size-{name}.pdf")
            chromium.to_pdf(os.path.join(folder, "exam-A.html"), pdf)
            info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
            size = [line for line in info.splitlines() if line.startswith("Page size")]
            check(want in info, f"{name} pages: {size}")
    else:
        print("skipped PDF checks: chromium or pdftotext missing")
        check(False, "chromium/pdftotext missing")

check.finish()
