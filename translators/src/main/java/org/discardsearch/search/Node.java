package org.discardsearch.search;

import java.util.Objects;
import org.discardsearch.error.ErrorCategory;

/**
 * One state of one image's search: the root (not evaluated, the start of the frontier) or an evaluated
 * candidate with its logits.
 *
 * <p>The {@link #id()} is unique within one image's {@link SearchTree}: the root is {@value #ROOT_ID},
 * candidates are numbered 1, 2, … in the order they were added. An {@link Expander} keys the tensors it
 * caches for a node by (image, id). The score is the node's current search priority (lower is expanded
 * sooner); only the tree changes it, so a node is read-only to everything outside this package.
 */
public final class Node {

    /** The id of the root node of every tree. */
    public static final int ROOT_ID = 0;

    private final int id;
    private final State state;
    private final Displacement displacement;
    private final float[] logits;
    private double score;

    /**
     * Creates a node with score 0.
     *
     * @param id the id, unique within the image's tree
     * @param state the node's state
     * @param displacement the state's displacement
     * @param logits the logits computed for the state, copied; null for the root only
     */
    Node(int id, State state, Displacement displacement, float[] logits) {
        this.id = id;
        this.state = Objects.requireNonNull(state, "state");
        this.displacement = Objects.requireNonNull(displacement, "displacement");
        this.logits = logits == null ? null : logits.clone();
    }

    /**
     * Returns the node's id, unique within its image's tree.
     *
     * @return {@value #ROOT_ID} for the root, 1, 2, … for candidates in insertion order
     */
    public int id() {
        return id;
    }

    /**
     * Returns the node's state.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    /**
     * Returns the cumulative displacement of the node's state.
     *
     * @return the displacement
     */
    public Displacement displacement() {
        return displacement;
    }

    /**
     * Tells whether this is the root, which has no logits and is never a candidate.
     *
     * @return true for the root
     */
    public boolean isRoot() {
        return id == ROOT_ID;
    }

    /**
     * Returns a copy of the logits the network produced for this state.
     *
     * @return the logits, one per class
     * @throws SearchException (INTERNAL) if this is the root, which is not evaluated
     */
    public float[] logits() {
        return logitsView().clone();
    }

    /**
     * Returns the node's current score (lower = expanded sooner). New nodes score 0.
     *
     * @return the score last written by the tree
     */
    public double score() {
        return score;
    }

    /** Returns the logits without copying them; for this package's read-only use. */
    float[] logitsView() {
        if (logits == null) {
            throw new SearchException(ErrorCategory.INTERNAL,
                    "Logits requested of the root node: id = '" + id + "'; only candidates are evaluated");
        }
        return logits;
    }

    /** Sets the node's score; only the tree calls this. */
    void setScore(double score) {
        this.score = score;
    }

    @Override
    public String toString() {
        return "Node[id=" + id + ", state=" + state.phases() + ", score=" + score + "]";
    }
}
