#!/usr/bin/env bash
# Install everything the test suite needs: GNU gettext (msgfmt, the judge of PO validity),
# Chromium (browser tests, driven by Playwright's Python API: never `playwright install`),
# Java + the Nu HTML checker (HTML5 validation), axe-core (accessibility), cmark-gfm and
# Pandoc (renderer matrix), epubcheck and poppler-utils (the book tests), and a virtual
# environment with diptych and its test, cluster and books extras. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# Markdown renderers of the renderer matrix (tests/test_renderer_matrix.py)
command -v cmark-gfm >/dev/null 2>&1 || missing+=(cmark-gfm)
command -v pandoc >/dev/null 2>&1 || missing+=(pandoc)
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
.venv/bin/pip install -q -e '.[test,cluster,books]'  # cluster: Ray (tests/test_cluster.py); books: Typst

if command -v npm >/dev/null 2>&1 && [ ! -f .venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar ]; then
  npm install --silent --no-audit --no-fund --prefix .venv/vnu vnu-jar >/dev/null 2>&1 \
    || echo "setup: could not install vnu-jar (HTML validation test will be skipped)" >&2
fi

# axe-core: the accessibility rules the review page's browser test runs (tests/test_serve_browser.py)
if command -v npm >/dev/null 2>&1 && [ ! -f .venv/axe/node_modules/axe-core/axe.min.js ]; then
  npm install --silent --no-audit --no-fund --prefix .venv/axe axe-core >/dev/null 2>&1 \
    || echo "setup: could not install axe-core (the accessibility check will be skipped)" >&2
fi
