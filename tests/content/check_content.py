#!/usr/bin/env python3
"""Rules for the shipped content (issues #4 and #5), read from the files themselves:
notes cover every seed section once with a real body, notes and questions are our own words,
and the bank is big and balanced enough for 8 full SAA-C03 forms.
usage: check_content.py EXAMFORGE REPO SHARED"""
import collections, glob, os, re, subprocess, sys
import yaml
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "sections"))
import ref_sections

exe, repo, shared = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
seed_path = os.path.join(shared, "seed-notes", "000_970b9862100f245b.txt")
if not os.path.exists(seed_path):
    print(f"skipped: no seed notes at {seed_path}")
    sys.exit(77)
results = []

def check(cond, what):
    results.append(bool(cond))
    print(("ok   " if cond else "FAIL ") + what)

def sections(paths):
    out = subprocess.run([exe, "sections", *paths], capture_output=True, text=True, check=True)
    return [line.split("\t") for line in out.stdout.splitlines()]

# Seed sections that teach nothing testable: the table of contents, the document title, and
# headings whose seed body is empty or only groups sub-sections.
NOT_TESTABLE = {
    "table-of-contents": "the seed's table of contents",
    "aws-certified-solution-architect-associate": "document title with a one-line intro",
    "docker-in-aws": "empty heading over Docker/ECS/ECR/EKS",
    "other-services": "empty heading over the remaining services",
}

# ---- notes (issue #4) ----
notes_files = sorted(glob.glob(os.path.join(repo, "notes", "*.md")))
seed_ids = [row[2] for row in sections([seed_path]) if row[2] != "table-of-contents"]
ours = sections(notes_files)
our_ids = collections.Counter(row[2] for row in ours)
missing = [i for i in seed_ids if our_ids[i] == 0]
twice = [i for i in seed_ids if our_ids[i] > 1]
check(not missing, f"every seed section is in notes/ ({len(seed_ids)} ids); missing: {missing[:10]}")
check(not twice, f"each seed section exactly once; repeated: {twice[:10]}")
words = {}
for f in notes_files:
    for sid, n in ref_sections.section_words(f):
        words[sid] = n
short = sorted((words.get(i, 0), i) for i in seed_ids if words.get(i, 0) < 60)
check(not short, f"every section body has at least 60 words; short: {short[:10]}")
text = "\n".join(open(f, encoding="utf-8").read() for f in notes_files)
check("<img" not in text and not re.search(r"!\[[^\]]*\]\((?!https?:)", text),
      "notes show no images that are not shipped")

def shingles(t):
    w = re.findall(r"[a-z0-9]+", t.lower())
    return {" ".join(w[i:i + 8]) for i in range(len(w) - 7)}

seed_sh = shingles(open(seed_path, encoding="utf-8", errors="replace").read())
for folder, pattern in (("notes", "*.md"), ("questions", "*.yaml")):
    mine = set()
    for f in glob.glob(os.path.join(repo, folder, pattern)):
        mine |= shingles(open(f, encoding="utf-8").read())
    share = 100.0 * len(mine & seed_sh) / max(1, len(mine))
    check(mine and share < 1.0, f"{folder}/ shares {share:.2f}% of its 8-word runs with the seed (< 1%)")

# ---- bank (issue #5) ----
bank = []
for f in sorted(glob.glob(os.path.join(repo, "questions", "*.yaml"))):
    bank += yaml.safe_load(open(f, encoding="utf-8")) or []
n = len(bank)
check(n >= 520, f"at least 520 questions: {n}")
by_domain = collections.Counter(str(q["domain"]) for q in bank)
for d, w in (("1", 30), ("2", 26), ("3", 24), ("4", 20)):
    share = 100.0 * by_domain[d] / n
    check(abs(share - w) <= 2.0, f"domain {d}: {share:.1f}% within 2 points of {w}%")
by_task = collections.Counter(str(q["task"]) for q in bank)
tasks = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3", "4.4"]
low = {t: by_task[t] for t in tasks if by_task[t] < 12}
check(not low, f"every task statement has at least 12 questions; short: {low}")
multiple = [q for q in bank if q["type"] == "multiple"]
single = [q for q in bank if q["type"] == "single"]
share = 100.0 * len(multiple) / n
check(15 <= share <= 25, f"multiple response {share:.1f}% (15-25%)")
chooses = collections.Counter(q["choose"] for q in multiple)
check(chooses[2] > chooses[3] > 0 and set(chooses) <= {2, 3}, f"mostly choose 2, a few 3: {dict(chooses)}")
check(all(len(q["options"]) == 4 for q in single), "single-answer questions have exactly 4 options")
letters = collections.Counter(q["answer"] for q in single)
for l in "ABCD":
    s = 100.0 * letters[l] / len(single)
    check(20 <= s <= 30, f"key {l} on {s:.1f}% of single-answer questions (20-30%)")
diff = collections.Counter(q.get("difficulty") for q in bank)
check(set(diff) <= {"easy", "medium", "hard"}, f"difficulty set on every item: {dict(diff)}")
check(100.0 * diff["hard"] / n >= 25, f"hard {100.0 * diff['hard'] / n:.1f}% (>= 25%)")
check(all(q.get("explanation") and q.get("distractors") and
          sorted(q["distractors"]) == sorted(set(q["options"]) - set(
              [q["answer"]] if isinstance(q["answer"], str) else q["answer"])) for q in bank),
      "every question explains its key and each wrong option")
check(not [q["id"] for q in bank if re.search(r"all of the above|none of the above",
                                               " ".join(map(str, q["options"].values())), re.I)],
      "no 'all/none of the above'")
tagged = collections.Counter(s for q in bank for s in q["sections"])
thin = sorted(i for i in seed_ids if i not in NOT_TESTABLE and tagged[i] < 2)
check(not thin, f"every testable seed section tagged by at least 2 questions; thin: {thin}")

# Near-identical stems: Jaccard similarity of word 3-shingles. Scenario stems share stock
# phrases ("which solution meets these requirements"), so unrelated stems score below about
# 0.25; two wordings of one scenario score above 0.5. Fail above 0.5.
def tri(t):
    w = re.findall(r"[a-z0-9]+", t.lower())
    return {" ".join(w[i:i + 3]) for i in range(len(w) - 2)}
stems = [(q["id"], tri(q["stem"])) for q in bank]
worst, pair = 0.0, None
for i in range(len(stems)):
    a = stems[i][1]
    for j in range(i + 1, len(stems)):
        b = stems[j][1]
        if not a or not b:
            continue
        s = len(a & b) / len(a | b)
        if s > worst:
            worst, pair = s, (stems[i][0], stems[j][0])
check(worst <= 0.5, f"no near-identical stems: highest similarity {worst:.2f} {pair}")

# ---- the tool agrees: valid, and 8 disjoint full forms ----
p = subprocess.run([exe, "check", "--data", repo, "--format", "yaml"], capture_output=True, text=True)
check(p.returncode == 0, f"examforge check passes on the shipped data (exit {p.returncode})")
summary = yaml.safe_load(p.stdout) if p.stdout else {}
check(summary.get("forms", {}).get("disjoint", 0) >= 8,
      f"bank supports 8 disjoint forms: {summary.get('forms')}")
p = subprocess.run([exe, "check", "--data", repo, "-q", "--notes", seed_path], capture_output=True, text=True)
check(p.returncode == 0, "every section id of the bank resolves in the seed notes too")

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
