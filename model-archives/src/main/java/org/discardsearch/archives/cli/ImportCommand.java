package org.discardsearch.archives.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.discardsearch.archives.torchvision.TorchvisionImportException;
import org.discardsearch.archives.torchvision.TorchvisionImporter;
import org.discardsearch.config.Architecture;

/**
 * {@code import}: turns a TorchScript file of a torchvision ResNet-18, ResNet-50 or MobileNetV2 into a DJL Serving
 * archive with discard search configured. Run it with
 * {@code mvn -q -pl model-archives exec:java -Dexec.mainClass=org.discardsearch.archives.cli.ImportCommand
 * -Dexec.args="--torchscript model.pt --arch resnet50 --synset synset.txt --out archives/mine"}.
 *
 * <p>Exit status: 0 when the archive is written, 2 for a bad command line (the message names the option), 1 when
 * the file cannot be read or does not fit the architecture (the message lists every parameter or layer at
 * fault).
 */
public final class ImportCommand {

    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();
    private static final List<Architecture> TORCHVISION =
            List.of(Architecture.RESNET18, Architecture.RESNET50, Architecture.MOBILENETV2);

    static {
        OPTIONS.put("--torchscript", "FILE     the model, saved by torch.jit.script(model).save(FILE) or by"
                + " torch.jit.trace (required)");
        OPTIONS.put("--arch", "NAME     resnet18, resnet50 or mobilenetv2 (required)");
        OPTIONS.put("--synset", "FILE     class names, one a line, as many as the model has classes (required)");
        OPTIONS.put("--out", "DIR      the archive folder to write; must not hold an archive yet (required)");
        OPTIONS.put("--name", "NAME     the model name, prefix of its parameter file (default: the file's name)");
    }

    private ImportCommand() {}

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
     * @param out where the result line and the help go
     * @param err where error messages go
     * @return the exit status: 0, 1 (failure) or 2 (bad command line)
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path torchScript;
        Architecture architecture;
        Path synset;
        Path output;
        String name;
        Options values = new Options("import --torchscript FILE --arch NAME --synset FILE --out DIR",
                "Writes a DJL Serving archive of a torchvision classifier with discard search configured.", OPTIONS,
                Set.of());
        try {
            if (!values.parse(args)) {
                out.println(values.usage());
                return 0;
            }
            torchScript = existingFile(values, "--torchscript");
            architecture = architecture(values.required("--arch"));
            synset = existingFile(values, "--synset");
            output = Path.of(values.required("--out"));
            name = values.string("--name", defaultName(torchScript));
        } catch (Options.UsageException e) {
            err.println("import: " + e.getMessage());
            err.println("Run with --help for the options.");
            return 2;
        }
        try {
            TorchvisionImporter.Result result =
                    TorchvisionImporter.importArchive(torchScript, architecture, synset, output, name);
            out.printf(Locale.ROOT, "Wrote archive %s (%s, %d classes, %d tensors; logits agree with the TorchScript"
                            + " module to a relative error of %.1e)%n", result.archive(), architecture.configName(),
                    result.classes(), result.tensors(), result.probeError());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("import: " + e.getMessage());
            return 2;
        } catch (TorchvisionImportException e) {
            err.println("import: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("import: I/O error: " + e.getMessage());
            return 1;
        }
    }

    private static Path existingFile(Options values, String option) {
        Path file = Path.of(values.required(option));
        if (!Files.isRegularFile(file)) {
            throw new Options.UsageException("invalid value '" + file + "' for " + option + ": no such file");
        }
        return file;
    }

    private static Architecture architecture(String value) {
        for (Architecture architecture : TORCHVISION) {
            if (architecture.configName().equals(value)) {
                return architecture;
            }
        }
        throw new Options.UsageException("invalid value '" + value + "' for --arch; allowed: resnet18, resnet50, mobilenetv2");
    }

    /** The file's name without its extension, made file-name safe. */
    private static String defaultName(Path torchScript) {
        String file = torchScript.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = (dot > 0 ? file.substring(0, dot) : file).replaceAll("[^A-Za-z0-9_.-]", "_");
        return stem.matches("[A-Za-z0-9].*") ? stem : "model" + stem;
    }
}
