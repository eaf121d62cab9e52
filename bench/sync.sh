#!/bin/bash
# planctl sync through real git (issue 20): a bare repository in /tmp and two clones of it; each clone
# records one completion with `planctl done` on its own item, A syncs (a push), B syncs (a merge: the
# driver's work), A syncs again (a fast-forward). Prints the CPU time (user+system, git's children
# included) and wall time of each sync.
#
#   bench/sync.sh SIZE [VENV] [ITEM_A ITEM_B]
#
# SIZE is a bench/gen.py size (M, L, 30k, XL), or the same with "1" after it (M1, L1…): that plan with
# tasks t5 and t7 written as one-line `{…}` items with their log inside (`log: [{…}, …]`). VENV is the
# virtual environment whose planctl runs (default: .venv of this checkout). Plans are kept in /tmp/planctl-sync-bench.
set -e
SIZE=$1; HERE=$(cd "$(dirname "$0")/.." && pwd); VENV=${2:-$HERE/.venv}; IA=${3:-t5}; IB=${4:-t8}
PL=$VENV/bin/planctl; PY=$VENV/bin/python
PLANS=/tmp/planctl-sync-bench; mkdir -p $PLANS
GEN=${SIZE%1}
[ -f $PLANS/$GEN.yaml ] || $PY $HERE/bench/gen.py $GEN $PLANS/$GEN.yaml
if [ "$GEN" != "$SIZE" ] && [ ! -f $PLANS/$SIZE.yaml ]; then
  $PY - $PLANS/$GEN.yaml $PLANS/$SIZE.yaml <<'PYEOF'
import re, sys
lines, out, i = open(sys.argv[1], encoding="utf-8").read().split("\n"), [], 0
while i < len(lines):
    m = re.fullmatch(r"      - id: (t5|t7)", lines[i])
    if not m:
        out.append(lines[i]); i += 1; continue
    pairs, log, i = [f"id: {m.group(1)}"], [], i + 1
    while i < len(lines) and lines[i].startswith("        "):
        s = lines[i].strip()
        (log.append(s[2:]) if s.startswith("- {") else pairs.append(s)) if s != "log:" else None
        i += 1
    out.append("      - {" + ", ".join(pairs + ([f"log: [{', '.join(log)}]"] if log else [])) + "}")
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
PYEOF
fi
D=$(mktemp -d /tmp/planctl-sync-bench-XXXXXX)
export HOME=$D/home GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.cn GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.cn
mkdir -p $HOME
git init -q --bare -b main $D/remote.git
git clone -q $D/remote.git $D/seed 2>/dev/null
cp $PLANS/$SIZE.yaml $D/seed/plan.yaml
echo "/plan.yaml merge=planctl" > $D/seed/.gitattributes
(cd $D/seed && git add -A && git commit -qm plan && git push -q origin main)
for c in a b; do git clone -q $D/remote.git $D/$c; (cd $D/$c && $PL git-setup >/dev/null 2>&1 && git checkout -q .gitattributes); done
(cd $D/a && $PL done $IA --by p001 --date 2009-04-10 --today 2009-04-12 --again -q)
(cd $D/b && $PL done $IB --by p002 --date 2009-04-10 --today 2009-04-12 --again -q)
(cd $D/a && /usr/bin/time -o $D/t1 -f "$SIZE A sync (push): CPU %U+%S s, wall %e s" $PL sync >/dev/null 2>&1; cat $D/t1)
(cd $D/b && /usr/bin/time -o $D/t2 -f "$SIZE B sync (merge): CPU %U+%S s, wall %e s" $PL sync >/dev/null 2>&1; cat $D/t2)
(cd $D/a && /usr/bin/time -o $D/t3 -f "$SIZE A sync (fast-forward): CPU %U+%S s, wall %e s" $PL sync >/dev/null 2>&1; cat $D/t3)
(cd $D/a && $PL check -q)
rm -rf $D
