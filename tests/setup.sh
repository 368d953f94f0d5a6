#!/usr/bin/env bash
# Install everything the test suite needs: GNU gettext (msgfmt, the judge of PO validity),
# Chromium (browser test), Java + the Nu HTML checker (HTML5 validation), epubcheck and
# poppler-utils (the book tests), and a virtual environment with diptych and its test and
# books extras. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v epubcheck >/dev/null 2>&1 || missing+=(epubcheck)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: please install ${missing[*]} (tests that need them will be skipped)" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q -e '.[test,books]'

if command -v npm >/dev/null 2>&1 && [ ! -f .venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar ]; then
  npm install --silent --no-audit --no-fund --prefix .venv/vnu vnu-jar >/dev/null 2>&1 \
    || echo "setup: could not install vnu-jar (HTML validation test will be skipped)" >&2
fi
