"""Unit tests of the ionscreen Python package (no shared data needed).

usage: ionscreen_test.py CIF2PROTO RECORDS CIF_DIR   (run by ionscreen_test.sh)

The reader's errors are checked against the C++ reader's: the same corrupt
bytes given to `records` must give the same message.
"""
import io
import os
import struct
import subprocess
import sys
import tempfile
import unittest
import warnings
import zlib

warnings.filterwarnings("ignore")

import ionscreen  # noqa: E402

CIF2PROTO, RECORDS, CIF_DIR = sys.argv[1:4]
del sys.argv[1:4]
TMP = os.environ.get("TEST_TMPDIR") or tempfile.mkdtemp()


def run(cmd, stdin=None):
    return subprocess.run(cmd, input=stdin, capture_output=True)


def crystals():
    """A cif2proto stream of the three test CIFs (one disordered)."""
    path = os.path.join(TMP, "test.crystals")
    if not os.path.exists(path):
        cifs = sorted(os.path.join(CIF_DIR, f) for f in os.listdir(CIF_DIR)
                      if f.endswith(".cif"))
        r = run([CIF2PROTO] + cifs)
        assert r.returncode == 0, r.stderr.decode()
        with open(path, "wb") as f:
            f.write(r.stdout)
    return path


def cpp_error(data):
    """The C++ reader's message for a stream holding `data` (name "S")."""
    path = os.path.join(TMP, "S")
    with open(path, "wb") as f:
        f.write(data)
    r = run([RECORDS, "--format=json", path])
    if r.returncode == 0:
        return None
    msg = r.stderr.decode().strip().splitlines()[-1]
    assert msg.startswith("records: "), msg
    return msg[len("records: "):].replace(path, "S")


def py_error(data):
    try:
        for _ in ionscreen.read(io.BytesIO(data)):
            pass
    except ionscreen.StreamError as e:
        return str(e).replace("<stream>", "S"), e
    return None, None


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


class ReadTest(unittest.TestCase):
    def test_reads_cif2proto_stream_with_header(self):
        s = ionscreen.read(crystals())
        self.assertEqual(s.header.magic, ionscreen.MAGIC)
        self.assertEqual(s.header.record_type, "ionscreen.crystal.Crystal")
        self.assertEqual(s.header.provenance[0].tool, "cif2proto")
        ids = [c.id for c in s]
        self.assertEqual(ids, ["LiF", "LiMg3_unbalanced", "Li3PS4_disordered"]
                         if ids[0] == "LiF" else sorted(ids))
        self.assertEqual(len(ids), 3)
        self.assertEqual(s.records_read, 3)

    def test_record_type_is_checked(self):
        with self.assertRaises(ionscreen.RecordTypeError) as cm:
            ionscreen.read(crystals(), record_type="Score")
        self.assertIn("stream holds ionscreen.crystal.Crystal records, expected "
                      "ionscreen.score.Score", str(cm.exception))
        n = sum(1 for _ in ionscreen.read(crystals(), record_type=ionscreen.crystal_pb2.Crystal))
        self.assertEqual(n, 3)

    def test_errors_match_the_cpp_reader(self):
        with open(crystals(), "rb") as f:
            data = f.read()
        # Offsets of each length prefix: header, then records.
        starts, pos = [], 0
        while pos < len(data):
            starts.append(pos)
            n, shift, i = 0, 0, pos
            while True:
                b = data[i]
                n |= (b & 0x7F) << shift
                shift += 7
                i += 1
                if not b & 0x80:
                    break
            pos = i + n + 4  # format v2: a CRC-32 after each frame
        self.assertEqual(len(starts), 4)
        flipped = bytearray(data)
        flipped[starts[2] + 30] ^= 0x01
        cases = {
            "empty": b"",
            "wrong magic": b"\x07garbage",
            "inside header": data[:starts[1] - 3],
            "inside record body": data[:starts[2] + 40],
            "inside length prefix": data[:starts[3]] + b"\x85",
            "bad varint": data + b"\xff\xff\xff\xff\xff\x01",
            "huge length": data + varint((256 << 20) + 1),
            "truncated last record": data[:-1],
            "corrupt record": data + b"\x02\xff\xff"
                              + struct.pack("<I", zlib.crc32(b"\xff\xff")),
            "flipped byte in a record": bytes(flipped),
            "flipped byte in the header": data[:starts[1] - 6]
                                          + bytes([data[starts[1] - 6] ^ 0x10])
                                          + data[starts[1] - 5:],
        }
        for what, bad in cases.items():
            with self.subTest(what):
                want = cpp_error(bad)
                got, exc = py_error(bad)
                self.assertIsNotNone(want, f"C++ accepted {what}")
                self.assertEqual(got, want)
        _, exc = py_error(bytes(flipped))
        self.assertIsInstance(exc, ionscreen.DataLossError)
        self.assertEqual((exc.offset, exc.record), (starts[2], 1))
        self.assertIn("checksum mismatch", str(exc))
        _, exc = py_error(data[:starts[2] + 40])
        self.assertIsInstance(exc, ionscreen.DataLossError)
        self.assertEqual(exc.offset, starts[2])
        self.assertEqual(exc.record, 1)
        # A clean cut at a record boundary is a shorter, valid stream.
        self.assertEqual(cpp_error(data[:starts[3]]), None)
        self.assertEqual(len(list(ionscreen.read(io.BytesIO(data[:starts[3]])))), 2)

    def test_write_is_read_by_cpp(self):
        records = list(ionscreen.read(crystals()))
        header = ionscreen.read_header(crystals())
        path = os.path.join(TMP, "rewritten.crystals")
        ionscreen.write(path, records, header=header)
        with open(path, "rb") as a, open(crystals(), "rb") as b:
            self.assertEqual(a.read(), b.read())


