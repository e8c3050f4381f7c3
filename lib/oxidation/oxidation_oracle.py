#!/usr/bin/python3
"""Oracle for lib/oxidation: compares oracle_driver's TSV with Debian's
pymatgen 2022.11.7 at test time.

Checks (tolerances in parentheses):
 1. Final states vs Composition.oxi_state_guesses() (first guess, on the
    reduced composition, where pymatgen gives an answer): per element, the
    occupancy-weighted average state equals pymatgen's (1e-3). Required
    agreement: >= 95% of the structures pymatgen answers.
 2. Our tier-3 algorithm on the same reduced composition equals pymatgen's
    first guess (1e-6), or both find none. Required: 100%.
 3. Bond-valence tier vs BVAnalyzer(distance_scale_factor=1).get_valences on
    ordered structures read by pymatgen's CifParser: the fraction of each
    element's sites in each state (1e-6), or both fail. Required: >= 95%.
 4. Every structure is accounted for: assigned, or failed with a reason.
Usage: oxidation_oracle.py REPORT.tsv [MAX_BV_STRUCTURES]
"""
import collections
import signal
import sys
import warnings

warnings.filterwarnings("ignore")
from pymatgen.analysis.bond_valence import BVAnalyzer  # noqa: E402
from pymatgen.core import Composition, Element  # noqa: E402
from pymatgen.io.cif import CifParser  # noqa: E402


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


signal.signal(signal.SIGALRM, on_alarm)


def parse_pairs(field):
    out = collections.OrderedDict()
    if field in ("-", "none", ""):
        return out
    for part in field.split(","):
        z, v = part.split(":")
        out[int(z)] = float(v)
    return out


def pymatgen_guess(comp_pairs):
    comp = Composition({Element.from_Z(z).symbol: a for z, a in comp_pairs.items()})
    signal.alarm(5)
    try:
        guesses = comp.oxi_state_guesses(max_sites=-1)
    except Timeout:
        return "timeout"
    except ValueError:
        return None
    finally:
        signal.alarm(0)
    if not guesses:
        return {}
    return {Element(sym).Z: v for sym, v in guesses[0].items()}


def main():
    rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
    max_bv = int(sys.argv[2]) if len(sys.argv) > 2 else 10**9
    tiers = collections.Counter()
    unaccounted = []
    answered = agree = 0
    impl_checked = impl_agree = 0
    bv_checked = bv_agree = 0
    no_answer = collections.Counter()
    for r in rows:
        path, status, tier, disordered, comp, states, reduced, bv_only, msg = r
        tiers[tier if status == "ok" else status] += 1
        if status != "ok" and not msg.strip():
            unaccounted.append(path)
        if status == "unreadable":
            continue
        comp_pairs = parse_pairs(comp)
        integral = all(abs(a - round(a)) < 1e-6 for a in comp_pairs.values())
        guess = pymatgen_guess(comp_pairs) if integral else None
        if guess is None or guess == "timeout" or guess == {}:
            no_answer["non-integer composition" if guess is None else
                       "timeout" if guess == "timeout" else "no balanced guess"] += 1
        else:
            answered += 1
            ours = parse_pairs(states) if status == "ok" else {}
            ok = status == "ok" and all(abs(ours[z] - v) < 1e-3 for z, v in guess.items())
            agree += ok
            if not ok:
                print(f"DIFF final {path} tier={tier} ours={dict(ours)} pymatgen={guess}")
        if integral and guess != "timeout":
            impl_checked += 1
            ours_red = parse_pairs(reduced) if reduced not in ("-", "none") else {}
            pm = guess or {}
            same = set(ours_red) == set(pm) and all(abs(ours_red[z] - pm[z]) < 1e-6 for z in pm)
            impl_agree += same
            if not same:
                print(f"DIFF guess {path} ours={dict(ours_red)} pymatgen={pm}")
        if disordered == "0" and bv_checked < max_bv:
            bv_checked += 1
            s = CifParser(path).get_structures(primitive=False)[0]
            try:
                vals = BVAnalyzer(distance_scale_factor=1).get_valences(s)
                pm = collections.Counter((site.specie.Z, v) for site, v in zip(s, vals))
            except ValueError:
                pm = None
            ours = None
            if bv_only not in ("-", "none"):
                ours = collections.Counter()
                for part in bv_only.split(","):
                    zs, rest = part.split(":")
                    st, n = rest.split("*")
                    ours[(int(zs), int(st))] = int(n)

            def frac(c):
                tot = collections.Counter()
                for (z, _), n in c.items():
                    tot[z] += n
                return {k: n / tot[k[0]] for k, n in c.items()}

            same = (pm is None and ours is None) or (
                pm is not None and ours is not None and
                set(frac(pm)) == set(frac(ours)) and
                all(abs(frac(pm)[k] - frac(ours)[k]) < 1e-6 for k in frac(pm)))
            bv_agree += same
            if not same:
                print(f"DIFF bv {path} ours={dict(ours or {})} pymatgen={dict(pm or {})}")
    print("per-tier counts:", dict(sorted(tiers.items())))
    print("structures without pymatgen answer:", dict(no_answer))
    rate = agree / answered if answered else 0.0
    print(f"final states vs oxi_state_guesses: {agree}/{answered} = {rate:.4f}")
    print(f"tier-3 algorithm vs oxi_state_guesses: {impl_agree}/{impl_checked}")
    bv_rate = bv_agree / bv_checked if bv_checked else 0.0
    print(f"bond valence vs BVAnalyzer: {bv_agree}/{bv_checked} = {bv_rate:.4f}")
    bad = False
    if unaccounted:
        print("unaccounted structures:", unaccounted)
        bad = True
    if answered == 0 or rate < 0.95:
        print("FAIL: agreement below 95%"); bad = True
    if impl_checked == 0 or impl_agree != impl_checked:
        print("FAIL: tier-3 algorithm differs from pymatgen"); bad = True
    if bv_checked == 0 or bv_rate < 0.95:
        print("FAIL: bond-valence agreement below 95%"); bad = True
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
