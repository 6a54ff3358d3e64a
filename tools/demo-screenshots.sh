#!/usr/bin/env bash
# The README's screenshots of the demo site (docs/images/demo-*.png): serves models/ (the applications' models,
# written by examples/<name>/train.sh) and drives each tab in headless Chromium (Debian's chromium, chromium-driver).
# Arguments name the tabs to take (default: classify complete translate caption visualise).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
port=${PORT:-8097}
mkdir -p target
mvn -q -pl rnn4j-cli dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/target/screenshots.classpath" >/dev/null
./rnn4j serve --models models --port "$port" > target/screenshots-serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 60); do curl -sf "localhost:$port/health" >/dev/null && break; sleep 1; done
mkdir -p target && java -cp "$(cat target/screenshots.classpath)" tools/DemoScreenshots.java "http://127.0.0.1:$port" docs/images "$@"