class ConvertTest(unittest.TestCase):
    def disordered(self):
        for c in ionscreen.read(crystals()):
            if c.id == "Li3PS4_disordered":
                return c
        raise AssertionError("no Li3PS4_disordered")

    def test_pymatgen_keeps_partial_occupancy_and_oxidation(self):
        from pymatgen.core import Species
        c = self.disordered()
        s = ionscreen.to_pymatgen(c)
        self.assertEqual(len(s), len(c.sites))
        self.assertFalse(s.is_ordered)
        mixed = [site for site in s if len(site.species) > 1]
        self.assertTrue(mixed)
        self.assertEqual({str(k): v for k, v in mixed[0].species.items()},
                         {"Li+": 0.5, "Na+": 0.5})
        self.assertIsInstance(next(iter(mixed[0].species)), Species)
        self.assertEqual(s.site_properties["label"][0], c.sites[0].label)
        plain = ionscreen.to_pymatgen(c, oxidation=False)
        self.assertEqual(plain.composition.reduced_formula, c.reduced_formula)

    def test_ase_dominant_occupant_and_occupancy_info(self):
        import ase.io
        c = self.disordered()
        atoms = ionscreen.to_ase(c)
        self.assertEqual(len(atoms), len(c.sites))
        for i, site in enumerate(c.sites):
            sym, occ, oxi = ionscreen.dominant_occupant(site)
            self.assertEqual(atoms[i].symbol, sym)
            self.assertEqual(atoms.get_initial_charges()[i], oxi)
            self.assertAlmostEqual(sum(atoms.info["occupancy"][str(i)].values()),
                                   sum(o.occupancy for o in site.occupants))
        s = ionscreen.to_pymatgen(c)
        self.assertLess(abs(atoms.get_positions() - s.cart_coords).max(), 1e-10)
        # ASE's CIF writer expands the occupancies back (spacegroup_kinds).
        path = os.path.join(TMP, "ase.cif")
        ase.io.write(path, atoms, format="cif")
        from pymatgen.io.cif import CifParser
        back = CifParser(path).get_structures(primitive=False)[0]
        want = s.composition.element_composition
        self.assertGreater(want["Na"], 0)
        for el in ("Li", "Na"):
            self.assertAlmostEqual(back.composition.element_composition[el], want[el],
                                   places=6)


class DataFrameTest(unittest.TestCase):
    def test_crystal_frame(self):
        df = ionscreen.to_dataframe(crystals())
        self.assertEqual(len(df), 3)
        self.assertEqual(df.attrs["header"]["record_type"], "ionscreen.crystal.Crystal")
        row = df.set_index("id").loc["Li3PS4_disordered"]
        self.assertTrue(row["disordered"])
        self.assertAlmostEqual(row["volume_angstrom3"], 216.0, places=9)

    def test_descriptor_frame_uses_feature_labels(self):
        pb = ionscreen.descriptor_pb2
        h = ionscreen.stream_pb2.StreamHeader()
        h.feature_labels.extend(["a", "b", "a"])
        recs = []
        for i in range(4):
            r = pb.DescriptorRecord(id=f"x{i}", representation="CAN", mp_id=f"mp-{i}")
            r.values.extend([i, 2.0 * i, -i])
            r.icsd_ids.extend([10, 11] if i == 0 else [])
            recs.append(r)
        buf = io.BytesIO()
        ionscreen.write(buf, recs, header=h)
        buf.seek(0)
        df = ionscreen.to_dataframe(buf)
        self.assertEqual(list(df.columns),
                         ["id", "representation", "mp_id", "icsd_ids", "a", "b", "a#2"])
        self.assertEqual(df["icsd_ids"][0], "10;11")
        self.assertEqual(df["b"].tolist(), [0.0, 2.0, 4.0, 6.0])


if __name__ == "__main__":
    unittest.main(verbosity=2)
