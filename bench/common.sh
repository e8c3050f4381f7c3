# Shell helpers the bench scripts source (not run on its own).

# The records' protobuf bytes after a stream's header, without framing
# (so format v1 and v2 streams of the same records compare equal).
records_part() {
  python3 -c '
import sys
b = open(sys.argv[1], "rb").read(); i = 0; out = []; crc = 0
while i < len(b):
    n = shift = 0
    while True:
        c = b[i]; n |= (c & 0x7f) << shift; shift += 7; i += 1
        if c < 0x80: break
    if not out and not crc:
        crc = 4 if b"ionscreen-stream-v2" in b[i:i + n] else 0
        out.append(b""); i += n + crc; continue
    out.append(b[i:i + n]); i += n + crc
sys.stdout.buffer.write(b"".join(out))' "$1"
}
