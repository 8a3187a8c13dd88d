#!/usr/bin/env python3
"""End-to-end checks of `examforge grade`: planted students, scores and weak areas, item
statistics recomputed here independently, the XLSX read back with openpyxl, formula-like
names kept as text, safe study-sheet names, reproducible bytes, a rendered study sheet.
usage: check_grade.py EXAMFORGE REPO"""
import csv, math, os, random, re, subprocess, sys, tempfile
import openpyxl, yaml
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "generate"))
import chromium
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from checklib import Checks
check = Checks()

exe, repo = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


def close(a, b, tol=1e-6):
    return abs(a - b) <= tol

def run(*args, expect=0):
    p = subprocess.run([exe, *args], capture_output=True, text=True)
    check(p.returncode == expect, f"{args[0]} exit {p.returncode} (expected {expect}): {p.stderr[-400:]}")
    return p

tmp = tempfile.mkdtemp()
run("generate", "--data", repo, "--seed", "99", "--forms", "2", "--out", f"{tmp}/exam")
key = yaml.safe_load(open(f"{tmp}/exam/key.yaml"))
forms = {f["form"]: f["items"] for f in key["forms"]}
weights = {d["id"]: d["weight"] for d in key["domains"]}
rnd = random.Random(5)
students = []  # (id, name, form, {number: letters})

def add(sid, name, form, answers):
    students.append((sid, name, form, answers))

A = forms["A"]
add("perfect", "Perfect Student", "A", {i["number"]: "".join(i["answer"]) for i in A})
add("blank", "Blank Student", "B", {})
planted = {}
for i in A:
    if i["domain"] == "2":  # wrong on purpose: the first letter that is not a key
        planted[i["number"]] = next(chr(65 + k) for k in range(len(i["order"]))
                                    if chr(65 + k) not in i["answer"])
    else:
        planted[i["number"]] = "".join(i["answer"])
add("planted", "Misses Domain Two", "A", planted)
hostile = ["=1+2", "+SUM(A1:A2)", "-2+3", "@cmd", "=HYPERLINK(\"http://x\")"]
ids = ["../../x", "/etc/passwd", "con", "CON.txt", "a b", "A B", ".hidden", "x" * 300]
for n in range(40):
    form = "AB"[n % 2]
    ability = 0.3 + 0.65 * rnd.random()
    ans = {}
    for i in forms[form]:
        if rnd.random() < 0.04:
            continue
        if rnd.random() < ability:
            ans[i["number"]] = "".join(i["answer"])
        else:
            ans[i["number"]] = "".join(sorted(rnd.sample([chr(65 + k) for k in range(len(i["order"]))], i["choose"])))
    sid = ids[n] if n < len(ids) else f"r{n:03d}"
    name = hostile[n % len(hostile)] if n < 10 else f"Random {n}"
    add(sid, name, form, ans)

os.makedirs(f"{tmp}/answers")
# Half as YAML files, half as one CSV (with a BOM and CRLF, as spreadsheets export).
csv_rows = []
for k, (sid, name, form, ans) in enumerate(students):
    if k % 2 == 0:
        doc = {"student": sid, "name": name, "form": form,
               "answers": {n: (list(v) if len(v) > 1 else v) for n, v in ans.items()}}
        with open(f"{tmp}/answers/{k:03d}.yaml", "w", encoding="utf-8") as f:
            yaml.safe_dump(doc, f, allow_unicode=True)
    else:
        def q(s):
            return '"' + s.replace('"', '""') + '"'
        csv_rows.append(",".join([q(sid), q(name), form] + [ans.get(n, "") for n in range(1, 66)]))
with open(f"{tmp}/answers/class.csv", "w", encoding="utf-8", newline="") as f:
    f.write("\ufeffstudent,name,form," + ",".join(map(str, range(1, 66))) + "\r\n")
    f.write("\r\n".join(csv_rows) + "\r\n")

