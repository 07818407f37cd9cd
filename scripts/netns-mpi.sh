#!/bin/sh
# netns-mpi.sh - two MPI ranks on two "hosts" joined by a real network
# interface: Linux network namespaces and a veth pair.
#
#   sh scripts/netns-mpi.sh [STORE] [METRIC]
#
# Needs root (ip netns), iproute2, OpenMPI's mpirun and bin/bonafide-mpi
# (make mpi).  Without STORE it builds a simulated store of 3,000 accounts
# in a temporary directory.  METRIC is pagerank (default), degree or
# reciprocity.
#
# What it does:
#   1. creates namespaces bf-mpi-a and bf-mpi-b, each with only its own
#      loopback, and a veth pair between them: bf-veth-a 10.77.0.1/24 in
#      bf-mpi-a and bf-veth-b 10.77.0.2/24 in bf-mpi-b;
#   2. runs mpirun inside bf-mpi-a with a hostfile naming 10.77.0.1 and
#      10.77.0.2, one slot each, so rank 0 runs in bf-mpi-a and rank 1 in
#      bf-mpi-b.  OpenMPI starts a remote daemon with its rsh launcher;
#      the launch agent (plm_rsh_agent) is a small script written here that
#      runs the daemon's command with `ip netns exec bf-mpi-b` instead of
#      ssh.  The daemon calls back, and the ranks talk, over TCP only
#      (btl tcp,self: no shared memory) restricted to 10.77.0.0/24, so every
#      byte between the ranks crosses the veth pair;
#   3. prints the bytes counted by the kernel on bf-veth-a before and
#      after, next to what bonafide-mpi says it exchanged (--verbose);
#   4. deletes the namespaces (the veth pair goes with them).
# Both namespaces share the file system, so the two "hosts" read the same
# graph.csr, each only its part; on real machines each would hold a copy
# (the ranks check that the copies' headers agree).  docs/distributed.md
# shows a run.
set -eu
top=$(pwd)
MPIBIN=${BONAFIDE_MPI:-$top/bin/bonafide-mpi}
BIN=${BONAFIDE_BIN:-$top/bin/bonafide}
store=${1:-}
metric=${2:-pagerank}
A=bf-mpi-a
B=bf-mpi-b

if [ "$(id -u)" -ne 0 ]; then
    echo "netns-mpi: needs root (ip netns)" >&2
    exit 1
fi
for c in ip mpirun; do
    command -v "$c" >/dev/null 2>&1 || {
        echo "netns-mpi: $c is not installed" >&2
        exit 1
    }
done
[ -x "$MPIBIN" ] || {
    echo "netns-mpi: $MPIBIN is not built (make mpi)" >&2
    exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bf-netns-XXXXXX")
cleanup() {
    ip netns del "$A" 2>/dev/null || true
    ip netns del "$B" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

if [ -z "$store" ]; then
    store=$tmp/store
    "$BIN" sim --accounts 3000 --seed 7 --out "$tmp/world" >/dev/null
    "$BIN" ingest --quiet --store "$store" --platform sim \
        "$tmp/world/accounts.csv" "$tmp/world/follows.csv" >/dev/null
    # Build graph.csr now, outside the timed run.
    "$BIN" graph reciprocity --store "$store" >/dev/null
fi

# 1. Two namespaces and a veth pair.
ip netns del "$A" 2>/dev/null || true
ip netns del "$B" 2>/dev/null || true
ip netns add "$A"
ip netns add "$B"
ip link add bf-veth-a type veth peer name bf-veth-b
ip link set bf-veth-a netns "$A"
ip link set bf-veth-b netns "$B"
ip -n "$A" addr add 10.77.0.1/24 dev bf-veth-a
ip -n "$B" addr add 10.77.0.2/24 dev bf-veth-b
for ns in "$A" "$B"; do
    ip -n "$ns" link set lo up
done
ip -n "$A" link set bf-veth-a up
ip -n "$B" link set bf-veth-b up
echo "+ ip -n $A addr show bf-veth-a"
ip -n "$A" -brief addr show bf-veth-a
echo "+ ip -n $B addr show bf-veth-b"
ip -n "$B" -brief addr show bf-veth-b

# 2. The launch agent: OpenMPI calls it as `agent HOST COMMAND...`, as it
# would call ssh.
cat >"$tmp/agent" <<EOF
#!/bin/sh
host=\$1
shift
case "\$host" in
10.77.0.2) exec ip netns exec $B sh -c "\$*" ;;
*) exec sh -c "\$*" ;;
esac
EOF
chmod +x "$tmp/agent"
printf '10.77.0.1 slots=1\n10.77.0.2 slots=1\n' >"$tmp/hosts"

rx_tx() {
    ip -n "$A" -s link show bf-veth-a |
        awk '/RX:/ { getline; rx = $1 } /TX:/ { getline; tx = $1 }
             END { printf "%s bytes received, %s bytes sent", rx, tx }'
}
before=$(rx_tx)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
set -- mpirun -np 2 --hostfile "$tmp/hosts" \
    --mca plm_rsh_agent "$tmp/agent" --mca plm_rsh_no_tree_spawn 1 --bind-to none \
    --mca btl tcp,self --mca btl_tcp_if_include 10.77.0.0/24 \
    --mca oob_tcp_if_include 10.77.0.0/24 \
    "$MPIBIN" graph "$metric" --mpi --store "$store" --top 5 --verbose
echo "+ ip netns exec $A $*"
ip netns exec "$A" "$@"
after=$(rx_tx)
echo "bf-veth-a before: $before"
echo "bf-veth-a after:  $after"
