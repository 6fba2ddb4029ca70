package org.discardsearch.result;

/**
 * One class of a result, with its probability.
 *
 * @param classIndex the class's index in the synset
 * @param className the class's name
 * @param probability the softmax probability of the aggregated logits, in [0, 1]
 */
public record Prediction(int classIndex, String className, double probability) {

    /** Validates the values. */
    public Prediction {
        if (classIndex < 0 || className == null || !(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("Invalid prediction: class " + classIndex + " '" + className
                    + "' probability " + probability);
        }
    }
}
