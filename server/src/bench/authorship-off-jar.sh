#!/bin/bash
# The server jar of a commit with authorship tracking switched off, the "without" arm of
# authorship's cost on tput1doc (issue 17; docs/performance.md "Authorship on a quiet machine"):
# LiveAuthorship applies no op and snapshots carry the spans of an empty text. For this
# measurement only; built from `git archive` of REV in a scratch directory, offline.
# Usage: authorship-off-jar.sh REV OUT_JAR   (run inside the repository)
set -eu
rev=$1; out=$2; t=$(mktemp -d)
git archive "$rev" | tar -x -C "$t"
python3 - "$t/server/src/main/java/dev/quire/server/document/LiveAuthorship.java" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
for old, new in [
    ("    void applied(TextOperation op, OpRecord record) {\n        current.apply(",
     "    void applied(TextOperation op, OpRecord record) {\n        if (true) return;\n        current.apply("),
    ("        if (durable != null) {\n            durable.apply(",
     "        if (durable != null && false) {\n            durable.apply("),
    ("        return AuthorshipText.encode(current);",
     "        return AuthorshipText.encode(Authorship.empty());"),
]:
    assert old in s, "LiveAuthorship changed: " + old
    s = s.replace(old, new)
open(p, "w").write(s)
PY
(cd "$t" && mvn -B -o -q -pl ot-core,web-editor,server package -DskipTests -Dnpm.executable=true \
  -Dspotless.check.skip=true > build.log 2>&1) || { tail -30 "$t/build.log"; exit 1; }
cp "$t/server/target/quire-server.jar" "$out"; rm -rf "$t"; echo "built $out"