out = f"{tmp}/grade"
env_args = ("grade", "--data", repo, "--key", f"{tmp}/exam/key.yaml", "--out", out, f"{tmp}/answers")
p = run(*env_args)
check("graded 43 students" in p.stdout, f"stdout: {p.stdout}")
res = yaml.safe_load(open(f"{out}/results.yaml", encoding="utf-8"))
by_id = {r["student"]: r for r in res["results"]}
check(len(by_id) == 43, f"43 results: {len(by_id)}")
check(by_id["perfect"]["scaled"] == 1000 and by_id["perfect"]["pass"], "perfect student scores 1000")
check(set(by_id["perfect"]["domains"]) == {"1", "2", "3", "4"}
      and all(v == 100 for v in by_id["perfect"]["domains"].values())
      and not by_id["perfect"]["weak_domains"], "perfect student meets every domain")
check(by_id["planted"]["domains"]["2"] == 0 and all(
      by_id["planted"]["domains"][d] == 100 for d in "134"), "planted domain percents")
check(by_id["blank"]["scaled"] == 100 and not by_id["blank"]["pass"], "blank student scores 100")

# Planted: exactly domain 2, and the sections its items tag, ranked as documented.
pl = by_id["planted"]
check(pl["weak_domains"] == ["2"], f"planted weak domains {pl['weak_domains']}")
check(set(pl["weak_tasks"]) <= {"2.1", "2.2"} and pl["weak_tasks"], f"weak tasks {pl['weak_tasks']}")
sec_weight, seen, right = {}, {}, {}
for f in key["forms"]:
    for i in f["items"]:
        for s in i["sections"]:
            sec_weight[s] = max(sec_weight.get(s, 0), weights[i["domain"]])
for i in A:
    ok = planted[i["number"]] == "".join(i["answer"])
    for s in i["sections"]:
        seen[s] = seen.get(s, 0) + 1
        right[s] = right.get(s, 0) + ok
weak = [s for s in seen if seen[s] >= 2 and 100.0 * right[s] / seen[s] < key["scoring"]["raw_cut"]]
weak.sort(key=lambda s: (-(seen[s] - right[s]), -sec_weight[s], s))
check(pl["weak_sections"] == weak, f"planted weak sections {pl['weak_sections']} vs {weak}")
d2_sections = {s for i in A if i["domain"] == "2" for s in i["sections"]}
check(set(weak) <= d2_sections, "planted weak sections all come from domain 2 items")

# Item statistics, recomputed independently.
def mask(letters):
    return set(letters)
records = []  # (form, [x per item], chosen letters per item)
for sid, name, form, ans in students:
    xs = [1 if mask(ans.get(i["number"], "")) == set(i["answer"]) else 0 for i in forms[form]]
    records.append((form, xs, ans))
wb = openpyxl.load_workbook(f"{out}/report.xlsx")
check(wb.sheetnames == ["Summary", "Students", "Domains", "Sections", "Items", "Weak areas",
                        "Heatmap", "Problems"], f"sheet names {wb.sheetnames}")
items_ws = wb["Items"]
header = [c.value for c in items_ws[1]]
check(header[:9] == ["Question", "Domain", "Task", "Students", "Facility", "Discrimination",
                     "Key", "Blank", "Flags"], f"Items header {header}")
rows = {r[0]: r for r in items_ws.iter_rows(min_row=2, values_only=True)}
totals = [sum(xs) for _, xs, _ in records]
checked = 0
for qid in list(rows)[:20]:
    xs, ts, chosen = [], [], {}
    for (form, x, ans), t in zip(records, totals):
        for k, i in enumerate(forms[form]):
            if i["question"] == qid:
                xs.append(x[k])
                ts.append(t)
                for l in ans.get(i["number"], ""):
                    orig = i["order"][ord(l) - 65]
                    chosen[orig] = chosen.get(orig, 0) + 1
    n = len(xs)
    p_ = sum(xs) / n
    ys = [t - x for t, x in zip(ts, xs)]
    my = sum(ys) / n
    cov = sum((x - p_) * (y - my) for x, y in zip(xs, ys)) / n
    vx = sum((x - p_) ** 2 for x in xs) / n
    vy = sum((y - my) ** 2 for y in ys) / n
    r = cov / math.sqrt(vx * vy) if vx > 1e-12 and vy > 1e-12 else 0.0
    row = rows[qid]
    check(row[3] == n and close(row[4], p_) and close(row[5], r),
          f"{qid}: n/facility/discrimination {row[3:6]} vs {(n, p_, r)}")
    for letter, count in chosen.items():
        check(row[9 + ord(letter) - 65] == count, f"{qid}: option {letter} chosen {count}")
    checked += 1
