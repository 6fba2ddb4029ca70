package org.discardsearch.kafka.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.error.ConfigException;
import org.discardsearch.kafka.CommandRunner;
import org.discardsearch.kafka.ConfigSources;
import org.discardsearch.kafka.Topics;


/**
 * The producer command: loads images into a topic, creating it when missing.
 * <pre>
 * LoadImagesCommand bootstrap.servers=HOST:PORT [topic=images] [partitions=1] folder=DIR
 * LoadImagesCommand bootstrap.servers=HOST:PORT [topic=images] [partitions=1] fashion-mnist=DIR|default [limit=N]
 * </pre>
 * {@code folder}: every PNG and JPEG file of the folder, keyed by file name. {@code fashion-mnist}: the test split
 * (from the Debian package's folder with {@code default}) as PNGs with their labels as headers, keyed
 * {@code fmnist-test-<index>}. {@code partitions}: the partition count of the topic when it is created (an existing
 * topic keeps its own). {@code limit}: the most Fashion-MNIST images sent. Any other {@code key=value} is a Kafka
 * producer setting. Exits 2 on a usage error, 1 when a send fails.
 */
public final class LoadImagesCommand {

    private LoadImagesCommand() {
    }

    /**
     * Runs the command.
     *
     * @param args {@code key=value} arguments, see the class description
     */
    public static void main(String[] args) {
        CommandRunner.run("Loading images", args, arguments -> run(ConfigSources.override(Map.of(), arguments)));
    }

    private static void run(Map<String, String> args) throws IOException {
        Map<String, String> kafka = new TreeMap<>(args);
        String topic = option(kafka, "topic", "images");
        int partitions = intOption(kafka, "partitions", 1);
        String folder = option(kafka, "folder", null);
        String fashion = option(kafka, "fashion-mnist", null);
        int limit = intOption(kafka, "limit", Integer.MAX_VALUE);
        if ((folder == null) == (fashion == null) || !kafka.containsKey("bootstrap.servers")) {
            throw new ConfigException("folder", "Invalid arguments " + args.keySet()
                    + "; expected bootstrap.servers=HOST:PORT and exactly one of folder=DIR or"
                    + " fashion-mnist=DIR|default, optionally topic=NAME, partitions=N and limit=N");
        }
        Map<String, Object> clients = new TreeMap<>(kafka);
        try (Admin admin = Admin.create(clients)) {
            Topics.create(admin, List.of(topic), partitions, Map.of());
        }
        long begin = System.nanoTime();
        int sent;
        try (ImageTopicLoader loader = new ImageTopicLoader(clients, topic)) {
            if (folder != null) {
                sent = loader.sendFolder(Path.of(folder));
            } else {
                LabelledImages test = (fashion.equals("default") ? FashionMnist.load()
                        : FashionMnist.load(Path.of(fashion))).test();
                sent = loader.sendLabelled(test, limit, "fmnist-test-");
            }
        }
        System.out.printf(Locale.ROOT, "Sent %d images to %s in %.1f s%n", sent, topic,
                (System.nanoTime() - begin) / 1e9);
    }

    private static int intOption(Map<String, String> args, String name, int fallback) {
        String value = option(args, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below, naming the option.
        }
        throw ConfigException.invalidValue(name, value, "an integer >= 1");
    }

    private static String option(Map<String, String> args, String name, String fallback) {
        String value = args.remove(name);
        return value != null ? value : fallback;
    }
}
