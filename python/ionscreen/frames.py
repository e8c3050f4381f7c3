"""Streams as pandas DataFrames (Debian's python3-pandas).

One row per record, except where a record is itself a table:

| record type      | a row is                  | columns |
|------------------|---------------------------|---------|
| DescriptorRecord | a structure               | id, representation, mp_id, icsd_ids, then one column per feature named by the header's feature labels |
| BvseResult       | a structure               | its scalar fields, icsd_ids, hop_* when a hop path was computed (the grid is left out) |
| Crystal          | a structure               | id, formula, sites, atoms, volume, space group, properties, disorder |
| Score            | a (record, k) level       | record, the Score's scalar fields, then k, num_clusters, w, controls |
| Clustering       | a (record, item)          | record, id, mp_id, icsd_ids, then cluster_k<k>: the 1-based cluster of the item in the cut at k |

icsd_ids are joined with ";" ("" when none). Unset optional numbers are
NaN. The stream header goes to `df.attrs["header"]` (record type, its
parameters, feature labels and provenance) so a frame keeps where it came
from.
"""
from google.protobuf.descriptor import FieldDescriptor

from ionscreen.stream import read


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - pandas is in tools/setup.sh
        raise ImportError("ionscreen.to_dataframe needs pandas (Debian: "
                          "python3-pandas; tools/setup.sh installs it)") from e
    return pandas


def _scalars(message, prefix=""):
    """Non-repeated, non-message fields as a dict (unset optionals: NaN)."""
    out = {}
    for f in message.DESCRIPTOR.fields:
        if f.label == FieldDescriptor.LABEL_REPEATED or f.type == FieldDescriptor.TYPE_MESSAGE:
            continue
        if f.has_presence and not message.HasField(f.name):
            value = float("nan")
        elif f.type == FieldDescriptor.TYPE_ENUM:
            value = f.enum_type.values_by_number[getattr(message, f.name)].name
        else:
            value = getattr(message, f.name)
        out[prefix + f.name] = value
    return out


def _icsd(ids):
    return ";".join(str(i) for i in ids)


def _unique(names):
    seen, out = {}, []
    for n in names:
        if n in seen:
            seen[n] += 1
            n = f"{n}#{seen[n]}"
        seen.setdefault(n, 1)
        out.append(n)
    return out


def _header_attrs(header):
    return {
        "record_type": header.record_type,
        "parameters": dict(header.parameters),
        "feature_labels": list(header.feature_labels),
        "provenance": [
            {"tool": p.tool, "version": p.version, "flags": list(p.flags),
             "comment": p.comment} for p in header.provenance],
    }


def _varint(data, pos):
    value, shift = 0, 0
    while True:
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return value, pos