check(checked == 20, "20 items recomputed")
summary = list(wb["Summary"].iter_rows(values_only=True))
form_rows = {r[0]: r for r in summary if r and r[0] in ("A", "B") and isinstance(r[1], (int, float))}
for form in ("A", "B"):
    recs = [xs for f, xs, _ in records if f == form]
    k = len(recs[0])
    n = len(recs)
    ts = [sum(x) for x in recs]
    mean = sum(ts) / n
    var = sum((t - mean) ** 2 for t in ts) / n
    pq = sum((sum(x[j] for x in recs) / n) * (1 - sum(x[j] for x in recs) / n) for j in range(k))
    kr20 = k / (k - 1) * (1 - pq / var)
    row = form_rows.get(form)
    check(row and row[1] == n and close(row[2], mean) and close(row[4], kr20)
          and close(row[5], math.sqrt(var) * math.sqrt(1 - kr20)),
          f"form {form} KR-20/SEM {row} vs {(n, mean, kr20)}")
check(len(wb["Summary"]._charts) == 2, "Summary has two charts")
st = wb["Students"]
check([c.value for c in st[1]][:9] == ["Student", "Name", "Form", "Raw", "Percent", "Scaled",
                                       "Low (95%)", "High (95%)", "Result"], "Students header")
check(st.freeze_panes == "A2" and st.auto_filter.ref, "Students: frozen header, autofilter")
names = {}
for row in st.iter_rows(min_row=2):
    names[row[0].value] = row[1]
for h in hostile:
    cells = [c for c in names.values() if c.value == h]
    check(cells and all(c.data_type == "s" for c in cells), f"name {h!r} stored as a string")
check(len(st.conditional_formatting) >= 1, "Students has conditional formatting")
hm = wb["Heatmap"]
check(len(hm.conditional_formatting) >= 1, "Heatmap has a colour scale")

# Study sheets: one per student, safe unique names.
files = sorted(os.listdir(f"{out}/study"))
check(len(files) == 43, f"43 study sheets: {len(files)}")
check(all(re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,63}\.html", f) for f in files),
      f"safe file names: {[f for f in files if not re.fullmatch(r'[A-Za-z0-9_][A-Za-z0-9._-]{0,63}[.]html', f)]}")
check(len({f.lower() for f in files}) == len(files), "unique without case")
check(not any(f.lower() in ("con.html",) for f in files), "no device names")

# Reproducible: the same inputs give the same bytes.
out2 = f"{tmp}/grade2"
run("grade", "--data", repo, "--key", f"{tmp}/exam/key.yaml", "--out", out2, f"{tmp}/answers")
for f in ("report.xlsx", "results.csv", "results.yaml"):
    check(open(f"{out}/{f}", "rb").read() == open(f"{out2}/{f}", "rb").read(), f"{f} byte-identical")

# A bad file does not stop the batch; exit 4 says something was skipped.
with open(f"{tmp}/answers/zz-bad.yaml", "w") as f:
    f.write("student: bad\nform: Q\nanswers: {1: A}\n")
p = run("grade", "--data", repo, "--key", f"{tmp}/exam/key.yaml", "--out", f"{tmp}/g3",
        f"{tmp}/answers", expect=4)
check("zz-bad.yaml:2:7: error: form 'Q' is not in the key" in p.stderr, f"stderr {p.stderr[:300]}")
probs = list(openpyxl.load_workbook(f"{tmp}/g3/report.xlsx")["Problems"].iter_rows(values_only=True))
check(any(r[0].endswith("zz-bad.yaml") and r[3] == "error" for r in probs[1:]), "Problems sheet lists it")

# The study sheet renders.
if chromium.find():
    pdf = f"{tmp}/study.pdf"
    chromium.to_pdf(f"{out}/study/planted.html", pdf)
    text = " ".join(chromium.pdf_pages(pdf))
    check("Study sheet" in text and "What to study, in order" in text and "Needs improvement" in text,
          "study sheet renders with its sections")
else:
    check(False, "chromium missing")
