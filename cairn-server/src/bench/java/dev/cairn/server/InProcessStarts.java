package dev.cairn.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts and closes an in-process test-mode Cairn N times in one JVM (as a JUnit extension
 * would) and prints, per start, the wall time of {@link CairnServer#start}, the CPU time the
 * whole process used meanwhile (every thread: JIT, the key thread, Jetty's) and the starting
 * thread's own. CPU times say more than wall times on a shared, loaded machine.
 *
 * <pre>java -cp cairn-server/target/bench/benchmarks.jar dev.cairn.server.InProcessStarts 20</pre>
 */
public final class InProcessStarts {
    private InProcessStarts() {}

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Long> warmWall = new ArrayList<>();
        List<Long> warmCpu = new ArrayList<>();
        System.out.println("start  wall ms  process CPU ms  starting thread CPU ms");
        for (int i = 1; i <= starts; i++) {
            long wall = System.nanoTime();
            long cpu = os.getProcessCpuTime();
            long own = threads.getCurrentThreadCpuTime();
            CairnServer server =
                    CairnServer.start(CairnConfig.builder().forTests().build());
            long wallMs = (System.nanoTime() - wall) / 1_000_000;
            long cpuMs = (os.getProcessCpuTime() - cpu) / 1_000_000;
            long ownMs = (threads.getCurrentThreadCpuTime() - own) / 1_000_000;
            server.close();
            System.out.printf("%5d  %7d  %14d  %22d%n", i, wallMs, cpuMs, ownMs);
            if (i > 1) {
                warmWall.add(wallMs);
                warmCpu.add(cpuMs);
            }
        }
        System.out.println("starts 2.." + starts + ": median wall " + median(warmWall) + " ms, median process CPU "
                + median(warmCpu) + " ms");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
}
