#!/usr/bin/env bash
# Runs one of rnn4j-spark's spark-submit classes without a Spark installation: Spark in local mode on this machine's
# cores, from the module's Maven dependencies. Usage: rnn4j-spark/run-local.sh org.rnn4j.spark.Predict MODEL INPUT OUTPUT
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
mvn -q -pl rnn4j-spark -am package -DskipTests
mvn -q -pl rnn4j-spark dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$here/target/classpath.txt" >/dev/null
flags=$(sed -n 's:.*<spark.flags>\(.*\)</spark.flags>.*:\1:p' "$here/pom.xml")
class=$1; shift
exec java --add-modules jdk.incubator.vector $flags -Dspark.master="local[*]" -Dspark.ui.enabled=false \
    -cp "$here/target/rnn4j-spark.jar:$(cat "$here/target/classpath.txt")" "$class" "$@"
