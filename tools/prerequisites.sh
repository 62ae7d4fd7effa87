#!/usr/bin/env bash
# The machine's prerequisites of `npm test`, checked in its first seconds (README: "Run it and
# test it"): Java for DynamoDB Local and Debian's Chromium for the Playwright runs. Missing ones
# are installed with apt when this runs as root with apt-get (as on CI); otherwise it stops at
# once with one line naming the exact command. .ci/run relies on it through `npm test`.
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  :
elif ! command -v java >/dev/null 2>&1; then
  missing+=(openjdk-17-jre-headless)
fi
[ -x "$chromium" ] || missing+=(chromium)

[ "${#missing[@]}" -eq 0 ] && exit 0

command_line="sudo apt-get update && sudo apt-get install -y ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "npm test: installing ${missing[*]} (Java for DynamoDB Local, Chromium for the e2e runs)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  exit 0
fi
echo "npm test needs ${missing[*]} (Java for DynamoDB Local, Chromium for the e2e runs): run \`$command_line\`" >&2
exit 1
