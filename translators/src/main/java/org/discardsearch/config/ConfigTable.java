package org.discardsearch.config;

import java.util.List;

/**
 * Renders the key tables from the declarations, so docs/configuration.md never drifts from the code: a test
 * compares its tables with {@link #markdown()}.
 */
public final class ConfigTable {

    private ConfigTable() {
    }

    /**
     * Renders every key set of the core: {@link DiscardSearchKeys#KEYS}, then {@link ModelKeys#KEYS}.
     *
     * @return Markdown: for each set, a level-3 heading and a table
     */
    public static String markdown() {
        return markdown(List.of(DiscardSearchKeys.KEYS, ModelKeys.KEYS));
    }

    /**
     * Renders key sets as Markdown tables with the columns key, type, default, allowed and description, one
     * row per key in declaration order. Pipes in the text are escaped.
     *
     * @param sets the key sets
     * @return Markdown: for each set, a level-3 heading and a table, separated by blank lines, ending with a
     *     newline
     */
    public static String markdown(List<ConfigKeySet> sets) {
        StringBuilder out = new StringBuilder();
        for (ConfigKeySet set : sets) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append("### ").append(set.title()).append("\n\n");
            out.append("| key | type | default | allowed | description |\n");
            out.append("|---|---|---|---|---|\n");
            for (ConfigKey<?> key : set.keys()) {
                out.append("| `").append(key.name()).append("` | ")
                        .append(cell(key.type().name())).append(" | ")
                        .append(cell(key.describeDefault())).append(" | ")
                        .append(cell(key.allowed())).append(" | ")
                        .append(cell(key.doc())).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /**
     * Prints {@link #markdown()} to standard output, for pasting into docs/configuration.md.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
