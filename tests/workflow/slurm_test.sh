#!/bin/bash
# The workflow's test configuration through the SLURM profile
# (workflow/profiles/slurm, Snakemake's native --slurm executor) on a real,
# private SLURM started here: munged + slurmctld + slurmd from Debian's
# munge and slurm-wlm, on 127.0.0.1, with a throwaway key, config, state and
# ports under a temporary directory. Checks that every non-local job went
# through sbatch and completed, that SLURM got the profile's per-rule
# resources, and that the outputs equal a local run's. The daemons are
# always stopped on exit.
#
# Needs root (slurmd launches jobs as the submitting user) and the Debian
# packages slurm-wlm and munge (tools/setup.sh installs them); fails, never
# skips, without them.
set -uo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
if [ -z "${SHARED_DIR:-}" ] || [ ! -d "$SHARED_DIR/data/mp/cif" ]; then
  echo "FAIL: needs the shared data set: set SHARED_DIR to the absolute path of ../shared" >&2
  exit 1
fi
missing=()
for c in munged munge slurmctld slurmd sbatch srun scontrol sinfo squeue scancel; do
  command -v "$c" >/dev/null 2>&1 || missing+=("$c")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "FAIL: SLURM test needs the Debian packages slurm-wlm and munge" \
       "(missing commands: ${missing[*]}); install them with tools/setup.sh" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "FAIL: SLURM test must run as root (slurmd starts jobs as the submitting user)" >&2
  exit 1
fi

root="$(pwd)"
profile="$root/workflow/profiles/slurm"
# Short path under /tmp: unix socket paths are limited to 108 bytes.
tmp="$(mktemp -d /tmp/ionscreen-slurm.XXXXXX)"
chmod 755 "$tmp"   # munged wants its socket directory traversable by all
# Every process started here (daemons, snakemake, SLURM jobs, which inherit
# the submitter's environment) carries this marker; the cleanup finds leftovers
# by it.
marker="IONSCREEN_SLURM_TEST=$tmp"
conf="$tmp/slurm.conf"
sl() { env SLURM_CONF="$conf" "$marker" "$@"; }

