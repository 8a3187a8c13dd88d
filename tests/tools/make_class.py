#!/usr/bin/env python3
"""Simulate a class answering a generated exam: each student has an ability (chance of
knowing an item) and guesses otherwise; some leave blanks. Seeded, so reproducible.
usage: make_class.py KEY.yaml OUT_DIR --students N [--seed S] [--csv FILE] [--yaml]"""
import argparse, os, random, yaml

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("key")
    ap.add_argument("out")
    ap.add_argument("--students", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--csv", help="also write all students as one CSV file")
    ap.add_argument("--yaml", action="store_true", help="write one YAML file per student")
    a = ap.parse_args()
    key = yaml.safe_load(open(a.key, encoding="utf-8"))
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    first = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia",
             "Tim", "Margaret", "Dennis", "Katherine", "John", "Hedy", "Linus"]
    last = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson",
            "Perlman", "Berners-Lee", "Hamilton", "Ritchie", "Johnson", "Backus", "Lamarr"]
    rows = []
    for s in range(a.students):
        form = key["forms"][s % len(key["forms"])]
        ability = 0.35 + 0.6 * rnd.random()
        answers = {}
        for item in form["items"]:
            n = len(item["order"])
            if rnd.random() < 0.03:
                continue  # blank
            if rnd.random() < ability:
                picked = item["answer"]
            else:
                picked = sorted(rnd.sample([chr(65 + i) for i in range(n)], item["choose"]))
            answers[item["number"]] = "".join(picked)
        sid = f"s{s + 1:04d}"
        name = f"{rnd.choice(first)} {rnd.choice(last)}"
        rows.append((sid, name, form["form"], form, answers))
        if a.yaml:
            doc = {"student": sid, "name": name, "form": form["form"],
                   "answers": {k: (list(v) if len(v) > 1 else v) for k, v in answers.items()}}
            with open(os.path.join(a.out, f"{sid}.yaml"), "w", encoding="utf-8") as f:
                yaml.safe_dump(doc, f, sort_keys=False, allow_unicode=True)
    if a.csv:
        n = max(len(f["items"]) for f in key["forms"])
        with open(a.csv, "w", encoding="utf-8", newline="") as f:
            f.write("student,name,form," + ",".join(str(i) for i in range(1, n + 1)) + "\r\n")
            for sid, name, form, fm, answers in rows:
                cells = [answers.get(i, "") for i in range(1, n + 1)]
                f.write(f"{sid},\"{name}\",{form}," + ",".join(cells) + "\r\n")

if __name__ == "__main__":
    main()
