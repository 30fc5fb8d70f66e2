#!/usr/bin/env bash
# The console's browser tests drive Debian's headless Chromium through its chromedriver (packages chromium and
# chromium-driver). Run by the build before the tests: installs both when they are missing and this machine can
# (root, apt-get); otherwise it says how, and the browser tests fail with the same advice.
set -u
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium and chromium-driver for the browser tests (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null; } \
    || echo "Could not install chromium and chromium-driver; the browser tests will fail" >&2
else
  echo "The browser tests need Chromium and its driver: sudo apt-get install chromium chromium-driver" >&2
fi
exit 0
