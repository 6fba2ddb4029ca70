package org.discardsearch.kafka;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.discardsearch.error.ConfigException;

/**
 * The group's A/B report: {@code ReportCommand [--config FILE] [key=value ...] [from=TIME] [to=TIME]} reads the
 * result and dead-letter topics that the consumers of a group write to and prints the same A/B report as a
 * consumer does, over every record of every consumer of the group, each source record counted once
 * ({@link GroupReport}). A consumer's own report covers only the records of its process since it started.
 *
 * <p>The settings are the consumer's, so the same file serves both; {@code discard.archive} is not needed.
 * {@code from} and {@code to} are ISO-8601 instants, e.g. {@code 2026-12-02T13:00:00Z}, compared with the output
 * records' timestamps; by default everything the topics hold when the command starts. Exits 2 on a
 * configuration error, 1 when the topics cannot be read.
 */
public final class ReportCommand {

    private ReportCommand() {
    }

    /**
     * Prints the report.
     *
     * @param args {@code --config FILE}, {@code key=value} overrides, {@code from=TIME}, {@code to=TIME}
     */
    public static void main(String[] args) {
        CommandRunner.run("Report", args, ReportCommand::run);
    }

    private static void run(List<String> args) throws IOException {
        Map<String, String> settings = new TreeMap<>(ConfigSources.fromArgs(args));
        Instant from = instant(settings.remove("from"), "from");
        Instant to = instant(settings.remove("to"), "to");
        GroupReport report = read(settings, from, to);
        ReportMessage message = report.message(System.currentTimeMillis());
        System.out.printf("Read %s and %s, %s to %s: %d results and %d dead letters; %d duplicates counted once,"
                + " %d unreadable records left out%n", ConsumerKeys.RESULT_TOPIC.require(settings),
                ConsumerKeys.DEAD_LETTER_TOPIC.require(settings), from == null ? "from the beginning"
                : "from " + from, to == null ? "the end" : to, message.results(), message.deadLetters(),
                report.duplicates(), report.unreadable());
        System.out.println(message.text());
    }

    /**
     * Reads the result and dead-letter topics into a group report.
     *
     * @param settings the consumer's settings, without {@code from} and {@code to}
     * @param from the earliest output record time, or null for the beginning
     * @param to the end of the range (exclusive), or null for everything the topics hold now
     * @return the report
     * @throws ConfigException naming a wrong key
     */
    static GroupReport read(Map<String, String> settings, Instant from, Instant to) {
        Map<String, Object> reader = ScoringConsumerConfig.readerProperties(settings);
        GroupReport report = new GroupReport();
        TopicReader.read(reader, ConsumerKeys.RESULT_TOPIC.require(settings), from, to, report::addResult);
        TopicReader.read(reader, ConsumerKeys.DEAD_LETTER_TOPIC.require(settings), from, to, report::addDeadLetter);
        return report;
    }

    private static Instant instant(String text, String option) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw ConfigException.invalidValue(option, text, "an ISO-8601 instant such as 2026-12-02T13:00:00Z");
        }
    }
}
