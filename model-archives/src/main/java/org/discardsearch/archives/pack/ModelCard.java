package org.discardsearch.archives.pack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.discardsearch.archives.data.DatasetSplit;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.evaluate.EvaluationReport;
import org.discardsearch.archives.evaluate.Method;
import org.discardsearch.archives.evaluate.MethodResult;
import org.discardsearch.archives.evaluate.ReportTables;
import org.discardsearch.archives.evaluate.SelectionReport;
import org.discardsearch.archives.train.AttentionTraining;
import org.discardsearch.config.DiscardSearchKeys;
import org.discardsearch.config.ModelKeys;

/**
 * Renders an archive's model card: what the model is, the data and split, how it was trained, its configuration
 * and which split chose each value, the accuracy table of the test split, and the commands that reproduce it.
 */
final class ModelCard {

    private ModelCard() {}

    static String render(ArchivePackager.Contents contents, Map<String, String> properties) {
        Map<String, String> meta = contents.backbone().metadata();
        EvaluationReport calibration = contents.calibration();
        EvaluationReport test = contents.test();
        SelectionReport selection = calibration.selection();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(contents.name()).append("\n\n");
        md.append(String.format(Locale.ROOT, "A DJL Serving model archive of discard search on Fashion-MNIST: the"
                + " %s backbone (width %s, seed %s) trained in Java with DJL on the 55,000 train images, its attention"
                + " aggregator trained on the calibration split, and the search configuration that the calibration split"
                + " chose. Discard search is on by default; `discardSearch.enabled=false` in `serving.properties`"
                + " serves the plain model, and a request may ask for budget 1 (vanilla) up to"
                + " `discardSearch.maxBudget`.%n%n", meta.getOrDefault("architecture", "?"), meta.getOrDefault("width", "?"),
                meta.getOrDefault("seed", "?")));
        md.append("Load it with a plain DJL `Criteria` (as DJL Serving does):\n\n```java\n"
                + "Criteria<ImageRequest, DiscardResult> criteria = Criteria.builder()\n"
                + "        .setTypes(ImageRequest.class, DiscardResult.class)\n"
                + "        .optModelPath(Paths.get(\"model-archives/archives/" + contents.name() + "\"))\n"
                + "        .optTranslatorFactory(new DeferredTranslatorFactory())\n"
                + "        .build();\n```\n\n"
                + "For DJL Serving, put the folder (or `" + contents.name() + ".zip`, written beside it by the packaging"
                + " command) into the model store and `discard-search-translators-<version>.jar` into `deps/`.\n"
                + "Input: a PNG or JPEG image of a garment; it is converted to grey, resized to 56x56 (bilinear) and"
                + " normalised with the train images' mean and std. Output: the top classes of `synset.txt`.\n\n");

        md.append("## Data and split\n\n");
        md.append("- Fashion-MNIST (MIT licence) as installed by the Debian package `").append(FashionMnist.DEBIAN_PACKAGE)
                .append("` in `").append(FashionMnist.DEFAULT_DIRECTORY).append("`; SHA-256 of the files read:\n");
        meta.forEach((key, value) -> {
            if (key.startsWith("dataset.") && key.endsWith(".sha256")) {
                md.append("  - `").append(key, "dataset.".length(), key.length() - ".sha256".length())
                        .append("` ").append(value).append('\n');
            }
        });
        md.append(String.format(Locale.ROOT, "- Split (seed %d, stratified): 55,000 train images train the backbone;"
                + " 5,000 calibration images choose everything that is tuned (attention training on 4,000 of them,"
                + " its learning rate, epoch and the aggregation choice on the other 1,000; phase sensitivity, layers,"
                + " order, budget and early-exit thresholds on all 5,000); the 10,000 test images are read once, for"
                + " the table below, and never tuned on.%n%n", DatasetSplit.DEFAULT_SEED));

        md.append("## Training\n\n");
        md.append(String.format(Locale.ROOT, "- Backbone: %s epochs, batch %s, %s, learning rate %s, %s; %s;"
                + " %s. Calibration accuracy %s, test accuracy %s (read once), %s s on %s thread(s) (%s).%n",
                meta.get("epochs"), meta.get("batchSize"), meta.get("optimizer"), meta.get("learningRate"),
                meta.get("schedule"), meta.get("augmentation"), "input " + meta.get("image.size") + "x"
                        + meta.get("image.size") + ", mean " + meta.get("image.mean") + ", std " + meta.get("image.std"),
                meta.get("calibrationAccuracy"), meta.get("testAccuracy"), meta.get("wallSeconds"),
                meta.get("threads"), meta.get("engine")));
        if (contents.attention() != null && !calibration.attention().isEmpty()) {
            calibration.attention().stream().filter(a -> a.layers().equals(selection.layers())).findFirst()
                    .ifPresent(a -> md.append(String.format(Locale.ROOT, "- Attention aggregator (layers %s,"
                            + " folder `%s`): AdamW, cosine schedule, frozen backbone and head, on fixed candidate sets"
                            + " of a seeded random-order search; learning rate %s and epoch %d kept on the held-out"
                            + " calibration images: accuracy %.2f%% there, against %.2f%% for the plain mean.%n",
                            a.layers(), contents.attention().getFileName(), a.learningRate(), a.epoch(),
                            100 * a.heldOutAccuracy(), 100 * a.plainMeanHeldOutAccuracy())));
        } else {
            md.append("- Attention aggregator: untrained (the plain mean); the archive's aggregation does not use it.\n");
        }
        md.append('\n');

        md.append("## Configuration\n\n`serving.properties`; the `discardSearch.*` values were chosen on the calibration"
                + " split:\n\n");
        selection.notes().forEach(note -> md.append("- ").append(note).append('\n'));
        md.append("\n| key | value | default when absent | meaning |\n|---|---|---|---|\n");
        properties.forEach((key, value) -> {
            String doc = "";
            String def = "";
            for (var k : java.util.stream.Stream.concat(DiscardSearchKeys.KEYS.keys().stream(),
                    ModelKeys.KEYS.keys().stream()).toList()) {
                if (k.name().equals(key)) {
                    doc = k.doc();
                    def = k.describeDefault();
                }
            }
            md.append("| `").append(key).append("` | ").append(value).append(" | ").append(def).append(" | ")
                    .append(doc).append(" |\n");
        });
        md.append(String.format(Locale.ROOT, "%nThe calibrated early-exit threshold of this configuration is %s (set"
                + " `discardSearch.earlyExitEntropy` to use it; it is off here so that the default answer is the"
                + " chosen search).%n%n", selection.earlyExitEntropy()));

        if (test != null) {
            md.append(String.format(Locale.ROOT, "## Accuracy on the test split (%d images)%n%n", test.images()));
            md.append("Gain over the plain model with a paired 95% interval, exact McNemar p-value, images the method"
                    + " fixed / broke, network calls per image and wall time per image (batch 1, " + test.threads()
                    + " thread(s), " + test.timingImages() + " images, measured while other jobs shared the"
                    + " 2-core machine).\n\n");
            MethodResult chosen = test.chosen();
            md.append(String.format(Locale.ROOT, "The configuration chosen on calibration, read once on the test split:"
                    + " **%s**, %.2f%% against %.2f%% for the plain model (%+.2f pt, 95%% CI [%+.2f, %+.2f], exact"
                    + " McNemar p = %s).%n%n", chosen.name(), 100 * chosen.accuracy(),
                    100 * (chosen.accuracy() - chosen.gain()), 100 * chosen.gain(), 100 * chosen.gainLower(),
                    100 * chosen.gainUpper(), ReportTables.pValue(chosen.mcNemarP())));
            md.append("| method | top-1 | gain over vanilla [95% CI] | McNemar p | flipped right / wrong | calls/img |"
                    + " ms/img |\n|---|---|---|---|---|---|---|\n");
            for (MethodResult r : headline(test)) {
                String prefix = r.name().equals(chosen.name()) ? "chosen: "
                        : test.officialDefault() != null && r.name().equals(test.officialDefault().name())
                                ? "official default: " : "";
                md.append(ReportTables.row(r, prefix));
            }
            md.append('\n');
        }

        md.append("## Reproduce\n\n```bash\n");
        contents.commands().forEach(c -> md.append(c).append('\n'));
        md.append("```\n\nThe attention parameters (`").append(AttentionTraining.PARAMS_FILE).append("`) and this"
                + " archive's parameters are bit-identical when re-run with one PyTorch thread.\n");
        return md.toString();
    }

