#!/usr/bin/env bash
# Makes sure node and npm are on the PATH (kinesis-local, the Kinesis emulator, runs on node).
# Installs Debian's nodejs and npm packages when they are missing. Called by the build (module
# local-aws, when kinesis-local is not installed yet), by ./tributary and by .ci/run.
set -euo pipefail
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Tributary needs Node.js (node and npm) for its local Kinesis emulator; install it and retry." >&2
  exit 1
fi
echo "Installing node and npm (Debian packages nodejs, npm) for the local Kinesis emulator..." >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
node --version >&2
