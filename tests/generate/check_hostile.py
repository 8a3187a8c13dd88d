#!/usr/bin/env python3
"""Stems, options, explanations and notes carrying HTML/JS payloads: generate, load every page
in headless Chromium with scripts enabled, and check that nothing ran (a payload would change
the document title) and that the payload text is shown as text.
usage: check_hostile.py EXAMFORGE"""
import os, re, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chromium

exe = os.path.abspath(sys.argv[1])
if not chromium.find():
    print("chromium missing")
    sys.exit(1)
S = "<script>document.title='pwned'</script>"
I = "<img src=x onerror=\"document.title='pwned'\">"
BANK = f"""
- id: evil-1
  domain: "1"
  task: "1.1"
  sections: [evil-notes]
  type: single
  stem: |
    Which one? {S}

    {I}
  options:
    A: "{S.replace('"', '&quot;')} option"
    B: "[click](javascript:document.title='pwned')"
    C: plain
    D: '<svg onload="document.title=`pwned`">'
  answer: C
  explanation: "because {I.replace('"', "'")}"
  distractors: {{A: "<b onmouseover=alert(1)>no</b>", B: x, D: y}}
"""
NOTES = f"# Evil notes\n\n{S}\n\n<iframe src=\"javascript:document.title='pwned'\"></iframe>\n\nText.\n"
BP = """exam: "Exam <script>document.title='pwned'</script>"
questions: 1
minutes: 5
domains:
  - {id: "1", name: One, weight: 100, tasks: [{id: "1.1", name: a}]}
"""
failed = passed = 0
with tempfile.TemporaryDirectory() as tmp:
    for name, text in (("bank.yaml", BANK), ("notes.md", NOTES), ("bp.yaml", BP)):
        open(os.path.join(tmp, name), "w").write(text)
    out = os.path.join(tmp, "out")
    p = subprocess.run([exe, "generate", "--bank", "bank.yaml", "--notes", "notes.md",
                        "--blueprint", "bp.yaml", "--seed", "1", "--out", out], cwd=tmp,
                       capture_output=True, text=True)
    if p.returncode:
        print(p.stderr)
        sys.exit(1)
    for page in ("exam-A.html", "solutions-A.html", "answer-sheet-A.html", "notes.html"):
        dom = chromium.dump_dom(os.path.join(out, page))
        title = re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
        ok = title.strip() != "pwned" and dom.strip() != ""
        ok = ok and not re.search(r"<(script|iframe|svg)\b", dom)
        ok = ok and not re.search(r"<img\b", dom) and "javascript:" not in re.sub(r"&[a-z]+;", "", "".join(re.findall(r'href="([^"]*)"', dom)))
        if page != "answer-sheet-A.html":
            ok = ok and "&lt;script&gt;" in dom
        print(("ok   " if ok else "FAIL ") + page + ": title " + repr(title[:60]))
        passed += ok
        failed += not ok
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
