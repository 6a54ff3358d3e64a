#!/usr/bin/env bash
# Regenerates the whole-run parity fixtures: rnn4j writes the initial weights and every batch of five 300-step
# trainings (org.rnn4j.model.WholeRun), PyTorch trains the same modules on them (tools/whole_run_parity.py), and
# each step's loss and the final weights' norms and checksums land in
# rnn4j-core/src/test/resources/golden/whole_run/, which WholeRunParityTest compares rnn4j's own run with.
#   --dropout          the language model with dropout 0.3 over five seeds in each framework, compared by the mean
#                      and spread of the last epoch's loss (printed; no fixture).
#   --completion FILE  the first epoch of examples/completion on FILE (kjv-train.txt), dropout 0 (printed; no fixture).
#   --g2p FILE         the first epoch of examples/g2p with one layer on FILE (g2p-train.tsv), dropout 0 (printed).
#   --control [NAME..] the fixtures' runs (or those named) beside PyTorch from the same start moved by 1e-7 of itself,
#                      which tells a difference in the maths from a training that amplifies rounding (printed).
# Needs Debian's python3-torch (apt-get install -y python3-torch libopenblas0-pthread).
set -euo pipefail
cd "$(dirname "$0")/.."
dump=$(mktemp -d)
trap 'rm -rf "$dump"' EXIT
mvn -q -DskipTests install
mvn -q -pl rnn4j-core test-compile dependency:build-classpath -Dmdep.outputFile="$dump/classpath"
java=(java --add-modules jdk.incubator.vector -cp "rnn4j-core/target/classes:rnn4j-core/target/test-classes:$(cat "$dump/classpath")")
out=rnn4j-core/src/test/resources/golden/whole_run
control=()
case "${1:-}" in
  --completion|--g2p)
    [ -f "${2:-}" ] || { echo "whole-run-parity: $1 needs the training file (examples/fetch-data.sh writes it)" >&2; exit 2; }
    "${java[@]}" org.rnn4j.model.FileRun "$dump" "${1#--}" "$2" 2> >(grep -v 'incubator' >&2)
    out="$dump/out"
    control=(--control) ;;
  --control)
    "${java[@]}" org.rnn4j.model.WholeRun "$dump" "${@:2}" 2> >(grep -v 'incubator' >&2)
    out="$dump/out"
    control=(--control) ;;
  *)
    "${java[@]}" org.rnn4j.model.WholeRun "$dump" "$@" 2> >(grep -v 'incubator' >&2)
    if [ "${1:-}" = --dropout ]; then out="$dump/out"; fi ;;
esac
/usr/bin/python3 tools/whole_run_parity.py "$dump" "$out" "${control[@]}"