# A class above the heatmap's per-student limit (5,000): the Heatmap turns into score bands,
# each cell the band's pooled percent, recomputed here from results.yaml and the key.
# `--outputs xlsx,yaml` writes just those two.
big = f"{tmp}/big"
os.makedirs(big)
with open(f"{big}/class.csv", "w", encoding="utf-8") as f:
    f.write("student,name,form," + ",".join(map(str, range(1, 66))) + "\n")
    for n in range(5001):
        form, ability = "AB"[n % 2], 0.2 + 0.8 * rnd.random()
        cells = ["".join(i["answer"]) if rnd.random() < ability else "A" for i in forms[form]]
        f.write(f"b{n:05d},Big {n},{form}," + ",".join(cells) + "\n")
run("grade", "--key", f"{tmp}/exam/key.yaml", "--out", f"{big}/out", "--outputs", "xlsx,yaml",
    f"{big}/class.csv")
check(sorted(os.listdir(f"{big}/out")) == ["report.xlsx", "results.yaml"],
      f"--outputs xlsx,yaml writes only those: {os.listdir(f'{big}/out')}")
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
res = yaml.load(open(f"{big}/out/results.yaml", encoding="utf-8"), Loader=loader)["results"]
wbig = openpyxl.load_workbook(f"{big}/out/report.xlsx", read_only=True)
check(wbig["Students"].max_row == 5002, f"Students has every student: {wbig['Students'].max_row}")
rows = list(wbig["Heatmap"].iter_rows(values_only=True))
head = rows[0]
check(head[0] == "Scaled score (students)" and list(head[1:5]) == ["1", "2", "3", "4"],
      f"band heatmap header {head[:6]}")
dom_items = {f: {d: sum(1 for i in forms[f] if i["domain"] == d) for d in "1234"} for f in "AB"}
bands, total = [], 0
for row in rows[1:]:
    m = re.fullmatch(r"(\d+)-(\d+) \((\d+)\)", row[0] or "")
    check(m is not None, f"band label {row[0]!r}")
    if not m:
        continue
    lo, hi, count = map(int, m.groups())
    bands.append(lo)
    members = [r for r in res if lo <= r["scaled"] <= hi]
    total += count
    check(len(members) == count, f"band {lo}-{hi}: {count} students, results.yaml has {len(members)}")
    for k, d in enumerate("1234"):
        items = sum(dom_items[r["form"]][d] for r in members)
        score = sum(r["domains"][d] * dom_items[r["form"]][d] / 100 for r in members)
        check(items and close(row[1 + k], 100 * score / items, 0.06),
              f"band {lo} domain {d}: {row[1 + k]} vs {100 * score / items if items else None}")
check(total == 5001 and bands == sorted(bands, reverse=True) and len(bands) >= 3,
      f"bands cover the class, strongest first: {bands}, {total}")
# A CSV over 8 MiB: read in parts, parsed in chunks and graded in parts on a machine of two
# cores or more. Every row must come back, in order, with the score counted here.
huge = f"{tmp}/huge"
os.makedirs(huge)
expected = []
with open(f"{huge}/class.csv", "w", encoding="utf-8", newline="") as f:
    f.write("student,name,form," + ",".join(map(str, range(1, 66))) + "\n")
    n = 0
    while f.tell() < 9 << 20:
        form = "AB"[n % 3 == 0]
        cells = ["".join(i["answer"]) if rnd.random() < 0.7 else rnd.choice("ABCD")
                 for i in forms[form]]
        right = sum(c == "".join(i["answer"]) for c, i in zip(cells, forms[form]))
        expected.append((f"h{n:06d}", f"Huge {n}", form, right))
        f.write(f"h{n:06d},Huge {n},{form}," + ",".join(cells) + "\n")
        n += 1
p = run("grade", "--key", f"{tmp}/exam/key.yaml", "--out", f"{huge}/out", "--outputs", "csv",
        f"{huge}/class.csv")
check(p.stderr == "", f"a clean large CSV reads without a message: {p.stderr[:300]}")
with open(f"{huge}/out/results.csv", encoding="utf-8", newline="") as f:
    got = list(csv.reader(f))[1:]
check(len(got) == len(expected), f"every row of the large CSV graded: {len(got)} of {len(expected)}")
wrong = [(g, e) for g, e in zip(got, expected) if (g[0], g[1], g[2], int(g[3])) != e]
check(not wrong, f"large CSV rows in order with their scores: first difference {wrong[:1]}")
check.finish()
