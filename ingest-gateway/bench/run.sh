#!/usr/bin/env bash
# Gateway benchmark (not a test): unique signed TikTok deliveries at the gateway vs a bare WebFlux
# endpoint that only answers 200, same machine, same run. Prints accepted/s and p50/p99 for both.
# Without GATEWAY_URL it starts the embedded broker + registry + a gateway in one JVM (needs the
# PostgreSQL of the README at 127.0.0.1:5432). Env: GATEWAY_URL, REQUESTS, CONCURRENCY, WARMUP;
# JAVA_HOME must be a JDK 21+ (as for ./mvnw).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -pl ingest-gateway -am test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/ingest-gateway/target/bench.classpath" \
  -Dmdep.includeScope=test
CP="ingest-gateway/target/test-classes:ingest-gateway/target/classes:$(cat ingest-gateway/target/bench.classpath)"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:+UseSerialGC -cp "$CP" io.tracknow.gateway.bench.GatewayBench
