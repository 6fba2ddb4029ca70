package org.discardsearch.kafka.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.archives.data.PngWriter;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.kafka.CommandRunner;
import org.discardsearch.kafka.ConfigSources;
import org.discardsearch.kafka.ConsumerKeys;
import org.discardsearch.kafka.DjlRecordScorer;
import org.discardsearch.kafka.HeaderNames;
import org.discardsearch.kafka.RecordScorer;
import org.discardsearch.kafka.ScoringConsumer;
import org.discardsearch.kafka.ScoringConsumerConfig;
import org.discardsearch.kafka.Topics;
import org.discardsearch.result.ImageRequest;


/**
 * Measures end-to-end images per second through an embedded broker and the consumer, at each budget, against
 * the offline batch scoring rate of the same archive at the same budget in the same run, and prints a table.
 *
 * <p>{@code ThroughputBenchmark [ARCHIVE] [images=N] [budgets=1,16] [key=value ...]}: N Fashion-MNIST test images
 * (default 2000); the archive defaults as in {@link MainJob}. Offline: the images in micro-batches of
 * {@code discard.batch.size} through the same scorer, after one warm-up pass. End to end: the images are loaded
 * into a fresh topic with a {@value HeaderNames#BUDGET} header, then the consumer (mode search) scores them; the
 * rate counts from the first processed micro-batch to the last, so the group join is not timed.
 */
public final class ThroughputBenchmark {

    private ThroughputBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args an optional archive folder, {@code images=N}, {@code budgets=B,...}, then overrides
     */
    public static void main(String[] args) {
        CommandRunner.run("Benchmark", args, ThroughputBenchmark::run);
    }

    private static void run(List<String> args) throws IOException {
        Path archive = MainJob.archiveArgument(args);
        Map<String, String> settings = ConfigSources.override(Map.of(), args);
        int images = Integer.parseInt(settings.getOrDefault("images", "2000"));
        List<Integer> budgets = settings.getOrDefault("budgets", "1,16").lines()
                .flatMap(l -> List.of(l.split(",")).stream()).map(String::strip).map(Integer::parseInt).toList();
        settings.remove("images");
        settings.remove("budgets");
        LabelledImages test = FashionMnist.load().test();
        int n = Math.min(images, test.size());
        List<byte[]> pngs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pngs.add(PngWriter.write(test, i));
        }
        List<String> rows = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                RecordScorer scorer = DjlRecordScorer.load(archive)) {
            for (int budget : budgets) {
                Map<String, String> own = new TreeMap<>(settings);
                own.putIfAbsent(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
                own.put(ConsumerKeys.ARCHIVE.name(), archive.toString());
                own.put(ConsumerKeys.MODE.name(), "search");
                own.put(ConsumerKeys.INPUT_TOPIC.name(), "bench-b" + budget);
                own.put(ConsumerKeys.RESULT_TOPIC.name(), "bench-b" + budget + "-results");
                own.put(ConsumerKeys.REPORT_INTERVAL_MS.name(), "0");
                own.put("group.id", "bench-b" + budget);
                ScoringConsumerConfig config = ScoringConsumerConfig.parse(own);
                double offline = offlineRate(scorer, pngs, budget, config.batchSize());
                double endToEnd = endToEndRate(config, scorer, pngs, budget);
                rows.add(String.format(Locale.ROOT, "| %6d | %6d | %10d | %13.1f | %16.1f | %5.2f |", budget, n,
                        config.batchSize(), offline, endToEnd, endToEnd / offline));
            }
        }
        System.out.println("| budget | images | batch size | offline img/s | end-to-end img/s | ratio |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /**
     * Scores on a thread of its own, as the consumer does: libtorch's OpenMP team on the JVM's main thread ran
     * 10-30x slower on a 2-core machine (kafka-consumer/README.md, Throughput).
     */
    private static double offlineRate(RecordScorer scorer, List<byte[]> pngs, int budget, int batchSize) {
        double[] rate = new double[1];
        Thread thread = new Thread(() -> {
            scoreAll(scorer, pngs, budget, batchSize);
            long begin = System.nanoTime();
            scoreAll(scorer, pngs, budget, batchSize);
            rate[0] = pngs.size() / ((System.nanoTime() - begin) / 1e9);
        }, "offline-scoring");
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscardSearchException(ErrorCategory.INTERNAL, "Interrupted while scoring offline", e);
        }
        return rate[0];
    }

    private static void scoreAll(RecordScorer scorer, List<byte[]> pngs, int budget, int batchSize) {
        for (int from = 0; from < pngs.size(); from += batchSize) {
            List<ImageRequest> batch = pngs.subList(from, Math.min(pngs.size(), from + batchSize)).stream()
                    .map(png -> ImageRequest.of(png, budget)).toList();
            scorer.score(batch);
        }
    }

    private static double endToEndRate(ScoringConsumerConfig config, RecordScorer scorer, List<byte[]> pngs,
            int budget) {
        try (Admin admin = Admin.create(config.adminProperties())) {
            Topics.create(admin, List.of(config.inputTopic()), 1, Map.of());
        }
        try (ImageTopicLoader loader = new ImageTopicLoader(config.adminProperties(), config.inputTopic())) {
            for (int i = 0; i < pngs.size(); i++) {
                loader.send("b" + budget + "-" + i, pngs.get(i), Map.of(HeaderNames.CONTENT_TYPE, "image/png",
                        HeaderNames.BUDGET, Integer.toString(budget)));
            }
        }
        // [0] when the first micro-batch was seen, [1] its records, [2] when the last record was seen.
        long[] marks = new long[3];
        BoundedRun.run(new ScoringConsumer(config, scorer), pngs.size(), Duration.ofMillis(5), progress -> {
            if (marks[0] == 0 && progress.records() > 0) {
                marks[0] = System.nanoTime();
                marks[1] = progress.records();
            }
            if (marks[2] == 0 && progress.records() >= pngs.size()) {
                marks[2] = System.nanoTime();
            }
        });
        return (pngs.size() - marks[1]) / ((marks[2] - marks[0]) / 1e9);
    }
}