smk_pid=""
cleanup() {
  set +e
  if [ -n "$smk_pid" ] && kill -TERM "$smk_pid" 2>/dev/null; then
    # Snakemake cancels its SLURM jobs (scancel) and exits.
    for _ in $(seq 1 40); do kill -0 "$smk_pid" 2>/dev/null || break; sleep 0.5; done
  fi
  if [ -f "$conf" ]; then
    sl scancel --quiet --user="$(id -un)" 2>/dev/null
    for _ in $(seq 1 20); do
      [ -z "$(sl squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.5
    done
    sl scontrol shutdown >/dev/null 2>&1
  fi
  for name in slurmd slurmctld; do
    pid=$(cat "$tmp/run/$name.pid" 2>/dev/null) || continue
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -TERM "$pid" 2>/dev/null
  done
  pid=$(cat "$tmp/run/munged.pid" 2>/dev/null) && kill -TERM "$pid" 2>/dev/null
  sleep 1
  # Anything still carrying the marker (a stuck slurmstepd, a job, a daemon
  # that ignored TERM) is killed by pid.
  left=0
  for e in /proc/[0-9]*/environ; do
    p="${e#/proc/}"; p="${p%/environ}"
    if grep -qzxF -- "$marker" "$e" 2>/dev/null; then
      echo "cleanup: killing leftover pid $p ($(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null))" >&2
      kill -KILL "$p" 2>/dev/null; left=$((left+1))
    fi
  done
  [ $left -eq 0 ] || echo "cleanup: $left leftover process(es) killed" >&2
  # Keep the logs for Bazel (bazel-testlogs/.../test.outputs/outputs.zip).
  if [ -n "${TEST_UNDECLARED_OUTPUTS_DIR:-}" ]; then
    cp "$tmp"/*.log "$tmp"/log/*.log "$tmp/slurm.conf" "$TEST_UNDECLARED_OUTPUTS_DIR/" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

export HOME="$tmp/home"; mkdir -p "$HOME"   # snakemake writes caches under $HOME
export USER="$(id -un)"   # the executor looks up the SLURM account of $USER
bin="$root/tools"
sed -e "s|\.\./shared|$SHARED_DIR|g" \
    -e "s|workflow/config/|$root/workflow/config/|g" \
    -e "s|^bin:.*|bin: $bin|" "$root/workflow/config/test.yaml" > "$tmp/test.yaml"

fail=0; passed=0
check() { if [ "$1" -eq 0 ]; then echo "ok   $2"; passed=$((passed+1)); else echo "FAIL $2"; fail=$((fail+1)); fi; }
die() { echo "FAIL $1" >&2; for f in "${@:2}"; do echo "--- $f" >&2; tail -30 "$f" >&2; done; exit 1; }

# --- munge: a fresh key, socket, pid and log in $tmp ------------------------
mkdir -p "$tmp/munge" "$tmp/sock" "$tmp/run" "$tmp/log" "$tmp/state" "$tmp/spool"
chmod 700 "$tmp/munge"; chmod 755 "$tmp/sock"
head -c 1024 /dev/urandom > "$tmp/munge/munge.key"; chmod 400 "$tmp/munge/munge.key"
sock="$tmp/sock/munge.sock"
env "$marker" munged --key-file="$tmp/munge/munge.key" --socket="$sock" \
  --pid-file="$tmp/run/munged.pid" --log-file="$tmp/log/munged.log" \
  --seed-file="$tmp/munge/seed" || die "munged did not start" "$tmp/log/munged.log"
munge -S "$sock" -n | unmunge -S "$sock" >/dev/null 2>&1 \
  || die "munge round trip" "$tmp/log/munged.log"

# --- slurm.conf: one node on 127.0.0.1 sized for the profile's largest job --
read -r cpus mem < <(python3 - "$profile/config.yaml" <<'EOF'
import sys, yaml
p = yaml.safe_load(open(sys.argv[1]))
res = list(p.get("default-resources", [])) + [r.split(":", 1)[1] for r in p.get("set-resources", [])]
val = lambda key: [int(r.split("=", 1)[1]) for r in res if r.split("=", 1)[0] == key]
print(max(val("cpus_per_task") + [1]), max(val("mem_mb") + [1000]))
EOF
) || die "reading $profile/config.yaml"
ports=($(python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])'))
node="$(hostname -s 2>/dev/null || uname -n)"; node="${node%%.*}"
cat > "$conf" <<EOF
# Private single-node cluster for tests/workflow/slurm_test.sh.
ClusterName=ionscreentest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=${ports[0]}
SlurmdPort=${ports[1]}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
MailProg=/bin/true
MpiDefault=none
# No cgroups, no accounting database (so sacct is off and Snakemake falls
# back to scontrol for job states).
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerParameters=sched_interval=2
# Keep finished jobs visible to scontrol for the whole test.
MinJobAge=3600
ReturnToService=2
# The node is declared as large as the profile's largest job (${cpus} CPUs,
# ${mem} MB), whatever this machine has: config_overrides makes slurmd accept
# that. SLURM still allocates (and so serialises) jobs against it.
SlurmdParameters=config_overrides
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
sl slurmctld -c >"$tmp/log/slurmctld.out" 2>&1 \
  || die "slurmctld did not start" "$tmp/log/slurmctld.out" "$tmp/log/slurmctld.log"
sl slurmd -N "$node" >"$tmp/log/slurmd.out" 2>&1 \
  || die "slurmd did not start" "$tmp/log/slurmd.out" "$tmp/log/slurmd.log"
state=""
for _ in $(seq 1 60); do
  state="$(sl sinfo -h -n "$node" -o %t 2>/dev/null)"
  [ "$state" = "idle" ] && break; sleep 0.5
done
[ "$state" = "idle" ] || die "node $node not idle after 30 s (state: '$state')" \
  "$tmp/log/slurmctld.log" "$tmp/log/slurmd.log"
check 0 "munged + slurmctld + slurmd up (node $node, $cpus CPUs, $mem MB, ports ${ports[*]})"

# --- the test config through the profile ------------------------------------
# --max-status-checks-per-second 1: a status round every second instead of
# the executor's 33 s (the only option overridden).
mkdir -p "$tmp/slurm" "$tmp/local"
start=$(date +%s)
# In the background so that a TERM to this script reaches the trap at once;
# env execs timeout, so $! is timeout's pid and a TERM to it reaches snakemake.
# 840 s: Bazel's limit for a large test is 900 s, and the daemons start and
# the checks run in well under a minute; the run takes ~580 s on a quiet
# 2-core machine and once hit the old 720 s at load 6 (session 7).
env SLURM_CONF="$conf" "$marker" timeout 840 snakemake -s "$root/workflow/Snakefile" --directory "$tmp/slurm" \
  --configfile "$tmp/test.yaml" --profile "$profile" \
  --max-status-checks-per-second 1 > "$tmp/slurm.log" 2>&1 &
smk_pid=$!
wait $smk_pid; rc=$?; smk_pid=""
check $rc "test config through the SLURM profile ($(( $(date +%s) - start )) s)"
[ $rc -eq 0 ] || { tail -40 "$tmp/slurm.log"; tail -20 "$tmp/log/slurmctld.log"; }

# --- every job went through sbatch and completed, with the profile's resources
# Jobs are logged as "rule X:"/"checkpoint X:" (submitted) or "localrule X:"
# (run by the master snakemake, only the target rule "all" here).
rules=$(grep -cE '^(rule|checkpoint) ' "$tmp/slurm.log")
submitted=$(grep -cE 'has been submitted with SLURM jobid' "$tmp/slurm.log")
ok_exit=$(grep -cE '_job_complete: JobId=[0-9]+ WEXITSTATUS 0$' "$tmp/log/slurmctld.log")
echo "     $rules rule jobs, $submitted sbatch submissions, $ok_exit SLURM jobs exited 0"
[ "$rules" -gt 0 ] && [ "$submitted" -eq "$rules" ] && [ "$ok_exit" -eq "$rules" ]
check $? "every rule job submitted with sbatch and completed in SLURM"
sed -nE 's|.*submitted with SLURM jobid ([0-9]+) \(log: \.snakemake/slurm_logs/rule_([A-Za-z0-9_]+)/.*|\1 \2|p' \
  "$tmp/slurm.log" > "$tmp/jobs.txt"
while read -r id rule; do
  echo "$id $rule $(sl scontrol show job -o "$id" 2>&1)"
done < "$tmp/jobs.txt" > "$tmp/scontrol.txt"
python3 - "$profile/config.yaml" "$tmp/scontrol.txt" <<'EOF'
# SLURM's record of each job must hold the profile's resources for its rule.
import re, sys, yaml
p = yaml.safe_load(open(sys.argv[1]))
default = dict(r.split("=", 1) for r in p["default-resources"])
per_rule = {}
for r in p.get("set-resources", []):
    rule, kv = r.split(":", 1); k, v = kv.split("=", 1)
    per_rule.setdefault(rule, {})[k] = v
def minutes(limit):  # SLURM's [days-]hours:minutes:seconds
    days, _, hms = limit.rpartition("-")
    try:
        h, m, _ = (int(x) for x in hms.split(":"))
        return str(int(days or 0) * 1440 + h * 60 + m)
    except ValueError:
        return limit
bad = 0; seen = set()
for line in open(sys.argv[2]):
    jid, rule, rec = line.split(" ", 2)
    want = dict(default, **per_rule.get(rule, {}))
    f = dict(m.groups() for m in re.finditer(r"(\w+)=(\S*)", rec))
    got = {"cpus_per_task": f.get("NumCPUs"), "mem_mb": f.get("MinMemoryNode", "").rstrip("M"),
           "runtime": minutes(f.get("TimeLimit", "")), "state": f.get("JobState")}
    exp = {"cpus_per_task": want["cpus_per_task"], "mem_mb": want["mem_mb"],
           "runtime": want["runtime"], "state": "COMPLETED"}
    if got != exp:
        print(f"job {jid} ({rule}): SLURM has {got}, profile wants {exp}"); bad += 1
    seen.add(rule)
missing = set(per_rule) - seen
if missing: print("rules with set-resources never ran on SLURM:", sorted(missing)); bad += 1
print(f"     {len(seen)} rules checked against the profile")
sys.exit(1 if bad else 0)
EOF
check $? "SLURM jobs have the profile's cpus/mem/runtime per rule"

# --- outputs equal a local run with the same threads -------------------------
threads=$(python3 -c 'import sys, yaml; print(" ".join(yaml.safe_load(open(sys.argv[1])).get("set-threads", [])))' \
  "$profile/config.yaml")
snakemake -s "$root/workflow/Snakefile" --directory "$tmp/local" --cores all \
  --configfile "$tmp/test.yaml" ${threads:+--set-threads $threads} > "$tmp/local.log" 2>&1
rc=$?; check $rc "same config locally"; [ $rc -eq 0 ] || tail -30 "$tmp/local.log"
# Logs and benchmarks hold timings and figures' PDFs creation dates: compare
# the file lists, then the TSV/MD/stream outputs byte for byte.
list() { (cd "$1/results" && find . -type f -not -path './benchmarks/*' -not -path './logs/*' | sort); }
diff <(list "$tmp/local") <(list "$tmp/slurm") > "$tmp/lists.diff"
rc=$?; check $rc "same output files ($(list "$tmp/local" | wc -l))"; [ $rc -eq 0 ] || cat "$tmp/lists.diff"
diffs=0; n=0
while IFS= read -r f; do
  n=$((n+1)); cmp -s "$tmp/local/$f" "$tmp/slurm/$f" || { echo "differs: $f"; diffs=$((diffs+1)); }
done < <(cd "$tmp/local/results" && find . -type f \( -name '*.tsv' -o -name '*.md' \
          -o -name '*.crystals' -o -name '*.desc' -o -name '*.clustering' -o -name '*.stream' \
          -o -name '*.in' \) -not -path './benchmarks/*' -not -path './logs/*' | sed 's|^\./|results/|')
check "$diffs" "$n outputs byte-identical to the local run"
echo "$passed passed, $fail failed"
[ $fail -eq 0 ]