def _packed_doubles(data, field_number, np):
    """A packed repeated double field read straight from a message's bytes
    (iterating the protobuf container costs ~0.5 µs per value); None when
    the field is not (only) packed."""
    chunks, pos, n = [], 0, len(data)
    while pos < n:
        key, pos = _varint(data, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            _, pos = _varint(data, pos)
        elif wire == 1:
            if field == field_number:
                return None  # unpacked element
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == 2:
            length, pos = _varint(data, pos)
            if field == field_number:
                chunks.append(np.frombuffer(data, dtype="<f8", count=length // 8, offset=pos))
            pos += length
        else:
            return None
    if not chunks:
        return np.zeros(0)
    return np.concatenate(chunks) if len(chunks) > 1 else chunks[0]


def _descriptors(stream, pd):
    import numpy as np
    field = stream.record_class.DESCRIPTOR.fields_by_name["values"].number
    meta, values = [], []
    dim = None
    while True:
        try:
            r, data = stream.next_with_bytes()
        except StopIteration:
            break
        if dim is None:
            dim = len(r.values)
        elif len(r.values) != dim:
            raise ValueError(f"{stream.name}: record {stream.records_read - 1} ({r.id}) "
                             f"has {len(r.values)} values, the first had {dim}")
        meta.append({"id": r.id, "representation": r.representation,
                     "mp_id": r.mp_id, "icsd_ids": _icsd(r.icsd_ids)})
        row = _packed_doubles(data, field, np)
        if row is None or len(row) != len(r.values):
            row = np.fromiter(r.values, dtype=float, count=len(r.values))
        values.append(row)
    labels = list(stream.header.feature_labels)
    if dim is None:
        dim = len(labels)
    if len(labels) != dim:
        labels = [f"f{i}" for i in range(dim)]
    columns = _unique(["id", "representation", "mp_id", "icsd_ids"] + labels)
    matrix = np.vstack(values) if values else np.zeros((0, dim))
    df = pd.DataFrame(matrix, columns=columns[4:])
    front = pd.DataFrame(meta, columns=["id", "representation", "mp_id", "icsd_ids"])
    return pd.concat([front, df], axis=1)


def _bvse(stream, pd):
    rows = []
    for r in stream:
        row = _scalars(r)
        row["icsd_ids"] = _icsd(r.icsd_ids)
        if r.HasField("hop"):
            row.update({k if k.startswith("hop_") else "hop_" + k: v
                        for k, v in _scalars(r.hop).items()})
        rows.append(row)
    return pd.DataFrame(rows)


def _crystals(stream, pd):
    from ionscreen.convert import _lattice_rows
    import numpy as np
    rows = []
    for c in stream:
        occ = [o.occupancy for s in c.sites for o in s.occupants]
        disordered = any(len(s.occupants) > 1 or s.occupants[0].occupancy < 1 - 1e-6
                         for s in c.sites if s.occupants)
        try:
            volume = abs(float(np.linalg.det(np.array(_lattice_rows(c)))))
        except ValueError:
            volume = float("nan")
        rows.append({
            "id": c.id, "reduced_formula": c.reduced_formula,
            "representation": c.representation or "none", "mp_id": c.mp_id,
            "icsd_ids": _icsd(c.icsd_ids), "sites": len(c.sites),
            "atoms": float(sum(occ)), "volume_angstrom3": volume,
            "space_group": c.space_group.hermann_mauguin,
            "space_group_number": c.space_group.number,
            "e_above_hull_ev": c.e_above_hull_ev if c.HasField("e_above_hull_ev") else float("nan"),
            "band_gap_ev": c.band_gap_ev if c.HasField("band_gap_ev") else float("nan"),
            "oxidation_tier": _scalars(c)["oxidation_tier"],
            "disordered": disordered,
            "source_file": c.source.file,
        })
    return pd.DataFrame(rows)


def _scores(stream, pd):
    rows = []
    for i, s in enumerate(stream):
        base = {"record": i, **_scalars(s)}
        for level in s.levels:
            rows.append({**base, **_scalars(level)})
    return pd.DataFrame(rows)


def _clusterings(stream, pd):
    frames = []
    for i, c in enumerate(stream):
        n = len(c.ids)
        data = {
            "record": [i] * n,
            "id": list(c.ids),
            "mp_id": list(c.mp_ids) if len(c.mp_ids) == n else [""] * n,
            "icsd_ids": ([_icsd(x.icsd_ids) for x in c.icsd_ids]
                         if len(c.icsd_ids) == n else [""] * n),
        }
        for cut in c.cuts:
            if len(cut.assignment) != n:
                raise ValueError(f"{stream.name}: record {i}: the cut at k={cut.k} "
                                 f"assigns {len(cut.assignment)} items, not {n}")
            data[f"cluster_k{cut.k}"] = list(cut.assignment)
        frames.append(pd.DataFrame(data))
    if not frames:
        return pd.DataFrame(columns=["record", "id", "mp_id", "icsd_ids"])
    return pd.concat(frames, ignore_index=True)


_BUILDERS = {
    "ionscreen.describe.DescriptorRecord": _descriptors,
    "ionscreen.bvse.BvseResult": _bvse,
    "ionscreen.crystal.Crystal": _crystals,
    "ionscreen.score.Score": _scores,
    "ionscreen.cluster.Clustering": _clusterings,
}


def to_dataframe(source):
    """A pandas DataFrame of a Descriptor, Score, BvseResult, Clustering or
    Crystal stream (path, "-" or binary file); see the module docstring for
    the rows and columns of each."""
    pd = _pandas()
    with read(source) as stream:
        df = _BUILDERS[stream.header.record_type](stream, pd)
        df.attrs["header"] = _header_attrs(stream.header)
    return df
