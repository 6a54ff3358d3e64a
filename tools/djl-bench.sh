#!/usr/bin/env bash
# The DJL side of `rnn4j bench --compare-djl`: PyTorch 2.7 from Java, DJL 0.36 on libtorch 2.7.1 for the CPU, timed by
# org.rnn4j.bench.DjlBench. DJL, its JNI bridge and libtorch come from Maven Central as optional dependencies of
# rnn4j-bench (its natives with the profile djl); DJL runs offline and extracts libtorch from pytorch-native-cpu's jar into rnn4j-bench/target/djl-cache
# (never from its download site). Usage: tools/djl-bench.sh [--only W1,I1] [--threads 1,2] [--json OUT]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# one reactor run, so that rnn4j's own modules come from this checkout, not from ~/.m2 (the class path file is
# written per module, rnn4j-bench's last)
mvn -q -Pdjl -pl rnn4j-bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile="$root/rnn4j-bench/target/classpath.txt" >&2
# the version given is a prefix of the jar's (2.7.1-20250812), so DJL takes the jar's libtorch instead of downloading one
export PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu ENGINE_CACHE_DIR="$root/rnn4j-bench/target/djl-cache"
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
unset PYTORCH_LIBRARY_PATH OMP_NUM_THREADS MKL_NUM_THREADS
exec java --add-modules jdk.incubator.vector -Dai.djl.offline=true -Dai.djl.default_engine=PyTorch \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error \
    -cp "$root/rnn4j-bench/target/classes:$(cat "$root/rnn4j-bench/target/classpath.txt")" \
    org.rnn4j.bench.DjlBench "$@" 2> >(grep -v '^WARNING: Using incubator modules' >&2)
