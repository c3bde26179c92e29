# The JVM options Cairn runs with by default: sourced by ./cairn and the bench scripts so that
# what is measured is what runs. CAIRN_JAVA_OPTS replaces them. Why each (docs/performance.md):
#   -XX:+UseSerialGC          one GC thread and no concurrent collector: Cairn's live state is small
#   -Xmx256m                  a bounded heap (nonces take constant memory, the database holds the rest)
#   -XX:ReservedCodeCacheSize JIT code is a few tens of MiB; the default reserves 240
#   -Xss512k                  request threads have shallow stacks
# MALLOC_ARENA_MAX=2 keeps glibc from giving each of up to 200 threads its own malloc arena.
CAIRN_JVM_OPTS="${CAIRN_JAVA_OPTS:--XX:+UseSerialGC -Xmx256m -XX:ReservedCodeCacheSize=64m -Xss512k}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
