package org.discardsearch.plugin.server;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every {@code ./discard-search serve} and {@code serving-bench} command has: {@code --help}, and where to find the build (set by the
 * script, so users rarely give them).
 */
final class DistributionOptions {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--dist", paramLabel = "DIR", defaultValue = "plugin/target/dist",
            description = "The plugin's distribution, laid out like a DJL Serving home (default: ${DEFAULT-VALUE}).")
    Path dist;

    @Option(names = "--classpath-file", paramLabel = "FILE", defaultValue = "plugin/target/server.classpath",
            description = "The file that holds DJL Serving's class path (default: ${DEFAULT-VALUE}).")
    Path classpathFile;

    /** A server builder over this distribution. */
    DjlServing.Builder serverBuilder() {
        return DjlServing.builder().setDist(dist).setClasspathFile(classpathFile);
    }
}
