package org.discardsearch.archives.train;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.discardsearch.network.SegmentedNetwork;

/**
 * A trained network with the report of its run. The network's parameters are owned by the manager given to
 * {@link BackboneTrainer#train}; they are freed when it closes.
 */
public final class TrainedBackbone {

    /** Name of the parameters file written by {@link #save(Path)}: {@link SegmentedNetwork#saveParameters}. */
    public static final String PARAMS_FILE = "backbone.params";

    /** Name of the metadata file written by {@link #save(Path)}: {@link TrainingReport#toProperties()}. */
    public static final String METADATA_FILE = "backbone.properties";

    private final SegmentedNetwork network;
    private final TrainingReport report;

    TrainedBackbone(SegmentedNetwork network, TrainingReport report) {
        this.network = Objects.requireNonNull(network, "network");
        this.report = Objects.requireNonNull(report, "report");
    }

    /**
     * Returns the trained network, in inference use from now on.
     *
     * @return the network; its parameters belong to the manager the trainer was given
     */
    public SegmentedNetwork network() {
        return network;
    }

    /**
     * Returns the report of the run.
     *
     * @return the report
     */
    public TrainingReport report() {
        return report;
    }

    /**
     * Writes {@value #PARAMS_FILE} and {@value #METADATA_FILE} into a folder, creating it if needed. A network
     * built by {@code report().settings().architecture().build(10, width)} and initialised for input
     * (1, 1, 56, 56) loads the parameters file with {@code loadParameters}.
     *
     * @param directory the folder
     * @throws IOException if a file cannot be written
     */
    public void save(Path directory) throws IOException {
        Files.createDirectories(directory);
        try (DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(Files.newOutputStream(directory.resolve(PARAMS_FILE))))) {
            network.saveParameters(out);
        }
        report.write(directory.resolve(METADATA_FILE));
    }
}
