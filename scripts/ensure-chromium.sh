#!/usr/bin/env bash
# Makes sure a headless Chromium and its ChromeDriver are there for the console's browser tests
# (app/src/test/.../ConsoleBrowserTest). Installs Debian's chromium and chromium-driver packages
# when they are missing. Called by the build (module app, before the tests, when
# /usr/bin/chromedriver is not there) and by .ci/run. Elsewhere: install Chromium and a ChromeDriver
# of the same version, and give their paths with -Dbrowser.chromium=... -Dbrowser.chromedriver=...
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The console's browser tests need Chromium and ChromeDriver; install them (or give -Dbrowser.chromium=PATH" \
       "-Dbrowser.chromedriver=PATH) and retry." >&2
  exit 1
fi
echo "Installing chromium and chromium-driver (Debian packages) for the console's browser tests..." >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
chromium --version >&2
