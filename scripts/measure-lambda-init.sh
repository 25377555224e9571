#!/usr/bin/env bash
# Measures the JVM Lambda's cold start without AWS: loads the handler class as the Lambda Java
# runtime does (Quarkus and Camel boot in its static initialiser) and invokes it once.
# Usage: ./mvnw package -Plambda -DskipTests && scripts/measure-lambda-init.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
jar=app/target-lambda/tributary-runner.jar
[ -f "$jar" ] || { echo "build it first: ./mvnw package -Plambda -DskipTests" >&2; exit 2; }
routes="$(cd app/target-lambda/classes/routes && pwd)"
for i in $(seq 1 "$runs"); do
  QUARKUS_PROFILE=lambda TRIBUTARY_ROUTES_DIR="$routes" \
  CAMEL_MAIN_ROUTES_INCLUDE_PATTERN="file:$routes/flows/*.camel.yaml" \
  TRIBUTARY_BUCKET=measure AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x \
  java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -cp "$jar" scripts/LambdaInit.java 2>/dev/null \
    | grep '^init'
done
