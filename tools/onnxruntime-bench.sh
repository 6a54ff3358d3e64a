#!/usr/bin/env bash
# The ONNX Runtime side of `rnn4j bench --compare-onnxruntime`: exports the inference workloads' PyTorch models
# to ONNX (tools/onnx_export.py), then times them with ONNX Runtime for Java (org.rnn4j.bench.OnnxRuntimeBench,
# ONNX Runtime from Maven Central on its class path), on PyTorch's export or, with --source rnn4j, on rnn4j's own.
# Usage: tools/onnxruntime-bench.sh [--only I1,I2,I3] [--threads 1,2] [--source pytorch|rnn4j] [--json OUT]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
models="$root/rnn4j-bench/target/onnx"
# `rnn4j bench` starts this script once per inference workload: export only when a model is missing or older than
# the scripts that build it
if [ ! -f "$models/lstm.onnx" ] || [ ! -f "$models/seq2seq.onnx" ] \
   || [ -n "$(find tools/onnx_export.py tools/pytorch_bench.py tools/rnn4j_reference.py -newer "$models/seq2seq.onnx" 2>/dev/null)" ]; then
  /usr/bin/python3 tools/onnx_export.py "$models" >&2
fi
# one reactor run, so that rnn4j's own modules come from this checkout, not from ~/.m2; the class path file is written
# per module, rnn4j-bench's last
mvn -q -pl rnn4j-bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile="$root/rnn4j-bench/target/classpath.txt" >&2
exec java --add-modules jdk.incubator.vector -cp "$root/rnn4j-bench/target/classes:$(cat "$root/rnn4j-bench/target/classpath.txt")" \
    org.rnn4j.bench.OnnxRuntimeBench "$models" "$@" 2> >(grep -v '^WARNING: Using incubator modules' >&2)
