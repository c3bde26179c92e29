# The JVM options Cairn runs with by default: sourced by ./cairn and the bench scripts so that
# what is measured is what runs. CAIRN_JAVA_OPTS replaces them. Why each (docs/performance.md):
#   -XX:+UseSerialGC          one GC thread and no concurrent collector: Cairn's live state is small
#   -Xmx256m                  a bounded heap (nonces take constant memory, the database holds the rest)
#   -XX:ReservedCodeCacheSize JIT code is a few tens of MiB; the default reserves 240
#   -Xss512k                  request threads have shallow stacks
#   -XX:TieredStopAtLevel=1   C1 only: on a 2-core machine shared with clients, C2's compilations
#                             cost more CPU than its faster code saves (measured: 3-4x the
#                             certificates/s and a third of the CPU per certificate under load)
# MALLOC_ARENA_MAX=2 keeps glibc from giving each of up to 200 threads its own malloc arena.
CAIRN_JVM_OPTS="${CAIRN_JAVA_OPTS:--XX:+UseSerialGC -Xmx256m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:TieredStopAtLevel=1}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
