#!/bin/sh
# Regenerates the encoding fixtures from the bundled sample with ICU's uconv
# (Debian: icu-devtools). The Big5-HKSCS one is the sample transliterated to
# Traditional script by ICU's Simplified-Traditional transform, then encoded.
set -eu
cd "$(dirname "$0")"
src=../../../sample/000_d3a17d0daa653c78.txt
uconv -f utf-8 -t gb18030 "$src" > sample.gb18030.txt
uconv -f utf-8 -t utf-16le --add-signature "$src" > sample.utf16.txt
uconv -f utf-8 -x Simplified-Traditional -t big5-hkscs "$src" > sample.big5hkscs.txt
