package org.discardsearch.kafka.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.error.ConfigException;
import org.discardsearch.kafka.CommandRunner;
import org.discardsearch.kafka.ConfigSources;
import org.discardsearch.kafka.ConsumerKeys;
import org.discardsearch.kafka.DjlRecordScorer;
import org.discardsearch.kafka.RecordScorer;
import org.discardsearch.kafka.ReportMessage;
import org.discardsearch.kafka.ScoringConsumer;
import org.discardsearch.kafka.ScoringConsumerConfig;
import org.discardsearch.kafka.Topics;


/**
 * The project's main job, on embedded defaults: starts a single-node Kafka broker in this JVM, loads the 10,000
 * Fashion-MNIST test images into a topic as PNGs with their labels, scores them in shadow mode with a model
 * archive, prints a progress line while it runs and the A/B report at the end, and stops everything.
 *
 * <p>{@code MainJob [ARCHIVE] [key=value ...]}: the archive defaults to {@value #DEFAULT_ARCHIVE} under
 * {@value #ARCHIVES}; overrides are consumer keys ({@link ConsumerKeys}) or Kafka client settings. Exits 0 on
 * success, 1 on a failure, 2 on a configuration error.
 */
public final class MainJob {

    /** Where the committed archives live, relative to the repository root. */
    public static final String ARCHIVES = "model-archives/archives";

    /**
     * The archive scored when none is named. Several archives are committed; this one, seed 1 of the compact
     * ResNet at width 16, is the first seed and the one the README's headline numbers come from.
     */
    public static final String DEFAULT_ARCHIVE = "compact-resnet-w16-s1";

    private static final String TOPIC = "fashion-mnist-test";
    private static final Duration TICK = Duration.ofSeconds(2);

    private MainJob() {
    }

    /**
     * Runs the job.
     *
     * @param args an optional archive folder, then {@code key=value} overrides
     */
    public static void main(String[] args) {
        CommandRunner.run("Main job", args, MainJob::run);
    }

    private static void run(List<String> args) throws IOException {
        Path archive = archiveArgument(args);
        List<String> overrides = args;
        LabelledImages test = FashionMnist.load().test();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                RecordScorer scorer = DjlRecordScorer.load(archive)) {
            Map<String, String> settings = new TreeMap<>();
            settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            settings.put(ConsumerKeys.ARCHIVE.name(), archive.toString());
            settings.put(ConsumerKeys.MODE.name(), "shadow");
            settings.put(ConsumerKeys.INPUT_TOPIC.name(), TOPIC);
            settings.put(ConsumerKeys.REPORT_INTERVAL_MS.name(), "0");
            ScoringConsumerConfig config = ScoringConsumerConfig.parse(ConfigSources.override(settings, overrides));
            System.out.printf(Locale.ROOT, "Broker at %s; model %s from %s%n", broker.bootstrapServers(),
                    scorer.modelName(), archive);
            long begin = System.nanoTime();
            try (Admin admin = Admin.create(config.adminProperties())) {
                Topics.create(admin, List.of(config.inputTopic()), 1, Map.of());
            }
            try (ImageTopicLoader loader = new ImageTopicLoader(config.adminProperties(), config.inputTopic())) {
                loader.sendLabelled(test, test.size(), "fmnist-test-");
            }
            System.out.printf(Locale.ROOT, "Loaded %d test images into %s in %.1f s%n", test.size(),
                    config.inputTopic(), (System.nanoTime() - begin) / 1e9);
            ProgressLine line = new ProgressLine(test.size());
            ReportMessage report = BoundedRun.run(new ScoringConsumer(config, scorer), test.size(), TICK,
                    progress -> System.out.println(line.next(progress)));
            System.out.println(report.text());
        }
        System.out.println("Broker stopped; nothing left running.");
    }

    /**
     * Takes the archive argument off the front of a command line: the first argument when it is not a
     * {@code key=value} pair, else {@value #DEFAULT_ARCHIVE} under {@value #ARCHIVES}.
     *
     * @param args the arguments; the archive argument is removed
     * @return the archive folder
     * @throws ConfigException when there is no argument and the default archive is missing
     * @throws IOException if the archives folder cannot be listed
     */
    static Path archiveArgument(List<String> args) throws IOException {
        return !args.isEmpty() && !args.get(0).contains("=") ? Path.of(args.remove(0))
                : defaultArchive(Path.of(ARCHIVES));
    }

    /**
     * Returns the default archive, {@value #DEFAULT_ARCHIVE}, under a folder of archives.
     *
     * @param archives the folder of archives
     * @return the archive
     * @throws ConfigException when it has no {@code serving.properties}, naming the folder, the archives that
     *     are there and what to pass
     * @throws IOException if the folder cannot be listed
     */
    static Path defaultArchive(Path archives) throws IOException {
        Path archive = archives.resolve(DEFAULT_ARCHIVE);
        if (Files.isRegularFile(archive.resolve("serving.properties"))) {
            return archive;
        }
        List<String> found = List.of();
        if (Files.isDirectory(archives)) {
            try (Stream<Path> list = Files.list(archives)) {
                found = list.filter(p -> Files.isRegularFile(p.resolve("serving.properties")))
                        .map(p -> p.getFileName().toString()).sorted().toList();
            }
        }
        throw new ConfigException(ConsumerKeys.ARCHIVE.name(), "The default archive " + DEFAULT_ARCHIVE
                + " is missing: no serving.properties in " + archive.toAbsolutePath() + " (archives under "
                + archives.toAbsolutePath() + ": " + found + "); pass the archive folder as the first argument");
    }
}
