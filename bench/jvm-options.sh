# The JVM options Cairn runs with by default: sourced by ./cairn and the bench scripts so that
# what is measured is what runs. CAIRN_JAVA_OPTS replaces them. Why each (docs/performance.md):
#   -XX:+UseSerialGC          one GC thread and no concurrent collector: Cairn's live state is small
#   -Xmx256m                  a bounded heap (nonces take constant memory, the database holds the rest)
#   -Xmn32m                   a small young generation: its pages are all touched between collections,
#                             so it is RSS; 32 MiB saved about 50 MiB of RSS at the same CPU per certificate
#   -Xms64m, -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40
#                             the old generation grows only as far as the live data needs (garbage
#                             fills whatever capacity it has before a full collection, and touched
#                             pages stay resident): 277 MiB peak RSS at 128 clients instead of 335
#   -XX:ReservedCodeCacheSize JIT code is a few tens of MiB; the default reserves 240
#   -Xss512k                  request threads have shallow stacks
# Not set: -XX:TieredStopAtLevel=1 (C1 only). Measured both ways (docs/performance.md, "JVM
# options"): on a saturated machine it gave 3-4x the certificates/s; on a quiet one 16 % less CPU
# per certificate but 26-30 % fewer newNonce answers/s than tiered C2. A long-running CA keeps C2;
# add it through CAIRN_JAVA_OPTS where start-up and short runs matter more. ./cairn adds it for
# `serve --test` only (the test CA: start-up and short runs; docs/performance.md "Start-up").
# MALLOC_ARENA_MAX=2 keeps glibc from giving each of up to 200 threads its own malloc arena.
CAIRN_JVM_OPTS="${CAIRN_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx256m -Xmn32m -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:ReservedCodeCacheSize=64m -Xss512k}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