    /** The rows a reader compares: baselines, the chosen configuration, the official default and its neighbours. */
    static List<MethodResult> headline(EvaluationReport test) {
        SelectionReport s = test.selection();
        String chosenLayers = String.join(",", s.layers().stream().map(String::valueOf).toList());
        List<MethodResult> rows = new ArrayList<>();
        Predicate<MethodResult> baseline = r -> r.family() == Method.Family.VANILLA
                || r.family() == Method.Family.FLIP_TTA
                || (r.family() == Method.Family.SHIFT_TTA && (r.views() == 2 || r.views() == 5 || r.views() == 9));
        test.methods().stream().filter(baseline).forEach(rows::add);
        add(rows, test.chosen());
        for (MethodResult r : test.methods()) {
            boolean chosenFamily = r.family() == Method.Family.SEARCH && r.layers().equals(chosenLayers)
                    && r.order().equals(s.order()) && r.aggregation().equals(s.aggregation())
                    && r.budget() == s.budget();
            if (chosenFamily) {
                add(rows, r);
            }
        }
        for (MethodResult r : test.methods()) {
            boolean paperDefault = r.family() == Method.Family.SEARCH && r.layers().equals("1,2,3")
                    && r.order().equals("paper") && !r.flip() && r.earlyExitEntropy() == 0
                    && (r.budget() == 4 || r.budget() == 16 || r.budget() == 30);
            if (paperDefault) {
                add(rows, r);
            }
        }
        return rows;
    }

    private static void add(List<MethodResult> rows, MethodResult r) {
        if (rows.stream().noneMatch(x -> x.name().equals(r.name()))) {
            rows.add(r);
        }
    }
}
