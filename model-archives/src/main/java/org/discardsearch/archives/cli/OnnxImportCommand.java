package org.discardsearch.archives.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.discardsearch.archives.onnx.LayerListing;
import org.discardsearch.archives.onnx.OnnxArchiveWriter;
import org.discardsearch.onnx.OnnxModel;
import org.discardsearch.onnx.OnnxModelReader;
import org.discardsearch.onnx.SubsamplingLayerFinder;

/**
 * {@code import-onnx}: reads a convolutional classifier exported to ONNX and writes a DJL Serving archive for it
 * ({@link OnnxArchiveWriter}), or with {@code --list-layers} prints the subsampling layers discard search finds in
 * it. Run it with {@code mvn -q -pl model-archives exec:java
 * -Dexec.mainClass=org.discardsearch.archives.cli.OnnxImportCommand -Dexec.args="--onnx model.onnx --synset
 * synset.txt --out DIR"}.
 *
 * <p>Exit status: 0 when the layers are printed or the archive written, 2 for a bad command line (the message
 * names the option), 1 when the file cannot be used (the message names the file and the problem).
 */
public final class OnnxImportCommand {

    private static final String NAME = "import-onnx";
    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("--onnx", "FILE     the model, saved by torch.onnx.export with a dynamic batch dimension"
                + " (required)");
        OPTIONS.put("--image-size", "N        the input side the resolutions are measured at (default: the"
                + " file's, else " + SubsamplingLayerFinder.DEFAULT_SIDE + ")");
        OPTIONS.put("--synset", "FILE     the class names, one a line in class-index order (to write an archive)");
        OPTIONS.put("--out", "DIR      the archive folder to write; must not hold an archive yet");
        OPTIONS.put("--name", "N        the model's name, the parameter file's prefix (default: the folder's)");
        OPTIONS.put("--list-layers", "         print the subsampling layers and exit");
    }

    private OnnxImportCommand() {}

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command.
     *
     * @param args the command line
     * @param out where the table and the help go
     * @param err where error messages go
     * @return the exit status: 0, 1 (failure) or 2 (bad command line)
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options values = new Options(NAME + " --onnx FILE (--synset FILE --out DIR | --list-layers)",
                "Writes a DJL Serving archive for an ONNX classifier, or prints the subsampling layers discard"
                        + " search finds in it.", OPTIONS, Set.of(),
                Set.of("--list-layers"));
        try {
            if (!values.parse(args)) {
                out.println(values.usage());
                return 0;
            }
            Path file = Path.of(values.required("--onnx"));
            if (!Files.isRegularFile(file)) {
                throw new Options.UsageException("invalid value '" + file + "' for --onnx: no such file");
            }
            if (values.has("--list-layers")) {
                OnnxModel model = OnnxModelReader.read(file);
                int side = values.integer("--image-size", SubsamplingLayerFinder.defaultSide(model), 1);
                out.print(LayerListing.render(SubsamplingLayerFinder.find(model, side)));
                return 0;
            }
            Path synset = Path.of(values.required("--synset"));
            Path output = Path.of(values.required("--out"));
            String name = values.has("--name") ? values.required("--name") : output.getFileName().toString();
            OnnxArchiveWriter.write(file, Files.readAllLines(synset, StandardCharsets.UTF_8).stream()
                    .map(String::trim).filter(line -> !line.isEmpty()).toList(), output, name);
            out.println("Wrote " + output);
            return 0;
        } catch (IOException | RuntimeException e) {
            return Failures.report(NAME, e, err);
        }
    }
}
