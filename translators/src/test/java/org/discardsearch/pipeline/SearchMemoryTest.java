package org.discardsearch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.config.Architecture;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.network.Architectures;
import org.discardsearch.network.SegmentedNetwork;
import org.junit.jupiter.api.Test;

/**
 * Memory after a search is what it was before: nothing a search made outlives its call. The searches run in a
 * child JVM whose heap is fixed and touched up front, so that its resident memory moves only with native memory.
 */
class SearchMemoryTest {

    private static final Shape SHAPE = new Shape(8, 1, 56, 56);
    private static final int SEARCHES = 100;
    /**
     * Measured: under 0.3 MB once warm; 150 MB when only what each search keeps (its segment outputs) leaks. A
     * leak of intermediates is larger still.
     */
    private static final long MAX_GROWTH_KB = 8 * 1024;

    @Test
    void hundredSearchesLeaveNoArrayAndNoNativeMemoryBehind() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder probe = new ProcessBuilder(java, "-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR", ""),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        // A fixed mmap threshold: glibc then maps every tensor-sized block on its own and unmaps it when freed,
        // instead of keeping freed memory as its dynamic thresholds see fit.
        probe.environment().put("MALLOC_MMAP_THRESHOLD_", "65536");
        Process child = probe.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), "the probe failed: " + out);
        long[] before = parse(out, "before");
        long[] after = parse(out, "after");
        assertEquals(before[0], after[0], "arrays open on the model's manager");
        long growth = after[1] - before[1];
        assertTrue(growth < MAX_GROWTH_KB, "resident memory grew by " + growth + " kB over " + SEARCHES
                + " searches");
    }

    private static long[] parse(String out, String label) {
        return out.lines().filter(line -> line.startsWith(label + " ")).findFirst()
                .map(line -> Arrays.stream(line.split(" ")).skip(1).mapToLong(Long::parseLong).toArray())
                .orElseThrow(() -> new AssertionError("no '" + label + "' line in: " + out));
    }

    /** Prints the model manager's open arrays and VmRSS (kB) after a warm-up, and again 100 searches later. */
    static final class Probe {

        private Probe() {}

        public static void main(String[] args) throws IOException {
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                Engine.getInstance().setRandomSeed(2);
                SegmentedNetwork network = Architectures.build(Architecture.COMPACT_RESNET, 10, 16);
                DiscardSearchBlock block = new DiscardSearchBlock(network,
                        AttentionAggregator.builder().setFeatureDim(128).build(),
                        DiscardSearchConfig.fromArguments(Map.of()), Evaluator.PREFIX_REUSE);
                block.initialize(manager, DataType.FLOAT32, SHAPE);
                ParameterStore store = new ParameterStore(manager, false);
                int[] budgets = new int[(int) SHAPE.get(0)];
                Arrays.fill(budgets, 16);
                // Two hundred searches settle the JIT's code and the allocator's working set (about 15 MB).
                runSearches(block, store, manager, budgets);
                runSearches(block, store, manager, budgets);
                System.out.println("before " + manager.getManagedArrays().size() + " " + residentKb());
                runSearches(block, store, manager, budgets);
                System.out.println("after " + manager.getManagedArrays().size() + " " + residentKb());
            }
        }

        private static void runSearches(DiscardSearchBlock block, ParameterStore store, NDManager manager,
                int[] budgets) {
            for (int i = 0; i < SEARCHES; i++) {
                try (NDManager call = manager.newSubManager()) {
                    block.search(store, call.randomNormal(SHAPE), budgets);
                }
            }
        }

        private static long residentKb() throws IOException {
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            return status.stream().filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
        }
    }
}
