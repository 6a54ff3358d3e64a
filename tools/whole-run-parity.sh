#!/usr/bin/env bash
# Regenerates the whole-run parity fixtures: rnn4j writes the initial weights and every batch of four 300-step
# trainings (org.rnn4j.model.WholeRun), PyTorch trains the same modules on them (tools/whole_run_parity.py), and
# each step's loss and the final weights' norms and checksums land in
# rnn4j-core/src/test/resources/golden/whole_run/, which WholeRunParityTest compares rnn4j's own run with.
# With --dropout: the language model with dropout 0.3 over five seeds in each framework, compared by the mean and
# spread of the last epoch's loss (printed; no fixture).
# Needs Debian's python3-torch (apt-get install -y python3-torch libopenblas0-pthread).
set -euo pipefail
cd "$(dirname "$0")/.."
dump=$(mktemp -d)
trap 'rm -rf "$dump"' EXIT
mvn -q -DskipTests install
mvn -q -pl rnn4j-core test-compile dependency:build-classpath -Dmdep.outputFile="$dump/classpath"
java --add-modules jdk.incubator.vector -cp "rnn4j-core/target/classes:rnn4j-core/target/test-classes:$(cat "$dump/classpath")" \
  org.rnn4j.model.WholeRun "$dump" "$@" 2> >(grep -v 'incubator' >&2)
out=rnn4j-core/src/test/resources/golden/whole_run
if [ "${1:-}" = --dropout ]; then out="$dump/out"; fi
/usr/bin/python3 tools/whole_run_parity.py "$dump" "$out"
