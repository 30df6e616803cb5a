#!/bin/sh
# extract.sh SEEDS_DIR OUT_DIR — writes the two example programs of the seed
# documents, untouched but for HTML unescaping, to OUT_DIR/send_client.c
# (from the `send` page, 000) and OUT_DIR/wsasend_server.c (from the
# `WSASend` page source, 004).  Exits 77 when the seeds are absent.
set -eu
seeds=$1 out=$2
client_doc=$(ls "$seeds"/000_*.txt 2>/dev/null | head -n 1 || true)
server_doc=$(ls "$seeds"/004_*.txt 2>/dev/null | head -n 1 || true)
[ -n "$client_doc" ] && [ -n "$server_doc" ] || exit 77

# The send page's first ```cpp block is its example program.
awk '/^```cpp/ { if (!done) { inside = 1; next } }
     /^```/ { if (inside) { inside = 0; done = 1 } }
     inside' "$client_doc" > "$out/send_client.c"

# The WSASend page's example is the <pre> block that starts the program.
awk '/<pre>#ifndef WIN32_LEAN_AND_MEAN/ { inside = 1; sub(/.*<pre>/, "") }
     /<\/pre>/ { if (inside) { sub(/<\/pre>.*/, ""); print; inside = 0; exit } }
     inside' "$server_doc" |
  sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e 's/&amp;/\&/g' > "$out/wsasend_server.c"

grep -q 'int main' "$out/send_client.c" && grep -q 'main()' "$out/wsasend_server.c"
