#!/usr/bin/env python3
"""Seeded synthetic data for the benchmarks: a valid bank of N questions over 50 files with
notes to match, plus the blueprint; after `generate`, answer files for a key (one YAML file per
student, and all of them as one CSV).
usage: gen_data.py bank OUT_DIR [--questions 10000] [--seed 1]
       gen_data.py answers KEY.yaml OUT_DIR --students 100000 [--seed 2]"""
import argparse, os, random, shutil

WORDS = ("instance bucket policy replica subnet gateway queue stream table cluster function "
         "volume snapshot endpoint region zone role key certificate cache distribution record "
         "latency throughput durability availability encryption retention lifecycle archive "
         "capacity scaling budget savings workload tenant partition shard consumer producer").split()

def sentence(rnd, n):
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."

def bank(out, n, seed, repo):
    rnd = random.Random(seed)
    os.makedirs(f"{out}/questions", exist_ok=True)
    os.makedirs(f"{out}/notes", exist_ok=True)
    os.makedirs(f"{out}/templates", exist_ok=True)
    shutil.copy(os.path.join(repo, "templates", "saa-c03.yaml"), f"{out}/templates/saa-c03.yaml")
    sections = [f"topic-{i:04d}" for i in range(1000)]
    per_note = len(sections) // 20
    for f in range(20):
        with open(f"{out}/notes/{f:02d}-notes.md", "w") as fh:
            for s in sections[f * per_note:(f + 1) * per_note]:
                fh.write(f"## Topic {s[6:]}\n\n{sentence(rnd, 40)} {sentence(rnd, 30)}\n\n")
    tasks = {"1": ["1.1", "1.2", "1.3"], "2": ["2.1", "2.2"],
             "3": ["3.1", "3.2", "3.3", "3.4", "3.5"], "4": ["4.1", "4.2", "4.3", "4.4"]}
    weights = [("1", 30), ("2", 26), ("3", 24), ("4", 20)]
    per_file = n // 50
    q = 0
    for f in range(50):
        with open(f"{out}/questions/bank-{f:02d}.yaml", "w") as fh:
            for _ in range(per_file if f < 49 else n - per_file * 49):
                q += 1
                d = rnd.choices([w[0] for w in weights], [w[1] for w in weights])[0]
                multiple = rnd.random() < 0.2
                n_opt = 5 if multiple else 4
                letters = [chr(65 + i) for i in range(n_opt)]
                keys = sorted(rnd.sample(letters, 2)) if multiple else [rnd.choice(letters)]
                secs = rnd.sample(sections, rnd.randint(1, 3))
                fh.write(f"- id: q-{q:06d}\n  domain: \"{d}\"\n  task: \"{rnd.choice(tasks[d])}\"\n")
                fh.write(f"  sections: [{', '.join(secs)}]\n")
                fh.write(f"  type: {'multiple' if multiple else 'single'}\n")
                if multiple:
                    fh.write("  choose: 2\n")
                fh.write(f"  difficulty: {rnd.choice(['easy', 'medium', 'hard'])}\n")
                fh.write(f"  stem: |\n    {sentence(rnd, 20)}\n    {sentence(rnd, 15)} Which option q{q}?\n")
                fh.write("  options:\n")
                for i, l in enumerate(letters):
                    fh.write(f"    {l}: {sentence(rnd, 8)} ({q}.{i})\n")
                fh.write(f"  answer: {'[' + ', '.join(keys) + ']' if multiple else keys[0]}\n")
                fh.write(f"  explanation: >\n    {sentence(rnd, 25)}\n")
                fh.write("  distractors:\n")
                for l in letters:
                    if l not in keys:
                        fh.write(f"    {l}: {sentence(rnd, 10)}\n")

def answers(key_path, out, students, seed):
    import yaml
    key = yaml.load(open(key_path), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    rnd = random.Random(seed)
    os.makedirs(f"{out}/yaml", exist_ok=True)
    forms = key["forms"]
    n = len(forms[0]["items"])
    with open(f"{out}/class.csv", "w", newline="") as csv:
        csv.write("student,name,form," + ",".join(str(i) for i in range(1, n + 1)) + "\r\n")
        for s in range(students):
            form = forms[s % len(forms)]
            ability = 0.3 + 0.65 * rnd.random()
            cells = []
            for it in form["items"]:
                if rnd.random() < ability:
                    cells.append("".join(it["answer"]))
                else:
                    cells.append("".join(sorted(rnd.sample([chr(65 + i) for i in range(len(it["order"]))], it["choose"]))))
            sid = f"s{s:06d}"
            csv.write(f"{sid},Student {s},{form['form']}," + ",".join(cells) + "\r\n")
            sub = f"{out}/yaml/{s // 1000:03d}"
            if s % 1000 == 0:
                os.makedirs(sub, exist_ok=True)
            with open(f"{sub}/{sid}.yaml", "w") as fh:
                fh.write(f"student: {sid}\nname: Student {s}\nform: {form['form']}\nanswers:\n")
                for i, c in enumerate(cells, 1):
                    fh.write(f"  {i}: {c}\n")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["bank", "answers"])
    ap.add_argument("args", nargs="+")
    ap.add_argument("--questions", type=int, default=10000)
    ap.add_argument("--students", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repo", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    a = ap.parse_args()
    if a.what == "bank":
        bank(a.args[0], a.questions, a.seed, a.repo)
    else:
        answers(a.args[0], a.args[1], a.students, a.seed)

if __name__ == "__main__":
    main()
